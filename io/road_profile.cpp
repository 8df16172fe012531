#include "io/road_profile.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <limits>

#include <yaml-cpp/yaml.h>

#include "io/atomic_output.hpp"
#include "io/error.hpp"

namespace lc::io {

namespace {

constexpr double kmh_per_mps = 3.6;

// A speed as the road network stores it (float): one beyond float's range (a unit factor or a
// speed field of 1e300) is clamped to the largest float, a road crossed in no time.
float stored_speed(double mps) {
  return static_cast<float>(std::min(mps, static_cast<double>(std::numeric_limits<float>::max())));
}

// Lower-case (ASCII only, so UTF-8 text is left alone) without surrounding blanks.
std::string norm(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  std::string out = s.substr(first, last - first + 1);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Reads the settings file, naming the file and line of whatever is wrong.
class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {}

  YAML::Node load() const {
    YAML::Node root;
    try {
      register_input(path_);
      root = YAML::LoadFile(path_);
    } catch (const YAML::BadFile&) {
      throw InputError(path_ + ": cannot open the road speed settings");
    } catch (const YAML::Exception& e) {
      throw InputError(path_ + ", line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    if (!root.IsMap()) throw InputError(path_ + ": expected a map of road speed settings");
    return root;
  }

  std::string at(const YAML::Node& node) const {
    if (node.Mark().is_null()) return path_;
    return path_ + ", line " + std::to_string(node.Mark().line + 1);
  }

  // Every key of `map` must be one of `known`.
  void only(const YAML::Node& map, const std::string& name, std::initializer_list<const char*> known) const {
    for (const auto& entry : map) {
      const std::string key = entry.first.Scalar();
      if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; })) {
        std::string list;
        for (const char* k : known) list += std::string(list.empty() ? "" : ", ") + k;
        throw InputError(at(entry.first) + ": unknown setting '" + join(name, key) + "' (expected one of: " +
                         list + ")");
      }
    }
  }

  YAML::Node required(const YAML::Node& parent, const std::string& parent_name, const char* key) const {
    const YAML::Node n = parent[key];
    if (!n) throw InputError(at(parent) + ": missing setting '" + join(parent_name, key) + "'");
    return n;
  }

  YAML::Node map(const YAML::Node& parent, const std::string& parent_name, const char* key) const {
    const YAML::Node n = required(parent, parent_name, key);
    if (!n.IsMap()) throw InputError(at(n) + ": '" + join(parent_name, key) + "' must be a map");
    return n;
  }

  // A positive number; with `at_most_one`, also no more than 1.
  double number(const YAML::Node& n, const std::string& name, const char* unit, bool at_most_one = false) const {
    double v = -1;
    if (n.IsScalar()) {
      try {
        v = n.as<double>();
      } catch (const YAML::Exception&) {
        v = -1;
      }
    }
    if (!std::isfinite(v) || v <= 0 || (at_most_one && v > 1)) {
      throw InputError(at(n) + ": '" + name + "' must be a " + (at_most_one ? "number above 0 and at most 1" :
                       "positive number") + (*unit ? std::string(" (") + unit + ")" : std::string()) +
                       (n.IsScalar() ? ", not '" + n.Scalar() + "'" : std::string()));
    }
    return v;
  }

  double number(const YAML::Node& parent, const std::string& parent_name, const char* key, const char* unit,
                bool at_most_one = false) const {
    return number(required(parent, parent_name, key), join(parent_name, key), unit, at_most_one);
  }

  std::set<std::string> list(const YAML::Node& parent, const std::string& parent_name, const char* key) const {
    const YAML::Node n = required(parent, parent_name, key);
    const std::string name = join(parent_name, key);
    if (!n.IsSequence()) throw InputError(at(n) + ": '" + name + "' must be a list of values");
    std::set<std::string> out;
    for (const auto& v : n) {
      if (v.IsNull()) {
        out.insert("");
        continue;
      }
      if (!v.IsScalar()) throw InputError(at(v) + ": the entries of '" + name + "' must be single values");
      out.insert(norm(v.Scalar()));
    }
    return out;
  }

  std::map<std::string, double> numbers(const YAML::Node& parent, const std::string& parent_name, const char* key,
                                        const char* unit) const {
    const YAML::Node n = map(parent, parent_name, key);
    const std::string name = join(parent_name, key);
    std::map<std::string, double> out;
    for (const auto& entry : n) {
      if (!entry.first.IsScalar() && !entry.first.IsNull()) {
        throw InputError(at(entry.first) + ": the keys of '" + name + "' must be single values");
      }
      const std::string k = entry.first.IsNull() ? std::string() : norm(entry.first.Scalar());
      out[k] = number(entry.second, join(name, k), unit);
    }
    return out;
  }

  // Throws when a value is in both sets.
  void disjoint(const std::set<std::string>& a, const std::set<std::string>& b, const YAML::Node& where,
                const std::string& a_name, const std::string& b_name) const {
    for (const std::string& v : a) {
      if (b.count(v)) {
        throw InputError(at(where) + ": '" + v + "' is in both '" + a_name + "' and '" + b_name + "'");
      }
    }
  }

 private:
  static std::string join(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
  }
  const std::string& path_;
};

}  // namespace

RoadProfile RoadProfile::load(const std::string& path) {
  const Reader r(path);
  const YAML::Node root = r.load();
  r.only(root, "", {"not_built", "walk", "drive", "oneway", "field_oneway", "maxspeed_units"});

  RoadProfile p;
  p.source_ = path;
  p.not_built_ = r.list(root, "", "not_built");

  const YAML::Node walk = r.map(root, "", "walk");
  r.only(walk, "walk", {"speed_mps", "highway", "excluded_highway", "speed_factor", "allowed", "denied"});
  p.walk_speed_mps_ = r.number(walk, "walk", "speed_mps", "m/s");
  p.walk_highway_ = r.list(walk, "walk", "highway");
  p.walk_excluded_ = r.list(walk, "walk", "excluded_highway");
  r.disjoint(p.walk_highway_, p.walk_excluded_, walk["excluded_highway"], "walk.highway", "walk.excluded_highway");
  p.walk_speed_factor_ = r.numbers(walk, "walk", "speed_factor", "");
  p.walk_allowed_ = r.list(walk, "walk", "allowed");
  p.walk_denied_ = r.list(walk, "walk", "denied");
  r.disjoint(p.walk_allowed_, p.walk_denied_, walk["denied"], "walk.allowed", "walk.denied");

  const YAML::Node drive = r.map(root, "", "drive");
  r.only(drive, "drive", {"highway_kmh", "default_kmh", "maxspeed_factor", "field_speed_factor", "allowed", "denied",
                          "implied_oneway_highway", "oneway_junction"});
  p.drive_kmh_ = r.numbers(drive, "drive", "highway_kmh", "km/h");
  p.default_kmh_ = r.number(drive, "drive", "default_kmh", "km/h");
  p.maxspeed_factor_ = r.number(drive, "drive", "maxspeed_factor", "", true);
  p.field_speed_factor_ = r.number(drive, "drive", "field_speed_factor", "");
  p.drive_allowed_ = r.list(drive, "drive", "allowed");
  p.drive_denied_ = r.list(drive, "drive", "denied");
  r.disjoint(p.drive_allowed_, p.drive_denied_, drive["denied"], "drive.allowed", "drive.denied");
  p.implied_oneway_highway_ = r.list(drive, "drive", "implied_oneway_highway");
  p.oneway_junction_ = r.list(drive, "drive", "oneway_junction");

  const auto oneway_table = [&](const char* key) {
    const YAML::Node n = r.map(root, "", key);
    const std::string name = key;
    r.only(n, name, {"forward", "backward", "both"});
    Oneway t;
    t.forward = r.list(n, name, "forward");
    t.backward = r.list(n, name, "backward");
    t.both = r.list(n, name, "both");
    r.disjoint(t.forward, t.backward, n["backward"], name + ".forward", name + ".backward");
    r.disjoint(t.forward, t.both, n["both"], name + ".forward", name + ".both");
    r.disjoint(t.backward, t.both, n["both"], name + ".backward", name + ".both");
    return t;
  };
  p.osm_oneway_ = oneway_table("oneway");
  p.field_oneway_ = oneway_table("field_oneway");

  p.maxspeed_units_ = r.numbers(root, "", "maxspeed_units", "km/h");
  return p;
}

const std::vector<std::string>& RoadProfile::keys() {
  static const std::vector<std::string> k{"highway", "foot",   "access",      "motor_vehicle", "motorcar",
                                          "vehicle", "oneway", "oneway:foot", "junction",      "maxspeed"};
  return k;
}

void RoadProfile::set_walk_speed_mps(double v) {
  if (!std::isfinite(v) || v <= 0) {
    throw UsageError("the walking speed must be a positive number of metres per second, not " + std::to_string(v));
  }
  walk_speed_mps_ = v;
}

bool RoadProfile::apply_oneway(const Oneway& table, const std::string& value, RoadUse& use) {
  if (table.forward.count(value)) {
    use.forward = true;
    use.backward = false;
  } else if (table.backward.count(value)) {
    use.forward = false;
    use.backward = true;
  } else if (table.both.count(value)) {
    use.forward = use.backward = true;
  } else {
    return false;
  }
  return true;
}

bool RoadProfile::known_oneway(const std::string& value) const {
  RoadUse ignored;
  return apply_oneway(field_oneway_, norm(value), ignored);
}

bool RoadProfile::known_class(const std::string& cls) const {
  return not_built_.count(cls) || walk_highway_.count(cls) || walk_excluded_.count(cls) ||
         walk_speed_factor_.count(cls) || drive_kmh_.count(cls) || implied_oneway_highway_.count(cls);
}

double RoadProfile::walk_factor(const std::string& cls) const {
  const auto it = walk_speed_factor_.find(cls);
  return it == walk_speed_factor_.end() ? 1.0 : it->second;
}

RoadUse RoadProfile::walk_use(const std::string& cls) const {
  RoadUse use;
  use.usable = use.forward = use.backward = true;
  use.speed_mps = stored_speed(walk_speed_mps_ * walk_factor(cls));
  return use;
}

std::optional<double> RoadProfile::maxspeed_kmh(const std::string& value) const {
  const std::string s = norm(value);
  // A plain decimal number (no sign, exponent or hex), then an optional unit.
  std::size_t i = 0, digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  const double v = std::strtod(s.substr(0, i).c_str(), nullptr);
  const auto unit = maxspeed_units_.find(norm(s.substr(i)));
  if (!(v > 0) || !std::isfinite(v) || unit == maxspeed_units_.end()) return std::nullopt;
  const double kmh = v * unit->second;
  if (!std::isfinite(kmh)) return std::nullopt;
  return kmh;
}

RoadUse RoadProfile::osm(const TagLookup& tags, TravelMode mode) const {
  const auto get = [&](const char* key) {
    const auto v = tags(key);
    return v ? norm(*v) : std::string();
  };
  const std::string highway = get("highway");
  if (highway.empty() || not_built_.count(highway)) return {};

  if (mode != TravelMode::drive) {
    // foot=* decides when it holds a listed value; otherwise the class and then access=* do.
    const std::string foot = get("foot");
    if (walk_denied_.count(foot)) return {};
    if (!walk_allowed_.count(foot)) {
      if (!walk_highway_.count(highway) || walk_excluded_.count(highway)) return {};
      if (walk_denied_.count(get("access"))) return {};
    }
    RoadUse use = walk_use(highway);
    apply_oneway(osm_oneway_, get("oneway:foot"), use);  // walking ignores oneway=*
    return use;
  }

  const auto cls = drive_kmh_.find(highway);
  if (cls == drive_kmh_.end()) return {};
  // The most specific access key holding a listed value decides.
  for (const char* key : {"motorcar", "motor_vehicle", "vehicle", "access"}) {
    const std::string v = get(key);
    if (drive_allowed_.count(v)) break;
    if (drive_denied_.count(v)) return {};
  }
  RoadUse use;
  use.usable = use.forward = use.backward = true;
  if (!apply_oneway(osm_oneway_, get("oneway"), use)) {
    if (oneway_junction_.count(get("junction")) || implied_oneway_highway_.count(highway)) use.backward = false;
  }
  double kmh = cls->second;
  if (const auto maxspeed = tags("maxspeed")) {
    if (const auto posted = maxspeed_kmh(*maxspeed)) kmh = std::min(*posted, *posted * maxspeed_factor_);
  }
  use.speed_mps = stored_speed(kmh / kmh_per_mps);
  return use;
}

RoadUse RoadProfile::fields(const std::string& road_class, double speed_kmh, const std::string& oneway,
                            TravelMode mode) const {
  const std::string cls = norm(road_class);
  if (!cls.empty() && not_built_.count(cls)) return {};

  if (mode != TravelMode::drive) {
    if (!cls.empty() && walk_excluded_.count(cls)) return {};
    return walk_use(cls);  // walking ignores one-way and speed fields
  }

  double kmh = default_kmh_;  // empty or unknown class: a local street
  if (const auto it = drive_kmh_.find(cls); it != drive_kmh_.end()) {
    kmh = it->second;
  } else if (!cls.empty() && known_class(cls)) {
    return {};  // a class the file names but does not drive (footway, steps, ...)
  }
  if (std::isfinite(speed_kmh) && speed_kmh > 0) kmh = speed_kmh * field_speed_factor_;
  RoadUse use;
  use.usable = use.forward = use.backward = true;
  apply_oneway(field_oneway_, norm(oneway), use);  // unknown values: both ways (see known_oneway)
  use.speed_mps = stored_speed(kmh / kmh_per_mps);
  return use;
}

}  // namespace lc::io

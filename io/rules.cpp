#include "io/rules.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "io/atomic_output.hpp"
#include "io/error.hpp"
#include "io/gdal_env.hpp"

namespace lc::io {

namespace {

struct KindSpec {
  RuleKind kind;
  std::vector<std::string> required;  // besides id and kind
  std::vector<std::string> optional;
};

// Which fields each kind needs and which it accepts. `source`, `confidence`, `unit` and the
// Chinese texts `title_zh` and `unit_zh` are accepted by every kind.
const std::vector<KindSpec>& kind_specs() {
  static const std::vector<KindSpec> specs = {
      {RuleKind::access, {"category", "within"}, {"mode", "min_share", "demand_basis"}},
      {RuleKind::supply_ratio, {"category", "supply_attribute", "threshold"}, {"demand_basis", "per", "comparison"}},
      {RuleKind::attribute_share,
       {"category", "supply_attribute", "base_attribute", "threshold"},
       {"comparison"}},
      {RuleKind::accessibility_2sfca,
       {"category", "within", "supply_attribute", "threshold"},
       {"mode", "min_share", "demand_basis", "per", "comparison"}},
      {RuleKind::per_facility, {"category", "supply_attribute", "threshold"}, {"comparison"}},
      {RuleKind::presence, {"category", "min_population"}, {"within", "mode", "demand_basis", "supply_attribute"}},
  };
  return specs;
}

const std::vector<std::string> kCommonFields = {"id",       "kind",     "unit",   "source",
                                                "confidence", "applies_to", "title_zh", "unit_zh"};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool is_rule_id(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

// Reads one rule file; every message starts "PATH, line N, rule 'ID': ".
class RuleReader {
 public:
  RuleReader(std::string path, const std::vector<std::string>& categories)
      : path_(std::move(path)), categories_(categories) {}

  RuleSet read(const YAML::Node& root) {
    if (!root.IsMap()) fail(root, "", "expected a map with 'name:' and a 'rules:' list");
    for (const auto& entry : root) {
      const std::string key = entry.first.as<std::string>();
      if (key != "name" && key != "description" && key != "rules") {
        fail(entry.first, "", "unknown top-level field '" + key + "' (expected name, description, rules)");
      }
    }
    RuleSet set;
    set.path = path_;
    if (root["name"]) set.name = text(root["name"], "", "name");
    const YAML::Node rules = root["rules"];
    if (!rules || !rules.IsSequence()) fail(root, "", "expected a 'rules:' list");
    if (rules.size() == 0) fail(rules, "", "'rules:' is empty: a check needs at least one rule (an empty one would pass)");
    std::map<std::string, int> seen;  // id → line
    for (const auto& node : rules) {
      Rule rule = read_rule(node);
      const auto [it, inserted] = seen.emplace(rule.id, rule.line);
      if (!inserted) {
        fail(node["id"], rule.id, "duplicate rule id (first defined on line " + std::to_string(it->second) + ")");
      }
      set.rules.push_back(std::move(rule));
    }
    return set;
  }

 private:
  [[noreturn]] void fail(const YAML::Node& node, const std::string& id, const std::string& msg) const {
    std::string where = path_;
    if (node.IsDefined() && node.Mark().line >= 0) where += ", line " + std::to_string(node.Mark().line + 1);
    if (!id.empty()) where += ", rule '" + id + "'";
    throw InputError(where + ": " + msg);
  }

  std::string text(const YAML::Node& node, const std::string& id, const std::string& field) const {
    if (!node.IsScalar()) fail(node, id, "'" + field + "' must be a single value");
    return node.as<std::string>();
  }

  double number(const YAML::Node& node, const std::string& id, const std::string& field) const {
    const std::string t = text(node, id, field);
    double v = 0.0;
    try {
      v = node.as<double>();
    } catch (const YAML::Exception&) {
      fail(node, id, "'" + field + "' must be a number, not '" + t + "'");
    }
    if (!std::isfinite(v) || v < 0.0) fail(node, id, "'" + field + "' must be a finite number >= 0, not '" + t + "'");
    return v;
  }

  // 0.9 or "90%".
  double share(const YAML::Node& node, const std::string& id, const std::string& field) const {
    const std::string t = text(node, id, field);
    double v = 0.0;
    if (!t.empty() && t.back() == '%') {
      const std::string digits = t.substr(0, t.size() - 1);
      char* end = nullptr;
      v = std::strtod(digits.c_str(), &end) / 100.0;
      if (digits.empty() || end == digits.c_str() || *end != '\0') {
        fail(node, id, "'" + field + "' must be a fraction such as 0.9 or a percentage such as 90%, not '" + t + "'");
      }
    } else {
      try {
        v = node.as<double>();
      } catch (const YAML::Exception&) {
        fail(node, id, "'" + field + "' must be a fraction such as 0.9 or a percentage such as 90%, not '" + t + "'");
      }
    }
    if (!(v > 0.0 && v <= 1.0)) fail(node, id, "'" + field + "' must be above 0 and at most 1 (100%), not '" + t + "'");
    return v;
  }

  std::string attribute(const YAML::Node& node, const std::string& id, const std::string& field) const {
    const std::string t = text(node, id, field);
    if (!is_identifier(t)) {
      fail(node, id, "'" + field + "' must be a field name (letters, digits, _), not '" + t + "'");
    }
    return t;
  }

  // applies_to: {field: type, values: [county, 县], if_unset: false}
  DistrictSelection selection(const YAML::Node& node, const std::string& id) const {
    const std::string usage = "'applies_to' must be a map such as {field: type, values: [county]}";
    if (!node.IsMap()) fail(node, id, usage);
    DistrictSelection sel;
    for (const auto& entry : node) {
      const std::string key = entry.first.as<std::string>();
      if (key != "field" && key != "values" && key != "if_unset") {
        fail(entry.first, id, "unknown field '" + key + "' in 'applies_to' (expected field, values, if_unset)");
      }
    }
    if (!node["field"]) fail(node, id, usage + ": it needs 'field'");
    sel.field = text(node["field"], id, "applies_to.field");
    if (sel.field.empty()) fail(node["field"], id, "'applies_to.field' is empty");
    const YAML::Node values = node["values"];
    if (!values) fail(node, id, usage + ": it needs 'values'");
    if (values.IsScalar()) {
      sel.values.push_back(values.as<std::string>());
    } else if (values.IsSequence()) {
      for (const auto& v : values) sel.values.push_back(text(v, id, "applies_to.values"));
    } else {
      fail(values, id, "'applies_to.values' must be a value or a list of values");
    }
    for (const std::string& v : sel.values) {
      if (v.find_first_not_of(" \t") == std::string::npos) fail(values, id, "'applies_to.values' holds an empty value");
    }
    if (sel.values.empty()) fail(values, id, "'applies_to.values' is empty: the rule would apply nowhere");
    if (const YAML::Node n = node["if_unset"]) {
      try {
        sel.if_unset = n.as<bool>();
      } catch (const YAML::Exception&) {
        fail(n, id, "'applies_to.if_unset' must be true or false, not '" + text(n, id, "applies_to.if_unset") + "'");
      }
    }
    return sel;
  }

  Rule read_rule(const YAML::Node& node) {
    if (!node.IsMap()) fail(node, "", "a rule must be a map with at least 'id' and 'kind'");
    Rule rule;
    rule.line = node.Mark().line + 1;
    if (!node["id"]) fail(node, "", "a rule needs an 'id'");
    rule.id = text(node["id"], "", "id");
    if (!is_rule_id(rule.id)) fail(node["id"], "", "rule id '" + rule.id + "' may hold only letters, digits, '_', '.', '-'");
    const std::string& id = rule.id;

    if (!node["kind"]) fail(node, id, "missing 'kind'");
    const std::string kind_text = text(node["kind"], id, "kind");
    const KindSpec* spec = nullptr;
    std::vector<std::string> kind_names;
    for (const KindSpec& s : kind_specs()) {
      kind_names.emplace_back(rule_kind_name(s.kind));
      if (kind_text == rule_kind_name(s.kind)) spec = &s;
    }
    if (!spec) fail(node["kind"], id, "unknown kind '" + kind_text + "' (expected " + join(kind_names) + ")");
    rule.kind = spec->kind;
    const std::string kind_label = "a rule of kind '" + kind_text + "'";

    for (const auto& entry : node) {
      const std::string key = entry.first.as<std::string>();
      if (contains(kCommonFields, key) || contains(spec->required, key) || contains(spec->optional, key)) continue;
      bool known = false;
      for (const KindSpec& s : kind_specs()) known = known || contains(s.required, key) || contains(s.optional, key);
      if (known) fail(entry.first, id, "field '" + key + "' does not apply to " + kind_label);
      fail(entry.first, id, "unknown field '" + key + "'");
    }
    for (const std::string& field : spec->required) {
      if (!node[field]) fail(node, id, kind_label + " needs '" + field + "'");
    }

    if (const YAML::Node n = node["category"]) {
      rule.category = text(n, id, "category");
      if (!contains(categories_, rule.category)) {
        fail(n, id, "unknown category '" + rule.category + "' (known: " + join(categories_) + ")");
      }
    }
    if (const YAML::Node n = node["mode"]) {
      const std::string mode = text(n, id, "mode");
      if (!parse_travel_mode(mode, rule.mode) || rule.mode == TravelMode::cost_matrix) {
        fail(n, id, "unknown mode '" + mode + "' (expected distance, walk or drive)");
      }
    }
    if (const YAML::Node n = node["within"]) {
      try {
        rule.within = parse_within(text(n, id, "within"));
      } catch (const std::invalid_argument& e) {
        fail(n, id, std::string("bad 'within': ") + e.what());
      }
      rule.has_within = true;
    }
    if (const YAML::Node n = node["min_share"]) rule.min_share = share(n, id, "min_share");
    if (const YAML::Node n = node["supply_attribute"]) rule.supply_attribute = attribute(n, id, "supply_attribute");
    if (const YAML::Node n = node["base_attribute"]) rule.base_attribute = attribute(n, id, "base_attribute");
    if (const YAML::Node n = node["demand_basis"]) rule.demand_basis = attribute(n, id, "demand_basis");
    if (const YAML::Node n = node["per"]) {
      rule.per = number(n, id, "per");
      if (rule.per <= 0.0) fail(n, id, "'per' must be above 0");
    }
    if (const YAML::Node n = node["threshold"]) {
      rule.threshold = rule.kind == RuleKind::attribute_share ? share(n, id, "threshold") : number(n, id, "threshold");
    }
    if (const YAML::Node n = node["comparison"]) {
      rule.comparison = text(n, id, "comparison");
      if (rule.comparison != ">=" && rule.comparison != ">" && rule.comparison != "<=" && rule.comparison != "<") {
        fail(n, id, "unknown comparison '" + rule.comparison + "' (expected >=, >, <= or <)");
      }
    }
    if (const YAML::Node n = node["min_population"]) rule.min_population = number(n, id, "min_population");
    if (const YAML::Node n = node["applies_to"]) rule.applies_to = selection(n, id);
    if (const YAML::Node n = node["unit"]) rule.unit = text(n, id, "unit");
    if (const YAML::Node n = node["title_zh"]) rule.title_zh = text(n, id, "title_zh");
    if (const YAML::Node n = node["unit_zh"]) rule.unit_zh = text(n, id, "unit_zh");
    if (const YAML::Node n = node["source"]) rule.source = text(n, id, "source");
    if (const YAML::Node n = node["confidence"]) {
      rule.confidence = text(n, id, "confidence");
      if (rule.confidence != "V" && rule.confidence != "S" && rule.confidence != "R" && rule.confidence != "?") {
        fail(n, id, "unknown confidence '" + rule.confidence + "' (expected V, S, R or ?)");
      }
    }
    return rule;
  }

  std::string path_;
  const std::vector<std::string>& categories_;
};

std::string presets_dir() { return data_dir() + "/presets"; }

// The preset's path; UsageError listing the presets when there is none called `name`.
std::string preset_path(const std::string& name) {
  const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  }) && name.find("..") == std::string::npos;
  const std::string path = presets_dir() + "/" + name + ".yaml";
  std::error_code ec;
  if (!plain || !std::filesystem::is_regular_file(path, ec)) {
    const std::vector<std::string> names = preset_names();
    throw UsageError("unknown preset '" + name + "' (available: " + (names.empty() ? "none" : join(names)) + ")");
  }
  return path;
}

}  // namespace

std::vector<std::string> default_rule_categories() { return {"health", "elderly_care", "fitness", "scenic"}; }

RuleSet load_rules(const std::string& path, const std::vector<std::string>& known_categories) {
  YAML::Node root;
  try {
    register_input(path);
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw InputError(path + ": cannot open the file");
  } catch (const YAML::Exception& e) {
    throw InputError(path + ", line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  try {
    return RuleReader(path, known_categories).read(root);
  } catch (const YAML::Exception& e) {  // e.g. a map where a key was expected
    throw InputError(path + ", line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(presets_dir(), ec)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

RuleSet preset_rules(const std::string& name, const std::vector<std::string>& known_categories) {
  RuleSet set = load_rules(preset_path(name), known_categories);
  if (set.name.empty()) set.name = name;
  for (Rule& rule : set.rules) rule.preset = true;
  return set;
}

std::string preset_text(const std::string& name) {
  const std::string path = preset_path(name);
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(path + ": cannot open the file");
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

}  // namespace lc::io

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
      {RuleKind::accessibility,
       {"category", "measure", "within", "threshold"},
       {"mode", "min_share", "demand_basis", "supply_attribute", "per", "comparison", "decay", "decay_param", "zones",
        "zone_weights"}},
      {RuleKind::equity,
       {"category", "index", "of", "threshold"},
       {"mode", "within", "demand_basis", "supply_attribute", "comparison", "decay", "decay_param", "zones",
        "zone_weights", "rank_by"}},
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

  // Any finite number, of either sign (the concentration index runs from -1 to 1).
  double signed_number(const YAML::Node& node, const std::string& id, const std::string& field) const {
    const std::string t = text(node, id, field);
    double v = 0.0;
    try {
      v = node.as<double>();
    } catch (const YAML::Exception&) {
      fail(node, id, "'" + field + "' must be a number, not '" + t + "'");
    }
    if (!std::isfinite(v)) fail(node, id, "'" + field + "' must be a finite number, not '" + t + "'");
    return v;
  }

  // [5, 10, 15]: a list of numbers >= 0.
  std::vector<double> numbers(const YAML::Node& node, const std::string& id, const std::string& field) const {
    if (!node.IsSequence() || node.size() == 0) fail(node, id, "'" + field + "' must be a list of numbers such as [5, 10, 15]");
    std::vector<double> out;
    for (const auto& v : node) out.push_back(number(v, id, field));
    return out;
  }

  // One of `values` by its name (as rule_*_name writes them), else an error naming the `field`
  // ("measure", "decay", "index") and listing them.
  template <class E, class Name>
  E one_of(const YAML::Node& node, const std::string& id, const std::string& field, const std::vector<E>& values,
           Name name) const {
    const std::string t = text(node, id, field);
    std::vector<std::string> names;
    for (E v : values) {
      names.emplace_back(name(v));
      if (t == name(v)) return v;
    }
    fail(node, id, "unknown " + field + " '" + t + "' (expected " + join(names) + ")");
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

  // The measure of an accessibility or equity rule: `measure` or `of`, the decay and its
  // parameters, `per`, and for equity the index and its ranking variable. Runs after the common
  // fields (within, per, supply_attribute) are read.
  void read_measure(const YAML::Node& node, Rule& rule) const {
    const std::string& id = rule.id;
    const bool equity = rule.kind == RuleKind::equity;
    std::vector<RuleMeasure> allowed = {RuleMeasure::cumulative, RuleMeasure::gravity, RuleMeasure::two_step,
                                        RuleMeasure::enhanced_two_step, RuleMeasure::three_step};
    if (equity) allowed.insert(allowed.begin(), RuleMeasure::nearest);  // the travel cost, equity only
    rule.measure = one_of(node[equity ? "of" : "measure"], id, "measure", allowed, rule_measure_name);
    const std::string measure(rule_measure_name(rule.measure));
    const bool fca = rule.measure == RuleMeasure::two_step || rule.measure == RuleMeasure::enhanced_two_step ||
                     rule.measure == RuleMeasure::three_step;

    if (rule.measure == RuleMeasure::nearest) {
      // The travel cost to the nearest facility: no reach, no decay, no supply.
      for (const char* f : {"within", "decay", "decay_param", "zones", "zone_weights", "supply_attribute"}) {
        if (node[f]) {
          fail(node[f], id, std::string("'") + f + "' does not apply to equity of nearest (the travel cost to the nearest " +
                                "facility, not capped and with no supply)");
        }
      }
    } else if (!rule.has_within) {
      fail(node, id, "equity of " + measure + " needs 'within' (the catchment of the measure)");
    }
    if (const YAML::Node n = node["per"]; n && !fca) {
      fail(n, id, "'per' applies only to the floating catchment measures (2sfca, e2sfca, 3sfca), whose value is per person");
    }

    rule.decay = rule.measure == RuleMeasure::enhanced_two_step ? RuleDecay::zones : RuleDecay::step;
    if (const YAML::Node n = node["decay"]) {
      rule.decay = one_of(n, id, "decay",
                          std::vector<RuleDecay>{RuleDecay::step, RuleDecay::linear, RuleDecay::exponential,
                                                 RuleDecay::gaussian, RuleDecay::power, RuleDecay::zones},
                          rule_decay_name);
      if ((rule.measure == RuleMeasure::cumulative || rule.measure == RuleMeasure::two_step) &&
          rule.decay != RuleDecay::step) {
        fail(n, id, "the " + measure + " measure counts everything within 'within' alike (a step decay); for decay '" +
                        std::string(rule_decay_name(rule.decay)) + "' use gravity, e2sfca or 3sfca");
      }
    }
    const std::string decay(rule_decay_name(rule.decay));
    const bool has_param = rule.decay == RuleDecay::exponential || rule.decay == RuleDecay::power;
    const std::string unit = rule.within.kind == Within::Kind::minutes ? "minute" : "metre";
    if (const YAML::Node n = node["decay_param"]) {
      if (!has_param) {
        fail(n, id, "'decay_param' applies only to the exponential decay (beta per " + unit +
                        ") and the power decay (its exponent), not to '" + decay + "'");
      }
      rule.decay_param = number(n, id, "decay_param");
      if (!(rule.decay_param > 0.0)) {
        fail(n, id, "'decay_param' must be above 0 (" +
                        std::string(rule.decay == RuleDecay::power ? "the exponent" : "beta per " + unit) + "), not '" +
                        text(n, id, "decay_param") + "'");
      }
      // Exponents in use are 1 to 3; beyond 10 a cost of one unit outweighs ten units 10^10 times.
      if (rule.decay == RuleDecay::power && rule.decay_param > 10.0) {
        fail(n, id, "'decay_param' of the power decay is an exponent at most 10, not '" + text(n, id, "decay_param") + "'");
      }
    } else if (has_param) {
      fail(node, id, "the " + decay + " decay needs 'decay_param' (" +
                         std::string(rule.decay == RuleDecay::power ? "the exponent, e.g. 1.5" : "beta per " + unit + ", e.g. 0.1") +
                         ")");
    }
    const YAML::Node zones = node["zones"], weights = node["zone_weights"];
    for (const char* f : {"zones", "zone_weights"}) {
      if (node[f] && rule.decay != RuleDecay::zones) fail(node[f], id, std::string("'") + f + "' applies only to decay 'zones'");
    }
    if (zones || weights) {
      if (!zones || !weights) {
        fail(zones ? zones : weights, id, "'zones' (their upper bounds) and 'zone_weights' go together");
      }
      rule.zones = numbers(zones, id, "zones");
      rule.zone_weights = numbers(weights, id, "zone_weights");
      if (rule.zones.size() != rule.zone_weights.size()) {
        fail(weights, id, std::to_string(rule.zone_weights.size()) + " zone weights for " +
                              std::to_string(rule.zones.size()) + " zones");
      }
      for (std::size_t z = 0; z < rule.zones.size(); ++z) {
        if (!(rule.zones[z] > (z == 0 ? 0.0 : rule.zones[z - 1]))) {
          fail(zones, id, "'zones' must be above 0 and ascending (upper bounds in " + unit + "s)");
        }
        if (!(rule.zone_weights[z] > 0.0 && rule.zone_weights[z] <= 1.0)) {
          fail(weights, id, "'zone_weights' must be above 0 and at most 1");
        }
      }
      if (rule.zones.back() > rule.within.value * (1.0 + 1e-12)) {
        fail(zones, id, "the last zone ends beyond 'within' (" + rule.within.text + "); zones are in " + unit + "s");
      }
    }

    if (!equity) return;
    rule.index = one_of(node["index"], id, "index",
                        std::vector<EquityIndex>{EquityIndex::gini, EquityIndex::palma, EquityIndex::theil,
                                                 EquityIndex::concentration},
                        equity_index_name);
    if (const YAML::Node n = node["rank_by"]) {
      if (rule.index != EquityIndex::concentration) {
        fail(n, id, "'rank_by' applies only to the concentration index");
      }
      rule.rank_by = attribute(n, id, "rank_by");
    } else if (rule.index == EquityIndex::concentration) {
      fail(node, id, "the concentration index needs 'rank_by' (the demand field people are ranked by, e.g. an income)");
    }
    const YAML::Node t = node["threshold"];
    rule.threshold = rule.index == EquityIndex::concentration ? signed_number(t, id, "threshold") : number(t, id, "threshold");
    // The Gini runs from 0 to 1 and the concentration index from -1 to 1: a limit beyond is a typo
    // (30 for 0.30), one no plan could fail or pass.
    if (rule.index == EquityIndex::gini && rule.threshold > 1.0) {
      fail(t, id, "a Gini is at most 1, so 'threshold' must be too, not '" + text(t, id, "threshold") + "'");
    }
    if (rule.index == EquityIndex::concentration && std::fabs(rule.threshold) > 1.0) {
      fail(t, id, "a concentration index runs from -1 to 1, so must 'threshold', not '" + text(t, id, "threshold") + "'");
    }
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
      if (rule.kind == RuleKind::equity && key == "measure") {
        fail(entry.first, id, "field 'measure' does not apply to " + kind_label + ": give the measure as 'of', e.g. of: e2sfca");
      }
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
    if (const YAML::Node n = node["threshold"]; n && rule.kind != RuleKind::equity) {  // equity: read_measure
      rule.threshold = rule.kind == RuleKind::attribute_share ? share(n, id, "threshold") : number(n, id, "threshold");
    }
    if (const YAML::Node n = node["comparison"]) {
      rule.comparison = text(n, id, "comparison");
      if (rule.comparison != ">=" && rule.comparison != ">" && rule.comparison != "<=" && rule.comparison != "<") {
        fail(n, id, "unknown comparison '" + rule.comparison + "' (expected >=, >, <= or <)");
      }
    }
    if (rule.kind == RuleKind::equity && !node["comparison"]) rule.comparison = "<=";  // less inequality is better
    if (rule.kind == RuleKind::accessibility || rule.kind == RuleKind::equity) read_measure(node, rule);
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

#include "io/write_check.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/format.hpp"
#include "io/atomic_output.hpp"
#include "io/crs.hpp"
#include "io/gdal_env.hpp"
#include "io/gdal_writers.hpp"
#include "io/summary.hpp"
#include "io/error.hpp"
#include "io/words_zh.hpp"

namespace lc::io {

namespace {

using nlohmann::json;

// Facility ids listed per verdict in report.json; "count" always holds the full number.
constexpr std::size_t max_listed_ids = 1000;

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

enum class Scope { overall, district, outside };

Scope scope_of(const Verdict& v) {
  if (v.district == overall_district) return Scope::overall;
  if (v.district == outside_districts) return Scope::outside;
  return Scope::district;
}

const char* scope_name(Scope s) {
  switch (s) {
    case Scope::overall:
      return "overall";
    case Scope::district:
      return "district";
    case Scope::outside:
      return "outside";
  }
  return "overall";
}

constexpr const char* outside_label = "(outside every district)";

// "overall", the district's name, or "(outside every district)"; zh: 总体, （不在任何分区内）.
std::string scope_label(const Verdict& v, const Districts& districts, Lang lang = Lang::en) {
  const bool zh = lang == Lang::zh;
  switch (scope_of(v)) {
    case Scope::overall:
      return zh ? phrase_zh("overall") : "overall";
    case Scope::outside:
      return zh ? phrase_zh(outside_label) : outside_label;
    case Scope::district:
      break;
  }
  if (!districts.name[v.district].empty()) return districts.name[v.district];
  if (!districts.source_id[v.district].empty()) return districts.source_id[v.district];
  return (zh ? phrase_zh("district ") : "district ") + std::to_string(v.district);
}

const char* verdict_word(const std::optional<bool>& pass) {
  if (!pass) return "n/a";
  return *pass ? "PASS" : "FAIL";
}

// A verdict naming a rule, district or facility that does not exist, or words that are not those of
// the result, are a bug in the caller.
void check_references(const RuleSet& rules, const CheckResult& result, const CheckWords& words,
                      const Districts& districts, const Facilities* facilities) {
  if (words.verdicts.size() != result.verdicts.size() || words.run_notes.size() != rules.rules.size()) {
    throw std::logic_error(
        "check report: the words are not those of the result (" + std::to_string(words.verdicts.size()) +
        " texts for " + std::to_string(result.verdicts.size()) + " verdicts, notes for " +
        std::to_string(words.run_notes.size()) + " of " + std::to_string(rules.rules.size()) + " rules)");
  }
  if (districts.source_id.size() != districts.name.size()) {
    throw std::logic_error("check report: the districts' name and source_id lists differ in length");
  }
  for (std::size_t i = 0; i < result.verdicts.size(); ++i) {
    const Verdict& v = result.verdicts[i];
    if (v.rule >= rules.rules.size()) {
      throw std::logic_error("check report: verdict " + std::to_string(i) + " names rule " + std::to_string(v.rule) +
                             " of " + std::to_string(rules.rules.size()));
    }
    if (scope_of(v) == Scope::district && v.district >= districts.size()) {
      throw std::logic_error("check report: verdict " + std::to_string(i) + " names district " +
                             std::to_string(v.district) + " of " + std::to_string(districts.size()));
    }
    if (facilities) {
      if (facilities->status.size() != facilities->size() || facilities->source_id.size() != facilities->size()) {
        throw std::logic_error("check report: the facilities' arrays differ in length");
      }
      for (Id f : v.facilities) {
        if (f >= facilities->size()) {
          throw std::logic_error("check report: verdict " + std::to_string(i) + " counts facility " +
                                 std::to_string(f) + " of " + std::to_string(facilities->size()));
        }
      }
    }
  }
}

// ---- numbers and words ---------------------------------------------------------------------------

// Two decimals; a value too small for them (0.004 would read "0.00") to two significant digits.
std::string ratio(double v) {
  if (v != 0.0 && std::fabs(v) < 0.01) {
    const double scale = std::pow(10.0, 1.0 - std::floor(std::log10(std::fabs(v))));  // 100 or more
    return shortest(std::round(v * scale) / scale);
  }
  return fixed(v, 2);
}

// A rule's measure (a verdict's value or threshold) as people read it: shares as percentages,
// ratios with two decimals, a district's presence as yes / no.
std::string format_measure(const Rule& rule, Scope scope, double v, Lang lang = Lang::en) {
  if (rule.kind == RuleKind::equity && std::isinf(v)) return v > 0 ? "inf" : "-inf";  // a Palma ratio
  if (!std::isfinite(v)) return "-";
  // An index that two decimals would show as its threshold, though it fails or passes by less.
  if (rule.kind == RuleKind::equity && v != rule.threshold && fixed(v, 2) == fixed(rule.threshold, 2)) return fixed(v, 3);
  const bool zh = lang == Lang::zh;
  switch (rule.kind) {
    case RuleKind::supply_ratio:
    case RuleKind::per_facility:  // the worst facility's value, in the rule's unit
    case RuleKind::equity:        // the index
      return ratio(v);
    case RuleKind::presence:
      if (scope == Scope::district) return zh ? phrase_zh(v >= 0.5 ? "yes" : "no") : v >= 0.5 ? "yes" : "no";
      return zh ? percent_zh(v) : percent(v);
    case RuleKind::access:
    case RuleKind::attribute_share:
    case RuleKind::accessibility_2sfca:
    case RuleKind::accessibility:
      return zh ? percent_zh(v) : percent(v);
  }
  return ratio(v);
}

bool counts_whole_things(const std::string& unit) {
  return unit == "people" || unit == "residents" || unit == "beds" || unit == "facilities" || unit == "communities" ||
         unit == "districts" || unit == "sites" || unit == "人" || unit == "居民" || unit == "60岁及以上老年人" ||
         unit == "床位" || unit == "护理型床位" || unit == "社会办医院床位" || unit == "处设施" || unit == "个社区";
}

// "12,345 people", "0.35 m²"; zh: whole counts in 万 and 亿 ("1.23万 人").
std::string format_amount(double amount, const std::string& unit, Lang lang = Lang::en) {
  if (!std::isfinite(amount)) return "-";
  const bool whole = counts_whole_things(unit) || std::fabs(amount) >= 100.0;
  std::string s = whole ? (lang == Lang::zh ? count_zh(amount) : fixed(std::round(amount), 0)) : fixed(amount, 2);
  return unit.empty() ? s : s + " " + unit;
}

// The words of a check beside its verdicts.
struct Worded {
  const RuleSet& rules;
  const CheckResult& result;
  const CheckWords& words;
  Lang lang = Lang::en;  // of report.md and the table (report.json and junit.xml keep English labels)

  // A verdict of `result` in words.
  const std::string& text(const Verdict& v) const {
    return words.verdicts[static_cast<std::size_t>(&v - result.verdicts.data())];
  }
  std::string unit(const Verdict& v) const { return shortfall_unit_words(rules.rules[v.rule], v); }
  // The words of report.md and the table: a fixed phrase, a verdict, a shortfall's unit.
  std::string t(std::string_view english) const { return lang == Lang::zh ? phrase_zh(english) : std::string(english); }
  std::string verdict(const Verdict& v) const { return lang == Lang::zh ? verdict_word_zh(v) : verdict_word(v.pass); }
  std::string shown_unit(const Verdict& v) const {
    return lang == Lang::zh ? shortfall_unit_words_zh(rules.rules[v.rule], v) : unit(v);
  }
};

// What a report shows as a verdict's shortfall: its words, else the amount, else "-".
std::string shortfall_words(const Worded& w, const Verdict& v) {
  if (!w.text(v).empty()) return w.text(v);
  if (std::isfinite(v.shortfall) && v.shortfall > 0.0) return format_amount(v.shortfall, w.shown_unit(v), w.lang);
  return "-";
}

// ---- grouping ------------------------------------------------------------------------------------

struct RuleVerdicts {
  const Verdict* overall = nullptr;
  std::vector<const Verdict*> all;      // in result order
  std::size_t districts = 0;            // district verdicts
  std::size_t districts_evaluated = 0;  // with a pass or fail
  std::size_t districts_failing = 0;
  std::size_t districts_passing = 0;
};

std::vector<RuleVerdicts> by_rule(const RuleSet& rules, const CheckResult& result) {
  std::vector<RuleVerdicts> out(rules.rules.size());
  for (const Verdict& v : result.verdicts) {
    RuleVerdicts& r = out[v.rule];
    r.all.push_back(&v);
    const Scope scope = scope_of(v);
    if (scope == Scope::overall && !r.overall) r.overall = &v;
    if (scope != Scope::district) continue;
    ++r.districts;
    if (v.pass) {
      ++r.districts_evaluated;
      ++(*v.pass ? r.districts_passing : r.districts_failing);
    }
  }
  return out;
}

std::string districts_failing(const RuleVerdicts& r, Lang lang = Lang::en) {
  if (r.districts_evaluated == 0) return "-";
  return std::to_string(r.districts_failing) + (lang == Lang::zh ? " / " : " of ") + std::to_string(r.districts_evaluated);
}

// Whether reports show a rule's mode (presence too, whose mode matters only with a reach).
bool shows_mode(const Rule& r) { return uses_mode(r) || r.kind == RuleKind::presence; }

bool uses_min_share(RuleKind k) {
  return k == RuleKind::access || k == RuleKind::accessibility_2sfca || k == RuleKind::accessibility;
}

// The fields of an accessibility or equity rule's measure, as in its rule file.
void measure_json(const Rule& rule, json& j) {
  const bool nearest = rule.measure == RuleMeasure::nearest;
  if (rule.kind == RuleKind::equity) {
    j["index"] = std::string(equity_index_name(rule.index));
    j["of"] = std::string(rule_measure_name(rule.measure));
    j["rank_by"] = text_or_null(rule.rank_by);
  } else {
    j["measure"] = std::string(rule_measure_name(rule.measure));
  }
  j["decay"] = nearest ? json(nullptr) : json(std::string(rule_decay_name(rule.decay)));
  j["decay_param"] = number_or_null(rule.decay_param);
  if (!rule.zones.empty()) j["zones"] = {{"upper", rule.zones}, {"weights", rule.zone_weights}};
  j["supply_attribute"] = text_or_null(rule.supply_attribute);
  if (rule.kind == RuleKind::accessibility) j["per"] = rule.per;
  j["comparison"] = rule.comparison;
}

// ---- report.json ---------------------------------------------------------------------------------

json rule_json(const Rule& rule, const RuleRun* run, const std::vector<std::string>& notes) {
  json j;
  j["rule"] = rule.id;
  j["kind"] = std::string(rule_kind_name(rule.kind));
  j["category"] = rule.category;
  if (run && run->mode) {
    j["mode"] = to_string(*run->mode);
  } else {
    j["mode"] = shows_mode(rule) ? json(to_string(rule.mode)) : json(nullptr);
  }
  j["within"] = rule.has_within ? json(rule.within.text) : json(nullptr);
  j["within_m"] = run ? number_or_null(run->within_m) : json(nullptr);
  j["within_s"] = run ? number_or_null(run->within_s) : json(nullptr);
  // An access rule's measure is compared with its minimum share; every other kind has a threshold.
  j["threshold"] = number_or_null(rule.kind == RuleKind::access ? rule.min_share : rule.threshold);
  if (uses_min_share(rule.kind)) j["min_share"] = number_or_null(rule.min_share);
  if (rule.kind == RuleKind::per_facility) j["comparison"] = rule.comparison;
  if (rule.kind == RuleKind::presence) j["min_population"] = number_or_null(rule.min_population);
  if (rule.kind == RuleKind::presence && !rule.supply_attribute.empty()) j["supply_attribute"] = rule.supply_attribute;
  if (rule.kind == RuleKind::accessibility || rule.kind == RuleKind::equity) measure_json(rule, j);
  if (rule.applies_to) {
    j["applies_to"] = {{"field", rule.applies_to->field},
                       {"values", rule.applies_to->values},
                       {"if_unset", rule.applies_to->if_unset}};
    if (run) j["districts_selected"] = run->districts_selected;
  }
  j["unit"] = rule.unit;
  j["source"] = rule.source;
  j["confidence"] = rule.confidence;
  j["preset"] = rule.preset;
  j["missing_field"] = run ? text_or_null(run->missing_field) : json(nullptr);
  j["missing_in"] = run ? text_or_null(run->missing_in) : json(nullptr);
  j["notes"] = notes;
  return j;
}

json facilities_json(const Verdict& v, const Facilities& facilities) {
  std::size_t per_status[4] = {0, 0, 0, 0};
  json ids = json::array();
  for (std::size_t k = 0; k < v.facilities.size(); ++k) {
    const Id f = v.facilities[k];
    ++per_status[static_cast<std::size_t>(facilities.status[f])];
    if (k < max_listed_ids) ids.push_back(facilities.source_id[f]);
  }
  json by_status = json::object();
  for (FacilityStatus s :
       {FacilityStatus::existing, FacilityStatus::planned, FacilityStatus::candidate, FacilityStatus::competitor}) {
    const std::size_t n = per_status[static_cast<std::size_t>(s)];
    if (n > 0) by_status[to_string(s)] = n;
  }
  json j = {{"count", v.facilities.size()}, {"by_status", by_status}, {"ids", ids}};
  if (v.facilities.size() > max_listed_ids) j["ids_truncated"] = true;
  return j;
}

std::string report_json(const Worded& w, const Districts& districts, const Facilities& facilities,
                        const Categories& categories, const CheckRunInfo& info) {
  const RuleSet& rules = w.rules;
  const CheckResult& result = w.result;
  json j;
  j["lifecircle"] = LIFECIRCLE_VERSION;
  j["command"] = info.command_line;
  j["rules"] = {{"name", rules.name}, {"source", info.rules_source}};
  j["crs"] = info.crs;
  j["population_basis"] = info.population_basis;
  j["inputs"] = {{"facilities", info.facility_sources},
                 {"demand", info.demand_source},
                 {"districts", text_or_null(districts.source)},
                 {"categories", categories.names},
                 {"mode_override", text_or_null(info.mode_override)},
                 {"strict", info.strict},
                 {"notes", info.input_notes},
                 {"skipped_features", info.skipped_features}};

  const int exit_code = check_exit_code(result);
  j["summary"] = {{"verdicts", result.verdicts.size()},
                  {"passed", result.count(true)},
                  {"failed", result.count(false)},
                  {"not_applicable", result.count(std::nullopt)},
                  {"exit_code", exit_code},
                  {"demand_outside_districts", result.demand_outside},
                  {"facilities_outside_districts", result.facilities_outside}};
  if (info.census) j["census"] = census_json(*info.census);
  j["notes"] = w.words.notes;

  json evaluated = json::array();
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    evaluated.push_back(
        rule_json(rules.rules[i], i < result.runs.size() ? &result.runs[i] : nullptr, w.words.run_notes[i]));
  }
  j["rules_evaluated"] = evaluated;
  write_timings(j, info.timings, info.threads);  // composed before the folder is written: no "write"

  // The results are written one verdict a line, each dumped on its own: tens of thousands of them
  // (rules x districts) never build one large tree.
  j["results"] = json::array();
  std::string text = j.dump(2) + "\n";
  std::string lines = "[\n";
  for (const Verdict& v : result.verdicts) {
    const Rule& rule = rules.rules[v.rule];
    const Scope scope = scope_of(v);
    json r;
    r["rule"] = rule.id;
    r["scope"] = scope_name(scope);
    r["district"] = scope == Scope::district ? json(scope_label(v, districts)) : json(nullptr);
    r["district_id"] = scope == Scope::district ? json(districts.source_id[v.district]) : json(nullptr);
    r["value"] = number_or_null(v.value);
    r["threshold"] = number_or_null(v.threshold);
    r["unit"] = rule.unit;
    r["pass"] = v.pass ? json(*v.pass) : json(nullptr);
    r["shortfall"] = {{"text", w.text(v)}, {"amount", number_or_null(v.shortfall)}, {"unit", w.unit(v)}};
    r["demand"] = number_or_null(v.demand);
    r["supply"] = number_or_null(v.supply);
    if (rule.kind == RuleKind::equity) {
      r["index"] = std::string(equity_index_name(rule.index));
      r["mean"] = number_or_null(v.mean);
      r["unreached"] = v.unreached;
    }
    r["source"] = rule.source;
    r["facilities"] = facilities_json(v, facilities);
    lines += "    " + r.dump() + (&v == &result.verdicts.back() ? "\n" : ",\n");
  }
  lines += "  ]";
  const std::string empty = "\"results\": []";
  const std::size_t at = text.find(empty);
  if (at == std::string::npos) throw std::logic_error("check report: no results array to fill");
  text.replace(at, empty.size(), "\"results\": " + lines);
  return text;
}

// ---- junit.xml -----------------------------------------------------------------------------------

// Escapes the five XML specials and the whitespace an attribute would lose; drops the other control
// characters, which XML 1.0 does not allow. UTF-8 passes through unchanged.
std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
    }
  }
  return out;
}

std::string counts_attributes(std::size_t tests, std::size_t failures, std::size_t skipped) {
  return " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
         "\" errors=\"0\" skipped=\"" + std::to_string(skipped) + "\"";
}

std::string junit_xml(const Worded& w, const Districts& districts) {
  const RuleSet& rules = w.rules;
  const CheckResult& result = w.result;
  const std::vector<RuleVerdicts> grouped = by_rule(rules, result);
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<testsuites name=\"" + xml_escape("lifecircle check: " + rules.name) + "\"" +
       counts_attributes(result.verdicts.size(), result.count(false), result.count(std::nullopt)) + ">\n";
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& rule = rules.rules[i];
    const RuleVerdicts& g = grouped[i];
    std::size_t failures = 0, skipped = 0;
    for (const Verdict* v : g.all) {
      failures += v->pass == false ? 1 : 0;
      skipped += v->pass ? 0 : 1;
    }
    x += "  <testsuite name=\"" + xml_escape(rule.id) + "\"" + counts_attributes(g.all.size(), failures, skipped) +
         ">\n";
    x += "    <properties>\n";
    x += "      <property name=\"kind\" value=\"" + xml_escape(rule_kind_name(rule.kind)) + "\"/>\n";
    x += "      <property name=\"unit\" value=\"" + xml_escape(rule.unit) + "\"/>\n";
    x += "      <property name=\"source\" value=\"" + xml_escape(rule.source) + "\"/>\n";
    x += "      <property name=\"confidence\" value=\"" + xml_escape(rule.confidence) + "\"/>\n";
    x += "    </properties>\n";
    const std::string classname = xml_escape(rules.name + "." + rule.id);
    for (const Verdict* v : g.all) {
      const Scope scope = scope_of(*v);
      x += "    <testcase classname=\"" + classname + "\" name=\"" + xml_escape(scope_label(*v, districts)) + "\"";
      if (v->pass == true) {
        x += "/>\n";
        continue;
      }
      x += ">\n";
      if (!v->pass) {
        x += "      <skipped message=\"" + xml_escape(w.text(*v).empty() ? "not evaluated" : w.text(*v)) + "\"/>\n";
      } else {
        const std::string body = "value " + format_measure(rule, scope, v->value) + ", threshold " +
                                 format_measure(rule, scope, v->threshold) + ", unit " + rule.unit;
        x += "      <failure message=\"" +
             xml_escape(shortfall_words(w, *v) == "-" ? "below the threshold" : shortfall_words(w, *v)) + "\">" +
             xml_escape(body) + "</failure>\n";
      }
      x += "    </testcase>\n";
    }
    x += "  </testsuite>\n";
  }
  x += "</testsuites>\n";
  return x;
}

// ---- report.md -----------------------------------------------------------------------------------

// A table cell: `|` escaped, line breaks folded.
std::string md_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out.empty() ? "-" : out;
}

// Inline text outside tables: line breaks folded.
std::string md_line(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\r', ' ');
  return out;
}

std::string report_md(const Worded& w, const Districts& districts, const Facilities& facilities,
                      const CheckRunInfo& info) {
  const RuleSet& rules = w.rules;
  const CheckResult& result = w.result;
  const std::vector<RuleVerdicts> grouped = by_rule(rules, result);
  const bool zh = w.lang == Lang::zh;
  std::string m;
  m += w.t("# Compliance check: ") + md_line(rules.name) + "\n\n";

  m += w.t("## Inputs\n\n");
  m += w.t("- Rules: ") + md_line(info.rules_source.empty() ? rules.name : info.rules_source) + "\n";
  for (const std::string& f : info.facility_sources) m += w.t("- Facilities: ") + md_line(f) + "\n";
  if (!info.demand_source.empty()) m += w.t("- Demand: ") + md_line(info.demand_source) + "\n";
  m += w.t("- Districts: ") +
       (districts.source.empty() ? w.t("none (overall verdicts only)") : md_line(districts.source)) + (zh ? "（" : " (") +
       std::to_string(districts.size()) + (zh ? " 个分区）\n" : districts.size() == 1 ? " district)\n" : " districts)\n");
  if (!info.crs.empty()) m += w.t("- CRS: ") + md_line(info.crs) + "\n";
  if (!info.population_basis.empty()) {
    const std::string& basis =
        w.lang == Lang::zh && !info.population_basis_zh.empty() ? info.population_basis_zh : info.population_basis;
    m += w.t("- Population basis: ") + md_line(basis) + "\n";
  }
  m += w.t("- Mode override: ") +
       (info.mode_override.empty() ? w.t("none (each rule's own mode)")
                                   : (zh ? mode_zh(info.mode_override) : md_line(info.mode_override)) + w.t(" (every rule's mode replaced)")) +
       "\n";
  if (info.strict) m += w.t("- Strict: rules whose data is missing fail instead of being not evaluated\n");
  if (info.skipped_features > 0)
    m += w.t("- Skipped features: ") + fixed(static_cast<double>(info.skipped_features), 0) + "\n";
  if (result.demand_outside > 0.0 || result.facilities_outside > 0) {
    m += w.t("- Outside every district: ") + format_amount(result.demand_outside, w.t("people"), w.lang) +
         (zh ? "，" : ", ") + std::to_string(result.facilities_outside) + (zh ? " 处设施\n" : " facilities\n");
  }
  for (const std::string& n : info.input_notes) m += w.t("- Note: ") + md_line(n) + "\n";
  for (const std::string& n : w.words.notes) m += w.t("- Note: ") + md_line(n) + "\n";
  if (!info.command_line.empty()) m += "\n```\n" + info.command_line + "\n```\n";

  m += w.t("\n## Summary\n\n");
  if (zh) {
    m += verdicts_summary_zh(result.verdicts.size(), result.count(true), result.count(false), result.count(std::nullopt)) + "。\n\n";
  } else {
  m += std::to_string(result.verdicts.size()) + " verdicts: " + std::to_string(result.count(true)) + " passed, " +
       std::to_string(result.count(false)) + " failed, " + std::to_string(result.count(std::nullopt)) +
       " not applicable.\n\n";
  }
  m += w.t("| rule | value | threshold | verdict | districts failing | shortfall |\n");
  m += "|---|---:|---:|---|---:|---|\n";
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& rule = rules.rules[i];
    const RuleVerdicts& g = grouped[i];
    const Verdict* o = g.overall;
    m += "| " + md_cell(rule.id) + " | " + (o ? format_measure(rule, Scope::overall, o->value, w.lang) : "-") + " | " +
         (o ? format_measure(rule, Scope::overall, o->threshold, w.lang) : "-") + " | " + (o ? w.verdict(*o) : w.t("n/a")) +
         " | " + districts_failing(g, w.lang) + " | " + (o ? md_cell(shortfall_words(w, *o)) : "-") + " |\n";
  }

  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& rule = rules.rules[i];
    const RuleVerdicts& g = grouped[i];
    const RuleRun* run = i < result.runs.size() ? &result.runs[i] : nullptr;
    m += "\n## " + md_line(rule.id) + "\n\n";
    if (zh && !rule.title_zh.empty()) m += w.t("- Requirement: ") + md_line(rule.title_zh) + "\n";
    const std::string& unit = zh && !rule.unit_zh.empty() ? rule.unit_zh : rule.unit;
    m += w.t("- Measure: ") + md_line(unit.empty() ? std::string(rule_kind_name(rule.kind)) : unit) + (zh ? "（" : " (") +
         std::string(rule_kind_name(rule.kind)) + w.t(", category ") + md_line(zh ? category_zh(rule.category) : rule.category);
    if (shows_mode(rule)) {
      const TravelMode mode = run && run->mode ? *run->mode : rule.mode;
      m += (zh ? "，" + mode_zh(mode) : std::string(", ") + to_string(mode));
      if (rule.has_within) m += w.t(" within ") + md_line(rule.within.text);
    }
    if (rule.kind == RuleKind::equity) {
      m += w.t(", index ") + std::string(equity_index_name(rule.index)) + w.t(", of ") +
           std::string(rule_measure_name(rule.measure));
    }
    if (rule.kind == RuleKind::accessibility) m += w.t(", measure ") + std::string(rule_measure_name(rule.measure));
    if ((rule.kind == RuleKind::accessibility || rule.kind == RuleKind::equity) && rule.measure != RuleMeasure::nearest) {
      m += w.t(", decay ") + std::string(rule_decay_name(rule.decay));
    }
    m += zh ? "）\n" : ")\n";
    if (g.overall) {
      m += w.t("- Overall: ") + format_measure(rule, Scope::overall, g.overall->value, w.lang) + w.t(" against ") +
           format_measure(rule, Scope::overall, g.overall->threshold, w.lang) + (zh ? "：" : ": ") + w.verdict(*g.overall);
      if (!w.text(*g.overall).empty()) m += (zh ? "（" : " (") + md_line(w.text(*g.overall)) + (zh ? "）" : ")");
      m += "\n";
      if (!g.overall->facilities.empty()) {
        std::size_t per_status[4] = {0, 0, 0, 0};
        for (Id f : g.overall->facilities) ++per_status[static_cast<std::size_t>(facilities.status[f])];
        m += w.t("- Facilities counted: ") + std::to_string(g.overall->facilities.size()) + (zh ? " 处" : "");
        std::string parts;
        for (FacilityStatus s : {FacilityStatus::existing, FacilityStatus::planned, FacilityStatus::candidate,
                                 FacilityStatus::competitor}) {
          const std::size_t n = per_status[static_cast<std::size_t>(s)];
          if (n == 0) continue;
          parts += zh ? (parts.empty() ? "" : "，") + status_zh(to_string(s)) + " " + std::to_string(n)
                      : (parts.empty() ? "" : ", ") + std::to_string(n) + " " + to_string(s);
        }
        m += zh ? "（" + parts + "）\n" : " (" + parts + ")\n";
      }
    }
    m += w.t("- Source: ") + md_line(rule.source.empty() ? w.t("not given") : rule.source) + w.t(" (confidence ") +
         md_line(rule.confidence.empty() ? w.t("not given") : rule.confidence) + (zh ? "）" : ")") +
         (rule.preset ? w.t("; from a shipped preset") : "") + "\n";
    if (run && !run->missing_field.empty()) {
      if (zh) {
        m += w.t("- Missing field: no `") + md_line(run->missing_field) + "`（" + missing_in_zh(run->missing_in) + "中没有）\n";
      } else {
      m += "- Missing field: no `" + md_line(run->missing_field) + "` in the " +
           md_line(run->missing_in.empty() ? std::string("data") : run->missing_in) + "\n";
      }
    }
    for (const std::string& n : w.words.run_notes[i]) m += w.t("- Note: ") + md_line(n) + "\n";

    std::vector<const Verdict*> rows;
    for (const Verdict* v : g.all) {
      if (scope_of(*v) != Scope::overall && v->pass != true) rows.push_back(v);
    }
    // (An infinite shortfall, of a Palma ratio, is the largest.)
    const auto amount = [](const Verdict* v) { return std::isnan(v->shortfall) ? 0.0 : v->shortfall; };
    std::stable_sort(rows.begin(), rows.end(), [&](const Verdict* a, const Verdict* b) {
      if (amount(a) != amount(b)) return amount(a) > amount(b);
      return a->pass.has_value() && !b->pass.has_value();  // failing before not applicable
    });
    if (!rows.empty()) {
      m += w.t("\n| district | value | verdict | shortfall |\n|---|---:|---|---|\n");
      for (const Verdict* v : rows) {
        const Scope scope = scope_of(*v);
        m += "| " + md_cell(scope_label(*v, districts, w.lang)) + " | " + format_measure(rule, scope, v->value, w.lang) + " | " +
             w.verdict(*v) + " | " + md_cell(shortfall_words(w, *v)) + " |\n";
      }
    }
    if (g.districts > 0) {
      m += "\n" + (zh ? districts_passing_zh(g.districts_passing, g.districts) + "。\n"
                       : std::to_string(g.districts_passing) + " of " + std::to_string(g.districts) +
           (g.districts == 1 ? " district passes" : " districts pass") + ".\n");
    }
  }
  return m;
}

// ---- terminal table ------------------------------------------------------------------------------

// `s` cut to at most `width` columns at a character boundary, "..." marking the cut.
std::string fit(const std::string& s, std::size_t width) {
  if (display_width(s) <= width) return s;
  std::size_t end = 0, used = 0;
  while (end < s.size()) {
    std::size_t next = end + 1;
    while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xc0) == 0x80) ++next;
    const std::size_t w = display_width(std::string_view(s).substr(end, next - end));
    if (used + w + 3 > width) break;
    used += w;
    end = next;
  }
  return s.substr(0, end) + "...";
}

}  // namespace

int check_exit_code(const CheckResult& result) { return result.any_failure() ? 1 : 0; }

std::string check_table(const RuleSet& rules, const CheckResult& result, const Districts& districts, Lang lang) {
  return check_table(rules, result, check_words(rules, result, lang), districts, lang);
}

std::string check_table(const RuleSet& rules, const CheckResult& result, const CheckWords& words,
                        const Districts& districts, Lang lang) {
  check_references(rules, result, words, districts, nullptr);
  const Worded w{rules, result, words, lang};
  const bool zh = lang == Lang::zh;
  const std::vector<RuleVerdicts> grouped = by_rule(rules, result);
  constexpr std::size_t line_width = 120, value_w = 9, threshold_w = 9, verdict_w = 7, failing_w = 9, gap = 2;
  std::size_t id_w = 4;
  for (const Rule& r : rules.rules) id_w = std::max(id_w, display_width(r.id));
  id_w = std::min<std::size_t>(id_w, 44);
  const std::size_t used = id_w + value_w + threshold_w + verdict_w + failing_w + 5 * gap;
  const std::size_t shortfall_w = used + 20 < line_width ? line_width - used : 20;
  const std::string g(gap, ' ');

  std::string t = pad_right(w.t("rule"), id_w) + g + pad_left(w.t("value"), value_w) + g +
                  pad_left(w.t("threshold"), threshold_w) + g + pad_right(w.t("verdict"), verdict_w) + g +
                  pad_left(w.t("failing"), failing_w) + g + w.t("shortfall") + "\n";
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& rule = rules.rules[i];
    const RuleVerdicts& gr = grouped[i];
    const Verdict* o = gr.overall;
    const std::string failing = gr.districts_evaluated == 0 ? "-"
                                                            : std::to_string(gr.districts_failing) + "/" +
                                                                  std::to_string(gr.districts_evaluated);
    std::string line = pad_right(rule.id, id_w) + g +
                       pad_left(o ? format_measure(rule, Scope::overall, o->value, lang) : "-", value_w) + g +
                       pad_left(o ? format_measure(rule, Scope::overall, o->threshold, lang) : "-", threshold_w) + g +
                       pad_right(o ? w.verdict(*o) : w.t("n/a"), verdict_w) + g + pad_left(failing, failing_w) + g +
                       fit(o ? shortfall_words(w, *o) : w.t("no overall verdict"), shortfall_w);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    t += line + "\n";
  }
  if (zh) {
    t += verdicts_summary_zh(result.verdicts.size(), result.count(true), result.count(false), result.count(std::nullopt));
  } else {
  t += std::to_string(result.verdicts.size()) + " verdicts: " + std::to_string(result.count(true)) + " passed, " +
       std::to_string(result.count(false)) + " failed, " + std::to_string(result.count(std::nullopt)) + " n/a";
  }
  if (districts.size() > 0) t += w.t(" (overall and ") + std::to_string(districts.size()) + w.t(" districts)");
  if (result.demand_outside > 0.0 || result.facilities_outside > 0) {
    t += w.t("; outside every district: ") + format_amount(result.demand_outside, w.t("people"), lang) +
         (zh ? "，" : ", ") + std::to_string(result.facilities_outside) + (zh ? " 处设施" : " facilities");
  }
  t += "\n";
  return t;
}

namespace {

// districts.geojson: every district's outline with its verdicts counted (for maps and GIS): id,
// name, evaluated (verdicts with a pass or fail), failing (verdicts that fail) and failing_rules.
void write_district_verdicts(AtomicOutputs& out, const RuleSet& rules, const CheckResult& result, const Districts& districts,
                             const std::string& crs) {
  ensure_gdal();
  std::vector<int> evaluated(districts.size(), 0), failing(districts.size(), 0);
  std::vector<std::string> failing_rules(districts.size());
  for (const Verdict& v : result.verdicts) {
    if (v.district >= districts.size() || !v.pass) continue;
    ++evaluated[v.district];
    if (!*v.pass) {
      ++failing[v.district];
      std::string& list = failing_rules[v.district];
      list += (list.empty() ? "" : ", ") + rules.rules[v.rule].id;
    }
  }
  char* wkt = nullptr;
  crs_from_user(crs, "crs")->exportToWkt(&wkt);
  const std::string crs_wkt = wkt ? wkt : "";
  CPLFree(wkt);
  const auto temp = out.temp_for("districts.geojson");
  LayerWriter w(create_vector_file(VectorDriver::geojson, temp, "districts.geojson"), VectorDriver::geojson, "districts",
                "districts.geojson", LayerGeometry::polygons, crs_wkt);
  w.field("id", OFTString);
  w.field("name", OFTString);
  w.field("evaluated", OFTInteger);
  w.field("failing", OFTInteger);
  w.field("failing_rules", OFTString);
  for (Id d = 0; d < districts.size(); ++d) {
    OGRFeatureUniquePtr f = w.feature();
    f->SetField(0, districts.source_id[d].c_str());
    f->SetField(1, districts.name[d].c_str());
    f->SetField(2, evaluated[d]);
    f->SetField(3, failing[d]);
    f->SetField(4, failing_rules[d].c_str());
    w.set_polygon(*f, districts.wkb[d]);
    w.add(*f);
  }
  w.close();
}

}  // namespace

void write_check_reports(const std::string& out_dir, const RuleSet& rules, const CheckResult& result,
                         const Districts& districts, const Facilities& facilities, const Categories& categories,
                         const CheckRunInfo& info, Lang lang) {
  write_check_reports(out_dir, rules, result, check_words(rules, result, lang), districts, facilities, categories, info,
                      lang);
}

void write_check_reports(const std::string& out_dir, const RuleSet& rules, const CheckResult& result,
                         const CheckWords& words, const Districts& districts, const Facilities& facilities,
                         const Categories& categories, const CheckRunInfo& info, Lang lang) {
  check_references(rules, result, words, districts, &facilities);
  const Worded w{rules, result, words, lang};
  // Everything is composed before the folder is touched, so a failure here leaves nothing behind.
  const std::pair<const char*, std::string> files[] = {
      {"report.json", report_json(w, districts, facilities, categories, info)},
      {"junit.xml", junit_xml(w, districts)},
      {"report.md", report_md(w, districts, facilities, info)},
  };
  AtomicOutputs out(out_dir);
  out.replace_earlier_run();
  for (const auto& [name, text] : files) {
    const auto temp = out.temp_for(name);
    std::ofstream f(temp, std::ios::binary);
    f << text;
    f.close();
    if (!f) throw InputError((out.dir() / name).string() + ": cannot write the file");
  }
  if (districts.size() > 0 && !info.crs.empty()) write_district_verdicts(out, rules, result, districts, info.crs);
  out.commit();
}

}  // namespace lc::io

#include "io/write_access.hpp"

#include <cmath>
#include <fstream>

#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "core/check_result.hpp"
#include "core/format.hpp"
#include "io/atomic_output.hpp"
#include "io/error.hpp"
#include "io/gdal_env.hpp"
#include "io/gdal_writers.hpp"
#include "io/geojson_points.hpp"
#include "io/html_text.hpp"
#include "io/summary.hpp"
#include "io/words_zh.hpp"
#include "io/write_target.hpp"

namespace lc::io {

namespace {

using nlohmann::json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

bool has_sites(AccessKind k) { return k != AccessKind::proximity; }

const char* measure_title(AccessKind k) {
  switch (k) {
    case AccessKind::cumulative: return "cumulative opportunities";
    case AccessKind::gravity: return "gravity accessibility";
    case AccessKind::two_step: return "two-step floating catchment (2SFCA)";
    case AccessKind::enhanced_two_step: return "enhanced two-step floating catchment (E2SFCA)";
    case AccessKind::three_step: return "three-step floating catchment (3SFCA)";
    case AccessKind::proximity: return "proximity time";
    case AccessKind::capacity: return "capacity-limited coverage";
  }
  return "";
}

const char* measure_source(AccessKind k) {
  switch (k) {
    case AccessKind::cumulative: return "Handy & Niemeier (1997), cumulative opportunities";
    case AccessKind::gravity: return "Hansen (1959), gravity";
    case AccessKind::two_step: return "Luo & Wang (2003), 2SFCA";
    case AccessKind::enhanced_two_step: return "Luo & Qi (2009), E2SFCA";
    case AccessKind::three_step: return "Wan, Zou & Sternberg (2012), 3SFCA";
    case AccessKind::proximity:
      return "Bruno, Monteiro Melo, Campanelli & Loreto (2024), Nature Cities: the mean time to the nearest k "
             "services of each category, averaged over the categories; the score is the share of people whose "
             "mean is within the target";
    case AccessKind::capacity:
      return "WHO AccessMod geographic coverage: facilities in priority order, each serving the nearest "
             "not-yet-served people first, up to its capacity";
  }
  return "";
}

json equity_json(const EquityFigures& f) {
  return {{"population", f.population},
          {"population_excluded", f.population_excluded},
          {"mean", number(f.mean)},
          {"gini", number(f.gini)},
          {"palma", number(f.palma)},
          {"theil", number(f.theil)},
          {"concentration", number(f.concentration)},
          {"palma_infinite", std::isinf(f.palma)}};
}

json equity_json(const AccessEquity& e) {
  json j = equity_json(e.overall);
  j["weight"] = e.weight;
  j["lorenz"] = {{"population_share", e.lorenz.population_share}, {"measure_share", e.lorenz.measure_share}};
  return j;
}

double weight_with_no_site(const AccessRun& run, const AccessCategory& c) {
  double w = 0.0;
  for (std::size_t i = 0; i < c.sites_within.size(); ++i) {
    if (c.sites_within[i] == 0 && std::isfinite(run.weight[i])) w += run.weight[i];
  }
  return w;
}

json summary_of(const AccessRun& run) {
  const Inputs& in = run.inputs;
  const AccessRunInfo& info = run.info;
  const AccessKind m = info.measure;
  json j;
  j["measure"] = to_string(m);
  j["measure_title"] = measure_title(m);
  j["definition"] = measure_source(m);
  j["decay"] = info.decay;
  j["decay_parameters"] = info.decay_params;
  if (m == AccessKind::two_step || m == AccessKind::enhanced_two_step || m == AccessKind::three_step) j["per"] = info.per;
  if (m == AccessKind::proximity) j["k"] = info.k;
  j["value_unit"] = info.value_unit;
  j["supply_field"] = info.supply_field.empty() ? json(nullptr) : json(info.supply_field);
  j["weight"] = info.weight_field.empty() ? "population" : info.weight_field;
  if (m == AccessKind::capacity) {
    j["places_per_person"] = info.places_per_person;
    j["priority"] = info.priority;
  }
  j["rank_by"] = info.rank_by.empty() ? json(nullptr) : json(info.rank_by);
  j["mode"] = info.mode;
  if (info.network.used) {
    const NetworkRunInfo& n = info.network;
    auto ids = [](const std::vector<std::string>& v) {
      json a = json::array();
      for (std::size_t i = 0; i < v.size() && i < 1000; ++i) a.push_back(v[i]);
      return json{{"count", v.size()}, {"ids", a}};
    };
    j["network"] = {{"roads", n.roads_source},
                    {"road_profile", n.road_profile},
                    {"walk_speed_mps", n.walk_speed_mps},
                    {"max_snap_m", n.max_snap_m},
                    {"nodes", n.nodes},
                    {"segments", n.segments},
                    {"components", n.components},
                    {"demand_beyond_snap", ids(n.demand_unsnapped)},
                    {"facilities_beyond_snap", ids(n.facility_unsnapped)},
                    {"note", "costs are for travelling from the demand point to the facility; the part between a point "
                             "and its nearest road is walked at the walking speed"}};
  }
  j["demand_points"] = in.demand.size();
  double pop = 0.0, weight = 0.0;
  for (std::size_t i = 0; i < run.residents.size(); ++i) {
    if (std::isfinite(run.residents[i])) pop += run.residents[i];
    if (std::isfinite(run.weight[i])) weight += run.weight[i];
  }
  j["population_total"] = pop;
  j["weight_total"] = weight;

  json cats = json::object();
  for (const AccessCategory& c : run.categories) {
    const std::string& name = in.categories.names[c.category];
    json cj;
    cj["column"] = access_column(name, m);
    cj["facility_count"] = c.facilities.size();
    cj["within"] = c.within.text;
    cj["within_m"] = number(c.within.metres());
    cj["within_s"] = number(c.within.seconds());
    if (!c.supply.empty()) {
      double total = 0.0;
      for (double s : c.supply) total += std::isfinite(s) ? s : 0.0;
      cj["supply_total"] = total;
      cj["supply_unknown"] = c.supply_unknown;
    }
    if (m == AccessKind::capacity) {
      cj["weight_total"] = c.weight_total;
      cj["covered"] = c.covered;
      cj["unserved_in_reach"] = c.unserved_in_reach;
      cj["out_of_reach"] = c.out_of_reach;
      cj["share_covered"] = number(c.weight_total > 0 ? c.covered / c.weight_total : NAN);
      cj["definition"] = "covered: served by a facility; unserved_in_reach: within reach of one but left for lack of "
                         "capacity; out_of_reach: within reach of none";
    }
    if (has_sites(m)) cj["weight_without_facility_in_reach"] = weight_with_no_site(run, c);
    if (m == AccessKind::proximity) cj["weight_not_reached"] = c.equity.overall.population_excluded;
    cj["equity"] = equity_json(c.equity);
    if (c.residents_equity) cj["equity_residents"] = equity_json(*c.residents_equity);
    if (c.facilities.empty()) cj["note"] = "no " + name + " facility in the data";
    cats[name] = cj;
  }
  j["categories"] = cats;
  json order = json::array();  // "categories" is written by name: the run's order, for maps and readers
  for (const AccessCategory& c : run.categories) order.push_back(in.categories.names[c.category]);
  j["category_order"] = order;
  if (run.proximity.used) {
    const AccessProximity& p = run.proximity;
    j["proximity"] = {{"column", "proximity"},
                      {"target_min", p.target_min},
                      {"k", info.k},
                      {"weight_total", p.weight_total},
                      {"weight_within_target", p.weight_within_target},
                      {"weight_not_reached", p.weight_not_reached},
                      {"score", p.score},
                      {"equity", equity_json(p.equity)},
                      {"definition", "per point, the mean over the categories of the mean minutes to the nearest k "
                                     "facilities of each; not reached when a category has fewer than k within the "
                                     "search limit (--within); score: share of the weight whose mean is within the "
                                     "target"}};
    if (p.residents_equity) j["proximity"]["equity_residents"] = equity_json(*p.residents_equity);
  }

  if (in.districts.size() > 0) {
    json ds = json::array();
    for (Id d = 0; d < in.districts.size(); ++d) {
      json dj;
      dj["name"] = in.districts.name[d];
      dj["population"] = run.district_population[d];
      dj["weight"] = run.district_weight[d];
      json dc = json::object();
      for (const AccessCategory& c : run.categories) {
        json f = equity_json(c.equity.districts[d]);
        if (c.residents_equity) f["residents"] = equity_json(c.residents_equity->districts[d]);
        dc[in.categories.names[c.category]] = f;
      }
      dj["categories"] = dc;
      if (run.proximity.used) {
        dj["proximity_score"] = number(run.proximity.district_score[d]);
        dj["proximity"] = equity_json(run.proximity.equity.districts[d]);
      }
      ds.push_back(dj);
    }
    j["districts"] = {{"source", in.districts.source},
                      {"definition", "per district, the figures of the demand points inside it (mean: the "
                                     "weighted mean of the measure; capacity: the share of the weight served)"},
                      {"list", ds}};
  }
  j["equity_definitions"] = {
      {"gini", "population-weighted Gini over the Lorenz curve (trapezoid rule; Cowell 2011)"},
      {"palma", "share held by the top 10 % over the share of the bottom 40 % (Palma 2011; Cobham & Sumner 2013)"},
      {"theil", "Theil T (Theil 1967)"},
      {"concentration", "2 cov(measure, fractional rank by --rank-by) / mean (O'Donnell et al. 2008, World Bank)"},
      {"excluded", "points with no value (proximity: not reached) are left out of the indices; their weight is population_excluded"}};

  json inputs;
  json fac = json::array();
  bool osm = false;
  for (const FacilitySource& s : info.facility_sources) {
    json f = {{"source", masked_connection(s.path)}, {"layer", s.layer}};
    if (!s.category.empty()) f["category"] = s.category;
    if (!s.category_field.empty()) f["category_field"] = s.category_field;
    if (is_osm_path(s.path)) osm = true;
    fac.push_back(f);
  }
  inputs["facilities"] = fac;
  inputs["demand"] = {{"source", masked_connection(info.demand_source.path)},
                      {"layer", info.demand_source.layer},
                      {"population_field", info.demand_source.population_field}};
  if (is_osm_path(info.demand_source.path)) osm = true;
  j["inputs"] = inputs;
  j["options"] = {{"crs", info.load_options.metric_crs.empty() ? "auto" : info.load_options.metric_crs},
                  {"cell_size_m", info.load_options.cell_size_m}};
  json skipped = json::array();
  for (std::size_t i = 0; i < in.skipped.size() && i < 1000; ++i) {
    skipped.push_back({{"where", in.skipped[i].where}, {"reason", in.skipped[i].reason}});
  }
  j["skipped"] = {{"count", in.skipped.size()}, {"features", skipped}};
  j["notes"] = in.notes;
  write_summary_header(j, {info.command_line, true, in.crs, in.population_basis, in.population_basis_zh, osm,
                          in.census ? &*in.census : nullptr});
  return j;
}

// --- reports -----------------------------------------------------------------------------------

std::string fig(double v, int decimals = 3) { return std::isfinite(v) ? fixed(v, decimals) : v > 0 ? "∞" : "–"; }

std::string share(double v, Lang lang) {
  if (!std::isfinite(v)) return "–";
  return lang == Lang::zh ? percent_zh(v) : percent(v);
}


const char* measure_source_zh(AccessKind k) {
  switch (k) {
    case AccessKind::cumulative: return "Handy & Niemeier (1997)，累积机会法";
    case AccessKind::gravity: return "Hansen (1959)，重力模型";
    case AccessKind::two_step: return "Luo & Wang (2003)，两步移动搜寻法";
    case AccessKind::enhanced_two_step: return "Luo & Qi (2009)，增强两步移动搜寻法";
    case AccessKind::three_step: return "Wan, Zou & Sternberg (2012)，三步移动搜寻法";
    case AccessKind::proximity:
      return "Bruno, Monteiro Melo, Campanelli & Loreto (2024)，Nature Cities：至各类最近 k 处设施的平均时间，再对各类取平均；"
             "得分为平均时间在目标以内的人口比例";
    case AccessKind::capacity:
      return "WHO AccessMod 地理覆盖分析：设施按优先顺序，各自先服务距离最近、尚未获得服务的人口，直至容量用尽";
  }
  return "";
}

// The decay in Chinese where it has no parameters; otherwise its formula as written.
std::string decay_zh(const std::string& params) {
  if (params == "step") return "无衰减（范围内同等计）";
  if (params == "gaussian") return "高斯衰减（Dai 2010）";
  if (params == "linear") return "线性衰减";
  return params;
}

// The words of report.md and report.html, in the report's language.
struct ReportWords {
  Lang lang = Lang::en;
  std::string title, measure, values, decay, mode, weight, basis;
  std::string people;  // the weight, as a table heading
  std::string overall, category, none, mean, gini, palma, theil, concentration, extra;
  std::string districts, district, districts_note, all_categories, notes;
  std::string lorenz, lorenz_x, lorenz_y, lorenz_caption, attribution;

  std::string category_name(const std::string& c) const { return lang == Lang::zh ? category_zh(c) : c; }
};

std::string weight_name(const AccessRun& run) { return run.info.weight_field.empty() ? "population" : run.info.weight_field; }

ReportWords report_words(const AccessRun& run, Lang lang) {
  const AccessRunInfo& info = run.info;
  const AccessKind m = info.measure;
  ReportWords w;
  w.lang = lang;
  const std::string people = weight_name(run);
  if (lang == Lang::en) {
    w.title = "Accessibility: " + std::string(measure_title(m));
    w.measure = std::string("Measure: ") + measure_source(m);
    w.values = "Values: " + info.value_unit;
    w.decay = "Decay: " + info.decay_params;
    w.mode = "Mode: " + info.mode;
    w.weight = "Weight: " + people;
    w.people = people;
    w.basis = "Population basis: " + run.inputs.population_basis;
    w.overall = "Overall", w.category = "category", w.mean = "mean", w.gini = "Gini", w.palma = "Palma", w.theil = "Theil";
    w.concentration = "concentration";
    w.none = m == AccessKind::proximity ? "not reached" : "none in reach";
    if (m == AccessKind::capacity) w.extra = "served";
    if (run.proximity.used) w.extra = "within " + shortest(run.proximity.target_min) + " min";
    w.districts = "Districts", w.district = "district";
    w.districts_note = std::string("Mean of the measure (Gini in brackets)") +
                       (run.proximity.used ? "; points not reached within the search limit are left out of the means" : "") + ".";
    w.all_categories = "all categories", w.notes = "Notes", w.lorenz = "Lorenz curves";
    w.lorenz_x = "share of " + people + ", least served first";
    w.lorenz_y = "share of the measure";
    w.lorenz_caption = "The closer a curve to the dashed diagonal, the more evenly the measure is shared among the " + people + ".";
    w.attribution = "Contains OpenStreetMap data, © OpenStreetMap contributors, ODbL 1.0.";
    return w;
  }
  const std::string people_zh = info.weight_field.empty() ? "人" : info.weight_field;
  const std::string supply_zh = info.supply_field.empty() ? "设施数" : info.supply_field;
  std::string values;
  switch (m) {
    case AccessKind::cumulative: values = "服务范围内的" + supply_zh; break;
    case AccessKind::gravity: values = "按距离衰减加权的服务范围内" + supply_zh; break;
    case AccessKind::proximity: values = "至最近 " + std::to_string(info.k) + " 处同类设施的平均时间（分钟）"; break;
    case AccessKind::capacity: values = "获得服务的" + (info.weight_field.empty() ? std::string("人口") : info.weight_field) + "比例（0–1）"; break;
    default: values = "每 " + shortest(info.per) + " " + people_zh + "拥有的" + supply_zh; break;
  }
  w.title = "可达性：" + measure_zh(to_string(m));
  w.measure = std::string("方法：") + measure_source_zh(m);
  w.values = "数值：" + values;
  w.decay = "距离衰减：" + decay_zh(info.decay_params);
  w.mode = "出行方式：" + mode_zh(info.mode);
  w.people = info.weight_field.empty() ? std::string("常住人口") : info.weight_field;
  w.weight = "权重：" + w.people;
  w.basis = "人口口径：" + (run.inputs.population_basis_zh.empty() ? run.inputs.population_basis : run.inputs.population_basis_zh);
  w.overall = "总体", w.category = "类别", w.mean = "均值", w.gini = "基尼系数", w.palma = "帕尔玛比值", w.theil = "泰尔指数";
  w.concentration = "集中指数";
  w.none = m == AccessKind::proximity ? "未达" : "范围内无设施";
  if (m == AccessKind::capacity) w.extra = "获得服务";
  if (run.proximity.used) w.extra = shortest(run.proximity.target_min) + "分钟以内";
  w.districts = "分区", w.district = "分区";
  w.districts_note = std::string("指标均值（括号内为基尼系数）") + (run.proximity.used ? "；搜索范围内未达的需求点不计入均值" : "") + "。";
  w.all_categories = "各类综合", w.notes = "说明", w.lorenz = "洛伦兹曲线";
  w.lorenz_x = (info.weight_field.empty() ? std::string("人口") : info.weight_field) + "累计比例（服务最差者在前）";
  w.lorenz_y = "指标累计比例";
  w.lorenz_caption = "曲线越接近虚线对角线，指标在人群中的分配越均衡。";
  w.attribution = "包含 OpenStreetMap 数据，© OpenStreetMap 贡献者，ODbL 1.0。";
  return w;
}

struct Row {
  std::string name;
  const EquityFigures* f;
  double extra;  // capacity: share covered; proximity: the score; else NaN
  double none;   // share of the weight with no facility in reach (proximity: not reached)
};

std::vector<Row> category_rows(const AccessRun& run, const ReportWords& w) {
  std::vector<Row> rows;
  for (const AccessCategory& c : run.categories) {
    const double extra = run.info.measure == AccessKind::capacity
                             ? (c.weight_total > 0 ? c.covered / c.weight_total : NAN)
                             : NAN;
    const double all = c.equity.overall.population + c.equity.overall.population_excluded;
    const double none = has_sites(run.info.measure) ? weight_with_no_site(run, c) : c.equity.overall.population_excluded;
    rows.push_back({w.category_name(run.inputs.categories.names[c.category]), &c.equity.overall, extra, all > 0 ? none / all : NAN});
  }
  if (run.proximity.used) {
    const AccessProximity& p = run.proximity;
    rows.push_back({w.all_categories, &p.equity.overall, p.score, p.weight_total > 0 ? p.weight_not_reached / p.weight_total : NAN});
  }
  return rows;
}

std::string count(double v, Lang lang) { return lang == Lang::zh ? count_zh(v) : thousands(v); }

}  // namespace

std::string access_column(const std::string& category, AccessKind measure) {
  return category + "_" + to_string(measure);
}

std::string access_summary_json(const AccessRun& run) { return summary_of(run).dump(2) + "\n"; }

std::string access_report_markdown(const AccessRun& run, Lang lang) {
  const ReportWords w = report_words(run, lang);
  std::string s = "# " + w.title + "\n\n";
  for (const std::string* line : {&w.measure, &w.values, &w.decay, &w.mode, &w.weight, &w.basis}) s += "- " + *line + "\n";
  const bool extra = !w.extra.empty();
  s += "\n## " + w.overall + "\n\n| " + w.category + " | " + w.people +
       " | " + w.none + " | " + w.mean + " | " + w.gini + " | " + w.palma + " | " + w.theil + " | " + w.concentration + " |" +
       (extra ? " " + w.extra + " |" : "") + "\n|---|---:|---:|---:|---:|---:|---:|---:|" + (extra ? "---:|" : "") + "\n";
  for (const Row& r : category_rows(run, w)) {
    s += "| " + r.name + " | " + count(r.f->population + r.f->population_excluded, lang) + " | " + share(r.none, lang) + " | " +
         fig(r.f->mean) + " | " + fig(r.f->gini) + " | " + fig(r.f->palma) + " | " + fig(r.f->theil) + " | " +
         fig(r.f->concentration) + " |" + (extra ? " " + share(r.extra, lang) + " |" : "") + "\n";
  }
  const Districts& ds = run.inputs.districts;
  if (ds.size() > 0) {
    s += "\n## " + w.districts + "\n\n" + w.districts_note + "\n\n| " + w.district + " | " +
         w.people;
    for (const AccessCategory& c : run.categories) s += " | " + w.category_name(run.inputs.categories.names[c.category]);
    if (run.proximity.used) s += " | " + w.all_categories + " | " + w.extra;
    s += " |\n|---|---:";
    for (std::size_t k = 0; k < run.categories.size() + (run.proximity.used ? 2 : 0); ++k) s += "|---:";
    s += "|\n";
    for (Id d = 0; d < ds.size(); ++d) {
      s += "| " + ds.name[d] + " | " + count(run.district_weight[d], lang);
      for (const AccessCategory& c : run.categories) {
        const EquityFigures& f = c.equity.districts[d];
        s += " | " + fig(f.mean) + " (" + fig(f.gini, 2) + ")";
      }
      if (run.proximity.used) {
        const EquityFigures& f = run.proximity.equity.districts[d];
        s += " | " + fig(f.mean) + " (" + fig(f.gini, 2) + ") | " + share(run.proximity.district_score[d], lang);
      }
      s += " |\n";
    }
  }
  if (!run.inputs.notes.empty()) {
    s += "\n## " + w.notes + "\n\n";
    for (const std::string& n : run.inputs.notes) s += "- " + n + "\n";
  }
  return s;
}

std::string access_report_html(const AccessRun& run, Lang lang) {
  const ReportWords w = report_words(run, lang);
  static const char* colours[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"};
  std::string h = std::string("<!DOCTYPE html>\n<html lang=\"") + (lang == Lang::zh ? "zh-CN" : "en") +
                  "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(w.title) +
                  "</title>\n<style>\nbody{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei','Noto Sans',sans-serif;"
                  "margin:2em;max-width:60em;color:#222}"
                  "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em}"
                  "td.n{text-align:right}th{background:#f3f3f3}figure{margin:1em 0}figcaption{font-size:.9em;color:#555}\n"
                  "</style>\n</head>\n<body>\n<h1>" + html_escape(w.title) + "</h1>\n<ul>\n";
  for (const std::string* line : {&w.measure, &w.values, &w.decay, &w.mode, &w.weight, &w.basis}) {
    h += "<li>" + html_escape(*line) + "</li>\n";
  }
  h += "</ul>\n";
  const bool extra = !w.extra.empty();
  h += "<h2>" + html_escape(w.overall) + "</h2>\n<table>\n<tr><th>" + html_escape(w.category) + "</th><th>" +
       html_escape(w.people) + "</th><th>" + html_escape(w.none) + "</th><th>" + html_escape(w.mean) + "</th><th>" +
       html_escape(w.gini) + "</th><th>" + html_escape(w.palma) + "</th><th>" + html_escape(w.theil) + "</th><th>" +
       html_escape(w.concentration) + "</th>" + (extra ? "<th>" + html_escape(w.extra) + "</th>" : "") + "</tr>\n";
  for (const Row& r : category_rows(run, w)) {
    h += "<tr><td>" + html_escape(r.name) + "</td><td class=n>" + count(r.f->population + r.f->population_excluded, lang) +
         "</td><td class=n>" + share(r.none, lang) + "</td><td class=n>" + fig(r.f->mean) + "</td><td class=n>" +
         fig(r.f->gini) + "</td><td class=n>" + fig(r.f->palma) + "</td><td class=n>" + fig(r.f->theil) +
         "</td><td class=n>" + fig(r.f->concentration) + "</td>" + (extra ? "<td class=n>" + share(r.extra, lang) + "</td>" : "") +
         "</tr>\n";
  }
  h += "</table>\n";

  // The Lorenz curves: population share across, the measure's share up; the diagonal is equality.
  std::vector<std::pair<std::string, const AccessEquity*>> curves;
  for (const AccessCategory& c : run.categories) curves.emplace_back(w.category_name(run.inputs.categories.names[c.category]), &c.equity);
  if (run.proximity.used) curves.emplace_back(w.all_categories, &run.proximity.equity);
  const double x0 = 50, y0 = 20, side = 360;
  h += "<h2>" + html_escape(w.lorenz) + "</h2>\n<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"430\" "
       "viewBox=\"0 0 640 430\" role=\"img\" aria-label=\"" + html_escape(w.lorenz) + "\">\n";
  h += "<rect x=\"50\" y=\"20\" width=\"360\" height=\"360\" fill=\"none\" stroke=\"#999\"/>\n";
  for (int k = 1; k < 5; ++k) {
    const double t = side * k / 5.0;
    h += "<line x1=\"" + fixed(x0 + t, 1) + "\" y1=\"20\" x2=\"" + fixed(x0 + t, 1) + "\" y2=\"380\" stroke=\"#eee\"/>";
    h += "<line x1=\"50\" y1=\"" + fixed(y0 + t, 1) + "\" x2=\"410\" y2=\"" + fixed(y0 + t, 1) + "\" stroke=\"#eee\"/>\n";
  }
  for (int k = 0; k <= 5; ++k) {
    const std::string label = std::to_string(k * 20) + "%";
    h += "<text x=\"" + fixed(x0 + side * k / 5.0, 1) + "\" y=\"396\" font-size=\"11\" text-anchor=\"middle\">" + label + "</text>";
    h += "<text x=\"44\" y=\"" + fixed(y0 + side - side * k / 5.0 + 4, 1) + "\" font-size=\"11\" text-anchor=\"end\">" + label + "</text>\n";
  }
  h += "<text x=\"230\" y=\"418\" font-size=\"12\" text-anchor=\"middle\">" + html_escape(w.lorenz_x) + "</text>\n";
  h += "<text x=\"14\" y=\"200\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 200)\">" +
       html_escape(w.lorenz_y) + "</text>\n";
  h += "<line x1=\"50\" y1=\"380\" x2=\"410\" y2=\"20\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n";
  for (std::size_t k = 0; k < curves.size(); ++k) {
    const LorenzCurve& l = curves[k].second->lorenz;
    const char* colour = colours[k % 8];
    std::string pts;
    for (std::size_t v = 0; v < l.population_share.size(); ++v) {
      if (!std::isfinite(l.measure_share[v])) continue;
      pts += fixed(x0 + side * l.population_share[v], 1) + "," + fixed(y0 + side - side * l.measure_share[v], 1) + " ";
    }
    h += "<polyline fill=\"none\" stroke=\"" + std::string(colour) + "\" stroke-width=\"2\" points=\"" + pts + "\"/>\n";
    const double ly = 40 + 20.0 * static_cast<double>(k);
    h += "<line x1=\"430\" y1=\"" + fixed(ly, 0) + "\" x2=\"450\" y2=\"" + fixed(ly, 0) + "\" stroke=\"" + colour +
         "\" stroke-width=\"2\"/><text x=\"456\" y=\"" + fixed(ly + 4, 0) + "\" font-size=\"12\">" +
         html_escape(curves[k].first) + " (" + html_escape(w.gini) + " " + fig(curves[k].second->overall.gini, 2) + ")</text>\n";
  }
  h += "</svg>\n<figcaption>" + html_escape(w.lorenz_caption) + "</figcaption>\n</figure>\n";

  const Districts& ds = run.inputs.districts;
  if (ds.size() > 0) {
    h += "<h2>" + html_escape(w.districts) + "</h2>\n<p>" + html_escape(w.districts_note) + "</p>\n<table>\n<tr><th>" +
         html_escape(w.district) + "</th><th>" + html_escape(w.people) + "</th>";
    for (const AccessCategory& c : run.categories) {
      h += "<th>" + html_escape(w.category_name(run.inputs.categories.names[c.category])) + "</th>";
    }
    if (run.proximity.used) h += "<th>" + html_escape(w.all_categories) + "</th><th>" + html_escape(w.extra) + "</th>";
    h += "</tr>\n";
    for (Id d = 0; d < ds.size(); ++d) {
      h += "<tr><td>" + html_escape(ds.name[d]) + "</td><td class=n>" + count(run.district_weight[d], lang) + "</td>";
      for (const AccessCategory& c : run.categories) {
        const EquityFigures& f = c.equity.districts[d];
        h += "<td class=n>" + fig(f.mean) + " (" + fig(f.gini, 2) + ")</td>";
      }
      if (run.proximity.used) {
        const EquityFigures& f = run.proximity.equity.districts[d];
        h += "<td class=n>" + fig(f.mean) + " (" + fig(f.gini, 2) + ")</td><td class=n>" +
             share(run.proximity.district_score[d], lang) + "</td>";
      }
      h += "</tr>\n";
    }
    h += "</table>\n";
  }
  if (!run.inputs.notes.empty()) {
    h += "<h2>" + html_escape(w.notes) + "</h2>\n<ul>\n";
    for (const std::string& n : run.inputs.notes) h += "<li>" + html_escape(n) + "</li>\n";
    h += "</ul>\n";
  }
  if (run.inputs.openstreetmap) h += "<p>" + html_escape(w.attribution) + "</p>\n";
  h += "</body>\n</html>\n";
  return h;
}

void write_access_outputs(const std::string& out_dir, const AccessRun& run, const OutputOptions& options, Lang lang) {
  StageClock clock;
  ensure_gdal();
  GdalMessages messages;
  OutputTarget out(out_dir, options, "access");
  const Inputs& in = run.inputs;
  const auto& names = in.categories.names;
  const AccessKind m = run.info.measure;

  OGRSpatialReference crs;
  crs.importFromWkt(in.crs_wkt.c_str());
  crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

  const int decimals = m == AccessKind::proximity ? 2 : 6;
  {  // demand
    std::vector<PointColumn> cols;
    cols.push_back(string_column("id", [&](std::size_t d) { return in.demand.source_id[d]; }));
    cols.push_back(number_column("population", [&](std::size_t d) { return in.demand.weight[d]; }, 3));
    for (const auto& [name, values] : in.demand.attributes) {
      const std::vector<double>* v = &values;
      cols.push_back(number_column(name, [v](std::size_t d) { return (*v)[d]; }, 3));
    }
    if (!run.demand_district.empty()) {
      cols.push_back(string_column("district", [&](std::size_t d) {
        const Id k = run.demand_district[d];
        return k < in.districts.size() ? in.districts.name[k] : std::string();
      }));
    }
    for (const AccessCategory& c : run.categories) {
      const std::string& n = names[c.category];
      cols.push_back(number_column(access_column(n, m), [&c](std::size_t d) { return c.value[d]; }, decimals));
      if (m == AccessKind::capacity) {
        cols.push_back(number_column(n + "_served", [&c](std::size_t d) { return c.served[d]; }, 3));
      }
      if (has_sites(m)) {
        cols.push_back(integer_column(n + "_sites", [&c](std::size_t d) { return static_cast<long long>(c.sites_within[d]); }));
      }
    }
    if (run.proximity.used) {
      const AccessProximity& p = run.proximity;
      cols.push_back(number_column("proximity", [&p](std::size_t d) { return p.overall[d]; }, 2));
      cols.push_back(boolean_column("proximity_within_target", [&p](std::size_t d) { return p.overall[d] <= p.target_min; }));
    }
    out.points("demand", crs, in.demand.x_m, in.demand.y_m, cols);
  }
  if (has_sites(m)) {  // facilities: what each serves
    struct SiteRow {
      const AccessCategory* c;
      std::size_t k;
    };
    std::vector<SiteRow> rows;
    std::vector<Id> ids;
    for (const AccessCategory& c : run.categories) {
      for (std::size_t k = 0; k < c.facilities.size(); ++k) {
        rows.push_back({&c, k});
        ids.push_back(c.facilities[k]);
      }
    }
    std::vector<PointColumn> cols;
    cols.push_back(number_column("supply", [&](std::size_t i) {
      return rows[i].c->supply.empty() ? 1.0 : rows[i].c->supply[rows[i].k];
    }, 3));
    if (m == AccessKind::capacity) {
      cols.push_back(integer_column("priority", [&](std::size_t i) {
        const Id p = rows[i].c->site_priority[rows[i].k];
        return p == invalid_id ? -1LL : static_cast<long long>(p) + 1;
      }));
      cols.push_back(number_column("capacity_people", [&](std::size_t i) { return rows[i].c->site_capacity_people[rows[i].k]; }, 3));
      cols.push_back(number_column("served", [&](std::size_t i) { return rows[i].c->site_served[rows[i].k]; }, 3));
      cols.push_back(number_column("capacity_used", [&](std::size_t i) { return rows[i].c->site_capacity_used[rows[i].k]; }, 4));
    } else {
      cols.push_back(number_column("demand_in_catchment", [&](std::size_t i) { return rows[i].c->site_demand[rows[i].k]; }, 3));
      cols.push_back(number_column("supply_ratio", [&](std::size_t i) { return rows[i].c->site_ratio[rows[i].k]; }, 6));
    }
    write_facility_points(out, in, ids, cols);
  }
  if (in.districts.size() > 0) {  // districts: the figures per district
    std::unique_ptr<LayerWriter> layer = out.polygons("districts", in.crs_wkt);
    LayerWriter& w = *layer;
    w.field("name", OFTString);
    w.field("population", OFTReal);
    w.field("weight", OFTReal);
    for (const AccessCategory& c : run.categories) {
      const std::string& n = names[c.category];
      w.field(n + "_mean", OFTReal);
      w.field(n + "_gini", OFTReal);
    }
    if (run.proximity.used) w.field("proximity_score", OFTReal);
    for (Id d = 0; d < in.districts.size(); ++d) {
      OGRFeatureUniquePtr f = w.feature();
      int field = 0;
      f->SetField(field++, in.districts.name[d].c_str());
      f->SetField(field++, run.district_population[d]);
      f->SetField(field++, run.district_weight[d]);
      for (const AccessCategory& c : run.categories) {
        for (double v : {c.equity.districts[d].mean, c.equity.districts[d].gini}) {
          if (std::isfinite(v)) f->SetField(field, v);
          else f->SetFieldNull(field);
          ++field;
        }
      }
      if (run.proximity.used) {
        const double v = run.proximity.district_score[d];
        if (std::isfinite(v)) f->SetField(field, v);
        else f->SetFieldNull(field);
      }
      w.set_polygon(*f, in.districts.wkb[d]);
      w.add(*f);
    }
    out.finish(std::move(layer));
  }
  json summary = summary_of(run);
  if (!out.is_database()) {
    AtomicOutputs& files = out.files();
    for (const auto& [name, text] : {std::pair<std::string, std::string>{"report.md", access_report_markdown(run, lang)},
                                     std::pair<std::string, std::string>{"report.html", access_report_html(run, lang)}}) {
      const auto temp = files.temp_for(name);
      std::ofstream f(temp, std::ios::binary);
      f << text;
      f.close();
      if (!f) throw InputError((files.dir() / name).string() + ": cannot write the file");
    }
  }
  summary["output_crs"] = out.output_crs();
  out.describe(summary);
  write_timings(summary, run.info.timings, run.info.threads, clock.lap());
  out.summary(summary.dump(2) + "\n");
  out.commit();
}

}  // namespace lc::io

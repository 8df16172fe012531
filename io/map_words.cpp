#include "io/map_words.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/format.hpp"
#include "io/error.hpp"
#include "io/words_zh.hpp"

namespace lc::io {

using nlohmann::json;

MapWords MapWords::of(const std::string& lang) {
  if (lang != "en" && lang != "zh") throw UsageError("--lang '" + lang + "': en or zh");
  return MapWords{lang == "zh"};
}

std::string MapWords::category(const std::string& name) const {
  if (zh) return category_zh(name);  // the terminal's and the reports' names too
  std::string s = name;
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string MapWords::within(const json& c, const std::string& mode) const {
  if (c.contains("within_s") && c["within_s"].is_number()) {
    const double min = c["within_s"].get<double>() / 60.0;
    const std::string m = fixed(min, std::fabs(min - std::round(min)) < 1e-9 ? 0 : 1);
    if (zh) return m + " 分钟" + (mode == "drive" ? "车程" : "步行");
    return m + " min " + (mode == "drive" ? "drive" : "walk");
  }
  if (c.contains("within_m") && c["within_m"].is_number()) {
    const std::string m = thousands(c["within_m"].get<double>());
    if (mode == "walk" || mode == "drive") return zh ? "路网 " + m + " 米" : m + " m along roads";
    return zh ? m + " 米" : m + " m";
  }
  return c.is_object() ? c.value("within", "") : "";
}

std::string MapWords::any_of(const std::vector<std::string>& categories) const {
  std::string out;
  for (std::size_t k = 0; k < categories.size(); ++k) {
    if (k > 0) out += k + 1 == categories.size() ? (zh ? "或" : " or ") : (zh ? "、" : ", ");
    out += category(categories[k]);
  }
  return out;
}

std::string MapWords::title(const std::string& kind, const json& s) const {
  const std::string mode = s.value("mode", "distance");
  if (kind == "coverage") {
    if (zh) return std::string("生活圈覆盖") + (mode == "distance" ? "（直线距离）" : mode == "walk" ? "（步行路网）" : "（车行路网）");
    return "Life-circle coverage" + (mode == "distance" ? std::string(" (straight-line distance)") : " (" + mode + " on the road network)");
  }
  if (kind == "isochrones") {
    if (zh) return std::string("等时圈") + (mode == "drive" ? "（车行）" : mode == "walk" ? "（步行）" : "（直线距离）");
    return "Isochrones (" + mode + ")";
  }
  if (kind == "check") {
    const std::string name = s.contains("rules") && s["rules"].is_object() ? s["rules"].value("name", "") : "";
    return (zh ? "规划达标检查：" : "Plan check: ") + name;
  }
  return (zh ? "选址方案：" : "Proposed sites: ") + category(s.value("category", "")) + " (" + s.value("model", "") + ")";
}

std::string MapWords::legend() const { return zh ? "图例" : "Legend"; }

std::string MapWords::coverage_line(const std::string& c, double share, double total, const std::string& within) const {
  if (zh) return category(c) + "：" + thousands(total) + " 名居民中 " + percent(share) + " 在 " + within + " 内";
  return category(c) + ": " + percent(share) + " of " + thousands(total) + " residents within " + within;
}

std::string MapWords::life_circle_line(double share) const {
  return zh ? "全部类别均可达：" + percent(share) + " 的居民" : "Every category within reach: " + percent(share) + " of residents";
}

std::string MapWords::out_of_reach_line(const std::vector<std::string>& categories, double cell_m) const {
  const std::string names = any_of(categories), cell = thousands(cell_m);
  if (zh) return "不在" + names + "服务范围内的居民（点大小按人数" + (cell_m > 0 ? "，按 " + cell + " 米网格汇总" : "") + "）";
  return "Residents beyond reach of a " + names + " facility (dot size by population" +
         (cell_m > 0 ? ", summed per " + cell + " m cell" : "") + ")";
}

std::string MapWords::names_not_drawn(double count) const {
  return zh ? "设施较多（" + thousands(count) + " 处），未标注名称" : "Names not drawn: " + thousands(count) + " facilities";
}

std::string MapWords::facilities_line(const std::string& c, double count) const {
  return zh ? category(c) + "设施：" + thousands(count) + " 处" : category(c) + " facilities: " + thousands(count);
}

std::string MapWords::isochrone_line(const std::string& c, const std::vector<double>& breaks, const std::string& unit,
                                     const std::string& mode) const {
  std::string b;
  for (double v : breaks) b += (b.empty() ? "" : zh ? "、" : ", ") + shortest(v);
  if (zh) {
    const std::string u = unit == "min" ? " 分钟" : unit == "m" ? " 米" : " " + unit;
    return category(c) + "：" + b + u + (mode == "drive" ? "（车行）" : mode == "walk" ? "（步行）" : "");
  }
  return category(c) + ": " + b + " " + unit + (mode == "walk" || mode == "drive" ? " " + mode : "");
}

std::string MapWords::propose_line(const json& s) const {
  const std::string c = s.value("category", "");
  const double before = s.contains("before") ? s["before"].value("share", 0.0) : 0.0;
  const double after = s.contains("after") ? s["after"].value("share", 0.0) : 0.0;
  const double total = s.value("total_weight", 0.0);
  const std::size_t n = s.contains("selected") && s["selected"].is_array() ? s["selected"].size() : 0;
  const std::string w = within(s, s.value("mode", "distance"));
  if (zh) {
    return category(c) + "：" + thousands(total) + " 名居民中 " + w + " 内覆盖率由 " + percent(before) + " 升至 " +
           percent(after) + "（新增 " + thousands(static_cast<double>(n)) + " 处，" + s.value("model", "") + "）";
  }
  return category(c) + ": " + percent(before) + " of " + thousands(total) + " residents within " + w + " before, " +
         percent(after) + " after " + thousands(static_cast<double>(n)) + " proposed sites (" + s.value("model", "") + ")";
}

std::string MapWords::kept_line(const std::string& c, double count) const {
  return zh ? "现有" + category(c) + "设施：" + thousands(count) + " 处" : "Existing " + category(c) + " facilities: " + thousands(count);
}

std::string MapWords::proposed_line(std::size_t count) const {
  return (zh ? "新增设施（按序号）：" : "Proposed sites (by rank): ") + thousands(static_cast<double>(count));
}

std::string MapWords::districts_failing(int failing, int districts) const {
  return zh ? "有未达标项的分区：" + std::to_string(failing) + " / " + std::to_string(districts)
            : "Districts failing a rule: " + std::to_string(failing) + " of " + std::to_string(districts);
}

std::string MapWords::districts_passing() const {
  return zh ? "全部达标或不适用的分区" : "Districts passing every applicable rule";
}

std::string MapWords::verdicts_line(const json& r) const {
  const json sum = r.contains("summary") && r["summary"].is_object() ? r["summary"] : json::object();
  const std::string name = r.contains("rules") && r["rules"].is_object() ? r["rules"].value("name", "") : "";
  const std::string p = thousands(sum.value("passed", 0.0)), f = thousands(sum.value("failed", 0.0)),
                    na = thousands(sum.value("not_applicable", 0.0));
  if (zh) return "规则集 " + name + "：" + p + " 项达标，" + f + " 项未达标，" + na + " 项不适用";
  return "Rule set " + name + ": " + p + " verdicts pass, " + f + " fail, " + na + " not applicable";
}

std::string MapWords::population_basis(const std::string& basis) const {
  return (zh ? "人口依据：" : "Population basis: ") + basis;
}

// ---- access runs -------------------------------------------------------------------------------

namespace {

// 3 significant digits: 0.06706 -> "0.0671", 92.31 -> "92.3", 1234.5 -> "1,235".
std::string sig3(double v) {
  if (!std::isfinite(v)) return "–";
  if (v == 0.0) return "0";
  const int e = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  return fixed(v, std::clamp(2 - e, 0, 6));
}

std::string gini_text(const json& e) {
  return e.contains("gini") && e["gini"].is_number() ? fixed(e["gini"].get<double>(), 3) : "–";
}

const json& category_json(const json& s, const std::string& c) {
  static const json none = json::object();
  return s.contains("categories") && s["categories"].contains(c) ? s["categories"][c] : none;
}

std::string fca_abbreviation(const std::string& m) {
  if (m == "2sfca") return "2SFCA";
  if (m == "e2sfca") return "E2SFCA";
  if (m == "3sfca") return "3SFCA";
  return m;
}

bool fca(const std::string& m) { return m == "2sfca" || m == "e2sfca" || m == "3sfca"; }

}  // namespace

std::string MapWords::weight_words(const json& s) const {
  const std::string w = s.value("weight", "population");
  if (w == "population") return zh ? "居民" : "residents";
  return w;
}

std::string MapWords::access_title(const json& s, const std::string& c) const {
  const std::string m = s.value("measure", ""), mode = s.value("mode", "distance");
  std::vector<std::string> all;
  if (c.empty()) {  // proximity's mean: over the categories with facilities
    const json order = s.value("category_order", json::array());
    for (const auto& n : order) {
      if (category_json(s, n.get<std::string>()).value("facility_count", 0) > 0) all.push_back(n.get<std::string>());
    }
  }
  std::string t;
  if (zh) {
    std::string names;
    for (std::size_t k = 0; k < all.size(); ++k) names += (k == 0 ? "" : k + 1 == all.size() ? "和" : "、") + category(all[k]);
    if (m == "proximity") t = c.empty() ? "邻近时间：" + names + "的平均" : category(c) + "设施邻近时间";
    else if (m == "capacity") t = category(c) + "设施容量约束覆盖";
    else t = category(c) + "设施可达性：" + measure_zh(m);
    if (mode == "walk") t += "（步行路网）";
    else if (mode == "drive") t += "（车行路网）";
    return t;
  }
  if (m == "proximity") {
    std::string names;
    for (std::size_t k = 0; k < all.size(); ++k) {
      names += (k == 0 ? "" : k + 1 == all.size() ? " and " : ", ") + category(all[k]);
    }
    t = c.empty() ? "Proximity time: mean over " + names : "Proximity time to " + category(c);
  } else if (m == "capacity") {
    t = "Capacity-limited coverage of " + category(c);
  } else if (fca(m)) {
    t = fca_abbreviation(m) + " accessibility to " + category(c);
  } else if (m == "gravity") {
    t = "Gravity accessibility to " + category(c);
  } else {
    t = "Cumulative opportunities: " + category(c);
  }
  if (mode == "walk" || mode == "drive") t += " (" + mode + " on the road network)";
  return t;
}

std::string MapWords::access_measure_line(const json& s, const std::string& c) const {
  const std::string m = s.value("measure", "");
  const double k_value = s.value("k", 1.0);
  const std::string k = thousands(k_value);
  if (!zh) {
    if (c.empty()) {
      return "All categories: proximity time, in minutes (the mean over the categories of the minutes to the nearest " +
             (k_value == 1 ? std::string("facility") : k) + " of each)";
    }
    return category(c) + ": " + s.value("measure_title", m) + ", in " + s.value("value_unit", "");
  }
  const std::string supply = s.contains("supply_field") && s["supply_field"].is_string() ? s["supply_field"].get<std::string>() : "设施数";
  const std::string weight = s.value("weight", "population");
  std::string unit;
  if (fca(m)) unit = "每 " + thousands(s.value("per", 1000.0)) + " " + (weight == "population" ? "人" : weight + " ") + "拥有的" + supply;
  else if (m == "cumulative") unit = "服务范围内的" + supply;
  else if (m == "gravity") unit = "服务范围内按距离衰减加权的" + supply;
  else if (m == "proximity") {
    const std::string nearest = k_value == 1 ? std::string("最近设施") : "最近 " + k + " 处设施";
    unit = c.empty() ? "各类别到" + nearest + "分钟数的平均" : "到" + nearest + "的分钟数";
  }
  else if (m == "capacity") unit = "获得服务的比例（0–1）";
  return (c.empty() ? std::string("全部类别") : category(c)) + "：" + measure_zh(m) + "，单位：" + unit;
}

std::string MapWords::access_classes_line(const json& s, const ValueClasses& classes) const {
  const std::string m = s.value("measure", ""), weight = s.value("weight", "population"), who = weight_words(s);
  if (zh) {
    const std::string shares = "，括号内为各级" + who + "占比";
    if (classes.quantiles) {
      return "分级：按" + (weight == "population" ? std::string("人口") : weight) + "加权的分位数" +
             (classes.zero_class ? "（大于 0 的数值）" : "") + shares;
    }
    return (m == "proximity" ? "分级：固定分钟段" : "分级：固定的服务比例分段") + shares;
  }
  const std::string shares = " (the share of the " + who + " in each)";
  if (classes.quantiles) {
    return "Classes: " + (weight == "population" ? std::string("population") : weight) + "-weighted quantiles of the values" +
           (classes.zero_class ? " above 0" : "") + shares;
  }
  return (m == "proximity" ? "Classes: fixed, in minutes" : "Classes: fixed shares of each point's " + who + " served") + shares;
}

std::string MapWords::class_label(const json& s, const std::string& c, const ValueClasses& classes, std::size_t k) const {
  const ValueClass& v = classes.classes.at(k);
  const std::string m = s.value("measure", "");
  const bool minutes = m == "proximity", share = m == "capacity";
  const auto num = [&](double x) { return shortest(share ? std::round(x * 100 * 1e6) / 1e6 : x); };
  const std::string unit = minutes ? (zh ? " 分钟" : " min") : share ? " %" : "";
  const std::string supply = s.contains("supply_field") && s["supply_field"].is_string() ? s["supply_field"].get<std::string>() : "";
  switch (v.kind) {
    case ClassKind::range: {
      const bool open_low = !std::isfinite(v.lower) || (classes.zero_class && v.lower == 0.0);
      const bool open_high = !std::isfinite(v.upper);
      if (open_low && open_high) return classes.zero_class ? "> 0" + unit : (zh ? "全部数值" : "every value");
      if (open_low) return "≤ " + num(v.upper) + unit;
      if (open_high) return "> " + num(v.lower) + unit;
      return num(v.lower) + "–" + num(v.upper) + unit;
    }
    case ClassKind::zero_out_of_reach:
      return zh ? (share ? "0 %：范围内无设施" : "0：范围内无设施") : (share ? "0 %: no facility in reach" : "0: no facility in reach");
    case ClassKind::zero_in_reach:
      if (share) return zh ? "0 %：范围内设施容量已满" : "0 %: the facilities in reach are full";
      return zh ? "0：范围内设施无" + (supply.empty() ? std::string("供给") : supply)
                : "0: the facilities in reach have no " + (supply.empty() ? std::string("supply") : supply);
    case ClassKind::no_value:
      if (minutes) {
        if (c.empty()) return zh ? "未达：有类别超出搜索范围" : "not reached: a category beyond the search limit";
        const std::string limit = within(category_json(s, c), s.value("mode", "distance"));
        return zh ? "搜索范围（" + limit + "）内未达" : "not reached within " + limit;
      }
      if (share) return zh ? "无服务对象（权重为 0）" : "no one to serve (weight 0)";
      return zh ? "无数值" : "no value";
  }
  return "";
}

std::string MapWords::access_equity_line(const json& s, const std::string& c) const {
  const std::string m = s.value("measure", "");
  if (c.empty()) {
    const json p = s.value("proximity", json::object());
    const json e = p.value("equity", json::object());
    const std::string mean = e.contains("mean") && e["mean"].is_number() ? fixed(e["mean"].get<double>(), 1) : "–";
    const std::string target = shortest(p.value("target_min", 15.0));
    if (zh) {
      return "均值 " + mean + " 分钟，基尼系数 " + gini_text(e) + "；" + percent(p.value("score", 0.0)) + " 的" + weight_words(s) +
             "在 " + target + " 分钟以内";
    }
    return "Mean " + mean + " min, Gini " + gini_text(e) + "; " + percent(p.value("score", 0.0)) + " of " + weight_words(s) +
           " within " + target + " min";
  }
  const json& cj = category_json(s, c);
  const json e = cj.value("equity", json::object());
  if (m == "capacity") {
    const std::string served = cj.contains("share_covered") && cj["share_covered"].is_number()
                                   ? percent(cj["share_covered"].get<double>())
                                   : "–";
    return zh ? "获得服务：" + served + " 的" + weight_words(s) + "；基尼系数 " + gini_text(e)
              : "Served: " + served + " of " + weight_words(s) + "; Gini " + gini_text(e);
  }
  const double mean_v = e.contains("mean") && e["mean"].is_number() ? e["mean"].get<double>() : NAN;
  const std::string mean = m == "proximity" ? (std::isfinite(mean_v) ? fixed(mean_v, 1) : "–") + (zh ? " 分钟" : " min") : sig3(mean_v);
  return zh ? "均值 " + mean + "，基尼系数 " + gini_text(e) : "Mean " + mean + ", Gini " + gini_text(e);
}

std::string MapWords::access_facilities_line(const std::string& c, double count, const std::string& supply_field,
                                             double largest, bool capacity) const {
  if (zh) {
    return category(c) + "设施：" + thousands(count) + " 处" +
           (supply_field.empty() ? "" : "，点面积按 " + supply_field + "（最大 " + shortest(largest) + "）") +
           (capacity ? "，标注容量使用率" : "");
  }
  return category(c) + " facilities: " + thousands(count) +
         (supply_field.empty() ? "" : ", dot area by " + supply_field + " (largest " + shortest(largest) + ")") +
         (capacity ? ", labelled with the share of their capacity used" : "");
}

std::string MapWords::access_districts_line(std::size_t districts, bool filled) const {
  const std::string n = thousands(static_cast<double>(districts));
  if (zh) return "分区：" + n + " 个，" + (filled ? "按均值所在分级填色" : "仅绘轮廓");
  return "Districts: " + n + (filled ? ", filled by the class of their mean" : ", outlined");
}

std::string MapWords::access_grid_line(std::size_t points, std::size_t cells, double cell_m) const {
  const std::string p = thousands(static_cast<double>(points)), n = thousands(static_cast<double>(cells)), m = thousands(cell_m);
  if (zh) return p + " 个需求点汇总为 " + n + " 个约 " + m + " 米网格，按格内人口加权均值着色";
  return p + " demand points drawn as " + n + " cells of about " + m + " m, each coloured by the population-weighted mean of its points";
}

std::string ClassColour::hex() const {
  static const char* digits = "0123456789abcdef";
  std::string out = "#";
  for (int v : {r, g, b}) {
    const int c = std::clamp(v, 0, 255);
    out += digits[c / 16];
    out += digits[c % 16];
  }
  return out;
}

std::vector<ClassColour> class_colours(const ValueClasses& classes, const std::string& measure) {
  // viridis at t = 0, 1/8, ..., 1 (matplotlib's table).
  static const ClassColour stops[] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},  {44, 113, 142}, {33, 144, 141},
                                      {39, 173, 129}, {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
  const auto viridis = [&](double t) {
    const double x = std::clamp(t, 0.0, 1.0) * 8.0;
    const int k = std::min(7, static_cast<int>(std::floor(x)));
    const double f = x - k;
    const ClassColour& a = stops[k];
    const ClassColour& b = stops[k + 1];
    return ClassColour{static_cast<int>(std::lround(a.r + f * (b.r - a.r))), static_cast<int>(std::lround(a.g + f * (b.g - a.g))),
                       static_cast<int>(std::lround(a.b + f * (b.b - a.b)))};
  };
  std::size_t ranges = 0;
  for (const ValueClass& c : classes.classes) ranges += c.kind == ClassKind::range ? 1 : 0;
  const bool fewer_is_better = measure == "proximity";
  std::vector<ClassColour> out;
  std::size_t i = 0;
  for (const ValueClass& c : classes.classes) {
    switch (c.kind) {
      case ClassKind::range: {
        const std::size_t best = fewer_is_better ? i : ranges - 1 - i;  // 0: the best range
        out.push_back(viridis(ranges == 1 ? 0.35 : static_cast<double>(best) / static_cast<double>(ranges - 1)));
        ++i;
        break;
      }
      case ClassKind::zero_out_of_reach: out.push_back({213, 94, 0}); break;
      case ClassKind::zero_in_reach: out.push_back({240, 150, 110}); break;
      case ClassKind::no_value: out.push_back({160, 160, 160}); break;
    }
  }
  return out;
}

std::vector<std::size_t> palette_slots(const std::vector<std::string>& categories) {
  static const std::vector<std::string> fixed_slots = {"health", "elderly_care", "fitness", "scenic"};
  std::vector<std::size_t> out;
  std::size_t next = fixed_slots.size();
  for (const std::string& c : categories) {
    const auto it = std::find(fixed_slots.begin(), fixed_slots.end(), c);
    out.push_back(it != fixed_slots.end() ? static_cast<std::size_t>(it - fixed_slots.begin()) : next++);
  }
  return out;
}

json MapWords::page_words() const {
  if (zh) {
    return {{"service_area", "服务范围"},         {"isochrone", "等时圈"},
            {"category", "类别"},                 {"within", "范围"},
            {"facilities", "设施"},               {"facility", "设施"},
            {"area", "面积"},                     {"residents_covered", "覆盖居民"},
            {"share", "比例"},                    {"failing_verdicts", "未达标项"},
            {"of", " / "},                        {"pass", "达标"},
            {"fail", "未达标"},                   {"na", "不适用"},
            {"district", "分区"},                 {"districts_layer", "分区（红色：有未达标项）"},
            {"grid_cell", "网格"},                {"residents_beyond", "服务范围外居民"},
            {"cell", "网格边长"},                 {"residents", "居民"},
            {"demand_points", "需求点"},          {"life_circle_complete", "生活圈完整"},
            {"residents_grid", "居民（网格 {cell} 米）"}, {"demand_point", "需求点"},
            {"id", "编号"},                       {"nearest", "最近距离"},
            {"none", "无"},                       {"covered", "已覆盖"},
            {"in_reach", "可达设施数"},           {"residents_layer", "居民（绿色：生活圈完整，红色：不完整）"},
            {"status", "状态"},                   {"residents_in_reach", "可达居民"},
            {"residents_nearest", "最近设施居民"}, {"facilities_layer", "设施："},
            {"proposed_site", "新增设施"},        {"proposed_layer", "新增设施（按序号）"},
            {"failing", "未达标"},                {"evaluated", "评估项"},
            {"grid_beyond", "各类服务范围外的居民，按 {cell} 米网格汇总（点越大人数越多）"},
            {"cells_done", "多数居民生活圈完整的网格"}, {"cells_not", "多数居民生活圈不完整的网格"},
            {"darker", "颜色越深居民越多"},       {"points_done", "生活圈完整的居民"},
            {"points_not", "缺少一类或多类设施的居民"}, {"population", "人口依据："},
            {"yes", "是"},                        {"no", "否"},
            {"min", "分钟"},                      {"m", "米"},
            {"km2", "平方公里"},                  {"rank", "序号"},
            {"breaks", "等时圈"},                 {"lang", "zh"},
            {"all_categories", "全部类别"},       {"mean", "均值"},
            {"gini", "基尼系数"},                 {"value", "数值"},
            {"class_word", "分级"},               {"proximity_score", "目标时间内的人口比例"},
            {"districts_access", "分区"},         {"cell_mean", "网格均值"},
            {"grid_cells_access", "居民（{cell} 米网格，按分级着色）"}, {"residents_access", "居民（按分级着色）"},
            {"supply", "供给"},                   {"demand_in_catchment", "服务范围内需求"},
            {"supply_ratio", "供需比"},           {"capacity_people", "可服务人数"},
            {"served", "已服务"},                 {"capacity_used", "容量使用率"},
            {"priority", "服务顺序"}};
  }
  return {{"service_area", "Service area"},       {"isochrone", "Isochrones"},
          {"category", "category"},               {"within", "within"},
          {"facilities", "facilities"},           {"facility", "Facility"},
          {"area", "area"},                       {"residents_covered", "residents covered"},
          {"share", "share"},                     {"failing_verdicts", "failing verdicts"},
          {"of", " of "},                         {"pass", "PASS"},
          {"fail", "FAIL"},                       {"na", "n/a"},
          {"district", "District"},               {"districts_layer", "Districts (red: a rule fails)"},
          {"grid_cell", "Grid cell"},             {"residents_beyond", "residents beyond reach"},
          {"cell", "cell"},                       {"residents", "residents"},
          {"demand_points", "demand points"},     {"life_circle_complete", "life circle complete"},
          {"residents_grid", "Residents (grid of {cell} m cells)"}, {"demand_point", "Demand point"},
          {"id", "id"},                           {"nearest", "nearest"},
          {"none", "none"},                       {"covered", "covered"},
          {"in_reach", "in reach"},               {"residents_layer", "Residents (green: life circle complete, red: not)"},
          {"status", "status"},                   {"residents_in_reach", "residents in reach"},
          {"residents_nearest", "residents nearest"}, {"facilities_layer", "Facilities: "},
          {"proposed_site", "Proposed site"},     {"proposed_layer", "Proposed sites (by rank)"},
          {"failing", "failing"},                 {"evaluated", "evaluated"},
          {"grid_beyond", "residents beyond reach of a category, per {cell} m cell (larger: more)"},
          {"cells_done", "cells where most residents have every category in reach"}, {"cells_not", "cells where most do not"},
          {"darker", "darker: more residents"},   {"points_done", "residents with every category in reach"},
          {"points_not", "residents missing one or more"}, {"population", "Population: "},
          {"yes", "yes"},                         {"no", "no"},
          {"min", "min"},                         {"m", "m"},
          {"km2", "km\u00b2"},                    {"rank", "rank"},
          {"breaks", "Isochrones"},               {"lang", "en"},
          {"all_categories", "all categories"},   {"mean", "mean"},
          {"gini", "Gini"},                       {"value", "value"},
          {"class_word", "class"},                {"proximity_score", "within the target time"},
          {"districts_access", "Districts"},      {"cell_mean", "mean"},
          {"grid_cells_access", "Residents (cells of {cell} m, by class)"}, {"residents_access", "Residents (by class)"},
          {"supply", "supply"},                   {"demand_in_catchment", "demand in catchment"},
          {"supply_ratio", "supply ratio"},       {"capacity_people", "capacity (people)"},
          {"served", "served"},                   {"capacity_used", "capacity used"},
          {"priority", "priority"}};
}

}  // namespace lc::io

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
            {"breaks", "等时圈"},                 {"lang", "zh"}};
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
          {"breaks", "Isochrones"},               {"lang", "en"}};
}

}  // namespace lc::io

// What `lifecircle --lang zh` prints on the terminal: the summaries of cli/print.cpp in Chinese.
// Tables are padded by display width (a CJK character takes two columns); counts in tables are
// written in 万 and 亿 (count_zh), in sentences exact with separators.

#include "cli/print_zh.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/format.hpp"
#include "io/words_zh.hpp"
#include "io/write_check.hpp"

namespace lc::cli {

namespace {

// The population basis in Chinese where the loader worded it so, else as it is.
const std::string& basis_zh(const Inputs& in) {
  return in.population_basis_zh.empty() ? in.population_basis : in.population_basis_zh;
}

// A terminal table: the first column left-aligned, the others right-aligned, except a last column
// marked `note` (left-aligned, for remarks on some rows). Columns are two spaces apart.
struct Table {
  std::vector<std::vector<std::string>> rows;  // the header first
  bool note = false;

  std::string render() const {
    std::vector<std::size_t> width;
    for (const auto& row : rows) {
      if (width.size() < row.size()) width.resize(row.size(), 0);
      for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
    }
    std::string out;
    for (const auto& row : rows) {
      std::string line;
      for (std::size_t c = 0; c < row.size(); ++c) {
        const bool left = c == 0 || (note && c + 1 == width.size());
        line += (c ? "  " : "") + (left ? pad_right(row[c], width[c]) : pad_left(row[c], width[c]));
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }
};

void print_skipped_and_notes(const Inputs& in) {
  if (!in.skipped.empty()) {
    std::printf("\n跳过 %zu 个要素（列于 summary.json），例如：\n", in.skipped.size());
    for (std::size_t i = 0; i < in.skipped.size() && i < 5; ++i) {
      std::printf("  %s: %s\n", in.skipped[i].where.c_str(), in.skipped[i].reason.c_str());
    }
  }
  if (!in.notes.empty()) std::printf("\nsummary.json 中有 %zu 条关于输入数据的说明\n", in.notes.size());
}

// "15分钟", "1000米"
std::string within_zh(double within_m, double within_s) {
  char t[32];
  if (std::isfinite(within_m)) std::snprintf(t, sizeof t, "%.0f米", within_m);
  else std::snprintf(t, sizeof t, "%.0f分钟", within_s / 60.0);
  return t;
}

std::string unit_zh(const std::string& unit) {
  if (unit == "min") return "分钟";
  if (unit == "m") return "米";
  return unit;
}

}  // namespace

void print_coverage_zh(const CoverageRun& run, const std::string& out_dir, const std::string& written) {
  const Inputs& in = run.inputs;
  const CoverageResult& result = run.result;
  const NetworkRunInfo& n = run.info.network;
  const bool network = n.used;
  if (network) {
    std::printf("覆盖分析：%s（沿路网），坐标系 %s，需求点 %s 个\n", io::mode_zh(run.info.mode).c_str(), in.crs.c_str(),
                thousands(in.demand.size()).c_str());
    std::printf("道路：%s\n", in.roads_source.c_str());
  } else {
    std::printf("覆盖分析：直线距离，坐标系 %s，需求点 %s 个\n", in.crs.c_str(), thousands(in.demand.size()).c_str());
  }
  std::printf("人口依据：%s\n\n", basis_zh(in).c_str());
  Table table;
  table.note = true;
  std::vector<std::string> header = {"类别", "设施数", "范围", "覆盖人口", "总人口", "覆盖率"};
  if (network) header.push_back("直线覆盖率");
  header.push_back("");
  table.rows.push_back(header);
  for (std::size_t k = 0; k < result.categories.size(); ++k) {
    const CategoryCoverage& c = result.categories[k];
    std::vector<std::string> row = {io::category_zh(in.categories.names[c.category]),
                                    thousands(static_cast<double>(c.facilities.size())),
                                    within_zh(c.within_m, c.within_s),
                                    count_zh(c.population_covered),
                                    count_zh(c.population_total),
                                    percent_zh(c.share())};
    if (network) row.push_back(std::isfinite(n.circle_share[k]) ? percent_zh(n.circle_share[k]) : "-");
    row.push_back(c.facilities.empty() ? "（数据中没有此类设施）" : "");
    table.rows.push_back(row);
  }
  std::vector<std::string> total = {"生活圈完整", "-", "全部类别", count_zh(result.population_complete),
                                    count_zh(result.population_total), percent_zh(result.complete_share())};
  if (network) total.push_back("-");
  total.push_back("");
  table.rows.push_back(total);
  std::fputs(table.render().c_str(), stdout);
  if (network) {
    std::printf("\n路网：%s 个节点，%s 段，%zu 个连通部分（最大的有 %s 个节点）\n", thousands(n.nodes).c_str(),
                thousands(n.segments).c_str(), n.components, thousands(n.largest_component_nodes).c_str());
    if (!n.demand_unsnapped.empty() || !n.facility_unsnapped.empty()) {
      std::printf("距所有道路超过 %.0f 米（不可达）：需求点 %zu 个，设施 %zu 处（编号见 summary.json）\n", n.max_snap_m,
                  n.demand_unsnapped.size(), n.facility_unsnapped.size());
    }
    if (!n.demand_on_island.empty() || !n.facility_on_island.empty()) {
      std::printf("位于与主路网不连通的道路上：需求点 %zu 个，设施 %zu 处（编号见 summary.json）\n", n.demand_on_island.size(),
                  n.facility_on_island.size());
    }
  }
  print_skipped_and_notes(in);
  std::printf("\n已写入 %s%s，目录 %s\n", written.c_str(), run.surfaces.empty() ? "" : " 及 travel_time_<category>.tif",
              out_dir.c_str());
}

void print_access_zh(const AccessRun& run, const std::string& out_dir, const std::string& written) {
  const Inputs& in = run.inputs;
  const AccessRunInfo& info = run.info;
  std::printf("可达性：%s，%s，坐标系 %s，需求点 %s 个\n", io::measure_zh(to_string(info.measure)).c_str(),
              info.network.used ? (info.mode == "walk" ? "沿路网步行" : "沿路网驾车") : "直线距离", in.crs.c_str(),
              thousands(in.demand.size()).c_str());
  std::printf("人口口径：%s\n\n", basis_zh(in).c_str());
  const bool capacity = info.measure == AccessKind::capacity;
  Table table;
  std::vector<std::string> head = {"类别", "设施数", "范围", info.weight_field.empty() ? "人口" : info.weight_field, "均值", "基尼系数",
                                   "帕尔玛比值"};
  if (capacity) head.insert(head.end(), {"服务覆盖", "可达但未获服务"});
  table.rows.push_back(head);
  for (const AccessCategory& c : run.categories) {
    const EquityFigures& f = c.equity.overall;
    std::vector<std::string> row = {io::category_zh(in.categories.names[c.category]), thousands(static_cast<double>(c.facilities.size())),
                                    within_zh(c.within.metres(), c.within.seconds()), count_zh(f.population + f.population_excluded),
                                    std::isfinite(f.mean) ? fixed(f.mean, 3) : "-", std::isfinite(f.gini) ? fixed(f.gini, 3) : "-",
                                    std::isfinite(f.palma) ? fixed(f.palma, 2) : "-"};
    if (capacity) {
      row.push_back(percent_zh(c.weight_total > 0 ? c.covered / c.weight_total : 0.0));
      row.push_back(count_zh(c.unserved_in_reach));
    }
    table.rows.push_back(row);
  }
  std::printf("%s", table.render().c_str());
  if (run.proximity.used) {
    const AccessProximity& p = run.proximity;
    std::printf("\n邻近时间（各类最近 %u 处设施的平均时间再对各类取平均）：均值 %s 分钟，基尼系数 %s；%s 人中 %s 人（%s）在 %g 分钟以内\n",
                info.k, fixed(p.equity.overall.mean, 1).c_str(), fixed(p.equity.overall.gini, 3).c_str(),
                thousands(p.weight_total).c_str(), thousands(p.weight_within_target).c_str(), percent_zh(p.score).c_str(),
                p.target_min);
  }
  print_skipped_and_notes(in);
  std::printf("\n已写入 %s 至 %s\n", written.c_str(), out_dir.c_str());
}

void print_isochrones_zh(const IsochroneRun& run, const std::string& out_dir, const std::string& written) {
  const IsochroneRunInfo& info = run.info;
  std::string breaks;
  for (double b : info.breaks) {
    char t[32];
    std::snprintf(t, sizeof t, "%g", b);
    breaks += (breaks.empty() ? "" : "、") + std::string(t);
  }
  std::printf("等时圈：%s，分段 %s %s，%s，%s，坐标系 %s\n", io::mode_zh(info.mode).c_str(), breaks.c_str(),
              unit_zh(info.unit).c_str(), info.merge == "split" ? "按设施划分" : "合并",
              info.shape == "rings" ? "环带" : "累计范围", run.inputs.crs.c_str());
  std::printf("人口依据：%s\n\n", basis_zh(run.inputs).c_str());
  Table table;
  table.note = true;
  table.rows.push_back({"类别", "设施数", "分段", "人口", "面积（平方公里）", ""});
  for (const IsochroneTotal& t : run.totals) {
    char upper[32], area[32];
    std::snprintf(upper, sizeof upper, "%g", t.upper);
    std::snprintf(area, sizeof area, "%.2f", t.area_m2 / 1e6);
    table.rows.push_back({io::category_zh(t.category), thousands(static_cast<double>(t.facilities)),
                          std::string(upper) + unit_zh(info.unit), count_zh(t.population), area,
                          t.facilities == 0 ? "（数据中没有此类设施）" : ""});
  }
  std::fputs(table.render().c_str(), stdout);
  std::printf("\n已写入 %zu 个多边形：%s%s，目录 %s\n", run.features.size(), written.c_str(),
              run.surfaces.empty() ? "" : " 及 travel_time_<category>.tif", out_dir.c_str());
}

void print_propose_zh(const ProposeRun& run, const std::string& out_dir, const std::string& written) {
  const SitingResult& s = run.result.siting;
  const ProposeRunInfo& info = run.info;
  if (run.table) {
    std::printf("选址 %s，成本矩阵（%zu 行，%zu 个站点，%zu 个现有）%s%s\n", info.model.c_str(), run.matrix_rows,
                run.site_ids.size(), run.result.existing, info.has_within ? "，范围 " : "",
                info.has_within ? info.within.text.c_str() : "");
  } else {
    std::printf("选址 %s：%s，%s，范围 %s，坐标系 %s\n", info.model.c_str(), io::category_zh(info.category).c_str(),
                io::mode_zh(info.mode).c_str(), info.within.text.c_str(), run.inputs.crs.c_str());
    std::printf("人口依据：%s\n", basis_zh(run.inputs).c_str());
    std::printf("站点：现有 %zu 个，他方 %zu 个，备选 %zu 个（排除 %zu 个），备选来自 %s\n", run.result.existing,
                run.result.competitors, run.result.candidates, run.result.candidates_excluded, info.candidates.c_str());
  }
  std::printf("求解：%s%s；目标值 %s（之前 %s）", s.solver.c_str(), s.proven_optimal ? "（已证明最优）" : "",
              shortest(s.objective).c_str(), shortest(s.objective_before).c_str());
  if (std::isfinite(s.bound)) std::printf("，界 %.6g（%s），差距 %.3g%%", s.bound, s.bound_source.c_str(), 100.0 * s.gap);
  std::printf("，%.2f 秒\n", s.seconds);
  if (s.time_limit_reached)
    std::printf("已到时间上限（--time-limit）：为已找到的最好解，未证明最优%s\n",
                std::isfinite(s.bound) ? "；上面的差距是已证明的" : "");
  Table table;
  table.rows.push_back({"序号", "站点", "边际增量"});
  for (std::size_t k = 0; k < s.selected.size(); ++k) {
    table.rows.push_back({std::to_string(k + 1), run.site_ids[s.selected[k]], count_zh(s.marginal[k])});
  }
  std::printf("\n%s", table.render().c_str());
  const auto share = [&](double v) { return percent_zh(s.total_weight > 0 ? v / s.total_weight : 0.0); };
  std::printf("\n%s：总量 %s，之前 %s（%s），之后 %s（%s）\n", s.capacitated ? "服务量（每个站点不超过其容量）" : "覆盖",
              thousands(s.total_weight).c_str(), thousands(s.covered_weight_before).c_str(),
              share(s.covered_weight_before).c_str(), thousands(s.covered_weight).c_str(), share(s.covered_weight).c_str());
  if (!s.uncoverable.empty()) {
    std::printf("任何站点都不可达：需求点 %zu 个，权重 %s（编号见 summary.json）\n", s.uncoverable.size(),
                thousands(s.uncoverable_weight).c_str());
  }
  if (run.result.group_min > 0) {
    std::size_t had = 0;
    for (std::size_t g = 0; g < run.result.group_existing.size(); ++g) had += run.result.group_existing[g] >= run.result.group_min;
    std::printf("分区要求：%s 的 %zu 个分区每个至少 %u 个站点（已满足；%zu 个分区原已满足，其余需新增 %zu 个；各分区站点数见 "
                "summary.json）\n",
                run.inputs.districts.source.c_str(), run.result.group_existing.size(), run.result.group_min, had,
                run.result.group_need);
  }
  for (const std::string& n : run.notes) std::printf("说明：%s\n", n.c_str());
  std::printf("\n已写入 %s，目录 %s\n", written.c_str(), out_dir.c_str());
}

void print_check_zh(const CheckRun& run, const std::string& out_dir) {
  const Inputs& in = run.inputs;
  std::printf("规划达标检查 %s（%s）：需求点 %s 个，设施 %s 处，分区 %s 个，坐标系 %s\n", run.rules.name.c_str(),
              run.info.rules_source.c_str(), thousands(in.demand.size()).c_str(), thousands(in.facilities.size()).c_str(),
              thousands(in.districts.size()).c_str(), in.crs.c_str());
  std::printf("人口依据：%s\n\n", basis_zh(in).c_str());
  std::fputs(io::check_table(run.rules, run.result, in.districts, Lang::zh).c_str(), stdout);
  std::printf("\n已写入 report.json、junit.xml、report.md%s，目录 %s\n", in.districts.size() > 0 ? "、districts.geojson" : "",
              out_dir.c_str());
}

void print_layers_zh(const SourceInfo& info) {
  std::printf("%s（%s）\n", info.path.c_str(), info.driver.c_str());
  if (info.is_raster) {
    std::printf("  栅格 %d × %d 个像元，%d 个波段；波段 1：%s 个像元大于 0，合计 %.1f\n", info.raster_width, info.raster_height,
                info.raster_bands, thousands(static_cast<double>(info.populated_cells)).c_str(), info.raster_sum);
  }
  for (const LayerInfo& l : info.layers) {
    std::printf("  图层 %s  %s  %s 个要素  坐标系 %s\n", l.name.c_str(), l.geometry_type.c_str(),
                thousands(static_cast<double>(l.feature_count)).c_str(), l.crs.c_str());
    if (l.has_extent) std::printf("        范围 %.6f, %.6f, %.6f, %.6f\n", l.min_x, l.min_y, l.max_x, l.max_y);
    if (!l.fields.empty()) {
      std::string f;
      for (const std::string& name : l.fields) f += (f.empty() ? "" : ", ") + name;
      std::printf("        字段 %s\n", f.c_str());
    }
  }
  if (!info.categories_basis.empty()) {
    std::printf("  各类别设施数（%s）：\n", info.categories_basis.c_str());
    Table table;
    for (const auto& [name, count] : info.categories) {
      table.rows.push_back({io::category_zh(name), thousands(static_cast<double>(count))});
    }
    const std::string t = table.render();
    std::size_t start = 0;
    while (start < t.size()) {
      const std::size_t end = t.find('\n', start);
      std::printf("    %s\n", t.substr(start, end - start).c_str());
      start = end + 1;
    }
  }
}

}  // namespace lc::cli

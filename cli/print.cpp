#include "cli/print.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cli/print_zh.hpp"
#include "core/format.hpp"
#include "io/write_check.hpp"

namespace lc::cli {

namespace {

// A census's join, on the terminal: rows and units left out are the user's to fix.
void print_census_notes(const Inputs& in) {
  if (!in.census) return;
  for (const std::string& n : in.notes) {
    if (n.rfind("census", 0) == 0) std::printf("Note: %s\n", n.c_str());
  }
}

void print_skipped_and_notes(const Inputs& in) {
  if (!in.skipped.empty()) {
    std::printf("\nSkipped %zu features (listed in summary.json), e.g.:\n", in.skipped.size());
    for (std::size_t i = 0; i < in.skipped.size() && i < 5; ++i) {
      std::printf("  %s: %s\n", in.skipped[i].where.c_str(), in.skipped[i].reason.c_str());
    }
  }
  if (!in.notes.empty()) std::printf("\n%zu notes on the inputs in summary.json\n", in.notes.size());
  print_census_notes(in);
}

}  // namespace

void print_coverage(const CoverageRun& run, const std::string& out_dir, const std::string& written, Lang lang) {
  if (lang == Lang::zh) return print_coverage_zh(run, out_dir, written);
  const Inputs& in = run.inputs;
  const CoverageResult& result = run.result;
  const NetworkRunInfo& n = run.info.network;
  const bool network = n.used;
  if (network) {
    std::printf("Coverage by %s along the road network, CRS %s, %s demand points\n", run.info.mode.c_str(), in.crs.c_str(),
                thousands(in.demand.size()).c_str());
    std::printf("Roads: %s\n", in.roads_source.c_str());
  } else {
    std::printf("Coverage by straight-line distance, CRS %s, %s demand points\n", in.crs.c_str(),
                thousands(in.demand.size()).c_str());
  }
  std::printf("Population basis: %s\n\n", in.population_basis.c_str());
  std::printf("%-14s %10s %10s %14s %14s %8s%s\n", "category", "facilities", "within", "covered", "population", "share",
              network ? "   circle" : "");
  for (std::size_t k = 0; k < result.categories.size(); ++k) {
    const CategoryCoverage& c = result.categories[k];
    char within_text[32];
    if (std::isfinite(c.within_m)) std::snprintf(within_text, sizeof within_text, "%.0f m", c.within_m);
    else std::snprintf(within_text, sizeof within_text, "%.0f min", c.within_s / 60.0);
    char circle[32] = "";
    if (network) {
      const double cs = n.circle_share[k];
      if (std::isfinite(cs)) std::snprintf(circle, sizeof circle, "  %6.1f%%", 100.0 * cs);
      else std::snprintf(circle, sizeof circle, "  %7s", "-");
    }
    std::printf("%-14s %10zu %10s %14s %14s %7.1f%%%s%s\n", in.categories.names[c.category].c_str(), c.facilities.size(),
                within_text, thousands(c.population_covered).c_str(), thousands(c.population_total).c_str(),
                100.0 * c.share(), circle, c.facilities.empty() ? "  (no facilities in the data)" : "");
  }
  std::printf("%-14s %10s %10s %14s %14s %7.1f%%\n", "life circle", "", "all", thousands(result.population_complete).c_str(),
              thousands(result.population_total).c_str(), 100.0 * result.complete_share());
  if (network) {
    std::printf("\nNetwork: %s nodes, %s segments, %zu connected parts (largest %s nodes)\n", thousands(n.nodes).c_str(),
                thousands(n.segments).c_str(), n.components, thousands(n.largest_component_nodes).c_str());
    if (!n.demand_unsnapped.empty() || !n.facility_unsnapped.empty()) {
      std::printf("Beyond %.0f m of any road (unreachable): %zu demand points, %zu facilities (ids in summary.json)\n",
                  n.max_snap_m, n.demand_unsnapped.size(), n.facility_unsnapped.size());
    }
    if (!n.demand_on_island.empty() || !n.facility_on_island.empty()) {
      std::printf("On roads cut off from the main network: %zu demand points, %zu facilities (ids in summary.json)\n",
                  n.demand_on_island.size(), n.facility_on_island.size());
    }
  }
  print_skipped_and_notes(in);
  std::printf("\nWrote %s%s to %s\n", written.c_str(), run.surfaces.empty() ? "" : " and travel_time_<category>.tif",
              out_dir.c_str());
}

namespace {

// "1000 m", "15 min"
std::string within_words(const Threshold& t) {
  char b[32];
  if (t.by_time()) std::snprintf(b, sizeof b, "%g min", t.value / 60.0);
  else std::snprintf(b, sizeof b, "%.0f m", t.value);
  return b;
}

}  // namespace

void print_access(const AccessRun& run, const std::string& out_dir, const std::string& written, Lang lang) {
  if (lang == Lang::zh) return print_access_zh(run, out_dir, written);
  const Inputs& in = run.inputs;
  const AccessRunInfo& info = run.info;
  std::printf("Accessibility (%s) by %s%s, CRS %s, %s demand points\n", to_string(info.measure), info.mode.c_str(),
              info.network.used ? " along the road network" : " in a straight line", in.crs.c_str(),
              thousands(in.demand.size()).c_str());
  std::printf("Values: %s; decay: %s\n", info.value_unit.c_str(), info.decay_params.c_str());
  std::printf("Population basis: %s\n\n", in.population_basis.c_str());
  const bool capacity = info.measure == AccessKind::capacity;
  const std::string weight = info.weight_field.empty() ? "population" : info.weight_field;
  std::printf("%-14s %10s %10s %14s %10s %7s %7s%s\n", "category", "facilities", "within", weight.c_str(), "mean", "Gini",
              "Palma", capacity ? "   served  unserved in reach" : "");
  for (const AccessCategory& c : run.categories) {
    const EquityFigures& f = c.equity.overall;
    char extra[64] = "";
    if (capacity) {
      std::snprintf(extra, sizeof extra, "  %6.1f%%  %s", c.weight_total > 0 ? 100.0 * c.covered / c.weight_total : 0.0,
                    thousands(c.unserved_in_reach).c_str());
    }
    std::printf("%-14s %10zu %10s %14s %10s %7s %7s%s%s\n", in.categories.names[c.category].c_str(), c.facilities.size(),
                within_words(c.within).c_str(), thousands(f.population + f.population_excluded).c_str(),
                std::isfinite(f.mean) ? fixed(f.mean, 3).c_str() : "-", std::isfinite(f.gini) ? fixed(f.gini, 3).c_str() : "-",
                std::isfinite(f.palma) ? fixed(f.palma, 2).c_str() : std::isinf(f.palma) ? "inf" : "-", extra,
                c.facilities.empty() ? "  (no facilities in the data)" : "");
  }
  if (run.proximity.used) {
    const AccessProximity& p = run.proximity;
    std::printf("\nProximity time (mean of the categories, nearest %u each): mean %s min, Gini %s; %s of %s (%.1f%%) within %g "
                "minutes; %s not reached within the search limit\n",
                info.k, fixed(p.equity.overall.mean, 1).c_str(), fixed(p.equity.overall.gini, 3).c_str(),
                thousands(p.weight_within_target).c_str(), thousands(p.weight_total).c_str(), 100.0 * p.score, p.target_min,
                thousands(p.weight_not_reached).c_str());
  }
  if (in.districts.size() > 0) std::printf("\n%s districts: figures per district in summary.json and report.md\n", thousands(in.districts.size()).c_str());
  print_skipped_and_notes(in);
  std::printf("\nWrote %s to %s\n", written.c_str(), out_dir.c_str());
}

void print_isochrones(const IsochroneRun& run, const std::string& out_dir, const std::string& written, Lang lang) {
  if (lang == Lang::zh) return print_isochrones_zh(run, out_dir, written);
  const IsochroneRunInfo& info = run.info;
  std::string breaks;
  for (double b : info.breaks) {
    char t[32];
    std::snprintf(t, sizeof t, "%g", b);
    breaks += (breaks.empty() ? "" : ",") + std::string(t);
  }
  std::printf("Isochrones by %s, breaks %s %s, %s %s, CRS %s\n", info.mode.c_str(), breaks.c_str(), info.unit.c_str(),
              info.merge.c_str(), info.shape.c_str(), run.inputs.crs.c_str());
  std::printf("Population basis: %s\n\n", run.inputs.population_basis.c_str());
  std::printf("%-14s %10s %8s %14s %14s\n", "category", "facilities", "break", "population", "area km2");
  for (const IsochroneTotal& t : run.totals) {
    std::printf("%-14s %10zu %8g %14s %14.2f%s\n", t.category.c_str(), t.facilities, t.upper, thousands(t.population).c_str(),
                t.area_m2 / 1e6, t.facilities == 0 ? "  (no facilities in the data)" : "");
  }
  std::printf("\nWrote %zu polygons: %s%s to %s\n", run.features.size(), written.c_str(),
              run.surfaces.empty() ? "" : " and travel_time_<category>.tif", out_dir.c_str());
}

void print_propose(const ProposeRun& run, const std::string& out_dir, const std::string& written, Lang lang) {
  if (lang == Lang::zh) return print_propose_zh(run, out_dir, written);
  const SitingResult& s = run.result.siting;
  const ProposeRunInfo& info = run.info;
  if (run.table) {
    std::printf("Siting %s with the %s (%zu rows, %zu sites, %zu existing)%s%s\n", info.model.c_str(), info.mode.c_str(),
                run.matrix_rows, run.site_ids.size(), run.result.existing, info.has_within ? ", within " : "",
                info.has_within ? info.within.text.c_str() : "");
  } else {
    std::printf("Siting %s for %s by %s, within %s, CRS %s\n", info.model.c_str(), info.category.c_str(), info.mode.c_str(),
                info.within.text.c_str(), run.inputs.crs.c_str());
    std::printf("Population basis: %s\n", run.inputs.population_basis.c_str());
    print_census_notes(run.inputs);
    std::printf("Sites: %zu existing, %zu competitors, %zu candidates (%zu excluded) from %s\n", run.result.existing,
                run.result.competitors, run.result.candidates, run.result.candidates_excluded, info.candidates.c_str());
  }
  std::printf("Solver: %s%s; objective %s (before %s)", s.solver.c_str(), s.proven_optimal ? " (proven optimal)" : "",
              shortest(s.objective).c_str(), shortest(s.objective_before).c_str());
  if (std::isfinite(s.bound)) std::printf(", bound %.6g (%s), gap %.3g%%", s.bound, s.bound_source.c_str(), 100.0 * s.gap);
  std::printf(", %.2f s\n", s.seconds);
  if (s.time_limit_reached)
    std::printf("Stopped at the time limit (--time-limit): the best solution found, not proven optimal%s\n",
                std::isfinite(s.bound) ? "; the gap above is what is proven" : "");
  std::printf("\n%5s  %-24s %14s\n", "rank", "site", "marginal");
  for (std::size_t k = 0; k < s.selected.size(); ++k) {
    std::printf("%5zu  %-24s %14s\n", k + 1, run.site_ids[s.selected[k]].c_str(), thousands(s.marginal[k]).c_str());
  }
  std::printf("\n%s: %s of %s before (%.1f%%), %s after (%.1f%%)\n",
              s.capacitated ? "Served (each site at most its capacity)" : "Covered", thousands(s.covered_weight_before).c_str(),
              thousands(s.total_weight).c_str(), s.total_weight > 0 ? 100.0 * s.covered_weight_before / s.total_weight : 0.0,
              thousands(s.covered_weight).c_str(), s.total_weight > 0 ? 100.0 * s.covered_weight / s.total_weight : 0.0);
  if (!s.uncoverable.empty()) {
    std::printf("Unreachable by any site: %zu demand points, weight %s (ids in summary.json)\n", s.uncoverable.size(),
                thousands(s.uncoverable_weight).c_str());
  }
  if (run.result.group_min > 0) {
    std::size_t had = 0;
    for (std::size_t g = 0; g < run.result.group_existing.size(); ++g) had += run.result.group_existing[g] >= run.result.group_min;
    std::printf("Per district: at least %u site%s in each of the %zu districts of %s (met; %zu had them already, %zu new "
                "site%s needed for the rest; sites per district in summary.json)\n",
                run.result.group_min, run.result.group_min == 1 ? "" : "s", run.result.group_existing.size(),
                run.inputs.districts.source.c_str(), had, run.result.group_need, run.result.group_need == 1 ? "" : "s");
  }
  for (const std::string& n : run.notes) std::printf("Note: %s\n", n.c_str());
  std::printf("\nWrote %s to %s\n", written.c_str(), out_dir.c_str());
}

void print_check(const CheckRun& run, const std::string& out_dir, Lang lang) {
  if (lang == Lang::zh) return print_check_zh(run, out_dir);
  const Inputs& in = run.inputs;
  std::printf("Check %s (%s) on %s demand points, %s facilities, %s districts, CRS %s\n", run.rules.name.c_str(),
              run.info.rules_source.c_str(), thousands(in.demand.size()).c_str(), thousands(in.facilities.size()).c_str(),
              thousands(in.districts.size()).c_str(), in.crs.c_str());
  std::printf("Population basis: %s\n", in.population_basis.c_str());
  print_census_notes(in);
  std::printf("\n");
  std::fputs(io::check_table(run.rules, run.result, in.districts).c_str(), stdout);
  std::printf("\nWrote report.json, junit.xml, report.md%s to %s\n", in.districts.size() > 0 ? ", districts.geojson" : "",
              out_dir.c_str());
}

void print_layers(const SourceInfo& info, Lang lang) {
  if (lang == Lang::zh) return print_layers_zh(info);
  std::printf("%s (%s)\n", info.path.c_str(), info.driver.c_str());
  if (info.is_raster) {
    std::printf("  raster %d x %d cells, %d band(s); band 1: %s cells > 0, sum %.1f\n", info.raster_width, info.raster_height,
                info.raster_bands, thousands(static_cast<double>(info.populated_cells)).c_str(), info.raster_sum);
  }
  for (const LayerInfo& l : info.layers) {
    std::printf("  layer %-18s %-18s %10s features  CRS %s\n", l.name.c_str(), l.geometry_type.c_str(),
                thousands(static_cast<double>(l.feature_count)).c_str(), l.crs.c_str());
    if (l.has_extent) std::printf("        extent %.6f, %.6f, %.6f, %.6f\n", l.min_x, l.min_y, l.max_x, l.max_y);
    if (!l.fields.empty()) {
      std::string f;
      for (const std::string& name : l.fields) f += (f.empty() ? "" : ", ") + name;
      std::printf("        fields %s\n", f.c_str());
    }
  }
  if (!info.categories_basis.empty()) {
    std::printf("  facilities per category (%s):\n", info.categories_basis.c_str());
    for (const auto& [name, count] : info.categories) {
      std::printf("    %-20s %8s\n", name.c_str(), thousands(static_cast<double>(count)).c_str());
    }
  }
}

void print_beyond_halo(const CoverageRun& run, const std::string& out_dir) {
  const std::vector<HaloMiss>& m = run.beyond_halo;
  for (std::size_t a = 0, b = 0; a < m.size(); a = b) {
    double weight = 0, farthest = 0;
    for (b = a; b < m.size() && m[b].category == m[a].category; ++b) {
      weight += run.inputs.demand.weight[m[b].point];
      farthest = std::max(farthest, m[b].nearest_m);
    }
    const bool network = run.info.network.used;
    std::fprintf(stderr,
                 "warning: %s demand points (weight %s) have their nearest %s facility beyond their shard's halo of %s m "
                 "(%s up to %s m; listed in %s/beyond_halo.csv): outside every threshold the plan holds. %s; a plan meant to "
                 "reach their nearest facility needs a wider --halo.\n",
                 thousands(static_cast<double>(b - a)).c_str(), thousands(weight).c_str(),
                 run.inputs.categories.names[m[a].category].c_str(), thousands(run.halo_m).c_str(),
                 network ? "routes" : "distances", thousands(farthest).c_str(), out_dir.c_str(),
                 network ? "Their shards, reading the roads within the halo, could not see those routes; the merge searched "
                           "the nearest facilities over the whole network, so the routes are still exact"
                         : "Their distances are still exact, as every shard reads every facility");
  }
}

void print_shard_plan(const ShardPlan& plan, const std::string& out_dir) {
  double population = 0;
  for (double p : plan.district_population) population += p;
  std::printf("Shard plan: %zu shards of %s districts, %s people, CRS %s\n", plan.shards.size(),
              thousands(plan.districts.size()).c_str(), thousands(population).c_str(), plan.crs.c_str());
  std::printf("Halo: %s m (%s in %s mode: %s)\n", thousands(std::round(plan.halo.metres)).c_str(), plan.halo.text.c_str(),
              to_string(plan.halo.mode), plan.halo.basis.c_str());
  std::printf("Population: %s\n\n", plan.population_basis.c_str());
  const bool counted = !plan.shards.empty() && plan.shards[0].demand_points >= 0;
  std::printf("%6s %10s %14s %12s", "shard", "districts", "population", "area km2");
  if (counted) std::printf(" %14s %14s", "points owned", "points read");
  std::printf("\n");
  for (const Shard& s : plan.shards) {
    std::printf("%6u %10zu %14s %12.2f", s.index, s.districts.size(), thousands(s.population).c_str(), s.area_m2 / 1e6);
    if (counted) {
      std::printf(" %14s %14s", thousands(static_cast<double>(s.demand_points)).c_str(),
                  thousands(static_cast<double>(s.demand_points_read)).c_str());
    }
    std::printf("\n");
  }
  std::printf("\nWrote plan.json and shards.gpkg (layers shards, halos, districts) to %s\n", out_dir.c_str());
}

void print_coverage_total(const CoverageTotal& t, const std::string& out_dir) {
  const CoverageFigures& f = t.total;
  std::printf("%zu runs added up, %s mode: %s demand points, %s people\n\n", t.runs.size(), f.mode.c_str(),
              thousands(static_cast<double>(f.demand_points)).c_str(), thousands(f.population_total).c_str());
  std::printf("%-14s %10s %10s %14s %14s %8s\n", "category", "facilities", "within", "covered", "population", "share");
  for (const CoverageFigures::Category& c : f.categories) {
    std::printf("%-14s %10s %10s %14s %14s %7.1f%%\n", c.name.c_str(), thousands(static_cast<double>(c.facilities)).c_str(),
                c.within.c_str(), thousands(c.population_covered).c_str(), thousands(c.population_total).c_str(),
                c.population_total > 0 ? 100.0 * c.population_covered / c.population_total : 0.0);
  }
  std::printf("%-14s %10s %10s %14s %14s %7.1f%%\n", "life circle", "", "all", thousands(f.population_complete).c_str(),
              thousands(f.population_total).c_str(), f.population_total > 0 ? 100.0 * f.population_complete / f.population_total : 0.0);
  std::printf("\nWrote total.json to %s\n", out_dir.c_str());
}

void print_osm_extracts(const OsmExtractSet& set, const std::string& plan_dir) {
  std::printf("%s cut into %zu extracts: each shard's districts grown by %s m, the facilities of %s kept in every one\n\n",
              set.source.c_str(), set.shards.size(), thousands(std::round(set.grow_m)).c_str(), set.tag_mapping.c_str());
  std::printf("%-6s %12s %10s %10s %12s  %s\n", "shard", "nodes", "ways", "relations", "MB", "file");
  for (std::size_t k = 0; k < set.shards.size(); ++k) {
    const OsmExtractShard& s = set.shards[k];
    std::printf("%-6zu %12s %10s %10s %12.1f  %s\n", k, thousands(static_cast<double>(s.nodes)).c_str(),
                thousands(static_cast<double>(s.ways)).c_str(), thousands(static_cast<double>(s.relations)).c_str(), s.bytes / 1e6,
                s.file.c_str());
  }
  std::printf("\nRecorded in %s/extracts.json: shards of coverage, check and access read their extract in its place\n", plan_dir.c_str());
}

}  // namespace lc::cli

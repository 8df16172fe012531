#include "io/summary.hpp"

#include <gdal_priv.h>
#include <geos_c.h>
#include <proj.h>

#include "io/write_options.hpp"

namespace lc::io {

std::string library_versions() {
  const PJ_INFO pj = proj_info();
  return std::string("GDAL ") + GDALVersionInfo("RELEASE_NAME") + ", GEOS " + GEOSversion() + ", PROJ " + pj.version;
}

void write_summary_header(nlohmann::json& summary, const SummaryHeader& header) {
  summary["lifecircle_version"] = LIFECIRCLE_VERSION;
  summary["command"] = masked_connection(header.command_line);  // a PG: --out or source may hold a password
  if (header.has_inputs) {
    summary["crs"] = header.crs;
    summary["population_basis"] = header.population_basis;
    if (!header.population_basis_zh.empty()) summary["population_basis_zh"] = header.population_basis_zh;
  }
  if (header.census) summary["census"] = census_json(*header.census);
  summary["libraries"] = library_versions();
  if (header.openstreetmap)
    summary["attribution"] = "Contains OpenStreetMap data, (c) OpenStreetMap contributors, ODbL 1.0";
}

nlohmann::json census_json(const CensusReport& c) {
  using nlohmann::json;
  json rows = json::array(), units = json::array(), near = json::array();
  for (const auto& r : c.unmatched_rows) rows.push_back({{"row", r.row}, {"key", r.key}, {"population", r.population}});
  for (const auto& u : c.units_without_row) units.push_back({{"id", u.id}, {"key", u.key}});
  for (const auto& m : c.near_misses) {
    near.push_back({{"row", m.row}, {"row_key", m.row_key}, {"unit_id", m.unit_id}, {"unit_key", m.unit_key}, {"why", m.why}});
  }
  return {{"table", c.table},
          {"key", c.key},
          {"columns", c.columns},
          {"spread", c.basis},
          {"rows", c.rows},
          {"units", c.units},
          {"matched", c.matched},
          {"population_table", c.population_table},
          {"population_placed", c.population_placed},
          {"population_not_placed", c.population_not_placed},
          {"unmatched_rows", rows},
          {"units_without_row", units},
          {"near_misses", near},
          {"units_spread_evenly_without_basis", c.fallback_units}};
}

void write_timings(nlohmann::json& summary, const StageTimings& timings, int threads, double write_s) {
  StageTimings t = timings;
  if (write_s >= 0) t.add("write", write_s);
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [stage, s] : t.stages) j[stage] = s;
  j["total"] = t.total();
  summary["timings_s"] = j;
  summary["threads"] = threads;
}

}  // namespace lc::io

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
  }
  summary["libraries"] = library_versions();
  if (header.openstreetmap)
    summary["attribution"] = "Contains OpenStreetMap data, (c) OpenStreetMap contributors, ODbL 1.0";
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

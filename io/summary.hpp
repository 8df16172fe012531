#pragma once
// The header every summary.json starts with (coverage, isochrones, propose): one writer, so the
// fields are named and filled the same way by each command. Internal to io/.

#include <string>

#include <nlohmann/json.hpp>

#include "core/census.hpp"
#include "core/timings.hpp"

namespace lc::io {

struct SummaryHeader {
  std::string command_line;
  bool has_inputs = false;       // crs and population_basis are written (not for a cost-matrix run)
  std::string crs;               // e.g. "EPSG:32648"
  std::string population_basis;  // one sentence
  std::string population_basis_zh;  // the same in Chinese (written as population_basis_zh when set)
  bool openstreetmap = false;    // some input is OpenStreetMap data: the ODbL attribution is written
  const CensusReport* census = nullptr;  // a census joined to the demand: written as `census`
};

// The join report of a census table (summary.json's and report.json's `census`).
nlohmann::json census_json(const CensusReport& census);

// Sets lifecircle_version, command (any password in it masked), crs and population_basis (when has_inputs), libraries and,
// for OpenStreetMap data, attribution in `summary`.
void write_summary_header(nlohmann::json& summary, const SummaryHeader& header);

// Sets `timings_s` (each stage of `timings`, then "write" when write_s >= 0, and "total") and
// `threads` in `summary`.
void write_timings(nlohmann::json& summary, const StageTimings& timings, int threads, double write_s = -1);

// "GDAL 3.6.2, GEOS 3.11.1, PROJ 9.1.1"
std::string library_versions();

}  // namespace lc::io

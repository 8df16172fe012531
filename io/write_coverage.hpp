#pragma once
// Writing a coverage run: summary.json, demand.geojson, facilities.geojson, service_areas.geojson.

#include <string>
#include <vector>

#include "algorithms/service_area.hpp"
#include "core/coverage_result.hpp"
#include "io/read_inputs.hpp"

namespace lc::io {

struct SurfaceOutput;  // io/write_isochrones.hpp

// What a network-mode run adds to the summary.
struct NetworkRunInfo {
  bool used = false;
  std::string roads_source;
  std::string road_profile;
  double walk_speed_mps = 0.0;
  double max_snap_m = 0.0;
  std::size_t nodes = 0, segments = 0, components = 0, largest_component_nodes = 0;
  std::vector<std::string> demand_unsnapped, facility_unsnapped, demand_on_island, facility_on_island;  // ids
  std::vector<double> circle_share;  // per category: share within the straight-line equivalent; NaN if none
  std::vector<double> circle_within_m;
};

struct CoverageRunInfo {
  std::string command_line;
  std::vector<FacilitySource> facility_sources;
  DemandSource demand_source;
  LoadOptions load_options;
  std::string mode = "distance";
  double speed_mps = 0.0;
  std::vector<std::string> within_text;  // per category of the result, as the user wrote it
  NetworkRunInfo network;
};

// The summary as JSON text (also what summary.json holds).
std::string coverage_summary_json(const Inputs& in, const CoverageResult& result,
                                  const std::vector<ServiceArea>& areas, const CoverageRunInfo& info);

// Writes the four files into `out_dir` (created when missing) under temporary names, renaming
// them only once all are complete. Throws InputError when a file cannot be written.
void write_coverage_outputs(const std::string& out_dir, const Inputs& in, const CoverageResult& result,
                            const std::vector<ServiceArea>& areas, const CoverageRunInfo& info,
                            const std::vector<SurfaceOutput>& surfaces = {});

// "GDAL 3.6.2, GEOS 3.11.1, PROJ 9.1.1"
std::string library_versions();

}  // namespace lc::io

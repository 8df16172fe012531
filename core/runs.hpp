#pragma once
// What each command returns: one complete value per run, everything a writer, a map or a caller
// of the library needs (the loaded inputs, the results, how they were computed). The api/ layer
// fills them; io/ writes them; cli/ prints them.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/check_result.hpp"
#include "core/coverage_result.hpp"
#include "core/inputs.hpp"
#include "core/isochrone_result.hpp"
#include "core/rules.hpp"
#include "core/shard_run.hpp"
#include "core/siting.hpp"
#include "core/threshold.hpp"
#include "core/timings.hpp"

namespace lc {

// What a network-mode run adds to the summary.
struct NetworkRunInfo {
  bool used = false;
  std::string roads_source;
  std::string road_profile;
  double walk_speed_mps = 0.0;
  double max_snap_m = 0.0;
  std::string polygon_method;   // exact | fast (service areas)
  double polygon_cell_m = 0.0;  // fast: the raster's cell
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
  // Seconds per stage of the run (the writer adds "write") and the threads it could use.
  StageTimings timings;
  int threads = 0;
};

struct IsochroneFeature {
  std::string category;
  std::string site_id;    // split: the facility's id; dissolved: empty
  std::string site_name;
  double lower = 0.0, upper = 0.0;  // the band, in `unit`
  double population = 0.0;
  double area_m2 = 0.0;
  std::vector<unsigned char> wkb;   // metres, in the run's CRS
};

struct SurfaceOutput {
  std::string category;
  TravelTimeSurface surface;
};

struct IsochroneRunInfo {
  std::string command_line;
  std::string mode;
  std::string unit;       // "min" or "m"
  std::vector<double> breaks;
  std::string merge;      // dissolve | split
  std::string shape;      // disks | rings
  std::string polygon_method;  // exact | fast
  double polygon_cell_m = 0.0;  // fast: the raster's cell
  double buffer_m = 0.0;
  std::string roads_source;
  double walk_speed_mps = 0.0;
  std::vector<std::string> categories;
  // Seconds per stage of the run (the writer adds "write") and the threads it could use.
  StageTimings timings;
  int threads = 0;
};

struct ProposeRunInfo {
  std::string command_line;
  std::string model;
  std::string category;
  std::string mode;
  Threshold within;          // the coverage threshold as used (a matrix: in its units)
  bool has_within = true;    // false: a cost matrix run without one
  double horizon = 0.0;      // the largest cost the model sees (algorithms/propose.hpp: cost_horizon)
  std::string candidates;    // where they came from
  std::string unit_note;     // e.g. "weight: population"
  // The fields the capacities came from (candidates; existing facilities); empty: none.
  std::string candidate_capacity_field, capacity_field;
  double places_per_person = 1.0;  // capacities in places divided by this: weight served
  // Seconds per stage of the run (the writer adds "write") and the threads it could use.
  StageTimings timings;
  int threads = 0;
};

// What the reports say about the run besides the verdicts.
struct CheckRunInfo {
  std::string command_line;
  std::string rules_source;                   // the rule file path, or "preset cn-health"
  std::string crs;                            // e.g. "EPSG:32648"
  std::string population_basis;               // one sentence
  std::string population_basis_zh;            // the same in Chinese, where worded so
  std::vector<std::string> facility_sources;  // one description per --facilities
  std::string demand_source;
  std::string mode_override;  // "" or "distance"/"walk"/"drive" (every rule's mode replaced)
  bool strict = false;
  std::vector<std::string> input_notes;  // notes from loading
  std::size_t skipped_features = 0;
  std::optional<CensusReport> census;    // a census joined to the demand
  // Seconds per stage of the run (the writer adds "write") and the threads it could use.
  StageTimings timings;
  int threads = 0;
};

struct LayerInfo {
  std::string name;
  std::string geometry_type;
  std::string crs;
  long long feature_count = 0;
  bool has_extent = false;
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;  // in the layer's CRS
  std::vector<std::string> fields;
};

struct SourceInfo {
  std::string path;
  std::string driver;
  std::vector<LayerInfo> layers;
  bool is_raster = false;
  int raster_width = 0, raster_height = 0, raster_bands = 0;
  long long populated_cells = 0;   // cells > 0 in band 1
  double raster_sum = 0.0;         // sum of band 1 over those cells
  // Facility categories: feature count per category (OSM tags, or --category-field/--category-map).
  std::map<std::string, long long> categories;
  std::string categories_basis;    // how they were counted; empty when not counted
};

// A coverage run: per category, per demand point and per facility; the service areas; in the
// network modes the travel-time surfaces asked for and the network's figures.
struct CoverageRun {
  Inputs inputs;
  std::vector<Threshold> thresholds;  // per category of the result
  CoverageResult result;
  std::vector<ServiceArea> areas;     // per category of the result
  std::vector<SurfaceOutput> surfaces;
  // With more than grid_above_points demand points: the population beyond reach on a grid (for
  // maps); empty otherwise.
  PopulationGrid out_of_reach;
  CoverageRunInfo info;
  // A merged split run (api/coverage.hpp: merge_coverage): the points whose nearest facility lies
  // beyond their shard's halo of `halo_m` metres, by category and point.
  std::vector<HaloMiss> beyond_halo;
  double halo_m = 0;
};

// Demand larger than this is also summarised on a grid for maps (CoverageRun::out_of_reach).
inline constexpr std::size_t grid_above_points = 100000;

// Population and area of one category at one break, over all its polygons.
struct IsochroneTotal {
  std::string category;
  std::size_t facilities = 0;
  double upper = 0.0;  // the break, in the run's unit
  double population = 0.0;
  double area_m2 = 0.0;
};

struct IsochroneRun {
  Inputs inputs;
  std::vector<Threshold> breaks;
  std::vector<IsochroneFeature> features;
  std::vector<IsochroneTotal> totals;  // per category, per break
  std::vector<SurfaceOutput> surfaces;
  IsochroneRunInfo info;
};

// A siting run. With geometry (`table` false): the inputs and the sites as facilities. From a
// cost matrix alone (`table` true): sites and demand are ids; `inputs` is empty.
struct ProposeRun {
  bool table = false;
  Inputs inputs;
  ProposeResult result;   // result.siting is the model's result in both cases
  std::vector<std::string> site_ids;    // per site of the model: its id (facility id, or matrix id)
  std::vector<std::string> demand_ids;  // table: per demand point
  std::size_t matrix_rows = 0;          // table: rows read
  std::vector<std::string> notes;
  ProposeRunInfo info;
};

struct CheckRun {
  Inputs inputs;
  RuleSet rules;
  std::vector<Threshold> thresholds;  // per rule, as evaluated (mode override and speed applied)
  CheckResult result;
  CheckRunInfo info;
};

}  // namespace lc

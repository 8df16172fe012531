#pragma once
// Reading facilities and demand from any GDAL source into core data in one metric CRS.

#include <memory>
#include <string>
#include <vector>

#include "core/inputs.hpp"

namespace lc::io {

using lc::DemandSource;
using lc::FacilitySource;
using lc::Inputs;
using lc::LoadOptions;
using lc::RoadSource;
using lc::Skipped;

// Whether `path` names an OSM extract (.osm, .pbf), whose facilities are mapped by their tags.
bool is_osm_source(const std::string& path);

// Loading, as a sequence of stages (api::load_inputs composes them in this order):
//   validate_sources   the request's sources and options make sense together (before any reading)
//   read_sources       open each source and read its features, in the source's own CRS
//   choose_categories  the categories asked for, among those the sources produce
//   choose_crs         the metric CRS: --crs, else the UTM zone of the centre of everything read
//   stage_facilities   facilities reprojected into it, of the chosen categories
//   stage_demand       demand points reprojected; demand polygons (and the OSM population proxy's
//                      polygons) reprojected into Inputs::demand_polygons, not yet spread over
//                      points (api/ does that)
//   stage_areas        exclusion polygons and districts reprojected (WKB in metres)
//   stage_roads        the roads the travel mode may use, reprojected (network modes)
// Each throws InputError (bad data, naming the source, layer, feature and field) or UsageError
// (a bad request); skipped features and notes go to the Inputs.

// What read_sources read, held between the stages (GDAL geometries in their source CRSs).
class StagedSources {
 public:
  StagedSources();
  ~StagedSources();
  StagedSources(StagedSources&&) noexcept;
  StagedSources& operator=(StagedSources&&) noexcept;
  struct Impl;
  std::unique_ptr<Impl> impl;
};

void validate_sources(const std::vector<FacilitySource>& facilities, const DemandSource& demand, const LoadOptions& options);
StagedSources read_sources(const std::vector<FacilitySource>& facilities, const DemandSource& demand,
                           const LoadOptions& options, Inputs& in);
void choose_categories(const StagedSources& staged, Inputs& in);
void choose_crs(StagedSources& staged, Inputs& in);
void stage_facilities(StagedSources& staged, Inputs& in);
void stage_demand(StagedSources& staged, Inputs& in);
void stage_areas(StagedSources& staged, Inputs& in);
void stage_roads(StagedSources& staged, Inputs& in);

}  // namespace lc::io

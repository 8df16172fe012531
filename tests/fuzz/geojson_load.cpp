// Fuzz target: facilities, demand, districts, exclusion areas and roads loaded from GeoJSON text,
// through the loading stages every command runs (api::stage_inputs: up to the points in one
// metric CRS, before demand polygons are spread), from a file in GDAL's memory file system. What loads must be valid core data.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/inputs.hpp"
#include "fuzz_support.hpp"
#include "api/load.hpp"

namespace {

void load(const std::vector<lc::FacilitySource>& facilities, const lc::DemandSource& demand, const lc::LoadOptions& options) {
  using lc::fuzz::require;
  lc::fuzz::parses([&] {
    lc::Inputs in = lc::api::stage_inputs(facilities, demand, options);
    in.facilities.validate(in.categories);
    in.demand.validate();
    const lc::DemandPolygons& p = in.demand_polygons;
    for (std::size_t i = 0; i < p.size(); ++i) {
      require(std::isfinite(p.weight[i]) && p.weight[i] >= 0, "demand polygon weight");
      for (const lc::Ring& r : p.rings[i]) {
        for (const double v : r) require(std::isfinite(v), "demand polygon coordinate");
      }
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const lc::fuzz::MemFile file("input.geojson", data, size);

  // The whole layer one category, each feature counting 1.
  lc::FacilitySource facilities;
  facilities.path = file.path();
  facilities.category = "health";
  facilities.optional_numeric_fields = {"beds"};
  lc::DemandSource demand;
  demand.path = file.path();
  lc::LoadOptions options;
  load({facilities}, demand, options);

  // Status, numeric attributes, population and a further weight from fields.
  lc::FacilitySource planned = facilities;
  planned.status_field = "status";
  planned.numeric_fields = {"beds"};
  lc::DemandSource weighted = demand;
  weighted.population_field = "pop";
  weighted.attribute_fields = {{"elderly", "pop60"}};
  load({planned}, weighted, options);

  // The same layer as districts and as areas closed to new sites.
  lc::LoadOptions areas = options;
  areas.districts_path = file.path();
  areas.exclude = {{file.path(), ""}};
  load({facilities}, demand, areas);

  // Road centrelines for walking, with class, speed and one-way fields.
  lc::LoadOptions walk = options;
  walk.mode = lc::TravelMode::walk;
  walk.roads = {file.path(), "", "highway", "maxspeed", "oneway"};
  load({facilities}, demand, walk);
  return 0;
}

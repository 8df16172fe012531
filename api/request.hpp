#pragma once
// The parts every request shares: where the data comes from, and how the network is walked.

#include <string>
#include <vector>

#include "core/isochrone_result.hpp"
#include "core/inputs.hpp"
#include "core/threshold.hpp"

namespace lc::api {

// The sources of a run and how to load them. `load.mode` is the travel mode (walk and drive
// also read roads).
struct Sources {
  std::vector<FacilitySource> facilities;  // one per source, existing ones first
  DemandSource demand;
  LoadOptions load;
};

// Settings of the network modes.
struct NetworkSettings {
  double walk_speed_mps = default_walk_speed_mps;  // walking, and the off-road links of every point
  double max_snap_m = 250.0;  // points farther from every road are unreachable
  double buffer_m = 40.0;     // half-width of the service areas drawn around reached roads
  PolygonMethod polygons = PolygonMethod::exact;  // how service areas and isochrones are drawn
  double polygon_cell_m = 0.0;                    // fast: the raster's cell; 0: half the buffer
};

// Throws UsageError naming the option when a setting is out of its range: --speed in (0, 50] m/s,
// --max-snap in (0, 10,000] m, --buffer in (0, 1,000] m, --polygon-cell in [0, 1,000] m.
void validate(const NetworkSettings& network);

}  // namespace lc::api

#pragma once
// Isochrone polygons and travel-time surfaces: results of the network engine, plain data.

#include <cstdint>
#include <vector>

#include "core/ids.hpp"

namespace lc {

enum class IsochroneShape : std::uint8_t { disks, rings };

struct IsochronePolygon {
  Id site = invalid_id;   // the label (split), or invalid_id (dissolved)
  float lower = 0.0f;     // rings: the previous break (0 for the first); disks: 0
  float upper = 0.0f;     // the break
  double area_m2 = 0.0;
  std::vector<unsigned char> wkb;  // valid (Multi)Polygon in metres; empty when nothing is reached
};

// A raster of travel minutes to the nearest site, one cell centre at a time snapped to the
// network (NaN where no road is within max_snap_m or no site is reachable).
struct TravelTimeSurface {
  double min_x = 0, max_y = 0;  // top-left corner, metres
  double cell_m = 0;
  int width = 0, height = 0;
  std::vector<float> minutes;   // row-major from the top row
};

}  // namespace lc

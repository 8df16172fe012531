#pragma once
// Isochrone polygons and travel-time surfaces: results of the network engine, plain data.

#include <cstdint>
#include <vector>

#include "core/ids.hpp"

namespace lc {

enum class IsochroneShape : std::uint8_t { disks, rings };

// exact: the reached roads cut at the exact cost, buffered and dissolved (every reached point
// inside; split areas partition the dissolved one). fast: the same areas as rasters of signed
// distances (DistanceField), contoured (io), dissolved only.
enum class PolygonMethod : std::uint8_t { exact, fast };

struct IsochronePolygon {
  Id site = invalid_id;   // the label (split), or invalid_id (dissolved)
  float lower = 0.0f;     // rings: the previous break (0 for the first); disks: 0
  float upper = 0.0f;     // the break
  double area_m2 = 0.0;
  std::vector<unsigned char> wkb;  // valid (Multi)Polygon in metres; empty when nothing is reached
};

// An isochrone as a raster, for contouring: each cell holds the signed distance in metres from its
// centre to the edge of the area (negative inside), cut to [-band, 2 cells]. The area is the band
// of the given half-width around the roads reached within the break (minus, for a ring, the area
// of the previous break), small holes filled; a margin of outside cells surrounds it.
struct DistanceField {
  double min_x = 0, max_y = 0;  // top-left corner, metres
  double cell_m = 0;
  int width = 0, height = 0;
  std::vector<float> value;     // row-major from the top row
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

#pragma once
// The edge of a raster of signed distances (fast isochrones and service areas), by GDAL's contour
// generator: the lines at distance 0, interpolated between cell centres.

#include <vector>

#include "core/isochrone_result.hpp"

namespace lc::io {

// The closed rings along which the field crosses 0 (x0, y0, x1, y1, ..., first point repeated
// last), in the field's metres. The field's margin of outside cells closes every ring; a field
// with no cell has none. Throws std::runtime_error when GDAL fails.
std::vector<std::vector<double>> contour_rings(const DistanceField& field);

}  // namespace lc::io

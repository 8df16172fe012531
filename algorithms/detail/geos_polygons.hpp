#pragma once
// GEOS helper shared by the polygon builders and writers.

#include <geos_c.h>

namespace lc::detail {

// The polygonal part of `g` (taking ownership of it): a Polygon or MultiPolygon, with the lines
// and points that overlay operations and repairs can leave behind dropped. Null when nothing
// polygonal remains.
GEOSGeometry* keep_polygons(GEOSContextHandle_t h, GEOSGeometry* g);

}  // namespace lc::detail

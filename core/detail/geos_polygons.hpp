#pragma once
// GEOS helpers shared by the polygon builders (algorithms/) and the writers (io/); a target of
// its own (lifecircle_geos) so that neither links the other.

#include <geos_c.h>

namespace lc::detail {

// Makes GEOS operations stop when an interrupt is requested (core/interrupt.hpp): a GEOS
// interrupt callback, registered once for the process. The interrupted call fails (returns
// null); the caller's next check_interrupt() throws. Every GeosContext calls it.
void watch_interrupts_in_geos();

// One GEOS context (the reentrant C API: one per thread), finished when it goes out of scope.
struct GeosContext {
  GEOSContextHandle_t h = GEOS_init_r();
  GeosContext() { watch_interrupts_in_geos(); }
  ~GeosContext() { GEOS_finish_r(h); }
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;
};

// The polygonal part of `g` (taking ownership of it): a Polygon or MultiPolygon, with the lines
// and points that overlay operations and repairs can leave behind dropped. Null when nothing
// polygonal remains.
GEOSGeometry* keep_polygons(GEOSContextHandle_t h, GEOSGeometry* g);

}  // namespace lc::detail

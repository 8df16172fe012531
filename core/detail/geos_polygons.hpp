#pragma once
// GEOS helpers shared by the polygon builders (algorithms/) and the writers (io/); a target of
// its own (lifecircle_geos) so that neither links the other.

#include <memory>
#include <vector>

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

// Destroys a GEOS geometry. The handle serves only GEOS's error reporting: a geometry made in
// one context may be destroyed through another, as long as that one is still alive.
struct GeomDeleter {
  GEOSContextHandle_t h = nullptr;
  void operator()(GEOSGeometry* g) const noexcept { GEOSGeom_destroy_r(h, g); }
};

// An owned GEOS geometry (null when a GEOS call failed). Every geometry the builders make is held
// in one from the call that makes it, so that an exception, an interrupt's above all, frees it.
using Geom = std::unique_ptr<GEOSGeometry, GeomDeleter>;

inline Geom own(GEOSContextHandle_t h, GEOSGeometry* g) { return Geom(g, GeomDeleter{h}); }

// A collection of `type` (GEOS_MULTIPOLYGON, GEOS_GEOMETRYCOLLECTION, ...) made of the non-null
// `parts`, which it takes over (`parts` is left empty). Null when GEOS fails.
Geom collect(GEOSContextHandle_t h, int type, std::vector<Geom>& parts);

// The polygonal part of `g`: a Polygon or MultiPolygon, with the lines and points that overlay
// operations and repairs can leave behind dropped. Null when nothing polygonal remains.
Geom keep_polygons(GEOSContextHandle_t h, Geom g);

// A geometry from little-endian WKB; null when GEOS cannot read it.
Geom read_wkb(GEOSContextHandle_t h, const std::vector<unsigned char>& wkb);

// The WKB of `g` (little-endian); empty when GEOS cannot encode it.
std::vector<unsigned char> write_wkb(GEOSContextHandle_t h, const GEOSGeometry* g);

}  // namespace lc::detail

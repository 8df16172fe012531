#include "core/detail/geos_polygons.hpp"

#include <mutex>
#include <vector>

#include "core/interrupt.hpp"

namespace lc::detail {

void watch_interrupts_in_geos() {
  static std::once_flag once;
  std::call_once(once, [] {
    // GEOS calls this at its interrupt check points, in whichever thread is working.
    GEOS_interruptRegisterCallback([] {
      if (interrupt_requested()) GEOS_interruptRequest();
    });
  });
}

namespace {

void collect(GEOSContextHandle_t h, const GEOSGeometry* g, std::vector<GEOSGeometry*>& out) {
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    if (!GEOSisEmpty_r(h, g)) out.push_back(GEOSGeom_clone_r(h, g));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) collect(h, GEOSGetGeometryN_r(h, g, i), out);
  }
}

}  // namespace

GEOSGeometry* keep_polygons(GEOSContextHandle_t h, GEOSGeometry* g) {
  if (!g) return nullptr;
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
  std::vector<GEOSGeometry*> polys;
  collect(h, g, polys);
  GEOSGeom_destroy_r(h, g);
  if (polys.empty()) return nullptr;
  if (polys.size() == 1) return polys[0];
  return GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size()));
}

}  // namespace lc::detail

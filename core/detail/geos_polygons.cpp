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

void add_polygons(GEOSContextHandle_t h, const GEOSGeometry* g, std::vector<Geom>& out) {
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    if (!GEOSisEmpty_r(h, g)) out.push_back(own(h, GEOSGeom_clone_r(h, g)));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) add_polygons(h, GEOSGetGeometryN_r(h, g, i), out);
  }
}

}  // namespace

Geom collect(GEOSContextHandle_t h, int type, std::vector<Geom>& parts) {
  std::vector<GEOSGeometry*> raw;
  raw.reserve(parts.size());
  // Handed over before the call: GEOS owns them from it, whether it succeeds or not.
  for (Geom& p : parts)
    if (p) raw.push_back(p.release());
  parts.clear();
  return own(h, GEOSGeom_createCollection_r(h, type, raw.data(), static_cast<unsigned>(raw.size())));
}

Geom keep_polygons(GEOSContextHandle_t h, Geom g) {
  if (!g) return g;
  const int type = GEOSGeomTypeId_r(h, g.get());
  if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
  std::vector<Geom> polys;
  add_polygons(h, g.get(), polys);
  g.reset();
  if (polys.empty()) return nullptr;
  if (polys.size() == 1) return std::move(polys[0]);
  return collect(h, GEOS_MULTIPOLYGON, polys);
}

Geom read_wkb(GEOSContextHandle_t h, const std::vector<unsigned char>& wkb) {
  GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
  Geom g = own(h, GEOSWKBReader_read_r(h, reader, wkb.data(), wkb.size()));
  GEOSWKBReader_destroy_r(h, reader);
  return g;
}

std::vector<unsigned char> write_wkb(GEOSContextHandle_t h, const GEOSGeometry* g) {
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(h);
  GEOSWKBWriter_setByteOrder_r(h, writer, GEOS_WKB_NDR);
  std::size_t size = 0;
  unsigned char* bytes = GEOSWKBWriter_write_r(h, writer, g, &size);
  GEOSWKBWriter_destroy_r(h, writer);
  if (!bytes) return {};
  std::vector<unsigned char> out(bytes, bytes + size);
  GEOSFree_r(h, bytes);
  return out;
}

}  // namespace lc::detail

#include "algorithms/service_area.hpp"

#include <memory>
#include <stdexcept>
#include <string>

#include <geos_c.h>

#include "core/detail/geos_polygons.hpp"
#include "core/interrupt.hpp"

namespace lc {

ServiceArea dissolve_circles(const Facilities& facilities, const std::vector<Id>& ids, CategoryId category,
                             double radius_m, const ServiceAreaOptions& options) {
  ServiceArea out;
  out.category = category;
  out.radius_m = radius_m;
  out.facility_count = static_cast<std::uint32_t>(ids.size());
  if (ids.empty()) return out;

  detail::GeosContext ctx;
  auto destroy = [&ctx](GEOSGeometry* g) { GEOSGeom_destroy_r(ctx.h, g); };
  std::vector<GEOSGeometry*> circles;
  circles.reserve(ids.size());
  for (Id id : ids) {
    check_interrupt();
    GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(ctx.h, facilities.x_m[id], facilities.y_m[id]);
    GEOSGeometry* circle = pt ? GEOSBuffer_r(ctx.h, pt, radius_m, options.quadrant_segments) : nullptr;
    if (pt) GEOSGeom_destroy_r(ctx.h, pt);
    if (!circle) {
      for (GEOSGeometry* g : circles) destroy(g);
      throw std::runtime_error("GEOS could not buffer facility " + facilities.source_id[id]);
    }
    circles.push_back(circle);
  }
  // The collection takes ownership of the circles.
  std::unique_ptr<GEOSGeometry, decltype(destroy)> collection(
      GEOSGeom_createCollection_r(ctx.h, GEOS_GEOMETRYCOLLECTION, circles.data(),
                                  static_cast<unsigned>(circles.size())),
      destroy);
  if (!collection) throw std::runtime_error("GEOS could not collect the service-area circles");
  std::unique_ptr<GEOSGeometry, decltype(destroy)> merged(GEOSUnaryUnion_r(ctx.h, collection.get()), destroy);
  if (!merged) check_interrupt();  // an interrupted GEOS call fails: report the interrupt
  if (!merged) throw std::runtime_error("GEOS could not dissolve the service-area circles");
  if (GEOSisValid_r(ctx.h, merged.get()) != 1) {
    merged.reset(GEOSMakeValid_r(ctx.h, merged.get()));
    if (!merged) throw std::runtime_error("GEOS could not make the service area valid");
  }
  GEOSArea_r(ctx.h, merged.get(), &out.area_m2);

  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(ctx.h);
  std::size_t size = 0;
  unsigned char* bytes = GEOSWKBWriter_write_r(ctx.h, writer, merged.get(), &size);
  GEOSWKBWriter_destroy_r(ctx.h, writer);
  if (!bytes) throw std::runtime_error("GEOS could not encode the service area");
  out.wkb.assign(bytes, bytes + size);
  GEOSFree_r(ctx.h, bytes);
  return out;
}

}  // namespace lc

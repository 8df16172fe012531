#include "algorithms/service_area.hpp"

#include <memory>
#include <vector>
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
  std::vector<detail::Geom> circles;
  circles.reserve(ids.size());
  for (Id id : ids) {
    check_interrupt();
    const detail::Geom pt = detail::own(ctx.h, GEOSGeom_createPointFromXY_r(ctx.h, facilities.x_m[id], facilities.y_m[id]));
    detail::Geom circle = detail::own(ctx.h, pt ? GEOSBuffer_r(ctx.h, pt.get(), radius_m, options.quadrant_segments) : nullptr);
    if (!circle) check_interrupt();
    if (!circle) throw std::runtime_error("GEOS could not buffer facility " + facilities.source_id[id]);
    circles.push_back(std::move(circle));
  }
  const detail::Geom collection = detail::collect(ctx.h, GEOS_GEOMETRYCOLLECTION, circles);
  if (!collection) throw std::runtime_error("GEOS could not collect the service-area circles");
  detail::Geom merged = detail::own(ctx.h, GEOSUnaryUnion_r(ctx.h, collection.get()));
  if (!merged) check_interrupt();  // an interrupted GEOS call fails: report the interrupt
  if (!merged) throw std::runtime_error("GEOS could not dissolve the service-area circles");
  if (GEOSisValid_r(ctx.h, merged.get()) != 1) {
    merged = detail::own(ctx.h, GEOSMakeValid_r(ctx.h, merged.get()));
    if (!merged) check_interrupt();
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

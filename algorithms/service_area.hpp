#pragma once
// Service-area polygons: the dissolved union of the circles around a set of facilities.

#include <cstdint>
#include <vector>

#include "core/coverage_result.hpp"
#include "core/facilities.hpp"

namespace lc {

struct ServiceAreaOptions {
  int quadrant_segments = 16;  // segments per quarter circle (64-gon circles: area error < 0.2 %)
};

// The union of the radius_m circles around `ids` (facility ids), made with GEOS (unary union).
ServiceArea dissolve_circles(const Facilities& facilities, const std::vector<Id>& ids, CategoryId category,
                             double radius_m, const ServiceAreaOptions& options = {});

}  // namespace lc

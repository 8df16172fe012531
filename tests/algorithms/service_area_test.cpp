#include "algorithms/service_area.hpp"

#include <cmath>

#include <geos_c.h>
#include <gtest/gtest.h>

namespace lc {
namespace {

// Area of a regular polygon with `n` vertices on a circle of radius r: n/2 r² sin(2π/n).
double ngon_area(double r, int n) { return 0.5 * n * r * r * std::sin(2.0 * M_PI / n); }

TEST(ServiceArea, DisjointCirclesAddUp) {
  Categories cats;
  const CategoryId c = cats.add("health");
  Facilities fac;
  fac.push_back(0, 0, c, "A", "");
  fac.push_back(5000, 0, c, "B", "");
  const ServiceArea a = dissolve_circles(fac, {0, 1}, c, 1000.0, {16});
  // Two separate 64-gons (16 segments per quadrant) of radius 1000 m.
  EXPECT_NEAR(a.area_m2, 2 * ngon_area(1000.0, 64), 1.0);
  EXPECT_EQ(a.facility_count, 2u);
  ASSERT_FALSE(a.wkb.empty());

  GEOSContextHandle_t h = GEOS_init_r();
  GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
  GEOSGeometry* g = GEOSWKBReader_read_r(h, reader, a.wkb.data(), a.wkb.size());
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(GEOSisValid_r(h, g), 1);
  EXPECT_EQ(GEOSGetNumGeometries_r(h, g), 2);  // dissolved into a multipolygon of two parts
  GEOSGeom_destroy_r(h, g);
  GEOSWKBReader_destroy_r(h, reader);
  GEOS_finish_r(h);
}

TEST(ServiceArea, OverlappingCirclesDissolve) {
  Categories cats;
  const CategoryId c = cats.add("fitness");
  Facilities fac;
  fac.push_back(0, 0, c, "A", "");
  fac.push_back(1000, 0, c, "B", "");
  const ServiceArea a = dissolve_circles(fac, {0, 1}, c, 1000.0, {64});
  // Two circles r = 1000 m, centres d = 1000 m apart: union = 2πr² - lens, with
  // lens = 2r² acos(d/2r) - (d/2) sqrt(4r² - d²) = 2e6·acos(0.5) - 500·sqrt(3e6) = 1,228,369.7 m².
  const double r = 1000.0, d = 1000.0;
  const double lens = 2 * r * r * std::acos(d / (2 * r)) - 0.5 * d * std::sqrt(4 * r * r - d * d);
  const double exact = 2 * M_PI * r * r - lens;  // 5,054,815.6 m²
  EXPECT_NEAR(a.area_m2, exact, exact * 0.001);  // 256-gon circles are within 0.01 % of the circle
}

TEST(ServiceArea, NoFacilitiesNoPolygon) {
  Categories cats;
  const CategoryId c = cats.add("elderly_care");
  Facilities fac;
  const ServiceArea a = dissolve_circles(fac, {}, c, 1000.0);
  EXPECT_TRUE(a.wkb.empty());
  EXPECT_DOUBLE_EQ(a.area_m2, 0.0);
}

}  // namespace
}  // namespace lc

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include "io/contour.hpp"

namespace lc {
namespace {

const double pi = std::acos(-1.0);

// 5 m cells over 600 m x 600 m centred on (0, 0), each cell f(distance of its centre from (0, 0)).
DistanceField field_of(const std::function<double(double)>& f) {
  DistanceField field;
  field.cell_m = 5;
  field.min_x = -300;
  field.max_y = 300;
  field.width = field.height = 120;
  for (int r = 0; r < field.height; ++r) {
    for (int c = 0; c < field.width; ++c) {
      const double x = field.min_x + (c + 0.5) * field.cell_m, y = field.max_y - (r + 0.5) * field.cell_m;
      field.value.push_back(static_cast<float>(f(std::hypot(x, y))));
    }
  }
  return field;
}

// A closed ring's area by the shoelace formula, and its largest distance from (0, 0).
double ring_area(const std::vector<double>& xy) {
  double twice = 0;
  for (std::size_t i = 0; i + 3 < xy.size(); i += 2) twice += xy[i] * xy[i + 3] - xy[i + 2] * xy[i + 1];
  return std::abs(twice) / 2;
}

// The signed distance to a circle of radius 200 m crosses 0 along that circle: one closed ring
// enclosing pi r^2 (to 0.2 %), every vertex within a cell of it; the distance to the ring
// between 100 and 200 m, along both circles.
TEST(Contour, CirclesOfSignedDistances) {
  const std::vector<std::vector<double>> disk = io::contour_rings(field_of([](double d) { return d - 200; }));
  ASSERT_EQ(disk.size(), 1u);
  const std::vector<double>& xy = disk[0];
  ASSERT_GT(xy.size(), 100u);
  EXPECT_EQ(xy[0], xy[xy.size() - 2]);
  EXPECT_EQ(xy[1], xy.back());
  EXPECT_NEAR(ring_area(xy), pi * 200 * 200, 0.002 * pi * 200 * 200);
  for (std::size_t i = 0; i < xy.size(); i += 2) EXPECT_NEAR(std::hypot(xy[i], xy[i + 1]), 200.0, 0.5);

  std::vector<std::vector<double>> ring = io::contour_rings(field_of([](double d) { return std::max(d - 200, 100 - d); }));
  ASSERT_EQ(ring.size(), 2u);
  std::sort(ring.begin(), ring.end(), [](const auto& a, const auto& b) { return ring_area(a) < ring_area(b); });
  EXPECT_NEAR(ring_area(ring[0]), pi * 100 * 100, 0.002 * pi * 100 * 100);
  EXPECT_NEAR(ring_area(ring[1]), pi * 200 * 200, 0.002 * pi * 200 * 200);
}

TEST(Contour, NothingInsideHasNoRing) {
  EXPECT_TRUE(io::contour_rings(field_of([](double) { return 10.0; })).empty());
  EXPECT_TRUE(io::contour_rings(DistanceField{}).empty());  // no cell at all
}

}  // namespace
}  // namespace lc

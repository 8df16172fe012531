#include "io/china_coords.hpp"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

namespace lc::io {
namespace {

// Metres between two nearby points given in degrees (an equirectangular approximation, ample at
// the metre scale of these checks).
double metres(double lon0, double lat0, double lon1, double lat1) {
  const double k = 6371008.8 * M_PI / 180.0;
  const double dx = (lon1 - lon0) * std::cos((lat0 + lat1) / 2 * M_PI / 180.0) * k, dy = (lat1 - lat0) * k;
  return std::hypot(dx, dy);
}

// The published test points of eviltransform (github.com/googollee/eviltransform, its Python
// tests: wgsLat, wgsLng, gcjLat, gcjLng) and the README results of coordtransform
// (github.com/wandergis/coordtransform, test/app.js), two independent implementations of the
// forward transforms.
TEST(ChinaCoords, Wgs84ToGcj02AsPublished) {
  struct Pair {
    double wgs_lat, wgs_lon, gcj_lat, gcj_lon;
  };
  const Pair eviltransform[] = {
      {31.1774276, 121.5272106, 31.17530398364597, 121.531541859215},    // Shanghai
      {22.543847, 113.912316, 22.540796131694766, 113.9171764808363},    // Shenzhen
      {39.911954, 116.377817, 39.91334545536069, 116.38404722455657},    // Beijing
      {39.915, 116.404, 39.91640428150164, 116.41024449916938},          // coordtransform
  };
  for (const Pair& p : eviltransform) {
    double lon, lat;
    wgs84_to_gcj02(p.wgs_lon, p.wgs_lat, lon, lat);
    EXPECT_NEAR(lon, p.gcj_lon, 1e-9);
    EXPECT_NEAR(lat, p.gcj_lat, 1e-9);
    // The offset is the few hundred metres that moves a home across a 15-minute line.
    const double shift = metres(p.wgs_lon, p.wgs_lat, lon, lat);
    EXPECT_GT(shift, 300.0);
    EXPECT_LT(shift, 700.0);
  }
}

TEST(ChinaCoords, Gcj02ToBd09AsPublished) {
  double lon, lat;
  gcj02_to_bd09(116.404, 39.915, lon, lat);  // coordtransform: gcj02tobd09(116.404, 39.915)
  EXPECT_NEAR(lon, 116.41036949371029, 1e-9);
  EXPECT_NEAR(lat, 39.92133699351021, 1e-9);
}

// The inverses are iterated; the published ones are a single step, off by a metre or two (as
// eviltransform's README says of its gcj2wgs), so they agree within that.
TEST(ChinaCoords, InversesAgreeWithThePublishedOneStepOnes) {
  double lon, lat;
  gcj02_to_wgs84(116.404, 39.915, lon, lat);  // coordtransform: [116.39775550083061, 39.91359571849836]
  EXPECT_LT(metres(lon, lat, 116.39775550083061, 39.91359571849836), 2.0);
  bd09_to_gcj02(116.404, 39.915, lon, lat);   // coordtransform: [116.39762729119315, 39.90865673957631]
  EXPECT_LT(metres(lon, lat, 116.39762729119315, 39.90865673957631), 2.0);
  // (eviltransform's own Baidu test points are not used: its Python gcj2bd multiplies by pi
  // where Baidu's formula, and coordtransform, multiply by pi * 3000 / 180; they lie 10-41 m off.)
}

// Round trips over the whole of China to within 0.01 m, and exactly the published forward
// transforms on the way back.
TEST(ChinaCoords, RoundTripsToACentimetre) {
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> lon_d(73.5, 135.0), lat_d(18.0, 53.5);
  double worst = 0;
  for (int i = 0; i < 20000; ++i) {
    const double lon = lon_d(rng), lat = lat_d(rng);
    for (const WebCoords c : {WebCoords::gcj02, WebCoords::bd09}) {
      double x = lon, y = lat;
      from_wgs84(c, x, y);
      to_wgs84(c, x, y);
      worst = std::max(worst, metres(lon, lat, x, y));
      // And the other way: a web map's point, to WGS-84 and back.
      double u = lon, v = lat;
      to_wgs84(c, u, v);
      from_wgs84(c, u, v);
      worst = std::max(worst, metres(lon, lat, u, v));
    }
  }
  EXPECT_LT(worst, 0.01);
}

// The transform is defined inside China only: Paris and Sydney stay where they are; Baidu's own
// offset is applied wherever it is asked for, as published.
TEST(ChinaCoords, PointsOutsideChinaAreNotShifted) {
  EXPECT_FALSE(gcj02_applies(2.3522, 48.8566));
  EXPECT_FALSE(gcj02_applies(151.2093, -33.8688));
  EXPECT_TRUE(gcj02_applies(104.0665, 30.5723));  // Chengdu
  for (const auto& [lon0, lat0] : {std::pair{2.3522, 48.8566}, std::pair{151.2093, -33.8688}}) {
    double lon = lon0, lat = lat0;
    from_wgs84(WebCoords::gcj02, lon, lat);
    EXPECT_EQ(lon, lon0);
    EXPECT_EQ(lat, lat0);
    to_wgs84(WebCoords::gcj02, lon, lat);
    EXPECT_EQ(lon, lon0);
    EXPECT_EQ(lat, lat0);
  }
  double lon = 104.0665, lat = 30.5723;
  to_wgs84(WebCoords::wgs84, lon, lat);
  EXPECT_EQ(lon, 104.0665);
  EXPECT_EQ(lat, 30.5723);
}

}  // namespace
}  // namespace lc::io

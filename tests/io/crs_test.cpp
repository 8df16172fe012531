#include "io/crs.hpp"

#include <string>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

LonLatBox box(double min_lon, double min_lat, double max_lon, double max_lat) {
  LonLatBox b;
  b.min_lon = min_lon;
  b.min_lat = min_lat;
  b.max_lon = max_lon;
  b.max_lat = max_lat;
  return b;
}

TEST(CrsUtmZone, ChengduIsZone48North) {
  // UTM zone = floor((lon + 180) / 6) + 1 = floor(284.08 / 6) + 1 = 47 + 1 = 48; lat > 0: 326xx.
  EXPECT_EQ(utm_crs_for(box(104.08, 30.69, 104.08, 30.69)), "EPSG:32648");
}

TEST(CrsUtmZone, SouthernHemisphereUses327xx) {
  // 115E: floor(295 / 6) + 1 = 49 + 1 = 50; 10S is south of the equator: EPSG:32700 + 50.
  EXPECT_EQ(utm_crs_for(box(114.5, -10.5, 115.5, -9.5)), "EPSG:32750");
}

TEST(CrsUtmZone, ZoneOfTheBoxCentre) {
  // A box from lon 0 to 6 has its centre at lon 3: floor(183 / 6) + 1 = 31.
  EXPECT_EQ(utm_crs_for(box(0.0, 40.0, 6.0, 50.0)), "EPSG:32631");
  // Centre lon 117 (the central meridian of zone 50: 114..120), lat 15 north.
  EXPECT_EQ(utm_crs_for(box(116.0, 0.0, 118.0, 30.0)), "EPSG:32650");
  // Centre lon -73.95 (New York): floor(106.05 / 6) + 1 = 17 + 1 = 18.
  EXPECT_EQ(utm_crs_for(box(-74.0, 40.7, -73.9, 40.8)), "EPSG:32618");
  // Centre exactly on the zone 31/32 boundary (6E): zones are [start, start + 6), so zone 32.
  EXPECT_EQ(utm_crs_for(box(5.0, 45.0, 7.0, 46.0)), "EPSG:32632");
}

TEST(CrsUtmZone, EquatorBelongsToTheNorthernZones) {
  // UTM convention: the northern zones (northing 0 at the equator) cover lat >= 0.
  // 117E is zone 50 (floor(297 / 6) + 1); a box centred on lat 0 is EPSG:32650.
  EXPECT_EQ(utm_crs_for(box(116.0, -1.0, 118.0, 1.0)), "EPSG:32650");
  // Centre lat -0.5: south, EPSG:32750.
  EXPECT_EQ(utm_crs_for(box(116.0, -1.0, 118.0, 0.0)), "EPSG:32750");
}

TEST(CrsUtmZone, LongitudeExtremesStayInZones1To60) {
  // lon -180: floor(0 / 6) + 1 = 1.
  EXPECT_EQ(utm_crs_for(box(-180.0, 10.0, -180.0, 10.0)), "EPSG:32601");
  // lon +180 would give floor(360 / 6) + 1 = 61, which does not exist; it is zone 60.
  EXPECT_EQ(utm_crs_for(box(180.0, 10.0, 180.0, 10.0)), "EPSG:32660");
}

TEST(CrsMetricFromUser, RejectsGeographicCrs) {
  EXPECT_THROW(metric_crs_from_user("EPSG:4326"), UsageError);
  try {
    metric_crs_from_user("EPSG:4326");
    FAIL() << "EPSG:4326 is in degrees and must be rejected";
  } catch (const UsageError& e) {
    EXPECT_TRUE(test::contains(e.what(), "EPSG:4326")) << e.what();
  }
}

TEST(CrsMetricFromUser, RejectsProjectedCrsInFeet) {
  // EPSG:2249, NAD83 / Massachusetts Mainland, is projected but in US survey feet.
  EXPECT_THROW(metric_crs_from_user("EPSG:2249"), UsageError);
}

TEST(CrsMetricFromUser, RejectsUnparsableText) {
  EXPECT_THROW(metric_crs_from_user("not a crs at all"), UsageError);
  EXPECT_THROW(crs_from_user("EPSG:999999999", "--source-crs"), UsageError);
  try {
    crs_from_user("garbage-crs", "--source-crs");
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_TRUE(test::contains(e.what(), "--source-crs")) << e.what();
    EXPECT_TRUE(test::contains(e.what(), "garbage-crs")) << e.what();
  }
}

TEST(CrsMetricFromUser, AcceptsUtmZone50North) {
  const auto srs = metric_crs_from_user("EPSG:32650");
  ASSERT_TRUE(srs);
  EXPECT_TRUE(srs->IsProjected());
  EXPECT_DOUBLE_EQ(srs->GetLinearUnits(), 1.0);  // metres
  EXPECT_EQ(srs->GetUTMZone(), 50);              // zone 50 north (positive = north)
}

TEST(CrsTransform, CentralMeridianOnTheEquatorIsFalseEastingAndZeroNorthing) {
  // UTM zone 50: central meridian 117E (zone 50 spans 114..120); a point on it at the equator
  // maps to the false easting 500000 m and northing 0 m.
  const auto wgs = wgs84_lonlat();
  const auto utm = metric_crs_from_user("EPSG:32650");
  auto ct = make_transform(*wgs, *utm, "test");
  double x = 117.0, y = 0.0;  // lon, lat (traditional GIS order)
  ASSERT_TRUE(ct->Transform(1, &x, &y));
  EXPECT_NEAR(x, 500000.0, 1e-6);
  EXPECT_NEAR(y, 0.0, 1e-6);
}

}  // namespace
}  // namespace lc::io

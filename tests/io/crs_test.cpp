#include "io/crs.hpp"

#include <cmath>
#include <memory>
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


// ---------------------------------------------------------------------------------------------
// CGCS2000 3-degree Gauss-Krüger zones, China's outline and the automatic working CRS

TEST(CrsCgcs2000Zone, ZoneOfTheNearestCentralMeridian) {
  // zone = round(lon / 3); EPSG:4513 is zone 25 (CM 75E) ... EPSG:4533 zone 45 (CM 135E).
  EXPECT_EQ(cgcs2000_gk_crs_for(104.08), "EPSG:4523");  // round(34.69) = 35: 4513 + 10
  EXPECT_EQ(cgcs2000_gk_crs_for(105.0), "EPSG:4523");   // on CM 105E
  EXPECT_EQ(cgcs2000_gk_crs_for(106.6), "EPSG:4524");   // round(35.53) = 36
  EXPECT_EQ(cgcs2000_gk_crs_for(75.0), "EPSG:4513");
  EXPECT_EQ(cgcs2000_gk_crs_for(135.0), "EPSG:4533");
  EXPECT_EQ(cgcs2000_gk_crs_for(73.6), "EPSG:4513");  // west of zone 25's half-width: still 25
}

// Cities checked against the outline (data/china_outline.geojson): inside, the coastal ones too
// (the 1:110m outline is buffered by 0.3 degrees for its error); the GCJ-02 box's wrong
// inclusions and Taiwan (TWD97, not CGCS2000) outside.
TEST(CrsChinaOutline, CitiesInsideAndOutside) {
  struct City {
    const char* name;
    double lon, lat;
    bool inside;
  };
  const City cities[] = {{"Chengdu", 104.08, 30.69, true},   {"Shanghai", 121.47, 31.23, true},
                         {"Zhoushan", 122.20, 30.00, true},  {"Dalian", 121.61, 38.91, true},
                         {"Beihai", 109.12, 21.48, true},    {"Sanya", 109.51, 18.25, true},
                         {"Kashgar", 75.99, 39.47, true},    {"Harbin", 126.63, 45.75, true},
                         {"Hong Kong", 114.17, 22.30, true}, {"Lhasa", 91.10, 29.65, true},
                         {"Hanoi", 105.85, 21.03, false},    {"Seoul", 126.98, 37.57, false},
                         {"Bangkok", 100.50, 13.75, false},  {"Mumbai", 72.88, 19.08, false},
                         {"Chiang Mai", 98.98, 18.79, false}, {"Taipei", 121.56, 25.04, false},
                         {"Pyongyang", 125.75, 39.03, false}, {"Kathmandu", 85.32, 27.70, false},
                         {"Vladivostok", 131.89, 43.12, false}, {"Ulaanbaatar", 106.90, 47.90, false}};
  for (const City& c : cities) EXPECT_EQ(inside_china(c.lon, c.lat), c.inside) << c.name;
}

TEST(CrsWorkingCrs, GaussKrugerInsideChinaUtmElsewhere) {
  EXPECT_EQ(working_crs_for(box(104.04, 30.65, 104.13, 30.73)), "EPSG:4523");  // Chengdu: zone 35
  EXPECT_EQ(working_crs_for(box(121.40, 31.15, 121.55, 31.30)), "EPSG:4528");  // Shanghai: round(40.49) = 40: 4513 + 15
  // Seoul: UTM floor(306.98 / 6) + 1 = 52; Hanoi: floor(285.85 / 6) + 1 = 48; Chiang Mai: 47.
  EXPECT_EQ(working_crs_for(box(126.90, 37.50, 127.05, 37.65)), "EPSG:32652");
  EXPECT_EQ(working_crs_for(box(105.80, 21.00, 105.90, 21.06)), "EPSG:32648");
  EXPECT_EQ(working_crs_for(box(98.95, 18.76, 99.01, 18.82)), "EPSG:32647");
}

// Every CGCS2000 3-degree zone, with the zone prefix (EPSG:4513-4533) and without
// (EPSG:4534-4554), is accepted as --crs and is true to scale on its central meridian
// (75 + 3 k degrees E): a Gauss-Krüger scale factor of 1 there, not UTM's 0.9996.
TEST(CrsCgcs2000Zone, All42ZonesAreUsableMetricCrss) {
  for (int k = 0; k < 21; ++k) {
    const double cm = 75.0 + 3.0 * k;
    for (const int epsg : {4513 + k, 4534 + k}) {
      const std::string code = "EPSG:" + std::to_string(epsg);
      std::unique_ptr<OGRSpatialReference> srs;
      ASSERT_NO_THROW(srs = metric_crs_from_user(code)) << code;
      const ScaleFactors f = scale_factors(*srs, cm, 30.0);
      EXPECT_NEAR(f.east, 1.0, 2e-6) << code;
      EXPECT_NEAR(f.north, 1.0, 2e-6) << code;
      // The false easting: 500 km, with the zone number (25 + k) in front for EPSG:4513-4533.
      const double fe = srs->GetProjParm(SRS_PP_FALSE_EASTING, -1);
      EXPECT_DOUBLE_EQ(fe, epsg < 4534 ? (25 + k) * 1e6 + 500000.0 : 500000.0) << code;
    }
  }
}

// The distance between two points of Chengdu measured in the Gauss-Krüger zone (EPSG:4523, CM
// 105E) against the geodesic distance on the ellipsoid, by Vincenty's inverse formula (T.
// Vincenty, Survey Review 23(176), 1975) written here. They differ by the projection's scale at
// that place, k = 1 + (l cos phi)^2 (1 + eta^2) / 2 + ... (l: longitude from the CM in radians,
// eta^2 = e'^2 cos^2 phi; Snyder, Map Projections: A Working Manual, eq. 8-11): about 1.0001 at
// 104.1E, 30.7N, far less than UTM's 0.9996 there would give.
TEST(CrsCgcs2000Zone, DistancesAgreeWithTheGeodesicWithinTheScaleError) {
  const double a = 6378137.0, f = 1 / 298.257222101, b = a * (1 - f);  // GRS 80 (CGCS2000)
  const double rad = M_PI / 180;
  auto vincenty = [&](double lon1, double lat1, double lon2, double lat2) {
    const double L = (lon2 - lon1) * rad;
    const double U1 = std::atan((1 - f) * std::tan(lat1 * rad)), U2 = std::atan((1 - f) * std::tan(lat2 * rad));
    double lambda = L, sin_sigma = 0, cos_sigma = 0, sigma = 0, cos2_alpha = 0, cos_2sm = 0;
    for (int i = 0; i < 100; ++i) {
      const double sl = std::sin(lambda), cl = std::cos(lambda);
      sin_sigma = std::hypot(std::cos(U2) * sl, std::cos(U1) * std::sin(U2) - std::sin(U1) * std::cos(U2) * cl);
      cos_sigma = std::sin(U1) * std::sin(U2) + std::cos(U1) * std::cos(U2) * cl;
      sigma = std::atan2(sin_sigma, cos_sigma);
      const double sin_alpha = std::cos(U1) * std::cos(U2) * sl / sin_sigma;
      cos2_alpha = 1 - sin_alpha * sin_alpha;
      cos_2sm = cos_sigma - 2 * std::sin(U1) * std::sin(U2) / cos2_alpha;
      const double C = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha));
      const double next = L + (1 - C) * f * sin_alpha *
                                  (sigma + C * sin_sigma * (cos_2sm + C * cos_sigma * (-1 + 2 * cos_2sm * cos_2sm)));
      if (std::fabs(next - lambda) < 1e-13) break;
      lambda = next;
    }
    const double u2 = cos2_alpha * (a * a - b * b) / (b * b);
    const double A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
    const double B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
    const double ds = B * sin_sigma * (cos_2sm + B / 4 * (cos_sigma * (-1 + 2 * cos_2sm * cos_2sm) -
                                                          B / 6 * cos_2sm * (-3 + 4 * sin_sigma * sin_sigma) *
                                                              (-3 + 4 * cos_2sm * cos_2sm)));
    return b * A * (sigma - ds);
  };
  const double lon1 = 104.05, lat1 = 30.66, lon2 = 104.11, lat2 = 30.72;  // about 8.7 km apart
  auto gk = metric_crs_from_user("EPSG:4523");
  OGRSpatialReference ll;
  ll.importFromEPSG(4490);  // CGCS2000 lon/lat: the zone's own datum
  ll.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  auto ct = make_transform(ll, *gk, "test");
  double x[2] = {lon1, lon2}, y[2] = {lat1, lat2};
  ASSERT_TRUE(ct->Transform(2, x, y));
  const double planar = std::hypot(x[1] - x[0], y[1] - y[0]);
  const double geodesic = vincenty(lon1, lat1, lon2, lat2);
  // The scale at the midpoint: k changes by 1.3e-5 along the line, close to linearly, so the
  // midpoint's k is the line's mean to about 1e-7.
  const double e2 = f * (2 - f), ep2 = e2 / (1 - e2), phi = 0.5 * (lat1 + lat2) * rad;
  const double l = (0.5 * (lon1 + lon2) - 105.0) * rad, c = std::cos(phi), eta2 = ep2 * c * c;
  const double k = 1 + l * l * c * c * (1 + eta2) / 2 + std::pow(l * c, 4) * (5 - 4 * std::tan(phi) * std::tan(phi)) / 24;
  EXPECT_GT(geodesic, 8000.0);
  EXPECT_NEAR(planar / geodesic, k, 2e-6);
  EXPECT_LT(std::fabs(planar / geodesic - 1), 1.5e-4);  // within the zone's scale error near its CM
}

}  // namespace
}  // namespace lc::io

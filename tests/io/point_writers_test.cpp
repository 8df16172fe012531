// The two point writers: the fast hand-written GeoJSON one (write_point_geojson) and the generic
// one through GDAL (write_point_features), which writes every other format. Both are read back
// through GDAL here and compared feature by feature: same count, same field values, the same
// coordinates to 1e-7 degrees. Also: the Shapefile field-name rule, --format names, password
// masking.

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "io/gdal_env.hpp"
#include "io/gdal_writers.hpp"
#include "io/geojson_points.hpp"
#include "io/write_options.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

namespace fs = std::filesystem;

// One field value as read back: null, or its text, number and integer readings.
struct Value {
  bool null = true;
  std::string text;
  double number = 0;
  long long integer = 0;
};

struct ReadFeature {
  std::map<std::string, Value> fields;
  double lon = 0, lat = 0;
};

// Every feature of layer `layer` (the only one when empty) of the vector file at `path`, by its
// "id" field (`id_field` in a Shapefile, where names may be cut), plus the order they came in.
std::map<std::string, ReadFeature> read_points(const fs::path& path, const std::string& layer,
                                               std::vector<std::string>* order = nullptr,
                                               const std::string& id_field = "id") {
  test::register_gdal();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  EXPECT_TRUE(ds) << path;
  std::map<std::string, ReadFeature> out;
  if (!ds) return out;
  OGRLayer* l = layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(layer.c_str());
  EXPECT_TRUE(l) << path << " layer " << layer;
  if (!l) return out;
  for (auto& f : *l) {
    ReadFeature r;
    const OGRFeatureDefn* defn = f->GetDefnRef();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      Value v;
      v.null = !f->IsFieldSetAndNotNull(i);
      if (!v.null) {
        v.text = f->GetFieldAsString(i);
        v.number = f->GetFieldAsDouble(i);
        v.integer = f->GetFieldAsInteger64(i);
      }
      r.fields[defn->GetFieldDefn(i)->GetNameRef()] = v;
    }
    const OGRGeometry* g = f->GetGeometryRef();
    EXPECT_TRUE(g && wkbFlatten(g->getGeometryType()) == wkbPoint) << path;
    if (g && wkbFlatten(g->getGeometryType()) == wkbPoint) {
      r.lon = g->toPoint()->getX();
      r.lat = g->toPoint()->getY();
    }
    const std::string id = r.fields[id_field].text;
    EXPECT_EQ(out.count(id), 0u) << "id " << id << " twice in " << path;
    if (order) order->push_back(id);
    out[id] = r;
  }
  return out;
}

// 2,000 points scattered over 20 km x 20 km around central Chengdu in UTM 48N (EPSG:32648) with
// one column of each kind, including text that needs escaping and numbers that are not finite.
struct Fixture {
  std::vector<double> x, y;
  std::vector<std::string> ids;
  std::vector<PointColumn> columns;
  OGRSpatialReference crs;

  Fixture() {
    test::register_gdal();
    crs.importFromEPSG(32648);
    crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::uint64_t state = 12345;
    const auto next = [&] {  // a fixed linear congruential sequence in [0, 1)
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return static_cast<double>(state >> 11) / 9007199254740992.0;
    };
    for (int i = 0; i < 2000; ++i) {
      x.push_back(400000 + 20000 * next());
      y.push_back(3385000 + 20000 * next());
      ids.push_back("node/" + std::to_string(1000 + i));
    }
    columns.push_back(string_column("id", [this](std::size_t i) { return ids[i]; }));
    columns.push_back(string_column("name", [](std::size_t i) {
      switch (i % 4) {
        case 0: return std::string("社区卫生服务中心 ") + std::to_string(i);
        case 1: return std::string("a \"quoted\" \\ back\tslash");
        case 2: return std::string();
        default: return std::string("line\nbreak");
      }
    }));
    columns.push_back(number_column("population", [](std::size_t i) { return 1.23456789 * static_cast<double>(i); }, 3));
    columns.push_back(number_column("nearest_m", [](std::size_t i) {
      if (i % 7 == 0) return std::numeric_limits<double>::infinity();  // unreachable: null
      if (i % 11 == 0) return std::numeric_limits<double>::quiet_NaN();
      return 12.34 * static_cast<double>(i);
    }, 1));
    columns.push_back(number_column("ratio", [](std::size_t i) { return static_cast<double>(i) / 3.0; }));
    columns.push_back(integer_column("count", [](std::size_t i) { return static_cast<long long>(i % 5); }));
    columns.push_back(boolean_column("covered", [](std::size_t i) { return i % 3 == 0; }));
  }
};

// Checks that `got` holds the features of `want` (the fast writer's), with field names mapped by
// `names` (given -> written).
// `got` may read an empty text as null when `empty_is_null` (dBASE has no null text).
void expect_same_features(const std::map<std::string, ReadFeature>& want, const std::map<std::string, ReadFeature>& got,
                          const std::map<std::string, std::string>& names, const std::string& what,
                          bool empty_is_null = false) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (const auto& [id, w] : want) {
    const auto it = got.find(id);
    ASSERT_NE(it, got.end()) << what << ": no feature " << id;
    const ReadFeature& g = it->second;
    // 1e-7 degrees: both writers round to 7 decimals; allow one unit of the last place for a tie
    // rounded the other way.
    EXPECT_NEAR(g.lon, w.lon, 1e-7 + 1e-12) << what << " " << id;
    EXPECT_NEAR(g.lat, w.lat, 1e-7 + 1e-12) << what << " " << id;
    ASSERT_EQ(g.fields.size(), w.fields.size()) << what << " " << id;
    for (const auto& [given, wv] : w.fields) {
      const std::string written = names.count(given) ? names.at(given) : given;
      ASSERT_TRUE(g.fields.count(written)) << what << ": no field " << written;
      const Value& gv = g.fields.at(written);
      if (empty_is_null && gv.null && !wv.null && wv.text.empty() && given == "name") continue;
      EXPECT_EQ(gv.null, wv.null) << what << " " << id << " " << given;
      if (gv.null || wv.null) continue;
      if (given == "id" || given == "name") {
        EXPECT_EQ(gv.text, wv.text) << what << " " << id << " " << given;
      } else if (given == "count" || given == "covered") {
        EXPECT_EQ(gv.integer, wv.integer) << what << " " << id << " " << given;
      } else {
        EXPECT_NEAR(gv.number, wv.number, 1e-9 * std::max(1.0, std::abs(wv.number))) << what << " " << id << " " << given;
      }
    }
  }
}

TEST(PointWriters, FastGeoJsonAndGdalGeoJsonWriteTheSameFeatures) {
  test::TempDir dir;
  const Fixture fx;
  const fs::path fast = dir.path() / "fast.geojson", gdal = dir.path() / "gdal.geojson";
  write_point_geojson(fast, "fast.geojson", fx.crs, fx.x, fx.y, fx.columns);
  {
    char* wkt = nullptr;
    fx.crs.exportToWkt(&wkt);
    LayerWriter w(create_vector_file(VectorDriver::geojson, gdal, "gdal.geojson"), VectorDriver::geojson, "gdal",
                  "gdal.geojson", LayerGeometry::points, wkt);
    CPLFree(wkt);
    write_point_features(w, fx.crs, fx.x, fx.y, fx.columns);
    w.close();
  }
  std::vector<std::string> fast_order, gdal_order;
  const auto a = read_points(fast, "", &fast_order);
  const auto b = read_points(gdal, "", &gdal_order);
  ASSERT_EQ(a.size(), 2000u);
  expect_same_features(a, b, {}, "GDAL GeoJSON");
  EXPECT_EQ(fast_order, gdal_order);  // GeoJSON keeps the order written
  // Spot checks by hand: point 0 is named with the Chinese text; 7 and 11 have no distance.
  EXPECT_EQ(a.at("node/1000").fields.at("name").text, "社区卫生服务中心 0");
  EXPECT_TRUE(a.at("node/1007").fields.at("nearest_m").null);
  EXPECT_TRUE(b.at("node/1011").fields.at("nearest_m").null);
  EXPECT_EQ(b.at("node/1001").fields.at("name").text, "a \"quoted\" \\ back\tslash");
  // population of point 3: 3 * 1.23456789 = 3.70370367, written with 3 decimals -> 3.704
  EXPECT_DOUBLE_EQ(b.at("node/1003").fields.at("population").number, 3.704);
}

// The other formats through the same generic path: the features of the fast GeoJSON again.
TEST(PointWriters, GeoPackageFlatGeobufAndShapefileWriteTheSameFeatures) {
  test::TempDir dir;
  const Fixture fx;
  const fs::path fast = dir.path() / "fast.geojson";
  write_point_geojson(fast, "fast.geojson", fx.crs, fx.x, fx.y, fx.columns);
  const auto want = read_points(fast, "");
  char* wkt = nullptr;
  fx.crs.exportToWkt(&wkt);
  const std::string crs_wkt = wkt;
  CPLFree(wkt);
  for (const auto& [driver, file] : std::vector<std::pair<VectorDriver, std::string>>{
           {VectorDriver::gpkg, "points.gpkg"}, {VectorDriver::fgb, "points.fgb"}, {VectorDriver::shp, "points.shp"}}) {
    std::map<std::string, std::string> names;
    {
      LayerWriter w(create_vector_file(driver, dir.path() / file, file), driver, "points", file, LayerGeometry::points,
                    crs_wkt);
      write_point_features(w, fx.crs, fx.x, fx.y, fx.columns);
      w.close();
      for (const auto& [given, written] : w.renamed_fields()) names[given] = written;
    }
    if (driver == VectorDriver::shp) {
      // No name above is longer than 10 bytes except population (exactly 10, kept): none renamed.
      EXPECT_TRUE(names.empty());
      EXPECT_EQ(test::read_bytes((dir.path() / "points.cpg").string()), "UTF-8");
    }
    expect_same_features(want, read_points(dir.path() / file, "points"), names, file, driver == VectorDriver::shp);
  }
}

TEST(ShapefileFieldNames, FixedNamesCategoryColumnsCutsAndCollisions) {
  const auto name_of = [](const std::vector<std::string>& names) {
    std::vector<std::string> taken, out;
    for (const std::string& n : names) {
      out.push_back(shapefile_field_name(n, taken));
      std::string lower = out.back();
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      taken.push_back(lower);
    }
    return out;
  };
  // Rule 1 (fixed names) and names of 10 bytes or fewer, kept.
  EXPECT_EQ(name_of({"id", "population", "population_in_reach", "population_nearest", "life_circle_complete",
                     "facility_count", "max_cost_after"}),
            (std::vector<std::string>{"id", "population", "pop_reach", "pop_near", "complete", "fac_count", "max_after"}));
  // Rule 2: the category cut to 6 bytes, a trailing '_' dropped ("elderl"; "gym" is short).
  EXPECT_EQ(name_of({"health_nearest_m", "health_nearest_s", "health_covered", "health_count", "elderly_care_covered",
                     "gym_count", "ab_c_covered"}),
            (std::vector<std::string>{"health_m", "health_s", "health_cov", "health_cnt", "elderl_cov", "gym_cnt",
                                      "ab_c_cov"}));
  // 卫生服务 is 4 characters of 3 bytes: 6 bytes keep 卫生; 7 bytes would split 服.
  EXPECT_EQ(name_of({"卫生服务_covered", "养老_count"}), (std::vector<std::string>{"卫生_cov", "养老_cnt"}));
  // Rule 3: cut to 10 bytes, whole characters: "公共卫生服务中心" is 24 bytes -> 3 characters (9 bytes).
  EXPECT_EQ(name_of({"candidate_cost", "公共卫生服务中心"}), (std::vector<std::string>{"candidate_", "公共卫"}));
  // Rule 4: collisions (without case) number the later ones in place of the last characters.
  EXPECT_EQ(name_of({"health_a_covered", "health_b_covered", "health_c_covered"}),
            (std::vector<std::string>{"health_cov", "healt2_cov", "healt3_cov"}));
  EXPECT_EQ(name_of({"candidate_cost", "candidate_capacity", "ID", "id"}),
            (std::vector<std::string>{"candidate_", "candidate2", "ID", "id2"}));
}

TEST(OutputOptions, FormatNamesAndPostgresTargets) {
  VectorFormat f = VectorFormat::geojson;
  EXPECT_TRUE(parse_vector_format("shp", f));
  EXPECT_EQ(f, VectorFormat::shp);
  EXPECT_TRUE(parse_vector_format("gpkg", f));
  EXPECT_EQ(format_name(f), std::string("gpkg"));
  EXPECT_FALSE(parse_vector_format("GPKG", f));
  EXPECT_FALSE(parse_vector_format("kml", f));
  EXPECT_TRUE(is_postgres_output("PG:dbname=plan"));
  EXPECT_FALSE(is_postgres_output("out/PG:x"));
  EXPECT_EQ(masked_connection("PG:dbname=plan user=me password=s3cret host=db"),
            "PG:dbname=plan user=me password=*** host=db");
  EXPECT_EQ(masked_connection("PG:password = 'a b\\'c' dbname=x"), "PG:password = *** dbname=x");
  EXPECT_EQ(masked_connection("PG:postgresql://me:s3cret@db/plan"), "PG:postgresql://me:***@db/plan");
  EXPECT_EQ(masked_connection("PG:dbname=plan oldpassword=x"), "PG:dbname=plan oldpassword=x");
  EXPECT_EQ(masked_connection("data/chengdu.osm.pbf"), "data/chengdu.osm.pbf");
}

}  // namespace
}  // namespace lc::io

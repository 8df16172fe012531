#include "api/load.hpp"
#include "io/read_inputs.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "io/error.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

// The loading stages composed as every command runs them.
using lc::api::load_inputs;

using test::contains;
using test::geojson_32650;
using test::TempDir;
using test::write_text;

// ---------------------------------------------------------------------------------------------
// Fixture writers

std::string point_feature(const std::string& props, double x, double y) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "[%.6f,%.6f]", x, y);
  return R"({"type":"Feature","properties":{)" + props + R"(},"geometry":{"type":"Point","coordinates":)" + buf +
         "}}";
}

// A closed ring from corner coordinates (the first corner is repeated at the end).
std::string polygon_feature(const std::string& props, const std::vector<std::pair<double, double>>& corners) {
  std::string ring;
  auto add = [&](const std::pair<double, double>& c) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "[%.6f,%.6f]", c.first, c.second);
    ring += (ring.empty() ? "" : ",") + std::string(buf);
  };
  for (const auto& c : corners) add(c);
  add(corners.front());
  return R"({"type":"Feature","properties":{)" + props + R"(},"geometry":{"type":"Polygon","coordinates":[[)" +
         ring + "]]}}";
}

std::string rect_feature(const std::string& props, double x0, double y0, double x1, double y1) {
  return polygon_feature(props, {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
}

struct PointRow {
  std::map<std::string, std::string> fields;
  double x, y;
};

struct PolygonRow {
  std::map<std::string, std::string> fields;
  std::string wkt;
};

// A vector layer (Shapefile or any OGR vector driver) written through GDAL's C++ API: string
// fields, geometries from WKT.
void write_layer(const std::string& driver, const std::string& path, const std::string& layer_name, int epsg,
                 OGRwkbGeometryType type, const std::vector<std::string>& fields, const std::vector<PolygonRow>& rows,
                 const std::vector<std::string>& layer_options = {}, bool append_layer = false) {
  test::register_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  ASSERT_NE(drv, nullptr) << driver;
  GDALDataset* ds = append_layer ? GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE)
                                 : drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  ASSERT_NE(ds, nullptr) << path;
  OGRSpatialReference srs;
  if (epsg) srs.importFromEPSG(epsg);
  char** opts = nullptr;
  for (const auto& o : layer_options) opts = CSLAddString(opts, o.c_str());
  OGRLayer* layer = ds->CreateLayer(layer_name.c_str(), epsg ? &srs : nullptr, type, opts);
  CSLDestroy(opts);
  ASSERT_NE(layer, nullptr);
  for (const auto& name : fields) {
    OGRFieldDefn fd(name.c_str(), OFTString);
    fd.SetWidth(80);
    ASSERT_EQ(layer->CreateField(&fd), OGRERR_NONE);
  }
  for (const auto& row : rows) {
    OGRFeature f(layer->GetLayerDefn());
    for (const auto& [k, v] : row.fields) f.SetField(k.c_str(), v.c_str());
    OGRGeometry* g = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(row.wkt.c_str(), nullptr, &g), OGRERR_NONE) << row.wkt;
    f.SetGeometryDirectly(g);
    ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
  }
  GDALClose(ds);
}

// A point layer (see write_layer).
void write_points(const std::string& driver, const std::string& path, const std::string& layer_name, int epsg,
                  const std::vector<std::string>& fields, const std::vector<PointRow>& rows,
                  const std::vector<std::string>& layer_options = {}, bool append_layer = false) {
  std::vector<PolygonRow> wkt;
  for (const auto& r : rows) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "POINT (%.17g %.17g)", r.x, r.y);
    wkt.push_back({r.fields, buf});
  }
  write_layer(driver, path, layer_name, epsg, wkbPoint, fields, wkt, layer_options, append_layer);
}

// A one-band Float32 GeoTIFF in EPSG:32650 (or no CRS when epsg is 0).
void write_raster(const std::string& path, int w, int h, const double gt[6], const std::vector<float>& cells,
                  double nodata, int epsg = 32650) {
  test::register_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  ASSERT_NE(drv, nullptr);
  GDALDataset* ds = drv->Create(path.c_str(), w, h, 1, GDT_Float32, nullptr);
  ASSERT_NE(ds, nullptr);
  double g[6];
  std::copy(gt, gt + 6, g);
  ASSERT_EQ(ds->SetGeoTransform(g), CE_None);
  if (epsg) {
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    ASSERT_EQ(ds->SetSpatialRef(&srs), CE_None);
  }
  GDALRasterBand* band = ds->GetRasterBand(1);
  ASSERT_EQ(band->SetNoDataValue(nodata), CE_None);
  std::vector<float> data(cells);
  ASSERT_EQ(band->RasterIO(GF_Write, 0, 0, w, h, data.data(), w, h, GDT_Float32, 0, 0), CE_None);
  GDALClose(ds);
}

// A demand file with one point in EPSG:32650, for tests about facilities.
std::string one_demand_point(const TempDir& dir) {
  const std::string path = dir.file("one_demand.geojson");
  write_text(path, geojson_32650(point_feature(R"("id":"d1","pop":10)", 500000, 3000000)));
  return path;
}

LoadOptions utm50() {
  LoadOptions o;
  o.metric_crs = "EPSG:32650";
  return o;
}

// Runs `f`, expects exception E, and returns its message.
template <class E>
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type: " << e.what();
    return "";
  }
  ADD_FAILURE() << "no exception thrown";
  return "";
}

bool any_note(const Inputs& in, const std::vector<std::string>& parts) {
  for (const auto& n : in.notes) {
    bool all = true;
    for (const auto& p : parts) all = all && contains(n, p);
    if (all) return true;
  }
  return false;
}

const Skipped* find_skipped(const Inputs& in, const std::string& where_part) {
  for (const auto& s : in.skipped) {
    if (contains(s.where, where_part)) return &s;
  }
  return nullptr;
}

// Independent reference for UTM northing on the central meridian: k0 x the WGS 84 meridian arc
// M(phi) = a (1 - e²) ∫0^phi (1 - e² sin² t)^(-3/2) dt, integrated with Simpson's rule.
double utm_northing_on_central_meridian(double lat_deg) {
  const double a = 6378137.0, f = 1.0 / 298.257223563, e2 = f * (2 - f), k0 = 0.9996;
  const double phi = lat_deg * std::acos(-1.0) / 180.0;
  const int n = 2000;  // even
  const double h = phi / n;
  auto g = [&](double t) { return std::pow(1 - e2 * std::sin(t) * std::sin(t), -1.5); };
  double s = g(0) + g(phi);
  for (int i = 1; i < n; ++i) s += (i % 2 ? 4 : 2) * g(i * h);
  return k0 * a * (1 - e2) * s * h / 3;
}

// ---------------------------------------------------------------------------------------------
// 2. Points in a known UTM zone

TEST(IoReadInputsPoints, UtmGeoJsonKeepsMetresIdsNamesAndCategories) {
  TempDir dir;
  const std::string clinics = dir.file("clinics.geojson"), gyms = dir.file("gyms.geojson"),
                    demand = dir.file("demand.geojson");
  write_text(clinics, geojson_32650(point_feature(R"("id":"c1","name":"Clinic One")", 500000.0, 3000000.0) + "," +
                                    point_feature(R"("id":"c2","name":"诊所二")", 501234.5, 3001000.25)));
  write_text(gyms, geojson_32650(point_feature(R"("id":"g1","name":"Gym")", 499000.125, 2999500.75)));
  write_text(demand, geojson_32650(point_feature(R"("id":"d1","pop":120)", 500100.0, 3000100.0) + "," +
                                   point_feature(R"("id":"d2","pop":80.5)", 500200.5, 3000300.5) + "," +
                                   point_feature(R"("id":"d3","pop":0)", 500300.0, 3000400.0)));
  FacilitySource fc{clinics, "", "", "", "health", FacilityStatus::existing};
  FacilitySource fg{gyms, "", "", "", "fitness", FacilityStatus::planned};
  const Inputs in = load_inputs({fc, fg}, DemandSource{demand, "", "pop"}, utm50());

  EXPECT_EQ(in.crs, "EPSG:32650");
  EXPECT_TRUE(contains(in.crs_wkt, "32650")) << in.crs_wkt;
  EXPECT_EQ(in.categories.names, (std::vector<std::string>{"health", "fitness"}));  // source order

  ASSERT_EQ(in.facilities.size(), 3u);
  // Input already in EPSG:32650: coordinates come through unchanged (to 1e-6 m).
  EXPECT_NEAR(in.facilities.x_m[0], 500000.0, 1e-6);
  EXPECT_NEAR(in.facilities.y_m[0], 3000000.0, 1e-6);
  EXPECT_NEAR(in.facilities.x_m[1], 501234.5, 1e-6);
  EXPECT_NEAR(in.facilities.y_m[1], 3001000.25, 1e-6);
  EXPECT_NEAR(in.facilities.x_m[2], 499000.125, 1e-6);
  EXPECT_NEAR(in.facilities.y_m[2], 2999500.75, 1e-6);
  EXPECT_EQ(in.facilities.source_id, (std::vector<std::string>{"c1", "c2", "g1"}));
  EXPECT_EQ(in.facilities.name, (std::vector<std::string>{"Clinic One", "诊所二", "Gym"}));
  EXPECT_EQ(in.facilities.category[0], in.categories.find("health"));
  EXPECT_EQ(in.facilities.category[1], in.categories.find("health"));
  EXPECT_EQ(in.facilities.category[2], in.categories.find("fitness"));
  EXPECT_EQ(in.facilities.status[0], FacilityStatus::existing);
  EXPECT_EQ(in.facilities.status[2], FacilityStatus::planned);

  ASSERT_EQ(in.demand.size(), 3u);
  EXPECT_NEAR(in.demand.x_m[1], 500200.5, 1e-6);
  EXPECT_NEAR(in.demand.y_m[1], 3000300.5, 1e-6);
  EXPECT_EQ(in.demand.weight, (std::vector<double>{120.0, 80.5, 0.0}));  // the pop values written
  EXPECT_EQ(in.demand.source_id, (std::vector<std::string>{"d1", "d2", "d3"}));
  EXPECT_DOUBLE_EQ(in.demand.total_weight(), 200.5);  // 120 + 80.5 + 0
  EXPECT_TRUE(in.skipped.empty());
  EXPECT_FALSE(in.population_basis.empty());
}

TEST(IoReadInputsPoints, MetricCrsChosenFromTheDataWhenNotGiven) {
  TempDir dir;
  const std::string clinics = dir.file("clinics.geojson");
  // (500000, 3000000) in zone 50N lies on its central meridian 117E at about 27N, inside China:
  // the CGCS2000 3-degree zone round(117 / 3) = 39, EPSG:4513 + 14. On a central meridian both
  // are transverse Mercator: the easting is the false easting (500 km; 39,500 km with the zone
  // prefix) and the northing the meridian arc times the scale there, UTM's 0.9996 and
  // Gauss-Krüger's 1, so the GK northing is 3,000,000 / 0.9996 (WGS 84 and CGCS2000's ellipsoids
  // differ by less than 1 mm in that arc).
  write_text(clinics, geojson_32650(point_feature(R"("id":"c1")", 500000.0, 3000000.0)));
  const Inputs in = load_inputs({FacilitySource{clinics, "", "", "", "health"}},
                                DemandSource{one_demand_point(dir), "", "pop"}, LoadOptions{});
  EXPECT_EQ(in.crs, "EPSG:4527");
  ASSERT_EQ(in.facilities.size(), 1u);
  EXPECT_NEAR(in.facilities.x_m[0], 39500000.0, 1e-3);
  EXPECT_NEAR(in.facilities.y_m[0], 3000000.0 / 0.9996, 1e-3);
}

TEST(IoReadInputsPoints, CategoriesOptionSelectsAndRejects) {
  TempDir dir;
  const std::string clinics = dir.file("clinics.geojson"), gyms = dir.file("gyms.geojson");
  write_text(clinics, geojson_32650(point_feature(R"("id":"c1")", 500000.0, 3000000.0)));
  write_text(gyms, geojson_32650(point_feature(R"("id":"g1")", 500010.0, 3000000.0)));
  const std::vector<FacilitySource> fs{{clinics, "", "", "", "health"}, {gyms, "", "", "", "fitness"}};
  const DemandSource ds{one_demand_point(dir), "", "pop"};
  LoadOptions o = utm50();
  o.categories = {"fitness"};
  const Inputs in = load_inputs(fs, ds, o);
  EXPECT_EQ(in.categories.names, std::vector<std::string>{"fitness"});
  ASSERT_EQ(in.facilities.size(), 1u);
  EXPECT_EQ(in.facilities.source_id[0], "g1");

  o.categories = {"scenic"};
  const std::string msg = error_of<UsageError>([&] { load_inputs(fs, ds, o); });
  EXPECT_TRUE(contains(msg, "scenic")) << msg;

  o.categories = {};
  o.cell_size_m = 0;
  EXPECT_THROW(load_inputs(fs, ds, o), UsageError);
}

// ---------------------------------------------------------------------------------------------
// 3. GBK Shapefile

TEST(IoReadInputsGbk, ShapefileWithCp936ValuesRoundTrips) {
  TempDir dir;
  const std::string shp = dir.file("设施.shp");
  write_points("ESRI Shapefile", shp, "设施", 32650, {"id", "name", "kind"},
               {{{{"id", "h1"}, {"name", "华西医院"}, {"kind", "医院"}}, 500000.0, 3000000.0},
                {{{"id", "e1"}, {"name", "夕阳红养老院"}, {"kind", "养老院"}}, 500500.0, 3000500.0},
                {{{"id", "f1"}, {"name", "阳光健身中心"}, {"kind", "健身中心"}}, 501000.0, 3001000.0}},
               {"ENCODING=CP936"});
  const std::string stem = dir.file("设施");
  ASSERT_TRUE(std::filesystem::exists(stem + ".cpg")) << "the .cpg code page file must be written";
  const std::string dbf = test::read_bytes(stem + ".dbf");
  // GBK/CP936 byte sequences (from the GBK code table, cross-checked with Python's 'gbk' codec):
  // 医院 = D2BD D4BA, 养老院 = D1F8 C0CF D4BA, 健身中心 = BDA1 C9ED D6D0 D0C4.
  EXPECT_TRUE(contains(dbf, "\xD2\xBD\xD4\xBA"));
  EXPECT_TRUE(contains(dbf, "\xD1\xF8\xC0\xCF\xD4\xBA"));
  EXPECT_TRUE(contains(dbf, "\xBD\xA1\xC9\xED\xD6\xD0\xD0\xC4"));
  // ... and not the UTF-8 form of 医院 (E5 8C BB E9 99 A2).
  EXPECT_FALSE(contains(dbf, "\xE5\x8C\xBB\xE9\x99\xA2"));

  const std::string map = dir.file("类别.yaml");
  write_text(map, "医院: health\n养老院: elderly_care\n");
  FacilitySource src{shp, "", "kind", map, "", FacilityStatus::existing};
  const Inputs in = load_inputs({src}, DemandSource{one_demand_point(dir), "", "pop"}, utm50());

  ASSERT_EQ(in.facilities.size(), 2u);
  EXPECT_EQ(in.facilities.source_id, (std::vector<std::string>{"h1", "e1"}));
  EXPECT_EQ(in.facilities.name[0], "华西医院");      // UTF-8 again, from GBK in the file
  EXPECT_EQ(in.facilities.name[1], "夕阳红养老院");
  ASSERT_NE(in.categories.find("health"), Categories::invalid);
  ASSERT_NE(in.categories.find("elderly_care"), Categories::invalid);
  EXPECT_EQ(in.facilities.category[0], in.categories.find("health"));
  EXPECT_EQ(in.facilities.category[1], in.categories.find("elderly_care"));
  EXPECT_NEAR(in.facilities.x_m[1], 500500.0, 1e-6);
  EXPECT_NEAR(in.facilities.y_m[1], 3000500.0, 1e-6);
  // 健身中心 is not in the map: skipped, naming the value in UTF-8.
  const Skipped* s = find_skipped(in, "f1");
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(contains(s->reason, "健身中心")) << s->reason;
}

// An Amap POI export: its place is one "lng,lat" text field. The facilities land where the same
// places written as GeoJSON points land (a consistency check of the two readings); the run notes
// that Amap gives GCJ-02, unless --coords says so; a place that is no "lng,lat" names its row.
TEST(IoReadInputsAmap, LocationFieldPlacesTheFacilities) {
  TempDir dir;
  const std::string csv = dir.file("amap_pois.csv");
  write_text(csv,
             "id,name,type,typecode,address,location\n"
             "B0FFG1,华西医院,医疗保健服务;综合医院;三级甲等医院,090101,国学巷37号,\"104.0665,30.6423\"\n"
             "B0FFG2,玉林社区卫生服务中心,医疗保健服务;综合医院;卫生院,090102,玉林北路2号,\"104.0600, 30.6300\"\n");
  const std::string geojson = dir.file("same.geojson");
  write_text(geojson, R"({"type":"FeatureCollection","features":[)" +
                          point_feature(R"("id":"B0FFG1")", 104.0665, 30.6423) + "," +
                          point_feature(R"("id":"B0FFG2")", 104.0600, 30.6300) + "]}");
  LoadOptions o;
  o.metric_crs = "EPSG:32648";
  const std::string homes = dir.file("homes.geojson");
  write_text(homes, R"({"type":"FeatureCollection","features":[)" + point_feature(R"("id":"d1","pop":5)", 104.06, 30.64) + "]}");
  FacilitySource amap{csv, "", "", "", "health", FacilityStatus::existing};
  const Inputs a = load_inputs({amap}, DemandSource{homes, "", "pop"}, o);
  const Inputs b = load_inputs({FacilitySource{geojson, "", "", "", "health", FacilityStatus::existing}},
                               DemandSource{homes, "", "pop"}, o);
  ASSERT_EQ(a.facilities.size(), 2u);
  ASSERT_EQ(b.facilities.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(a.facilities.x_m[i], b.facilities.x_m[i], 1e-6);
    EXPECT_NEAR(a.facilities.y_m[i], b.facilities.y_m[i], 1e-6);
  }
  EXPECT_EQ(a.facilities.name[0], "华西医院");
  EXPECT_EQ(a.facilities.source_id[1], "B0FFG2");
  EXPECT_TRUE(any_note(a, {"amap_pois.csv", "an Amap export", "--coords gcj02"}));
  amap.coords = WebCoords::gcj02;
  const Inputs c = load_inputs({amap}, DemandSource{homes, "", "pop"}, o);
  EXPECT_FALSE(any_note(c, {"an Amap export"}));
  const double moved = std::hypot(c.facilities.x_m[0] - a.facilities.x_m[0], c.facilities.y_m[0] - a.facilities.y_m[0]);
  EXPECT_GT(moved, 300.0);
  EXPECT_LT(moved, 700.0);

  write_text(csv, "id,name,typecode,location\nB0FFG3,某诊所,090300,\"104.06;30.64\"\n");
  const std::string msg = error_of<InputError>([&] { load_inputs({amap}, DemandSource{homes, "", "pop"}, o); });
  EXPECT_TRUE(contains(msg, "B0FFG3")) << msg;
  EXPECT_TRUE(contains(msg, "location")) << msg;
  EXPECT_TRUE(contains(msg, "104.06;30.64")) << msg;
}

// An Amap export given no category option takes its categories from data/amap_typecodes.yaml.
// Expected by hand from Amap's POI classification table as that file cites it: 090101 (三级甲等
// 医院) falls under the mid class 0901 综合医院 -> health; 090601 药房 under 0906 医药保健销售店 ->
// none; "090601|090300" maps by its first code that maps, 090300 诊所 -> health; 090201 整形美容 is
// taken out of 0902 专科医院 by its own entry, while 090202 口腔医院 stays health; 080111 健身中心
// -> fitness; 110101 公园 -> scenic; 090701 宠物诊所 and 050100 (餐饮) -> none. Features whose
// codes map to nothing are left out as OSM features matching no rule are (not "skipped"), and a
// note counts them.
TEST(IoReadInputsAmap, TypecodesMapByTheShippedTable) {
  TempDir dir;
  const std::string csv = dir.file("高德POI.csv");
  write_text(csv,
             "id,name,type,typecode,address,区县,location\n"
             "B01,华西医院,医疗保健服务;综合医院;三级甲等医院,090101,国学巷37号,武侯区,\"104.0665,30.6423\"\n"
             "B02,老百姓大药房,医疗保健服务;医药保健销售店;药房,090601,玉林北路,武侯区,\"104.0600,30.6300\"\n"
             "B03,玉林诊所,医疗保健服务;医药保健销售店;药房|医疗保健服务;诊所;诊所,090601|090300,玉林路,武侯区,\"104.0610,30.6310\"\n"
             "B04,美丽整形,医疗保健服务;专科医院;整形美容,090201,人民南路,武侯区,\"104.0700,30.6400\"\n"
             "B05,华西口腔医院,医疗保健服务;专科医院;口腔医院,090202,人民南路三段,武侯区,\"104.0710,30.6410\"\n"
             "B06,力美健身,体育休闲服务;运动场馆;健身中心,080111,科华北路,武侯区,\"104.0720,30.6420\"\n"
             "B07,人民公园,风景名胜;公园广场;公园,110101,少城路,青羊区,\"104.0560,30.6580\"\n"
             "B08,宠物医院,医疗保健服务;动物医疗场所;宠物诊所,090701,致民路,武侯区,\"104.0730,30.6430\"\n"
             "B09,川菜馆,餐饮服务;中餐厅;中餐厅,050100,宽窄巷子,青羊区,\"104.0540,30.6630\"\n");
  LoadOptions o;
  o.metric_crs = "EPSG:32648";
  const std::string homes = dir.file("homes.geojson");
  write_text(homes, R"({"type":"FeatureCollection","features":[)" + point_feature(R"("id":"d1","pop":5)", 104.06, 30.64) + "]}");
  const FacilitySource amap{csv, "", "", "", "", FacilityStatus::existing};
  const Inputs in = load_inputs({amap}, DemandSource{homes, "", "pop"}, o);
  EXPECT_EQ(in.facilities.source_id, (std::vector<std::string>{"B01", "B03", "B05", "B06", "B07"}));
  ASSERT_EQ(in.facilities.size(), 5u);
  const std::vector<std::string> want{"health", "health", "health", "fitness", "scenic"};
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(in.categories.names[in.facilities.category[i]], want[i]) << in.facilities.source_id[i];
  }
  EXPECT_EQ(in.facilities.name[1], "玉林诊所");
  // The categories the table names, in its order; elderly care is in none of its codes.
  EXPECT_EQ(in.categories.names, (std::vector<std::string>{"health", "fitness", "scenic"}));
  EXPECT_TRUE(in.skipped.empty());
  EXPECT_TRUE(any_note(in, {"高德POI.csv", "amap_typecodes.yaml", "'typecode'", "5 features mapped", "health 3",
                            "4 not", "4 codes", "090601 (1)", "050100 (1)"}));

  // --category-map overrides the shipped table: here a table of the same scheme that also counts
  // pharmacies (0906) as health, and maps nothing else.
  const std::string own = dir.file("own.yaml");
  write_text(own, "scheme: amap_typecode\ncodes:\n  \"09\": health\n  \"0907\": ~\n");
  FacilitySource with_map = amap;
  with_map.category_map = own;
  const Inputs m = load_inputs({with_map}, DemandSource{homes, "", "pop"}, o);
  // 09 covers every 09xxxx but 0907xx: B01-B05 (B02 the pharmacy now too), not B08.
  EXPECT_EQ(m.facilities.source_id, (std::vector<std::string>{"B01", "B02", "B03", "B04", "B05"}));
  EXPECT_TRUE(any_note(m, {"own.yaml", "5 features mapped", "4 not"}));

  // A plain value map with --category-field keeps exact matching, unmatched rows skipped as before.
  const std::string plain = dir.file("plain.yaml");
  write_text(plain, "\"090101\": health\n");
  FacilitySource exact = amap;
  exact.category_field = "typecode";
  exact.category_map = plain;
  const Inputs e = load_inputs({exact}, DemandSource{homes, "", "pop"}, o);
  EXPECT_EQ(e.facilities.source_id, (std::vector<std::string>{"B01"}));
  EXPECT_EQ(e.skipped.size(), 8u);
}

// A Baidu export (uid and tag fields, lng/lat columns) given no category option takes its
// categories from data/baidu_categories.yaml. By hand from Baidu's industry categories as that
// file cites them: 医疗;综合医院 -> health; 医疗;药店 -> none; 运动健身;健身中心 -> fitness (by the
// first-level entry 运动健身); 旅游景点;公园 -> scenic; 旅游景点;游乐园 -> none; 政府机构;福利机构
// -> none (see the file). The run notes that Baidu gives BD-09.
TEST(IoReadInputsBaidu, TagsMapByTheShippedTable) {
  TempDir dir;
  const std::string csv = dir.file("baidu_pois.csv");
  write_text(csv,
             "uid,name,lng,lat,address,tag\n"
             "u1,四川省人民医院,104.0440,30.6690,一环路西二段32号,医疗;综合医院\n"
             "u2,大药房,104.0500,30.6600,青羊大道,医疗;药店\n"
             "u3,健身房,104.0600,30.6500,科华北路,运动健身;健身中心\n"
             "u4,人民公园,104.0620,30.6640,少城路12号,旅游景点;公园\n"
             "u5,游乐园,104.0700,30.6700,某路,旅游景点;游乐园\n"
             "u6,福利院,104.0800,30.6800,某街,政府机构;福利机构\n");
  LoadOptions o;
  o.metric_crs = "EPSG:32648";
  const std::string homes = dir.file("homes.geojson");
  write_text(homes, R"({"type":"FeatureCollection","features":[)" + point_feature(R"("id":"d1","pop":5)", 104.06, 30.64) + "]}");
  const FacilitySource baidu{csv, "", "", "", "", FacilityStatus::existing};
  const Inputs in = load_inputs({baidu}, DemandSource{homes, "", "pop"}, o);
  ASSERT_EQ(in.facilities.size(), 3u);
  EXPECT_EQ(in.facilities.name, (std::vector<std::string>{"四川省人民医院", "健身房", "人民公园"}));
  const std::vector<std::string> want{"health", "fitness", "scenic"};
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(in.categories.names[in.facilities.category[i]], want[i]);
  EXPECT_TRUE(any_note(in, {"baidu_pois.csv", "baidu_categories.yaml", "3 features mapped", "3 not"}));
  EXPECT_TRUE(any_note(in, {"baidu_pois.csv", "a Baidu export", "--coords bd09"}));
  FacilitySource shifted = baidu;
  shifted.coords = WebCoords::bd09;
  EXPECT_FALSE(any_note(load_inputs({shifted}, DemandSource{homes, "", "pop"}, o), {"a Baidu export"}));
}

// CGCS2000, as official Chinese layers come: geographic (EPSG:4490) and the 3-degree
// Gauss-Krüger zones with the zone number in front of the easting (EPSG:4513-4533) and without
// it (EPSG:4534-4554). Three places on the 105° E central meridian, where a Gauss-Krüger easting
// is the false easting and the northing the meridian arc from the equator: computed here by the
// series for the meridian arc on GRS 80 (Snyder, Map Projections: A Working Manual, eq. 3-21),
// not by PROJ. Each layer is a Shapefile with a GBK .dbf (the names as written, in CP936).
TEST(IoReadInputsCgcs2000, GaussKrugerZonesAndGeographicAgree) {
  const double a = 6378137.0, f = 1 / 298.257222101, e2 = f * (2 - f), e4 = e2 * e2, e6 = e4 * e2;
  auto meridian_arc = [&](double lat_deg) {
    const double p = lat_deg * M_PI / 180;
    return a * ((1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * p - (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * std::sin(2 * p) +
                (15 * e4 / 256 + 45 * e6 / 1024) * std::sin(4 * p) - (35 * e6 / 3072) * std::sin(6 * p));
  };
  const double lats[] = {30.60, 30.65, 30.70};
  const char* names[] = {"华西医院", "夕阳红养老院", "阳光健身中心"};
  TempDir dir;
  struct Layer {
    int epsg;
    double x0;  // the easting of the central meridian (lon/lat: the longitude)
  };
  const Layer layers[] = {{4490, 105.0}, {4544, 500000.0}, {4523, 35500000.0}};
  const std::string demand = dir.file("homes.shp");
  write_points("ESRI Shapefile", demand, "homes", 4490, {"id", "pop"}, {{{{"id", "d1"}, {"pop", "10"}}, 105.0, 30.62}});
  for (const Layer& l : layers) {
    std::vector<PointRow> rows;
    for (int i = 0; i < 3; ++i) {
      const double y = l.epsg == 4490 ? lats[i] : meridian_arc(lats[i]);
      rows.push_back({{{"id", "f" + std::to_string(i)}, {"name", names[i]}}, l.x0, y});
    }
    const std::string shp = dir.file("cgcs" + std::to_string(l.epsg) + ".shp");
    write_points("ESRI Shapefile", shp, "cgcs" + std::to_string(l.epsg), l.epsg, {"id", "name"}, rows, {"ENCODING=CP936"});
    std::filesystem::remove(dir.file("cgcs" + std::to_string(l.epsg) + ".cpg"));  // a GBK .dbf as it often comes
    LoadOptions o;
    o.metric_crs = "EPSG:4544";  // CGCS2000 / 3-degree Gauss-Kruger CM 105E
    o.encoding = "CP936";
    FacilitySource src{shp, "", "", "", "health", FacilityStatus::existing};
    const Inputs in = load_inputs({src}, DemandSource{demand, "", "pop"}, o);
    ASSERT_EQ(in.facilities.size(), 3u) << l.epsg;
    for (int i = 0; i < 3; ++i) {
      EXPECT_NEAR(in.facilities.x_m[i], 500000.0, 0.001) << l.epsg;
      EXPECT_NEAR(in.facilities.y_m[i], meridian_arc(lats[i]), 0.001) << l.epsg;
      EXPECT_EQ(in.facilities.name[i], names[i]) << l.epsg;
    }
    EXPECT_EQ(in.crs, "EPSG:4544");
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Population raster

//  4 x 3 cells of 100 m, top-left corner (500000, 3000300) in EPSG:32650; N = NoData (-99999).
//           col 0   col 1   col 2   col 3
//  row 0:    10       0       N       5
//  row 1:     0     20.5      0       N
//  row 2:     1       0       0       3
const double kGeo[6] = {500000.0, 100.0, 0.0, 3000300.0, 0.0, -100.0};
const float N = -99999.0f;

TEST(IoReadInputsRaster, PositiveCellsBecomeCellCentres) {
  TempDir dir;
  const std::string tif = dir.file("pop.tif");
  write_raster(tif, 4, 3, kGeo, {10, 0, N, 5, 0, 20.5f, 0, N, 1, 0, 0, 3}, -99999.0);
  const Inputs in = load_inputs({}, DemandSource{tif, "", ""}, utm50());

  ASSERT_EQ(in.demand.size(), 5u);  // cells 10, 5, 20.5, 1, 3 (zeros and NoData dropped)
  EXPECT_DOUBLE_EQ(in.demand.total_weight(), 39.5);  // 10 + 5 + 20.5 + 1 + 3
  // Cell centre: x = 500000 + (col + 0.5) * 100, y = 3000300 - (row + 0.5) * 100.
  struct Cell {
    double x, y, w;
  };
  const std::vector<Cell> expected{{500050, 3000250, 10},   // row 0 col 0
                                   {500350, 3000250, 5},    // row 0 col 3
                                   {500150, 3000150, 20.5}, // row 1 col 1
                                   {500050, 3000050, 1},    // row 2 col 0
                                   {500350, 3000050, 3}};   // row 2 col 3
  for (const Cell& c : expected) {
    bool found = false;
    for (Id i = 0; i < in.demand.size(); ++i) {
      if (std::fabs(in.demand.x_m[i] - c.x) < 1e-6 && std::fabs(in.demand.y_m[i] - c.y) < 1e-6) {
        EXPECT_DOUBLE_EQ(in.demand.weight[i], c.w);
        found = true;
      }
    }
    EXPECT_TRUE(found) << "no demand point at the centre (" << c.x << ", " << c.y << ")";
  }
}

TEST(IoReadInputsRaster, CrsIsTakenFromTheRaster) {
  TempDir dir;
  const std::string tif = dir.file("pop.tif");
  write_raster(tif, 4, 3, kGeo, {10, 0, N, 5, 0, 20.5f, 0, N, 1, 0, 0, 3}, -99999.0);
  // No --crs: the raster (zone 50N easting ~500 km, i.e. on 117E, ~27N, inside China) chooses
  // the CGCS2000 3-degree zone 39 (EPSG:4527, CM 117E). 50 m from the central meridian both
  // transverse Mercators are linear to 1e-9: the GK offsets are UTM's divided by its 0.9996.
  const Inputs in = load_inputs({}, DemandSource{tif, "", ""}, LoadOptions{});
  EXPECT_EQ(in.crs, "EPSG:4527");
  ASSERT_EQ(in.demand.size(), 5u);
  // Row 0 col 0's centre (the cell of 10 people; demand is stored in spatial order, so found by it).
  Id top_left = 0;
  for (Id i = 0; i < in.demand.size(); ++i) {
    if (in.demand.weight[i] == 10.0) top_left = i;
  }
  EXPECT_NEAR(in.demand.x_m[top_left], 39500000.0 + 50.0 / 0.9996, 1e-3);
  EXPECT_NEAR(in.demand.y_m[top_left], 3000250.0 / 0.9996, 1e-3);
}

TEST(IoReadInputsRaster, NegativeCellIsAnErrorNamingTheCell) {
  TempDir dir;
  const std::string tif = dir.file("pop.tif");
  // row 1, column 2 holds -5, which is not the NoData value.
  write_raster(tif, 4, 3, kGeo, {10, 0, N, 5, 0, 20.5f, -5, N, 1, 0, 0, 3}, -99999.0);
  const std::string msg = error_of<InputError>([&] { load_inputs({}, DemandSource{tif, "", ""}, utm50()); });
  EXPECT_TRUE(contains(msg, tif)) << msg;
  EXPECT_TRUE(contains(msg, "row 1")) << msg;
  EXPECT_TRUE(contains(msg, "column 2")) << msg;
}

TEST(IoReadInputsRaster, Float32NoDataNotExactlyRepresentableIsStillNoData) {
  TempDir dir;
  const std::string tif = dir.file("pop_nd.tif");
  // NoData -9999.9 is not exactly representable in Float32; GDAL itself (gdalinfo -stats) treats
  // the Float32 cells holding float(-9999.9) as NoData: 2 valid cells of 3, minimum 5, mean 6.
  const double gt[6] = {500000.0, 100.0, 0.0, 3000100.0, 0.0, -100.0};
  write_raster(tif, 3, 1, gt, {5, -9999.9f, 7}, -9999.9);
  const Inputs in = load_inputs({}, DemandSource{tif, "", ""}, utm50());
  ASSERT_EQ(in.demand.size(), 2u);                 // the cells 5 and 7
  EXPECT_DOUBLE_EQ(in.demand.total_weight(), 12.0);  // 5 + 7
}

TEST(IoReadInputsRaster, NoPopulatedCellIsAnError) {
  TempDir dir;
  const std::string tif = dir.file("empty.tif");
  write_raster(tif, 4, 3, kGeo, {0, 0, N, 0, 0, 0, 0, N, 0, 0, 0, 0}, -99999.0);
  const std::string msg = error_of<InputError>([&] { load_inputs({}, DemandSource{tif, "", ""}, utm50()); });
  EXPECT_TRUE(contains(msg, tif)) << msg;
}

TEST(IoReadInputsRaster, RasterWithoutCrsNeedsSourceCrs) {
  TempDir dir;
  const std::string tif = dir.file("nocrs.tif");
  write_raster(tif, 4, 3, kGeo, {10, 0, N, 5, 0, 20.5f, 0, N, 1, 0, 0, 3}, -99999.0, 0);
  const std::string msg = error_of<InputError>([&] { load_inputs({}, DemandSource{tif, "", ""}, utm50()); });
  EXPECT_TRUE(contains(msg, "--source-crs")) << msg;
  LoadOptions o = utm50();
  o.source_crs = "EPSG:32650";
  const Inputs in = load_inputs({}, DemandSource{tif, "", ""}, o);
  EXPECT_EQ(in.demand.size(), 5u);  // as in PositiveCellsBecomeCellCentres
}

// ---------------------------------------------------------------------------------------------
// 5. Demand polygons split over the grid

TEST(IoReadInputsPolygons, RectangleIsSplitOverCellCentres) {
  TempDir dir;
  const std::string path = dir.file("blocks.geojson");
  // 300 m x 200 m aligned with the 100 m lattice: 3 x 2 = 6 cells, 600 / 6 = 100 people each.
  write_text(path, geojson_32650(rect_feature(R"("id":"blockA","pop":600)", 500000, 3000000, 500300, 3000200)));
  LoadOptions o = utm50();
  o.cell_size_m = 100;
  const Inputs in = load_inputs({}, DemandSource{path, "", "pop"}, o);
  ASSERT_EQ(in.demand.size(), 6u);
  std::map<std::pair<long, long>, double> at;  // centre (rounded to 1 mm) -> weight
  for (Id i = 0; i < in.demand.size(); ++i) {
    EXPECT_EQ(in.demand.source_id[i], "blockA");
    at[{std::lround(in.demand.x_m[i] * 1000), std::lround(in.demand.y_m[i] * 1000)}] += in.demand.weight[i];
  }
  // Centres: x in {500050, 500150, 500250}, y in {3000050, 3000150}.
  for (long x : {500050L, 500150L, 500250L}) {
    for (long y : {3000050L, 3000150L}) {
      const auto it = at.find({x * 1000, y * 1000});
      ASSERT_NE(it, at.end()) << x << ", " << y;
      EXPECT_DOUBLE_EQ(it->second, 100.0);  // 600 / 6
    }
  }
  EXPECT_DOUBLE_EQ(in.demand.total_weight(), 600.0);
}

TEST(IoReadInputsPolygons, HolesAndMultiPolygonParts) {
  TempDir dir;
  const std::string path = dir.file("holes.geojson");
  const double X = 500000, Y = 3000000;
  auto ring = [](double x0, double y0, double x1, double y1) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "[[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f]]", x0, y0, x1, y0, x1,
                  y1, x0, y1, x0, y0);
    return std::string(buf);
  };
  // "ring": 300 m x 300 m with the middle 100 m cell cut out: 9 - 1 = 8 cells, 600 / 8 = 75 each.
  // "pair": two separate 100 m cells (a MultiPolygon) 1 km apart: 50 / 2 = 25 each.
  write_text(path, geojson_32650(
                       R"({"type":"Feature","properties":{"id":"ring","pop":600},"geometry":{"type":"Polygon",)"
                       R"("coordinates":[)" + ring(X, Y, X + 300, Y + 300) + "," +
                       ring(X + 100, Y + 100, X + 200, Y + 200) + "]}}," +
                       R"({"type":"Feature","properties":{"id":"pair","pop":50},"geometry":{"type":"MultiPolygon",)"
                       R"("coordinates":[[)" + ring(X + 1000, Y, X + 1100, Y + 100) + "],[" +
                       ring(X + 2000, Y, X + 2100, Y + 100) + "]]}}"));
  const Inputs in = load_inputs({}, DemandSource{path, "", "pop"}, utm50());
  std::size_t ring_points = 0, pair_points = 0;
  for (Id i = 0; i < in.demand.size(); ++i) {
    const double x = in.demand.x_m[i] - X, y = in.demand.y_m[i] - Y;
    if (in.demand.source_id[i] == "ring") {
      ++ring_points;
      EXPECT_DOUBLE_EQ(in.demand.weight[i], 75.0);  // 600 / 8
      EXPECT_FALSE(std::fabs(x - 150) < 1e-6 && std::fabs(y - 150) < 1e-6) << "a point in the hole";
      // Centres are at 50, 150 or 250 m from the corner on both axes.
      EXPECT_NEAR(std::fmod(x, 100.0), 50.0, 1e-6);
      EXPECT_NEAR(std::fmod(y, 100.0), 50.0, 1e-6);
    } else {
      ++pair_points;
      EXPECT_DOUBLE_EQ(in.demand.weight[i], 25.0);  // 50 / 2
      EXPECT_TRUE(std::fabs(x - 1050) < 1e-6 || std::fabs(x - 2050) < 1e-6) << x;  // each cell's centre
      EXPECT_NEAR(y, 50.0, 1e-6);
    }
  }
  EXPECT_EQ(ring_points, 8u);
  EXPECT_EQ(pair_points, 2u);
  EXPECT_DOUBLE_EQ(in.demand.total_weight(), 650.0);  // 600 + 50
}

TEST(IoReadInputsPolygons, TinyPolygonsKeepAllTheirPopulationInOnePoint) {
  TempDir dir;
  const std::string path = dir.file("tiny.geojson");
  // tinyB: 20 m square inside one 100 m cell; tinyC: 20 m square across the lattice corner
  // (500600, 3000100), so it touches four cells but holds none of their centres.
  write_text(path, geojson_32650(rect_feature(R"("id":"tinyB","pop":7)", 500410, 3000010, 500430, 3000030) + "," +
                                 rect_feature(R"("id":"tinyC","pop":3)", 500590, 3000090, 500610, 3000110)));
  const Inputs in = load_inputs({}, DemandSource{path, "", "pop"}, utm50());
  ASSERT_EQ(in.demand.size(), 2u);
  for (Id i = 0; i < 2; ++i) {
    const bool b = in.demand.source_id[i] == "tinyB";
    EXPECT_DOUBLE_EQ(in.demand.weight[i], b ? 7.0 : 3.0);  // all of the feature's population
    const double x0 = b ? 500410 : 500590, y0 = b ? 3000010 : 3000090;
    EXPECT_GE(in.demand.x_m[i], x0);  // the point lies on the polygon
    EXPECT_LE(in.demand.x_m[i], x0 + 20);
    EXPECT_GE(in.demand.y_m[i], y0);
    EXPECT_LE(in.demand.y_m[i], y0 + 20);
  }
  EXPECT_DOUBLE_EQ(in.demand.total_weight(), 10.0);  // 7 + 3
}

// ---------------------------------------------------------------------------------------------
// 6. Errors

TEST(IoReadInputsErrors, MissingFileNamesThePath) {
  TempDir dir;
  const std::string missing = dir.file("no_such_demand.geojson");
  std::string msg = error_of<InputError>([&] { load_inputs({}, DemandSource{missing, "", "pop"}, utm50()); });
  EXPECT_TRUE(contains(msg, missing)) << msg;
  const std::string missing_fac = dir.file("no_such_facilities.shp");
  msg = error_of<InputError>([&] {
    load_inputs({FacilitySource{missing_fac, "", "", "", "health"}}, DemandSource{one_demand_point(dir), "", "pop"},
                utm50());
  });
  EXPECT_TRUE(contains(msg, missing_fac)) << msg;
}

TEST(IoReadInputsErrors, UnknownLayerListsTheLayers) {
  TempDir dir;
  const std::string gpkg = dir.file("facilities.gpkg");
  write_points("GPKG", gpkg, "clinics", 32650, {"name"}, {{{{"name", "A"}}, 500000, 3000000}});
  write_points("GPKG", gpkg, "gyms", 32650, {"name"}, {{{{"name", "B"}}, 500100, 3000000}}, {}, true);
  const DemandSource ds{one_demand_point(dir), "", "pop"};
  std::string msg = error_of<InputError>(
      [&] { load_inputs({FacilitySource{gpkg, "hospitals", "", "", "health"}}, ds, utm50()); });
  EXPECT_TRUE(contains(msg, gpkg)) << msg;
  EXPECT_TRUE(contains(msg, "hospitals")) << msg;
  EXPECT_TRUE(contains(msg, "clinics")) << msg;
  EXPECT_TRUE(contains(msg, "gyms")) << msg;
  // Several layers and none named: also an error listing them.
  msg = error_of<InputError>([&] { load_inputs({FacilitySource{gpkg, "", "", "", "health"}}, ds, utm50()); });
  EXPECT_TRUE(contains(msg, "clinics") && contains(msg, "gyms")) << msg;
  // Naming one works.
  const Inputs in = load_inputs({FacilitySource{gpkg, "gyms", "", "", "fitness"}}, ds, utm50());
  ASSERT_EQ(in.facilities.size(), 1u);
  EXPECT_EQ(in.facilities.name[0], "B");
  EXPECT_NEAR(in.facilities.x_m[0], 500100.0, 1e-6);
}

TEST(IoReadInputsErrors, MissingPopulationFieldNamesFieldAndListsFields) {
  TempDir dir;
  const std::string path = dir.file("demand.geojson");
  write_text(path, geojson_32650(point_feature(R"("id":"d1","pop":10)", 500000, 3000000)));
  const std::string msg =
      error_of<InputError>([&] { load_inputs({}, DemandSource{path, "", "population"}, utm50()); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "population")) << msg;
  EXPECT_TRUE(contains(msg, "pop,") || contains(msg, "pop)")) << msg;  // the existing field is listed
}

TEST(IoReadInputsErrors, NegativePopulationNamesFeatureAndField) {
  TempDir dir;
  const std::string path = dir.file("demand.geojson");
  write_text(path, geojson_32650(point_feature(R"("id":"d1","pop":10)", 500000, 3000000) + "," +
                                 point_feature(R"("id":"d2","pop":-5)", 500100, 3000000)));
  const std::string msg = error_of<InputError>([&] { load_inputs({}, DemandSource{path, "", "pop"}, utm50()); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "d2")) << msg;
  EXPECT_TRUE(contains(msg, "'pop'")) << msg;
  EXPECT_TRUE(contains(msg, "negative")) << msg;
}

TEST(IoReadInputsErrors, NullPopulationIsSkippedNotFatal) {
  TempDir dir;
  const std::string path = dir.file("demand.geojson");
  write_text(path, geojson_32650(point_feature(R"("id":"d1","pop":12)", 500000, 3000000) + "," +
                                 point_feature(R"("id":"d2","pop":null)", 500100, 3000000)));
  const Inputs in = load_inputs({}, DemandSource{path, "", "pop"}, utm50());
  ASSERT_EQ(in.demand.size(), 1u);
  EXPECT_DOUBLE_EQ(in.demand.total_weight(), 12.0);  // d1 only
  const Skipped* s = find_skipped(in, "d2");
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(contains(s->reason, "pop")) << s->reason;
}

TEST(IoReadInputsErrors, EmptyCsvPopulationCellIsTreatedLikeNull) {
  // BUG (io/read_inputs.cpp, read_vector_demand/parse_population + io/gdal_env.cpp open_vector):
  // GDAL's CSV driver returns an empty cell of a String column as "" (set, not null), so the
  // IsFieldSetAndNotNull() check that skips missing populations never fires and the row fails
  // with "population '' is not a number" (exit 3), while the same missing value as JSON null or
  // a GeoPackage NULL is skipped and reported. Opening CSVs with EMPTY_STRING_AS_NULL=YES (or
  // treating a blank string as missing) would make the two agree. Remove the skip once fixed.
  TempDir dir;
  const std::string path = dir.file("demand.csv");
  write_text(path, "id,pop,lon,lat\nd1,12,117.0,0.0\nd2,,117.001,0.0\n");
  const Inputs in = load_inputs({}, DemandSource{path, "", "pop"}, utm50());
  ASSERT_EQ(in.demand.size(), 1u);
  EXPECT_DOUBLE_EQ(in.demand.total_weight(), 12.0);  // d1 only
  EXPECT_NE(find_skipped(in, "d2"), nullptr);
}

TEST(IoReadInputsErrors, NonNumericPopulationInGeoJson) {
  TempDir dir;
  const std::string path = dir.file("demand.geojson");
  write_text(path, geojson_32650(point_feature(R"("id":"d1","pop":"12")", 500000, 3000000) + "," +
                                 point_feature(R"("id":"d2","pop":"abc")", 500100, 3000000)));
  const std::string msg = error_of<InputError>([&] { load_inputs({}, DemandSource{path, "", "pop"}, utm50()); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "d2")) << msg;
  EXPECT_TRUE(contains(msg, "'pop'")) << msg;
  EXPECT_TRUE(contains(msg, "abc")) << msg;
}

TEST(IoReadInputsErrors, NonNumericPopulationInCsv) {
  TempDir dir;
  const std::string path = dir.file("demand.csv");
  write_text(path, "id,pop,lon,lat\nd1,12,117.0,0.0\nd2,abc,117.001,0.0\n");
  const std::string msg = error_of<InputError>([&] { load_inputs({}, DemandSource{path, "", "pop"}, utm50()); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "d2")) << msg;
  EXPECT_TRUE(contains(msg, "abc")) << msg;
}

TEST(IoReadInputsErrors, LayerWithoutFeatures) {
  TempDir dir;
  const std::string path = dir.file("empty.geojson");
  write_text(path, geojson_32650(""));
  // Demand without a population field (each feature counts 1): a GeoJSON file with no features
  // has no fields either.
  std::string msg = error_of<InputError>([&] { load_inputs({}, DemandSource{path, "", ""}, utm50()); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "no features")) << msg;
  // A GeoPackage layer that has the population field but no rows.
  const std::string gpkg = dir.file("empty.gpkg");
  write_points("GPKG", gpkg, "blocks", 32650, {"pop"}, {});
  msg = error_of<InputError>([&] { load_inputs({}, DemandSource{gpkg, "blocks", "pop"}, utm50()); });
  EXPECT_TRUE(contains(msg, gpkg)) << msg;
  EXPECT_TRUE(contains(msg, "blocks")) << msg;
  EXPECT_TRUE(contains(msg, "no features")) << msg;
  msg = error_of<InputError>([&] {
    load_inputs({FacilitySource{path, "", "", "", "health"}}, DemandSource{one_demand_point(dir), "", "pop"},
                utm50());
  });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "no features")) << msg;
}

TEST(IoReadInputsErrors, ShapefileWithoutPrjNeedsSourceCrs) {
  TempDir dir;
  const std::string shp = dir.file("noprj.shp");
  write_points("ESRI Shapefile", shp, "noprj", 0, {"id"}, {{{{"id", "p1"}}, 500123.5, 3000456.25}});
  ASSERT_FALSE(std::filesystem::exists(dir.file("noprj.prj")));
  const FacilitySource fs{shp, "", "", "", "health"};
  const DemandSource ds{one_demand_point(dir), "", "pop"};
  const std::string msg = error_of<InputError>([&] { load_inputs({fs}, ds, utm50()); });
  EXPECT_TRUE(contains(msg, shp)) << msg;
  EXPECT_TRUE(contains(msg, "--source-crs")) << msg;

  LoadOptions o = utm50();
  o.source_crs = "EPSG:32650";
  const Inputs in = load_inputs({fs}, ds, o);
  ASSERT_EQ(in.facilities.size(), 1u);
  EXPECT_NEAR(in.facilities.x_m[0], 500123.5, 1e-6);  // read as EPSG:32650, kept as is
  EXPECT_NEAR(in.facilities.y_m[0], 3000456.25, 1e-6);
  EXPECT_TRUE(any_note(in, {shp, "--source-crs"}));
}

TEST(IoReadInputsErrors, CsvWithProjectedNumbersNeedsSourceCrs) {
  TempDir dir;
  const std::string path = dir.file("facilities.csv");
  write_text(path, "id,name,x,y\nk1,Kiosk,500200,3000300\n");
  const FacilitySource fs{path, "", "", "", "health"};
  const DemandSource ds{one_demand_point(dir), "", "pop"};
  const std::string msg = error_of<InputError>([&] { load_inputs({fs}, ds, utm50()); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "--source-crs")) << msg;

  LoadOptions o = utm50();
  o.source_crs = "EPSG:32650";
  const Inputs in = load_inputs({fs}, ds, o);
  ASSERT_EQ(in.facilities.size(), 1u);
  EXPECT_NEAR(in.facilities.x_m[0], 500200.0, 1e-6);
  EXPECT_NEAR(in.facilities.y_m[0], 3000300.0, 1e-6);
  EXPECT_EQ(in.facilities.name[0], "Kiosk");
}

TEST(IoReadInputsErrors, NullAndEmptyGeometriesAreSkippedNotFatal) {
  TempDir dir;
  const std::string path = dir.file("facilities.geojson");
  write_text(path, geojson_32650(point_feature(R"("id":"ok1")", 500000, 3000000) + "," +
                                 R"({"type":"Feature","properties":{"id":"nullgeom"},"geometry":null},)" +
                                 R"({"type":"Feature","properties":{"id":"emptygeom"},)"
                                 R"("geometry":{"type":"GeometryCollection","geometries":[]}})"));
  const Inputs in =
      load_inputs({FacilitySource{path, "", "", "", "health"}}, DemandSource{one_demand_point(dir), "", "pop"}, utm50());
  ASSERT_EQ(in.facilities.size(), 1u);
  EXPECT_EQ(in.facilities.source_id[0], "ok1");
  ASSERT_EQ(in.skipped.size(), 2u);
  const Skipped* a = find_skipped(in, "nullgeom");
  const Skipped* b = find_skipped(in, "emptygeom");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(contains(a->where, path)) << a->where;
  EXPECT_FALSE(a->reason.empty());
  EXPECT_TRUE(contains(b->reason, "empty")) << b->reason;
}

TEST(IoReadInputsErrors, NullDemandGeometryIsSkipped) {
  TempDir dir;
  const std::string path = dir.file("demand.geojson");
  write_text(path, geojson_32650(point_feature(R"("id":"d1","pop":4)", 500000, 3000000) + "," +
                                 R"({"type":"Feature","properties":{"id":"d2","pop":6},"geometry":null})"));
  const Inputs in = load_inputs({}, DemandSource{path, "", "pop"}, utm50());
  ASSERT_EQ(in.demand.size(), 1u);
  EXPECT_DOUBLE_EQ(in.demand.total_weight(), 4.0);  // d2's 6 people are not placed
  ASSERT_NE(find_skipped(in, "d2"), nullptr);
}

TEST(IoReadInputsErrors, BowTieFacilityIsRepairedAndNoted) {
  TempDir dir;
  const std::string path = dir.file("facilities.geojson");
  // Ring (0,0) (100,100) (100,0) (0,100) relative to (500000, 3000000): two triangles touching
  // at (50,50): left {x < y and x < 100 - y}, right {x > y and x > 100 - y}.
  const double X = 500000, Y = 3000000;
  write_text(path, geojson_32650(polygon_feature(R"("id":"bow")",
                                                 {{X, Y}, {X + 100, Y + 100}, {X + 100, Y}, {X, Y + 100}})));
  const Inputs in =
      load_inputs({FacilitySource{path, "", "", "", "health"}}, DemandSource{one_demand_point(dir), "", "pop"}, utm50());
  ASSERT_EQ(in.facilities.size(), 1u);
  EXPECT_EQ(in.facilities.source_id[0], "bow");
  const double x = in.facilities.x_m[0] - X, y = in.facilities.y_m[0] - Y;
  const bool in_left = x > 0 && x < y && x < 100 - y;
  const bool in_right = x < 100 && x > y && x > 100 - y;
  EXPECT_TRUE(in_left || in_right) << "point (" << x << ", " << y << ") is not inside the bow-tie";
  EXPECT_TRUE(any_note(in, {"bow", "repaired"}));
  EXPECT_TRUE(in.skipped.empty());
}

TEST(IoReadInputsErrors, UnmappedCategoryValueIsSkippedNamingIt) {
  TempDir dir;
  const std::string path = dir.file("pois.geojson"), map = dir.file("map.yaml");
  write_text(path, geojson_32650(point_feature(R"("id":"p1","kind":"医院")", 500000, 3000000) + "," +
                                 point_feature(R"("id":"p2","kind":"超市")", 500100, 3000000)));
  write_text(map, "医院: health\n");
  const Inputs in = load_inputs({FacilitySource{path, "", "kind", map, ""}},
                                DemandSource{one_demand_point(dir), "", "pop"}, utm50());
  ASSERT_EQ(in.facilities.size(), 1u);
  EXPECT_EQ(in.facilities.source_id[0], "p1");
  ASSERT_EQ(in.skipped.size(), 1u);
  EXPECT_TRUE(contains(in.skipped[0].where, "p2")) << in.skipped[0].where;
  EXPECT_TRUE(contains(in.skipped[0].reason, "超市")) << in.skipped[0].reason;
  EXPECT_TRUE(contains(in.skipped[0].reason, "kind")) << in.skipped[0].reason;
}

TEST(IoReadInputsErrors, CategoryRequestErrors) {
  TempDir dir;
  const std::string path = dir.file("pois.geojson"), map = dir.file("map.yaml");
  write_text(path, geojson_32650(point_feature(R"("id":"p1","kind":"医院")", 500000, 3000000)));
  write_text(map, "医院: health\n");
  const DemandSource ds{one_demand_point(dir), "", "pop"};
  // Neither --category nor --category-field/--category-map: a usage error.
  EXPECT_THROW(load_inputs({FacilitySource{path, "", "", "", ""}}, ds, utm50()), UsageError);
  // A category field the layer does not have: an input error naming it.
  const std::string msg =
      error_of<InputError>([&] { load_inputs({FacilitySource{path, "", "type", map, ""}}, ds, utm50()); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "'type'")) << msg;
}

// ---------------------------------------------------------------------------------------------
// 7. CSV with lon/lat columns

TEST(IoReadInputsCsv, LonLatColumnsAreWgs84) {
  TempDir dir;
  const std::string fac = dir.file("facilities.csv"), dem = dir.file("demand.csv");
  write_text(fac,
             "id,name,kind,lon,lat\n"
             "c1,Equator clinic,clinic,117.0,0.0\n"
             "c2,Clinic at 30N,clinic,117.0,30.0\n");
  write_text(dem, "id,pop,lon,lat\nd1,250,117.0,15.0\n");
  const Inputs in = load_inputs({FacilitySource{fac, "", "", "", "health"}}, DemandSource{dem, "", "pop"}, LoadOptions{});
  // Data centred on lon 117, lat 15: zone floor(297 / 6) + 1 = 50, north.
  EXPECT_EQ(in.crs, "EPSG:32650");
  EXPECT_TRUE(any_note(in, {fac, "EPSG:4326"}));
  EXPECT_TRUE(any_note(in, {dem, "EPSG:4326"}));
  ASSERT_EQ(in.facilities.size(), 2u);
  EXPECT_EQ(in.facilities.source_id, (std::vector<std::string>{"c1", "c2"}));
  EXPECT_EQ(in.facilities.name[0], "Equator clinic");
  // (117E, 0N) is zone 50's central meridian on the equator: (500000, 0).
  EXPECT_NEAR(in.facilities.x_m[0], 500000.0, 1e-3);
  EXPECT_NEAR(in.facilities.y_m[0], 0.0, 1e-3);
  // (117E, 30N) on the central meridian: easting 500000, northing 0.9996 x meridian arc to 30N
  // (about 3,318,785.35 m; computed independently by utm_northing_on_central_meridian).
  EXPECT_NEAR(in.facilities.x_m[1], 500000.0, 1e-3);
  EXPECT_NEAR(in.facilities.y_m[1], utm_northing_on_central_meridian(30.0), 1e-3);
  EXPECT_NEAR(utm_northing_on_central_meridian(30.0), 3318785.35, 0.01);  // sanity of the reference
  ASSERT_EQ(in.demand.size(), 1u);
  EXPECT_NEAR(in.demand.x_m[0], 500000.0, 1e-3);
  EXPECT_NEAR(in.demand.y_m[0], utm_northing_on_central_meridian(15.0), 1e-3);
  EXPECT_DOUBLE_EQ(in.demand.weight[0], 250.0);
}

// ---------------------------------------------------------------------------------------------
// 8. Per-feature facility status

TEST(IoReadInputsStatus, FieldGivesEachFeaturesStatus) {
  TempDir dir;
  const std::string sites = dir.file("sites.geojson");
  // One point per accepted spelling, 10 m apart; s13 (empty) and s14 (null) take the source's
  // default, set to candidate here so that a fallback to "existing" would show.
  const std::vector<std::pair<std::string, std::string>> rows{
      {"s1", R"("Existing")"}, {"s2", R"("PLANNED")"}, {"s3", R"("candidate")"}, {"s4", R"(" Competitor ")"},
      {"s5", R"("现状")"},     {"s6", R"("现有")"},     {"s7", R"("已建")"},      {"s8", R"("规划")"},
      {"s9", R"("新建")"},     {"s10", R"("拟建")"},    {"s11", R"("在建")"},     {"s12", R"("备选")"},
      {"s13", R"("")"},        {"s14", "null"}};
  std::string features;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    features += (i ? "," : "") + point_feature(R"("id":")" + rows[i].first + R"(","phase":)" + rows[i].second,
                                                500000.0 + 10.0 * static_cast<double>(i), 3000000.0);
  }
  write_text(sites, geojson_32650(features));
  FacilitySource src{sites, "", "", "", "health", FacilityStatus::candidate};
  src.status_field = "phase";
  const Inputs in = load_inputs({src}, DemandSource{one_demand_point(dir), "", "pop"}, utm50());

  using S = FacilityStatus;
  const std::vector<S> expected{S::existing, S::planned,  S::candidate, S::competitor, S::existing,
                                S::existing, S::existing, S::planned,   S::planned,    S::planned,
                                S::planned,  S::candidate, S::candidate, S::candidate};
  ASSERT_EQ(in.facilities.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(in.facilities.source_id[i], rows[i].first);
    EXPECT_EQ(in.facilities.status[i], expected[i]) << rows[i].first << " " << rows[i].second;
  }
}

TEST(IoReadInputsStatus, UnknownValueNamesFeatureFieldAndValueAndListsTheAcceptedOnes) {
  TempDir dir;
  const std::string sites = dir.file("sites.geojson");
  write_text(sites, geojson_32650(point_feature(R"("id":"a1","phase":"existing")", 500000, 3000000) + "," +
                                  point_feature(R"("id":"a2","phase":"已拆除")", 500100, 3000000)));
  FacilitySource src{sites, "", "", "", "health"};
  src.status_field = "phase";
  const std::string msg = error_of<InputError>(
      [&] { load_inputs({src}, DemandSource{one_demand_point(dir), "", "pop"}, utm50()); });
  EXPECT_TRUE(contains(msg, sites)) << msg;
  EXPECT_TRUE(contains(msg, "layer 'sites'")) << msg;
  EXPECT_TRUE(contains(msg, "feature a2")) << msg;
  EXPECT_TRUE(contains(msg, "field 'phase'")) << msg;
  EXPECT_TRUE(contains(msg, "'已拆除'")) << msg;
  for (const char* accepted : {"existing", "planned", "candidate", "competitor", "现状", "规划", "在建", "备选"}) {
    EXPECT_TRUE(contains(msg, accepted)) << accepted << ": " << msg;
  }
}

TEST(IoReadInputsStatus, MissingFieldListsTheLayersFields) {
  TempDir dir;
  const std::string sites = dir.file("sites.geojson");
  write_text(sites, geojson_32650(point_feature(R"("id":"a1","state":"existing")", 500000, 3000000)));
  FacilitySource src{sites, "", "", "", "health"};
  src.status_field = "phase";
  const std::string msg = error_of<InputError>(
      [&] { load_inputs({src}, DemandSource{one_demand_point(dir), "", "pop"}, utm50()); });
  EXPECT_TRUE(contains(msg, sites)) << msg;
  EXPECT_TRUE(contains(msg, "'phase'")) << msg;
  EXPECT_TRUE(contains(msg, "id, state")) << msg;  // the layer's fields
}

TEST(IoReadInputsStatus, OsmSourceHasNoStatusField) {
  TempDir dir;
  const std::string osm = dir.file("city.osm.pbf");  // refused before it is opened
  FacilitySource src{osm, "", "", "", ""};
  src.status_field = "phase";
  const std::string msg = error_of<UsageError>(
      [&] { load_inputs({src}, DemandSource{one_demand_point(dir), "", "pop"}, utm50()); });
  EXPECT_TRUE(contains(msg, osm)) << msg;
  EXPECT_TRUE(contains(msg, "phase")) << msg;
}

// ---------------------------------------------------------------------------------------------
// 9. Demand attributes

TEST(IoReadInputsDemandAttributes, PointsKeepTheirValueAndPolygonPartsTheirShare) {
  TempDir dir;
  const std::string path = dir.file("homes.geojson");
  // p1: 10 people, 4 aged 60+. p2: 20 people, pop60 unknown (null). blockA: 300 m x 200 m on the
  // 100 m lattice, 3 x 2 = 6 cells: 600 / 6 = 100 people and 120 / 6 = 20 aged 60+ per cell.
  write_text(path, geojson_32650(point_feature(R"("id":"p1","pop":10,"pop60":4)", 501000.0, 3001000.0) + "," +
                                 point_feature(R"("id":"p2","pop":20,"pop60":null)", 501500.0, 3001000.0) + "," +
                                 rect_feature(R"("id":"blockA","pop":600,"pop60":120)", 500000, 3000000, 500300,
                                              3000200)));
  DemandSource ds{path, "", "pop"};
  ds.attribute_fields = {{"elderly", "pop60"}};
  LoadOptions o = utm50();
  o.cell_size_m = 100;
  const Inputs in = load_inputs({}, ds, o);

  ASSERT_EQ(in.demand.size(), 8u);  // 2 points + 6 cells
  ASSERT_EQ(in.demand.attributes.size(), 1u);
  ASSERT_EQ(in.demand.attributes.at("elderly").size(), 8u);
  double elderly_known = 0;
  std::size_t block_parts = 0;
  for (Id i = 0; i < in.demand.size(); ++i) {
    const std::string& id = in.demand.source_id[i];
    const double e = in.demand.attribute("elderly", i);
    if (id == "p1") {
      EXPECT_DOUBLE_EQ(e, 4.0);
      EXPECT_DOUBLE_EQ(in.demand.weight[i], 10.0);
    } else if (id == "p2") {
      EXPECT_TRUE(std::isnan(e)) << e;  // null: unknown, not 0
      EXPECT_DOUBLE_EQ(in.demand.weight[i], 20.0);
    } else {
      EXPECT_EQ(id, "blockA");
      ++block_parts;
      EXPECT_DOUBLE_EQ(e, 20.0);                        // 120 / 6
      EXPECT_DOUBLE_EQ(in.demand.weight[i], 100.0);     // 600 / 6
    }
    if (!std::isnan(e)) elderly_known += e;
  }
  EXPECT_EQ(block_parts, 6u);
  EXPECT_DOUBLE_EQ(elderly_known, 124.0);  // 4 + 120: the features' pop60 values
  EXPECT_DOUBLE_EQ(in.demand.total_weight(), 630.0);  // 10 + 20 + 600
}

TEST(IoReadInputsDemandAttributes, BlankCsvCellIsNaNAndTwoAttributesAreKeptApart) {
  TempDir dir;
  const std::string path = dir.file("homes.csv");
  write_text(path, "id,pop,old,kids,lon,lat\nd1,12,3,,117.0,0.0\nd2,8, ,2.5,117.001,0.0\n");
  DemandSource ds{path, "", "pop"};
  ds.attribute_fields = {{"elderly", "old"}, {"children", "kids"}};
  const Inputs in = load_inputs({}, ds, utm50());
  ASSERT_EQ(in.demand.size(), 2u);
  for (Id i = 0; i < 2; ++i) {
    const bool d1 = in.demand.source_id[i] == "d1";
    if (d1) {
      EXPECT_DOUBLE_EQ(in.demand.attribute("elderly", i), 3.0);
      EXPECT_TRUE(std::isnan(in.demand.attribute("children", i)));  // empty cell
    } else {
      EXPECT_TRUE(std::isnan(in.demand.attribute("elderly", i)));  // a blank cell
      EXPECT_DOUBLE_EQ(in.demand.attribute("children", i), 2.5);
    }
  }
}

TEST(IoReadInputsDemandAttributes, BadValuesAndMissingFieldsAreErrors) {
  TempDir dir;
  const std::string path = dir.file("homes.geojson");
  write_text(path, geojson_32650(point_feature(R"("id":"h1","pop":5,"pop60":"2")", 500000, 3000000) + "," +
                                 point_feature(R"("id":"h2","pop":5,"pop60":"many")", 500100, 3000000)));
  DemandSource ds{path, "", "pop"};
  ds.attribute_fields = {{"elderly", "pop60"}};
  std::string msg = error_of<InputError>([&] { load_inputs({}, ds, utm50()); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "feature h2")) << msg;
  EXPECT_TRUE(contains(msg, "field 'pop60'")) << msg;
  EXPECT_TRUE(contains(msg, "'many'")) << msg;

  write_text(path, geojson_32650(point_feature(R"("id":"h1","pop":5,"pop60":-3)", 500000, 3000000)));
  msg = error_of<InputError>([&] { load_inputs({}, ds, utm50()); });
  EXPECT_TRUE(contains(msg, "feature h1")) << msg;
  EXPECT_TRUE(contains(msg, "field 'pop60'")) << msg;
  EXPECT_TRUE(contains(msg, "negative")) << msg;

  ds.attribute_fields = {{"elderly", "age60"}};
  msg = error_of<InputError>([&] { load_inputs({}, ds, utm50()); });
  EXPECT_TRUE(contains(msg, "'age60'")) << msg;
  EXPECT_TRUE(contains(msg, "id, pop, pop60")) << msg;  // the layer's fields
}

TEST(IoReadInputsDemandAttributes, RasterAndOsmDemandHaveNoFields) {
  TempDir dir;
  const std::string tif = dir.file("pop.tif");
  const double gt[6] = {500000.0, 100.0, 0.0, 3000100.0, 0.0, -100.0};
  write_raster(tif, 1, 1, gt, {5.0f}, -99999.0);
  DemandSource ds{tif, "", ""};
  ds.attribute_fields = {{"elderly", "pop60"}};
  std::string msg = error_of<UsageError>([&] { load_inputs({}, ds, utm50()); });
  EXPECT_TRUE(contains(msg, tif)) << msg;
  EXPECT_TRUE(contains(msg, "a raster has no fields")) << msg;
  EXPECT_TRUE(contains(msg, "vector demand layer")) << msg;

  ds.path = dir.file("city.osm.pbf");  // refused before it is opened
  msg = error_of<UsageError>([&] { load_inputs({}, ds, utm50()); });
  EXPECT_TRUE(contains(msg, ds.path)) << msg;
  EXPECT_TRUE(contains(msg, "an OSM extract has no fields")) << msg;
}

// ---------------------------------------------------------------------------------------------
// 10. Districts

// A polygon layer (see write_layer).
void write_polygons(const std::string& driver, const std::string& path, const std::string& layer_name, int epsg,
                    const std::vector<std::string>& fields, const std::vector<PolygonRow>& rows,
                    const std::vector<std::string>& layer_options = {}) {
  write_layer(driver, path, layer_name, epsg, wkbPolygon, fields, rows, layer_options);
}

// A district's WKB parsed back by OGR.
std::unique_ptr<OGRGeometry> parse_wkb(const std::vector<unsigned char>& wkb) {
  OGRGeometry* g = nullptr;
  EXPECT_EQ(OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()), OGRERR_NONE);
  return std::unique_ptr<OGRGeometry>(g);
}

double polygon_area(const OGRGeometry& g) {
  const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
  if (t == wkbPolygon) return g.toPolygon()->get_Area();
  if (t == wkbMultiPolygon) return g.toMultiPolygon()->get_Area();
  ADD_FAILURE() << "not a polygon: " << OGRGeometryTypeToName(t);
  return 0;
}

TEST(IoReadInputsDistricts, TwoSquaresReadBackWithNamesAndAreas) {
  TempDir dir;
  const std::string path = dir.file("districts.geojson");
  // jj: 1000 m x 1000 m = 1,000,000 m²; qy: 2000 m x 1000 m = 2,000,000 m² (EPSG:32650 metres).
  write_text(path, geojson_32650(rect_feature(R"("id":"jj","name":"锦江区","type":"city")", 500000, 3000000, 501000, 3001000) +
                                 "," +
                                 rect_feature(R"("id":"qy","name":"青羊区")", 501000, 3000000, 503000, 3001000)));
  LoadOptions o = utm50();
  o.districts_path = path;
  const Inputs in = load_inputs({}, DemandSource{one_demand_point(dir), "", "pop"}, o);

  ASSERT_EQ(in.districts.size(), 2u);
  EXPECT_EQ(in.districts.name, (std::vector<std::string>{"锦江区", "青羊区"}));
  EXPECT_EQ(in.districts.source_id, (std::vector<std::string>{"jj", "qy"}));
  EXPECT_EQ(in.districts.attributes.at("type"), (std::vector<std::string>{"city", ""}));  // unset: empty
  EXPECT_TRUE(contains(in.districts.source, path + " (")) << in.districts.source;
  ASSERT_EQ(in.districts.wkb.size(), 2u);
  EXPECT_EQ(in.districts.wkb[0][0], 1);  // little-endian (wkbNDR)
  const auto jj = parse_wkb(in.districts.wkb[0]), qy = parse_wkb(in.districts.wkb[1]);
  ASSERT_TRUE(jj && qy);
  EXPECT_NEAR(polygon_area(*jj), 1e6, 1e-6);  // 1000 x 1000
  EXPECT_NEAR(polygon_area(*qy), 2e6, 1e-6);  // 2000 x 1000
  OGREnvelope e;
  qy->getEnvelope(&e);  // already in the metric CRS: the corners come through unchanged
  EXPECT_NEAR(e.MinX, 501000.0, 1e-6);
  EXPECT_NEAR(e.MaxX, 503000.0, 1e-6);
  EXPECT_NEAR(e.MinY, 3000000.0, 1e-6);
  EXPECT_NEAR(e.MaxY, 3001000.0, 1e-6);
}

TEST(IoReadInputsDistricts, NoDistrictsWithoutAPath) {
  TempDir dir;
  const Inputs in = load_inputs({}, DemandSource{one_demand_point(dir), "", "pop"}, utm50());
  EXPECT_EQ(in.districts.size(), 0u);
  EXPECT_TRUE(in.districts.source.empty());
}

TEST(IoReadInputsDistricts, NameFieldIsFoundOrGivenAndAnEmptyNameIsTheId) {
  TempDir dir;
  const std::string demand = one_demand_point(dir);
  auto read = [&](const std::string& props_a, const std::string& props_b, const std::string& field) {
    const std::string path = dir.file("d.geojson");
    write_text(path, geojson_32650(rect_feature(props_a, 500000, 3000000, 501000, 3001000) + "," +
                                   rect_feature(props_b, 501000, 3000000, 502000, 3001000)));
    LoadOptions o = utm50();
    o.districts_path = path;
    o.district_name_field = field;
    return load_inputs({}, DemandSource{demand, "", "pop"}, o).districts;
  };
  // Found: NAME, 名称, district.
  EXPECT_EQ(read(R"("id":"a","NAME":"North")", R"("id":"b","NAME":"South")", "").name,
            (std::vector<std::string>{"North", "South"}));
  EXPECT_EQ(read(R"("id":"a","code":"1","名称":"武侯区")", R"("id":"b","code":"2","名称":"成华区")", "").name,
            (std::vector<std::string>{"武侯区", "成华区"}));
  EXPECT_EQ(read(R"("id":"a","district":"East")", R"("id":"b","district":"West")", "").name,
            (std::vector<std::string>{"East", "West"}));
  // Given: another field; an empty or null name falls back to the feature id.
  EXPECT_EQ(read(R"("id":"a","name":"x","xzqmc":"金牛区")", R"("id":"b","name":"y","xzqmc":"")", "xzqmc").name,
            (std::vector<std::string>{"金牛区", "b"}));
  EXPECT_EQ(read(R"("id":"a","name":null)", R"("id":"b","name":"Old Town")", "").name,
            (std::vector<std::string>{"a", "Old Town"}));
}

TEST(IoReadInputsDistricts, MissingNameFieldErrors) {
  TempDir dir;
  const std::string path = dir.file("d.geojson");
  write_text(path, geojson_32650(rect_feature(R"("id":"a","code":"510104")", 500000, 3000000, 501000, 3001000)));
  LoadOptions o = utm50();
  o.districts_path = path;
  const DemandSource ds{one_demand_point(dir), "", "pop"};
  // None of the usual names: lists the fields and asks for the option.
  std::string msg = error_of<InputError>([&] { load_inputs({}, ds, o); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "fields: id, code")) << msg;
  EXPECT_TRUE(contains(msg, "--district-name-field")) << msg;
  // A given field the layer lacks.
  o.district_name_field = "xzqmc";
  msg = error_of<InputError>([&] { load_inputs({}, ds, o); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "field 'xzqmc'")) << msg;
  EXPECT_TRUE(contains(msg, "fields: id, code")) << msg;
}

TEST(IoReadInputsDistricts, LineFeatureEmptyLayerAndOsmAreErrors) {
  TempDir dir;
  const std::string path = dir.file("d.geojson");
  write_text(path,
             geojson_32650(rect_feature(R"("id":"a","name":"A")", 500000, 3000000, 501000, 3001000) + "," +
                           R"({"type":"Feature","properties":{"id":"road7","name":"B"},"geometry":{"type":"LineString",)"
                           R"("coordinates":[[500000,3000000],[501000,3000000]]}})"));
  LoadOptions o = utm50();
  o.districts_path = path;
  const DemandSource ds{one_demand_point(dir), "", "pop"};
  std::string msg = error_of<InputError>([&] { load_inputs({}, ds, o); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "feature road7")) << msg;
  EXPECT_TRUE(contains(msg, "Line String")) << msg;  // GDAL's name of the type
  EXPECT_TRUE(contains(msg, "a district must be a polygon")) << msg;

  write_text(path, geojson_32650(""));
  msg = error_of<InputError>([&] { load_inputs({}, ds, o); });
  EXPECT_TRUE(contains(msg, path)) << msg;
  EXPECT_TRUE(contains(msg, "no features")) << msg;

  o.districts_path = dir.file("city.osm.pbf");  // refused before it is opened
  msg = error_of<UsageError>([&] { load_inputs({}, ds, o); });
  EXPECT_TRUE(contains(msg, o.districts_path)) << msg;
}

TEST(IoReadInputsDistricts, GbkShapefileNamesReadAsUtf8) {
  TempDir dir;
  const std::string shp = dir.file("街道.shp");
  write_polygons("ESRI Shapefile", shp, "街道", 32650, {"code", "name"},
                 {{{{"code", "510104"}, {"name", "锦江区"}}, "POLYGON ((500000 3000000,501000 3000000,"
                                                             "501000 3001000,500000 3001000,500000 3000000))"},
                  {{{"code", "510105"}, {"name", "青羊区"}}, "POLYGON ((501000 3000000,502000 3000000,"
                                                             "502000 3001000,501000 3001000,501000 3000000))"}},
                 {"ENCODING=CP936"});
  const std::string stem = dir.file("街道");
  ASSERT_TRUE(std::filesystem::exists(stem + ".cpg")) << "the .cpg code page file must be written";
  const std::string dbf = test::read_bytes(stem + ".dbf");
  // GBK/CP936 bytes (GBK code table, checked with Python's 'gbk' codec): 锦江区 = BDF5 BDAD C7F8,
  // 青羊区 = C7E0 D1F2 C7F8; the UTF-8 form of 锦 (E9 94 A6) is not in the file.
  EXPECT_TRUE(contains(dbf, "\xBD\xF5\xBD\xAD\xC7\xF8"));
  EXPECT_TRUE(contains(dbf, "\xC7\xE0\xD1\xF2\xC7\xF8"));
  EXPECT_FALSE(contains(dbf, "\xE9\x94\xA6"));

  LoadOptions o = utm50();
  o.districts_path = shp;
  const Inputs in = load_inputs({}, DemandSource{one_demand_point(dir), "", "pop"}, o);
  ASSERT_EQ(in.districts.size(), 2u);
  EXPECT_EQ(in.districts.name, (std::vector<std::string>{"锦江区", "青羊区"}));  // UTF-8 again
  // Every field comes along as text, per district, for rules to select districts by.
  EXPECT_EQ(in.districts.attributes.at("code"), (std::vector<std::string>{"510104", "510105"}));
  EXPECT_EQ(in.districts.attributes.at("name"), (std::vector<std::string>{"锦江区", "青羊区"}));
  const auto g = parse_wkb(in.districts.wkb[0]);
  ASSERT_TRUE(g);
  EXPECT_NEAR(polygon_area(*g), 1e6, 1e-6);  // 1000 m x 1000 m
}

TEST(IoReadInputsDistricts, DistrictExtentCountsForTheZone) {
  TempDir dir;
  // Demand at 116E, 30N alone (inside China): Gauss-Krüger zone round(116 / 3) = 39, EPSG:4527.
  // With a district spanning 120.5E..121.5E the lon/lat box is 116..121.5, centred on 118.75E,
  // 30.125N (inside China): zone round(39.58) = 40, EPSG:4528.
  const std::string demand = dir.file("homes.csv"), districts = dir.file("districts.geojson");
  write_text(demand, "id,pop,lon,lat\nd1,5,116.0,30.0\n");
  write_text(districts, R"({"type":"FeatureCollection","features":[)" +
                            rect_feature(R"("id":"e","name":"East")", 120.5, 30.0, 121.5, 30.25) + "]}");
  const DemandSource ds{demand, "", "pop"};
  EXPECT_EQ(load_inputs({}, ds, LoadOptions{}).crs, "EPSG:4527");
  LoadOptions o;
  o.districts_path = districts;
  const Inputs in = load_inputs({}, ds, o);
  EXPECT_EQ(in.crs, "EPSG:4528");
  ASSERT_EQ(in.districts.size(), 1u);
  EXPECT_EQ(in.districts.name[0], "East");
}

}  // namespace
}  // namespace lc::io

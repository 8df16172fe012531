// End-to-end tests of --format (coverage, isochrones, propose) and of the --out errors: each
// format's outputs are opened with GDAL and compared feature by feature with the GeoJSON run of
// the same command (same count, same attribute values, same geometry). PostgreSQL outputs are
// tested against a throwaway server by postgis_output_test.sh.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include "cli_test_support.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<std::string> kCategories = {"health", "elderly_care", "fitness", "scenic"};
const std::vector<std::string> kFormats = {"gpkg", "fgb", "shp"};

std::string describe(const RunResult& r) {
  return r.command + "\nexit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "\n--- stderr\n" + r.err;
}

// One feature as read back with GDAL: fields by name (null fields left out), the geometry.
struct Row {
  std::map<std::string, std::string> text;
  std::map<std::string, double> number;  // the numeric fields only
  std::unique_ptr<OGRGeometry> geometry;
};

// The features of output `name` of a run in `format` in `out`: demand.geojson, coverage.gpkg
// layer demand, demand.fgb, demand.shp. `gpkg` names the GeoPackage (the command).
std::vector<Row> read_output(const fs::path& out, const std::string& format, const std::string& name,
                             const std::string& gpkg) {
  GDALAllRegister();
  const fs::path path = out / (format == "gpkg" ? gpkg + ".gpkg" : name + "." + format);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  EXPECT_TRUE(ds) << "GDAL cannot open " << path;
  std::vector<Row> rows;
  if (!ds) return rows;
  OGRLayer* layer = format == "gpkg" ? ds->GetLayerByName(name.c_str()) : ds->GetLayer(0);
  EXPECT_TRUE(layer) << path << ": no layer " << name;
  if (!layer) return rows;
  for (auto& f : *layer) {
    Row r;
    for (int i = 0; i < f->GetFieldCount(); ++i) {
      if (!f->IsFieldSetAndNotNull(i)) continue;
      const char* field = f->GetFieldDefnRef(i)->GetNameRef();
      r.text[field] = f->GetFieldAsString(i);
      const OGRFieldType type = f->GetFieldDefnRef(i)->GetType();
      if (type == OFTReal || type == OFTInteger || type == OFTInteger64) r.number[field] = f->GetFieldAsDouble(i);
    }
    if (f->GetGeometryRef()) r.geometry.reset(f->GetGeometryRef()->clone());
    rows.push_back(std::move(r));
  }
  return rows;
}

// The Shapefile names of the coverage and isochrone fields, derived by hand from the rule in
// README.md ("Output formats"): fixed names, then <category cut to 6 bytes>_m/_s/_cov/_cnt.
const std::map<std::string, std::string>& shapefile_names() {
  static const std::map<std::string, std::string> names = {
      {"health_nearest_m", "health_m"},       {"health_covered", "health_cov"},     {"health_count", "health_cnt"},
      {"elderly_care_nearest_m", "elderl_m"}, {"elderly_care_covered", "elderl_cov"}, {"elderly_care_count", "elderl_cnt"},
      {"fitness_nearest_m", "fitnes_m"},      {"fitness_covered", "fitnes_cov"},     {"fitness_count", "fitnes_cnt"},
      {"scenic_nearest_m", "scenic_m"},       {"scenic_covered", "scenic_cov"},      {"scenic_count", "scenic_cnt"},
      {"life_circle_complete", "complete"},   {"population_in_reach", "pop_reach"}, {"population_nearest", "pop_near"},
      {"facility_count", "fac_count"},        {"population_covered", "pop_cov"},    {"facility_id", "fac_id"},
      {"facility_name", "fac_name"},          {"covered_weight_after", "cov_after"}};
  return names;
}

std::string field_in(const std::string& format, const std::string& name) {
  if (format != "shp") return name;
  const auto it = shapefile_names().find(name);
  return it == shapefile_names().end() ? name : it->second;
}

// Rows keyed by the values of `key_fields` (GeoJSON names), read in `format`'s names. Points that
// share a key (the cells of one demand polygon share its id) are told apart by their order from
// west to east (then south to north), appended as "#k".
std::map<std::string, const Row*> by_key(const std::vector<Row>& rows, const std::string& format,
                                         const std::vector<std::string>& key_fields) {
  std::map<std::string, std::vector<const Row*>> groups;
  for (const Row& r : rows) {
    std::string key;
    for (const std::string& k : key_fields) {
      const std::string f = field_in(format, k);
      char number[64];
      if (r.number.count(f)) std::snprintf(number, sizeof number, "%.10g", r.number.at(f));  // 10, not 10.000000
      const auto it = r.text.find(f);
      key += (r.number.count(f) ? std::string(number) : it == r.text.end() ? std::string("<null>") : it->second) + "|";
    }
    groups[key].push_back(&r);
  }
  const auto xy = [](const Row* r) {
    const OGRGeometry* g = r->geometry.get();
    return g && wkbFlatten(g->getGeometryType()) == wkbPoint ? std::make_pair(g->toPoint()->getX(), g->toPoint()->getY())
                                                            : std::make_pair(0.0, 0.0);
  };
  std::map<std::string, const Row*> out;
  for (auto& [key, group] : groups) {
    std::sort(group.begin(), group.end(), [&](const Row* a, const Row* b) { return xy(a) < xy(b); });
    for (std::size_t k = 0; k < group.size(); ++k) out[group.size() == 1 ? key : key + "#" + std::to_string(k)] = group[k];
  }
  return out;
}

std::size_t without_geometry(const std::vector<Row>& rows) {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [](const Row& r) { return !r.geometry || r.geometry->IsEmpty(); }));
}

// Checks that `got` (in `format`) has the features of `want` (GeoJSON): the same count, the same
// values of `text_fields` and `number_fields`, and the same geometry: points to 1e-7 degrees;
// polygons (snapped to the same 1e-7 degree grid) the same area to 1e-7 degrees times their
// perimeter, as GDAL's GeoJSON writer reads a last digit 1 as noise (104.1000001 -> 104.1).
// A FlatGeobuf holds no feature without geometry: those are left out of `got`.
void expect_same(const std::vector<Row>& want, const std::vector<Row>& got, const std::string& format,
                 const std::vector<std::string>& key_fields, const std::vector<std::string>& text_fields,
                 const std::vector<std::string>& number_fields, const std::string& what) {
  const std::size_t left_out = format == "fgb" ? without_geometry(want) : 0;
  ASSERT_EQ(got.size(), want.size() - left_out) << what;
  const auto w = by_key(want, "geojson", key_fields), g = by_key(got, format, key_fields);
  for (const auto& [key, wr] : w) {
    if (format == "fgb" && (!wr->geometry || wr->geometry->IsEmpty())) {
      EXPECT_FALSE(g.count(key)) << what << ": " << key;
      continue;
    }
    ASSERT_TRUE(g.count(key)) << what << ": no feature " << key;
    const Row& gr = *g.at(key);
    for (const std::string& f : text_fields) {
      const std::string gf = field_in(format, f);
      // dBASE has no null text: a Shapefile reads an empty name back as null.
      if (format == "shp" && !gr.text.count(gf) && wr->text.count(f) && wr->text.at(f).empty()) continue;
      EXPECT_EQ(gr.text.count(gf), wr->text.count(f)) << what << " " << key << " " << f;
      if (gr.text.count(gf) && wr->text.count(f)) {
        EXPECT_EQ(gr.text.at(gf), wr->text.at(f)) << what << " " << key << " " << f;
      }
    }
    for (const std::string& f : number_fields) {
      const std::string gf = field_in(format, f);
      EXPECT_EQ(gr.number.count(gf), wr->number.count(f)) << what << " " << key << " " << f;
      if (gr.number.count(gf) && wr->number.count(f)) {
        const double a = wr->number.at(f);
        EXPECT_NEAR(gr.number.at(gf), a, 1e-9 * std::max(1.0, std::abs(a))) << what << " " << key << " " << f;
      }
    }
    ASSERT_EQ(static_cast<bool>(gr.geometry), static_cast<bool>(wr->geometry)) << what << " " << key;
    if (!wr->geometry) continue;
    const OGRwkbGeometryType type = wkbFlatten(wr->geometry->getGeometryType());
    if (type == wkbPoint) {
      ASSERT_EQ(wkbFlatten(gr.geometry->getGeometryType()), wkbPoint) << what;
      EXPECT_NEAR(gr.geometry->toPoint()->getX(), wr->geometry->toPoint()->getX(), 1e-7) << what << " " << key;
      EXPECT_NEAR(gr.geometry->toPoint()->getY(), wr->geometry->toPoint()->getY(), 1e-7) << what << " " << key;
    } else {
      // GeoJSON keeps a Polygon a Polygon; the typed layers write MultiPolygons (a Shapefile reads
      // one part back as a Polygon).
      const OGRwkbGeometryType t = wkbFlatten(gr.geometry->getGeometryType());
      EXPECT_TRUE(t == wkbMultiPolygon || (format == "shp" && t == wkbPolygon)) << what << " " << key;
      const double a = OGR_G_Area(OGRGeometry::ToHandle(wr->geometry.get()));
      std::unique_ptr<OGRGeometry> boundary(wr->geometry->Boundary());
      const double perimeter = boundary ? OGR_G_Length(OGRGeometry::ToHandle(boundary.get())) : 0.0;
      EXPECT_GT(a, 0) << what << " " << key;
      EXPECT_GT(perimeter, 0) << what << " " << key;
      EXPECT_NEAR(OGR_G_Area(OGRGeometry::ToHandle(gr.geometry.get())), a, 1e-7 * perimeter) << what << " " << key;
    }
  }
}

double sum_of(const std::vector<Row>& rows, const std::string& field) {
  double s = 0;
  for (const Row& r : rows) s += r.number.count(field) ? r.number.at(field) : 0.0;
  return s;
}

// A run shared by the tests of this file (the same inputs give the same outputs): the GeoJSON
// reference of each command, made once.
const fs::path& reference(const std::string& name, const std::vector<std::string>& args) {
  static TempDir dir;
  static std::map<std::string, fs::path> done;
  if (!done.count(name)) {
    std::vector<std::string> a = args;
    a.push_back("--out");
    a.push_back((dir / name).string());
    const RunResult r = run_lifecircle(a, dir.path(), dir.path());
    EXPECT_EQ(r.exit_code, 0) << describe(r);
    done[name] = dir / name;
  }
  return done[name];
}

std::vector<std::string> chengdu(const std::string& command) {
  return {command, "--facilities", chengdu_pbf(), "--demand", chengdu_pbf()};
}

class CliOutputFormats : public ::testing::TestWithParam<std::string> {
 protected:
  void TearDown() override {
    if (HasFailure()) {
      tmp_.keep();
      std::printf("[ kept ] outputs of the failed test in %s\n", tmp_.path().string().c_str());
    }
  }
  RunResult run(std::vector<std::string> args, const std::string& format) {
    args.insert(args.end(), {"--format", format, "--out", out().string()});
    return run_lifecircle(args, tmp_.path(), tmp_.path());
  }
  fs::path out() const { return tmp_ / "out"; }
  TempDir tmp_;
};

TEST_P(CliOutputFormats, CoverageWritesTheSameFeaturesAsGeoJson) {
  const std::string format = GetParam();
  const fs::path& ref = reference("coverage", chengdu("coverage"));
  const RunResult r = run(chengdu("coverage"), format);
  ASSERT_EQ(r.exit_code, 0) << describe(r);

  // demand: every point with its population and, per category, covered, count and nearest.
  std::vector<std::string> numbers = {"population", "life_circle_complete"};
  for (const std::string& c : kCategories) {
    for (const char* suffix : {"_covered", "_count", "_nearest_m"}) numbers.push_back(c + suffix);
  }
  const std::vector<Row> want = read_output(ref, "geojson", "demand", "coverage");
  const std::vector<Row> got = read_output(out(), format, "demand", "coverage");
  ASSERT_GT(want.size(), 1000u);  // 1,181 demand points in the extract
  expect_same(want, got, format, {"id"}, {"id"}, numbers, format + " demand");
  // The sums a planner would look at first, stated once more.
  EXPECT_NEAR(sum_of(got, "population"), sum_of(want, "population"), 1e-6);
  for (const std::string& c : kCategories) {
    EXPECT_EQ(sum_of(got, field_in(format, c + "_covered")), sum_of(want, c + "_covered")) << c;
  }

  // facilities: a facility of two categories is two rows, so the key is id and category.
  expect_same(read_output(ref, "geojson", "facilities", "coverage"), read_output(out(), format, "facilities", "coverage"),
              format, {"id", "category"}, {"id", "name", "category", "status"},
              {"population_in_reach", "population_nearest"}, format + " facilities");
  // service_areas: one (multi)polygon per category.
  expect_same(read_output(ref, "geojson", "service_areas", "coverage"),
              read_output(out(), format, "service_areas", "coverage"), format, {"category"}, {"category"},
              {"within_m", "facility_count", "area_m2", "population_covered", "share"}, format + " service_areas");

  // summary.json stays JSON in the folder, the same run with the format stated.
  const json s = read_json(out() / "summary.json");
  const json s_ref = read_json(ref / "summary.json");
  EXPECT_EQ(s["categories"], s_ref["categories"]);
  EXPECT_EQ(s["output_format"], format);
  EXPECT_FALSE(s_ref.contains("output_format"));  // GeoJSON: the summary as it always was
  EXPECT_EQ(s_ref["output_crs"], "EPSG:4326 (GeoJSON, RFC 7946)");
  EXPECT_EQ(s["output_crs"].get<std::string>().rfind("EPSG:4326 (", 0), 0u);
  if (format == "shp") {
    for (const auto& [given, written] : s["shapefile_fields"]["demand"].items()) {
      EXPECT_EQ(written, shapefile_names().at(given)) << given;
    }
    EXPECT_EQ(s["shapefile_fields"]["demand"].size(), 13u);  // 4 categories x 3 + life_circle_complete
    EXPECT_EQ(read_text(out() / "demand.cpg"), "UTF-8");
  }
  if (format == "fgb") {
    // elderly_care has no facility in the extract, so no service area polygon.
    EXPECT_EQ(s["left_out_without_geometry"], (json{{"service_areas", 1}}));
  }
  // Nothing but the outputs: no temporary file left.
  for (const auto& e : fs::directory_iterator(out())) {
    if (e.path().filename() == ".lifecircle-outputs") continue;  // the run's manifest
    EXPECT_NE(e.path().filename().string().front(), '.') << e.path();
  }
}

TEST_P(CliOutputFormats, IsochronesWriteTheSameFeaturesAsGeoJson) {
  const std::string format = GetParam();
  std::vector<std::string> args = chengdu("isochrones");
  args.insert(args.end(), {"--breaks", "5,10", "--merge", "split", "--categories", "health,fitness"});
  const fs::path& ref = reference("isochrones", args);
  const RunResult r = run(args, format);
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const std::vector<Row> want = read_output(ref, "geojson", "isochrones", "isochrones");
  ASSERT_GT(want.size(), 10u);
  expect_same(want, read_output(out(), format, "isochrones", "isochrones"), format, {"category", "facility_id", "break"},
              {"category", "facility_id", "facility_name", "unit"}, {"break", "lower", "population", "area_m2"},
              format + " isochrones");
  const json s = read_json(out() / "summary.json");
  // The facilities the isochrones are drawn from go with them (into the one GeoPackage).
  if (format == "gpkg") EXPECT_EQ(s["files"], json::array({"isochrones.gpkg"}));
  else EXPECT_EQ(s["files"], json::array({"isochrones." + format, "facilities." + format}));
}

TEST_P(CliOutputFormats, ProposeWritesTheSameSitesAsGeoJson) {
  const std::string format = GetParam();
  std::vector<std::string> args = chengdu("propose");
  args.insert(args.end(), {"--category", "health", "--add", "4", "--candidate-grid", "400m"});
  const fs::path& ref = reference("propose", args);
  const RunResult r = run(args, format);
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const std::vector<Row> want = read_output(ref, "geojson", "proposed_sites", "propose");
  ASSERT_EQ(want.size(), 4u);
  expect_same(want, read_output(out(), format, "proposed_sites", "propose"), format, {"rank"}, {"id", "category"},
              {"rank", "marginal", "covered_weight_after"}, format + " proposed_sites");
}

INSTANTIATE_TEST_SUITE_P(Formats, CliOutputFormats, ::testing::ValuesIn(kFormats),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

// ---------------------------------------------------------------------------------------------

class CliOutputHandPlaced : public CliTest {
 protected:
  fs::path out() const { return tmp_ / "out"; }
  // EPSG:32650 metres: one facility F at (500000, 1000); d1 500 m from it (a 300-400-500
  // triangle), d2 1000 m (on the circle), d3 1500 m: within 1000 m d1 and d2 are covered.
  std::vector<std::string> write_inputs(const std::string& category) {
    write_geojson(tmp_ / "fac.geojson", 32650, {{"POINT (500000 1000)", {{"id", "F"}, {"name", "社区卫生服务中心"}}, {}}});
    write_geojson(tmp_ / "dem.geojson", 32650,
                  {{"POINT (500300 1400)", {{"id", "d1"}}, {{"pop", 10}}},
                   {"POINT (501000 1000)", {{"id", "d2"}}, {{"pop", 20}}},
                   {"POINT (500000 2500)", {{"id", "d3"}}, {{"pop", 40}}}});
    return {"coverage", "--facilities", (tmp_ / "fac.geojson").string(), "--category", category, "--demand",
            (tmp_ / "dem.geojson").string(), "--population-field", "pop", "--within", "1000m", "--out", out().string()};
  }
};

// Chinese text in a Shapefile: the names survive (the .cpg says UTF-8), and a Chinese category's
// field names are cut between characters (卫生服务 is 4 characters of 3 bytes: 6 bytes keep 卫生).
TEST_F(CliOutputHandPlaced, ShapefileKeepsChineseNames) {
  std::vector<std::string> args = write_inputs("卫生服务");
  args.insert(args.end(), {"--format", "shp"});
  const RunResult r = run(args);
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_EQ(read_text(out() / "facilities.cpg"), "UTF-8");
  const std::vector<Row> fac = read_output(out(), "shp", "facilities", "coverage");
  ASSERT_EQ(fac.size(), 1u);
  EXPECT_EQ(fac[0].text.at("name"), "社区卫生服务中心");
  EXPECT_EQ(fac[0].text.at("category"), "卫生服务");
  EXPECT_DOUBLE_EQ(fac[0].number.at("pop_reach"), 30.0);  // d1 + d2
  std::map<std::string, double> covered;
  for (const Row& row : read_output(out(), "shp", "demand", "coverage")) {
    ASSERT_TRUE(row.number.count("卫生_cov")) << "fields: " << row.text.size();
    covered[row.text.at("id")] = row.number.at("卫生_cov");
  }
  EXPECT_EQ(covered, (std::map<std::string, double>{{"d1", 1}, {"d2", 1}, {"d3", 0}}));
  const json s = read_json(out() / "summary.json");
  EXPECT_EQ(s["shapefile_fields"]["demand"]["卫生服务_covered"], "卫生_cov");
  EXPECT_EQ(s["shapefile_fields"]["demand"]["卫生服务_nearest_m"], "卫生_m");
}

// A run that fails while putting its files in place leaves the previous Shapefiles whole: no file
// of the new set replaces one of the old, and no temporary file is left.
TEST_F(CliOutputHandPlaced, FailedShapefileRunKeepsThePreviousOutputs) {
  std::vector<std::string> args = write_inputs("health");
  args.insert(args.end(), {"--format", "shp"});
  ASSERT_EQ(run(args).exit_code, 0);
  std::map<std::string, std::string> before;
  for (const auto& e : fs::directory_iterator(out())) before[e.path().filename().string()] = read_text(e.path());
  fs::remove(out() / "summary.json");
  fs::create_directories(out() / "summary.json");  // its rename will fail
  const auto within = std::find(args.begin(), args.end(), "--within");
  ASSERT_NE(within, args.end());
  *(within + 1) = "300m";  // other results than the first run's
  const RunResult r = run(args);
  EXPECT_EQ(r.exit_code, 3) << describe(r);
  EXPECT_NE(r.err.find("summary.json"), std::string::npos) << r.err;
  for (const auto& e : fs::directory_iterator(out())) {
    const std::string name = e.path().filename().string();
    if (name == "summary.json") continue;
    ASSERT_TRUE(before.count(name)) << "new file " << name;
    EXPECT_EQ(read_text(e.path()), before.at(name)) << name << " changed";
  }
}

// ---------------------------------------------------------------------------------------------

class CliOutputErrors : public CliOutputHandPlaced {};

TEST_F(CliOutputErrors, BadFormatIsAUsageError) {
  std::vector<std::string> args = write_inputs("health");
  args.insert(args.end(), {"--format", "kml"});
  const RunResult r = run(args);
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kml"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out()));
}

TEST_F(CliOutputErrors, FormatAndSurfaceDoNotGoWithADatabase) {
  std::vector<std::string> args = write_inputs("health");
  args.back() = "PG:dbname=nowhere";
  std::vector<std::string> with_format = args;
  with_format.insert(with_format.end(), {"--format", "gpkg"});
  RunResult r = run(with_format);
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
  std::vector<std::string> with_surface = args;
  with_surface.insert(with_surface.end(), {"--mode", "walk", "--roads", chengdu_pbf(), "--surface", "50m"});
  r = run(with_surface);
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("--surface"), std::string::npos) << r.err;
}

// A siting run from a cost matrix has no geometry: its proposed_sites.csv goes to a folder, and
// the refusal comes before any input is read (the files named here do not exist).
TEST_F(CliOutputErrors, CostMatrixRunsTakeNoFormatAndNoDatabase) {
  const std::vector<std::string> base = {"propose", "--model", "pmedian", "--category", "health", "--add", "1",
                                         "--cost-matrix", (tmp_ / "od.csv").string(), "--demand",
                                         (tmp_ / "demand.csv").string(), "--weight-field", "w", "--demand-id-field",
                                         "id", "--candidate-id-field", "id", "--within", "5000"};
  std::vector<std::string> with_format = base;
  with_format.insert(with_format.end(), {"--format", "shp", "--out", out().string()});
  RunResult r = run(with_format);
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("--cost-matrix"), std::string::npos) << r.err;
  std::vector<std::string> to_database = base;
  to_database.insert(to_database.end(), {"--out", "PG:dbname=nowhere"});
  r = run(to_database);
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("proposed_sites.csv"), std::string::npos) << r.err;
}

// No server on that socket: an input/output error naming the connection (password masked) with
// libpq's reason, as GDAL passes it on.
TEST_F(CliOutputErrors, UnreachableDatabaseNamesTheConnection) {
  std::vector<std::string> args = write_inputs("health");
  const std::string socket_dir = (tmp_ / "no-server").string();
  args.back() = "PG:host=" + socket_dir + " dbname=plan user=planner password=hunter2";
  const RunResult r = run(args);
  EXPECT_EQ(r.exit_code, 3) << describe(r);
  EXPECT_NE(r.err.find("PG:host=" + socket_dir + " dbname=plan user=planner password=***"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(socket_dir + "/.s.PGSQL"), std::string::npos) << r.err;  // libpq's message
  EXPECT_EQ(r.err.find("unknown GDAL error"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lc::clitest

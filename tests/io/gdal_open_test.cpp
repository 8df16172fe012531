// Sources GDAL cannot open as vector data: every reader names the file and says, in plain words,
// what is wrong with it. Tables with only a header line open as empty layers.

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include "io/error.hpp"
#include "io/layers.hpp"
#include "api/load.hpp"
#include "io/read_inputs.hpp"
#include "io/read_tables.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

using test::contains;
using test::geojson_32650;
using test::read_bytes;
using test::TempDir;
using test::write_text;

constexpr const char* kUnknown = "unknown GDAL error";

// Bytes that are no known format (the same every run).
std::string noise(std::size_t n) {
  std::mt19937 rng(20240611u);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

// A valid GeoPackage holding no layer, written by GDAL.
void write_empty_gpkg(const std::string& path) {
  test::register_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  ASSERT_NE(drv, nullptr);
  GDALDataset* ds = drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  ASSERT_NE(ds, nullptr) << path;
  GDALClose(ds);
}

// A one-band GeoTIFF: raster data, no vector layer.
void write_tiny_raster(const std::string& path) {
  test::register_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  ASSERT_NE(drv, nullptr);
  GDALDataset* ds = drv->Create(path.c_str(), 4, 3, 1, GDT_Float32, nullptr);
  ASSERT_NE(ds, nullptr) << path;
  double gt[6] = {500000, 100, 0, 3000300, 0, -100};
  ASSERT_EQ(ds->SetGeoTransform(gt), CE_None);
  GDALClose(ds);
}

std::string one_demand_point(const TempDir& dir) {
  const std::string path = dir.file("one_demand.geojson");
  write_text(path, geojson_32650(
                       R"({"type":"Feature","properties":{"id":"d1","pop":10},)"
                       R"("geometry":{"type":"Point","coordinates":[500000,3000000]}})"));
  return path;
}

LoadOptions utm50() {
  LoadOptions o;
  o.metric_crs = "EPSG:32650";
  return o;
}

// The readers a source can be given to: (name, call).
struct Reader {
  std::string name;
  std::function<void(const std::string&)> read;
};

std::vector<Reader> readers(const TempDir& dir, bool demand_too = true) {
  const std::string demand = one_demand_point(dir);
  std::vector<Reader> r{
      {"facilities", [demand](const std::string& p) {
         lc::api::load_inputs({FacilitySource{p, "", "", "", "fitness"}}, DemandSource{demand, "", "pop"}, utm50());
       }},
      {"layers", [](const std::string& p) { describe_source(FacilitySource{p, "", "", "", ""}, ""); }},
      {"read_weighted_ids", [](const std::string& p) { read_weighted_ids(p, "", "id", ""); }},
      {"read_cost_matrix", [](const std::string& p) { read_cost_matrix(p, "id", "site", "cost", {"d1"}); }}};
  if (demand_too) {
    r.push_back({"demand", [](const std::string& p) { lc::api::load_inputs({}, DemandSource{p, "", ""}, utm50()); }});
  }
  return r;
}

// Runs `f`; expects an InputError and returns its message.
std::string input_error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an InputError: " << e.what();
    return "";
  }
  ADD_FAILURE() << "no exception thrown";
  return "";
}

// Every reader refuses `path` with an InputError naming it and containing each of `phrases`.
void expect_refused(const TempDir& dir, const std::string& path, const std::vector<std::string>& phrases,
                    bool demand_too = true) {
  for (const Reader& r : readers(dir, demand_too)) {
    SCOPED_TRACE(r.name + " of " + path);
    const std::string msg = input_error_of([&] { r.read(path); });
    EXPECT_TRUE(contains(msg, path)) << msg;
    for (const std::string& p : phrases) EXPECT_TRUE(contains(msg, p)) << "no '" << p << "' in: " << msg;
    EXPECT_FALSE(contains(msg, kUnknown)) << msg;
  }
}

// ---------------------------------------------------------------------------------------------
// Sources that do not open

TEST(IoGdalOpen, MissingFile) {
  TempDir dir;
  expect_refused(dir, dir.file("no_such.geojson"), {"no such file"});
}

TEST(IoGdalOpen, EmptyFiles) {
  TempDir dir;
  for (const char* name : {"empty.csv", "empty.geojson", "empty.gpkg", "empty.osm.pbf"}) {
    write_text(dir.file(name), "");
    expect_refused(dir, dir.file(name), {"is empty (0 bytes)"});
  }
}

TEST(IoGdalOpen, Directory) {
  TempDir dir;
  const std::string folder = dir.file("a_folder");
  std::filesystem::create_directories(folder);
  expect_refused(dir, folder, {"is a directory, not a file"});
}

TEST(IoGdalOpen, JsonThatIsNotGeoJson) {
  TempDir dir;
  write_text(dir.file("settings.json"), R"({"a": 1})");
  expect_refused(dir, dir.file("settings.json"),
                 {"GeoJSON driver", "JSON but not GeoJSON", "no \"type\" member", "\"a\""});
  write_text(dir.file("list.json"), "[1, 2]");
  expect_refused(dir, dir.file("list.json"), {"GeoJSON driver", "JSON but not GeoJSON", "an array"});
  write_text(dir.file("other.geojson"), R"({"type": "Sheet"})");
  expect_refused(dir, dir.file("other.geojson"), {"GeoJSON driver", "\"Sheet\""});
  write_text(dir.file("text.geojson"), "hello");
  expect_refused(dir, dir.file("text.geojson"), {"GeoJSON driver", "not valid JSON"});
}

TEST(IoGdalOpen, TruncatedGeoJsonGivesGdalsReason) {
  TempDir dir;
  write_text(dir.file("cut.geojson"), R"({"type":"FeatureCollection","features":[)");
  expect_refused(dir, dir.file("cut.geojson"), {"GeoJSON driver", "Unterminated array"});
}

TEST(IoGdalOpen, RandomBytesNamedOsmPbf) {
  TempDir dir;
  write_text(dir.file("x.osm.pbf"), noise(4096));
  expect_refused(dir, dir.file("x.osm.pbf"), {"OSM driver", "OSMHeader", "not an OSM extract"});
  write_text(dir.file("x.osm"), "hello\n");
  expect_refused(dir, dir.file("x.osm"), {"OSM driver", "<osm>", "not an OSM extract"});
}

TEST(IoGdalOpen, RandomBytesNamedGpkg) {
  TempDir dir;
  write_text(dir.file("x.gpkg"), noise(4096));
  expect_refused(dir, dir.file("x.gpkg"), {"GPKG driver", "SQLite header", "not a GeoPackage"});
}

TEST(IoGdalOpen, GeoPackageWithoutLayers) {
  TempDir dir;
  const std::string gpkg = dir.file("blank.gpkg");
  write_empty_gpkg(gpkg);
  ASSERT_GT(std::filesystem::file_size(gpkg), 0u);
  expect_refused(dir, gpkg, {"GeoPackage", "has no layers"});
}

TEST(IoGdalOpen, OneColumnCsv) {
  TempDir dir;
  write_text(dir.file("ids.csv"), "id\nd1\nd2\n");
  expect_refused(dir, dir.file("ids.csv"),
                 {"one-column CSV", "header 'id'", "no geometry columns (lon/lat, x/y", "no WKT column"});
  // A byte order mark and Windows line ends change nothing.
  write_text(dir.file("bom.csv"), "\xEF\xBB\xBFname\r\nA\r\n");
  expect_refused(dir, dir.file("bom.csv"), {"one-column CSV", "header 'name'"});
}

TEST(IoGdalOpen, CsvWithBlankFirstLine) {
  TempDir dir;
  write_text(dir.file("blank.csv"), "\n\n");
  expect_refused(dir, dir.file("blank.csv"), {"first line is blank", "header line"});
}

TEST(IoGdalOpen, CsvHeaderNamingAColumnTwice) {
  TempDir dir;
  // Found by fuzzing: a repeated coordinate column made GDAL read past its field array.
  write_text(dir.file("lon_twice.csv"), "id,pop,lon,lon,lat\nSIRC1,10,104.05,104.0,30.67\n");
  expect_refused(dir, dir.file("lon_twice.csv"), {"field 'lon'", "column 3 and column 4 alike"});
  // Names are matched without regard to case, as GDAL matches a field name.
  write_text(dir.file("pop_twice.csv"), "id,pop,POP,lon,lat\nd1,10,20,104.05,30.67\n");
  expect_refused(dir, dir.file("pop_twice.csv"), {"field 'POP'", "column 2 and column 3 alike"});
}

TEST(IoGdalOpen, CsvWithTwoLongitudeColumns) {
  TempDir dir;
  // Found by fuzzing: two columns with longitude names before the latitude column (or none after
  // them) made GDAL read past its field array. The first of each kind is the coordinate.
  for (const char* table : {"id,pop,lon,lng\n1,10,104.05,30.62\n2,20.5,104.07,30.67\n",
                            "id,pop,lon,x,lat\n1,10,104.05,500000,30.62\n2,20.5,104.07,500100,30.67\n"}) {
    SCOPED_TRACE(table);
    const std::string path = dir.file("two_x.csv");
    write_text(path, table);
    const WeightedIds w = read_weighted_ids(path, "", "id", "pop");
    EXPECT_EQ(w.id, (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(w.weight, (std::vector<double>{10, 20.5}));
  }
}

TEST(IoGdalOpen, RandomBytesOfNoKnownFormat) {
  TempDir dir;
  write_text(dir.file("x.xyz1"), noise(2048));
  expect_refused(dir, dir.file("x.xyz1"), {"is not a format GDAL reads as vector data", "tried: all"});
  write_text(dir.file("x.shp"), noise(2048));
  expect_refused(dir, dir.file("x.shp"), {"is not a format GDAL reads as vector data", "ESRI Shapefile"});
}

TEST(IoGdalOpen, RasterWhereVectorDataIsNeeded) {
  TempDir dir;
  const std::string tif = dir.file("grid.tif");
  write_tiny_raster(tif);
  // A raster is a valid demand source and `layers` describes it; the other readers refuse it.
  for (const Reader& r : readers(dir, false)) {
    if (r.name == "layers") continue;
    SCOPED_TRACE(r.name);
    const std::string msg = input_error_of([&] { r.read(tif); });
    EXPECT_TRUE(contains(msg, tif)) << msg;
    EXPECT_TRUE(contains(msg, "holds raster data")) << msg;
    EXPECT_TRUE(contains(msg, "not vector data")) << msg;
  }
}

TEST(IoGdalOpen, FileWithoutReadPermission) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  TempDir dir;
  const std::string path = dir.file("locked.geojson");
  write_text(path, geojson_32650(""));
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  expect_refused(dir, path, {"cannot be read", "ermission denied"});
  ::chmod(path.c_str(), 0600);
}

// ---------------------------------------------------------------------------------------------
// Tables with only a header line

TEST(IoGdalOpen, HeaderOnlyTableGivesNoWeightedIds) {
  TempDir dir;
  for (const char* header : {"id,pop\n", "id,lon,lat\n", "id,pop"}) {
    SCOPED_TRACE(header);
    const std::string path = dir.file("header_only.csv");
    write_text(path, header);
    const WeightedIds w = read_weighted_ids(path, "", "id", "");
    EXPECT_TRUE(w.id.empty());
    EXPECT_TRUE(w.weight.empty());
  }
  const std::string path = dir.file("weights.csv");
  write_text(path, "id,pop\n");
  EXPECT_TRUE(read_weighted_ids(path, "", "id", "pop").id.empty());
  // A field the header lacks is still an error.
  const std::string msg = input_error_of([&] { read_weighted_ids(path, "", "id", "weight"); });
  EXPECT_TRUE(contains(msg, path) && contains(msg, "weight") && contains(msg, "no such field")) << msg;
}

TEST(IoGdalOpen, HeaderOnlyFacilityCsvIsZeroFacilities) {
  TempDir dir;
  const DemandSource demand{one_demand_point(dir), "", "pop"};
  for (const char* header : {"id,lon,lat\n", "name,longitude,latitude\r\n", "id,x,y", "id,pop\n"}) {
    SCOPED_TRACE(header);
    const std::string path = dir.file("gyms.csv");
    write_text(path, header);
    const Inputs in = lc::api::load_inputs({FacilitySource{path, "", "", "", "fitness"}}, demand, utm50());
    EXPECT_EQ(in.facilities.size(), 0u);
    EXPECT_EQ(in.categories.size(), CategoryId{1});
    EXPECT_NE(in.categories.find("fitness"), Categories::invalid);
    EXPECT_EQ(in.demand.size(), 1u);
    bool noted = false;
    for (const auto& n : in.notes) noted = noted || (contains(n, path) && contains(n, "no rows"));
    EXPECT_TRUE(noted);
  }
  // With another source that has facilities: those are kept.
  const std::string empty = dir.file("none.csv"), some = dir.file("some.csv");
  write_text(empty, "id,lon,lat\n");
  write_text(some, "id,lon,lat\ng1,117.0,27.1\n");
  const Inputs in = lc::api::load_inputs({FacilitySource{empty, "", "", "", "fitness"}, FacilitySource{some, "", "", "", "fitness"}},
                                demand, utm50());
  ASSERT_EQ(in.facilities.size(), 1u);
  EXPECT_EQ(in.facilities.source_id[0], "g1");
}

TEST(IoGdalOpen, HeaderOnlyDemandOrCostMatrixIsAClearError) {
  TempDir dir;
  const std::string path = dir.file("blocks.csv");
  write_text(path, "id,lon,lat,pop\n");
  std::string msg = input_error_of([&] { lc::api::load_inputs({}, DemandSource{path, "", "pop"}, utm50()); });
  EXPECT_TRUE(contains(msg, path) && contains(msg, "no features")) << msg;
  const std::string od = dir.file("od.csv");
  write_text(od, "id,site,cost\n");
  msg = input_error_of([&] { read_cost_matrix(od, "id", "site", "cost", {"d1"}); });
  EXPECT_TRUE(contains(msg, od) && contains(msg, "no rows")) << msg;
}

// ---------------------------------------------------------------------------------------------
// The command line: the message on stderr, exit code 3

struct CliRun {
  int code = -1;
  std::string err;
};

CliRun run_cli(const TempDir& dir, const std::string& args) {
  const std::string err = dir.file("stderr.txt");
  const std::string cmd = std::string("'") + LIFECIRCLE_BINARY + "' " + args + " >/dev/null 2>'" + err + "'";
  const int status = std::system(cmd.c_str());
  CliRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_bytes(err);
  return r;
}

TEST(IoGdalOpen, CommandLineExitsWithInputErrorCode) {
  TempDir dir;
  const std::string facilities = dir.file("f.csv"), demand = dir.file("d.csv"), out = dir.file("out");
  write_text(facilities, "site,lon,lat\ns1,104.06,30.66\n");
  write_text(demand, "id,lon,lat,pop\nd1,104.061,30.661,100\n");
  write_text(dir.file("empty.geojson"), "");
  write_text(dir.file("ids.csv"), "id\nd1\n");
  std::filesystem::create_directories(dir.file("folder"));
  const std::vector<std::pair<std::string, std::string>> cases{
      {dir.file("empty.geojson"), "is empty (0 bytes)"},
      {dir.file("ids.csv"), "one-column CSV"},
      {dir.file("folder"), "is a directory"}};
  for (const auto& [path, phrase] : cases) {
    SCOPED_TRACE(path);
    for (const std::string& args :
         {"layers '" + path + "'",
          "coverage --facilities '" + path + "' --category fitness --demand '" + demand + "' --within 800m --out '" + out + "'",
          "coverage --facilities '" + facilities + "' --category fitness --demand '" + path + "' --within 800m --out '" + out + "'"}) {
      const CliRun r = run_cli(dir, args);
      EXPECT_EQ(r.code, 3) << args << "\n" << r.err;
      EXPECT_TRUE(contains(r.err, path) && contains(r.err, phrase)) << r.err;
      EXPECT_FALSE(contains(r.err, kUnknown)) << r.err;
    }
  }
  // A facility CSV with only its header line: zero facilities, not an error.
  write_text(dir.file("none.csv"), "site,lon,lat\n");
  const CliRun r = run_cli(dir, "coverage --facilities '" + dir.file("none.csv") + "' --category fitness --demand '" + demand +
                                 "' --within 800m --out '" + out + "'");
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace lc::io

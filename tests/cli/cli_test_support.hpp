#pragma once
// Helpers for the end-to-end tests of the `lifecircle` binary: running it in a fresh folder,
// reading its outputs with GDAL, and an independent reading of an OSM extract through GDAL's
// DEFAULT OSM configuration (not data/osmconf.ini, not the io/ library).

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <cstdio>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lc::clitest {

// The repository root and the binary under test (compile definitions of the test target).
std::string source_dir();
std::string binary();
std::string chengdu_pbf();

// A fresh folder under the system temp folder, removed by the destructor unless keep() was called.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  void keep() { keep_ = true; }

 private:
  std::filesystem::path path_;
  bool keep_ = false;
};

struct RunResult;
RunResult run_lifecircle(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                         const std::filesystem::path& log_dir);

struct RunResult {
  int exit_code = -1;   // WEXITSTATUS, or -1 when the process did not exit normally
  std::string out;      // stdout
  std::string err;      // stderr
  std::string command;  // as given to the shell, for messages
};

// Runs `lifecircle args...` with its working directory `cwd`; stdout and stderr go to files in
// `log_dir` (which must not be the --out folder) and are read back.
RunResult run_lifecircle(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                         const std::filesystem::path& log_dir);

std::string read_text(const std::filesystem::path& path);

// A fixture for tests of the binary: a fresh folder per test, kept (and its path printed) when the
// test fails; `run` runs lifecircle in it.
template <class Base = ::testing::Test>
class CliTestBase : public Base {
 protected:
  void TearDown() override {
    if (::testing::Test::HasFailure()) {
      tmp_.keep();
      std::printf("[ kept ] outputs of the failed test in %s\n", tmp_.path().string().c_str());
    }
  }
  RunResult run(const std::vector<std::string>& args) { return run_lifecircle(args, tmp_.path(), tmp_.path()); }
  std::filesystem::path dir(const std::string& name) const { return tmp_ / name; }
  TempDir tmp_;
};
using CliTest = CliTestBase<>;
void write_text(const std::filesystem::path& path, const std::string& text);
nlohmann::json read_json(const std::filesystem::path& path);

// `summary` reports timings_s with each of `stages` (seconds >= 0) and a total that is their
// sum, and the thread count (>= 1; `threads` when > 0).
void expect_timings(const nlohmann::json& summary, const std::vector<std::string>& stages, int threads = 0);

// Names in `dir` that a failed run must not leave behind: the four outputs and any hidden
// (temporary) file. Empty when `dir` does not exist.
std::vector<std::string> leftover_outputs(const std::filesystem::path& dir);

// Number of features of the only layer of a vector file opened with GDALDataset::Open;
// -1 when GDAL cannot open it or it has not exactly one layer.
long long feature_count(const std::filesystem::path& path);

// ---------------------------------------------------------------------------------------------
// Independent reading of the OSM extract, GDAL default osmconf.ini.

// Parses a GDAL hstore text ("k"=>"v","k2"=>"v2") written plainly here (not OGRHStoreGetValue).
std::map<std::string, std::string> parse_hstore(const std::string& text);

struct OsmFacility {
  std::string id;       // node/N, way/N, relation/N
  std::string layer;    // points or multipolygons
  double lon = 0, lat = 0;          // points: the node
  std::string wkt;      // multipolygons: the geometry in EPSG:4326 lon/lat, as WKT
};

struct OsmCounts {
  std::map<std::string, long long> layer_features;  // every layer of the dataset
  // category -> facilities (points and multipolygons) whose tags match the category's rules
  std::map<std::string, std::vector<OsmFacility>> categories;
  // "key=value" -> {points, multipolygons} with that exact tag, for comparison with the README
  std::map<std::string, std::pair<long long, long long>> tag_counts;
  // Closed ways in `lines` with a healthcare or social_facility tag: data/osmconf.ini makes them
  // polygons (closed_ways_are_polygons lists both keys), GDAL's default does not.
  std::vector<std::string> closed_lines_with_health_or_social_tags;
};

// Reads the whole file once with GDALDataset::GetNextFeature (interleaved reading) and the default
// OSM configuration, classifying by the rules of the test brief (exact values):
//   health       amenity in (hospital, clinic, doctors) or healthcare in (hospital, clinic, doctor, centre)
//   elderly_care amenity=nursing_home, social_facility in (nursing_home, assisted_living),
//                social_facility:for in (senior, elderly)
//   fitness      leisure in (fitness_centre, sports_centre, pitch, fitness_station, sports_hall)
//   scenic       tourism in (attraction, viewpoint, museum) or leisure=park
OsmCounts count_osm_default(const std::string& pbf);

// ---------------------------------------------------------------------------------------------
// Outputs of a coverage run, reprojected to a metric CRS.

struct DemandRow {
  std::string id;
  double x = 0, y = 0, population = 0;
  std::map<std::string, bool> covered;
  std::map<std::string, long long> count;
  std::map<std::string, std::optional<double>> nearest_m;
  bool complete = false;
  double lon = 0, lat = 0;
};

struct FacilityRow {
  std::string id, category;
  double x = 0, y = 0;
  double lon = 0, lat = 0;
};

std::vector<DemandRow> read_demand(const std::filesystem::path& geojson, const std::vector<std::string>& categories,
                                   int metric_epsg);
std::vector<FacilityRow> read_facilities(const std::filesystem::path& geojson, int metric_epsg);

// Transforms lon/lat (EPSG:4326, lon first) to `epsg` metres and back.
void lonlat_to_metric(int epsg, double lon, double lat, double& x, double& y);
void metric_to_lonlat(int epsg, double x, double y, double& lon, double& lat);

// Distance in metres from (x, y) to a lon/lat WKT geometry reprojected to `epsg`.
double distance_to_wkt(int epsg, const std::string& wkt, double x, double y);

// ---------------------------------------------------------------------------------------------
// Writing small vector inputs with GDAL.

// One feature for write_vector: its geometry as WKT in the layer's CRS, string and real fields.
struct TestFeature {
  std::string wkt;
  std::vector<std::pair<std::string, std::string>> strings;
  std::vector<std::pair<std::string, double>> reals;
};

// The hand plans' layout: metres in EPSG:32650 counted from (kPlanX0, kPlanY0), a point and an
// axis-aligned box there as WKT.
inline constexpr double kPlanX0 = 400000, kPlanY0 = 3400000;
std::string plan_point(double x, double y);
std::string plan_box(double x0, double y0, double x1, double y1);

// Writes `features` with GDAL's GeoJSON driver in EPSG:`epsg` (the file states its CRS); the
// fields are those of the first feature. Throws std::runtime_error when GDAL fails.
void write_geojson(const std::filesystem::path& path, int epsg, const std::vector<TestFeature>& features);

// The hand-placed run the map tests draw: one fitness facility F (named `facility_name`) at
// (500000, 10000) in EPSG:32650 and three homes, d1 300 m east (20 people, covered within
// 1,000 m), d2 3 km east (10) and d3 at (-3000, 2000) m (5); `coverage --within 1000m` into
// dir/run. Returns the run.
RunResult run_hand_map_case(const std::filesystem::path& dir, const std::string& facility_name);

// ---------------------------------------------------------------------------------------------
// Reading a map's PNG back with GDAL's PNG driver.

struct Pixels {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb[3];
  std::array<int, 3> at(int x, int y) const;  // red, green, blue of pixel (x, y)
};

// Throws std::runtime_error when GDAL cannot read it.
Pixels read_png(const std::filesystem::path& path);

// Each of red, green and blue within `tol` of the other's.
bool near(std::array<int, 3> a, std::array<int, 3> b, int tol);

}  // namespace lc::clitest

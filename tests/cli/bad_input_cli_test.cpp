// The bad-input corpus (tests/bad_input/, and a few inputs made here where they would be large or
// are better made than stored): every case runs the binary, and asserts its exit code (2 usage,
// 3 input data; never 4, never 0), that the message names what is wrong (the file, feature,
// field or option), and that --out holds no new file afterwards (a folder that held one file
// before still holds exactly it, unchanged).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct BadCase {
  const char* name;
  std::vector<std::string> args;  // {corpus}, {data} (the bundled extract), {tmp} (the test's folder)
  int exit_code;
  std::vector<std::string> said;  // each must be in the message
};

std::string corpus() { return source_dir() + "/tests/bad_input"; }

std::vector<std::string> expand(const std::vector<std::string>& args, const fs::path& tmp) {
  std::vector<std::string> out;
  for (std::string a : args) {
    for (const auto& [key, value] : {std::pair<std::string, std::string>{"{corpus}", corpus()},
                                     {"{data}", chengdu_pbf()},
                                     {"{tmp}", tmp.string()}}) {
      for (std::size_t at = a.find(key); at != std::string::npos; at = a.find(key)) a.replace(at, key.size(), value);
    }
    out.push_back(a);
  }
  return out;
}

// Every file under `dir` with its size: what a run may not change.
std::set<std::pair<std::string, std::uintmax_t>> listing(const fs::path& dir) {
  std::set<std::pair<std::string, std::uintmax_t>> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    out.insert({fs::relative(e.path(), dir).string(), e.is_regular_file() ? e.file_size() : 0});
  }
  return out;
}

const std::string kCov = "coverage";
const std::string kGrid = source_dir() + "/data/chengdu_grid_districts.geojson";
const std::vector<BadCase> kCases = {
    // Census tables by sub-district (--census), joined to the bundled district grid.
    {"CensusDuplicateName", {kCov, "--facilities", "{corpus}/gym.geojson", "--category", "fitness", "--demand", kGrid,
                             "--census", "{corpus}/census_duplicate.csv"}, 3,
     {"census_duplicate.csv", "rows with the same name", "line 2", "line 4", "'网格A1'", "column '名称'"}},
    {"CensusNoPopulationColumn", {kCov, "--facilities", "{corpus}/gym.geojson", "--category", "fitness", "--demand", kGrid,
                                  "--census", "{corpus}/census_no_population.csv"}, 3,
     {"census_no_population.csv", "no population column", "常住人口", "人口总数", "--census-population-field"}},
    {"CensusNamedColumnMissing", {kCov, "--facilities", "{corpus}/gym.geojson", "--category", "fitness", "--demand", kGrid,
                                  "--census", "{corpus}/census_not_a_number.csv", "--census-population-field", "户籍人口"}, 3,
     {"census_not_a_number.csv", "'户籍人口'", "no such column", "名称, 常住人口"}},
    {"CensusPopulationNotANumber", {kCov, "--facilities", "{corpus}/gym.geojson", "--category", "fitness", "--demand", kGrid,
                                    "--census", "{corpus}/census_not_a_number.csv"}, 3,
     {"census_not_a_number.csv", "line 3", "field '常住人口'", "'12x4' is not a number"}},
    // Files that are not what they claim.
    {"EmptyFile", {kCov, "--facilities", "{corpus}/empty.geojson", "--category", "fitness", "--demand", "{corpus}/homes.geojson"}, 3,
     {"empty.geojson", "is empty"}},
    {"EmptyDirectory", {kCov, "--facilities", "{tmp}/a_folder", "--category", "fitness", "--demand", "{corpus}/homes.geojson"}, 3,
     {"a_folder", "is a directory"}},
    {"JsonNotGeoJson", {kCov, "--facilities", "{corpus}/not_geojson.json", "--category", "fitness", "--demand", "{corpus}/homes.geojson"}, 3,
     {"not_geojson.json", "not GeoJSON", "\"type\""}},
    {"RandomBytesAsPbf", {kCov, "--facilities", "{corpus}/random.osm.pbf", "--demand", "{corpus}/homes.geojson"}, 3,
     {"random.osm.pbf", "OSMHeader"}},
    {"RandomBytesAsGeoPackage", {kCov, "--facilities", "{corpus}/random.gpkg", "--category", "fitness", "--demand", "{corpus}/homes.geojson"}, 3,
     {"random.gpkg", "SQLite header"}},
    {"GeoPackageWithoutLayers", {kCov, "--facilities", "{tmp}/no_layers.gpkg", "--category", "fitness", "--demand", "{corpus}/homes.geojson"}, 3,
     {"no_layers.gpkg", "no layers"}},
    {"OneColumnCsv", {kCov, "--facilities", "{corpus}/one_column.csv", "--category", "fitness", "--demand", "{corpus}/homes.geojson"}, 3,
     {"one_column.csv", "one-column CSV"}},
    {"TruncatedPbf", {kCov, "--facilities", "{tmp}/cut.osm.pbf", "--demand", "{tmp}/cut.osm.pbf"}, 3, {"cut.osm.pbf", "truncated"}},
    {"MissingFile", {kCov, "--facilities", "{corpus}/no_such.geojson", "--category", "fitness", "--demand", "{corpus}/homes.geojson"}, 3,
     {"no_such.geojson", "no such file"}},
    {"GbkDbfWithoutCpg", {kCov, "--facilities", "{corpus}/gbk/facilities.shp", "--category-field", "kind", "--category-map",
                          "{corpus}/kind_map.yaml", "--demand", "{corpus}/homes.geojson"}, 3,
     {"facilities.shp", "field 'kind'", "not valid UTF-8", "--encoding CP936"}},
    // Values that cannot be right.
    {"Population1e300", {kCov, "--facilities", "{corpus}/gym.geojson", "--category", "fitness", "--demand",
                         "{corpus}/population_1e300.geojson", "--population-field", "pop"}, 3,
     {"population_1e300.geojson", "feature h2", "field 'pop'", "1e+300"}},
    {"Population30Digits", {kCov, "--facilities", "{corpus}/gym.geojson", "--category", "fitness", "--demand",
                            "{corpus}/population_30_digits.geojson", "--population-field", "pop"}, 3,
     {"population_30_digits.geojson", "feature h2", "field 'pop'", "beyond"}},
    {"WebMercatorForDistances", {kCov, "--facilities", "{corpus}/gym.geojson", "--category", "fitness", "--demand",
                                 "{corpus}/homes.geojson", "--crs", "EPSG:3857"}, 2, {"--crs EPSG:3857", "1.16", "EPSG:32648"}},
    {"EmptyRuleSet", {"check", "--rules", "{corpus}/empty_rules.yaml", "--facilities", "{corpus}/gym.geojson", "--category", "fitness",
                      "--demand", "{corpus}/homes.geojson"}, 3, {"empty_rules.yaml", "line 2", "empty"}},
    {"BrokenRuleFile", {"check", "--rules", "{corpus}/broken_rules.yaml", "--facilities", "{corpus}/gym.geojson", "--category", "fitness",
                        "--demand", "{corpus}/homes.geojson"}, 3, {"broken_rules.yaml", "line"}},
    {"BrokenTagMapping", {kCov, "--facilities", "{data}", "--demand", "{data}", "--tag-mapping", "{corpus}/broken_tag_mapping.yaml"}, 3,
     {"broken_tag_mapping.yaml", "line"}},
    {"CostMatrixNotANumber", {"propose", "--model", "pmedian", "--cost-matrix", "{corpus}/matrix_not_a_number.csv", "--demand",
                              "{corpus}/matrix_demand.csv", "--demand-id-field", "id", "--weight-field", "pop", "--add", "1"}, 3,
     {"matrix_not_a_number.csv", "line 3", "'cost'", "'abc'"}},
    // Options out of range, each named.
    {"InfiniteRadius", {kCov, "--facilities", "{corpus}/gym.geojson", "--category", "fitness", "--demand", "{corpus}/homes.geojson",
                        "--within", "1e306km"}, 2, {"--within", "1e306km", "1000km"}},
    {"InfiniteSpeed", {kCov, "--facilities", "{corpus}/gym.geojson", "--category", "fitness", "--demand", "{corpus}/homes.geojson",
                       "--mode", "walk", "--speed", "inf"}, 2, {"speed"}},
    {"TypoInACategoryThreshold", {kCov, "--facilities", "{corpus}/gym.geojson", "--category", "fitness", "--demand",
                                  "{corpus}/homes.geojson", "--within", "fitnes=10min"}, 2, {"--within", "fitnes"}},
    {"CandidateGridOfAMetre", {"propose", "--model", "mclp", "--facilities", "{data}", "--demand", "{data}", "--category", "fitness",
                               "--candidate-grid", "1m", "--add", "5"}, 2, {"--candidate-grid", "1m", "at least"}},
    {"CandidateGridZero", {"propose", "--model", "mclp", "--facilities", "{corpus}/gym.geojson", "--demand", "{corpus}/homes.geojson",
                           "--category", "fitness", "--candidate-grid", "0m", "--add", "1"}, 2, {"--candidate-grid"}},
    {"AddZero", {"propose", "--model", "mclp", "--facilities", "{corpus}/gym.geojson", "--demand", "{corpus}/homes.geojson",
                 "--category", "fitness", "--candidate-grid", "300m", "--add", "0"}, 2, {"--add"}},
    {"NegativeTimeLimit", {"propose", "--model", "mclp", "--facilities", "{corpus}/gym.geojson", "--demand", "{corpus}/homes.geojson",
                           "--category", "fitness", "--candidate-grid", "300m", "--add", "1", "--time-limit", "-1"}, 2, {"--time-limit"}},
    {"BufferZero", {"isochrones", "--facilities", "{data}", "--demand", "{data}", "--mode", "walk", "--buffer", "0"}, 2, {"--buffer 0"}},
    {"BufferZeroInCoverage", {kCov, "--facilities", "{data}", "--demand", "{data}", "--mode", "walk", "--buffer", "0"}, 2, {"--buffer 0"}},
    {"MaxSnapNegative", {kCov, "--facilities", "{data}", "--demand", "{data}", "--mode", "walk", "--max-snap", "-1"}, 2, {"--max-snap"}},
    {"CellSizeTooSmall", {kCov, "--facilities", "{data}", "--demand", "{data}", "--cell-size", "0.05"}, 2, {"--cell-size", "at least"}},
    {"ThreadsZero", {kCov, "--facilities", "{corpus}/gym.geojson", "--category", "fitness", "--demand", "{corpus}/homes.geojson",
                     "--threads", "0"}, 2, {"--threads"}},
    {"UnknownCategory", {kCov, "--facilities", "{data}", "--demand", "{data}", "--categories", "helth"}, 2, {"helth"}},
    {"MissingLayer", {"layers", "{data}", "--layer", "nosuch"}, 3, {"no layer 'nosuch'", "multipolygons"}},
};

class CliBadInput : public CliTest, public ::testing::WithParamInterface<BadCase> {};

TEST_P(CliBadInput, ClearErrorExitCodeAndNoOutput) {
  const BadCase& c = GetParam();
  // Inputs made here: an empty GeoPackage (a database with no table), a PBF cut short.
  if (c.name == std::string("GeoPackageWithoutLayers")) {
    GDALAllRegister();
    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    ASSERT_NE(gpkg, nullptr);
    GDALDatasetUniquePtr ds(gpkg->Create((tmp_ / "no_layers.gpkg").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(ds);
  }
  if (c.name == std::string("EmptyDirectory")) fs::create_directories(tmp_ / "a_folder");
  if (c.name == std::string("TruncatedPbf")) {
    std::ifstream in(chengdu_pbf(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(bytes.size(), 200000u);
    std::ofstream(tmp_ / "cut.osm.pbf", std::ios::binary) << bytes.substr(0, 200000);
  }
  const fs::path out = tmp_ / "out";
  fs::create_directories(out);
  std::ofstream(out / "earlier.txt") << "a file the run must leave alone\n";
  const auto before = listing(out);
  std::vector<std::string> args = expand(c.args, tmp_.path());
  if (args[0] != "layers") args.insert(args.end(), {"--out", out.string()});
  const RunResult r = run_lifecircle(args, tmp_.path(), tmp_.path());
  EXPECT_EQ(r.exit_code, c.exit_code) << r.command << "\n" << r.err;
  for (const std::string& s : c.said) EXPECT_NE(r.err.find(s), std::string::npos) << "'" << s << "' not in: " << r.err;
  EXPECT_EQ(listing(out), before) << r.command;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CliBadInput, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<BadCase>& i) { return std::string(i.param.name); });

// --demand out/demand.geojson --out out: refused, the input left as it was, nothing written.
TEST_F(CliTest, AnOutputThatIsAnInputIsRefused) {
  const fs::path out = tmp_ / "out";
  fs::create_directories(out);
  fs::copy_file(corpus() + "/homes.geojson", out / "demand.geojson");
  const std::string before = read_text(out / "demand.geojson");
  const RunResult r = run({"coverage", "--facilities", corpus() + "/gym.geojson", "--category", "fitness", "--demand",
                           (out / "demand.geojson").string(), "--population-field", "pop", "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("demand.geojson: is one of this run's inputs"), std::string::npos) << r.err;
  EXPECT_EQ(read_text(out / "demand.geojson"), before);
  EXPECT_EQ(listing(out).size(), 1u);
}

// The same GBK .dbf read with --encoding CP936: its Chinese names as written.
TEST_F(CliTest, GbkDbfReadWithEncoding) {
  const RunResult r = run({"coverage", "--facilities", corpus() + "/gbk/facilities.shp", "--category-field", "kind",
                           "--category-map", corpus() + "/kind_map.yaml", "--demand", corpus() + "/homes.geojson",
                           "--population-field", "pop", "--encoding", "CP936", "--out", (tmp_ / "out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names;
  const json fc = json::parse(read_text(tmp_ / "out" / "facilities.geojson"));
  for (const json& f : fc["features"]) names.push_back(f["properties"]["name"]);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"人民公园健身中心", "第二人民医院"}));
}

// A NaN and an infinite coordinate are skipped alike, each listed with its reason.
TEST_F(CliTest, NanAndInfiniteCoordinatesAlike) {
  const RunResult r = run({"coverage", "--facilities", corpus() + "/gym.geojson", "--category", "fitness", "--demand",
                           corpus() + "/nan_and_inf.geojson", "--population-field", "pop", "--out", (tmp_ / "out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json s = json::parse(read_text(tmp_ / "out" / "summary.json"));
  EXPECT_EQ(s["demand_points"], 1);
  ASSERT_EQ(s["skipped"]["count"], 2) << s["skipped"].dump();
  std::set<std::string> which;
  for (const json& k : s["skipped"]["features"]) {
    const std::string where = k["where"], reason = k["reason"];
    which.insert(where.substr(where.rfind(' ') + 1));
    EXPECT_NE(reason.find("NaN"), std::string::npos) << reason;  // the same words for both
  }
  EXPECT_EQ(which, (std::set<std::string>{"nan", "inf"}));
}

// Two facilities with one id: both kept, the second written as g#2, and a note says so.
TEST_F(CliTest, DuplicateIdsStayUnambiguous) {
  const RunResult r = run({"coverage", "--facilities", corpus() + "/duplicate_ids.geojson", "--category", "fitness", "--demand",
                           corpus() + "/homes.geojson", "--population-field", "pop", "--out", (tmp_ / "out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> ids;
  const json fc = json::parse(read_text(tmp_ / "out" / "facilities.geojson"));
  for (const json& f : fc["features"]) ids.insert(f["properties"]["id"]);
  EXPECT_EQ(ids, (std::set<std::string>{"g", "g#2"}));
  const std::string notes = json::parse(read_text(tmp_ / "out" / "summary.json"))["notes"].dump();
  EXPECT_NE(notes.find("repeating an id"), std::string::npos) << notes;
}

}  // namespace
}  // namespace lc::clitest

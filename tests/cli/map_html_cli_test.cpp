// Web maps of a run's folder (`lifecircle map DIR --html FILE`): a hand-placed coverage run (one
// fitness facility whose name would end a <script> element, three homes) written as a page, read
// back as text: one file that fetches nothing, the data block parsed as JSON, the legend's
// figures, --tiles, the options' errors. tests/browser/html_map_test.js opens the pages in Chromium.

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"
#include "api/map.hpp"
#include "io/map_html.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kEvil = "Gym </script><script>alert(1)</script> <!-- & \"x\"";

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The JSON of the page's <script type="application/json"> block.
json page_data(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"lifecircle-data\">";
  const std::size_t a = page.find(open);
  if (a == std::string::npos) return nullptr;
  const std::size_t b = page.find("</script>", a);
  return json::parse(page.substr(a + open.size(), b - a - open.size()));
}

class CliMapHtml : public CliTest {
 protected:
  void SetUp() override {
    const RunResult r = run_hand_map_case(tmp_.path(), kEvil);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult map(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"map", (tmp_ / "run").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_lifecircle(args, tmp_.path(), tmp_.path());
  }
};

TEST_F(CliMapHtml, OneSelfContainedPage) {
  const RunResult r = map({"--html", (tmp_ / "page.html").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("HTML map of"), std::string::npos) << r.out;
  const std::string page = read_text(tmp_ / "page.html");
  // Leaflet, its stylesheet and the data inline; nothing to fetch.
  EXPECT_NE(page.find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_NE(page.find("L.map("), std::string::npos);
  EXPECT_NE(page.find(".leaflet-container"), std::string::npos);
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("url(images/"), std::string::npos);
  EXPECT_NE(page.find("url(data:image/png;base64,"), std::string::npos);
  // Three scripts (data, Leaflet, the page's) and the facility's name never ends one.
  EXPECT_EQ(occurrences(page, "</script>"), 3u);
  EXPECT_EQ(occurrences(page, "<!--"), 0u);

  const json d = page_data(page);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["kind"], "coverage");
  EXPECT_EQ(d["tiles"], "");
  EXPECT_EQ(d["layers"]["demand"]["features"].size(), 3u);
  EXPECT_EQ(d["layers"]["facilities"]["features"].size(), 1u);
  EXPECT_EQ(d["layers"]["facilities"]["features"][0]["properties"]["name"], kEvil);
  EXPECT_EQ(d["layers"]["service_areas"]["features"].size(), 1u);
  EXPECT_TRUE(d["layers"]["demand_grid"].is_null());
  EXPECT_FALSE(d["demand_aggregated"].get<bool>());
  // The legend: 20 of 35 residents within 1,000 m.
  ASSERT_EQ(d["legend"]["lines"].size(), 1u);
  EXPECT_EQ(d["legend"]["lines"][0]["text"], "fitness: 57.1 % of 35 residents within 1,000 m");
  EXPECT_EQ(d["legend"]["bars"][0]["text"], "57.1 %");
  // No temporary file left next to the page.
  for (const auto& e : fs::directory_iterator(tmp_.path())) EXPECT_NE(e.path().filename().string()[0], '.') << e.path();
}

TEST_F(CliMapHtml, TilesAndPrintMapTogether) {
  const std::string tiles = "https://tiles.invalid/{z}/{x}/{y}.png";
  const RunResult r = map({"--out", (tmp_ / "map.png").string(), "--html", (tmp_ / "page.html").string(), "--tiles", tiles});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(tmp_ / "map.png"));
  EXPECT_EQ(page_data(read_text(tmp_ / "page.html"))["tiles"], tiles);
}

TEST_F(CliMapHtml, Errors) {
  const RunResult none = map({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("--html"), std::string::npos) << none.err;
  const RunResult tiles_alone = map({"--out", (tmp_ / "map.png").string(), "--tiles", "x/{z}/{x}/{y}.png"});
  EXPECT_EQ(tiles_alone.exit_code, 2);
  EXPECT_NE(tiles_alone.err.find("--tiles"), std::string::npos) << tiles_alone.err;
  const RunResult bad_tiles = map({"--html", (tmp_ / "p.html").string(), "--tiles", "tiles.png"});
  EXPECT_EQ(bad_tiles.exit_code, 2);
  EXPECT_NE(bad_tiles.err.find("{z}, {x} and {y}"), std::string::npos) << bad_tiles.err;
  const RunResult no_run =
      run_lifecircle({"map", tmp_.path().string(), "--html", (tmp_ / "p.html").string()}, tmp_.path(), tmp_.path());
  EXPECT_EQ(no_run.exit_code, 3);
  EXPECT_NE(no_run.err.find("summary.json"), std::string::npos) << no_run.err;

  // Leaflet missing: a clear error, no page.
  ::setenv("LIFECIRCLE_LEAFLET_DIR", (tmp_ / "no-leaflet").c_str(), 1);
  const RunResult no_leaflet = map({"--html", (tmp_ / "p.html").string()});
  ::unsetenv("LIFECIRCLE_LEAFLET_DIR");
  EXPECT_EQ(no_leaflet.exit_code, 3);
  EXPECT_NE(no_leaflet.err.find("Leaflet not found"), std::string::npos) << no_leaflet.err;
  EXPECT_NE(no_leaflet.err.find("npm ci --prefix web"), std::string::npos) << no_leaflet.err;
  EXPECT_FALSE(fs::exists(tmp_ / "p.html"));
}

// --bbox: the page opens on that box ([[south, west], [north, east]] for Leaflet); --districts on a
// folder without districts is a usage error, and --lang takes en or zh only.
TEST_F(CliMapHtml, ZoomToAPartAndLanguage) {
  const RunResult r = map({"--html", (tmp_ / "part.html").string(), "--bbox", "114.0,0.05,114.01,0.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(page_data(read_text(tmp_ / "part.html"))["view"], json::parse("[[0.05, 114.0], [0.1, 114.01]]"));
  const RunResult whole = map({"--html", (tmp_ / "whole.html").string()});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_TRUE(page_data(read_text(tmp_ / "whole.html"))["view"].is_null());
  const RunResult no_districts = map({"--html", (tmp_ / "d.html").string(), "--districts", "A"});
  EXPECT_EQ(no_districts.exit_code, 2);
  EXPECT_NE(no_districts.err.find("no districts.geojson"), std::string::npos) << no_districts.err;
  const RunResult upside_down = map({"--html", (tmp_ / "u.html").string(), "--bbox", "114.01,0.05,114.0,0.1"});
  EXPECT_EQ(upside_down.exit_code, 2);
  EXPECT_NE(upside_down.err.find("min below max"), std::string::npos) << upside_down.err;
  const RunResult fr = map({"--html", (tmp_ / "fr.html").string(), "--lang", "fr"});
  EXPECT_EQ(fr.exit_code, 2);
  EXPECT_NE(fr.err.find("--lang 'fr'"), std::string::npos) << fr.err;
  EXPECT_FALSE(fs::exists(tmp_ / "d.html") || fs::exists(tmp_ / "u.html") || fs::exists(tmp_ / "fr.html"));
  const RunResult zh = map({"--html", (tmp_ / "zh.html").string(), "--lang", "zh"});
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  const json d = page_data(read_text(tmp_ / "zh.html"));
  EXPECT_EQ(d["words"]["lang"], "zh");
  EXPECT_EQ(d["names"]["fitness"], "体育健身");
  EXPECT_EQ(d["colours"]["fitness"], "#009e73");  // fitness's colour on every map
  ASSERT_FALSE(d["legend"]["lines"].empty());
  EXPECT_EQ(d["legend"]["lines"][0]["text"], "体育健身：35 名居民中 57.1 % 在 1,000 米 内");
}

// More than the threshold of demand points: grid cells with population sums, said in the legend.
TEST_F(CliMapHtml, LargeDemandAsGridCells) {
  api::HtmlMapRequest r;
  r.run_dir = (tmp_ / "run").string();
  r.html.out_path = (tmp_ / "grid.html").string();
  r.demand_grid_above = 2;
  EXPECT_EQ(io::demand_to_grid(r.run_dir, 3).size(), 0u);  // not more than 3: the points, nothing read
  const io::HtmlMap m = api::html_map(r);
  EXPECT_TRUE(m.demand_aggregated);
  EXPECT_EQ(m.demand_points, 3u);
  const json d = page_data(read_text(tmp_ / "grid.html"));
  EXPECT_TRUE(d["layers"]["demand"].is_null());
  const json& cells = d["layers"]["demand_grid"]["features"];
  EXPECT_EQ(cells.size(), 3u);  // 250 m cells, homes kilometres apart
  double population = 0;
  for (const json& c : cells) population += c["properties"]["population"].get<double>();
  EXPECT_DOUBLE_EQ(population, 35.0);
  ASSERT_EQ(d["legend"]["notes"].size(), 1u);
  EXPECT_NE(d["legend"]["notes"][0].get<std::string>().find("3 demand points: drawn as 3 grid cells of about 250 m"),
            std::string::npos)
      << d["legend"]["notes"][0];
}

TEST(MapHtml, ScriptSafeJson) {
  EXPECT_EQ(io::script_safe_json(R"({"n":"</script><!--"})"), R"({"n":"\u003c/script>\u003c!--"})");
  EXPECT_EQ(json::parse(io::script_safe_json(json{{"n", "</script>"}}.dump()))["n"], "</script>");
}

}  // namespace
}  // namespace lc::clitest

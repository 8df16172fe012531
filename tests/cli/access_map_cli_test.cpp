// Maps of an access run's folder (`lifecircle map`, `access --map/--html`): hand-placed plans in
// EPSG:32650 metres whose per-point values are derived here, their classes worked out by hand,
// the print map read back pixel by pixel (GDAL's PNG driver) and the web page's data block parsed.
// Colours: viridis (matplotlib's table at 0, 1/4, 1/2, 3/4, 1: (68,1,84), (59,81,139),
// (33,144,141), (92,200,99), (253,231,37)) from the best range to the least, 0 with no facility in
// reach (213,94,0), 0 with facilities in reach (240,150,110), no value (160,160,160).

#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/map.hpp"
#include "cli_test_support.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double X0 = kPlanX0, Y0 = kPlanY0;
using Rgb = std::array<int, 3>;
const Rgb kV0{68, 1, 84}, kV25{59, 81, 139}, kV50{33, 144, 141}, kV75{92, 200, 99}, kV100{253, 231, 37};
const Rgb kNone{213, 94, 0}, kFull{240, 150, 110}, kGrey{160, 160, 160}, kBackground{247, 245, 240};

std::string point(double x, double y) { return plan_point(x, y); }
std::string box(double x0, double y0, double x1, double y1) { return plan_box(x0, y0, x1, y1); }

// Four clinics on the line y = 0: A at 0 (10 beds), B at 1500 (20), C at 3000 (40), D at 4500
// (80). Homes (x, y, people) and the beds within 1,000 m (straight line):
//   h1 (-600, 0)   100  A 600 m                         10
//   h2 (750, 0)    200  A 750, B 750                    30
//   h3 (1500, 600) 100  B 600 (A, C 1,615 m)            20
//   h4 (2250, 0)   100  B 750, C 750                    60
//   h5 (3000, 700) 150  C 700 (B, D 1,655 m)            40
//   h6 (3750, 0)   100  C 750, D 750                   120
//   h7 (4500, -800) 50  D 800 (C 1,700 m)               80
//   h8 (7000, 0)   100  none (D 2,500 m)                 0
// Districts West x in [-1000, 2000] (h1, h2, h3) and East [2000, 7500] (h4 to h8), y in
// [-1000, 1000].
struct Home {
  const char* id;
  double x, y, people, beds;
};
const Home kHomes[] = {{"h1", -600, 0, 100, 10},   {"h2", 750, 0, 200, 30},    {"h3", 1500, 600, 100, 20},
                       {"h4", 2250, 0, 100, 60},   {"h5", 3000, 700, 150, 40}, {"h6", 3750, 0, 100, 120},
                       {"h7", 4500, -800, 50, 80}, {"h8", 7000, 0, 100, 0}};

void write_plan(const fs::path& dir) {
  write_geojson(dir / "sites.geojson", 32650,
                {{point(0, 0), {{"id", "A"}, {"kind", "clinic"}}, {{"beds", 10}}},
                 {point(1500, 0), {{"id", "B"}, {"kind", "clinic"}}, {{"beds", 20}}},
                 {point(3000, 0), {{"id", "C"}, {"kind", "clinic"}}, {{"beds", 40}}},
                 {point(4500, 0), {{"id", "D"}, {"kind", "clinic"}}, {{"beds", 80}}}});
  std::vector<TestFeature> homes;
  for (const Home& h : kHomes) homes.push_back({point(h.x, h.y), {{"id", h.id}}, {{"pop", h.people}}});
  write_geojson(dir / "homes.geojson", 32650, homes);
  write_geojson(dir / "districts.geojson", 32650,
                {{box(-1000, -1000, 2000, 1000), {{"name", "West"}}, {}},
                 {box(2000, -1000, 7500, 1000), {{"name", "East"}}, {}}});
  write_text(dir / "map.yaml", "clinic: health\ngym: fitness\n");
}

// The classes of the beds within reach, by hand. Above 0, sorted with their people: 10 (100),
// 20 (100), 30 (200), 40 (150), 60 (100), 80 (50), 120 (100); cumulative 100, 200, 400, 550,
// 650, 700, 800. Fifths of 800 (160, 320, 480, 640) are first reached at 20, 30, 40 and 60, each
// already two significant digits: ranges (0, 20], (20, 30], (30, 40], (40, 60], (60, inf), then
// 0 (h8). Their people: 200 (h1, h3), 200 (h2), 150 (h5), 100 (h4), 150 (h6, h7), 100 (h8), of
// 900: 22.2 %, 22.2 %, 16.7 %, 11.1 %, 16.7 %, 11.1 %.
std::size_t beds_class(double beds) {
  if (beds == 0) return 5;
  return beds <= 20 ? 0 : beds <= 30 ? 1 : beds <= 40 ? 2 : beds <= 60 ? 3 : 4;
}
// The best range (most beds) darkest.
const Rgb kBedsColours[] = {kV100, kV75, kV50, kV25, kV0, kNone};

// The pixel of a point given in the plans' metres on a print map.
std::pair<int, int> pixel(const io::PrintMap& m, double x, double y) {
  const double px = m.body_x + (X0 + x - m.min_x) / (m.max_x - m.min_x) * m.body_width;
  const double py = m.body_y + (m.max_y - (Y0 + y)) / (m.max_y - m.min_y) * m.body_height;
  return {static_cast<int>(std::floor(px)), static_cast<int>(std::floor(py))};
}

std::string rgb_text(Rgb c) { return std::to_string(c[0]) + "," + std::to_string(c[1]) + "," + std::to_string(c[2]); }

// The JSON of a page's <script type="application/json"> block.
json page_data(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"lifecircle-data\">";
  const std::size_t a = page.find(open);
  if (a == std::string::npos) return nullptr;
  const std::size_t b = page.find("</script>", a);
  return json::parse(page.substr(a + open.size(), b - a - open.size()));
}

class CliAccessMap : public CliTest {
 protected:
  std::vector<std::string> plan_args(const std::string& out, std::vector<std::string> more) {
    std::vector<std::string> args{"access",
                                  "--facilities",
                                  (tmp_ / "sites.geojson").string(),
                                  "--category-field",
                                  "kind",
                                  "--category-map",
                                  (tmp_ / "map.yaml").string(),
                                  "--demand",
                                  (tmp_ / "homes.geojson").string(),
                                  "--population-field",
                                  "pop",
                                  "--crs",
                                  "EPSG:32650",
                                  "--out",
                                  (tmp_ / out).string()};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }
  // The cumulative beds within 1,000 m, by districts, with both maps drawn at the end of the run.
  void run_beds() {
    write_plan(tmp_.path());
    const RunResult r =
        run(plan_args("run", {"--measure", "cumulative", "--within", "1000m", "--supply-field", "beds", "--categories",
                              "health", "--districts", (tmp_ / "districts.geojson").string(), "--map",
                              (tmp_ / "run" / "map.png").string(), "--html", (tmp_ / "run" / "map.html").string()}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_NE(r.out.find("Map: "), std::string::npos) << r.out;
    ASSERT_NE(r.out.find("Web map: "), std::string::npos) << r.out;
  }
  io::PrintMap draw(const std::string& run_dir, const std::string& file, api::MeasureChoice choice = {},
                    std::size_t grid_above = 100000) {
    api::MapRequest q;
    q.run_dir = (tmp_ / run_dir).string();
    q.print.out_path = (tmp_ / file).string();
    q.print.dpi = 100;
    q.measure = choice;
    q.demand_grid_above = grid_above;
    return api::map(q);
  }
  // The colour at the point's pixel, or the first within 1 px of it that matches (antialiased
  // edges of a 5.5 px dot).
  static bool colour_at(const Pixels& p, std::pair<int, int> at, Rgb want, int tol = 8) {
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx)
        if (near(p.at(at.first + dx, at.second + dy), want, tol)) return true;
    return false;
  }
};

TEST_F(CliAccessMap, BedsInReachByClassOnThePrintMap) {
  run_beds();
  // The run's values are the ones derived above.
  std::map<std::string, double> beds;
  const json demand = read_json(tmp_ / "run" / "demand.geojson");  // kept: the loop runs over a part of it
  for (const json& f : demand["features"]) {
    beds[f["properties"]["id"].get<std::string>()] = f["properties"]["health_cumulative"].get<double>();
  }
  for (const Home& h : kHomes) EXPECT_EQ(beds.at(h.id), h.beds) << h.id;

  // The classes the maps use.
  const MeasureMap mm = api::measure_map((tmp_ / "run").string(), {}, 100000, 250.0);
  EXPECT_EQ(mm.category, "health");  // the only category, with facilities
  EXPECT_EQ(mm.column, "health_cumulative");
  ASSERT_EQ(mm.classes.classes.size(), 6u);
  const double uppers[] = {20, 30, 40, 60};
  for (std::size_t k = 0; k < 4; ++k) EXPECT_EQ(mm.classes.classes[k].upper, uppers[k]) << k;
  EXPECT_TRUE(std::isinf(mm.classes.classes[4].upper));
  EXPECT_EQ(mm.classes.classes[5].kind, ClassKind::zero_out_of_reach);
  const double people[] = {200, 200, 150, 100, 150, 100};
  for (std::size_t k = 0; k < 6; ++k) EXPECT_DOUBLE_EQ(mm.classes.classes[k].weight, people[k]) << k;

  // The map drawn at the end of the run (A4 at 200 dpi) and the same again at 100 dpi.
  EXPECT_EQ(read_png(tmp_ / "run" / "map.png").width, 2339);
  const io::PrintMap m = draw("run", "beds.png");
  EXPECT_EQ(m.title, "Cumulative opportunities: health");
  ASSERT_EQ(m.class_colours.size(), 6u);
  for (std::size_t k = 0; k < 6; ++k) EXPECT_EQ(m.class_colours[k], kBedsColours[k]) << k;
  ASSERT_GE(m.legend.size(), 10u);
  EXPECT_EQ(m.legend[0], "health: cumulative opportunities, in beds within the catchment");
  EXPECT_EQ(m.legend[1],
            "Classes: population-weighted quantiles of the values above 0 (the share of the residents in each)");
  EXPECT_EQ(m.legend[2], "≤ 20 (22.2 %)");
  EXPECT_EQ(m.legend[3], "20–30 (22.2 %)");
  EXPECT_EQ(m.legend[4], "30–40 (16.7 %)");
  EXPECT_EQ(m.legend[5], "40–60 (11.1 %)");
  EXPECT_EQ(m.legend[6], "> 60 (16.7 %)");
  EXPECT_EQ(m.legend[7], "0: no facility in reach (11.1 %)");
  // Weighted mean over the 900 people: (1,000 + 6,000 + 2,000 + 6,000 + 6,000 + 12,000 + 4,000) / 900.
  EXPECT_EQ(m.legend[8].rfind("Mean 41.1, Gini ", 0), 0u) << m.legend[8];
  EXPECT_EQ(m.legend[9], "Districts: 2, outlined");
  EXPECT_EQ(m.legend[10], "health facilities: 4, dot area by beds (largest 80)");

  // Every home is drawn in its class's colour where its coordinates put it.
  const Pixels p = read_png(tmp_ / "beds.png");
  for (const Home& h : kHomes) {
    const Rgb want = kBedsColours[beds_class(h.beds)];
    const auto at = pixel(m, h.x, h.y);
    EXPECT_TRUE(colour_at(p, at, want)) << h.id << ": " << rgb_text(p.at(at.first, at.second)) << ", want "
                                        << rgb_text(want);
  }
  // A clinic: white, ringed in near-black; between homes and clinics, the background.
  const auto d = pixel(m, 4500, 0);
  EXPECT_TRUE(near(p.at(d.first, d.second), {255, 255, 255}, 6)) << rgb_text(p.at(d.first, d.second));
  const auto empty = pixel(m, 6000, 500);
  EXPECT_TRUE(near(p.at(empty.first, empty.second), kBackground, 3)) << rgb_text(p.at(empty.first, empty.second));

  // In Chinese: the same classes in the planning terms.
  api::MapRequest zh;
  zh.run_dir = (tmp_ / "run").string();
  zh.print.out_path = (tmp_ / "zh.png").string();
  zh.print.dpi = 72;
  zh.print.lang = "zh";
  const io::PrintMap z = api::map(zh);
  EXPECT_EQ(z.title, "医疗卫生设施可达性：累积机会");
  EXPECT_EQ(z.legend[0], "医疗卫生：累积机会，单位：服务范围内的beds");
  EXPECT_EQ(z.legend[7], "0：范围内无设施 (11.1 %)");
}

// --by districts: each district filled by the class of its mean. West (h1, h2, h3):
// (100 x 10 + 200 x 30 + 100 x 20) / 400 = 22.5, in (20, 30]; East (h4 to h8): (6,000 + 6,000 +
// 12,000 + 4,000 + 0) / 500 = 56, in (40, 60]. The fill is 0.75 opaque over the background:
// West 0.75 x (92, 200, 99) + 0.25 x (247, 245, 240) = (131, 211, 134); East 0.75 x (59, 81, 139)
// + 0.25 x (247, 245, 240) = (106, 122, 164).
TEST_F(CliAccessMap, DistrictsFilledByTheClassOfTheirMean) {
  run_beds();
  const io::PrintMap m = draw("run", "districts.png", {"", true});
  EXPECT_NE(std::find(m.layers.begin(), m.layers.end(), "districts by class"), m.layers.end());
  EXPECT_EQ(std::find(m.layers.begin(), m.layers.end(), "demand by class"), m.layers.end());
  const Pixels p = read_png(tmp_ / "districts.png");
  const auto west = pixel(m, 250, -600), east = pixel(m, 5500, -600);
  EXPECT_TRUE(near(p.at(west.first, west.second), {131, 211, 134}, 4)) << rgb_text(p.at(west.first, west.second));
  EXPECT_TRUE(near(p.at(east.first, east.second), {106, 122, 164}, 4)) << rgb_text(p.at(east.first, east.second));
  EXPECT_EQ(m.legend[9], "Districts: 2, filled by the class of their mean");

  // The web page: the districts' means and classes, and the points in a layer that starts hidden.
  api::HtmlMapRequest h;
  h.run_dir = (tmp_ / "run").string();
  h.html.out_path = (tmp_ / "districts.html").string();
  h.measure.by_districts = true;
  api::html_map(h);
  const json d = page_data(read_text(tmp_ / "districts.html"));
  EXPECT_TRUE(d["access"]["by_districts"].get<bool>());
  const json& districts = d["layers"]["districts"]["features"];
  ASSERT_EQ(districts.size(), 2u);
  EXPECT_EQ(districts[0]["properties"]["name"], "West");
  EXPECT_DOUBLE_EQ(districts[0]["properties"]["lc_mean"].get<double>(), 22.5);
  EXPECT_EQ(districts[0]["properties"]["lc_class"], 1);
  EXPECT_DOUBLE_EQ(districts[1]["properties"]["lc_mean"].get<double>(), 56.0);
  EXPECT_EQ(districts[1]["properties"]["lc_class"], 3);
}

TEST_F(CliAccessMap, WebPageHasTheClassesOfEveryPoint) {
  run_beds();
  const std::string page = read_text(tmp_ / "run" / "map.html");
  const json d = page_data(page);
  ASSERT_TRUE(d.is_object());
  EXPECT_EQ(d["kind"], "access");
  EXPECT_EQ(d["title"], "Cumulative opportunities: health – run");
  const json& a = d["access"];
  EXPECT_EQ(a["column"], "health_cumulative");
  ASSERT_EQ(a["classes"].size(), 6u);
  const char* labels[] = {"≤ 20", "20–30", "30–40", "40–60", "> 60", "0: no facility in reach"};
  const char* shares[] = {"22.2 %", "22.2 %", "16.7 %", "11.1 %", "16.7 %", "11.1 %"};
  const char* colours[] = {"#fde725", "#5cc863", "#21908d", "#3b518b", "#440154", "#d55e00"};
  for (std::size_t k = 0; k < 6; ++k) {
    EXPECT_EQ(a["classes"][k]["label"], labels[k]) << k;
    EXPECT_EQ(a["classes"][k]["share_text"], shares[k]) << k;
    EXPECT_EQ(a["classes"][k]["colour"], colours[k]) << k;
  }
  std::map<std::string, std::size_t> want;
  for (const Home& h : kHomes) want[h.id] = beds_class(h.beds);
  const json& demand = d["layers"]["demand"]["features"];
  ASSERT_EQ(demand.size(), 8u);
  for (const json& f : demand) {
    const std::string id = f["properties"]["id"];
    EXPECT_EQ(f["properties"]["lc_class"], want.at(id)) << id;
  }
  EXPECT_EQ(d["layers"]["facilities"]["features"].size(), 4u);
  EXPECT_DOUBLE_EQ(a["largest_supply"].get<double>(), 80.0);
  EXPECT_EQ(a["facilities_line"], "health facilities: 4, dot area by beds (largest 80)");
  EXPECT_EQ(a["districts_line"], "Districts: 2, outlined");
  // The labels are in the page as the legend shows them (JSON text in the data block).
  EXPECT_NE(page.find("\"label\":\"40–60\""), std::string::npos);

  // In Chinese.
  const RunResult zh = run({"map", (tmp_ / "run").string(), "--html", (tmp_ / "zh.html").string(), "--lang", "zh"});
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  const json z = page_data(read_text(tmp_ / "zh.html"));
  EXPECT_EQ(z["access"]["classes"][5]["label"], "0：范围内无设施");
  EXPECT_EQ(z["words"]["gini"], "基尼系数");
}

// More demand points than the grid's threshold (2 here): both maps draw 250 m cells, each classed
// by the weighted mean of its points. The homes are 600 m or more apart, one to a cell, so a
// cell's mean is its home's beds. h6's cell (120 beds, the best range) is filled 0.85 opaque:
// 0.85 x (68, 1, 84) + 0.15 x (247, 245, 240) = (95, 38, 107).
TEST_F(CliAccessMap, LargeDemandAsCells) {
  run_beds();
  const io::PrintMap m = draw("run", "cells.png", {}, 2);
  EXPECT_NE(std::find(m.layers.begin(), m.layers.end(), "demand by class (grid)"), m.layers.end());
  bool said = false;
  for (const std::string& l : m.legend)
    said = said || l.rfind("8 demand points drawn as 8 cells of about 250 m", 0) == 0;
  EXPECT_TRUE(said);
  const Pixels p = read_png(tmp_ / "cells.png");
  const auto at = pixel(m, 3750, 0);
  EXPECT_TRUE(near(p.at(at.first, at.second), {95, 38, 107}, 4)) << rgb_text(p.at(at.first, at.second));

  api::HtmlMapRequest h;
  h.run_dir = (tmp_ / "run").string();
  h.html.out_path = (tmp_ / "cells.html").string();
  h.demand_grid_above = 2;
  const io::HtmlMap page = api::html_map(h);
  EXPECT_TRUE(page.demand_aggregated);
  EXPECT_EQ(page.demand_points, 8u);
  const json d = page_data(read_text(tmp_ / "cells.html"));
  EXPECT_TRUE(d["layers"]["demand"].is_null());
  const json& cells = d["layers"]["demand_grid"]["features"];
  ASSERT_EQ(cells.size(), 8u);
  std::map<double, std::size_t> by_value;
  for (const json& c : cells)
    by_value[c["properties"]["value"].get<double>()] = c["properties"]["lc_class"].get<std::size_t>();
  for (const Home& h8 : kHomes) EXPECT_EQ(by_value.at(h8.beds), beds_class(h8.beds)) << h8.id;
}

// The line of access_cli_test.cpp (health A at 0 with 10 beds and priority 1, B at 1500 with 50
// and 2; fitness F at 2000; homes d1 -700 (100 people), d2 600 (200), d3 1200 (300), d4 3000
// (50)), with the values that test derives.
void write_line(const fs::path& dir) {
  write_geojson(dir / "sites.geojson", 32650,
                {{point(0, 0), {{"id", "A"}, {"kind", "clinic"}}, {{"beds", 10}, {"prio", 1}}},
                 {point(1500, 0), {{"id", "B"}, {"kind", "clinic"}}, {{"beds", 50}, {"prio", 2}}},
                 {point(2000, 0), {{"id", "F"}, {"kind", "gym"}}, {{"beds", 0}, {"prio", 3}}}});
  write_geojson(dir / "homes.geojson", 32650,
                {{point(-700, 0), {{"id", "d1"}}, {{"pop", 100}}},
                 {point(600, 0), {{"id", "d2"}}, {{"pop", 200}}},
                 {point(1200, 0), {{"id", "d3"}}, {{"pop", 300}}},
                 {point(3000, 0), {{"id", "d4"}}, {{"pop", 50}}}});
  write_text(dir / "map.yaml", "clinic: health\ngym: fitness\n");
}

// Proximity time at 1 m/s, searched to 30 minutes: the mean over health and fitness is d1 not
// reached (F is 2,700 m away), d2 16.67, d3 9.17, d4 20.83 minutes. Fixed classes of minutes,
// fewest darkest, ending at the search limit: <= 5, 5-10, 10-15, 15-20, 20-30 and not reached:
// d3 in 5-10, d2 in 15-20, d4 in 20-30, d1 grey. People: 300, 200, 50, 100 of 650.
TEST_F(CliAccessMap, ProximityMinutesInFixedClasses) {
  write_line(tmp_.path());
  const RunResult r = run(plan_args("px", {"--measure", "proximity", "--speed", "1"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const io::PrintMap m = draw("px", "px.png");
  EXPECT_EQ(m.title, "Proximity time: mean over health and fitness");
  ASSERT_EQ(m.class_colours.size(), 6u);
  const Rgb colours[] = {kV0, kV25, kV50, kV75, kV100, kGrey};
  for (std::size_t k = 0; k < 6; ++k) EXPECT_EQ(m.class_colours[k], colours[k]) << k;
  const char* entries[] = {"≤ 5 min (0.0 %)",   "5–10 min (46.2 %)",
                           "10–15 min (0.0 %)", "15–20 min (30.8 %)",
                           "20–30 min (7.7 %)", "not reached: a category beyond the search limit (15.4 %)"};
  for (std::size_t k = 0; k < 6; ++k) EXPECT_EQ(m.legend[2 + k], entries[k]) << k;
  // Proximity writes no facilities: none drawn.
  EXPECT_EQ(std::find(m.layers.begin(), m.layers.end(), "facilities"), m.layers.end());
  const Pixels p = read_png(tmp_ / "px.png");
  const std::pair<double, Rgb> at[] = {{-700, kGrey}, {600, kV75}, {1200, kV25}, {3000, kV100}};
  for (const auto& [x, want] : at) {
    EXPECT_TRUE(colour_at(p, pixel(m, x, 0), want))
        << "x " << x << ": " << rgb_text(p.at(pixel(m, x, 0).first, pixel(m, x, 0).second));
  }
  // --category health: d1 11.67, d2 10 (a bound belongs to the range below it: 5-10), d3 5
  // (<= 5), d4 25 (20-30); every point reached: no grey class.
  const io::PrintMap h = draw("px", "health.png", {"health", false});
  EXPECT_EQ(h.title, "Proximity time to health");
  ASSERT_EQ(h.class_colours.size(), 5u);
  EXPECT_EQ(h.legend[2], "≤ 5 min (46.2 %)");    // d3, 300
  EXPECT_EQ(h.legend[3], "5–10 min (30.8 %)");   // d2, 200
  EXPECT_EQ(h.legend[4], "10–15 min (15.4 %)");  // d1, 100
  EXPECT_EQ(h.legend[6], "20–30 min (7.7 %)");   // d4, 50
  const Pixels ph = read_png(tmp_ / "health.png");
  EXPECT_TRUE(colour_at(ph, pixel(h, 600, 0), kV25));
  EXPECT_TRUE(colour_at(ph, pixel(h, 1200, 0), kV0));
}

// Capacity, served in priority order (A first, 0.1 bed a person: A serves 100, B 500): A takes d2
// (600 m) 100 and is full, leaving d1, in reach of A only, unserved; B serves d3 and the rest of
// d2; d4 is out of reach. Share served: d1 0 with a facility in reach (the full one), d2 and d3
// 1, d4 0 with none. Classes: quarters above 0, then the two zeros. Four ranges spread over
// viridis at 1, 2/3, 1/3 and 0, the two inner ones between the table's entries: at 2/3, 1/3 of
// the way from (39,173,129) to (92,200,99): (57,182,119); at 1/3, 2/3 of the way from
// (59,81,139) to (44,113,142): (49,102,141).
TEST_F(CliAccessMap, CapacitySharesAndTheFullFacilities) {
  write_line(tmp_.path());
  const RunResult r = run(
      plan_args("cap", {"--measure", "capacity", "--within", "1000m", "--supply-field", "beds", "--places-per-person",
                        "0.1", "--categories", "health", "--priority-field", "prio", "--priority-ascending"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const io::PrintMap m = draw("cap", "cap.png");
  EXPECT_EQ(m.title, "Capacity-limited coverage of health");
  const char* entries[] = {"≤ 25 % (0.0 %)",
                           "25–50 % (0.0 %)",
                           "50–75 % (0.0 %)",
                           "75–100 % (76.9 %)",
                           "0 %: no facility in reach (7.7 %)",
                           "0 %: the facilities in reach are full (15.4 %)"};
  for (std::size_t k = 0; k < 6; ++k) EXPECT_EQ(m.legend[2 + k], entries[k]) << k;
  EXPECT_EQ(m.legend[8].rfind("Served: 76.9 % of residents; Gini ", 0), 0u) << m.legend[8];
  EXPECT_EQ(m.legend[9],
            "health facilities: 2, dot area by beds (largest 50), labelled with the share of their capacity used");
  const Rgb colours[] = {kV100, {57, 182, 119}, {49, 102, 141}, kV0, kNone, kFull};
  for (std::size_t k = 0; k < 6; ++k) EXPECT_EQ(m.class_colours[k], colours[k]) << k;
  const Pixels p = read_png(tmp_ / "cap.png");
  const std::pair<double, Rgb> at[] = {{-700, kFull}, {600, kV0}, {1200, kV0}, {3000, kNone}};
  for (const auto& [x, want] : at) {
    EXPECT_TRUE(colour_at(p, pixel(m, x, 0), want))
        << "x " << x << ": " << rgb_text(p.at(pixel(m, x, 0).first, pixel(m, x, 0).second));
  }
  // The web page's facilities carry what each serves.
  api::HtmlMapRequest h;
  h.run_dir = (tmp_ / "cap").string();
  h.html.out_path = (tmp_ / "cap.html").string();
  api::html_map(h);
  const json d = page_data(read_text(tmp_ / "cap.html"));
  std::map<std::string, double> used;
  for (const json& f : d["layers"]["facilities"]["features"])
    used[f["properties"]["id"]] = f["properties"]["capacity_used"];
  EXPECT_DOUBLE_EQ(used.at("A"), 1.0);  // 100 of 100
  EXPECT_DOUBLE_EQ(used.at("B"), 0.8);  // 400 of 500
}

TEST_F(CliAccessMap, OptionsAndErrors) {
  run_beds();
  const auto map = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"map", (tmp_ / "run").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  };
  const RunResult unknown = map({"--out", (tmp_ / "x.png").string(), "--category", "nonesuch"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--category 'nonesuch': the run in"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("has health"), std::string::npos) << unknown.err;
  const RunResult bad_by = map({"--html", (tmp_ / "x.html").string(), "--by", "blocks"});
  EXPECT_EQ(bad_by.exit_code, 2);
  EXPECT_NE(bad_by.err.find("--by 'blocks'"), std::string::npos) << bad_by.err;
  EXPECT_FALSE(fs::exists(tmp_ / "x.png") || fs::exists(tmp_ / "x.html"));
  // --by districts needs districts; --category and --by need an access run.
  fs::create_directories(tmp_ / "line");
  write_line(tmp_ / "line");
  ASSERT_EQ(run({"access", "--facilities", (tmp_ / "line" / "sites.geojson").string(), "--category-field", "kind",
                 "--category-map", (tmp_ / "line" / "map.yaml").string(), "--demand",
                 (tmp_ / "line" / "homes.geojson").string(), "--population-field", "pop", "--crs", "EPSG:32650",
                 "--out", (tmp_ / "nodistricts").string()})
                .exit_code,
            0);
  const RunResult no_districts =
      run({"map", (tmp_ / "nodistricts").string(), "--out", (tmp_ / "y.png").string(), "--by", "districts"});
  EXPECT_EQ(no_districts.exit_code, 2);
  EXPECT_NE(no_districts.err.find("no districts.geojson"), std::string::npos) << no_districts.err;
  ASSERT_EQ(run_hand_map_case(tmp_ / "line", "gym").exit_code, 0);  // a coverage run in line/run
  const RunResult coverage =
      run({"map", (tmp_ / "line" / "run").string(), "--out", (tmp_ / "z.png").string(), "--category", "fitness"});
  EXPECT_EQ(coverage.exit_code, 2);
  EXPECT_NE(coverage.err.find("go with an access run's folder"), std::string::npos) << coverage.err;
  // The coverage folder itself draws as before.
  const RunResult plain = run({"map", (tmp_ / "line" / "run").string(), "--out", (tmp_ / "z.png").string()});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  // --map on access with a format that is not GeoJSON: refused before the run.
  const RunResult gpkg = run(plan_args("gpkg", {"--format", "gpkg", "--map", (tmp_ / "g.png").string()}));
  EXPECT_EQ(gpkg.exit_code, 2);
  EXPECT_FALSE(fs::exists(tmp_ / "gpkg"));
}

}  // namespace
}  // namespace lc::clitest

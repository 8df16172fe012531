// Print maps of a run's folder: a hand-placed coverage run (one fitness facility, three homes, in
// EPSG:32650 metres, so the map's CRS is the fixture's own) drawn with `lifecircle map` and the
// API, read back pixel by pixel with GDAL's PNG driver. Expected colours are the palette's, blended
// by hand at the opacity the style states; positions follow from the extent the map reports.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <cairo.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/map.hpp"
#include "core/errors.hpp"
#include "cli_test_support.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;

constexpr double X0 = 500000, Y0 = 10000;

std::string pt(double x, double y) { return "POINT (" + std::to_string(X0 + x) + " " + std::to_string(Y0 + y) + ")"; }

// The ink of a label (grey pixels darker than `dark`) in a box of an image, cut to its bounding box
// and resampled to a kW x kH grid of ink fractions: a shape two renderings can be compared by.
constexpr int kW = 64, kH = 16;
struct InkShape {
  std::vector<double> v;  // empty: no ink
};

template <typename IsInk>
InkShape ink_shape(int x0, int y0, int x1, int y1, IsInk is_ink) {
  int bx0 = x1, by0 = y1, bx1 = x0 - 1, by1 = y0 - 1;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      if (is_ink(x, y)) bx0 = std::min(bx0, x), by0 = std::min(by0, y), bx1 = std::max(bx1, x), by1 = std::max(by1, y);
  InkShape s;
  if (bx1 < bx0) return s;
  s.v.assign(kW * kH, 0.0);
  std::vector<double> n(kW * kH, 0.0);
  for (int y = by0; y <= by1; ++y)
    for (int x = bx0; x <= bx1; ++x) {
      const int gx = std::min(kW - 1, (x - bx0) * kW / (bx1 - bx0 + 1));
      const int gy = std::min(kH - 1, (y - by0) * kH / (by1 - by0 + 1));
      s.v[gy * kW + gx] += is_ink(x, y) ? 1.0 : 0.0;
      n[gy * kW + gx] += 1.0;
    }
  for (int k = 0; k < kW * kH; ++k) s.v[k] = n[k] > 0 ? s.v[k] / n[k] : 0.0;
  return s;
}

// Pearson correlation of two shapes; 0 when either has no ink or no variance.
double correlation(const InkShape& a, const InkShape& b) {
  if (a.v.empty() || b.v.empty()) return 0.0;
  double ma = 0, mb = 0;
  for (int k = 0; k < kW * kH; ++k) ma += a.v[k], mb += b.v[k];
  ma /= kW * kH, mb /= kW * kH;
  double sab = 0, saa = 0, sbb = 0;
  for (int k = 0; k < kW * kH; ++k) {
    sab += (a.v[k] - ma) * (b.v[k] - mb), saa += (a.v[k] - ma) * (a.v[k] - ma), sbb += (b.v[k] - mb) * (b.v[k] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

// `text` drawn by cairo itself with the CJK font Debian installs (fonts-wqy-microhei), `px` pixels
// to the em, dark grey on white; glyph_zero: four of the font's glyph 0 instead, the boxes a
// renderer draws for characters a font lacks.
InkShape drawn_directly(const std::string& text, double px, bool glyph_zero = false) {
  const int w = static_cast<int>(px * 8), h = static_cast<int>(px * 2.5);
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 50 / 255.0, 50 / 255.0, 50 / 255.0);
  cairo_select_font_face(cr, "WenQuanYi Micro Hei", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, px);
  if (glyph_zero) {
    cairo_glyph_t g[4];
    for (int k = 0; k < 4; ++k) g[k] = {0, px * 0.5 + k * px, px * 1.7};
    cairo_show_glyphs(cr, g, 4);
  } else {
    cairo_move_to(cr, px * 0.5, px * 1.7);
    cairo_show_text(cr, text.c_str());
  }
  cairo_surface_flush(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const InkShape s = ink_shape(0, 0, w, h, [&](int x, int y) {
    const std::uint32_t p = *reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4);
    return static_cast<int>((p >> 16) & 0xff) < 160;
  });
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  return s;
}

class CliMap : public CliTest {
 protected:
  void SetUp() override {
    const RunResult r = run_hand_map_case(tmp_.path(), "健身中心");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  io::PrintMap draw(const std::string& file, double dpi = 100) {
    api::MapRequest q;
    q.run_dir = (tmp_ / "run").string();
    q.print.out_path = (tmp_ / file).string();
    q.print.dpi = dpi;
    return api::map(q);
  }
  // The pixel of a point given in the fixture's metres.
  static std::pair<int, int> pixel(const io::PrintMap& m, double x, double y) {
    const double px = m.body_x + (X0 + x - m.min_x) / (m.max_x - m.min_x) * m.body_width;
    const double py = m.body_y + (m.max_y - (Y0 + y)) / (m.max_y - m.min_y) * m.body_height;
    return {static_cast<int>(std::floor(px)), static_cast<int>(std::floor(py))};
  }
};

TEST_F(CliMap, PngSizeColoursAndPositions) {
  const io::PrintMap m = draw("map.png", 100);
  // A4 landscape at 100 dpi: 297 / 25.4 x 100 = 1169.3 -> 1169, 210 / 25.4 x 100 = 826.8 -> 827.
  EXPECT_EQ(m.width, 1169);
  EXPECT_EQ(m.height, 827);
  EXPECT_EQ(m.crs, "EPSG:32650");
  const Pixels p = read_png(tmp_ / "map.png");
  ASSERT_EQ(p.width, 1169);
  ASSERT_EQ(p.height, 827);

  const std::array<int, 3> background{247, 245, 240};
  // Inside the 1,000 m service area, 600 m north of F (no home, no road there): the fitness
  // colour, the palette's third (0, 158, 115) on every map, at 0.22 over the background:
  // 247 x 0.78 = 192.7, 245 x 0.78 + 158 x 0.22 = 225.9, 240 x 0.78 + 115 x 0.22 = 212.5.
  const auto [ix, iy] = pixel(m, 0, 600);
  EXPECT_TRUE(near(p.at(ix, iy), {193, 226, 212}, 4)) << p.at(ix, iy)[0] << "," << p.at(ix, iy)[1] << "," << p.at(ix, iy)[2];
  // 1,900 m north: outside every area, the background.
  const auto [ox, oy] = pixel(m, 0, 1900);
  EXPECT_TRUE(near(p.at(ox, oy), background, 2));
  // F's marker is drawn where its coordinates put it (within 2 px): the fitness colour, opaque.
  const auto [fx, fy] = pixel(m, 0, 0);
  bool found = false;
  for (int dy = -2; dy <= 2; ++dy)
    for (int dx = -2; dx <= 2; ++dx) found = found || near(p.at(fx + dx, fy + dy), {0, 158, 115}, 6);
  EXPECT_TRUE(found) << "no fitness-coloured pixel within 2 px of (" << fx << ", " << fy << ")";
  // Its Chinese name is drawn above it: dark pixels in the box over the marker.
  int glyph = 0;  // grey ink (the label's colour is 50, 50, 50), unlike the area's or the marker's
  for (int y = fy - 30; y < fy - 4; ++y) {
    for (int x = fx - 40; x <= fx + 40; ++x) {
      const auto c = p.at(x, y);
      glyph += c[0] < 200 && std::abs(c[0] - c[1]) < 25 && std::abs(c[1] - c[2]) < 25 ? 1 : 0;
    }
  }
  EXPECT_GT(glyph, 20);
  // The legend holds drawn text, and says the run's figure: 20 of 35 residents within 1,000 m.
  int ink = 0;
  for (int y = m.legend_y; y < m.legend_y + m.legend_height; ++y)
    for (int x = m.legend_x; x < m.legend_x + m.legend_width; ++x) ink += p.at(x, y)[0] < 128 ? 1 : 0;
  EXPECT_GT(ink, 500);
  ASSERT_FALSE(m.legend.empty());
  EXPECT_EQ(m.legend[0], "fitness: 57.1 % of 35 residents within 1,000 m");
}

// The Chinese name is drawn in its own glyphs, not as replacement boxes: the shape of its ink on the
// map (300 dpi) matches 健身中心 drawn directly with the font at the same size (Mapnik's 7.5 px to
// the em at 90.714 dpi: 7.5 x 300 / 90.714 = 24.8 px), and not the font's missing-glyph boxes nor
// other Chinese text of the same length.
TEST_F(CliMap, ChineseNameMatchesTheFontDrawnDirectly) {
  const io::PrintMap m = draw("name.png", 300);
  const Pixels p = read_png(tmp_ / "name.png");
  const auto [fx, fy] = pixel(m, 0, 0);
  const double px = 7.5 * 300 / 90.714;
  // The label sits over the marker (7 px up at 90.714 dpi, 23 px here); the marker's top is
  // 10 px above its centre.
  const InkShape on_map = ink_shape(fx - 4 * static_cast<int>(px), fy - 3 * static_cast<int>(px), fx + 4 * static_cast<int>(px),
                                    fy - 12, [&](int x, int y) {
                                      const auto c = p.at(x, y);
                                      return c[0] < 160 && std::abs(c[0] - c[1]) < 25 && std::abs(c[1] - c[2]) < 25;
                                    });
  ASSERT_FALSE(on_map.v.empty()) << "no label ink over the facility";
  const InkShape name = drawn_directly("健身中心", px), boxes = drawn_directly("", px, true),
                 other = drawn_directly("医疗卫生", px);
  const double r_name = correlation(on_map, name), r_boxes = correlation(on_map, boxes), r_other = correlation(on_map, other);
  // Measured here: 0.995 for the name, 0.08 for the other text, -0.02 for the boxes.
  EXPECT_GT(r_name, 0.9) << "boxes " << r_boxes << ", other text " << r_other;
  EXPECT_LT(r_boxes, 0.5) << "name " << r_name;
  EXPECT_LT(r_other, 0.5) << "name " << r_name;
}

// --bbox: a lon/lat box 1,000 m square around F (from the fixture's metres by PROJ), padded by 5 %
// of its size on each side: 1,100 m high (the page's landscape aspect widens it), centred on F.
TEST_F(CliMap, BboxZoomsToAPart) {
  double lon0 = 0, lat0 = 0, lon1 = 0, lat1 = 0;
  metric_to_lonlat(32650, X0 - 500, Y0 - 500, lon0, lat0);
  metric_to_lonlat(32650, X0 + 500, Y0 + 500, lon1, lat1);
  api::MapRequest q;
  q.run_dir = (tmp_ / "run").string();
  q.print.out_path = (tmp_ / "part.png").string();
  q.print.dpi = 72;
  q.print.bbox = {lon0, lat0, lon1, lat1};
  const io::PrintMap m = api::map(q);
  EXPECT_NEAR(m.max_y - m.min_y, 1100.0, 5.0);
  EXPECT_NEAR((m.min_x + m.max_x) / 2, X0, 5.0);
  EXPECT_NEAR((m.min_y + m.max_y) / 2, Y0, 5.0);
  EXPECT_GT(m.max_x - m.min_x, m.max_y - m.min_y);
  q.print.bbox = {lon1, lat0, lon0, lat1};  // min above max
  EXPECT_THROW(api::map(q), lc::UsageError);
}

TEST_F(CliMap, PdfAndSvgOpenAtThePageSize) {
  // Vector pages are sized in points: 297 mm = 841.9 -> 842 pt, 210 mm = 595.3 -> 595 pt.
  const io::PrintMap pdf = draw("map.pdf");
  EXPECT_EQ(pdf.width, 842);
  EXPECT_EQ(pdf.height, 595);
  const std::string cmd = "pdftoppm -r 72 -png -singlefile " + (tmp_ / "map.pdf").string() + " " + (tmp_ / "pdf").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const Pixels pp = read_png(tmp_ / "pdf.png");
  EXPECT_EQ(pp.width, 842);
  EXPECT_EQ(pp.height, 595);
  draw("map.svg");
  const std::string svg = "rsvg-convert -d 72 -p 72 -o " + (tmp_ / "svg.png").string() + " " + (tmp_ / "map.svg").string();
  ASSERT_EQ(std::system(svg.c_str()), 0);
  const Pixels ps = read_png(tmp_ / "svg.png");
  EXPECT_EQ(ps.width, 842);
  EXPECT_EQ(ps.height, 595);
}

TEST_F(CliMap, CommandLineAndErrors) {
  const RunResult ok = run_lifecircle({"map", (tmp_ / "run").string(), "--out", (tmp_ / "cli.png").string(), "--size",
                                       "210x297mm", "--dpi", "50", "--lang", "zh"},
                                      tmp_.path(), tmp_.path());
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  const Pixels p = read_png(tmp_ / "cli.png");
  EXPECT_EQ(p.width, 413);   // 210 / 25.4 x 50 = 413.4
  EXPECT_EQ(p.height, 585);  // 297 / 25.4 x 50 = 584.6
  const RunResult bad_ext = run_lifecircle({"map", (tmp_ / "run").string(), "--out", (tmp_ / "m.gif").string()},
                                           tmp_.path(), tmp_.path());
  EXPECT_EQ(bad_ext.exit_code, 2);
  const RunResult no_run = run_lifecircle({"map", tmp_.path().string(), "--out", (tmp_ / "m.png").string()}, tmp_.path(),
                                          tmp_.path());
  EXPECT_EQ(no_run.exit_code, 3);
  EXPECT_NE(no_run.err.find("summary.json"), std::string::npos) << no_run.err;
  EXPECT_FALSE(fs::exists(tmp_ / "m.png"));
}

// A check run's folder: two districts side by side, A (0-1000 m) and B (1000-2000 m), a home in
// each (100 people), one fitness facility in A at (150, 100): A's home is 50 m from it, B's at
// (1500, 500) is sqrt(1350^2 + 400^2) = 1408 m away. The rule asks every resident within 1,000 m,
// so A passes and B fails. B is filled with the failing colour (213, 94, 0) at 0.22 over the
// background: 247 x 0.78 + 213 x 0.22 = 239.5, 245 x 0.78 + 94 x 0.22 = 211.8, 240 x 0.78 = 187.2;
// A with the passing (0, 158, 115) at 0.10: 222.3, 236.3, 227.5.
TEST(CliMapCheck, FailingDistrictsMarked) {
  TempDir tmp;
  auto box = [](double x0, double y0, double x1, double y1) {
    auto p = [](double x, double y) { return std::to_string(X0 + x) + " " + std::to_string(Y0 + y); };
    return "POLYGON ((" + p(x0, y0) + "," + p(x1, y0) + "," + p(x1, y1) + "," + p(x0, y1) + "," + p(x0, y0) + "))";
  };
  write_geojson(tmp / "districts.geojson", 32650,
                {{box(0, 0, 1000, 1000), {{"name", "A"}}, {}}, {box(1000, 0, 2000, 1000), {{"name", "B"}}, {}}});
  write_geojson(tmp / "homes.geojson", 32650,
                {{pt(100, 100), {{"id", "p0"}}, {{"pop", 100}}}, {pt(1500, 500), {{"id", "p1"}}, {{"pop", 100}}}});
  write_geojson(tmp / "fac.geojson", 32650, {{pt(150, 100), {{"id", "g0"}, {"name", "gym"}}, {}}});
  write_text(tmp / "rules.yaml",
             "name: fitness access\nrules:\n  - id: fit\n    kind: access\n    category: fitness\n    within: 1000m\n"
             "    min_share: 1.0\n    source: test\n");
  const RunResult r = run_lifecircle({"check", "--rules", (tmp / "rules.yaml").string(), "--facilities",
                                      (tmp / "fac.geojson").string(), "--category", "fitness", "--demand",
                                      (tmp / "homes.geojson").string(), "--population-field", "pop", "--districts",
                                      (tmp / "districts.geojson").string(), "--out", (tmp / "chk").string()},
                                     tmp.path(), tmp.path());
  ASSERT_EQ(r.exit_code, 1) << r.err;  // B fails
  api::MapRequest q;
  q.run_dir = (tmp / "chk").string();
  q.print.out_path = (tmp / "chk.png").string();
  q.print.dpi = 100;
  const io::PrintMap m = api::map(q);
  ASSERT_FALSE(m.legend.empty());
  EXPECT_EQ(m.legend[0], "Districts failing a rule: 1 of 2");
  const Pixels p = read_png(tmp / "chk.png");
  auto pixel = [&](double x, double y) {
    return p.at(static_cast<int>(m.body_x + (X0 + x - m.min_x) / (m.max_x - m.min_x) * m.body_width),
                static_cast<int>(m.body_y + (m.max_y - (Y0 + y)) / (m.max_y - m.min_y) * m.body_height));
  };
  EXPECT_TRUE(near(pixel(1750, 250), {240, 212, 187}, 4));
  EXPECT_TRUE(near(pixel(250, 750), {222, 236, 228}, 4));
  // The web page of the same folder: both districts, each with its verdict of rule 'fit' (A
  // passes, B fails with its shortfall: B's 100 residents).
  api::HtmlMapRequest h;
  h.run_dir = (tmp / "chk").string();
  h.html.out_path = (tmp / "chk.html").string();
  const io::HtmlMap page = api::html_map(h);
  EXPECT_EQ(page.features.at("districts"), 2u);
  const std::string html = read_text(tmp / "chk.html");
  EXPECT_NE(html.find(R"("failing":0)"), std::string::npos);
  EXPECT_NE(html.find(R"("failing":1)"), std::string::npos);
  EXPECT_NE(html.find(R"({"pass":true,"rule":"fit")"), std::string::npos);
  EXPECT_NE(html.find(R"({"pass":false,"rule":"fit","text":"100 residents without a fitness facility within 1,000 m in a straight line")"), std::string::npos);
}

// More than 100,000 demand points: the run also writes the population beyond reach on a grid, and
// the map draws the grid (never the points). A 400 x 251 lattice of homes 10 m apart (100,400
// points, 1 person each) spans 3,990 m x 2,500 m: 3,990 / 200 = 20 m -> the first of 100, 200,
// 500, ... m at least that, 100 m. One facility at the lattice's corner, 1,000 m: the cells'
// population adds up to the residents the summary counts as not covered (the same run's two
// outputs agree).
TEST(CliMapGrid, LargeDemandIsDrawnFromItsGrid) {
  TempDir tmp;
  std::string csv = "id,x,y,pop\n";
  for (int i = 0; i < 400; ++i)
    for (int j = 0; j < 251; ++j) csv += "h" + std::to_string(i * 251 + j) + "," + std::to_string(X0 + 10 * i) + "," + std::to_string(Y0 + 10 * j) + ",1\n";
  write_text(tmp / "homes.csv", csv);
  write_text(tmp / "fac.csv", "id,x,y\nF," + std::to_string(X0) + "," + std::to_string(Y0) + "\n");
  const RunResult r = run_lifecircle({"coverage", "--facilities", (tmp / "fac.csv").string(), "--category", "fitness",
                                      "--demand", (tmp / "homes.csv").string(), "--population-field", "pop", "--source-crs",
                                      "EPSG:32650", "--within", "1000m", "--out", (tmp / "run").string(), "--map",
                                      (tmp / "run" / "map.png").string(), "--html", (tmp / "run" / "map.html").string()},
                                     tmp.path(), tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json s = read_json(tmp / "run" / "summary.json");
  ASSERT_TRUE(s.contains("out_of_reach_grid"));
  EXPECT_DOUBLE_EQ(s["out_of_reach_grid"]["cell_m"].get<double>(), 100.0);
  const nlohmann::json g = read_json(tmp / "run" / "out_of_reach_grid.geojson");
  double sum = 0;
  for (const auto& f : g["features"]) sum += f["properties"]["population"].get<double>();
  EXPECT_NEAR(sum, s["categories"]["fitness"]["population_uncovered"].get<double>(), 1e-6);
  EXPECT_GT(sum, 0.0);
  api::MapRequest q;
  q.run_dir = (tmp / "run").string();
  q.print.out_path = (tmp / "again.png").string();
  const io::PrintMap m = api::map(q);
  EXPECT_NE(std::find(m.layers.begin(), m.layers.end(), "population out of reach (grid)"), m.layers.end());
  bool said = false;
  for (const std::string& l : m.legend) said = said || l.find("summed per 100 m cell") != std::string::npos;
  EXPECT_TRUE(said);
  // The web page draws the same cells, not the 100,400 points, and says so.
  const std::string html = read_text(tmp / "run" / "map.html");
  const std::string note = "100,400 demand points: drawn as the run's " + std::to_string(g["features"].size()) + " grid cells of 100 m";
  EXPECT_NE(html.find(note), std::string::npos) << note;
  EXPECT_LT(html.size(), 5u * 1000 * 1000);
}

// The README's demo command: coverage of the bundled extract with --map. The map is the default
// A4 at 200 dpi (297 / 25.4 x 200 = 2338.6 -> 2339, 210 / 25.4 x 200 = 1653.5 -> 1654) and its body
// is mostly drawn: basemap, service areas and dots cover well over half of it.
TEST(CliMapDemo, ReadmeDemoWritesTheMap) {
  TempDir tmp;
  const fs::path out = tmp / "out" / "chengdu";
  const RunResult r = run_lifecircle({"coverage", "--facilities", chengdu_pbf(), "--demand", chengdu_pbf(), "--out",
                                      out.string(), "--map", (out / "map.png").string(), "--html",
                                      (out / "map.html").string()},
                                     tmp.path(), tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The web map: one page holding Leaflet and the data (the browser test opens it).
  ASSERT_TRUE(fs::exists(out / "map.html"));
  EXPECT_GT(fs::file_size(out / "map.html"), 200000u);
  const Pixels p = read_png(out / "map.png");
  EXPECT_EQ(p.width, 2339);
  EXPECT_EQ(p.height, 1654);
  // The body: from the frame's top-left corner (8 mm, 22 mm) to well inside it.
  const int x0 = static_cast<int>(8 * 200 / 25.4) + 4, y0 = static_cast<int>(22 * 200 / 25.4) + 4;
  long drawn = 0, all = 0;
  for (int y = y0; y < y0 + 1000; y += 2) {
    for (int x = x0; x < x0 + 1300; x += 2) {
      ++all;
      drawn += near(p.at(x, y), {247, 245, 240}, 3) ? 0 : 1;
    }
  }
  EXPECT_GT(static_cast<double>(drawn) / static_cast<double>(all), 0.5);
  // A run into PostgreSQL or another format cannot be drawn from: refused before the run.
  const RunResult bad = run_lifecircle({"coverage", "--facilities", chengdu_pbf(), "--demand", chengdu_pbf(), "--format",
                                        "shp", "--out", (tmp / "shp").string(), "--map", (tmp / "m.png").string()},
                                       tmp.path(), tmp.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_FALSE(fs::exists(tmp / "shp"));
}

}  // namespace
}  // namespace lc::clitest

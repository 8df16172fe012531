#include "algorithms/isochrone.hpp"

#include <cmath>

#include <geos_c.h>
#include <gtest/gtest.h>

#include "algorithms/road_graph.hpp"

namespace lc {
namespace {

// Area of a 16-gon (GEOS buffer with 4 segments per quadrant) of radius r: 8 r² sin(π/8).
double cap_area(double r) { return 8.0 * r * r * std::sin(M_PI / 8.0); }

struct Geom {
  GEOSContextHandle_t h = GEOS_init_r();
  GEOSGeometry* g = nullptr;
  explicit Geom(const std::vector<unsigned char>& wkb) {
    GEOSWKBReader* r = GEOSWKBReader_create_r(h);
    g = GEOSWKBReader_read_r(h, r, wkb.data(), wkb.size());
    GEOSWKBReader_destroy_r(h, r);
  }
  ~Geom() {
    if (g) GEOSGeom_destroy_r(h, g);
    GEOS_finish_r(h);
  }
  bool contains(double x, double y) const {
    GEOSGeometry* p = GEOSGeom_createPointFromXY_r(h, x, y);
    const bool in = GEOSContains_r(h, g, p) == 1;
    GEOSGeom_destroy_r(h, p);
    return in;
  }
  bool valid() const { return GEOSisValid_r(h, g) == 1; }
};

// One site at (x, y) on the streets `l`, walked at 1 m/s (the site's access too), and the search
// towards it up to `limit` seconds.
struct SiteSearch {
  RoadGraph g;
  std::vector<Snap> sites;
  Dijkstra search;
  SiteSearch(const RoadLines& l, double x, double y, float limit) : g(build_road_graph(l)) {
    sites.push_back(SegmentIndex(g).snap(x, y, 1));
    std::vector<SearchSource> src;
    detail::add_site_sources(g, sites[0], 0, {Weight::time, 1.0}, src);
    search.run(g, Direction::towards_sources, Weight::time, src, limit);
  }
};

// The dissolved isochrones of that site, buffered by `buffer_m`, from a search up to the last break.
std::vector<IsochronePolygon> site_polygons(const RoadLines& l, double x, double y, const std::vector<float>& breaks,
                                            double buffer_m) {
  const SiteSearch s(l, x, y, breaks.back());
  IsochroneOptions o;
  o.buffer_m = buffer_m;
  o.access_speed_mps = 1.0;
  return isochrones(s.g, s.search, Weight::time, s.sites, breaks, {}, o);
}

// The fast drawing's raster by hand: the same street and site, breaks 100 s and 300 s, a band of
// 10 m on 5 m cells. The grid starts 25 m (band + 3 cells) beyond the reached roads, so cell
// centres lie at x = -22.5, -17.5, ... and y = 22.5, 17.5, ...; each holds its distance to the
// street reached within the break, less 10 m, cut to [-10, 10] (2 cells). Rings: the larger of
// this break's value and minus the previous one's.
TEST(IsochroneFields, SignedDistancesByHand) {
  RoadLines l;
  l.add_line({0, 0, 500, 0, 1000, 0}, 1.0f, true, true, "street");
  const SiteSearch s(l, 0, 0, 300.0f);
  IsochroneOptions o;
  o.buffer_m = 10.0;
  o.cell_m = 5.0;
  o.access_speed_mps = 1.0;
  for (const IsochroneShape shape : {IsochroneShape::disks, IsochroneShape::rings}) {
    o.shape = shape;
    const std::vector<DistanceField> f = isochrone_fields(s.g, s.search, Weight::time, s.sites, {100.0f, 300.0f}, {}, o);
    ASSERT_EQ(f.size(), 2u);
    for (const DistanceField& d : f) {
      EXPECT_DOUBLE_EQ(d.min_x, -25.0);
      EXPECT_DOUBLE_EQ(d.max_y, 25.0);
      EXPECT_EQ(d.width, 70);   // -25 .. 325 m
      EXPECT_EQ(d.height, 10);  // 25 .. -25 m
    }
    auto at = [&](const DistanceField& d, double x, double y) {
      const int col = static_cast<int>((x - d.min_x) / d.cell_m), row = static_cast<int>((d.max_y - y) / d.cell_m);
      return d.value[static_cast<std::size_t>(row) * d.width + col];
    };
    const bool rings = shape == IsochroneShape::rings;
    EXPECT_FLOAT_EQ(at(f[0], 52.5, 2.5), -7.5);                         // beside the street, 2.5 m off
    EXPECT_FLOAT_EQ(at(f[0], 52.5, 17.5), 7.5);                         // 17.5 m off
    EXPECT_FLOAT_EQ(at(f[0], 102.5, 2.5), std::hypot(2.5, 2.5) - 10);   // past the end at x = 100
    EXPECT_FLOAT_EQ(at(f[0], 152.5, 2.5), 10.0);                        // far past it: cut at 2 cells
    EXPECT_FLOAT_EQ(at(f[1], 152.5, 2.5), -7.5);
    EXPECT_FLOAT_EQ(at(f[1], 302.5, -2.5), std::hypot(2.5, 2.5) - 10);
    // Within the first break: inside the disk; the ring excludes it.
    const float behind = static_cast<float>(std::hypot(2.5, 7.5) - 10);  // behind the site, nearest (0, 0)
    EXPECT_FLOAT_EQ(at(f[1], -2.5, -7.5), rings ? -behind : behind);
    EXPECT_FLOAT_EQ(at(f[1], 52.5, 2.5), rings ? 7.5f : -7.5f);
  }
}

// A block enclosed by four reached streets (100 m square, band 10 m): the 80 m x 80 m hole in the
// middle is filled (inside: minus one cell) up to max_hole_m2, and kept (outside, cut at two
// cells) with max_hole_m2 = 0.
TEST(IsochroneFields, EnclosedBlocksAreFilled) {
  RoadLines l;
  l.add_line({0, 0, 100, 0, 100, 100, 0, 100, 0, 0}, 1.0f, true, true, "block");
  l.add_line({0, 0, -50, 0}, 1.0f, true, true, "spur");
  const SiteSearch s(l, 0, 0, 1000.0f);
  IsochroneOptions o;
  o.buffer_m = 10.0;
  o.cell_m = 5.0;
  o.access_speed_mps = 1.0;
  for (const double max_hole : {250000.0, 6000.0, 0.0}) {
    o.max_hole_m2 = max_hole;
    const DistanceField f = isochrone_fields(s.g, s.search, Weight::time, s.sites, {1000.0f}, {}, o)[0];
    const int col = static_cast<int>((52.5 - f.min_x) / f.cell_m), row = static_cast<int>((f.max_y - 52.5) / f.cell_m);
    // The hole: the cells more than 10 m from every street, 16 x 16 of 25 m2 = 6,400 m2.
    EXPECT_FLOAT_EQ(f.value[static_cast<std::size_t>(row) * f.width + col], max_hole > 7000 ? -5.0f : 10.0f)
        << "max_hole_m2 " << max_hole;
  }
}

// A straight two-way street 0 -> 1000 m along y = 0 at 1 m/s; a site at x = 0.
TEST(Isochrone, StraightStreetIsABandWithRoundEnds) {
  RoadLines l;
  l.add_line({0, 0, 500, 0, 1000, 0}, 1.0f, true, true, "street");
  const auto polys = site_polygons(l, 0, 0, {100.0f, 300.0f}, 10.0);
  ASSERT_EQ(polys.size(), 2u);
  // Reached: x in [0, 100] and [0, 300]; buffered by 10 m: a 20 m band plus two half 16-gons.
  EXPECT_NEAR(polys[0].area_m2, 100 * 20 + cap_area(10), 1.0);
  EXPECT_NEAR(polys[1].area_m2, 300 * 20 + cap_area(10), 1.0);
  EXPECT_FLOAT_EQ(polys[1].upper, 300.0f);
  const Geom p100(polys[0].wkb);
  EXPECT_TRUE(p100.valid());
  EXPECT_TRUE(p100.contains(99, 0));
  EXPECT_FALSE(p100.contains(120, 0));
}

// Two streets crossing at the site, each reached 100 m both ways, buffered by 10 m: two 200 m
// bands with round ends (joined straight through the crossing, or not, the shape is the same),
// overlapping in the 20 m square at the crossing: 2 (200 * 20 + cap) - 20 * 20. A third street
// leaving the crossing at 45 degrees (joined to neither) adds its 100 m band and one round end,
// less what lies inside the others near the crossing (checked by containment only).
TEST(Isochrone, CrossingStreetsAreTwoBands) {
  RoadLines l;
  l.add_line({-500, 0, 0, 0, 500, 0}, 1.0f, true, true, "east-west");
  l.add_line({0, -500, 0, 0, 0, 500}, 1.0f, true, true, "north-south");
  const auto polys = site_polygons(l, 0, 0, {100.0f}, 10.0);
  ASSERT_EQ(polys.size(), 1u);
  EXPECT_NEAR(polys[0].area_m2, 2 * (200 * 20 + cap_area(10)) - 20 * 20, 1.0);
  const Geom cross(polys[0].wkb);
  EXPECT_TRUE(cross.valid());
  for (const auto& [x, y] : {std::pair{95.0, 0.0}, {-95.0, 9.0}, {0.0, 95.0}, {-9.0, -95.0}, {9.0, 9.0}})
    EXPECT_TRUE(cross.contains(x, y)) << x << " " << y;
  for (const auto& [x, y] : {std::pair{115.0, 0.0}, {15.0, 15.0}, {0.0, -115.0}}) EXPECT_FALSE(cross.contains(x, y)) << x << " " << y;

  l.add_line({0, 0, 500, 500}, 1.0f, true, true, "diagonal");
  const auto polys3 = site_polygons(l, 0, 0, {100.0f}, 10.0);
  ASSERT_EQ(polys3.size(), 1u);
  EXPECT_GT(polys3[0].area_m2, polys[0].area_m2 + 80 * 20);  // at least the diagonal band beyond the crossing
  EXPECT_LT(polys3[0].area_m2, polys[0].area_m2 + 100 * 20 + cap_area(10));
  const Geom three(polys3[0].wkb);
  EXPECT_TRUE(three.valid());
  EXPECT_TRUE(three.contains(68, 68));     // 96 m along the diagonal
  EXPECT_FALSE(three.contains(78, 78));    // 110 m along it
  EXPECT_TRUE(three.contains(95, 0));
}

// A 4 x 4 grid of 100 m blocks, every street reached, band 10 m. Each block's 80 m x 80 m middle
// is a hole of the bands: filled up to max_hole_m2 (the blocks then go in whole, and the inner
// streets, farther than the band from the grid's edge, are left out of the union), kept with
// max_hole_m2 = 0 and with max_hole_m2 = 6,000 (the holes are 6,400 m2). Filled: the 420 m
// square with its corners rounded by quarter 16-gons; kept: less the 16 holes.
TEST(Isochrone, GridOfBlocksFillsOrKeepsItsHoles) {
  RoadLines l;
  for (int k = 0; k <= 4; ++k) {  // streets meet where they share a vertex: one at every crossing
    std::vector<double> ns, ew;
    for (int j = 0; j <= 4; ++j) {
      ns.insert(ns.end(), {100.0 * k, 100.0 * j});
      ew.insert(ew.end(), {100.0 * j, 100.0 * k});
    }
    l.add_line(ns, 1.0f, true, true, "north-south");
    l.add_line(ew, 1.0f, true, true, "east-west");
  }
  const SiteSearch s(l, 0, 0, 100000.0f);
  IsochroneOptions o;
  o.buffer_m = 10.0;
  o.access_speed_mps = 1.0;
  const double filled = 420.0 * 420.0 - 4 * (10 * 10 - cap_area(10) / 4);
  for (const auto& [max_hole, area] : {std::pair{250000.0, filled}, {6000.0, filled - 16 * 80.0 * 80.0},
                                       {0.0, filled - 16 * 80.0 * 80.0}}) {
    o.max_hole_m2 = max_hole;
    const auto polys = isochrones(s.g, s.search, Weight::time, s.sites, {100000.0f}, {}, o);
    ASSERT_EQ(polys.size(), 1u);
    EXPECT_NEAR(polys[0].area_m2, area, 1.0) << "max_hole_m2 " << max_hole;
    const Geom grid(polys[0].wkb);
    EXPECT_TRUE(grid.valid()) << "max_hole_m2 " << max_hole;
    EXPECT_EQ(grid.contains(250, 250), max_hole > 7000) << "max_hole_m2 " << max_hole;  // a block's middle
    EXPECT_TRUE(grid.contains(205, 250)) << "max_hole_m2 " << max_hole;                 // by an inner street
    EXPECT_FALSE(grid.contains(-12, 200)) << "max_hole_m2 " << max_hole;
  }
  // A home in the middle of an inner block, 30 m from the street y = 200 (its snap): with the hole
  // kept, its link's band adds a 20 m x 20 m strip and half a 16-gon to the area; filled, nothing.
  std::vector<ReachedPoint> home{{250, 230, SegmentIndex(s.g).snap(250, 230, 100), 1.0f, 0}};
  ASSERT_TRUE(home[0].snap.ok());
  o.max_hole_m2 = 0;
  const auto kept = isochrones(s.g, s.search, Weight::time, s.sites, {100000.0f}, home, o);
  EXPECT_NEAR(kept[0].area_m2, filled - 16 * 80.0 * 80.0 + 20 * 20 + cap_area(10) / 2, 1.0);
  EXPECT_TRUE(Geom(kept[0].wkb).contains(250, 235));
  o.max_hole_m2 = 250000.0;
  const auto full = isochrones(s.g, s.search, Weight::time, s.sites, {100000.0f}, home, o);
  EXPECT_NEAR(full[0].area_m2, filled, 1.0);
}

// The off-road links of the reached points are part of the area, so the polygon contains them.
TEST(Isochrone, ContainsTheReachedPoints) {
  RoadLines l;
  l.add_line({0, 0, 1000, 0}, 1.0f, true, true, "street");
  const RoadGraph g = build_road_graph(l);
  const SegmentIndex index(g);
  Demand dem;
  dem.push_back(200, 150, 5, "near");   // 150 m off the road at x = 200: 150 + 200 = 350 s
  dem.push_back(900, 100, 7, "far");    // 100 + 900 = 1000 s: beyond 600
  const std::vector<Snap> dsnap = snap_points(index, dem.x_m, dem.y_m, 250);
  const std::vector<Snap> sites{index.snap(0, 0, 1)};
  IsochroneOptions o;
  o.buffer_m = 20.0;
  const SiteIsochrones r = site_isochrones(g, dem, dsnap, sites, {600.0f}, {Weight::time, 1.0}, o);
  ASSERT_EQ(r.polygons.size(), 1u);
  EXPECT_NEAR(r.nearest.time_s[0], 350.0f, 1e-3);
  EXPECT_DOUBLE_EQ(r.population[0], 5.0);  // only "near" is within 600 s
  const Geom poly(r.polygons[0].wkb);
  EXPECT_TRUE(poly.contains(200, 150));
  EXPECT_FALSE(poly.contains(900, 100));
}

// Rings between breaks, and the split of a street between two sites.
TEST(Isochrone, RingsAndSplitPartitionTheStreet) {
  RoadLines l;
  l.add_line({0, 0, 1000, 0}, 1.0f, true, true, "street");
  const RoadGraph g = build_road_graph(l);
  const SegmentIndex index(g);
  const std::vector<Snap> sites{index.snap(0, 0, 1), index.snap(1000, 0, 1)};
  Demand dem;
  dem.push_back(100, 0, 1, "a");  // 100 s from site 0
  dem.push_back(450, 0, 2, "b");  // 450 s from site 0
  dem.push_back(800, 0, 4, "c");  // 200 s from site 1
  const std::vector<Snap> dsnap = snap_points(index, dem.x_m, dem.y_m, 10);
  IsochroneOptions o;
  o.buffer_m = 10.0;
  o.split = true;
  o.shape = IsochroneShape::rings;
  o.max_hole_m2 = 0;
  const SiteIsochrones r = site_isochrones(g, dem, dsnap, sites, {300.0f, 600.0f}, {Weight::time, 1.0}, o);
  ASSERT_EQ(r.polygons.size(), 4u);  // 2 sites x 2 breaks
  // Site 0: ring [0, 300] holds a (1); ring (300, 600] holds b (2). Site 1: c (4) in [0, 300].
  EXPECT_EQ(r.polygons[0].site, 0u);
  EXPECT_DOUBLE_EQ(r.population[0], 1.0);
  EXPECT_DOUBLE_EQ(r.population[1], 2.0);
  EXPECT_DOUBLE_EQ(r.population[2], 4.0);
  EXPECT_DOUBLE_EQ(r.population[3], 0.0);
  // The street splits at x = 500: site 0 holds x < 500, site 1 x > 500 (their bands meet there).
  const Geom s0_outer(r.polygons[1].wkb), s1_outer(r.polygons[3].wkb);
  EXPECT_TRUE(s0_outer.contains(450, 0));
  EXPECT_FALSE(s1_outer.contains(450, 0));
  EXPECT_TRUE(s1_outer.contains(550, 0));
  // Site 0's rings: [0, 300] (a 20 m band with a half cap at each end) and (300, 500] (the half
  // cap at 300 cut out, the one at 500 kept: site 0 comes first where the bands meet): 200 x 20.
  EXPECT_NEAR(r.polygons[0].area_m2, 300 * 20 + cap_area(10), 2.0);
  EXPECT_NEAR(r.polygons[1].area_m2, 200 * 20, 2.0);
}

// A 200 x 100 m block, its four streets walked at 1 m/s, and three sites on its corners: A (0, 0),
// B (200, 100), C (200, 0). Along the ring each place goes to the nearer site: the midpoints of
// the arcs between them are (100, 0), (200, 50) and (50, 100), so A holds the bottom to x = 100,
// the left side and the top to x = 50 (250 m), C the rest of the bottom and the right side to
// y = 50 (150 m), B the rest (200 m). With 10 m bands the block's inside, [10, 190] x [10, 90]
// (14,400 m², under the 250,000 m² of a hole filled), belongs to no band: it goes to A, whose band
// holds most of its edge (about 210 m against 180 and 130). Areas by hand: A's band, 250 m long,
// is 2 x 10 x 250 + a 16-gon (its two half caps) less 100 - cap/4 at each of its two corners;
// the three together are the dissolved area, the 220 x 120 m rectangle less 100 - cap/4 at each
// of its four corners. Drawn alone (draw_sites) with a far street and site added, A's polygon is
// the same, byte for byte: it depends on its neighbourhood only (a second path of the same
// code; the hand figures above are the check of its values).
TEST(Isochrone, SplitBlockGoesToTheSiteHoldingMostOfItsEdge) {
  RoadLines l;
  l.add_line({0, 0, 200, 0, 200, 100, 0, 100, 0, 0}, 1.0f, true, true, "ring");
  auto run = [](const RoadLines& lines, const std::vector<std::pair<double, double>>& at, std::vector<std::uint8_t> draw) {
    const RoadGraph g = build_road_graph(lines);
    const SegmentIndex index(g);
    std::vector<Snap> sites;
    for (const auto& [x, y] : at) sites.push_back(index.snap(x, y, 1));
    IsochroneOptions o;
    o.buffer_m = 10.0;
    o.split = true;
    o.draw_sites = std::move(draw);
    return site_isochrones(g, Demand{}, {}, sites, {400.0f}, {Weight::time, 1.0}, o);
  };
  const SiteIsochrones r = run(l, {{0, 0}, {200, 100}, {200, 0}}, {});
  ASSERT_EQ(r.polygons.size(), 3u);
  const Geom a(r.polygons[0].wkb), b(r.polygons[1].wkb), c(r.polygons[2].wkb);
  for (const Geom* p : {&a, &b, &c}) EXPECT_TRUE(p->valid());
  EXPECT_TRUE(a.contains(150, 50));  // the block's inside
  EXPECT_TRUE(a.contains(50, 50));
  EXPECT_FALSE(b.contains(150, 50));
  EXPECT_FALSE(c.contains(150, 50));
  EXPECT_TRUE(c.contains(195, 25));
  EXPECT_TRUE(b.contains(195, 75));
  const double corner = 100.0 - cap_area(10) / 4;
  EXPECT_NEAR(r.polygons[0].area_m2, 2 * 10 * 250 + cap_area(10) - 2 * corner + 180 * 80, 2.0);
  EXPECT_NEAR(r.polygons[0].area_m2 + r.polygons[1].area_m2 + r.polygons[2].area_m2, 220 * 120 - 4 * corner, 2.0);

  RoadLines more = l;
  more.add_line({5000, 5000, 5400, 5000}, 1.0f, true, true, "far");
  const SiteIsochrones alone = run(more, {{0, 0}, {200, 100}, {200, 0}, {5000, 5000}}, {1, 0, 0, 0});
  ASSERT_EQ(alone.polygons.size(), 4u);
  EXPECT_EQ(alone.polygons[0].wkb, r.polygons[0].wkb);
  for (int k = 1; k < 4; ++k) EXPECT_TRUE(alone.polygons[k].wkb.empty()) << "site " << k << " is not drawn";
}

// The area barely moves when the band is a little wider: the blocks enclosed by reached streets
// are filled, so only the outer edge grows.
TEST(Isochrone, AreaIsStableUnderSmallBufferChanges) {
  RoadLines l;
  for (int i = 0; i <= 10; ++i) {  // a 1 km square grid of streets every 100 m, meeting at vertices
    std::vector<double> h, v;
    for (int j = 0; j <= 10; ++j) {
      h.insert(h.end(), {j * 100.0, i * 100.0});
      v.insert(v.end(), {i * 100.0, j * 100.0});
    }
    l.add_line(h, 1.0f, true, true, "h");
    l.add_line(v, 1.0f, true, true, "v");
  }
  const RoadGraph g = build_road_graph(l);
  const SegmentIndex index(g);
  const std::vector<Snap> sites{index.snap(500, 500, 1)};
  Dijkstra search(g.node_count());
  std::vector<SearchSource> src;
  detail::add_site_sources(g, sites[0], 0, {Weight::time, 1.0}, src);
  search.run(g, Direction::towards_sources, Weight::time, src, 400.0f);
  double area[2];
  const double widths[2] = {30.0, 33.0};
  for (int k = 0; k < 2; ++k) {
    IsochroneOptions o;
    o.buffer_m = widths[k];
    const auto polys = isochrones(g, search, Weight::time, sites, {400.0f}, {}, o);
    area[k] = polys[0].area_m2;
    EXPECT_TRUE(Geom(polys[0].wkb).valid());
  }
  // Within 400 s the reached streets form a diamond of "radius" 400 m (area 2 x 400² = 320,000 m²),
  // filled. Widening the band by 3 m adds about perimeter x 3 m (4 x 566 m x 3 m = 6,800 m²): ~2 %.
  EXPECT_GT(area[0], 300000.0);
  EXPECT_LT(area[1] / area[0] - 1.0, 0.05);
}

// ---- No site (a category with no facility) ------------------------------------------------------

// A two-way street 0 -> 1000 m along y = 0 at 1 m/s, and three homes on it, all within 600 s of
// a site at x = 0 (the contrast case below) and unreachable with no site.
struct ZeroSiteStreet {
  RoadGraph g;
  Demand dem;
  std::vector<Snap> dsnap;
  ZeroSiteStreet() {
    RoadLines l;
    l.add_line({0, 0, 1000, 0}, 1.0f, true, true, "street");
    g = build_road_graph(l);
    dem.push_back(100, 0, 1, "a");  // 100 s from x = 0
    dem.push_back(450, 0, 2, "b");  // 450 s
    dem.push_back(550, 0, 4, "c");  // 550 s
    dsnap = snap_points(SegmentIndex(g), dem.x_m, dem.y_m, 10);
  }
};

SiteIsochrones zero_site_run(const ZeroSiteStreet& s, bool split, IsochroneShape shape) {
  IsochroneOptions o;
  o.buffer_m = 10.0;
  o.split = split;
  o.shape = shape;
  return site_isochrones(s.g, s.dem, s.dsnap, {}, {300.0f, 600.0f}, {Weight::time, 1.0}, o);
}

void expect_nobody_reached(const SiteIsochrones& r) {
  ASSERT_EQ(r.nearest.site.size(), 3u);  // one per home, as with sites
  ASSERT_EQ(r.nearest.time_s.size(), 3u);
  ASSERT_EQ(r.nearest.length_m.size(), 3u);
  for (std::size_t d = 0; d < 3; ++d) {
    EXPECT_EQ(r.nearest.site[d], invalid_id);
    EXPECT_EQ(r.nearest.time_s[d], no_passage);
    EXPECT_EQ(r.nearest.length_m[d], no_passage);
  }
}

// Split: one polygon per site and break, so 0 sites x 2 breaks = no polygon (this crashed).
TEST(IsochroneNoSite, SplitDisksAndRingsReturnNoPolygon) {
  const ZeroSiteStreet s;
  for (IsochroneShape shape : {IsochroneShape::disks, IsochroneShape::rings}) {
    const SiteIsochrones r = zero_site_run(s, true, shape);
    EXPECT_TRUE(r.polygons.empty());
    EXPECT_TRUE(r.population.empty());  // as long as polygons
    expect_nobody_reached(r);
  }
}

// Dissolved: once, one polygon per break, so 2 polygons, both empty, holding nobody.
TEST(IsochroneNoSite, DissolvedDisksAndRingsReturnOneEmptyPolygonPerBreak) {
  const ZeroSiteStreet s;
  for (IsochroneShape shape : {IsochroneShape::disks, IsochroneShape::rings}) {
    const SiteIsochrones r = zero_site_run(s, false, shape);
    ASSERT_EQ(r.polygons.size(), 2u);  // 2 breaks
    ASSERT_EQ(r.population.size(), 2u);
    for (std::size_t k = 0; k < 2; ++k) {
      const IsochronePolygon& p = r.polygons[k];
      EXPECT_EQ(p.site, invalid_id);  // dissolved
      EXPECT_FLOAT_EQ(p.upper, k == 0 ? 300.0f : 600.0f);  // the break
      // Rings: the second band starts at the first break; disks (and the first ring) at 0.
      EXPECT_FLOAT_EQ(p.lower, shape == IsochroneShape::rings && k == 1 ? 300.0f : 0.0f);
      EXPECT_DOUBLE_EQ(p.area_m2, 0.0);  // nothing reached
      EXPECT_TRUE(p.wkb.empty());
      EXPECT_DOUBLE_EQ(r.population[k], 0.0);
    }
    expect_nobody_reached(r);
  }
}

// The same street and homes with one site at x = 0 do reach everyone (so the cases above are
// empty for want of a site, not of demand): split disks, 1 site x 2 breaks.
TEST(IsochroneNoSite, OneSiteOnTheSameStreetReachesTheHomes) {
  const ZeroSiteStreet s;
  IsochroneOptions o;
  o.buffer_m = 10.0;
  o.split = true;
  const SiteIsochrones r =
      site_isochrones(s.g, s.dem, s.dsnap, {SegmentIndex(s.g).snap(0, 0, 1)}, {300.0f, 600.0f}, {Weight::time, 1.0}, o);
  ASSERT_EQ(r.polygons.size(), 2u);
  EXPECT_EQ(r.polygons[0].site, 0u);
  EXPECT_DOUBLE_EQ(r.population[0], 1.0);  // within 300 s: a (100 s)
  EXPECT_DOUBLE_EQ(r.population[1], 7.0);  // within 600 s: a + b + c = 1 + 2 + 4
  // Disks: x in [0, 300] and [0, 600], buffered by 10 m: a 20 m band plus two half 16-gons.
  EXPECT_NEAR(r.polygons[0].area_m2, 300 * 20 + cap_area(10), 1.0);
  EXPECT_NEAR(r.polygons[1].area_m2, 600 * 20 + cap_area(10), 1.0);
  EXPECT_NEAR(r.nearest.time_s[2], 550.0f, 1e-3);
}

// isochrones() straight from a search run with no source: the same shapes of result.
TEST(IsochroneNoSite, FromASearchWithNoSource) {
  const ZeroSiteStreet s;
  Dijkstra search(s.g.node_count());
  search.run(s.g, Direction::towards_sources, Weight::time, {}, 600.0f);
  IsochroneOptions o;
  o.buffer_m = 10.0;
  o.split = true;
  EXPECT_TRUE(isochrones(s.g, search, Weight::time, {}, {300.0f, 600.0f}, {}, o).empty());  // 0 sites x 2 breaks
  o.split = false;
  const auto polys = isochrones(s.g, search, Weight::time, {}, {300.0f, 600.0f}, {}, o);
  ASSERT_EQ(polys.size(), 2u);  // one per break
  EXPECT_TRUE(polys[0].wkb.empty());
  EXPECT_TRUE(polys[1].wkb.empty());
}

// No break, split, with a site: 1 site x 0 breaks = no polygon (the same out-of-range last break).
TEST(IsochroneNoSite, SplitWithNoBreakReturnsNoPolygon) {
  const ZeroSiteStreet s;
  const std::vector<Snap> sites{SegmentIndex(s.g).snap(0, 0, 1)};
  Dijkstra search(s.g.node_count());
  std::vector<SearchSource> src;
  detail::add_site_sources(s.g, sites[0], 0, {Weight::time, 1.0}, src);
  search.run(s.g, Direction::towards_sources, Weight::time, src, 600.0f);
  IsochroneOptions o;
  o.split = true;
  EXPECT_TRUE(isochrones(s.g, search, Weight::time, sites, {}, {}, o).empty());
}

// The travel time surface with no site: every cell NaN.
TEST(IsochroneNoSite, TravelTimeSurfaceIsAllNaN) {
  const ZeroSiteStreet s;
  // Box x in [0, 1000], y in [-100, 100], 100 m cells: 10 columns x 2 rows, centres at y = +-50.
  const TravelTimeSurface none = travel_time_surface(s.g, {}, 0, -100, 1000, 100, 100, 60, 1.0);
  EXPECT_EQ(none.width, 10);
  EXPECT_EQ(none.height, 2);
  ASSERT_EQ(none.minutes.size(), 20u);
  for (float m : none.minutes) EXPECT_TRUE(std::isnan(m));
  // With a site at x = 0 the top-left cell centre (50, 50) is 50 m off the road plus 50 m along
  // it at 1 m/s: 100 s = 5/3 min.
  const TravelTimeSurface one = travel_time_surface(s.g, {SegmentIndex(s.g).snap(0, 0, 1)}, 0, -100, 1000, 100, 100, 60, 1.0);
  ASSERT_EQ(one.minutes.size(), 20u);
  EXPECT_NEAR(one.minutes[0], 100.0f / 60.0f, 1e-4);
}

}  // namespace
}  // namespace lc

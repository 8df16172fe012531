#include <algorithm>
#include <cmath>
#include <random>

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "algorithms/dijkstra.hpp"
#include "algorithms/network_coverage.hpp"
#include "algorithms/network_reach.hpp"
#include "algorithms/road_graph.hpp"

namespace lc {
namespace {

// Streets on a 100 m grid, walked at 1 m/s (so seconds = metres):
//
//   y=100   D -------- E -------- F
//           |                     ^  one-way C -> F (northbound)
//   y=0     A -------- B -------- C
//
//   island: G (1000,1000) -------- H (1100,1000)
//
// A-B-C, D-E-F and A-D are two-way.
RoadLines grid_lines() {
  RoadLines l;
  l.add_line({0, 0, 100, 0, 200, 0}, 1.0f, true, true, "ABC");
  l.add_line({0, 100, 100, 100, 200, 100}, 1.0f, true, true, "DEF");
  l.add_line({0, 0, 0, 100}, 1.0f, true, true, "AD");
  l.add_line({200, 0, 200, 100}, 1.0f, true, false, "CF");
  l.add_line({1000, 1000, 1100, 1000}, 1.0f, true, true, "GH");
  return l;
}

TEST(RoadGraph, CutsLinesAtSharedVertices) {
  const RoadGraph g = build_road_graph(grid_lines());
  EXPECT_EQ(g.node_count(), 8u);     // A B C D E F G H
  EXPECT_EQ(g.segment_count(), 7u);  // AB BC DE EF AD CF GH
  EXPECT_EQ(g.component_nodes.size(), 2u);
  EXPECT_EQ(g.component_nodes[g.largest_component], 6u);
  // Searched on: every node of the ring A-B-C-F-E-D has two segments, so its lowest node becomes
  // its one junction and the ring one loop of 5 inner nodes and 6 pieces (600 m, no arc). G-H
  // is a path: its lower end is a junction, the other the dead end of a spur (one piece, then
  // the spur's closed last piece), and neither has an arc.
  const SearchGraph& sg = g.search;
  EXPECT_EQ(sg.junction_count(), 2u);
  ASSERT_EQ(sg.chain_count(), 2u);
  EXPECT_EQ(sg.inner.size(), 6u);
  EXPECT_EQ(sg.arc_count(), 0u);
  EXPECT_EQ(sg.first_out.size(), 3u);
  const Id ring = sg.inner_count(0) == 5 ? 0 : 1, spur = 1 - ring;
  EXPECT_EQ(sg.chain_a[ring], sg.chain_b[ring]);
  float length = 0;
  int one_way = 0;
  for (Id p = sg.first_piece(ring); p < sg.first_piece(ring) + 6; ++p) {
    length += std::min(sg.piece_length_fwd_m[p], sg.piece_length_bwd_m[p]);
    one_way += (sg.piece_time_fwd_s[p] == no_passage) + (sg.piece_time_bwd_s[p] == no_passage);
  }
  EXPECT_EQ(length, 600.0f);
  EXPECT_EQ(one_way, 1);  // C -> F
  ASSERT_EQ(sg.inner_count(spur), 1u);
  EXPECT_EQ(sg.chain_b[spur], invalid_id);
  const Id p = sg.first_piece(spur);
  EXPECT_EQ(sg.piece_length_fwd_m[p], 100.0f);
  EXPECT_EQ(sg.piece_time_fwd_s[p + 1], no_passage);
  EXPECT_EQ(sg.piece_time_bwd_s[p + 1], no_passage);
}

TEST(RoadGraph, SnapsMidSegmentWithOffset) {
  const RoadGraph g = build_road_graph(grid_lines());
  const SegmentIndex index(g);
  // (50, 20): 20 m above the middle of A-B.
  const Snap s = index.snap(50, 20, 100);
  ASSERT_TRUE(s.ok());
  EXPECT_FLOAT_EQ(s.offset_m, 20.0f);
  double x, y;
  snapped_xy(g, s, x, y);
  EXPECT_NEAR(x, 50.0, 1e-9);
  EXPECT_NEAR(y, 0.0, 1e-9);
  // 300 m from every road: beyond a 250 m snap.
  EXPECT_FALSE(index.snap(600, 500, 250).ok());
}

// The index against every segment tried in turn (the nearest by the same projection, ties to the
// lower id): random streets of very different lengths (a dense town and a few long rural roads
// crossing it), points inside, beside and far outside it (farther than the grid is searched ring
// by ring), and snap limits that cut some off.
TEST(RoadGraph, SnapsAsTryingEverySegment) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> town(0.0, 2000.0), off(-500.0, 2500.0), len(5.0, 120.0), angle(0.0, 6.283);
  RoadLines l;
  for (int i = 0; i < 1500; ++i) {
    const double x = town(rng), y = town(rng), a = angle(rng), d = len(rng);
    l.add_line({x, y, x + d * std::cos(a), y + d * std::sin(a)}, 1.0f, true, true, "");
  }
  l.add_line({-3000, -2000, 5000, 4000}, 1.0f, true, true, "");  // long roads
  l.add_line({1000, -8000, 1000, 9000}, 1.0f, true, true, "");
  l.add_line({0, 0, 0, 0.5, 100, 0.5}, 1.0f, true, true, "");     // a short piece and one along it
  const RoadGraph g = build_road_graph(l);
  const SegmentIndex index(g);
  auto brute = [&](double x, double y, double max_snap) {
    Snap best;
    double best_d = INFINITY;
    for (Id s = 0; s < g.segment_count(); ++s) {
      const double ax = g.x_m[g.seg_a[s]], ay = g.y_m[g.seg_a[s]], bx = g.x_m[g.seg_b[s]], by = g.y_m[g.seg_b[s]];
      const double dx = bx - ax, dy = by - ay, len_sq = dx * dx + dy * dy;
      const double t = std::clamp(len_sq > 0 ? ((x - ax) * dx + (y - ay) * dy) / len_sq : 0.0, 0.0, 1.0);
      const double d = std::hypot(ax + t * dx - x, ay + t * dy - y);
      if (d < best_d) best_d = d, best.segment = s, best.t = static_cast<float>(t), best.offset_m = static_cast<float>(d);
    }
    return best_d <= max_snap ? best : Snap{};
  };
  std::uniform_real_distribution<double> far(-1e6, 1e6);
  int checked = 0, unsnapped = 0;
  for (int i = 0; i < 4000; ++i) {
    const bool is_far = i % 10 == 0;
    const double x = is_far ? far(rng) : off(rng), y = is_far ? far(rng) : off(rng);
    for (const double max_snap : {25.0, 250.0, 1e9}) {
      const Snap want = brute(x, y, max_snap), got = index.snap(x, y, max_snap);
      ASSERT_EQ(got.ok(), want.ok()) << x << " " << y << " " << max_snap;
      ++checked;
      if (!want.ok()) {
        ++unsnapped;
        continue;
      }
      EXPECT_EQ(got.segment, want.segment) << x << " " << y;
      EXPECT_EQ(got.t, want.t);
      EXPECT_EQ(got.offset_m, want.offset_m);
    }
  }
  EXPECT_GT(unsnapped, 1000);  // the limits did cut some off
  EXPECT_EQ(checked, 12000);
}

// What a split run's shard needs: the part of the network it reads, whatever else is left out
// and in whatever order its lines come, numbers its nodes in the same relative order and snaps a
// point as the whole network does, also when the point is as far from two roads.
TEST(RoadGraph, APartOfTheNetworkNumbersAndSnapsAsTheWhole) {
  // A crossing at (0, 0) of an east-west and a north-south street, and a street far to the east.
  // P (30, 30) is 30 m from both streets.
  RoadLines whole, part;
  whole.add_line({5000, -100, 5000, 100}, 1.0f, true, true, "far");
  whole.add_line({-100, 0, 0, 0, 100, 0}, 1.0f, true, true, "ew");
  whole.add_line({0, -100, 0, 0, 0, 100}, 1.0f, true, true, "ns");
  part.add_line({0, -100, 0, 0, 0, 100}, 1.0f, true, true, "ns");  // the other order, no far street
  part.add_line({-100, 0, 0, 0, 100, 0}, 1.0f, true, true, "ew");
  const RoadGraph gw = build_road_graph(whole), gp = build_road_graph(part);
  // The five nodes of the crossing in the same relative order (the whole graph has two more).
  auto crossing_order = [](const RoadGraph& g) {
    std::vector<std::pair<double, double>> xy;
    for (Id v = 0; v < g.node_count(); ++v)
      if (g.x_m[v] < 1000) xy.push_back({g.x_m[v], g.y_m[v]});
    return xy;
  };
  ASSERT_EQ(gw.node_count(), 7u);
  EXPECT_EQ(crossing_order(gw), crossing_order(gp));
  // P snaps to the same street in both (the tie goes to the segment whose ends come first in the
  // nodes' order), at the same place.
  const SegmentIndex iw(gw), ip(gp);
  const Snap sw = iw.snap(30, 30, 250), sp = ip.snap(30, 30, 250);
  ASSERT_TRUE(sw.ok() && sp.ok());
  EXPECT_FLOAT_EQ(sw.offset_m, 30);
  double xw, yw, xp, yp;
  snapped_xy(gw, sw, xw, yw);
  snapped_xy(gp, sp, xp, yp);
  EXPECT_EQ(xw, xp);
  EXPECT_EQ(yw, yp);
  const auto ends = [](const RoadGraph& g, const Snap& s) {
    return std::make_pair(std::make_pair(g.x_m[g.seg_a[s.segment]], g.y_m[g.seg_a[s.segment]]),
                          std::make_pair(g.x_m[g.seg_b[s.segment]], g.y_m[g.seg_b[s.segment]]));
  };
  EXPECT_EQ(ends(gw, sw), ends(gp, sp));
}

NetworkCostOptions walk_1mps() { return {Weight::time, 1.0}; }

TEST(NetworkReach, HandComputedTimes) {
  const RoadGraph g = build_road_graph(grid_lines());
  const SegmentIndex index(g);
  // One facility exactly at C (200, 0).
  const std::vector<Snap> sites{index.snap(200, 0, 1)};
  const std::vector<Snap> demand{
      index.snap(50, 20, 100),    // d0: 20 m access + 150 m along A-B-C           = 170 s
      index.snap(200, 100, 1),    // d1: at F; C->F is one-way north, so F->C must go
                                  //     round F-E-D-A-B-C = 500 s
      index.snap(150, 0, 1),      // d2: on B-C, 50 m from C (same segment)           = 50 s
      index.snap(1050, 1000, 1),  // d3: on the island                                 unreachable
  };
  const NearestResult r = nearest_sites(g, sites, demand, walk_1mps());
  EXPECT_NEAR(r.time_s[0], 170.0f, 1e-3);
  EXPECT_NEAR(r.length_m[0], 170.0f, 1e-3);
  EXPECT_NEAR(r.time_s[1], 500.0f, 1e-3);
  EXPECT_NEAR(r.time_s[2], 50.0f, 1e-3);
  EXPECT_EQ(r.time_s[3], no_passage);
  EXPECT_EQ(r.site[3], invalid_id);

  // The other way round: a facility at F, a demand point at C goes north on C->F: 100 s.
  const NearestResult r2 = nearest_sites(g, {index.snap(200, 100, 1)}, {index.snap(200, 0, 1)}, walk_1mps());
  EXPECT_NEAR(r2.time_s[0], 100.0f, 1e-3);
}

TEST(NetworkReach, CatchmentsWithinLimit) {
  const RoadGraph g = build_road_graph(grid_lines());
  const SegmentIndex index(g);
  const std::vector<Snap> sites{index.snap(200, 0, 1), index.snap(0, 100, 1)};  // at C, at D
  const std::vector<Snap> demand{index.snap(50, 20, 100), index.snap(200, 100, 1), index.snap(150, 0, 1),
                                 index.snap(1050, 1000, 1)};
  const PointsOnSegments on = PointsOnSegments::build(g, demand);
  const Reach reach = network_catchments(g, sites, demand, on, walk_1mps(), 200.0f);
  // Site C within 200 s: d0 (170), d2 (50); d1 needs 500.
  // Site D within 200 s: d0 (20 + 50 to A + 100 to D = 170), d1 (F-E-D = 200, on the limit).
  ASSERT_EQ(reach.first, (std::vector<Id>{0, 2, 4}));
  EXPECT_EQ(std::vector<Id>(reach.demand.begin(), reach.demand.end()), (std::vector<Id>{0, 2, 0, 1}));
  EXPECT_NEAR(reach.cost[0], 170.0f, 1e-3);
  EXPECT_NEAR(reach.cost[1], 50.0f, 1e-3);
  EXPECT_NEAR(reach.cost[2], 170.0f, 1e-3);
  EXPECT_NEAR(reach.cost[3], 200.0f, 1e-3);
  EXPECT_EQ(reach.count_by_demand(), (std::vector<std::uint32_t>{2, 1, 1, 0}));
}

// A river between y = 0 and y = 200 crossed by one bridge at x = 1000:
//
//   y=200  P ------------------------- Q        north bank street
//                                      |        bridge (200 m)
//   y=0    R ------------------------- S        south bank street
//          x=0                       x=1000
TEST(NetworkReach, RiverIsCrossedOnlyAtTheBridge) {
  RoadLines l;
  l.add_line({0, 200, 500, 200, 1000, 200}, 1.0f, true, true, "north");
  l.add_line({0, 0, 500, 0, 1000, 0}, 1.0f, true, true, "south");
  l.add_line({1000, 0, 1000, 200}, 1.0f, true, true, "bridge");
  const RoadGraph g = build_road_graph(l);
  const SegmentIndex index(g);
  // A clinic at R (0, 0); a home at P (0, 200), 200 m away across the water: the walk is
  // 1000 east + 200 over the bridge + 1000 west = 2,200 m.
  const NearestResult r = nearest_sites(g, {index.snap(0, 0, 1)}, {index.snap(0, 200, 1), index.snap(500, 210, 50)},
                                        {Weight::length, 1.0});
  EXPECT_NEAR(r.length_m[0], 2200.0f, 1e-2);
  EXPECT_NEAR(r.time_s[0], 2200.0f, 1e-2);  // at 1 m/s
  // A home 10 m north of the north street at x = 500: 10 + 500 + 200 + 1000 = 1,710 m.
  EXPECT_NEAR(r.length_m[1], 1710.0f, 1e-2);
}

TEST(NetworkCoverage, ReportsIslandsAndUnsnapped) {
  const RoadGraph g = build_road_graph(grid_lines());
  Categories cats;
  const CategoryId health = cats.add("health");
  Facilities fac;
  fac.push_back(200, 0, health, "C", "");
  fac.push_back(1100, 1000, health, "H", "");  // on the island
  Demand dem;
  dem.push_back(50, 20, 10, "d0");       // 170 s from C
  dem.push_back(200, 100, 20, "d1");     // 500 s from C
  dem.push_back(1050, 1000, 30, "d2");   // on the island, 50 s from H
  dem.push_back(5000, 5000, 40, "far");  // no road within 250 m
  NetworkCoverageOptions o;
  o.categories = {{health, within_seconds(300.0)}};
  o.access_speed_mps = 1.0;
  const NetworkCoverage nc = compute_network_coverage(g, dem, fac, o);
  EXPECT_EQ(nc.demand_unsnapped, (std::vector<Id>{3}));
  EXPECT_EQ(nc.demand_on_island, (std::vector<Id>{2}));
  EXPECT_EQ(nc.facility_on_island, (std::vector<Id>{1}));
  const CategoryCoverage& c = nc.coverage.categories[0];
  EXPECT_EQ(c.count_within, (std::vector<std::uint32_t>{1, 0, 1, 0}));
  EXPECT_DOUBLE_EQ(c.population_covered, 40.0);  // d0 (10) + d2 (30), within 300 s
  EXPECT_DOUBLE_EQ(c.within_s, 300.0);
  EXPECT_TRUE(std::isnan(c.within_m));
  EXPECT_NEAR(c.nearest_s[1], 500.0f, 1e-3);
  EXPECT_EQ(c.nearest_facility[2], 1u);
  EXPECT_DOUBLE_EQ(c.population_in_reach[0], 10.0);
  EXPECT_DOUBLE_EQ(c.population_in_reach[1], 30.0);
}

// A category with no facility: nothing is reached, and every per-demand vector keeps its size.
TEST(NetworkReach, NoSiteReachesNobody) {
  const RoadGraph g = build_road_graph(grid_lines());
  const SegmentIndex index(g);
  const std::vector<Snap> demand{index.snap(50, 20, 100), index.snap(200, 100, 1), index.snap(150, 0, 1),
                                 index.snap(1050, 1000, 1)};
  const NearestResult r = nearest_sites(g, {}, demand, walk_1mps());
  ASSERT_EQ(r.site.size(), 4u);  // one per demand point
  ASSERT_EQ(r.time_s.size(), 4u);
  ASSERT_EQ(r.length_m.size(), 4u);
  for (std::size_t d = 0; d < 4; ++d) {
    EXPECT_EQ(r.site[d], invalid_id);
    EXPECT_EQ(r.time_s[d], no_passage);
    EXPECT_EQ(r.length_m[d], no_passage);
  }
  const PointsOnSegments on = PointsOnSegments::build(g, demand);
  const Reach reach = network_catchments(g, {}, demand, on, walk_1mps(), 200.0f);
  EXPECT_EQ(reach.n_sites, 0u);
  EXPECT_EQ(reach.n_demand, 4u);
  EXPECT_EQ(reach.first, (std::vector<Id>{0}));  // 0 sites + 1
  EXPECT_TRUE(reach.demand.empty());
  EXPECT_EQ(reach.count_by_demand(), (std::vector<std::uint32_t>{0, 0, 0, 0}));
}

// Coverage with one category holding the facility at C and one holding none.
TEST(NetworkCoverage, CategoryWithNoFacility) {
  const RoadGraph g = build_road_graph(grid_lines());
  Categories cats;
  const CategoryId health = cats.add("health");
  const CategoryId elderly = cats.add("elderly_care");
  Facilities fac;
  fac.push_back(200, 0, health, "C", "");
  Demand dem;
  dem.push_back(50, 20, 10, "d0");    // 170 s from C
  dem.push_back(200, 100, 20, "d1");  // 500 s from C
  NetworkCoverageOptions o;
  o.categories = {{health, within_seconds(300.0)}, {elderly, within_seconds(300.0)}};
  o.access_speed_mps = 1.0;
  o.buffer_m = 10.0;
  const NetworkCoverage nc = compute_network_coverage(g, dem, fac, o);
  ASSERT_EQ(nc.coverage.categories.size(), 2u);
  const CategoryCoverage& h = nc.coverage.categories[0];
  EXPECT_DOUBLE_EQ(h.population_covered, 10.0);  // d0 only, within 300 s
  const CategoryCoverage& e = nc.coverage.categories[1];
  EXPECT_TRUE(e.facilities.empty());
  EXPECT_EQ(e.count_within, (std::vector<std::uint32_t>{0, 0}));
  EXPECT_EQ(e.nearest_facility, (std::vector<Id>{invalid_id, invalid_id}));
  EXPECT_EQ(e.nearest_s[0], unreachable_m);
  EXPECT_EQ(e.nearest_m[1], unreachable_m);
  EXPECT_TRUE(e.population_in_reach.empty());  // one per facility
  EXPECT_TRUE(e.population_nearest.empty());
  EXPECT_DOUBLE_EQ(e.population_covered, 0.0);
  EXPECT_DOUBLE_EQ(nc.coverage.population_complete, 0.0);  // nobody has both categories
  ASSERT_EQ(nc.reach.size(), 2u);
  EXPECT_EQ(nc.reach[1].n_sites, 0u);
  ASSERT_EQ(nc.areas.size(), 2u);
  EXPECT_GT(nc.areas[0].area_m2, 0.0);
  EXPECT_EQ(nc.areas[1].facility_count, 0u);
  EXPECT_DOUBLE_EQ(nc.areas[1].area_m2, 0.0);  // the dissolved isochrone of no site is empty
  EXPECT_TRUE(nc.areas[1].wkb.empty());
}

// ---- Property tests on random graphs against a plain reference Dijkstra -------------------------

struct RandomNet {
  RoadLines lines;
  RoadGraph g;
};

RandomNet random_net(std::mt19937& rng, int nodes, int extra_edges) {
  std::uniform_real_distribution<double> u(0, 2000), speed(0.5, 2.0), coin(0, 1);
  std::vector<std::pair<double, double>> p(nodes);
  for (auto& q : p) q = {u(rng), u(rng)};
  RandomNet n;
  auto add = [&](int a, int b) {
    const double c = coin(rng);
    // a third one-way forward, a tenth one-way backward, the rest two-way
    n.lines.add_line({p[a].first, p[a].second, p[b].first, p[b].second}, static_cast<float>(speed(rng)), c > 0.1,
                     c < 0.66 || c <= 0.1, "");
  };
  for (int i = 1; i < nodes; ++i) add(i, static_cast<int>(rng() % i));  // a spanning tree
  for (int e = 0; e < extra_edges; ++e) add(static_cast<int>(rng() % nodes), static_cast<int>(rng() % nodes));
  n.g = build_road_graph(n.lines);
  return n;
}

// The cost of every node by a plain O(n^2) Dijkstra over the segments: towards the sources
// (travelling x -> best along a segment relaxes x) or from them (best -> x relaxes x).
std::vector<double> reference(const RoadGraph& g, const std::vector<SearchSource>& sources, Weight w, Direction dir) {
  const Id n = g.node_count();
  const bool from = dir == Direction::from_sources;
  std::vector<double> dist(n, INFINITY);
  std::vector<char> done(n, 0);
  for (const auto& s : sources) dist[s.node] = std::min<double>(dist[s.node], s.cost);
  for (;;) {
    Id best = invalid_id;
    for (Id v = 0; v < n; ++v)
      if (!done[v] && dist[v] < INFINITY && (best == invalid_id || dist[v] < dist[best])) best = v;
    if (best == invalid_id) break;
    done[best] = 1;
    for (Id s = 0; s < g.segment_count(); ++s) {
      const double len = g.seg_length_m[s];
      // Along a -> b: towards the sources it relaxes a from b, from them b from a.
      const Id ab_from = from ? g.seg_a[s] : g.seg_b[s], ab_to = from ? g.seg_b[s] : g.seg_a[s];
      if (ab_from == best && g.seg_time_ab_s[s] != no_passage)
        dist[ab_to] = std::min(dist[ab_to], dist[best] + (w == Weight::time ? g.seg_time_ab_s[s] : len));
      if (ab_to == best && g.seg_time_ba_s[s] != no_passage)
        dist[ab_from] = std::min(dist[ab_from], dist[best] + (w == Weight::time ? g.seg_time_ba_s[s] : len));
    }
  }
  return dist;
}

std::vector<double> reference_towards(const RoadGraph& g, const std::vector<SearchSource>& sources, Weight w) {
  return reference(g, sources, w, Direction::towards_sources);
}

TEST(NetworkProperty, MultiSourceEqualsMinimumOfSingleSourcesAndReference) {
  std::mt19937 rng(12345);
  for (int trial = 0; trial < 12; ++trial) {
    const RandomNet net = random_net(rng, 60 + 10 * trial, 40);
    const RoadGraph& g = net.g;
    const Weight w = trial % 2 ? Weight::length : Weight::time;
    std::vector<SearchSource> all;
    std::vector<std::vector<double>> single;
    for (int k = 0; k < 4; ++k) {
      const Id v = static_cast<Id>(rng() % g.node_count());
      const SearchSource s{v, static_cast<float>(rng() % 50), 0.0f, static_cast<Id>(k)};
      all.push_back(s);
      Dijkstra d(g.node_count());
      d.run(g, Direction::towards_sources, w, {s}, no_passage);
      std::vector<double> c(g.node_count());
      for (Id x = 0; x < g.node_count(); ++x) c[x] = d.reached(x) ? d.cost(x) : INFINITY;
      single.push_back(c);
    }
    Dijkstra multi(g.node_count());
    multi.run(g, Direction::towards_sources, w, all, no_passage);
    const std::vector<double> ref = reference_towards(g, all, w);
    for (Id x = 0; x < g.node_count(); ++x) {
      double m = INFINITY;
      for (const auto& c : single) m = std::min(m, c[x]);
      const double got = multi.reached(x) ? multi.cost(x) : INFINITY;
      if (std::isinf(ref[x])) {
        EXPECT_TRUE(std::isinf(got)) << "trial " << trial << " node " << x;
        EXPECT_TRUE(std::isinf(m));
      } else {
        EXPECT_NEAR(got, ref[x], 1e-3 * (1 + ref[x])) << "trial " << trial << " node " << x;
        EXPECT_NEAR(m, ref[x], 1e-3 * (1 + ref[x])) << "trial " << trial << " node " << x;
        EXPECT_NEAR(got, single[multi.label(x)][x], 1e-3 * (1 + ref[x]));  // the label is a cheapest source
      }
    }
  }
}

// Searches run on the junctions, the inner nodes of chains filled in after. Roads here are long
// random polylines, so most nodes are inner: lines that meet only at their ends or at a few
// shared vertices, lines that return to their start (loops), closed rings touching nothing,
// the same two vertices joined twice, and one-way lines joining two-way ones mid-chain. Sources
// sit on inner nodes and junctions alike; the costs match the reference within a limit and
// without one, both ways, and every node's label is one of its cheapest sources.
TEST(NetworkProperty, ChainsOfInnerNodesMatchTheReference) {
  std::mt19937 rng(2026);
  std::uniform_real_distribution<double> u(0, 1000), step(-60, 60), coin(0, 1), speed(0.5, 2.0);
  for (int trial = 0; trial < 16; ++trial) {
    RoadLines lines;
    std::vector<std::pair<double, double>> shared;  // vertices several lines pass through
    for (int k = 0; k < 6; ++k) shared.emplace_back(std::round(u(rng)), std::round(u(rng)));
    auto add = [&](std::vector<double> xy) {
      const double c = coin(rng);
      lines.add_line(xy, static_cast<float>(speed(rng)), c > 0.15, c < 0.7 || c <= 0.15, "");
    };
    for (int l = 0; l < 20; ++l) {
      auto [x, y] = shared[rng() % shared.size()];
      std::vector<double> xy{x, y};
      const int n = 2 + static_cast<int>(rng() % 9);
      for (int v = 0; v < n; ++v) {
        x = std::round(x + step(rng)), y = std::round(y + step(rng));
        xy.push_back(x), xy.push_back(y);
      }
      const double end = coin(rng);
      if (end < 0.75) {  // to another shared vertex
        const auto& q = shared[rng() % shared.size()];
        xy.push_back(q.first), xy.push_back(q.second);
      } else if (end < 0.87) {  // back to its start: a loop
        xy.push_back(xy[0]), xy.push_back(xy[1]);
      }  // else a dead end
      add(xy);
    }
    // A ring on its own, and two vertices joined twice by separate lines.
    const double rx = 3000 + 100 * trial, ry = 3000;
    add({rx, ry, rx + 50, ry, rx + 50, ry + 40, rx, ry + 40, rx, ry});
    add({5000, 0, 5030, 10});
    add({5030, 10, 5000, 0});
    const RoadGraph g = build_road_graph(lines);
    ASSERT_LT(g.search.junction_count() * 2, g.node_count()) << "trial " << trial;  // mostly inner nodes

    const Weight w = trial % 2 ? Weight::length : Weight::time;
    const Direction dir = trial % 4 < 2 ? Direction::towards_sources : Direction::from_sources;
    std::vector<SearchSource> sources;
    for (Id k = 0; k < static_cast<Id>(1 + trial % 4); ++k)
      sources.push_back({static_cast<Id>(rng() % g.node_count()), static_cast<float>(rng() % 30), 0.0f, k});
    const std::vector<double> ref = reference(g, sources, w, dir);
    std::vector<std::vector<double>> single;
    for (const SearchSource& s : sources) single.push_back(reference(g, {s}, w, dir));
    for (const float limit : {no_passage, 400.0f}) {
      Dijkstra search(g.node_count());
      search.run(g, dir, w, sources, limit);
      std::size_t reached = 0;
      for (Id x = 0; x < g.node_count(); ++x) {
        const bool within = !std::isinf(ref[x]) && ref[x] <= limit;
        if (std::abs(ref[x] - limit) < 1e-2) continue;  // clear of float rounding at the limit
        ASSERT_EQ(search.reached(x), within) << "trial " << trial << " node " << x << " limit " << limit;
        if (!within) continue;
        ++reached;
        EXPECT_NEAR(search.cost(x), ref[x], 1e-3 * (1 + ref[x])) << "trial " << trial << " node " << x;
        ASSERT_LT(search.label(x), sources.size());
        EXPECT_NEAR(single[search.label(x)][x], ref[x], 1e-3 * (1 + ref[x])) << "trial " << trial << " node " << x;
      }
      std::vector<Id> listed = search.settled();
      std::sort(listed.begin(), listed.end());
      EXPECT_TRUE(std::adjacent_find(listed.begin(), listed.end()) == listed.end()) << "a node listed twice";
      for (Id x : listed) EXPECT_TRUE(search.reached(x));
      EXPECT_GE(listed.size(), reached);
    }
  }
}

// Point-to-site costs: nearest_sites and network_catchments against the reference, computed
// from reference node costs per site plus the along-segment case.
TEST(NetworkProperty, CatchmentsAndNearestAgreeWithReference) {
  std::mt19937 rng(777);
  std::uniform_real_distribution<double> u(0, 2000);
  for (int trial = 0; trial < 6; ++trial) {
    const RandomNet net = random_net(rng, 80, 60);
    const RoadGraph& g = net.g;
    const SegmentIndex index(g);
    std::vector<Snap> sites, demand;
    for (int k = 0; k < 5; ++k) sites.push_back(index.snap(u(rng), u(rng), 1e9));
    for (int k = 0; k < 300; ++k) demand.push_back(index.snap(u(rng), u(rng), 1e9));
    const NetworkCostOptions o{Weight::time, 1.2};
    const float limit = 900.0f;
    const NearestResult nearest = nearest_sites(g, sites, demand, o);
    const Reach reach = network_catchments(g, sites, demand, PointsOnSegments::build(g, demand), o, limit);

    std::vector<std::vector<double>> cost(sites.size(), std::vector<double>(demand.size(), INFINITY));
    for (Id f = 0; f < sites.size(); ++f) {
      std::vector<SearchSource> src;
      detail::add_site_sources(g, sites[f], f, o, src);
      const std::vector<double> node = reference_towards(g, src, o.weight);
      for (Id d = 0; d < demand.size(); ++d) {
        const Snap& p = demand[d];
        const Id s = p.segment;
        const double acc = p.offset_m / o.access_speed_mps;
        double best = INFINITY;
        if (g.seg_time_ba_s[s] != no_passage) best = std::min(best, acc + p.t * g.seg_time_ba_s[s] + node[g.seg_a[s]]);
        if (g.seg_time_ab_s[s] != no_passage) best = std::min(best, acc + (1 - p.t) * g.seg_time_ab_s[s] + node[g.seg_b[s]]);
        const detail::PointCost direct = detail::along_segment(g, p, sites[f], f, o);
        best = std::min<double>(best, direct.cost);
        cost[f][d] = best;
      }
    }
    for (Id d = 0; d < demand.size(); ++d) {
      double m = INFINITY;
      for (Id f = 0; f < sites.size(); ++f) m = std::min(m, cost[f][d]);
      if (std::isinf(m)) EXPECT_EQ(nearest.site[d], invalid_id);
      else EXPECT_NEAR(nearest.time_s[d], m, 1e-3 * (1 + m)) << "trial " << trial << " demand " << d;
    }
    for (Id f = 0; f < sites.size(); ++f) {
      std::vector<Id> expected;
      for (Id d = 0; d < demand.size(); ++d)
        if (cost[f][d] <= limit - 1e-2) expected.push_back(d);  // clear of float rounding at the limit
      std::vector<Id> got(reach.demand.begin() + reach.first[f], reach.demand.begin() + reach.first[f + 1]);
      for (Id d : expected) EXPECT_TRUE(std::binary_search(got.begin(), got.end(), d)) << "site " << f << " demand " << d;
      for (Id k = reach.first[f]; k < reach.first[f + 1]; ++k) {
        EXPECT_NEAR(reach.cost[k], cost[f][reach.demand[k]], 1e-3 * (1 + reach.cost[k]));
        EXPECT_LE(reach.cost[k], limit);
      }
    }
  }
}

// network_catchments sorts and visits in its own way (sites in spatial order, each segment's
// points at once, the hits by a radix sort): its Reach is exactly the plain loop over every site
// and every point with via_segment_ends and along_segment after one search per site, on one
// thread and on two. Some sites stand where demand points stand (the along-segment case), one
// is not snapped and one is there twice.
TEST(NetworkProperty, CatchmentsAreThePlainLoopOnAnyThreadCount) {
  std::mt19937 rng(4242);
  std::uniform_real_distribution<double> u(0, 2000);
  for (int trial = 0; trial < 6; ++trial) {
    const RandomNet net = random_net(rng, 120, 80);
    const RoadGraph& g = net.g;
    const SegmentIndex index(g);
    std::vector<Snap> demand;
    std::vector<double> dx, dy;
    for (int k = 0; k < 2000; ++k) dx.push_back(u(rng)), dy.push_back(u(rng));
    for (int k = 0; k < 2000; ++k) demand.push_back(index.snap(dx[k], dy[k], 1e9));
    std::vector<Snap> sites;
    for (int k = 0; k < 40; ++k)
      sites.push_back(k % 4 == 0 ? index.snap(dx[k], dy[k], 1e9) : index.snap(u(rng), u(rng), 1e9));
    sites.push_back(Snap{});    // not snapped: reaches nobody
    sites.push_back(sites[3]);  // the same place twice
    const NetworkCostOptions o{trial % 2 ? Weight::length : Weight::time, 1.3};
    const float limit = trial < 4 ? 400.0f : 1500.0f;

    std::vector<std::vector<std::pair<Id, float>>> expected(sites.size());
    Dijkstra search(g.node_count());
    for (Id f = 0; f < sites.size(); ++f) {
      if (!sites[f].ok()) continue;
      std::vector<SearchSource> src;
      detail::add_site_sources(g, sites[f], f, o, src);
      search.run(g, Direction::towards_sources, o.weight, src, limit);
      for (Id d = 0; d < demand.size(); ++d) {
        detail::PointCost c = detail::via_segment_ends(g, search, demand[d], o);
        const detail::PointCost direct = detail::along_segment(g, demand[d], sites[f], f, o);
        if (direct.cost < c.cost) c = direct;
        if (c.cost <= limit) expected[f].emplace_back(d, c.cost);
      }
    }
    const PointsOnSegments on = PointsOnSegments::build(g, demand);
    for (int threads : {1, 2}) {
      tbb::global_control gc(tbb::global_control::max_allowed_parallelism, threads);
      const Reach reach = network_catchments(g, sites, demand, on, o, limit);
      ASSERT_EQ(reach.n_sites, sites.size());
      for (Id f = 0; f < sites.size(); ++f) {
        std::vector<std::pair<Id, float>> got;
        for (Id k = reach.first[f]; k < reach.first[f + 1]; ++k) got.emplace_back(reach.demand[k], reach.cost[k]);
        EXPECT_EQ(got, expected[f]) << "trial " << trial << " site " << f << " threads " << threads;
      }
    }
    EXPECT_TRUE(expected[sites.size() - 2].empty());
    EXPECT_EQ(expected[sites.size() - 1], expected[3]);
  }
}

}  // namespace
}  // namespace lc

#pragma once
// The generated grid city of the road-network benchmarks (bench_network, bench_access_network):
// 708 x 708 street crossings 100 m apart (70.7 km x 70.7 km, 501,264 nodes, 1,001,112 street
// segments), streets drawn as 1 km stretches (10 blocks), 2 % of the stretches one-way (a random
// direction), walking at 1.11 m/s; 1,000,000 demand points (weight 1) and 10,000 facilities
// placed uniformly at random (fixed seeds). Demand is stored in spatial (Morton) order, as
// api::load_inputs stores it. Built once, on first use, outside any timed loop.

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

#include "algorithms/dijkstra.hpp"
#include "algorithms/network_reach.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/spatial_order.hpp"
#include "core/demand.hpp"
#include "core/road_network.hpp"

namespace lc::bench {

inline constexpr double kMaxSnapM = 250.0;  // the CLI's --max-snap default
inline constexpr float kCatchmentS = 900.0f;

inline constexpr int kGridN = 708;         // crossings per side
inline constexpr double kBlockM = 100.0;   // crossing spacing
inline constexpr int kStretchBlocks = 10;  // one road line per 10 blocks of a street
inline constexpr double kOneWayShare = 0.02;
inline constexpr float kWalkMps = 1.11f;
inline constexpr Id kDemand = 1000000;
inline constexpr Id kFacilities = 10000;
inline constexpr double kSideM = (kGridN - 1) * kBlockM;

struct GridCity {
  RoadLines lines;
  int one_way_lines = 0;
  RoadGraph graph;
  std::unique_ptr<SegmentIndex> index;  // refers to `graph`: GridCity is never moved
  Demand demand;                        // spatial (Morton) order
  std::vector<double> fx, fy;
  std::vector<Snap> demand_snaps, facility_snaps;
  PointsOnSegments on_segments;
  NetworkCostOptions cost{Weight::time, kWalkMps};
};

inline RoadLines grid_lines(int& one_way) {
  RoadLines lines;
  std::mt19937_64 rng(708708);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  one_way = 0;
  std::vector<double> xy;
  for (int horizontal = 0; horizontal < 2; ++horizontal) {
    for (int street = 0; street < kGridN; ++street) {
      for (int start = 0; start < kGridN - 1; start += kStretchBlocks) {
        const int end = std::min(start + kStretchBlocks, kGridN - 1);
        xy.clear();
        for (int k = start; k <= end; ++k) {
          const double along = k * kBlockM, across = street * kBlockM;
          xy.push_back(horizontal ? along : across);
          xy.push_back(horizontal ? across : along);
        }
        bool fwd = true, bwd = true;
        if (u(rng) < kOneWayShare) {
          ++one_way;
          (u(rng) < 0.5 ? fwd : bwd) = false;
        }
        lines.add_line(xy, kWalkMps, fwd, bwd, "");
      }
    }
  }
  return lines;
}

inline const GridCity& grid_city() {
  static const std::unique_ptr<GridCity> c = [] {
    auto c = std::make_unique<GridCity>();
    c->lines = grid_lines(c->one_way_lines);
    c->graph = build_road_graph(c->lines);
    c->index = std::make_unique<SegmentIndex>(c->graph);
    std::mt19937_64 rng(20261124);
    std::uniform_real_distribution<double> u(0.0, kSideM);
    Demand shuffled;
    for (Id i = 0; i < kDemand; ++i) {
      const double x = u(rng);
      shuffled.push_back(x, u(rng), 1.0, "");
    }
    c->demand = permuted(shuffled, morton_order(shuffled.x_m, shuffled.y_m, demand_order_cell_m));
    for (Id i = 0; i < kFacilities; ++i) {
      c->fx.push_back(u(rng));
      c->fy.push_back(u(rng));
    }
    c->demand_snaps = snap_points(*c->index, c->demand.x_m, c->demand.y_m, kMaxSnapM);
    c->facility_snaps = snap_points(*c->index, c->fx, c->fy, kMaxSnapM);
    c->on_segments = PointsOnSegments::build(c->graph, c->demand_snaps);
    return c;
  }();
  return *c;
}

}  // namespace lc::bench

// Bounded walking catchments from many source nodes, for the side-by-side run with pgRouting
// (bench/pgrouting.sh): loads an extract in walk mode, builds lifecircle's road graph, writes it
// as a pgRouting edge table (edges.csv: id, source, target, cost, reverse_cost in metres; node
// ids + 1) with `n` source nodes of its largest connected part (sources.txt, fixed seed), then
// times lifecircle's own bounded searches from those sources on one thread (one search per
// source, network length, up to `limit_m`), the first 1,000 and all of them, 11 runs each.
//   bench_catchments EXTRACT OUTDIR [N=10000] [LIMIT_M=1000]
// Prints, per source count: the median and range of the runs, and the (source, node) pairs
// reached, which pgRouting's pgr_drivingDistance should match up to rounding at the limit.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "algorithms/dijkstra.hpp"
#include "algorithms/road_graph.hpp"
#include "api/load.hpp"
#include "io/crs.hpp"
#include "io/read_inputs.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s EXTRACT OUTDIR [N=10000] [LIMIT_M=1000]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1], out = argv[2];
  const std::size_t n = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 10000;
  const float limit = argc > 4 ? std::strtof(argv[4], nullptr) : 1000.0f;

  lc::io::LoadOptions options;
  options.mode = lc::TravelMode::walk;
  const lc::io::Inputs in =
      lc::api::load_inputs({{path, "", "", "", "", lc::FacilityStatus::existing}}, {path, "", ""}, options);
  const lc::RoadGraph g = lc::build_road_graph(in.roads);

  {
    std::ofstream e(out + "/edges.csv");
    e << "id,source,target,cost,reverse_cost\n";
    char line[160];
    for (lc::Id s = 0; s < g.segment_count(); ++s) {
      const bool ab = g.seg_time_ab_s[s] != lc::no_passage, ba = g.seg_time_ba_s[s] != lc::no_passage;
      std::snprintf(line, sizeof line, "%u,%u,%u,%.9g,%.9g\n", s + 1, g.seg_a[s] + 1, g.seg_b[s] + 1,
                    ab ? g.seg_length_m[s] : -1.0, ba ? g.seg_length_m[s] : -1.0);
      e << line;
    }
    if (!e) {
      std::fprintf(stderr, "%s/edges.csv: cannot write\n", out.c_str());
      return 1;
    }
  }
  std::vector<lc::Id> nodes;
  for (lc::Id v = 0; v < g.node_count(); ++v)
    if (g.component[v] == g.largest_component) nodes.push_back(v);
  // The same places whatever the graph's numbering: by position, then shuffled.
  std::sort(nodes.begin(), nodes.end(),
            [&](lc::Id a, lc::Id b) { return std::make_pair(g.x_m[a], g.y_m[a]) < std::make_pair(g.x_m[b], g.y_m[b]); });
  std::mt19937 rng(1);
  std::shuffle(nodes.begin(), nodes.end(), rng);
  nodes.resize(std::min(n, nodes.size()));
  {
    std::ofstream s(out + "/sources.txt");
    for (std::size_t k = 0; k < nodes.size(); ++k) s << (k ? "," : "") << nodes[k] + 1;
    s << "\n";
  }
  {
    // The same places as facilities (lon, lat), for a whole `coverage` run (bench/malta_coverage.sh).
    const auto metric = lc::io::metric_crs_from_user(in.crs);
    const auto lonlat = lc::io::wgs84_lonlat();
    const auto to_lonlat = lc::io::make_transform(*metric, *lonlat, "facilities.csv");
    std::ofstream f(out + "/facilities.csv");
    f << "id,lon,lat\n";
    char line[96];
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      double x = g.x_m[nodes[k]], y = g.y_m[nodes[k]];
      if (!to_lonlat->Transform(1, &x, &y)) {
        std::fprintf(stderr, "cannot reproject node %u\n", nodes[k]);
        return 1;
      }
      std::snprintf(line, sizeof line, "n%u,%.8f,%.8f\n", nodes[k] + 1, x, y);
      f << line;
    }
  }
  std::printf("graph: %u nodes, %u segments, searched on %u junctions and %u arcs; %zu sources in its largest part (%u nodes); "
              "limit %g m\n",
              g.node_count(), g.segment_count(), g.search.junction_count(), g.search.arc_count(), nodes.size(),
              g.component_nodes[g.largest_component], limit);

  lc::Dijkstra search(g.node_count());
  for (const std::size_t count : {std::min<std::size_t>(1000, nodes.size()), nodes.size()}) {
    std::vector<double> seconds;
    std::size_t pairs = 0;
    for (int run = 0; run < 11; ++run) {
      pairs = 0;
      const auto t0 = std::chrono::steady_clock::now();
      for (std::size_t k = 0; k < count; ++k) {
        search.run(g, lc::Direction::from_sources, lc::Weight::length, {{nodes[k], 0.0f, 0.0f, 0}}, limit);
        pairs += search.settled().size();
      }
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(seconds.begin(), seconds.end());
    std::printf("lifecircle %zu catchments: median %.4f s (%.4f-%.4f over 11 runs, one thread), %zu pairs\n", count,
                seconds[5], seconds.front(), seconds.back(), pairs);
  }
  return 0;
}

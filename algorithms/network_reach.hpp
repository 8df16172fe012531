#pragma once
// Network travel between snapped points: nearest facility per demand point (one multi-source
// search) and per-facility catchments as a Reach (one bounded search per facility, in parallel).
// Costs are for travelling from the demand point to the facility; the part between a point and
// its snapped position on the network is walked at the access speed.

#include <vector>

#include "algorithms/dijkstra.hpp"
#include "core/reach.hpp"
#include "core/road_network.hpp"
#include "core/threshold.hpp"

namespace lc {

struct NetworkCostOptions {
  Weight weight = Weight::time;
  double access_speed_mps = default_walk_speed_mps;  // off-network walk between a point and the road
};

// The demand points on each segment (CSR by segment, ascending demand ids).
struct PointsOnSegments {
  std::vector<Id> first;   // segments + 1
  std::vector<Id> point;
  static PointsOnSegments build(const RoadGraph& g, const std::vector<Snap>& snaps);
};

struct NearestResult {
  std::vector<float> time_s;    // per demand point; no_passage when no site is reachable
  std::vector<float> length_m;  // network length of that route (with the off-network parts)
  std::vector<Id> site;         // index into the site snaps; invalid_id when none
};

// Nearest site for every demand point, by `options.weight`: one multi-source search from all
// sites (labels: their indices). Points that did not snap are unreachable. `limit` (in the
// weight's unit) bounds it. When `search` is given, the search is run in it and left there (for
// isochrones from the same search).
NearestResult nearest_sites(const RoadGraph& g, const std::vector<Snap>& site_snaps,
                            const std::vector<Snap>& demand_snaps, const NetworkCostOptions& options,
                            float limit = no_passage, Dijkstra* search = nullptr);

// For every site, the demand points that reach it within `limit` (in the weight's unit), with
// their costs, ascending by demand id.
Reach network_catchments(const RoadGraph& g, const std::vector<Snap>& site_snaps,
                         const std::vector<Snap>& demand_snaps, const PointsOnSegments& on_segments,
                         const NetworkCostOptions& options, float limit);

namespace detail {

// A cost in the search's weight and in the other weight (length for time, time for length).
struct PointCost {
  float cost = no_passage;
  float other = no_passage;
  Id label = invalid_id;
};

// Sources for reaching a site (labelled `label`) at its snapped position.
void add_site_sources(const RoadGraph& g, const Snap& site, Id label, const NetworkCostOptions& o,
                      std::vector<SearchSource>& out);

// Best cost for a point to reach the sources of a finished `towards_sources` search through
// either end of its segment.
PointCost via_segment_ends(const RoadGraph& g, const Dijkstra& search, const Snap& p, const NetworkCostOptions& o);

// Cost for a point to reach a site on the same segment, directly along it.
PointCost along_segment(const RoadGraph& g, const Snap& p, const Snap& site, Id label, const NetworkCostOptions& o);

}  // namespace detail

}  // namespace lc

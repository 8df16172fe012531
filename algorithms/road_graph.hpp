#pragma once
// Building the routable graph from road lines, and placing points on it.

#include <memory>
#include <vector>

#include "core/road_network.hpp"

namespace lc {

// Cuts the lines at every vertex (shared vertices become shared nodes: exact coordinate match),
// drops zero-length pieces and pieces closed in both directions, builds forward and reverse CSR
// arcs, the segments at each node, and the connected components.
RoadGraph build_road_graph(const RoadLines& lines);

// An R-tree over the graph's segments (Boost.Geometry). Immutable; queries are const and safe
// from many threads.
class SegmentIndex {
 public:
  explicit SegmentIndex(const RoadGraph& graph);
  ~SegmentIndex();
  SegmentIndex(const SegmentIndex&) = delete;
  SegmentIndex& operator=(const SegmentIndex&) = delete;

  // The nearest point of the network to (x, y), if within `max_snap_m`; otherwise !ok().
  Snap snap(double x, double y, double max_snap_m) const;

 private:
  struct Tree;
  const RoadGraph& graph_;
  std::unique_ptr<Tree> tree_;
};

// Snaps every point (TBB, in parallel).
std::vector<Snap> snap_points(const SegmentIndex& index, const std::vector<double>& x_m,
                              const std::vector<double>& y_m, double max_snap_m);

// The snapped position's coordinates on its segment.
void snapped_xy(const RoadGraph& graph, const Snap& snap, double& x, double& y);

}  // namespace lc

#pragma once
// Isochrone polygons from a finished network search: the reached roads (whole segments, and
// partly reached segments cut at the exact remaining cost), plus the off-road links of the demand
// points reached, buffered and dissolved with GEOS.

#include <cstdint>
#include <vector>

#include "algorithms/dijkstra.hpp"
#include "core/road_network.hpp"

namespace lc {

enum class IsochroneShape : std::uint8_t { disks, rings };

struct IsochroneOptions {
  double buffer_m = 40.0;      // half-width of the band drawn around reached roads
  int quadrant_segments = 4;   // buffer arcs: segments per quarter circle
  bool split = false;          // one polygon per site (each place to its cheapest site), else one per break
  IsochroneShape shape = IsochroneShape::disks;
  double access_speed_mps = 1.11;  // as in NetworkCostOptions: the off-road link of a site
  // Holes up to this area (a city block enclosed by reached streets) are filled: the people in
  // the block walk out to those streets. 0 keeps every hole.
  double max_hole_m2 = 250000.0;
};

// A demand point reached by the search: where it stands, where it meets the road, at what cost
// and from which site (the search label).
struct ReachedPoint {
  double x, y;
  Snap snap;
  float cost;
  Id label;
};

struct IsochronePolygon {
  Id site = invalid_id;   // the label (split), or invalid_id (dissolved)
  float lower = 0.0f;     // rings: the previous break (0 for the first); disks: 0
  float upper = 0.0f;     // the break
  double area_m2 = 0.0;
  std::vector<unsigned char> wkb;  // valid (Multi)Polygon in metres; empty when nothing is reached
};

// `search` must be a towards_sources search in `weight` run from `site_snaps` (labels = their
// indices), with a limit of at least the largest break. Breaks ascending. Returns, for each site
// (split) or once (dissolved), one polygon per break, in break order.
std::vector<IsochronePolygon> isochrones(const RoadGraph& g, const Dijkstra& search, Weight weight,
                                         const std::vector<Snap>& site_snaps, const std::vector<float>& breaks,
                                         const std::vector<ReachedPoint>& points, const IsochroneOptions& options);

}  // namespace lc

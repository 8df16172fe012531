#pragma once
// Isochrone polygons from a finished network search: the reached roads (whole segments, and
// partly reached segments cut at the exact remaining cost), plus the off-road links of the demand
// points reached, buffered and dissolved with GEOS.

#include <cmath>
#include <cstdint>
#include <vector>

#include "algorithms/dijkstra.hpp"
#include "algorithms/network_reach.hpp"
#include "core/demand.hpp"
#include "core/isochrone_result.hpp"
#include "core/road_network.hpp"
#include "core/threshold.hpp"
#include "core/timings.hpp"

namespace lc {

struct IsochroneOptions {
  double buffer_m = 40.0;      // half-width of the band drawn around reached roads
  PolygonMethod method = PolygonMethod::exact;
  double cell_m = 0.0;         // fast: the raster's cell; 0: half the band's half-width
  int quadrant_segments = 4;   // buffer arcs: segments per quarter circle
  bool split = false;          // one polygon per site (each place to its cheapest site), else one per break
  IsochroneShape shape = IsochroneShape::disks;
  double access_speed_mps = default_walk_speed_mps;  // as in NetworkCostOptions: the off-road link of a site
  // Holes up to this area (a city block enclosed by reached streets) are filled: the people in
  // the block walk out to those streets. 0 keeps every hole.
  double max_hole_m2 = 250000.0;
  // Split: the sites whose polygons are drawn (by label, nonzero: drawn); empty: all. The others'
  // polygons come out empty. A site's polygons depend only on the reached roads and demand links
  // of the sites whose last-break areas' bounds come within split_context_m() of its own.
  std::vector<std::uint8_t> draw_sites;
};

// Split: how far around a site's last-break area (its bounds) the areas of other sites weigh on
// its polygons: the band and the side of the largest hole filled.
inline double split_context_m(const IsochroneOptions& o) {
  return o.buffer_m + (o.max_hole_m2 > 0 ? std::sqrt(o.max_hole_m2) : 0.0);
}

// A demand point reached by the search: where it stands, where it meets the road, at what cost
// and from which site (the search label).
struct ReachedPoint {
  double x, y;
  Snap snap;
  float cost;
  Id label;
};

// `search` must be a towards_sources search in `weight` run from `site_snaps` (labels = their
// indices), with a limit of at least the largest break. Breaks ascending. Returns, for each site
// (split) or once (dissolved), one polygon per break, in break order: sites x breaks polygons
// (split) or breaks polygons (dissolved). With no site nothing is reached: split returns no
// polygon (there is no site to own one); dissolved returns one empty polygon per break (site
// invalid_id, lower/upper set, area 0, empty wkb). With no break nothing is returned.
std::vector<IsochronePolygon> isochrones(const RoadGraph& g, const Dijkstra& search, Weight weight,
                                         const std::vector<Snap>& site_snaps, const std::vector<float>& breaks,
                                         const std::vector<ReachedPoint>& points, const IsochroneOptions& options);


struct SiteIsochrones {
  std::vector<IsochronePolygon> polygons;  // per site (split) or once, one per break; fast: no
                                           // geometry yet (contour `fields`)
  std::vector<DistanceField> fields;       // fast only: one per polygon
  std::vector<double> population;          // per polygon: weight of the demand inside it by network cost
  NearestResult nearest;                   // per demand point
  StageTimings timings;                    // search, polygons
};

// Isochrones of a set of sites from one multi-source search up to the last break; the weight of
// each polygon is the demand whose cost to its nearest site lies within the polygon's band (and,
// split, whose nearest site is the polygon's). `population` has one entry per polygon. With no
// site: the polygons as for isochrones() (split: none; dissolved: one empty polygon per break,
// population 0), and `nearest` sized to the demand with every point unreached (site invalid_id,
// costs no_passage). With no break everything is empty.
SiteIsochrones site_isochrones(const RoadGraph& g, const Demand& demand, const std::vector<Snap>& demand_snaps,
                               const std::vector<Snap>& site_snaps, const std::vector<float>& breaks,
                               const NetworkCostOptions& cost, const IsochroneOptions& options);

// The areas of `isochrones` (dissolved), one per break, as signed distance fields on one grid
// (DistanceField; cell o.cell_m, else half the band): the band of o.buffer_m around the reached
// spans of road and the off-road links of `points`, holes up to o.max_hole_m2 filled; rings
// without the previous break's area. Throws UsageError beyond `max_cells` cells (4 bytes each,
// held for every break).
std::vector<DistanceField> isochrone_fields(const RoadGraph& g, const Dijkstra& search, Weight weight,
                                            const std::vector<Snap>& site_snaps, const std::vector<float>& breaks,
                                            const std::vector<ReachedPoint>& points, const IsochroneOptions& o,
                                            std::size_t max_cells = 100'000'000);

// The polygon bounded by the closed `rings` (x0, y0, ..., first point last), as the edge of a
// DistanceField (io::contour_rings) gives them: the outermost rings enclose the inside, rings
// within them holes, and so on (GEOS's polygonizer). Fills geometry and area; none: empty.
void polygon_of_rings(const std::vector<std::vector<double>>& rings, IsochronePolygon& out);

// A raster of travel minutes to the nearest site (core/isochrone_result.hpp): NaN where no road is
// within max_snap_m or no site is reachable, every cell when there is no site.
TravelTimeSurface travel_time_surface(const RoadGraph& g, const std::vector<Snap>& site_snaps, double min_x,
                                      double min_y, double max_x, double max_y, double cell_m, double max_snap_m,
                                      double access_speed_mps);

}  // namespace lc

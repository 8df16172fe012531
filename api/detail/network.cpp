#include "api/detail/network.hpp"

#include <algorithm>
#include <cmath>

#include "algorithms/isochrone.hpp"
#include "algorithms/road_graph.hpp"
#include "api/load.hpp"
#include "api/request.hpp"
#include "io/china_coords.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"

namespace lc::api {

void validate(const NetworkSettings& n) {
  if (!(n.walk_speed_mps > 0 && n.walk_speed_mps <= 50)) {
    throw UsageError("--speed " + shortest(n.walk_speed_mps) + ": a walking speed from above 0 to 50 metres per second");
  }
  if (!(n.max_snap_m > 0 && n.max_snap_m <= 10000)) {
    throw UsageError("--max-snap " + shortest(n.max_snap_m) + ": metres from above 0 to 10,000");
  }
  if (!(n.buffer_m > 0 && n.buffer_m <= 1000)) {
    throw UsageError("--buffer " + shortest(n.buffer_m) + ": metres from above 0 to 1,000");
  }
  if (!(n.polygon_cell_m >= 0 && n.polygon_cell_m <= 1000)) {
    throw UsageError("--polygon-cell " + shortest(n.polygon_cell_m) + ": metres from above 0 to 1,000");
  }
}

}  // namespace lc::api

namespace lc::api::detail {

std::string web_coords_note(const RoadGraph& graph, const Inputs& in, const std::vector<FacilitySource>& sources) {
  if (in.facilities.size() < 3 || graph.segment_count() == 0 || in.crs_wkt.empty()) return "";
  for (const FacilitySource& s : sources) {
    if (is_osm_source(s.path) || s.coords != WebCoords::wgs84) return "";
  }
  const SegmentIndex index(graph);
  auto median_offset = [&](const std::vector<double>& x, const std::vector<double>& y) -> double {
    std::vector<double> d;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const Snap s = index.snap(x[i], y[i], 1e7);
      if (s.ok()) d.push_back(s.offset_m);
    }
    if (d.empty()) return INFINITY;
    std::nth_element(d.begin(), d.begin() + d.size() / 2, d.end());
    return d[d.size() / 2];
  };
  const double given = median_offset(in.facilities.x_m, in.facilities.y_m);
  if (!(given >= 150.0)) return "";
  for (const WebCoords c : {WebCoords::gcj02, WebCoords::bd09}) {
    std::vector<double> x = in.facilities.x_m, y = in.facilities.y_m;
    if (!io::reread_as_web_coords(in.crs_wkt, c, x, y)) return "";
    const double other = median_offset(x, y);
    if (other <= given / 3) {
      return "the facilities lie a median " + fixed(given, 0) + " m from the nearest road as given (WGS-84); read as " +
             (c == WebCoords::gcj02 ? "GCJ-02 (Amap, Tencent)" : "BD-09 (Baidu)") + " coordinates they would lie " +
             fixed(other, 0) + " m from it: if they come from a Chinese web map, give --coords " + to_string(c) +
             " after their --facilities";
    }
  }
  return "";
}

std::vector<SurfaceOutput> travel_time_surfaces(const RoadGraph& graph, const Inputs& in,
                                                const std::vector<Snap>& facility_snaps, double cell_m,
                                                double max_snap_m) {
  std::vector<SurfaceOutput> out;
  if (cell_m <= 0 || in.demand.size() == 0) return out;
  const auto [min_x, max_x] = std::minmax_element(in.demand.x_m.begin(), in.demand.x_m.end());
  const auto [min_y, max_y] = std::minmax_element(in.demand.y_m.begin(), in.demand.y_m.end());
  const double cells = (*max_x - *min_x) / cell_m * ((*max_y - *min_y) / cell_m);
  if (cells > 5e7) {
    throw UsageError("--surface: " + std::to_string(static_cast<long long>(cells)) + " cells; choose a larger cell");
  }
  for (CategoryId c = 0; c < in.categories.size(); ++c) {
    std::vector<Snap> sites;
    for (Id f : in.facilities.of_category(c)) sites.push_back(facility_snaps[f]);
    out.push_back({in.categories.names[c], travel_time_surface(graph, sites, *min_x, *min_y, *max_x, *max_y, cell_m,
                                                               max_snap_m, in.walk_speed_mps)});
  }
  return out;
}

std::vector<std::string> ids_of(const std::vector<Id>& which, const std::vector<std::string>& source) {
  std::vector<std::string> out;
  out.reserve(which.size());
  for (Id i : which) out.push_back(source[i]);
  return out;
}

}  // namespace lc::api::detail

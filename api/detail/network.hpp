#pragma once
// Internal to api/: pieces the network commands share.

#include <string>
#include <vector>

#include "algorithms/network_reach.hpp"
#include "core/inputs.hpp"
#include "core/runs.hpp"

namespace lc::api::detail {

// Travel minutes to the nearest facility of each category over the demand's extent, at `cell_m`
// (none when 0). Throws UsageError when the grid would be too large.
std::vector<SurfaceOutput> travel_time_surfaces(const RoadGraph& graph, const Inputs& in,
                                                const std::vector<Snap>& facility_snaps, double cell_m,
                                                double max_snap_m);

// A note when the facilities, every source of them read as WGS-84 and none OpenStreetMap, lie far
// from the roads in China (a median of 150 m or more) and would lie near them (a third of that or
// less) had their coordinates been GCJ-02 or BD-09: a web map's export read without --coords.
// Empty otherwise.
std::string web_coords_note(const RoadGraph& graph, const Inputs& in, const std::vector<FacilitySource>& sources);

// The source ids of `which` (indices into `source`).
std::vector<std::string> ids_of(const std::vector<Id>& which, const std::vector<std::string>& source);

}  // namespace lc::api::detail

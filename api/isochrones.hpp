#pragma once
// `isochrones`: the areas and population within travel-time (or network-distance) bands of each
// category's facilities, all breaks from one search.

#include <string>
#include <vector>

#include "api/request.hpp"
#include "core/runs.hpp"

namespace lc::api {

struct IsochroneRequest {
  Sources sources;                 // sources.load.mode: walk or drive
  std::vector<Threshold> breaks;   // ascending, all in one unit (seconds, or metres of network)
  bool split = false;              // one polygon per facility (each place to its cheapest), else dissolved
  IsochroneShape shape = IsochroneShape::disks;
  NetworkSettings network;
  double surface_cell_m = 0.0;     // > 0 also computes travel-time surfaces
  std::string command_line;
};

// Throws UsageError or InputError.
IsochroneRun isochrones(const IsochroneRequest& request);

}  // namespace lc::api

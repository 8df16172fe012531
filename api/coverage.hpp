#pragma once
// `coverage`: who is within reach of each facility category, by straight-line distance or along
// the road network.

#include <string>
#include <vector>

#include "api/request.hpp"
#include "core/runs.hpp"

namespace lc::api {

struct CoverageRequest {
  Sources sources;                        // sources.load.mode: distance, walk or drive
  std::vector<CategoryThreshold> within;  // resolved in the request's mode; empty: gb15 everywhere
  NetworkSettings network;
  double surface_cell_m = 0.0;            // network modes: > 0 also computes travel-time surfaces
  std::string command_line;               // recorded in the summary
};

// Loads, computes coverage, the service areas and (network modes) the straight-line comparison,
// the network's figures and the surfaces. Throws UsageError or InputError.
CoverageRun coverage(const CoverageRequest& request);

}  // namespace lc::api

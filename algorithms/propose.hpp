#pragma once
// Proposing new facilities of one category: the sites (existing, competitor, candidate) and their
// Reach over the demand, by straight-line distance or along the road network, then a siting model.

#include <string>
#include <vector>

#include "algorithms/siting.hpp"
#include "core/demand.hpp"
#include "core/facilities.hpp"
#include "core/reach.hpp"
#include "core/road_network.hpp"

namespace lc {

struct ProposeOptions {
  CategoryId category = 0;
  SitingOptions siting;
  TravelMode mode = TravelMode::distance;
  bool by_time = false;         // network modes: limit in seconds (else metres)
  double limit = 1000.0;        // the coverage threshold: metres, or seconds when by_time
  // p-median and p-center need costs beyond the coverage threshold: their Reach extends to
  // limit x this factor (costs past it are charged the siting model's unreached cost).
  double cost_horizon_factor = 3.0;
  double access_speed_mps = 1.11;
  double max_snap_m = 250.0;
  std::string capacity_attribute;  // a Facilities attribute; empty: uncapacitated
  std::vector<std::vector<unsigned char>> exclusions;  // polygons (WKB, metres) closed to candidates
};

struct ProposeResult {
  SitingResult siting;
  std::vector<Id> site_facility;     // site index -> facility id
  std::vector<Id> selected_facility; // the chosen candidates' facility ids, rank order
  std::size_t existing = 0, competitors = 0, candidates = 0;
  std::vector<Id> candidates_unsnapped;  // network modes: candidate facility ids beyond max_snap_m
  std::size_t candidates_excluded = 0;   // candidates inside an exclusion polygon (dropped)
};

// Sites are the facilities of `options.category`: existing and planned ones are kept open, as are
// competitors (they cover, but are not the user's); candidates may be chosen. `graph` is needed in
// the network modes (nullptr for distance).
ProposeResult propose_sites(const Demand& demand, const Facilities& facilities, const RoadGraph* graph,
                            const ProposeOptions& options);

// The weight of the demand within `limit` of at least one open site (`open` per site).
double weight_within(const Reach& reach, const std::vector<std::uint8_t>& open, const std::vector<double>& weight,
                     double limit);

// p-median and p-center optimise costs on a Reach wider than the coverage threshold; this sets the
// result's covered weights (before and after) back to the threshold `limit`.
void covered_within_threshold(const SitingInput& in, SitingResult& r, double limit);

// A Reach from (site, demand, cost) pairs, keeping those with cost <= threshold.
Reach reach_from_pairs(Id n_sites, Id n_demand, const std::vector<Id>& site, const std::vector<Id>& demand,
                       const std::vector<float>& cost, double threshold);

// Appends points as candidate facilities of `category`, with ids "<prefix><index>".
void append_candidates(Facilities& facilities, CategoryId category, const std::vector<double>& x,
                       const std::vector<double>& y, const std::string& prefix);

// Candidate points: the centres of a `cell_m` grid over the demand's extent.
void grid_candidates(const Demand& demand, double cell_m, std::vector<double>& x, std::vector<double>& y);

// Candidate points: the road network's junctions and dead ends (nodes not of degree 2).
void junction_candidates(const RoadGraph& graph, std::vector<double>& x, std::vector<double>& y);

// Keeps the points outside every polygon (WKB in the same metric CRS); returns their indices.
std::vector<Id> outside_polygons(const std::vector<double>& x, const std::vector<double>& y,
                                 const std::vector<std::vector<unsigned char>>& polygons_wkb);

}  // namespace lc

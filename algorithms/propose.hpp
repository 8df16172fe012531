#pragma once
// Proposing new facilities of one category: the sites (existing, competitor, candidate) and their
// Reach over the demand, by straight-line distance or along the road network, then a siting model.

#include <functional>
#include <string>
#include <vector>

#include "algorithms/siting.hpp"
#include "core/demand.hpp"
#include "core/facilities.hpp"
#include "core/reach.hpp"
#include "core/road_network.hpp"
#include "core/threshold.hpp"

namespace lc {

struct ProposeOptions {
  CategoryId category = 0;
  SitingOptions siting;
  // The coverage threshold and its travel mode (distance, walk or drive): metres, or seconds.
  Threshold within;
  double access_speed_mps = default_walk_speed_mps;
  double max_snap_m = 250.0;
  // Facilities attributes holding the capacity of candidates and of the other sites (existing,
  // planned, competitors); NaN: no limit. Both empty: uncapacitated.
  std::string capacity_attribute, existing_capacity_attribute;
  // Places one unit of weight needs (e.g. 0.04 beds per person aged 60+): a site's capacity in
  // weight is its attribute divided by this. > 0.
  double places_per_person = 1.0;
  std::vector<std::vector<unsigned char>> exclusions;  // polygons (WKB, metres) closed to candidates
  // Per-district minimums: each facility's group (a district index, invalid_id: none; empty: no
  // minimums), `group_count` groups, and every solution opens at least `group_min` sites in each,
  // the existing sites of the category counted (competitors are not the user's: they do not).
  std::vector<Id> facility_group;
  Id group_count = 0;
  std::uint32_t group_min = 0;
};

// Sites are the facilities of `options.category`: existing and planned ones are kept open, as are
// competitors (they cover, but are not the user's); candidates may be chosen. `graph` is needed in
// the network modes (nullptr for distance). The three stages below, in order.
ProposeResult propose_sites(const Demand& demand, const Facilities& facilities, const RoadGraph* graph,
                            const ProposeOptions& options);

// A proposal's sites before their Reach: the facilities of the category open to sites (a candidate
// inside an exclusion polygon is dropped, and counted), in facility order, with their roles,
// capacities and districts. `input` holds everything of the model but the Reach; `result` the
// counts (with minimums, the districts' figures: when result.groups_unmet, nothing is to solve).
struct ProposalSites {
  SitingInput input;
  std::vector<double> x, y;  // per site, metres
  ProposeResult result;
};
ProposalSites proposal_sites(const Demand& demand, const Facilities& facilities, const ProposeOptions& options);

// The Reach of the sites at (x, y) over `demand`, up to the model's cost horizon (cost_horizon of
// options.within): straight-line distances, or along `graph` in the network modes. There the
// sites with `candidate` set that snap to no road are appended to `unsnapped` (site indices). A
// row depends only on its own site and on the demand, so the rows of some of the sites (a shard's)
// are those of the same sites among all of them.
Reach proposal_reach(const std::vector<double>& x, const std::vector<double>& y, const Demand& demand, const RoadGraph* graph,
                     const ProposeOptions& options, const std::vector<std::uint8_t>& candidate, std::vector<Id>& unsnapped);

// The sites among (x, y) with `candidate` set that snap to no road of `graph` within
// options.max_snap_m (site indices, ascending): those proposal_reach reports.
std::vector<Id> unsnapped_sites(const std::vector<double>& x, const std::vector<double>& y, const RoadGraph& graph,
                                const ProposeOptions& options, const std::vector<std::uint8_t>& candidate);

// The model on the sites and their Reach (sites.input.reach, a row per site): the selection, the
// p-median and p-center objectives again in double precision from the straight-line distances
// (distance mode), the covered weights within the threshold.
ProposeResult solve_proposal(ProposalSites sites, const Demand& demand, const ProposeOptions& options);

// The weight of the demand within `limit` of at least one open site (`open` per site).
double weight_within(const Reach& reach, const std::vector<std::uint8_t>& open, const std::vector<double>& weight,
                     double limit);

// p-median and p-center optimise costs on a Reach wider than the coverage threshold; this sets the
// result's covered weights (before and after) back to the threshold `limit`.
void covered_within_threshold(const SitingInput& in, SitingResult& r, double limit);

// A Reach from (site, demand, cost) pairs, keeping those with cost <= threshold (costs stored in
// single precision, as every Reach). With `exact_cost`, it receives the costs in double precision
// in the Reach's pair order.
Reach reach_from_pairs(Id n_sites, Id n_demand, const std::vector<Id>& site, const std::vector<Id>& demand,
                       const std::vector<double>& cost, double threshold, std::vector<double>* exact_cost = nullptr);

// The costs a siting model sees, the one rule for every path (geometry or cost matrix): mclp and
// lscp the coverage threshold; p-median and p-center `cost_horizon_factor` times it, or, when no
// threshold is given (NaN; a cost matrix alone), every cost there is (`largest_cost`). A pair
// beyond the horizon (or missing from a matrix) is unreachable.
inline constexpr double cost_horizon_factor = 3.0;
double cost_horizon(SitingModel model, double threshold, double largest_cost);

// The site roles and capacities of a siting model, the one place they are assembled: `fixed`
// sites are open and kept, `candidate` ones may be chosen (neither: ignored).
SitingInput siting_input(Reach reach, std::vector<double> weight, std::vector<std::uint8_t> fixed,
                         std::vector<std::uint8_t> candidate, std::vector<double> capacity = {});

// p-median and p-center: the objective, objective_before, marginals and running objective of `r`
// recomputed in double precision, `cost(site, pair)` giving each Reach pair's cost, as the models
// define them (siting.hpp). The models compare costs in single precision (the Reach's); a cost
// matrix's costs, or straight-line distances, carry more digits than that. Time: the pairs of
// the open sites plus the demand once per selected site (capacitated p-median: one assignment LP
// per selected site, and the served weight, covered_weight, from the last).
void exact_cost_objectives(const SitingInput& in, const std::function<double(Id site, Id pair)>& cost, SitingModel model,
                           SitingResult& r);

// Appends points as candidate facilities of `category`, with ids "<prefix><index>".
void append_candidates(Facilities& facilities, CategoryId category, const std::vector<double>& x,
                       const std::vector<double>& y, const std::string& prefix);

// The most candidate sites a grid may make (grid_candidate_count above it: a usage error).
inline constexpr double max_grid_candidates = 1.0e6;

// How many cells a `cell_m` grid over the demand's extent has (what grid_candidates would make),
// computed without making them.
double grid_candidate_count(const Demand& demand, double cell_m);

// Candidate points: the centres of a `cell_m` grid over the demand's extent.
void grid_candidates(const Demand& demand, double cell_m, std::vector<double>& x, std::vector<double>& y);

// Candidate points: the road network's junctions and dead ends (nodes not of degree 2).
void junction_candidates(const RoadGraph& graph, std::vector<double>& x, std::vector<double>& y);

// Keeps the points outside every polygon (WKB in the same metric CRS); returns their indices.
std::vector<Id> outside_polygons(const std::vector<double>& x, const std::vector<double>& y,
                                 const std::vector<std::vector<unsigned char>>& polygons_wkb);

}  // namespace lc

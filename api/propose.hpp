#pragma once
// `propose`: where to put new facilities of one category next to the existing ones (maximal
// covering, set covering, p-median, p-center), with costs from the distance or network engines, or
// from an origin-destination table alone.

#include <optional>
#include <string>
#include <vector>

#include "api/request.hpp"
#include "core/runs.hpp"
#include "core/shard_run.hpp"

namespace lc::api {

enum class CandidateKind { none, source, grid, roads };

struct ProposeRequest {
  SitingOptions siting;
  // The category to site. With geometry: required (existing facilities of it are kept). With a
  // cost matrix: only a label for the reports.
  std::string category;
  // Existing facilities, demand, loading; sources.load.mode: distance, walk or drive. With a cost
  // matrix: demand is a table of ids and weights, and the facilities (optional) give the ids of
  // existing sites.
  Sources sources;
  // The coverage threshold in the request's mode (a matrix: in its units). mclp and lscp need
  // it; p-median and p-center use it for their cost horizon and the covered figures. Without it:
  // gb15 with geometry; every pair of the matrix.
  std::optional<Threshold> within;
  NetworkSettings network;

  // Candidates (with geometry): a source, a grid of candidate_grid_m over the demand's extent,
  // or the road network's junctions.
  CandidateKind candidates = CandidateKind::none;
  FacilitySource candidate_source;  // path, layer, id_field
  std::string candidate_cost_field, candidate_capacity_field;
  // The capacity field of the existing facilities (their sources other than OSM); an empty value
  // is no limit. Either capacity field makes mclp and pmedian capacitated.
  std::string capacity_field;
  // Places one unit of weight needs (0.04 beds per person aged 60+): capacities in places (beds)
  // become weight served by dividing by it. > 0; only with a capacity field.
  double places_per_person = 1.0;
  double candidate_grid_m = 0.0;
  FacilitySource competitors;       // empty path: none

  // From a cost matrix alone: (demand id, site id, cost) rows; no geometry.
  std::string cost_matrix;
  std::string demand_id_field, site_id_field, cost_field = "cost";
  // Sites already open besides the ids the facility sources give: "a,b,c", or a file of ids (a
  // table with the column site_id_field, or "id"; or plain text .txt, one id a line).
  std::string existing_ids;

  // Per-district minimums: at least this many sites of the category in every district of
  // sources.load.districts_path (existing ones counted); 0: none. Not with a cost matrix.
  std::uint32_t min_per_district = 0;

  std::string command_line;
};

// Throws UsageError or InputError.
ProposeRun propose(const ProposeRequest& request);

// A run split by a shard plan (`lifecircle shard plan`), distance mode with geometry: shard
// `shard`'s Reach rows (the sites it owns over the demand within their reach), loaded in the
// plan's CRS with the demand read within the bounds of those sites grown by the model's cost
// horizon. Throws UsageError for a network mode, a cost matrix or a threshold
// beyond the plan's halo, before anything is read.
ProposeShard propose_shard(const ProposeRequest& request, const std::string& plan_dir, Id shard);

// The whole run from every shard's rows: the same result as propose(request) in the plan's CRS.
// Throws InputError for an incomplete set (naming the missing shards) or shards of other inputs.
ProposeRun solve_propose_shards(const ProposeRequest& request, const std::string& plan_dir,
                                const std::vector<ProposeShard>& shards);

}  // namespace lc::api

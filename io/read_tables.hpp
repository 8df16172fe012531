#pragma once
// Reading tables without geometry: ids and weights, and origin-destination cost matrices (CSV or
// any GDAL source), for siting with costs from any router.

#include <string>
#include <vector>

#include "core/ids.hpp"

namespace lc::io {

struct WeightedIds {
  std::vector<std::string> id;
  std::vector<double> weight;
};

// Every row's id (`id_field`; empty: the FID) and weight (`weight_field`; empty: 1). Throws
// InputError naming the source, row and field for a missing field, a missing or duplicate id, or a
// weight that is not a number >= 0. A table without rows (a CSV with only its header line) gives
// no ids; what that means is the caller's to say.
WeightedIds read_weighted_ids(const std::string& path, const std::string& layer, const std::string& id_field,
                              const std::string& weight_field);

struct CostMatrix {
  std::vector<std::string> site_ids;  // in order of first appearance
  std::vector<Id> site, demand;       // per pair: site index, demand index (into the ids given)
  std::vector<double> cost;           // as written (double precision)
  std::size_t rows = 0;
  std::size_t rows_unknown_demand = 0;  // rows whose demand id is not among the demand ids
  std::vector<std::string> unknown_demand_examples;
};

// Reads (demand id, site id, cost) rows. The demand column is `demand_id_field` when the table
// has it, else the first of demand_id, origin_id, origin, from_id, from, o; the site column
// `site_id_field` (empty: the first of site_id, site, candidate_id, candidate, facility_id,
// facility, destination_id, destination, to_id, to, d). Costs must be numbers >= 0 (InputError naming the line);
// a repeated pair keeps its lowest cost.
CostMatrix read_cost_matrix(const std::string& path, const std::string& demand_id_field,
                            const std::string& site_id_field, const std::string& cost_field,
                            const std::vector<std::string>& demand_ids);

// A list of ids as given on a command line: the path of a file (a table with the column
// `id_field`, or "id" when it is empty, read through GDAL; or plain text, one id a line), or the
// ids themselves, comma-separated. Empty text: no ids.
std::vector<std::string> read_id_list(const std::string& text, const std::string& id_field);

}  // namespace lc::io

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
  std::vector<float> cost;
  std::size_t rows = 0;
  std::size_t rows_unknown_demand = 0;  // rows whose demand id is not among the demand ids
  std::vector<std::string> unknown_demand_examples;
};

// Reads (demand id, site id, cost) rows. Costs must be numbers >= 0 (InputError naming the line);
// a repeated pair keeps its lowest cost.
CostMatrix read_cost_matrix(const std::string& path, const std::string& demand_id_field,
                            const std::string& site_id_field, const std::string& cost_field,
                            const std::vector<std::string>& demand_ids);

}  // namespace lc::io

#pragma once
// Reach: who can reach whom within a threshold, at what cost. The sparse structure shared by
// network coverage, isochrones, siting and compliance.

#include <cstdint>
#include <utility>
#include <vector>

#include "core/big_array.hpp"
#include "core/ids.hpp"
#include "core/threshold.hpp"

namespace lc {

struct Reach {
  Id n_sites = 0;
  Id n_demand = 0;
  std::vector<Id> first{0};   // n_sites + 1 offsets (CSR by site)
  BigVector<Id> demand;       // demand ids reached, ascending within a site
  BigVector<float> cost;      // in `unit`, same order
  double threshold = 0.0;
  CostUnit unit = CostUnit::metres;

  std::size_t size() const { return demand.size(); }
  // Builds the CSR from one list of (demand, cost) per site, each ascending by demand; the lists
  // are emptied as they are copied.
  static Reach from_site_lists(std::vector<std::vector<std::pair<Id, float>>>& per_site, Id n_demand, double threshold,
                               CostUnit unit);
  // Number of sites reaching each demand point.
  std::vector<std::uint32_t> count_by_demand() const;
};

}  // namespace lc

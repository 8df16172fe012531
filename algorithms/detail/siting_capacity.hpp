#pragma once
// Capacitated assignment, shared by the capacitated MCLP and p-median: a demand point's weight
// may be split between open sites (fractional assignment), each site serving at most its
// capacity of weight.
//
// Model (a minimisation, as MipModel's are), over the pairs q = (i, j) of the Reach between a
// positive-weight demand point i and a fixed or candidate site j whose value v_q > 0 per unit of
// weight (mclp: 1, served; p-median: unreached_cost - c_ij, saved):
//   max sum_q w_i v_q z_q   s.t.  sum_{q of i} z_q <= 1            (each point once at most)
//                                 sum_{q of j} w_i z_q <= C_j x_j   (finite capacities only)
//                                 z_q <= x_j,  sum_j x_j <= k,  0 <= z_q <= 1,  x_j binary,
// x_j = 1 for the fixed sites (no column). With the open candidates given, x is fixed too and the
// model is the assignment LP of that set (Clp).

#include <cstddef>
#include <functional>
#include <vector>

#include "algorithms/detail/siting_mip.hpp"
#include "algorithms/detail/siting_problem.hpp"

namespace lc::detail {

// Per Reach pair: its value per unit of weight (<= 0: left out of the model).
using PairValue = std::function<double(Id pair)>;

struct CapacityModel {
  MipModel m;
  std::vector<Id> x_site;  // candidates with a column
  std::vector<int> x_col;
  std::vector<Id> z_pair;  // Reach pair per z column
  std::vector<int> z_col;
  std::vector<int> demand_row;  // per demand point: its "once at most" row, -1 when it has none
};

// The MIP over every fixed site and candidate (open_candidates == nullptr, at most k candidates,
// with the per-group minimums), or the assignment LP of the fixed sites and `open_candidates`.
CapacityModel build_capacity_model(const SitingProblem& p, const std::vector<double>& capacity, std::size_t k,
                                   const std::vector<Id>* open_candidates, const PairValue& value);

// The optimal assignment of a set of open sites (std::runtime_error if Clp finds none: x = 0 is
// feasible and the values bounded, so only a numerical failure would).
struct Assignment {
  double value = 0;   // sum_q w_i v_q z_q
  double served = 0;  // sum_q w_i z_q
  std::vector<Id> pair;         // pairs with weight assigned
  std::vector<double> assigned; // per entry of `pair`: the weight
  // Per demand point: the value of one more unit of its weight at the optimum (the dual of its
  // row over w_i; 0 when it has no row); filled when asked for.
  std::vector<double> price;
};

Assignment assign_capacitated(const SitingProblem& p, const std::vector<double>& capacity,
                              const std::vector<Id>& open_candidates, const PairValue& value, bool with_prices);

// A start for the MIP of build_capacity_model: `open` candidates at 1, z from `a`.
std::vector<double> capacity_start(const SitingProblem& p, const CapacityModel& cm, const std::vector<Id>& open,
                                   const Assignment& a);

// The candidates with x at 1 in a MIP solution, ascending.
std::vector<Id> opened(const CapacityModel& cm, const std::vector<double>& x);

}  // namespace lc::detail

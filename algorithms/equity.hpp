#pragma once
// Equity of a per-point measure (an accessibility, a proximity time) over the people at the
// points: population-weighted Gini, Palma ratio, Theil T, the concentration index against a
// ranking variable, and the Lorenz curve, overall and per group (e.g. a district index per point).

#include <vector>

#include "core/equity_result.hpp"
#include "core/ids.hpp"

namespace lc {

struct EquityOptions {
  // Per point, the variable the concentration index ranks people by (e.g. income, or the measure
  // of another group); empty: no concentration index (NaN).
  std::vector<double> rank_by;
  // Per point, its group in 0..n_groups-1 (a point of another value is in the overall figures
  // only); empty: no groups.
  std::vector<Id> group;
  Id n_groups = 0;
};

// Points with a NaN measure are left out (their weight is population_excluded); a NaN weight
// counts 0. Throws std::invalid_argument for a negative measure or weight, a NaN ranking value,
// or vectors of another length than the measure.
//   Gini: 1 - sum_b p_b (L_b + L_{b-1}) over the Lorenz curve's vertices (the trapezoid rule, exact
//     for a curve that is linear between them; Cowell 2011, "Measuring Inequality", ch. 2).
//   Palma: (1 - L(0.9)) / L(0.4), the share of the top 10 % over that of the bottom 40 % of people,
//     the curve interpolated linearly (a point's people sharing its value; Palma 2011; Cobham &
//     Sumner 2013).
//   Theil T: sum_i p_i (x_i / mu) ln(x_i / mu), 0 ln 0 = 0 (Theil 1967; Cowell 2011).
//   Concentration: C = 2 cov_w(x, r) / mu, r the weighted fractional rank of the ranking variable,
//     r_i = (people ranked below i + half of i's) / all, ties given their mean rank (Kakwani, Wagstaff
//     & van Doorslaer 1997; O'Donnell et al. 2008, "Analyzing Health Equity Using Household Survey
//     Data", World Bank, ch. 8).
EquityResult compute_equity(const std::vector<double>& measure, const std::vector<double>& weight,
                            const EquityOptions& options = {});

// The curve at population shares 0, 1/steps, ..., 1 (linear between its vertices), for a chart or
// a report; the curve itself when it has no more than steps + 1 vertices. steps >= 1.
LorenzCurve sample_lorenz(const LorenzCurve& curve, std::size_t steps);

}  // namespace lc

#pragma once
// Results of the equity measures (algorithms/equity.hpp) over a per-point measure and its weights.

#include <vector>

namespace lc {

// The Lorenz curve: points sorted by the measure ascending, one vertex per distinct value, from
// (0, 0) to (1, 1): the cumulative share of the population, and of the measure they hold.
struct LorenzCurve {
  std::vector<double> population_share;
  std::vector<double> measure_share;
};

struct EquityFigures {
  double population = 0.0;           // weight of the points counted
  double population_excluded = 0.0;  // weight of the points whose measure is NaN (e.g. not reached)
  double mean = 0.0;                 // population-weighted mean of the measure
  // NaN when the population or the mean is 0 (a share of nothing); Palma is infinity when the
  // bottom 40 % hold nothing and the top 10 % something.
  double gini = 0.0;
  double palma = 0.0;
  double theil = 0.0;
  double concentration = 0.0;  // NaN without a ranking variable
  LorenzCurve lorenz;
};

struct EquityResult {
  EquityFigures overall;
  std::vector<EquityFigures> groups;  // per group index, when groups were given
};

}  // namespace lc

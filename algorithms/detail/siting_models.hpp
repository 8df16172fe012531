#pragma once
// One solver entry per model. Each fills selected, marginal, objective, objective_before, bound,
// bound_source, solver and proven_optimal (and, capacitated, the covered weights);
// solve_siting fills the rest.

#include <chrono>
#include <cstddef>

#include "algorithms/detail/siting_cover.hpp"
#include "algorithms/detail/siting_mip.hpp"
#include "algorithms/detail/siting_problem.hpp"
#include "algorithms/siting.hpp"

namespace lc::detail {

struct SitingContext {
  const SitingProblem& p;
  const SitingInput& in;
  const SitingOptions& o;
  bool exact = false;
  std::size_t pairs = 0;                           // model_pairs
  std::chrono::steady_clock::time_point deadline;  // for the exact solver
  double seconds_left() const;
};

// The automatic rule's size measure (see siting.hpp).
std::size_t model_pairs(const SitingProblem& p, const SitingInput& in, const SitingOptions& o);

SitingResult solve_mclp(const SitingContext& ctx);
SitingResult solve_mclp_capacitated(const SitingContext& ctx);
SitingResult solve_lscp(const SitingContext& ctx);
SitingResult solve_pmedian(const SitingContext& ctx);
SitingResult solve_pmedian_capacitated(const SitingContext& ctx);
SitingResult solve_pcenter(const SitingContext& ctx);

// The fewest candidates from `allowed` that cover `inst`, by CBC, from `start` when given. When
// a solution is found, `sel` gets its sites. With a finite cutoff, only solutions with fewer
// sites than the cutoff count and the search stops at the first one.
MipSolution solve_cover_mip(const CoverInstance& inst, const std::vector<Id>& allowed, const std::vector<Id>* start,
                            double time_limit_s, double cutoff, std::vector<Id>& sel);

}  // namespace lc::detail

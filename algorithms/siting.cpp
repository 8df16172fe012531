#include "algorithms/siting.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include "algorithms/detail/siting_models.hpp"
#include "algorithms/detail/siting_problem.hpp"

namespace lc {

namespace detail {

double SitingContext::seconds_left() const {
  return std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
}

std::size_t model_pairs(const SitingProblem& p, const SitingInput& in, const SitingOptions& o) {
  const Reach& reach = p.reach;
  const bool capacitated = o.model == SitingModel::mclp && !in.capacity.empty();
  const double P = p.unreached_cost;
  // Does pair q of site j belong to the exact model?
  auto counts = [&](Id j, Id q) -> bool {
    const Id i = reach.demand[q];
    switch (o.model) {
      case SitingModel::mclp:
        if (capacitated) return (p.is_fixed[j] || p.is_candidate[j]) && p.weight[i] > 0;
        return p.is_candidate[j] && p.weight[i] > 0 && !p.covered_by_fixed(i);
      case SitingModel::lscp:
        return p.is_candidate[j] && !p.covered_by_fixed(i);
      case SitingModel::pmedian:
        return p.is_candidate[j] && p.weight[i] > 0 &&
               std::min<double>(reach.cost[q], P) < std::min(p.fixed_cost[i], P);
      case SitingModel::pcenter:
        return p.is_candidate[j] != 0;
    }
    return false;
  };
  return tbb::parallel_reduce(
      tbb::blocked_range<Id>(0, reach.n_sites, 256), std::size_t{0},
      [&](const tbb::blocked_range<Id>& r, std::size_t acc) {
        for (Id j = r.begin(); j < r.end(); ++j)
          for (Id q = p.begin(j); q < p.end(j); ++q) acc += counts(j, q);
        return acc;
      },
      [](std::size_t a, std::size_t b) { return a + b; });
}

}  // namespace detail

SitingResult solve_siting(const SitingInput& in, const SitingOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const detail::SitingProblem p(in, options);
  const bool capacitated = options.model == SitingModel::mclp && !in.capacity.empty();

  const std::size_t pairs = detail::model_pairs(p, in, options);
  const bool exact = options.solver == SitingSolver::exact ||
                     (options.solver == SitingSolver::automatic && pairs <= options.exact_max_pairs);
  const auto deadline = t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(std::max(0.0, options.time_limit_s)));
  const detail::SitingContext ctx{p, in, options, exact, pairs, deadline};

  SitingResult r;
  switch (options.model) {
    case SitingModel::mclp:
      r = capacitated ? detail::solve_mclp_capacitated(ctx) : detail::solve_mclp(ctx);
      break;
    case SitingModel::lscp:
      r = detail::solve_lscp(ctx);
      break;
    case SitingModel::pmedian:
      r = detail::solve_pmedian(ctx);
      break;
    case SitingModel::pcenter:
      r = detail::solve_pcenter(ctx);
      break;
  }

  // Never both: a result proven optimal (its bound met, whichever step proved it) did not stop
  // at the time limit in any way that matters.
  if (r.proven_optimal && r.time_limit_reached) {
    r.time_limit_reached = false;
    const std::size_t at = r.solver.find("(time limit)");
    if (at != std::string::npos) r.solver.erase(at);
  }
  r.model_pairs = ctx.pairs;
  r.total_weight = p.total_weight;
  r.uncoverable = p.uncoverable;
  r.uncoverable_weight = p.uncoverable_weight;
  if (options.model == SitingModel::pmedian || options.model == SitingModel::pcenter)
    r.unreached_cost = p.unreached_cost;
  if (!capacitated) {  // capacitated MCLP reports served weight itself
    r.covered_weight = detail::evaluate_set(p, r.selected).covered_weight;
    r.covered_weight_before = detail::evaluate_set(p, {}).covered_weight;
  }
  if (!std::isnan(r.bound)) {
    const double diff = std::abs(r.objective - r.bound);
    r.gap = r.objective != 0 ? diff / std::abs(r.objective) : (diff == 0 ? 0.0 : detail::siting_inf);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace lc

#include "algorithms/siting.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include "algorithms/detail/siting_capacity.hpp"
#include "algorithms/detail/siting_models.hpp"
#include "algorithms/detail/siting_problem.hpp"

namespace lc {

namespace detail {

double SitingContext::seconds_left() const {
  return std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
}

std::size_t model_pairs(const SitingProblem& p, const SitingInput& in, const SitingOptions& o) {
  const Reach& reach = p.reach;
  const bool capacitated = !in.capacity.empty();
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
        if (capacitated) return (p.is_fixed[j] || p.is_candidate[j]) && p.weight[i] > 0 && reach.cost[q] < P;
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

std::vector<double> capacitated_median_costs(const SitingInput& in, double unreached_cost, const std::vector<Id>& selected,
                                             const std::function<double(Id site, Id pair)>& cost, double& served) {
  SitingOptions o;
  o.model = SitingModel::pmedian;
  o.unreached_cost = unreached_cost;
  const detail::SitingProblem p(in, o);
  std::vector<Id> site_of(in.reach.size());
  for (Id s = 0; s < in.reach.n_sites; ++s)
    for (Id q = p.begin(s); q < p.end(s); ++q) site_of[q] = s;
  const double P = p.unreached_cost;
  const detail::PairValue value = [&](Id q) { return P - std::min(cost(site_of[q], q), P); };
  double full = 0;
  for (Id i = 0; i < in.reach.n_demand; ++i)
    if (p.coverable[i]) full += p.weight[i] * P;
  std::vector<double> out;
  std::vector<Id> open;
  served = 0;
  for (std::size_t t = 0; t <= selected.size(); ++t) {
    if (t > 0) open.push_back(selected[t - 1]);
    std::vector<Id> sorted = open;
    std::sort(sorted.begin(), sorted.end());
    const detail::Assignment a = detail::assign_capacitated(p, in.capacity, sorted, value, false);
    out.push_back(full - a.value);
    served = a.served;
  }
  return out;
}

SitingResult solve_siting(const SitingInput& in, const SitingOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  const detail::SitingProblem p(in, options);
  const bool capacitated = (options.model == SitingModel::mclp || options.model == SitingModel::pmedian) &&
                           !in.capacity.empty();

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
      r = capacitated ? detail::solve_pmedian_capacitated(ctx) : detail::solve_pmedian(ctx);
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
  r.capacitated = capacitated;
  r.total_weight = p.total_weight;
  r.uncoverable = p.uncoverable;
  r.uncoverable_weight = p.uncoverable_weight;
  if (options.model == SitingModel::pmedian || options.model == SitingModel::pcenter)
    r.unreached_cost = p.unreached_cost;
  if (!capacitated) {  // the capacitated models report the served weight themselves
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

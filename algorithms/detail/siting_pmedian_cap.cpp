// Capacitated p-median: every open site j serves at most its capacity C_j of weight; a point's
// weight may be split between sites, and weight no open site can take (beyond the capacities,
// or out of reach) is charged the unreached cost P.
//
// The cost of a set of open sites is its assignment LP (siting_capacity.hpp, with the value
// v_ij = P - min(c_ij, P) saved per unit of weight served by j):
//   cost(S) = sum over coverable i of w_i P - max savings(S).
// max savings(S) is the value of a transportation problem, a submodular function of S (its
// valuation is M-natural-concave), so greedy addition keeps its (1 - 1/e) guarantee and the
// gains w.r.t. a set bound every other set's savings. With the LP's prices pi_i (the dual of
// each point's row per unit of weight), opening j gains at most the fractional knapsack of its
// pairs' values above the prices, max(0, v_ij - pi_i) per unit of w_i, up to C_j (weak duality:
// the old prices and the knapsack's threshold are a feasible dual of the larger LP). That upper
// bound drives a lazy greedy (exact LP gains only for the sites it might pick) and ranks the
// swaps.
//
// Heuristic "capacity-greedy+swap": that greedy, then 1-for-1 swaps (each site of the set, least
// used first, against the candidates with the largest bounds), each evaluated by its LP,
// within min(6 s, time limit). Bound: the largest of the submodular bound at the final set
// (cost - the k largest gain bounds), the linear relaxation of the MIP (within
// exact_max_pairs) and the Lagrangian bound of the uncapacitated p-median (capacities only
// raise the cost; beyond exact_max_pairs).
// Exact "cbc": the linear relaxation of the MIP of siting_capacity.hpp, reduced-cost fixing of
// the candidates against the heuristic's cost, then CBC with the heuristic's sites and
// assignment as its start (unless a bound already proves them optimal: "exact:bound").

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <numeric>

#include "algorithms/detail/pmedian_exact.hpp"
#include "algorithms/detail/siting_capacity.hpp"
#include "algorithms/detail/siting_models.hpp"
#include "core/interrupt.hpp"

namespace lc::detail {

namespace {

class CapacitatedMedian {
 public:
  CapacitatedMedian(const SitingProblem& p, const std::vector<double>& capacity)
      : p_(p), capacity_(capacity), P_(p.unreached_cost) {
    double scale = 0;
    for (Id i = 0; i < p.reach.n_demand; ++i)
      if (p.coverable[i]) full_cost_ += p.weight[i] * P_, scale += p.weight[i] * P_;
    eps_ = improvement_eps(scale);
    value_ = [this](Id q) { return P_ - std::min<double>(p_.reach.cost[q], P_); };
  }

  double eps() const { return eps_; }
  const PairValue& value() const { return value_; }
  double cost(const Assignment& a) const { return full_cost_ - a.value; }
  Assignment assign(const std::vector<Id>& open) const {
    return assign_capacitated(p_, capacity_, open, value_, true);
  }

  // Upper bound on what opening candidate j adds to the savings of the set whose prices are
  // `price`: the fractional knapsack of its pairs' values above the prices, up to C_j.
  double gain_bound(Id j, const std::vector<double>& price) const {
    items_.clear();
    for (Id q = p_.begin(j); q < p_.end(j); ++q) {
      const Id i = p_.reach.demand[q];
      const double profit = value_(q) - price[i];
      if (p_.weight[i] > 0 && profit > 0) items_.emplace_back(profit, p_.weight[i]);
    }
    double left = capacity_[j], gain = 0;
    if (std::isinf(left)) {
      for (const auto& [profit, w] : items_) gain += profit * w;
      return gain;
    }
    std::sort(items_.begin(), items_.end(), std::greater<>());
    for (const auto& [profit, w] : items_) {
      if (!(left > 0)) break;
      const double take = std::min(w, left);
      gain += profit * take;
      left -= take;
    }
    return gain;
  }

  struct Greedy {
    std::vector<Id> order;
    std::vector<double> gain;        // per site in order: the exact saving it adds
    std::vector<double> cost_after;  // per site in order: the set's cost up to it
    double cost_before = 0;
    Assignment before, last;  // of the fixed sites alone; of the final set
  };

  // Lazy greedy addition of up to k candidates from `allowed` by exact LP gain (ties: lower id),
  // the candidates of groups short of sites first (siting_problem.hpp); stops when no site gains.
  Greedy greedy(std::size_t k, const std::vector<Id>& allowed) const {
    Greedy g;
    g.before = assign({});
    g.cost_before = cost(g.before);
    Assignment cur = g.before;
    double cur_cost = g.cost_before;
    struct Entry {
      double gain;  // an upper bound, or the exact gain when `exact`
      Id site;
      std::uint32_t round;
      bool exact;
    };
    auto less = [](const Entry& a, const Entry& b) { return a.gain < b.gain || (a.gain == b.gain && a.site > b.site); };
    std::vector<Entry> heap, aside;
    for (Id j : allowed) heap.push_back({gain_bound(j, cur.price), j, 0, false});
    std::make_heap(heap.begin(), heap.end(), less);
    GroupQuota quota(p_, {});
    std::uint32_t round = 0;
    Id evaluated = invalid_id;
    Assignment eval;
    Entry top{};
    while (g.order.size() < k && pop_allowed(heap, aside, quota, less, top)) {
      check_interrupt();
      if (top.round != round || (!top.exact && top.gain > eps_)) {
        if (top.round != round) {
          top.gain = gain_bound(top.site, cur.price);
          top.round = round;
          top.exact = false;
        } else {
          std::vector<Id> trial = g.order;
          trial.push_back(top.site);
          eval = assign(trial);
          evaluated = top.site;
          top.gain = std::max(0.0, cur_cost - cost(eval));
          top.exact = true;
        }
        heap.push_back(top);
        std::push_heap(heap.begin(), heap.end(), less);
        continue;
      }
      if (quota.active()) {
        if (!top.exact) {  // a site of a short group that gains nothing is still taken
          std::vector<Id> trial = g.order;
          trial.push_back(top.site);
          eval = assign(trial);
          evaluated = top.site;
          top.gain = std::max(0.0, cur_cost - cost(eval));
        }
        if (quota.take(top.site)) return_aside(heap, aside, less);
      } else if (top.gain <= eps_) {
        break;
      }
      g.order.push_back(top.site);
      if (evaluated != top.site) {
        eval = assign(g.order);
        evaluated = top.site;
      }
      cur = std::move(eval);
      evaluated = invalid_id;
      const double c = cost(cur);
      g.gain.push_back(cur_cost - c);
      g.cost_after.push_back(c);
      cur_cost = c;
      ++round;
    }
    g.last = std::move(cur);
    return g;
  }

  // Lower bound on the cost of every set of at most k candidates: cost(S) minus the k largest
  // gain bounds w.r.t. S (submodularity, weak duality).
  double submodular_bound(const std::vector<Id>& sel, const Assignment& a, std::size_t k) const {
    std::vector<std::uint8_t> in(p_.reach.n_sites, 0);
    for (Id s : sel) in[s] = 1;
    std::vector<double> gains;
    for (Id j : p_.candidates)
      if (!in[j]) gains.push_back(gain_bound(j, a.price));
    const std::size_t t = std::min(k, gains.size());
    std::partial_sort(gains.begin(), gains.begin() + t, gains.end(), std::greater<>());
    return cost(a) - std::accumulate(gains.begin(), gains.begin() + t, 0.0);
  }

  // 1-for-1 swaps while one improves by more than eps (first improvement), until `deadline`:
  // each site of the set, least used first, against the `width` candidates with the largest
  // gain bounds; a swap never takes a group below its minimum. True when it stopped at the
  // deadline.
  bool swaps(std::vector<Id>& sel, Assignment& a, std::chrono::steady_clock::time_point deadline,
             std::size_t width = 8) const {
    double cur_cost = cost(a);
    std::vector<std::uint32_t> in_group(p_.need.size(), 0);
    for (Id s : sel)
      if (p_.group_of(s) != invalid_id) ++in_group[p_.group_of(s)];
    for (;;) {
      std::vector<std::uint8_t> in(p_.reach.n_sites, 0);
      for (Id s : sel) in[s] = 1;
      std::vector<std::pair<double, Id>> adds;
      for (Id j : p_.candidates)
        if (!in[j]) {
          const double b = gain_bound(j, a.price);
          if (b > eps_) adds.emplace_back(-b, j);
        }
      std::sort(adds.begin(), adds.end());
      if (adds.size() > width) adds.resize(width);
      std::vector<double> use(p_.reach.n_sites, 0.0);
      for (std::size_t t = 0; t < a.pair.size(); ++t) {
        const Id q = a.pair[t];
        use[site_of(q)] += a.assigned[t] * value_(q);
      }
      std::vector<Id> drops = sel;
      std::stable_sort(drops.begin(), drops.end(), [&](Id x, Id y) { return use[x] < use[y]; });
      bool improved = false;
      for (Id s : drops) {
        const Id gs = p_.group_of(s);
        for (const auto& [neg, j] : adds) {
          (void)neg;
          if (std::chrono::steady_clock::now() > deadline) return true;
          check_interrupt();
          if (gs != invalid_id && in_group[gs] <= p_.need[gs] && p_.group_of(j) != gs) continue;
          std::vector<Id> trial;
          for (Id x : sel)
            if (x != s) trial.push_back(x);
          trial.push_back(j);
          std::sort(trial.begin(), trial.end());
          Assignment b = assign(trial);
          if (cost(b) < cur_cost - eps_) {
            if (gs != invalid_id) --in_group[gs];
            if (p_.group_of(j) != invalid_id) ++in_group[p_.group_of(j)];
            sel = std::move(trial);
            a = std::move(b);
            cur_cost = cost(a);
            improved = true;
            break;
          }
        }
        if (improved) break;
      }
      if (!improved) return false;
    }
  }

 private:
  Id site_of(Id q) const {
    const auto it = std::upper_bound(p_.reach.first.begin(), p_.reach.first.end(), q);
    return static_cast<Id>(it - p_.reach.first.begin()) - 1;
  }

  const SitingProblem& p_;
  const std::vector<double>& capacity_;
  double P_ = 0;
  double full_cost_ = 0;
  double eps_ = 0;
  PairValue value_;
  mutable std::vector<std::pair<double, double>> items_;
};

}  // namespace

SitingResult solve_pmedian_capacitated(const SitingContext& ctx) {
  const SitingProblem& p = ctx.p;
  const std::size_t k = std::min<std::size_t>(ctx.o.add, p.candidates.size());
  const CapacitatedMedian cm(p, ctx.in.capacity);
  const double eps = cm.eps();
  SitingResult r;

  // Heuristic: greedy, then swaps within min(6 s, the time limit).
  const CapacitatedMedian::Greedy g = cm.greedy(k, p.candidates);
  std::vector<Id> sel = g.order;
  std::sort(sel.begin(), sel.end());
  Assignment a = g.last;
  const auto budget = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(std::min(6.0, std::max(0.0, ctx.o.time_limit_s))));
  const bool swaps_stopped = k > 0 && cm.swaps(sel, a, std::min(ctx.deadline, std::chrono::steady_clock::now() + budget));
  double best_cost = cm.cost(a);

  double lb = k == 0 ? best_cost : cm.submodular_bound(sel, a, k);
  r.bound_source = "submodular";
  const double full_cost = cm.cost(Assignment{});
  CapacityModel model;  // the MIP, and its linear relaxation
  LpSolution relaxed;
  if (k > 0 && best_cost - lb > eps) {
    if (ctx.exact || ctx.pairs <= ctx.o.exact_max_pairs) {
      model = build_capacity_model(p, ctx.in.capacity, k, nullptr, cm.value());
      relaxed = solve_lp(model.m, ctx.exact ? ctx.deadline : std::chrono::steady_clock::time_point::max());
      check_interrupt();
      if (relaxed.optimal && full_cost + relaxed.objective > lb) {
        lb = full_cost + relaxed.objective;
        r.bound_source = "lp";
      }
    } else {
      // The uncapacitated p-median's Lagrangian bound (14 s at most).
      const MedianSavings s = MedianSavings::build(p, p.candidates);
      LagrangeOptions lo;
      lo.max_iterations = 1000;
      if (ctx.pairs > 4000000) lo.patience = 10;
      lo.deadline = std::min(ctx.deadline, std::chrono::steady_clock::now() + std::chrono::seconds(14));
      const LagrangeBound lag = lagrangian_bound(s, k, s.savings_of(sel), savings_per_point(s, sel), lo);
      if (lag.cost_bound > lb) lb = lag.cost_bound, r.bound_source = "lagrangian (uncapacitated)";
    }
  }
  bool proven = k == 0 || best_cost - lb <= eps;
  r.solver = ctx.exact ? (k == 0 ? "exact:trivial" : "exact:bound")
                       : swaps_stopped ? "heuristic:capacity-greedy+swap(time budget)" : "heuristic:capacity-greedy+swap";

  if (ctx.exact && !proven) {
    r.solver = "exact:cbc";
    // Reduced-cost fixing on the relaxation: a candidate whose reduced cost lifts the LP bound
    // above the heuristic's cost is closed (at 0 in the LP) or kept open (at 1) in any set that
    // costs less; the heuristic's set stays the answer when CBC finds none.
    if (relaxed.optimal) {
      const double margin = best_cost - full_cost + eps;  // objective of the heuristic's set, and rounding
      for (std::size_t t = 0; t < model.x_site.size(); ++t) {
        const int c = model.x_col[t];
        const double d = relaxed.reduced_cost[c];
        if (relaxed.x[c] < 1e-9 && relaxed.objective + d > margin) model.m.col_ub[c] = 0;
        if (relaxed.x[c] > 1 - 1e-9 && relaxed.objective - d > margin) model.m.col_lb[c] = 1;
      }
    }
    const std::vector<double> start = capacity_start(p, model, sel, a);
    MipParams params;
    params.time_limit_s = ctx.seconds_left();
    params.start = &start;
    const MipSolution m = solve_mip(model.m, params);
    if (!m.x.empty()) {
      const std::vector<Id> found = opened(model, m.x);
      const Assignment fa = cm.assign(found);
      if (cm.cost(fa) < best_cost) best_cost = cm.cost(fa), sel = found, a = fa;
    }
    if (m.status == MipStatus::optimal) {
      proven = true;
      r.bound_source = "cbc";
    } else {
      r.solver = "exact:cbc(time limit)";
      r.time_limit_reached = true;
      if (m.bound > -siting_inf && cm.cost(Assignment{}) + m.bound > lb) {
        lb = cm.cost(Assignment{}) + m.bound;
        r.bound_source = "cbc";
      }
    }
  }

  // Rank: greedy addition within the set (sites that add nothing left out), exact cost after
  // each site.
  const CapacitatedMedian::Greedy rank = cm.greedy(sel.size(), sel);
  r.selected = rank.order;
  r.marginal = rank.gain;
  r.objective_after = rank.cost_after;
  r.objective_before = rank.cost_before;
  r.objective = rank.cost_after.empty() ? rank.cost_before : rank.cost_after.back();
  if (proven) lb = r.objective;
  r.bound = std::min(lb, r.objective);
  r.proven_optimal = proven || r.objective - r.bound <= eps;
  r.covered_weight = rank.last.served;
  r.covered_weight_before = rank.before.served;
  return r;
}

}  // namespace lc::detail

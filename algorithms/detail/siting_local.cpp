#include "algorithms/detail/siting_local.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>
#include <numeric>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

namespace lc::detail {

namespace {

constexpr std::uint32_t npos = 0xFFFFFFFFu;

struct HeapEntry {
  double gain;
  Id site;
  std::uint32_t round;  // the number of sites chosen when `gain` was computed
};
// Max-heap order: larger gain on top, then lower site id.
bool heap_less(const HeapEntry& a, const HeapEntry& b) {
  return a.gain < b.gain || (a.gain == b.gain && a.site > b.site);
}

}  // namespace

struct LocalSearch::State {
  std::vector<double> d1, d2;
  std::vector<std::uint32_t> a1;       // position in `selected` of the strictly cheapest site, or npos
  std::vector<double> loss;            // per position: cost increase if that site alone were removed
  std::vector<std::uint32_t> by_loss;  // positions by (loss ascending, site id ascending)
  std::vector<std::uint32_t> in_group; // per group: selected sites in it (groups only)
  double cost = 0;
};

struct LocalSearch::Eval {
  double delta = -siting_inf;  // cost decrease of the best swap
  double profit = 0;           // cost decrease of adding the site alone
  std::uint32_t out = npos;    // position swapped out
};

LocalSearch::LocalSearch(const SitingProblem& p, GainKind kind) : p_(p), kind_(kind) {
  const Id n = p.reach.n_demand;
  ew_.resize(n);
  b1_.resize(n);
  b2_.resize(n);
  double scale = 0;
  for (Id i = 0; i < n; ++i) {
    if (kind == GainKind::cover) {
      ew_[i] = p.weight[i];
      b1_[i] = p.fixed_cost[i] != siting_inf ? 0.0 : 1.0;
      b2_[i] = p.fixed_cost2[i] != siting_inf ? 0.0 : 1.0;
      scale += ew_[i];
    } else {
      ew_[i] = p.coverable[i] ? p.weight[i] : 0.0;
      b1_[i] = std::min(p.fixed_cost[i], p.unreached_cost);
      b2_[i] = std::min(p.fixed_cost2[i], p.unreached_cost);
      scale += ew_[i] * p.unreached_cost;
    }
    baseline_cost_ += ew_[i] * b1_[i];
  }
  eps_ = improvement_eps(scale);
}

template <bool Cover>
double LocalSearch::pair_cost(Id k) const {
  if constexpr (Cover) {
    (void)k;
    return 0.0;
  } else {
    return std::min(static_cast<double>(p_.reach.cost[k]), p_.unreached_cost);
  }
}

template <bool Cover>
double LocalSearch::gain(Id site, const std::vector<double>& d1) const {
  double g = 0;
  for (Id k = p_.begin(site), e = p_.end(site); k < e; ++k) {
    const Id i = p_.reach.demand[k];
    const double c = pair_cost<Cover>(k), d = d1[i];
    if (c < d) g += ew_[i] * (d - c);
  }
  return g;
}

double LocalSearch::cost_of(const std::vector<Id>& selected) const {
  std::vector<double> d1(b1_);
  const bool cover = kind_ == GainKind::cover;
  for (Id s : selected)
    for (Id k = p_.begin(s); k < p_.end(s); ++k) {
      const Id i = p_.reach.demand[k];
      d1[i] = std::min(d1[i], cover ? pair_cost<true>(k) : pair_cost<false>(k));
    }
  double cost = 0;
  for (std::size_t i = 0; i < d1.size(); ++i) cost += ew_[i] * d1[i];
  return cost;
}

template <bool Cover>
GreedyRun LocalSearch::greedy_impl(std::size_t k, const std::vector<Id>& start, const std::vector<Id>& allowed) const {
  std::vector<double> d1(b1_);
  auto open = [&](Id s) {
    for (Id q = p_.begin(s); q < p_.end(s); ++q) {
      const Id i = p_.reach.demand[q];
      d1[i] = std::min(d1[i], pair_cost<Cover>(q));
    }
  };
  for (Id s : start) open(s);
  auto total = [&] {
    double c = 0;
    for (std::size_t i = 0; i < d1.size(); ++i) c += ew_[i] * d1[i];
    return c;
  };

  GreedyRun run;
  double cost = total();
  run.lower_bound = -siting_inf;
  std::vector<HeapEntry> heap(allowed.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, allowed.size(), 64),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      check_interrupt();
                      for (std::size_t x = r.begin(); x < r.end(); ++x)
                        heap[x] = {gain<Cover>(allowed[x], d1), allowed[x], 0};
                    });
  std::make_heap(heap.begin(), heap.end(), heap_less);

  const double K = static_cast<double>(k);
  std::uint32_t round = 0;
  GroupQuota quota(p_, start);  // per-group minimums first (siting_problem.hpp)
  std::vector<HeapEntry> aside;
  HeapEntry top;
  while (run.order.size() < k && pop_allowed(heap, aside, quota, heap_less, top)) {
    check_interrupt();
    if (top.round != round) {  // stale: gains only shrink, so re-evaluate and put it back
      top.gain = gain<Cover>(top.site, d1);
      top.round = round;
      heap.push_back(top);
      std::push_heap(heap.begin(), heap.end(), heap_less);
      continue;
    }
    if (quota.active()) {  // a short group's site, taken whatever it gains
      if (quota.take(top.site)) return_aside(heap, aside, heap_less);
    } else {
      // Fresh on top of every allowed site: no other gains more (ties: no lower id gains as
      // much). (While groups are short the heap holds only theirs: no bound then.)
      run.lower_bound = std::max(run.lower_bound, cost - K * top.gain);
      if (top.gain <= eps_) break;
    }
    open(top.site);
    cost -= top.gain;
    run.order.push_back(top.site);
    run.gain.push_back(top.gain);
    ++round;
  }
  run.cost = total();
  // Every allowed site is open, or no site may be added: nothing can do better (without groups;
  // with them, the set is forced in part and proves nothing).
  if ((heap.empty() && aside.empty() && !p_.grouped()) || k == 0) run.lower_bound = std::max(run.lower_bound, run.cost);
  return run;
}

GreedyRun LocalSearch::greedy(std::size_t k, const std::vector<Id>& start, const std::vector<Id>& allowed) const {
  return kind_ == GainKind::cover ? greedy_impl<true>(k, start, allowed) : greedy_impl<false>(k, start, allowed);
}

template <bool Cover>
void LocalSearch::build_state(const std::vector<Id>& selected, State& st) const {
  const std::size_t n = b1_.size();
  st.d1 = b1_;
  st.d2 = b2_;
  st.a1.assign(n, npos);
  for (std::uint32_t pos = 0; pos < selected.size(); ++pos) {
    const Id s = selected[pos];
    for (Id q = p_.begin(s); q < p_.end(s); ++q) {
      const Id i = p_.reach.demand[q];
      const double c = pair_cost<Cover>(q);
      if (c < st.d1[i]) {
        st.d2[i] = st.d1[i];
        st.d1[i] = c;
        st.a1[i] = pos;
      } else if (c < st.d2[i]) {
        st.d2[i] = c;
      }
    }
  }
  st.loss.assign(selected.size(), 0.0);
  st.cost = 0;
  for (std::size_t i = 0; i < n; ++i) {
    st.cost += ew_[i] * st.d1[i];
    if (st.a1[i] != npos) st.loss[st.a1[i]] += ew_[i] * (st.d2[i] - st.d1[i]);
  }
  st.in_group.assign(p_.need.size(), 0);
  for (Id s : selected)
    if (p_.group_of(s) != invalid_id) ++st.in_group[p_.group_of(s)];
  st.by_loss.resize(selected.size());
  std::iota(st.by_loss.begin(), st.by_loss.end(), 0u);
  std::sort(st.by_loss.begin(), st.by_loss.end(), [&](std::uint32_t a, std::uint32_t b) {
    return st.loss[a] < st.loss[b] || (st.loss[a] == st.loss[b] && selected[a] < selected[b]);
  });
}

// Swapping candidate c in for selected[pos] lowers the cost by
//   profit(c) - loss(pos) + extra(c, pos),
// where profit(c) = sum_i w (d1 - c_ic)+ and extra(c, pos) = sum over i whose strictly cheapest
// open site is selected[pos] and c_ic < d2 of w (d2 - max(c_ic, d1)) (Whitaker 1983).
template <bool Cover>
LocalSearch::Eval LocalSearch::evaluate_swap(Id c, const State& st, const std::vector<Id>& selected,
                                             std::vector<double>& extra, std::vector<std::uint32_t>& touched) const {
  Eval e;
  double profit = 0;
  touched.clear();
  for (Id q = p_.begin(c), end = p_.end(c); q < end; ++q) {
    const Id i = p_.reach.demand[q];
    const double w = ew_[i];
    if (w == 0) continue;
    const double cc = pair_cost<Cover>(q), d1 = st.d1[i];
    if (cc < d1) profit += w * (d1 - cc);
    const std::uint32_t pos = st.a1[i];
    if (pos != npos && cc < st.d2[i]) {
      if (extra[pos] < 0) {  // first touch (extra holds -1 when untouched)
        extra[pos] = 0;
        touched.push_back(pos);
      }
      extra[pos] += w * (st.d2[i] - std::max(cc, d1));
    }
  }
  e.profit = profit;
  // Per-group minimums: a site may leave when its group keeps enough, or c joins the group.
  const Id c_group = p_.group_of(c);
  auto may_leave = [&](std::uint32_t pos) {
    const Id g = p_.group_of(selected[pos]);
    return g == invalid_id || g == c_group || st.in_group[g] > p_.need[g];
  };
  auto consider = [&](std::uint32_t pos, double delta) {
    if (!may_leave(pos)) return;
    if (delta > e.delta || (delta == e.delta && selected[pos] < selected[e.out])) {
      e.delta = delta;
      e.out = pos;
    }
  };
  for (std::uint32_t pos : touched) consider(pos, profit + extra[pos] - st.loss[pos]);
  for (std::uint32_t pos : st.by_loss)
    if (extra[pos] < 0 && may_leave(pos)) {  // the best untouched position: least loss, then lowest id
      consider(pos, profit - st.loss[pos]);
      break;
    }
  for (std::uint32_t pos : touched) extra[pos] = -1;
  return e;
}

template <bool Cover>
SwapRun LocalSearch::improve_impl(std::vector<Id>& selected, std::size_t k, const std::vector<Id>& allowed,
                                  int max_passes) const {
  SwapRun run;
  State st;
  build_state<Cover>(selected, st);
  run.cost = st.cost;
  run.lower_bound = -siting_inf;
  if (selected.empty()) return run;

  std::vector<std::uint8_t> in_sel(p_.reach.n_sites, 0);
  for (Id s : selected) in_sel[s] = 1;
  struct Scratch {
    std::vector<double> extra;
    std::vector<std::uint32_t> touched;
  };
  const std::size_t n_sel = selected.size();
  tbb::enumerable_thread_specific<Scratch> scratch([&] { return Scratch{std::vector<double>(n_sel, -1.0), {}}; });
  std::vector<Eval> evals(allowed.size());

  auto evaluate_all = [&] {
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, allowed.size(), 64), [&](const tbb::blocked_range<std::size_t>& r) {
          check_interrupt();
          Scratch& s = scratch.local();
          for (std::size_t x = r.begin(); x < r.end(); ++x)
            evals[x] = in_sel[allowed[x]] ? Eval{} : evaluate_swap<Cover>(allowed[x], st, selected, s.extra, s.touched);
        });
  };
  auto bound_from_evals = [&] {
    std::vector<double> profits;
    for (std::size_t x = 0; x < allowed.size(); ++x)
      if (!in_sel[allowed[x]]) profits.push_back(evals[x].profit);
    const std::size_t top = std::min(k, profits.size());
    std::partial_sort(profits.begin(), profits.begin() + top, profits.end(), std::greater<double>());
    double sum = 0;
    for (std::size_t t = 0; t < top; ++t) sum += profits[t];
    return st.cost - sum;
  };

  Scratch seq{std::vector<double>(n_sel, -1.0), {}};
  bool converged = false;
  while (run.passes < max_passes) {
    evaluate_all();
    ++run.passes;
    std::vector<std::size_t> improving;
    for (std::size_t x = 0; x < allowed.size(); ++x)
      if (!in_sel[allowed[x]] && evals[x].delta > eps_) improving.push_back(x);
    if (improving.empty()) {
      converged = true;
      break;
    }
    std::sort(improving.begin(), improving.end(), [&](std::size_t a, std::size_t b) {
      return evals[a].delta > evals[b].delta || (evals[a].delta == evals[b].delta && allowed[a] < allowed[b]);
    });
    for (std::size_t x : improving) {
      check_interrupt();
      const Id c = allowed[x];
      const Eval e = evaluate_swap<Cover>(c, st, selected, seq.extra, seq.touched);  // against the current set
      if (!(e.delta > eps_)) continue;
      const Id out = selected[e.out];
      const double before = st.cost;
      selected[e.out] = c;
      build_state<Cover>(selected, st);
      if (st.cost < before - 0.5 * eps_) {
        in_sel[out] = 0;
        in_sel[c] = 1;
        ++run.swaps;
      } else {  // rounding disagreed with the estimate: keep the old set
        selected[e.out] = out;
        build_state<Cover>(selected, st);
      }
    }
  }
  if (!converged) evaluate_all();  // evaluations of the final set, for the bound
  run.cost = st.cost;
  run.lower_bound = bound_from_evals();
  return run;
}

SwapRun LocalSearch::improve(std::vector<Id>& selected, std::size_t k, const std::vector<Id>& allowed,
                             int max_passes) const {
  return kind_ == GainKind::cover ? improve_impl<true>(selected, k, allowed, max_passes)
                                  : improve_impl<false>(selected, k, allowed, max_passes);
}

}  // namespace lc::detail

#include "algorithms/detail/siting_cover.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <numeric>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

namespace lc::detail {

namespace {

struct HeapEntry {
  double gain;
  Id site;
  std::uint32_t round;
};
bool heap_less(const HeapEntry& a, const HeapEntry& b) {
  return a.gain < b.gain || (a.gain == b.gain && a.site > b.site);
}

}  // namespace

double harmonic(std::size_t n) {
  double h = 0;
  for (std::size_t m = n; m >= 1; --m) h += 1.0 / static_cast<double>(m);  // small terms first
  return h;
}

double cover_requirement(const CoverInstance& inst) {
  if (inst.by_weight) return inst.required;
  double n = 0;
  for (std::uint8_t x : inst.need) n += x;
  return n;
}

CoverRun greedy_cover(const CoverInstance& inst, const std::vector<Id>& allowed, std::size_t max_sites) {
  const SitingProblem& p = *inst.p;
  const Reach& reach = p.reach;
  const Id n = reach.n_demand;
  std::vector<std::uint8_t> covered(n, 0);
  const double required = cover_requirement(inst);
  // Counts are exact in doubles; weights get a relative tolerance.
  const double tol = inst.by_weight ? improvement_eps(p.total_weight) : 0.5;

  auto value = [&](Id i) { return inst.by_weight ? p.weight[i] : 1.0; };
  auto gain_of = [&](Id s) {
    double g = 0;
    for (Id q = p.begin(s); q < p.end(s); ++q) {
      const Id i = reach.demand[q];
      if (inst.need[i] && !covered[i] && reach.cost[q] <= inst.radius) g += value(i);
    }
    return g;
  };

  CoverRun run;
  // Can the requirement be met at all by every allowed site together?
  {
    tbb::enumerable_thread_specific<std::vector<std::uint8_t>> marks([&] { return std::vector<std::uint8_t>(n, 0); });
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, allowed.size(), 256),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        check_interrupt();
                        std::vector<std::uint8_t>& m = marks.local();
                        for (std::size_t x = r.begin(); x < r.end(); ++x)
                          for (Id q = p.begin(allowed[x]); q < p.end(allowed[x]); ++q)
                            if (reach.cost[q] <= inst.radius) m[reach.demand[q]] = 1;
                      });
    std::vector<std::uint8_t> reachable(n, 0);
    for (const std::vector<std::uint8_t>& m : marks)
      for (Id i = 0; i < n; ++i) reachable[i] |= m[i];
    double can = 0;
    bool all = true;
    for (Id i = 0; i < n; ++i)
      if (inst.need[i]) {
        if (reachable[i])
          can += value(i);
        else
          all = false;
      }
    if ((!inst.by_weight && !all) || can < required - tol) {
      run.lower_bound = SIZE_MAX;
      return run;
    }
  }
  // Per-group minimums first (siting_problem.hpp); done when the requirement is met and no group
  // is short.
  GroupQuota quota(p, {});
  if (required <= tol && !quota.active()) {
    run.complete = true;
    return run;
  }

  std::vector<HeapEntry> heap(allowed.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, allowed.size(), 64),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      check_interrupt();
                      for (std::size_t x = r.begin(); x < r.end(); ++x) heap[x] = {gain_of(allowed[x]), allowed[x], 0};
                    });

  // Subadditive bound: the fewest sites whose initial gains add up to the requirement.
  double delta_max = 0;
  {
    std::vector<double> g(heap.size());
    for (std::size_t x = 0; x < heap.size(); ++x) g[x] = heap[x].gain;
    std::sort(g.begin(), g.end(), std::greater<double>());
    double sum = 0;
    std::size_t t = 0;
    while (t < g.size() && sum < required - tol) sum += g[t++];
    run.lower_bound = std::max(t, p.total_need);  // the groups' sites count too
    if (!g.empty()) delta_max = g.front();
  }

  std::make_heap(heap.begin(), heap.end(), heap_less);
  double done = 0;
  std::uint32_t round = 0;
  bool stopped_by_limit = false;
  std::vector<HeapEntry> aside;
  while (!run.complete && !heap.empty()) {
    check_interrupt();
    if (run.order.size() >= max_sites) {
      stopped_by_limit = true;
      break;
    }
    HeapEntry top;
    if (!pop_allowed(heap, aside, quota, heap_less, top)) break;
    if (top.round != round) {
      top.gain = gain_of(top.site);
      top.round = round;
      heap.push_back(top);
      std::push_heap(heap.begin(), heap.end(), heap_less);
      continue;
    }
    if (quota.active()) {
      if (quota.take(top.site)) return_aside(heap, aside, heap_less);
    } else if (top.gain <= 0) {
      break;
    }
    double w = 0;
    for (Id q = p.begin(top.site); q < p.end(top.site); ++q) {
      const Id i = reach.demand[q];
      if (inst.need[i] && !covered[i] && reach.cost[q] <= inst.radius) {
        covered[i] = 1;
        w += p.weight[i];
        done += value(i);
      }
    }
    run.order.push_back(top.site);
    run.covered_weight.push_back(w);
    ++round;
    run.complete = done >= required - tol && !quota.active();
  }
  // Chvátal: greedy (run to completion) <= H(Δ) × optimum. Stopped by the limit, the full greedy
  // would have needed more than order.size() sites.
  if (!inst.by_weight && !p.grouped() && delta_max > 0 && (run.complete || stopped_by_limit)) {
    const double greedy_sites = static_cast<double>(run.order.size() + (run.complete ? 0 : 1));
    const double lb = std::ceil(greedy_sites / harmonic(static_cast<std::size_t>(delta_max)) - 1e-9);
    run.lower_bound = std::max(run.lower_bound, static_cast<std::size_t>(lb));
  }
  return run;
}

ReducedCover reduce_cover(const CoverInstance& inst, const std::vector<Id>& allowed) {
  const SitingProblem& p = *inst.p;
  const Reach& reach = p.reach;
  ReducedCover out;
  const std::size_t A = allowed.size();
  std::vector<std::vector<Id>> col_rows(A);  // needed points each candidate reaches
  std::vector<std::uint32_t> row_deg(reach.n_demand, 0);
  for (std::size_t a = 0; a < A; ++a)
    for (Id q = p.begin(allowed[a]); q < p.end(allowed[a]); ++q) {
      const Id i = reach.demand[q];
      if (inst.need[i] && reach.cost[q] <= inst.radius) col_rows[a].push_back(i);
    }
  std::vector<std::vector<std::uint32_t>> row_cols(reach.n_demand);
  for (std::size_t a = 0; a < A; ++a)
    for (Id i : col_rows[a]) row_cols[i].push_back(static_cast<std::uint32_t>(a));
  std::vector<std::uint8_t> row_on(reach.n_demand, 0), col_on(A, 1);
  std::vector<std::uint32_t> col_deg(A, 0);
  for (Id i = 0; i < reach.n_demand; ++i) {
    if (!inst.need[i]) continue;
    if (row_cols[i].empty()) {
      out.infeasible = true;
      return out;
    }
    row_on[i] = 1;
    row_deg[i] = static_cast<std::uint32_t>(row_cols[i].size());
    ++out.rows_before;
  }
  for (std::size_t a = 0; a < A; ++a) col_deg[a] = static_cast<std::uint32_t>(col_rows[a].size());
  out.columns_before = A;
  auto drop_row = [&](Id i) {
    row_on[i] = 0;
    for (std::uint32_t a : row_cols[i]) --col_deg[a];
  };
  auto drop_col = [&](std::size_t a) {
    col_on[a] = 0;
    for (Id i : col_rows[a])
      if (row_on[i]) --row_deg[i];
  };
  std::vector<std::uint8_t> forced(A, 0);
  std::vector<std::int64_t> dominator(A, -1);
  std::vector<std::uint32_t> stamp(reach.n_demand, 0);
  std::uint32_t now = 0;
  // Domination checks cost up to the size of two candidates' point lists each: the whole search
  // is capped (a cap reached leaves a larger, still exact, model).
  std::size_t work_left = std::size_t{400} * 1000 * 1000;
  for (bool changed = true; changed;) {
    changed = false;
    check_interrupt();
    for (Id i = 0; i < reach.n_demand; ++i) {  // essential candidates
      if (!row_on[i] || row_deg[i] != 1) continue;
      std::uint32_t only = 0;
      for (std::uint32_t a : row_cols[i])
        if (col_on[a]) only = a;
      forced[only] = 1;
      drop_col(only);
      for (Id r : col_rows[only])
        if (row_on[r]) drop_row(r);
      changed = true;
    }
    {  // duplicate points
      std::map<std::vector<std::uint32_t>, Id> seen;
      std::vector<std::uint32_t> key;
      for (Id i = 0; i < reach.n_demand; ++i) {
        if (!row_on[i]) continue;
        key.clear();
        for (std::uint32_t a : row_cols[i])
          if (col_on[a]) key.push_back(a);
        if (!seen.emplace(key, i).second) {
          drop_row(i);
          changed = true;
        }
      }
    }
    // Dominated candidates, fewest points first; the check runs over the candidates reaching
    // the candidate's rarest point.
    std::vector<std::uint32_t> order;
    for (std::size_t a = 0; a < A; ++a)
      if (col_on[a]) order.push_back(static_cast<std::uint32_t>(a));
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) { return col_deg[x] < col_deg[y]; });
    for (std::uint32_t a : order) {
      if (!col_on[a]) continue;
      if (col_deg[a] == 0) {
        drop_col(a);
        changed = true;
        continue;
      }
      if (work_left == 0) continue;
      Id rare = invalid_id;
      for (Id i : col_rows[a])
        if (row_on[i] && (rare == invalid_id || row_deg[i] < row_deg[rare])) rare = i;
      ++now;
      for (Id i : col_rows[a])
        if (row_on[i]) stamp[i] = now;
      for (std::uint32_t b : row_cols[rare]) {
        if (b == a || !col_on[b] || col_deg[b] < col_deg[a] || (col_deg[b] == col_deg[a] && b > a)) continue;
        std::uint32_t hit = 0;
        for (Id i : col_rows[b]) hit += row_on[i] && stamp[i] == now;
        work_left -= std::min(work_left, col_rows[b].size());
        if (hit == col_deg[a]) {  // every point of a is b's
          dominator[a] = b;
          drop_col(a);
          changed = true;
          break;
        }
      }
    }
  }

  std::vector<std::int64_t> new_index(A, -1);
  for (std::size_t a = 0; a < A; ++a) {
    if (forced[a]) out.forced.push_back(allowed[a]);
    if (col_on[a]) {
      new_index[a] = static_cast<std::int64_t>(out.columns.size());
      out.columns.push_back(allowed[a]);
    }
  }
  for (std::size_t a = 0; a < A; ++a) {
    if (dominator[a] < 0) continue;
    std::int64_t b = dominator[a];  // follow the chain to a candidate left (or forced)
    while (dominator[static_cast<std::size_t>(b)] >= 0) b = dominator[static_cast<std::size_t>(b)];
    out.replaced.emplace_back(allowed[a], allowed[static_cast<std::size_t>(b)]);
  }
  for (Id i = 0; i < reach.n_demand; ++i) {
    if (!row_on[i]) continue;
    std::vector<std::uint32_t> cols;
    for (std::uint32_t a : row_cols[i])
      if (col_on[a]) cols.push_back(static_cast<std::uint32_t>(new_index[a]));
    out.rows.push_back(std::move(cols));
  }
  return out;
}

}  // namespace lc::detail

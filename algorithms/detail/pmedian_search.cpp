#include "algorithms/detail/pmedian_search.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <random>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

// The fast swap-based local search of Resende & Werneck (2007), in their notation. For a
// solution S (the open candidates; the fixed sites and the unreached cost act as one virtual
// site that is always open, at cost base_i = min(unreached_cost, cheapest fixed site)), every
// demand point i knows phi1(i), its closest open site at d1(i), and phi2(i), the second closest
// at d2(i) (the virtual site when there is none). Then, with w_i the weight:
//   gain[f]    = sum_i w_i max(0, d1(i) - d(i, f))                       f closed: adding f
//   loss[r]    = sum_{i: phi1(i) = r} w_i (d2(i) - d1(i))                r open: removing r
//   extra(r,f) = sum_{i: phi1(i) = r, d(i,f) < d2(i)} w_i (d2(i) - max(d(i,f), d1(i)))
// and swapping f in for r lowers the cost by profit(r, f) = gain[f] - loss[r] + extra(r, f).
// Each demand point contributes to these sums only through the sites closer than d2(i), which
// its cost-sorted list gives in order. A swap changes phi1/phi2 only for the points served by
// r (closest or second closest) and for those to which f is closer than d2: their contributions
// are subtracted, the swap is made, and they are added again ("undo" / "redo"); nothing else is
// touched. Each iteration applies the most profitable swap (best improvement); while fewer than
// k sites are open it adds the site of largest gain instead. extra is sparse; it is held dense
// (rows = solution positions) when k × (allowed sites) is small enough and as one
// open-addressing hash table per position beyond that.
//
// The hybrid of Resende & Werneck (2004) around it: randomized "sample greedy" constructions
// (each step adds the best of ceil(log2(m / k)) sites drawn at random), the local search, and
// path relinking: from one solution towards another, the best swap that brings in a site of the
// target for one that is not in it, even when it raises the cost; the best solution strictly
// inside the path (at least two swaps from either end) is improved by the local search. An
// elite pool of the ten best distinct local optima supplies the relinking partners, chosen with
// probability proportional to their difference from the current solution and relinked in both
// directions; at the end every elite solution is relinked with the best, in rounds (at most
// four) while a round improves the best.

namespace lc::detail {

namespace {

constexpr std::uint32_t none = 0xFFFFFFFFu;
constexpr std::size_t elite_capacity = 10;
constexpr int final_rounds = 4;

struct Entry {
  float cost;       // Reach cost (below base, so below unreached_cost: not capped)
  std::uint32_t f;  // local site index (position in `allowed`)
};

// Immutable per call: the allowed sites and a demand-major list of the pairs that matter.
struct Instance {
  const SitingProblem& p;
  std::size_t k = 0;
  std::vector<Id> site;      // local index -> site id, ascending
  std::vector<double> w;     // per demand: weight when coverable, else 0
  std::vector<double> base;  // per demand: min(unreached_cost, cheapest fixed site)
  std::vector<Id> first;     // demand-major CSR offsets (n_demand + 1)
  std::vector<Entry> entry;  // per demand: allowed sites cheaper than base, by (cost, local index)
  std::vector<Id> users;     // demand points with positive weight and at least one entry
  double constant = 0;       // sum of w × base over the other demand points
  double eps = 0;

  Instance(const SitingProblem& problem, std::size_t k_sites, const std::vector<Id>& allowed)
      : p(problem), k(k_sites), site(allowed) {
    const Reach& reach = p.reach;
    const Id n = reach.n_demand;
    w.resize(n);
    base.resize(n);
    double scale = 0;
    for (Id i = 0; i < n; ++i) {
      w[i] = p.coverable[i] ? p.weight[i] : 0.0;
      base[i] = std::min(p.fixed_cost[i], p.unreached_cost);
      scale += w[i] * p.unreached_cost;
    }
    eps = improvement_eps(scale);  // the scale LocalSearch uses for the p-median

    first.assign(std::size_t(n) + 1, 0);
    for (Id j : site)
      for (Id q = p.begin(j); q < p.end(j); ++q) {
        const Id i = reach.demand[q];
        if (w[i] > 0 && reach.cost[q] < base[i]) ++first[i + 1];
      }
    for (Id i = 0; i < n; ++i) first[i + 1] += first[i];
    entry.resize(first[n]);
    std::vector<Id> fill(first.begin(), first.end() - 1);
    for (std::uint32_t f = 0; f < site.size(); ++f) {
      check_interrupt();
      for (Id q = p.begin(site[f]); q < p.end(site[f]); ++q) {
        const Id i = reach.demand[q];
        if (w[i] > 0 && reach.cost[q] < base[i]) entry[fill[i]++] = {reach.cost[q], f};
      }
    }
    tbb::parallel_for(tbb::blocked_range<Id>(0, n, 1024), [&](const tbb::blocked_range<Id>& r) {
      check_interrupt();
      for (Id i = r.begin(); i < r.end(); ++i)
        std::sort(entry.begin() + first[i], entry.begin() + first[i + 1],
                  [](const Entry& a, const Entry& b) { return a.cost < b.cost || (a.cost == b.cost && a.f < b.f); });
    });
    for (Id i = 0; i < n; ++i) {
      if (first[i + 1] > first[i])
        users.push_back(i);
      else
        constant += w[i] * base[i];
    }
  }
};

// extra(r, f) as a dense matrix: row = solution position, column = local site index.
class DenseExtra {
 public:
  DenseExtra(std::size_t rows, std::size_t cols) : cols_(cols), a_(rows * cols, 0.0) {}
  void add(std::uint32_t pos, std::uint32_t f, double v) { a_[pos * cols_ + f] += v; }
  double get(std::uint32_t pos, std::uint32_t f) const { return a_[pos * cols_ + f]; }
  void clear_row(std::uint32_t pos) { std::fill(a_.begin() + pos * cols_, a_.begin() + (pos + 1) * cols_, 0.0); }
  void clear_column(std::uint32_t f) {
    for (std::size_t x = f; x < a_.size(); x += cols_) a_[x] = 0.0;
  }
  void clear() { std::fill(a_.begin(), a_.end(), 0.0); }
  struct Row {
    double* a;
    void add(std::uint32_t f, double v) const { a[f] += v; }
  };
  Row row(std::uint32_t pos) { return {a_.data() + pos * cols_}; }
  template <class Fn>
  void for_each(std::uint32_t pos, Fn&& fn) const {
    const double* row = a_.data() + pos * cols_;
    for (std::uint32_t f = 0; f < cols_; ++f) fn(f, row[f]);
  }

 private:
  std::size_t cols_;
  std::vector<double> a_;
};

// extra(r, f) as one open-addressing (linear probing) hash table per solution position.
class SparseExtra {
 public:
  SparseExtra(std::size_t rows, std::size_t /*cols*/) : rows_(rows) {}
  struct Row {
    std::vector<std::uint32_t> key;  // none = empty slot; size a power of two
    std::vector<double> val;
    std::size_t used = 0;
  };
  struct RowRef {
    Row* r;
    void add(std::uint32_t f, double v) const { SparseExtra::add(*r, f, v); }
  };
  RowRef row(std::uint32_t pos) { return {&rows_[pos]}; }
  void add(std::uint32_t pos, std::uint32_t f, double v) { add(rows_[pos], f, v); }
  static void add(Row& r, std::uint32_t f, double v) {
    if (2 * (r.used + 1) > r.key.size()) grow(r);
    const std::size_t h = slot(r, f);
    if (r.key[h] == none) {
      r.key[h] = f;
      r.val[h] = 0;
      ++r.used;
    }
    r.val[h] += v;
  }
  double get(std::uint32_t pos, std::uint32_t f) const {
    const Row& r = rows_[pos];
    if (r.key.empty()) return 0.0;
    const std::size_t h = slot(r, f);
    return r.key[h] == f ? r.val[h] : 0.0;
  }
  void clear_row(std::uint32_t pos) {
    Row& r = rows_[pos];
    std::fill(r.key.begin(), r.key.end(), none);
    r.used = 0;
  }
  void clear_column(std::uint32_t f) {
    for (Row& r : rows_) {
      if (r.key.empty()) continue;
      const std::size_t h = slot(r, f);
      if (r.key[h] == f) r.val[h] = 0.0;
    }
  }
  void clear() {
    for (std::uint32_t pos = 0; pos < rows_.size(); ++pos) clear_row(pos);
  }
  template <class Fn>
  void for_each(std::uint32_t pos, Fn&& fn) const {
    const Row& r = rows_[pos];
    for (std::size_t h = 0; h < r.key.size(); ++h)
      if (r.key[h] != none) fn(r.key[h], r.val[h]);
  }

 private:
  static std::size_t slot(const Row& r, std::uint32_t f) {
    const std::size_t mask = r.key.size() - 1;
    std::size_t h = static_cast<std::size_t>((std::uint64_t(f) * 0x9E3779B97F4A7C15ull) >> 32) & mask;
    while (r.key[h] != none && r.key[h] != f) h = (h + 1) & mask;
    return h;
  }
  static void grow(Row& r) {
    Row bigger;
    bigger.key.assign(std::max<std::size_t>(16, 2 * r.key.size()), none);
    bigger.val.assign(bigger.key.size(), 0.0);
    for (std::size_t h = 0; h < r.key.size(); ++h)
      if (r.key[h] != none) {
        const std::size_t s = slot(bigger, r.key[h]);
        bigger.key[s] = r.key[h];
        bigger.val[s] = r.val[h];
        ++bigger.used;
      }
    r = std::move(bigger);
  }
  std::vector<Row> rows_;
};

using Set = std::vector<std::uint32_t>;  // local site indices, ascending

struct Solution {
  Set set;
  double cost = siting_inf;
};

std::size_t difference(const Set& a, const Set& b) {  // |a \ b|
  std::size_t common = 0;
  for (std::size_t x = 0, y = 0; x < a.size() && y < b.size();) {
    if (a[x] == b[y]) {
      ++common;
      ++x;
      ++y;
    } else if (a[x] < b[y]) {
      ++x;
    } else {
      ++y;
    }
  }
  return a.size() - common;
}

template <class Extra>
class Search {
 public:
  explicit Search(const Instance& in)
      : in_(in),
        rows_(std::min(in.k, in.site.size())),
        extra_(rows_, in.site.size()),
        open_(in.site.size(), 0),
        pos_of_(in.site.size(), none),
        gain_(in.site.size(), 0.0),
        loss_(rows_, 0.0),
        phi1_(in.p.reach.n_demand, none),
        phi2_(in.p.reach.n_demand, none),
        d1_(in.base),
        d2_(in.base),
        at1_(in.p.reach.n_demand, 0),
        mark_(in.p.reach.n_demand, 0),
        in_target_(in.site.size(), 0) {
    sel_.reserve(rows_);
  }

  int moves() const { return moves_; }
  double cost() const { return cost_; }
  Set set() const {
    Set s(sel_);
    std::sort(s.begin(), s.end());
    return s;
  }
  // The cost summed afresh from the closest sites (no accumulated rounding).
  double exact_cost() const {
    double c = in_.constant;
    for (Id i : in_.users) c += in_.w[i] * d1_[i];
    return c;
  }

  // Rebuilds every structure for `set` from scratch.
  void load(const Set& set) {
    for (std::uint32_t f : sel_) {
      open_[f] = 0;
      pos_of_[f] = none;
    }
    sel_.clear();
    for (std::uint32_t f : set) {
      pos_of_[f] = static_cast<std::uint32_t>(sel_.size());
      sel_.push_back(f);
      open_[f] = 1;
    }
    std::fill(gain_.begin(), gain_.end(), 0.0);
    std::fill(loss_.begin(), loss_.end(), 0.0);
    extra_.clear();
    cost_ = in_.constant;
    for (std::size_t x = 0; x < in_.users.size(); ++x) {
      if ((x & 0xFFFF) == 0) check_interrupt();
      const Id i = in_.users[x];
      locate(i);
      contribute(i, 1.0);
      cost_ += in_.w[i] * d1_[i];
    }
  }

  // Best-improvement moves until none lowers the cost by more than eps: additions while fewer
  // than k sites are open (an addition always profits at least as much as any swap, since
  // extra(r, f) <= loss[r]), swaps once k are.
  void local_search() {
    Set before;
    for (;;) {
      check_interrupt();
      const Move m = best_move();
      if (!(m.value > in_.eps)) break;
      before = sel_;
      const double improvement = apply(m.f, m.pos);
      if (!(improvement > 0.5 * in_.eps)) {  // the sums' rounding disagreed: keep the old set
        std::sort(before.begin(), before.end());
        load(before);
        break;
      }
      ++moves_;
    }
  }

  // Sample greedy (Resende & Werneck 2004): from the fixed sites alone, k times the best (by
  // gain, ties: lower id) of ceil(log2(m / k)) closed sites drawn at random; when none of them
  // gains, the best of all; stops when no site gains more than eps.
  template <class Rng>
  void sample_greedy(Rng& rng) {
    load({});
    const std::size_t m = in_.site.size();
    const std::size_t sample = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::ceil(std::log2(static_cast<double>(m) / static_cast<double>(rows_)))));
    std::vector<std::uint32_t> closed(m);
    for (std::uint32_t f = 0; f < m; ++f) closed[f] = f;
    while (sel_.size() < rows_ && !closed.empty()) {
      check_interrupt();
      const std::size_t s = std::min(sample, closed.size());
      std::size_t best = none;
      for (std::size_t t = 0; t < s; ++t) {
        std::swap(closed[t], closed[t + rng() % (closed.size() - t)]);
        if (best == none || gain_[closed[t]] > gain_[closed[best]] ||
            (gain_[closed[t]] == gain_[closed[best]] && closed[t] < closed[best]))
          best = t;
      }
      if (!(gain_[closed[best]] > in_.eps)) {
        for (std::size_t t = 0; t < closed.size(); ++t)
          if (gain_[closed[t]] > gain_[closed[best]] ||
              (gain_[closed[t]] == gain_[closed[best]] && closed[t] < closed[best]))
            best = t;
        if (!(gain_[closed[best]] > in_.eps)) break;
      }
      apply(closed[best], static_cast<std::uint32_t>(sel_.size()));
      closed[best] = closed.back();
      closed.pop_back();
    }
  }

  // Path relinking from the loaded solution towards `target` (same size): each step swaps in
  // the site of the target and out the site not in it with the largest profit (ties: lower
  // ids), negative or not. Returns the best solution on the path at least two swaps away from
  // both ends (a neighbour of a local optimum leads the local search back to it); cost infinite
  // when the ends differ by fewer than four sites. Leaves the state at the last step taken.
  Solution relink(const Set& target) {
    Solution best;
    if (target.size() != sel_.size()) return best;
    std::vector<std::uint32_t> ins, outs;
    for (std::uint32_t f : target) in_target_[f] = 1;
    for (std::uint32_t f : target)
      if (!open_[f]) ins.push_back(f);
    for (std::uint32_t pos = 0; pos < sel_.size(); ++pos)
      if (!in_target_[sel_[pos]]) outs.push_back(pos);
    for (std::uint32_t f : target) in_target_[f] = 0;
    std::size_t step = 0;
    while (ins.size() > 2) {
      check_interrupt();
      Move m;
      std::size_t bi = 0, bo = 0;
      for (std::size_t x = 0; x < ins.size(); ++x)
        for (std::size_t y = 0; y < outs.size(); ++y) {
          const Move c{gain_[ins[x]] - loss_[outs[y]] + extra_.get(outs[y], ins[x]), ins[x], outs[y]};
          if (better(c, m)) {
            m = c;
            bi = x;
            bo = y;
          }
        }
      apply(m.f, m.pos);
      ins.erase(ins.begin() + static_cast<std::ptrdiff_t>(bi));
      outs.erase(outs.begin() + static_cast<std::ptrdiff_t>(bo));
      ++step;
      if (step >= 2 && ins.size() >= 2 && cost_ < best.cost) {
        best.cost = cost_;
        best.set = set();
      }
    }
    return best;
  }

  // Drops, one at a time, the open site whose removal raises the cost least while that is no
  // more than eps (ties: the higher id goes).
  void drop_useless() {
    while (!sel_.empty()) {
      std::uint32_t worst = 0;
      for (std::uint32_t pos = 1; pos < sel_.size(); ++pos)
        if (loss_[pos] < loss_[worst] || (loss_[pos] == loss_[worst] && sel_[pos] > sel_[worst])) worst = pos;
      if (!(loss_[worst] <= in_.eps)) break;
      Set rest;
      for (std::uint32_t pos = 0; pos < sel_.size(); ++pos)
        if (pos != worst) rest.push_back(sel_[pos]);
      std::sort(rest.begin(), rest.end());
      load(rest);
    }
  }

 private:
  struct Move {
    double value = -siting_inf;  // cost decrease
    std::uint32_t f = none;      // site in
    std::uint32_t pos = none;    // position out; sel_.size() for an addition
  };

  std::uint32_t out_site(const Move& m) const { return m.pos < sel_.size() ? sel_[m.pos] : none; }
  // Larger decrease; ties: lower site in, then lower site out.
  bool better(const Move& a, const Move& b) const {
    if (a.value != b.value) return a.value > b.value;
    if (a.f != b.f) return a.f < b.f;
    return out_site(a) < out_site(b);
  }

  // Closest and second closest open site of demand point i, from its sorted list.
  void locate(Id i) {
    std::uint32_t a = none, b = none;
    double da = in_.base[i], db = in_.base[i];
    Id at = in_.first[i + 1];
    for (Id e = in_.first[i], end = in_.first[i + 1]; e < end; ++e) {
      const Entry& x = in_.entry[e];
      if (!open_[x.f]) continue;
      if (a == none) {
        a = x.f;
        da = x.cost;
        at = e;
      } else {
        b = x.f;
        db = x.cost;
        break;
      }
    }
    phi1_[i] = a;
    phi2_[i] = b;
    d1_[i] = da;
    d2_[i] = db;
    at1_[i] = at;
  }

  // Adds (sign +1) or removes (-1) demand point i's terms of gain, loss and extra. In the
  // sorted list, the sites before phi1 are closed and no dearer than d1 (gain w (d1 - c), extra
  // w (d2 - d1)); those after it and cheaper than d2 are closed and no cheaper than d1 (extra
  // w (d2 - c), no gain): phi1 is the only open site cheaper than d2.
  void contribute(Id i, double sign) {
    const double w = sign * in_.w[i], a = d1_[i], b = d2_[i];
    const Entry* e = in_.entry.data() + in_.first[i];
    const Entry* const end = in_.entry.data() + in_.first[i + 1];
    double* const gain = gain_.data();
    const std::uint32_t r = phi1_[i];
    if (r == none) {  // served by the virtual site: no site of S to lose, every entry gains
      for (; e < end && e->cost < a; ++e) gain[e->f] += w * (a - e->cost);
      return;
    }
    const std::uint32_t pos = pos_of_[r];
    loss_[pos] += w * (b - a);
    const Entry* const at = in_.entry.data() + at1_[i];
    auto row = extra_.row(pos);
    const double before = w * (b - a);
    if (before != 0)
      for (; e < at; ++e) {
        gain[e->f] += w * (a - e->cost);
        row.add(e->f, before);
      }
    else
      for (; e < at; ++e) gain[e->f] += w * (a - e->cost);
    for (e = at + 1; e < end && e->cost < b; ++e) row.add(e->f, w * (b - e->cost));
  }

  // Opens f in place of sel_[pos] (pos == sel_.size(): adds f). Returns the cost decrease.
  double apply(std::uint32_t f, std::uint32_t pos) {
    const Reach& reach = in_.p.reach;
    const bool add = pos == sel_.size();
    const std::uint32_t r = add ? none : sel_[pos];
    if (++stamp_ == 0) {  // wrapped: forget old marks
      std::fill(mark_.begin(), mark_.end(), 0);
      stamp_ = 1;
    }
    affected_.clear();
    auto mark = [&](Id i) {
      if (mark_[i] != stamp_) {
        mark_[i] = stamp_;
        affected_.push_back(i);
      }
    };
    if (!add)
      for (Id q = in_.p.begin(in_.site[r]), e = in_.p.end(in_.site[r]); q < e; ++q) {
        const Id i = reach.demand[q];
        if (in_.w[i] > 0 && (phi1_[i] == r || phi2_[i] == r)) mark(i);
      }
    for (Id q = in_.p.begin(in_.site[f]), e = in_.p.end(in_.site[f]); q < e; ++q) {
      const Id i = reach.demand[q];
      if (in_.w[i] > 0 && reach.cost[q] < d2_[i]) mark(i);
    }
    double before = 0, after = 0;
    for (Id i : affected_) {
      before += in_.w[i] * d1_[i];
      contribute(i, -1.0);
    }
    if (add) {
      sel_.push_back(f);
    } else {
      open_[r] = 0;
      pos_of_[r] = none;
      gain_[r] = 0;
      sel_[pos] = f;
    }
    loss_[pos] = 0;
    extra_.clear_row(pos);
    open_[f] = 1;
    pos_of_[f] = pos;
    gain_[f] = 0;
    extra_.clear_column(f);
    for (Id i : affected_) {
      locate(i);
      contribute(i, 1.0);
      after += in_.w[i] * d1_[i];
    }
    cost_ += after - before;
    return before - after;
  }

  Move best_move() const {
    Move best;
    const std::uint32_t m = static_cast<std::uint32_t>(in_.site.size());
    if (sel_.size() < rows_) {
      const std::uint32_t pos = static_cast<std::uint32_t>(sel_.size());
      for (std::uint32_t f = 0; f < m; ++f)
        if (!open_[f] && gain_[f] > best.value) best = {gain_[f], f, pos};
      return best;
    }
    if (sel_.empty()) return best;
    // max over r of profit(r, f) is gain[f] - (least loss) or comes from a nonzero extra(r, f)
    std::uint32_t least = 0;
    for (std::uint32_t pos = 1; pos < sel_.size(); ++pos)
      if (loss_[pos] < loss_[least] || (loss_[pos] == loss_[least] && sel_[pos] < sel_[least])) least = pos;
    for (std::uint32_t f = 0; f < m; ++f)
      if (!open_[f]) {
        const Move c{gain_[f] - loss_[least], f, least};
        if (better(c, best)) best = c;
      }
    // Rows in parallel, each to its own best, combined in position order: the same move
    // whatever the thread count (better() is a total order on distinct moves).
    auto row_best = [&](std::uint32_t pos, Move b) {
      const double l = loss_[pos];
      extra_.for_each(pos, [&](std::uint32_t f, double x) {
        const double v = gain_[f] - l + x;
        if (v >= b.value && !open_[f]) {
          const Move c{v, f, pos};
          if (better(c, b)) b = c;
        }
      });
      return b;
    };
    if (sel_.size() * m < (std::size_t(1) << 16)) {
      for (std::uint32_t pos = 0; pos < sel_.size(); ++pos) best = row_best(pos, best);
      return best;
    }
    std::vector<Move> rows(sel_.size());
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(sel_.size()), 4),
                      [&](const tbb::blocked_range<std::uint32_t>& r) {
                        for (std::uint32_t pos = r.begin(); pos < r.end(); ++pos) rows[pos] = row_best(pos, Move{});
                      });
    for (const Move& c : rows)
      if (better(c, best)) best = c;
    return best;
  }

  const Instance& in_;
  std::size_t rows_;  // solution positions: min(k, allowed sites)
  Extra extra_;
  std::vector<std::uint8_t> open_;     // per local site
  std::vector<std::uint32_t> pos_of_;  // per local site: position in sel_, or none
  std::vector<std::uint32_t> sel_;     // position -> local site
  std::vector<double> gain_;           // per local site
  std::vector<double> loss_;           // per position
  std::vector<std::uint32_t> phi1_, phi2_;
  std::vector<double> d1_, d2_;
  std::vector<Id> at1_;  // per demand: entry index of phi1 (end of its list when none)
  std::vector<std::uint32_t> mark_;
  std::uint32_t stamp_ = 0;
  std::vector<Id> affected_;
  std::vector<std::uint8_t> in_target_;
  double cost_ = 0;
  int moves_ = 0;
};

// The elite pool of Resende & Werneck (2004): at most ten distinct solutions; a new one enters
// when the pool is not full or it is better than the worst, which it then replaces.
class ElitePool {
 public:
  void offer(const Solution& s) {
    for (const Solution& e : pool_)
      if (e.set == s.set) return;
    if (pool_.size() < elite_capacity) {
      pool_.push_back(s);
      return;
    }
    std::size_t worst = 0;
    for (std::size_t x = 1; x < pool_.size(); ++x)
      if (pool_[x].cost > pool_[worst].cost) worst = x;
    if (s.cost < pool_[worst].cost) pool_[worst] = s;
  }
  const std::vector<Solution>& solutions() const { return pool_; }
  const Solution& best() const {
    std::size_t b = 0;
    for (std::size_t x = 1; x < pool_.size(); ++x)
      if (pool_[x].cost < pool_[b].cost || (pool_[x].cost == pool_[b].cost && pool_[x].set < pool_[b].set)) b = x;
    return pool_[b];
  }

 private:
  std::vector<Solution> pool_;
};

template <class Extra>
PmedianSearchResult run(const Instance& in, const Set& initial, int starts, const PmedianSearchOptions& o) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  auto time_over = [&] { return std::chrono::duration<double>(clock::now() - t0).count() >= o.time_budget_s; };

  PmedianSearchResult res;
  Search<Extra> s(in);
  std::mt19937_64 rng(o.seed);
  ElitePool elite;
  auto improve = [&](const Solution& from) {  // local search from a relinking result
    s.load(from.set);
    s.local_search();
    elite.offer({s.set(), s.exact_cost()});
  };

  for (int st = 0; st < starts; ++st) {
    if (st > 0 && time_over()) {
      res.stopped_by_time = true;
      break;
    }
    if (st == 0) {
      s.load(initial);
    } else {
      s.sample_greedy(rng);
    }
    s.local_search();
    ++res.starts_run;
    const Solution cur{s.set(), s.exact_cost()};
    // Relinking partner: an elite solution drawn with probability proportional to its
    // difference from the current one.
    const std::vector<Solution>& pool = elite.solutions();
    std::size_t total = 0;
    std::vector<std::size_t> diff(pool.size());
    for (std::size_t x = 0; x < pool.size(); ++x) {
      diff[x] = pool[x].set.size() == cur.set.size() ? difference(pool[x].set, cur.set) : 0;
      if (diff[x] < 2) diff[x] = 0;
      total += diff[x];
    }
    Solution target;
    if (total > 0) {
      std::size_t pick = rng() % total, x = 0;
      while (pick >= diff[x]) pick -= diff[x++];
      target = pool[x];
    }
    elite.offer(cur);
    if (target.set.empty()) continue;
    if (time_over()) {
      res.stopped_by_time = true;
      break;
    }
    // Both directions (the paths differ: each step takes the best swap from where it stands);
    // on 100,000 x 10,000 sites, p = 100, this found better optima than one random direction
    // for the same number of starts at about 1.3 times the time.
    {
      const Solution mid = s.relink(target.set);
      if (!mid.set.empty()) improve(mid);
    }
    {
      s.load(target.set);
      const Solution mid = s.relink(cur.set);
      if (!mid.set.empty()) improve(mid);
    }
  }

  // Final relinking: every elite solution with the best (from the best towards it), while the
  // best keeps improving.
  for (int round = 0; round < final_rounds && !res.stopped_by_time; ++round) {
    const Solution best = elite.best();
    const std::vector<Solution> pool = elite.solutions();
    for (const Solution& e : pool) {
      if (e.set == best.set || e.set.size() != best.set.size()) continue;
      if (time_over()) {
        res.stopped_by_time = true;
        break;
      }
      s.load(best.set);
      const Solution mid = s.relink(e.set);
      if (!mid.set.empty()) improve(mid);
    }
    if (!(elite.best().cost < best.cost)) break;
  }

  s.load(elite.best().set);
  s.drop_useless();
  for (std::uint32_t f : s.set()) res.selected.push_back(in.site[f]);
  res.swaps = s.moves();
  return res;
}

}  // namespace

int pmedian_auto_starts(std::size_t pairs, std::size_t k) {
  double work = static_cast<double>(pairs) * static_cast<double>(std::max<std::size_t>(k, 1));
  int starts = 32;
  while (starts > 4 && work > 67108864.0) {
    starts /= 2;
    work /= 2;
  }
  return starts;
}

PmedianSearchResult pmedian_search(const SitingProblem& p, std::size_t k, const std::vector<Id>& allowed,
                                   const std::vector<Id>& initial, const PmedianSearchOptions& o) {
  assert(std::is_sorted(allowed.begin(), allowed.end()));
  assert(std::adjacent_find(allowed.begin(), allowed.end()) == allowed.end());
  k = std::min(k, allowed.size());
  PmedianSearchResult res;
  if (k == 0) {
    res.cost = evaluate_set(p, {}).total_cost;
    return res;
  }
  const Instance in(p, k, allowed);

  // The caller's start, as local indices: sites of `allowed`, each once, at most k.
  Set start;
  for (Id j : initial) {
    const auto it = std::lower_bound(allowed.begin(), allowed.end(), j);
    assert(it != allowed.end() && *it == j && "initial sites come from allowed");
    if (it == allowed.end() || *it != j) continue;
    const std::uint32_t f = static_cast<std::uint32_t>(it - allowed.begin());
    if (std::find(start.begin(), start.end(), f) == start.end() && start.size() < k) start.push_back(f);
  }
  std::sort(start.begin(), start.end());

  const int starts = o.starts > 0 ? o.starts : pmedian_auto_starts(in.entry.size(), k);
  if (k * allowed.size() <= o.dense_extra_max_entries)
    res = run<DenseExtra>(in, start, starts, o);
  else
    res = run<SparseExtra>(in, start, starts, o);
  res.cost = evaluate_set(p, res.selected).total_cost;
  return res;
}

}  // namespace lc::detail

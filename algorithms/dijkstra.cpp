#include "algorithms/dijkstra.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <functional>

namespace lc {

namespace {

// A chain's pieces travelled forward (towards chain_b) or backward: their costs in the search's
// weight and in the other one, no_passage where closed.
struct Pieces {
  const float* w;
  const float* o;
};

Pieces pieces(const SearchGraph& sg, bool forward, Weight w) {
  const float* t = forward ? sg.piece_time_fwd_s.data() : sg.piece_time_bwd_s.data();
  const float* l = forward ? sg.piece_length_fwd_m.data() : sg.piece_length_bwd_m.data();
  return w == Weight::time ? Pieces{t, l} : Pieces{l, t};
}

}  // namespace

Dijkstra::Dijkstra(Id n) : node_(n, NodeState{0.0f, 0.0f, invalid_id, 0}) {}

void Dijkstra::start(const RoadGraph& g) {
  const SearchGraph& sg = g.search;
  const NodeState none{0.0f, 0.0f, invalid_id, 0};
  if (node_.size() != g.node_count() || junction_.size() != sg.junction_count() ||
      chain_stamp_.size() != sg.chain_count()) {
    node_.assign(g.node_count(), none);
    junction_.assign(sg.junction_count(), none);
    chain_stamp_.assign(sg.chain_count(), 0);
    now_ = 0;
  }
  if (++now_ == (1u << 30)) {  // wrapped: clear the stamps once every 2^30 runs
    for (NodeState& s : node_) s.stamp = 0;
    for (NodeState& s : junction_) s.stamp = 0;
    std::fill(chain_stamp_.begin(), chain_stamp_.end(), 0);
    now_ = 1;
  }
  heap_.clear();
  settled_.clear();
  settled_junctions_.clear();
  chain_sources_.clear();
}

// The walk away from a source on an inner node to its chain's ends: leftwards (towards chain_a)
// a step over piece p goes from place p to p - 1, rightwards from p - 1 to p. Searching from the
// sources, the cost moves the way one travels; towards them, against it.
void Dijkstra::inject(const RoadGraph& g, const SearchSource& s, bool from, Weight w, float limit) {
  const SearchGraph& sg = g.search;
  const Id c = sg.chain_of[s.node], q = sg.place[s.node], k = sg.inner_count(c), p0 = sg.first_piece(c);
  chain_sources_.push_back({c, q, {s.cost, s.other, s.label, now_}});
  auto relax_end = [&](Id j, float cost, float oth) {
    if (!(cost <= limit) || cost == no_passage) return;  // beyond the limit, or a closed piece on the way
    NodeState& st = junction_[j];
    const std::uint32_t reached = now_ << 1;
    if (st.stamp == reached && (cost > st.cost || (cost == st.cost && s.label >= st.label))) return;
    st = NodeState{cost, oth, s.label, reached};
    heap_.push_back({cost, s.label, j});
    std::push_heap(heap_.begin(), heap_.end(), std::greater<Entry>());
  };
  const Pieces left = pieces(sg, !from, w), right = pieces(sg, from, w);
  float cost = s.cost, oth = s.other;
  for (Id p = q; p >= 1 && cost <= limit; --p) cost += left.w[p0 + p - 1], oth += left.o[p0 + p - 1];
  relax_end(sg.chain_a[c], cost, oth);
  cost = s.cost, oth = s.other;
  for (Id p = q + 1; p <= k + 1 && cost <= limit; ++p) cost += right.w[p0 + p - 1], oth += right.o[p0 + p - 1];
  if (sg.chain_b[c] != invalid_id) relax_end(sg.chain_b[c], cost, oth);
}

// The inner nodes of `chain` from its ends and its sources: the best value moving rightwards
// from chain_a, then leftwards from chain_b, kept where the cheaper is within the limit. Each
// sweep stops where it passes the limit with no source ahead. (Scalars, not NodeState copies:
// the compiler spills a copied record to the stack and reloads it whole, which stalls.)
void Dijkstra::expand(const SearchGraph& sg, Id chain, float limit) {
  const Id k = sg.inner_count(chain), p0 = sg.first_piece(chain), i0 = sg.first_inner[chain];
  if (k == 0) return;
  auto better = [](float c1, Id l1, float c2, Id l2) { return c1 < c2 || (c1 == c2 && l1 < l2); };
  const std::uint32_t settled = (now_ << 1) | 1;
  auto lo = chain_sources_.end(), hi = lo;
  if (!chain_sources_.empty()) {
    lo = std::lower_bound(chain_sources_.begin(), chain_sources_.end(), ChainSource{chain, 0, {}});
    hi = lo;
    while (hi != chain_sources_.end() && hi->chain == chain) ++hi;
  }
  const Pieces left{left_w_, left_o_}, right{right_w_, right_o_};

  // Rightwards: places 1 .. f_end hold their value in sweep_.
  Id f_end = 0;
  {
    const NodeState& a = junction_[sg.chain_a[chain]];
    const bool on = a.stamp == settled;
    float c = on ? a.cost : no_passage, o = on ? a.other : no_passage;
    Id l = on ? a.label : invalid_id;
    if (sweep_.size() < k + 1) sweep_.resize(k + 1);
    auto src = lo;
    for (Id p = 1; p <= k; ++p) {
      c += right.w[p0 + p - 1], o += right.o[p0 + p - 1];
      for (; src != hi && src->place == p; ++src)
        if (better(src->state.cost, src->state.label, c, l)) c = src->state.cost, o = src->state.other, l = src->state.label;
      if (!(c <= limit) && src == hi) break;
      NodeState& f = sweep_[p];
      f.cost = c, f.other = o, f.label = l;
      f_end = p;
    }
  }
  auto keep = [&](Id p, float c, float o, Id l) {
    if (!(c <= limit) || c == no_passage) return;
    const Id u = sg.inner[i0 + p - 1];
    NodeState& st = node_[u];
    st.cost = c, st.other = o, st.label = l, st.stamp = now_;
    settled_.push_back(u);
  };
  // Leftwards, each place keeping the better of the two.
  const Id jb = sg.chain_b[chain];
  const NodeState& b = junction_[jb == invalid_id ? sg.chain_a[chain] : jb];
  const bool on = jb != invalid_id && b.stamp == settled;
  float c = on ? b.cost : no_passage, o = on ? b.other : no_passage;
  Id l = on ? b.label : invalid_id;
  auto rsrc = hi;
  Id p = k;
  for (; p >= 1; --p) {
    c += left.w[p0 + p], o += left.o[p0 + p];
    for (; rsrc != lo && (rsrc - 1)->place == p; --rsrc) {
      const NodeState& s = (rsrc - 1)->state;
      if (better(s.cost, s.label, c, l)) c = s.cost, o = s.other, l = s.label;
    }
    if (!(c <= limit) && rsrc == lo) break;
    if (p <= f_end && better(sweep_[p].cost, sweep_[p].label, c, l)) keep(p, sweep_[p].cost, sweep_[p].other, sweep_[p].label);
    else keep(p, c, o, l);
  }
  for (p = std::min(p, f_end); p >= 1; --p) keep(p, sweep_[p].cost, sweep_[p].other, sweep_[p].label);
}

void Dijkstra::run(const RoadGraph& g, Direction dir, Weight w, const std::vector<SearchSource>& sources,
                   float limit) {
  const SearchGraph& sg = g.search;
  start(g);
  const bool from = dir == Direction::from_sources;
  const std::uint32_t reached = now_ << 1, settled = reached | 1;
  const auto greater = std::greater<Entry>();
  auto relax = [&](Id j, float c, float oth, Id lab) {
    if (c > limit) return;
    NodeState& s = junction_[j];
    if (s.stamp == reached) {
      if (c > s.cost || (c == s.cost && lab >= s.label)) return;
    } else if (s.stamp == settled) {
      return;
    }
    s = NodeState{c, oth, lab, reached};
    heap_.push_back({c, lab, j});
    std::push_heap(heap_.begin(), heap_.end(), greater);
  };
  const Pieces left = pieces(sg, !from, w), right = pieces(sg, from, w);
  left_w_ = left.w, left_o_ = left.o, right_w_ = right.w, right_o_ = right.o;
  for (const SearchSource& s : sources) {
    const Id j = sg.junction[s.node];
    if (j != invalid_id) relax(j, s.cost, s.other, s.label);
    else inject(g, s, from, w, limit);
  }
  std::sort(chain_sources_.begin(), chain_sources_.end());

  // Towards the sources we walk arcs backwards: the in-arcs of v lead from their tails to v.
  const std::vector<Id>& first = from ? sg.first_out : sg.first_in;
  const std::vector<Id>& other = from ? sg.head : sg.tail;
  const std::vector<float>& wt = from ? (w == Weight::time ? sg.out_time_s : sg.out_length_m)
                                      : (w == Weight::time ? sg.in_time_s : sg.in_length_m);
  const std::vector<float>& oth = from ? (w == Weight::time ? sg.out_length_m : sg.out_time_s)
                                       : (w == Weight::time ? sg.in_length_m : sg.in_time_s);
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), greater);
    const Entry e = heap_.back();
    heap_.pop_back();
    NodeState& s = junction_[e.junction];
    if (s.stamp != reached || e.cost != s.cost || e.label != s.label) continue;  // settled, or stale
    s.stamp = settled;
    settled_junctions_.push_back(e.junction);
    if ((settled_junctions_.size() & 4095) == 0) check_interrupt();
    const float other_here = s.other;
    for (Id a = first[e.junction]; a < first[e.junction + 1]; ++a) {
      relax(other[a], e.cost + wt[a], other_here + oth[a], e.label);
    }
  }

  // Every node of the settled junctions and of the chains they end or a source lies on.
  for (Id j : settled_junctions_) {
    const Id v = sg.node[j];
    node_[v] = NodeState{junction_[j].cost, junction_[j].other, junction_[j].label, now_};
    settled_.push_back(v);
    for (Id k = sg.first_chain_at[j]; k < sg.first_chain_at[j + 1]; ++k) {
      const Id c = sg.chain_at[k];
      if (chain_stamp_[c] == now_) continue;
      chain_stamp_[c] = now_;
      expand(sg, c, limit);
    }
  }
  for (const ChainSource& cs : chain_sources_) {
    if (chain_stamp_[cs.chain] == now_) continue;
    chain_stamp_[cs.chain] = now_;
    expand(sg, cs.chain, limit);
  }
}

}  // namespace lc

#include "algorithms/dijkstra.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <functional>

namespace lc {

Dijkstra::Dijkstra(Id n) : node_(n, NodeState{0.0f, 0.0f, invalid_id, 0}) {}

void Dijkstra::run(const RoadGraph& g, Direction dir, Weight w, const std::vector<SearchSource>& sources,
                   float limit) {
  const Id n = g.node_count();
  if (node_.size() != n) *this = Dijkstra(n);
  if (++now_ == (1u << 31)) {  // wrapped: clear the stamps once every 2^31 runs
    for (NodeState& s : node_) s.stamp = 0;
    now_ = 1;
  }
  const std::uint32_t reached = now_ << 1, settled = reached | 1;
  heap_.clear();
  settled_.clear();
  const auto greater = std::greater<Entry>();
  auto relax = [&](Id v, float c, float oth, Id lab) {
    if (c > limit) return;
    NodeState& s = node_[v];
    if (s.stamp == reached) {
      if (c > s.cost || (c == s.cost && lab >= s.label)) return;
    } else if (s.stamp == settled) {
      return;
    }
    s = NodeState{c, oth, lab, reached};
    heap_.push_back({c, lab, v});
    std::push_heap(heap_.begin(), heap_.end(), greater);
  };
  for (const SearchSource& s : sources) relax(s.node, s.cost, s.other, s.label);

  // Towards the sources we walk arcs backwards: the in-arcs of v lead from their tails to v.
  const bool back = dir == Direction::towards_sources;
  const std::vector<Id>& first = back ? g.first_in : g.first_out;
  const std::vector<Id>& other = back ? g.tail : g.head;
  const std::vector<float>& wt = back ? (w == Weight::time ? g.in_time_s : g.in_length_m)
                                      : (w == Weight::time ? g.out_time_s : g.out_length_m);
  const std::vector<float>& oth = back ? (w == Weight::time ? g.in_length_m : g.in_time_s)
                                       : (w == Weight::time ? g.out_length_m : g.out_time_s);
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), greater);
    const Entry e = heap_.back();
    heap_.pop_back();
    NodeState& s = node_[e.node];
    if (s.stamp != reached || e.cost != s.cost || e.label != s.label) continue;  // settled, or stale
    s.stamp = settled;
    settled_.push_back(e.node);
    if ((settled_.size() & 4095) == 0) check_interrupt();
    const float other_here = s.other;
    for (Id a = first[e.node]; a < first[e.node + 1]; ++a) {
      relax(other[a], e.cost + wt[a], other_here + oth[a], e.label);
    }
  }
}

}  // namespace lc

#include "algorithms/dijkstra.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <functional>

namespace lc {

Dijkstra::Dijkstra(Id n) : cost_(n), other_(n), label_(n), stamp_(n, 0), done_(n, 0) {}

void Dijkstra::run(const RoadGraph& g, Direction dir, Weight w, const std::vector<SearchSource>& sources,
                   float limit) {
  const Id n = g.node_count();
  if (stamp_.size() != n) *this = Dijkstra(n);
  if (++now_ == 0) {  // wrapped: clear the stamps once every 2^32 runs
    std::fill(stamp_.begin(), stamp_.end(), 0);
    now_ = 1;
  }
  heap_.clear();
  settled_.clear();
  const auto greater = std::greater<Entry>();
  auto relax = [&](Id v, float c, float oth, Id lab) {
    if (c > limit) return;
    if (stamp_[v] != now_) {
      stamp_[v] = now_;
      done_[v] = 0;
    } else if (done_[v] || c > cost_[v] || (c == cost_[v] && lab >= label_[v])) {
      return;
    }
    cost_[v] = c;
    other_[v] = oth;
    label_[v] = lab;
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
    if (done_[e.node] || e.cost != cost_[e.node] || e.label != label_[e.node]) continue;  // stale
    done_[e.node] = 1;
    settled_.push_back(e.node);
    if ((settled_.size() & 4095) == 0) check_interrupt();
    for (Id a = first[e.node]; a < first[e.node + 1]; ++a) {
      relax(other[a], e.cost + wt[a], other_[e.node] + oth[a], e.label);
    }
  }
}

}  // namespace lc

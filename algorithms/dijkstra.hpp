#pragma once
// A reusable Dijkstra workspace: many sources, a cost limit, O(1) reset by timestamps.

#include <cstdint>
#include <vector>

#include "core/road_network.hpp"

namespace lc {

enum class Weight : std::uint8_t { time, length };

// Searching `towards_sources`: the cost of node v is the cost of travelling from v to the
// nearest source along the arcs' directions (the search walks arcs backwards). `from_sources`:
// the cost of travelling from the sources to v.
enum class Direction : std::uint8_t { towards_sources, from_sources };

struct SearchSource {
  Id node;
  float cost;    // initial cost at the node, in the search's weight
  float other;   // initial value of the other weight (length for a time search, time for a
                 // length search), carried along the cheapest path
  Id label;      // e.g. the facility; carried to every node it is the cheapest source of
};

// A search runs on the graph's junctions (RoadGraph::search); the inner nodes of every chain it
// touches then get their costs from the chain's ends, so the results are per RoadGraph node.
class Dijkstra {
 public:
  explicit Dijkstra(Id node_count = 0);

  // Settles nodes in cost order until the next cost exceeds `limit`. Ties: lower label first.
  void run(const RoadGraph& g, Direction dir, Weight w, const std::vector<SearchSource>& sources, float limit);

  bool reached(Id v) const { return node_[v].stamp == now_; }
  float cost(Id v) const { return reached(v) ? node_[v].cost : no_passage; }
  // The other weight along the cheapest path (length for a time search, time for a length search).
  float other(Id v) const { return reached(v) ? node_[v].other : no_passage; }
  Id label(Id v) const { return reached(v) ? node_[v].label : invalid_id; }
  // The nodes reached by the last run (cost within the limit): each junction in the order it was
  // settled, followed by the inner nodes of its chains not listed before.
  const std::vector<Id>& settled() const { return settled_; }

 private:
  struct Entry {
    float cost;
    Id label;
    Id junction;
    bool operator>(const Entry& o) const { return cost > o.cost || (cost == o.cost && label > o.label); }
  };
  // A node's state in one 16-byte record (one cache line holds four). For a junction its stamp is
  // the run that reached it, times two, plus 1 once it is settled; for a node, the run.
  struct NodeState {
    float cost;
    float other;
    Id label;
    std::uint32_t stamp;
  };
  // A source on an inner node.
  struct ChainSource {
    Id chain;
    Id place;
    NodeState state;
    bool operator<(const ChainSource& o) const { return chain < o.chain || (chain == o.chain && place < o.place); }
  };
  void start(const RoadGraph& g);
  void inject(const RoadGraph& g, const SearchSource& s, bool from, Weight w, float limit);
  void expand(const SearchGraph& sg, Id chain, float limit);

  std::vector<NodeState> node_;      // per RoadGraph node: the results
  std::vector<NodeState> junction_;  // per junction: the search
  std::vector<std::uint32_t> chain_stamp_;
  std::vector<Entry> heap_;
  std::vector<Id> settled_, settled_junctions_;
  std::vector<ChainSource> chain_sources_;
  std::vector<NodeState> sweep_;
  // The run's pieces' costs leftwards and rightwards (search weight, other weight), for expand().
  const float *left_w_ = nullptr, *left_o_ = nullptr, *right_w_ = nullptr, *right_o_ = nullptr;
  std::uint32_t now_ = 0;
};

}  // namespace lc

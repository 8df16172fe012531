#pragma once
// Roads for one travel mode: the lines as read (RoadLines), and the routable graph built from
// them (RoadGraph). Metres in the run's metric CRS, seconds.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/threshold.hpp"

namespace lc {

inline constexpr float no_passage = std::numeric_limits<float>::infinity();

// Polylines usable by one travel mode, each with its permitted directions and speed.
struct RoadLines {
  std::vector<Id> first_point{0};        // lines + 1 offsets into x_m / y_m
  std::vector<double> x_m, y_m;          // vertices, line after line
  std::vector<float> speed_mps;          // per line
  std::vector<std::uint8_t> forward;     // per line: travel from its first to its last vertex allowed
  std::vector<std::uint8_t> backward;    // per line: travel from its last to its first vertex allowed
  std::vector<std::string> source_id;    // per line: e.g. "way/123"; for messages

  Id line_count() const { return static_cast<Id>(speed_mps.size()); }
  // Appends a line; `xy` holds x0, y0, x1, y1, ...
  void add_line(const std::vector<double>& xy, float speed, bool fwd, bool bwd, std::string id);
};

// The graph searches run on. Nodes with exactly two segments ("inner" nodes) lie on chains between
// the other nodes ("junctions"); each chain becomes at most one arc per direction between its end
// junctions, and its pieces are kept in order, so that after a search on the junctions every inner
// node's cost follows from its chain's two ends (and any source on the chain) exactly. A dead end
// (a node with one segment) is the last inner node of a spur: a chain with no second junction,
// and no arc. A path or ring with no junction gets its lowest end or node as one. Junctions are
// numbered in the order of their nodes (spatial order).
struct SearchGraph {
  std::vector<Id> node;      // per junction: its RoadGraph node
  std::vector<Id> junction;  // per RoadGraph node: its junction; invalid_id for an inner node
  std::vector<Id> chain_of;  // per RoadGraph node: its chain (inner nodes); invalid_id for a junction
  std::vector<Id> place;     // per RoadGraph node: its place on its chain, 1 .. inner count (inner nodes)

  // Chains, from junction chain_a to chain_b (the same junction for a loop, invalid_id for a
  // spur) through their inner nodes in order (CSR). Chain c's pieces (inner count + 1 of them, from chain_a onwards) start
  // at first_inner[c] + c; "forward" is towards chain_b, each cost no_passage where that
  // direction is closed (both, for a spur's last piece, past its dead end).
  std::vector<Id> chain_a, chain_b;
  std::vector<Id> first_inner, inner;
  std::vector<float> piece_time_fwd_s, piece_time_bwd_s, piece_length_fwd_m, piece_length_bwd_m;
  std::vector<Id> first_chain_at, chain_at;  // chains with inner nodes at each junction (CSR; a loop once)

  // Arcs between junctions (one per passable direction of a chain that is not a loop), CSR by
  // tail, and the same arcs reversed (CSR by head).
  std::vector<Id> first_out, head;
  std::vector<float> out_time_s, out_length_m;
  std::vector<Id> first_in, tail;
  std::vector<float> in_time_s, in_length_m;

  Id junction_count() const { return static_cast<Id>(node.size()); }
  Id chain_count() const { return static_cast<Id>(chain_a.size()); }
  Id arc_count() const { return static_cast<Id>(head.size()); }
  Id inner_count(Id c) const { return first_inner[c + 1] - first_inner[c]; }
  Id first_piece(Id c) const { return first_inner[c] + c; }
};

// A road graph in compact arrays, every vertex of the input lines a node (lines are cut at every
// shared vertex). Segments are the undirected straight pieces of road, each passable in one or
// both directions; snapping and isochrones work on segments, searches on `search`.
struct RoadGraph {
  // Nodes.
  std::vector<double> x_m, y_m;
  std::vector<Id> component;         // per node: connected component (ignoring direction)
  std::vector<Id> component_nodes;   // per component: its node count
  Id largest_component = invalid_id;

  // Segments.
  std::vector<Id> seg_a, seg_b;
  std::vector<float> seg_length_m;
  std::vector<float> seg_time_ab_s, seg_time_ba_s;  // no_passage where that direction is closed
  std::vector<Id> seg_line;                         // the RoadLines line it came from

  // Segments at each node (CSR).
  std::vector<Id> first_seg_at, seg_at;

  SearchGraph search;

  Id node_count() const { return static_cast<Id>(x_m.size()); }
  Id segment_count() const { return static_cast<Id>(seg_a.size()); }
};

// Where a point meets the network: on segment `segment`, at fraction `t` from seg_a to seg_b,
// `offset_m` away from it.
struct Snap {
  Id segment = invalid_id;
  float t = 0.0f;
  float offset_m = 0.0f;
  bool ok() const { return segment != invalid_id; }
};

}  // namespace lc

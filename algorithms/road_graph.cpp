#include "algorithms/road_graph.hpp"

#include "algorithms/spatial_order.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace lc {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

struct XYHash {
  std::size_t operator()(const std::pair<double, double>& p) const {
    std::uint64_t a, b;
    std::memcpy(&a, &p.first, 8);
    std::memcpy(&b, &p.second, 8);
    return std::hash<std::uint64_t>()(a * 0x9E3779B97F4A7C15ULL ^ (b + 0x7F4A7C15ULL + (a << 6) + (a >> 2)));
  }
};

// Counting sort of arcs into CSR by `key` (tail or head).
void build_csr(Id n, const std::vector<Id>& key, std::vector<Id>& first, std::vector<Id>& order) {
  first.assign(n + 1, 0);
  for (Id k : key) ++first[k + 1];
  for (Id i = 0; i < n; ++i) first[i + 1] += first[i];
  order.assign(key.size(), 0);
  std::vector<Id> fill(first.begin(), first.end() - 1);
  for (Id a = 0; a < key.size(); ++a) order[fill[key[a]]++] = a;
}

Id find_root(std::vector<Id>& parent, Id x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

// The search graph: chains of two-segment nodes between junctions, walked from each junction's
// segments in order. A chain that ends at a node with one segment (a dead end) is a spur of the
// junction it starts at; a path or ring with no junction gets its lowest end or node as one.
SearchGraph contract_chains(const RoadGraph& g) {
  const Id n = g.node_count(), ns = g.segment_count();
  auto degree = [&](Id v) { return g.first_seg_at[v + 1] - g.first_seg_at[v]; };
  std::vector<std::uint8_t> is_junction(n, 0), seen(n, 0);
  for (Id v = 0; v < n; ++v) is_junction[v] = degree(v) >= 3 || degree(v) == 0;
  // The segment at `v` other than `s` (v has two; both may join the same neighbour).
  auto next_segment = [&](Id v, Id s) {
    const Id k = g.first_seg_at[v];
    return g.seg_at[k] == s && g.seg_at[k + 1] != s ? g.seg_at[k + 1] : g.seg_at[k];
  };
  auto other_end = [&](Id s, Id v) { return g.seg_a[s] == v ? g.seg_b[s] : g.seg_a[s]; };
  // Marks the nodes from junction `v` along segment `s` up to the next junction or dead end.
  auto mark = [&](Id v, Id s) {
    Id u = other_end(s, v);
    while (!is_junction[u] && !seen[u]) {
      seen[u] = 1;
      if (degree(u) == 1) break;
      s = next_segment(u, s);
      u = other_end(s, u);
    }
  };
  auto mark_all = [&](Id v) {
    for (Id k = g.first_seg_at[v]; k < g.first_seg_at[v + 1]; ++k) mark(v, g.seg_at[k]);
  };
  for (Id v = 0; v < n; ++v)
    if (is_junction[v]) mark_all(v);
  for (Id pass = 1; pass <= 2; ++pass) {  // paths from their lowest end, then rings
    for (Id v = 0; v < n; ++v) {
      if (is_junction[v] || seen[v] || (pass == 1 && degree(v) != 1)) continue;
      is_junction[v] = 1;
      mark_all(v);
    }
  }

  SearchGraph sg;
  sg.junction.assign(n, invalid_id);
  sg.chain_of.assign(n, invalid_id);
  sg.place.assign(n, 0);
  for (Id v = 0; v < n; ++v)
    if (is_junction[v]) sg.junction[v] = sg.junction_count(), sg.node.push_back(v);

  std::vector<std::uint8_t> used(ns, 0);
  std::vector<Id> arc_tail, arc_head;
  std::vector<float> arc_time, arc_len;
  sg.first_inner.push_back(0);
  for (Id v : sg.node) {
    for (Id k = g.first_seg_at[v]; k < g.first_seg_at[v + 1]; ++k) {
      Id s = g.seg_at[k];
      if (used[s]) continue;
      const Id c = sg.chain_count();
      Id from = v;
      float fwd = 0, bwd = 0, len = 0;
      for (;;) {
        used[s] = 1;
        const bool ab = g.seg_a[s] == from;
        const float tf = ab ? g.seg_time_ab_s[s] : g.seg_time_ba_s[s];
        const float tb = ab ? g.seg_time_ba_s[s] : g.seg_time_ab_s[s];
        sg.piece_time_fwd_s.push_back(tf);
        sg.piece_time_bwd_s.push_back(tb);
        sg.piece_length_fwd_m.push_back(tf == no_passage ? no_passage : g.seg_length_m[s]);
        sg.piece_length_bwd_m.push_back(tb == no_passage ? no_passage : g.seg_length_m[s]);
        fwd += tf, bwd += tb, len += g.seg_length_m[s];
        const Id u = other_end(s, from);
        if (is_junction[u]) {
          sg.chain_a.push_back(sg.junction[v]);
          sg.chain_b.push_back(sg.junction[u]);
          break;
        }
        sg.chain_of[u] = c;
        sg.inner.push_back(u);
        sg.place[u] = static_cast<Id>(sg.inner.size()) - sg.first_inner.back();
        if (degree(u) == 1) {  // a spur: its closed last piece keeps the count of pieces
          for (auto* piece : {&sg.piece_time_fwd_s, &sg.piece_time_bwd_s, &sg.piece_length_fwd_m, &sg.piece_length_bwd_m})
            piece->push_back(no_passage);
          sg.chain_a.push_back(sg.junction[v]);
          sg.chain_b.push_back(invalid_id);
          break;
        }
        s = next_segment(u, s);
        from = u;
      }
      sg.first_inner.push_back(static_cast<Id>(sg.inner.size()));
      const Id ja = sg.chain_a[c], jb = sg.chain_b[c];
      if (ja == jb || jb == invalid_id) continue;  // a loop never shortens a route; a spur leads nowhere
      if (fwd != no_passage) arc_tail.push_back(ja), arc_head.push_back(jb), arc_time.push_back(fwd), arc_len.push_back(len);
      if (bwd != no_passage) arc_tail.push_back(jb), arc_head.push_back(ja), arc_time.push_back(bwd), arc_len.push_back(len);
    }
  }

  const Id nj = sg.junction_count();
  std::vector<Id> order;
  build_csr(nj, arc_tail, sg.first_out, order);
  for (Id a : order) sg.head.push_back(arc_head[a]), sg.out_time_s.push_back(arc_time[a]), sg.out_length_m.push_back(arc_len[a]);
  build_csr(nj, arc_head, sg.first_in, order);
  for (Id a : order) sg.tail.push_back(arc_tail[a]), sg.in_time_s.push_back(arc_time[a]), sg.in_length_m.push_back(arc_len[a]);
  std::vector<Id> ends, end_chain;
  for (Id c = 0; c < sg.chain_count(); ++c) {
    if (sg.inner_count(c) == 0) continue;  // nothing to fill in
    ends.push_back(sg.chain_a[c]), end_chain.push_back(c);
    if (sg.chain_b[c] != sg.chain_a[c] && sg.chain_b[c] != invalid_id) ends.push_back(sg.chain_b[c]), end_chain.push_back(c);
  }
  build_csr(nj, ends, sg.first_chain_at, order);
  for (Id k : order) sg.chain_at.push_back(end_chain[k]);
  return sg;
}

}  // namespace

RoadGraph build_road_graph(const RoadLines& lines) {
  RoadGraph g;
  std::unordered_map<std::pair<double, double>, Id, XYHash> node_of;
  node_of.reserve(lines.x_m.size());
  auto node = [&](double x, double y) {
    auto [it, inserted] = node_of.try_emplace({x, y}, static_cast<Id>(g.x_m.size()));
    if (inserted) {
      g.x_m.push_back(x);
      g.y_m.push_back(y);
    }
    return it->second;
  };
  for (Id l = 0; l < lines.line_count(); ++l) {
    if ((l & 4095) == 0) check_interrupt();
    if (!lines.forward[l] && !lines.backward[l]) continue;
    const float speed = lines.speed_mps[l];
    if (!(speed > 0)) continue;
    for (Id p = lines.first_point[l]; p + 1 < lines.first_point[l + 1]; ++p) {
      const Id a = node(lines.x_m[p], lines.y_m[p]);
      const Id b = node(lines.x_m[p + 1], lines.y_m[p + 1]);
      if (a == b) continue;
      const auto len = static_cast<float>(std::hypot(lines.x_m[p + 1] - lines.x_m[p], lines.y_m[p + 1] - lines.y_m[p]));
      g.seg_a.push_back(a);
      g.seg_b.push_back(b);
      g.seg_length_m.push_back(len);
      g.seg_time_ab_s.push_back(lines.forward[l] ? len / speed : no_passage);
      g.seg_time_ba_s.push_back(lines.backward[l] ? len / speed : no_passage);
      g.seg_line.push_back(l);
    }
  }
  const Id n = g.node_count();
  const Id ns = g.segment_count();

  // Nodes renumbered in spatial (Morton) order, as OSRM does: a search then touches nearby
  // memory (the input order is the lines', in an OSM extract by way id). The order is fixed to the
  // CRS (fixed_order), so the roads a shard reads number their nodes, junctions and chains as the
  // whole network does, and a route's cost is summed in the same order.
  {
    const std::vector<Id> order = fixed_order(g.x_m, g.y_m, 25.0);
    std::vector<Id> new_id(n);
    std::vector<double> x(n), y(n);
    for (Id k = 0; k < n; ++k) {
      new_id[order[k]] = k;
      x[k] = g.x_m[order[k]];
      y[k] = g.y_m[order[k]];
    }
    g.x_m.swap(x);
    g.y_m.swap(y);
    for (Id s = 0; s < ns; ++s) g.seg_a[s] = new_id[g.seg_a[s]], g.seg_b[s] = new_id[g.seg_b[s]];
  }

  // Segments at each node.
  std::vector<Id> ends(2 * static_cast<std::size_t>(ns)), end_seg(2 * static_cast<std::size_t>(ns));
  for (Id s = 0; s < ns; ++s) {
    ends[2 * s] = g.seg_a[s], end_seg[2 * s] = s;
    ends[2 * s + 1] = g.seg_b[s], end_seg[2 * s + 1] = s;
  }
  std::vector<Id> order;
  build_csr(n, ends, g.first_seg_at, order);
  g.seg_at.reserve(order.size());
  for (Id k : order) g.seg_at.push_back(end_seg[k]);

  // Components, ignoring direction.
  std::vector<Id> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  for (Id s = 0; s < ns; ++s) {
    const Id ra = find_root(parent, g.seg_a[s]), rb = find_root(parent, g.seg_b[s]);
    if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
  }
  g.component.assign(n, invalid_id);
  std::vector<Id> comp_of_root(n, invalid_id);
  for (Id v = 0; v < n; ++v) {
    const Id r = find_root(parent, v);
    if (comp_of_root[r] == invalid_id) {
      comp_of_root[r] = static_cast<Id>(g.component_nodes.size());
      g.component_nodes.push_back(0);
    }
    g.component[v] = comp_of_root[r];
    ++g.component_nodes[g.component[v]];
  }
  if (!g.component_nodes.empty()) {
    g.largest_component = static_cast<Id>(
        std::max_element(g.component_nodes.begin(), g.component_nodes.end()) - g.component_nodes.begin());
  }
  g.search = contract_chains(g);
  return g;
}

// A uniform grid of cells, each listing the segments that pass through it (every cell the segment
// meets, ends included), searched ring by ring round a point until no unsearched cell can hold a
// nearer segment; an R-tree (Boost.Geometry), built on first need, for the rare point farther than
// kMaxRings cells from every road.
struct SegmentIndex::Tree {
  using Point = bg::model::point<double, 2, bg::cs::cartesian>;
  using Segment = bg::model::segment<Point>;
  using Value = std::pair<Segment, Id>;
  static constexpr int kMaxRings = 24;
  double min_x = 0, min_y = 0, cell = 1;
  int nx = 0, ny = 0;
  std::vector<std::uint32_t> first;  // per cell + 1, into `segments`
  std::vector<Id> segments;
  mutable std::once_flag rtree_built;
  mutable bgi::rtree<Value, bgi::rstar<16>> rtree;
};

SegmentIndex::SegmentIndex(const RoadGraph& graph) : graph_(graph), tree_(std::make_unique<Tree>()) {
  Tree& t = *tree_;
  const Id n = graph.segment_count();
  if (n == 0) return;
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (Id s = 0; s < n; ++s)
    for (const Id v : {graph.seg_a[s], graph.seg_b[s]}) {
      x0 = std::min(x0, graph.x_m[v]), x1 = std::max(x1, graph.x_m[v]);
      y0 = std::min(y0, graph.y_m[v]), y1 = std::max(y1, graph.y_m[v]);
    }
  // About one segment per cell over the network's box, at most about four cells per segment.
  const double w = x1 - x0, h = y1 - y0;
  t.cell = std::max(std::sqrt(w * h / n), std::max({w, h, 1.0}) / (4.0 * n + 16));
  for (;;) {
    t.nx = static_cast<int>(std::floor(w / t.cell)) + 1, t.ny = static_cast<int>(std::floor(h / t.cell)) + 1;
    if (static_cast<double>(t.nx) * t.ny <= 4.0 * n + 16) break;
    t.cell *= 1.25;
  }
  t.min_x = x0, t.min_y = y0;
  // Calls visit(cell) for every cell of the grid that the segment (ax, ay)-(bx, by) meets (with a
  // margin of a millionth of a cell, so that rounding leaves none out).
  auto cells_of_segment = [&t](double ax, double ay, double bx, double by, auto&& visit) {
    const double pad = 1e-6;
    const double u0 = (ax - t.min_x) / t.cell, v0 = (ay - t.min_y) / t.cell;
    const double u1 = (bx - t.min_x) / t.cell, v1 = (by - t.min_y) / t.cell;
    const int row_lo = std::max(0, static_cast<int>(std::floor(std::min(v0, v1) - pad)));
    const int row_hi = std::min(t.ny - 1, static_cast<int>(std::floor(std::max(v0, v1) + pad)));
    for (int row = row_lo; row <= row_hi; ++row) {
      // The part of the segment within the row's band [row, row + 1], as its u range.
      double lo = std::min(u0, u1), hi = std::max(u0, u1);
      if (v1 != v0) {
        const double ta = std::clamp((row - pad - v0) / (v1 - v0), 0.0, 1.0);
        const double tb = std::clamp((row + 1 + pad - v0) / (v1 - v0), 0.0, 1.0);
        const double ua = u0 + ta * (u1 - u0), ub = u0 + tb * (u1 - u0);
        lo = std::min(ua, ub), hi = std::max(ua, ub);
      }
      const int col_lo = std::max(0, static_cast<int>(std::floor(lo - pad)));
      const int col_hi = std::min(t.nx - 1, static_cast<int>(std::floor(hi + pad)));
      for (int col = col_lo; col <= col_hi; ++col) visit(static_cast<std::size_t>(row) * t.nx + col);
    }
  };
  const std::size_t cells = static_cast<std::size_t>(t.nx) * t.ny;
  std::vector<std::uint32_t> count(cells + 1, 0);
  auto ends = [&](Id s, double& ax, double& ay, double& bx, double& by) {
    ax = graph.x_m[graph.seg_a[s]], ay = graph.y_m[graph.seg_a[s]], bx = graph.x_m[graph.seg_b[s]], by = graph.y_m[graph.seg_b[s]];
  };
  for (Id s = 0; s < n; ++s) {
    double ax, ay, bx, by;
    ends(s, ax, ay, bx, by);
    cells_of_segment(ax, ay, bx, by, [&](std::size_t c) { ++count[c + 1]; });
  }
  for (std::size_t c = 0; c < cells; ++c) count[c + 1] += count[c];
  t.segments.resize(count[cells]);
  t.first = count;
  for (Id s = 0; s < n; ++s) {  // in segment order within each cell
    double ax, ay, bx, by;
    ends(s, ax, ay, bx, by);
    cells_of_segment(ax, ay, bx, by, [&](std::size_t c) { t.segments[count[c]++] = s; });
  }
}

SegmentIndex::~SegmentIndex() = default;

Snap SegmentIndex::snap(double x, double y, double max_snap_m) const {
  const Tree& t = *tree_;
  Snap out;
  if (t.first.empty()) return out;
  double best = INFINITY;
  // The exact projection decides; ties: the segment whose ends come first in the nodes' order
  // (fixed to the CRS: the same choice in any part of the network read, whatever the order its
  // lines came in), then the lower id.
  auto ends = [&](Id s) {
    return std::make_tuple(std::min(graph_.seg_a[s], graph_.seg_b[s]), std::max(graph_.seg_a[s], graph_.seg_b[s]), s);
  };
  auto consider = [&](Id s) {
    const double ax = graph_.x_m[graph_.seg_a[s]], ay = graph_.y_m[graph_.seg_a[s]];
    const double bx = graph_.x_m[graph_.seg_b[s]], by = graph_.y_m[graph_.seg_b[s]];
    const double dx = bx - ax, dy = by - ay;
    const double len_sq = dx * dx + dy * dy;
    double tt = len_sq > 0 ? ((x - ax) * dx + (y - ay) * dy) / len_sq : 0.0;
    tt = std::clamp(tt, 0.0, 1.0);
    const double d = std::hypot(ax + tt * dx - x, ay + tt * dy - y);
    if (d < best || (d == best && ends(s) < ends(out.segment))) {
      best = d;
      out.segment = s;
      out.t = static_cast<float>(tt);
      out.offset_m = static_cast<float>(d);
    }
  };
  const double u = (x - t.min_x) / t.cell, v = (y - t.min_y) / t.cell;
  if (!(std::abs(u) < 1e9 && std::abs(v) < 1e9)) return Snap{};  // not a place (NaN) or absurdly far
  const long cu = static_cast<long>(std::floor(u)), cv = static_cast<long>(std::floor(v));
  auto visit = [&](long col, long row) {
    if (col < 0 || row < 0 || col >= t.nx || row >= t.ny) return;
    const std::size_t c = static_cast<std::size_t>(row) * t.nx + col;
    for (std::uint32_t k = t.first[c]; k < t.first[c + 1]; ++k) consider(t.segments[k]);
  };
  for (long r = 0;; ++r) {
    if (r > Tree::kMaxRings) {
      // Far from every road: the R-tree's 4 nearest (exact distances to segments).
      std::call_once(t.rtree_built, [&] {
        std::vector<Tree::Value> values;
        values.reserve(graph_.segment_count());
        for (Id s = 0; s < graph_.segment_count(); ++s) {
          const Id a = graph_.seg_a[s], b = graph_.seg_b[s];
          values.emplace_back(Tree::Segment(Tree::Point(graph_.x_m[a], graph_.y_m[a]), Tree::Point(graph_.x_m[b], graph_.y_m[b])), s);
        }
        t.rtree = bgi::rtree<Tree::Value, bgi::rstar<16>>(values.begin(), values.end());  // bulk load
      });
      std::vector<Tree::Value> hits;
      t.rtree.query(bgi::nearest(Tree::Point(x, y), 4), std::back_inserter(hits));
      for (const auto& hit : hits) consider(hit.second);
      break;
    }
    if (r == 0) {
      visit(cu, cv);
    } else {
      for (long col = cu - r; col <= cu + r; ++col) visit(col, cv - r), visit(col, cv + r);
      for (long row = cv - r + 1; row <= cv + r - 1; ++row) visit(cu - r, row), visit(cu + r, row);
    }
    // Every point nearer than `covered` lies in the cells searched so far.
    const double covered = t.cell * std::min({u - (cu - r), (cu + r + 1) - u, v - (cv - r), (cv + r + 1) - v});
    if (best < covered || covered > max_snap_m) break;
    if (cu - r <= 0 && cv - r <= 0 && cu + r >= t.nx - 1 && cv + r >= t.ny - 1) break;  // the whole grid
  }
  if (!(best <= max_snap_m)) return Snap{};
  return out;
}

std::vector<Snap> snap_points(const SegmentIndex& index, const std::vector<double>& x_m,
                              const std::vector<double>& y_m, double max_snap_m) {
  std::vector<Snap> out(x_m.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, x_m.size(), 2048), [&](const tbb::blocked_range<std::size_t>& r) {
    check_interrupt();
    for (std::size_t i = r.begin(); i != r.end(); ++i) out[i] = index.snap(x_m[i], y_m[i], max_snap_m);
  });
  return out;
}

void snapped_xy(const RoadGraph& g, const Snap& snap, double& x, double& y) {
  const Id a = g.seg_a[snap.segment], b = g.seg_b[snap.segment];
  x = g.x_m[a] + snap.t * (g.x_m[b] - g.x_m[a]);
  y = g.y_m[a] + snap.t * (g.y_m[b] - g.y_m[a]);
}

}  // namespace lc

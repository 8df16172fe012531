#include "algorithms/plane_faces.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "core/interrupt.hpp"

namespace lc {

namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using Point = bg::model::d2::point_xy<double>;
using Segment = bg::model::segment<Point>;
using Box = bg::model::box<Point>;

// Nearer than this (metres) two edges count as meeting.
constexpr double kTouch = 1e-6;

// Marks the edges that meet another edge anywhere but at one shared end (and do not overlap
// there), and repeated edges and loops.
std::vector<std::uint8_t> bad_edges(const std::vector<double>& x, const std::vector<double>& y,
                                    const std::vector<std::pair<Id, Id>>& edges) {
  const std::size_t m = edges.size();
  std::vector<std::uint8_t> bad(m, 0);
  std::vector<std::pair<Box, std::size_t>> boxes;
  boxes.reserve(m);
  for (std::size_t e = 0; e < m; ++e) {
    const auto [a, b] = edges[e];
    if (a == b || (x[a] == x[b] && y[a] == y[b])) {
      bad[e] = 1;
      continue;
    }
    boxes.emplace_back(Box(Point(std::min(x[a], x[b]) - kTouch, std::min(y[a], y[b]) - kTouch),
                           Point(std::max(x[a], x[b]) + kTouch, std::max(y[a], y[b]) + kTouch)),
                       e);
  }
  const bgi::rtree<std::pair<Box, std::size_t>, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
  std::vector<std::pair<Box, std::size_t>> hits;
  for (std::size_t k = 0; k < boxes.size(); ++k) {
    if ((k & 16383) == 0) check_interrupt();
    const std::size_t e = boxes[k].second;
    const auto [a, b] = edges[e];
    hits.clear();
    tree.query(bgi::intersects(boxes[k].first), std::back_inserter(hits));
    for (const auto& [box, f] : hits) {
      if (f <= e) continue;  // each pair once
      const auto [c, d] = edges[f];
      const int shared = (a == c) + (a == d) + (b == c) + (b == d);
      bool meet = false;
      if (shared >= 2) {
        meet = true;  // the same edge twice
      } else if (shared == 1) {
        // Meeting at the shared end only, unless they run on along each other.
        const Id v = (a == c || a == d) ? a : b;
        const Id p = v == a ? b : a, q = v == c ? d : c;
        const double ux = x[p] - x[v], uy = y[p] - y[v], wx = x[q] - x[v], wy = y[q] - y[v];
        const double cross = ux * wy - uy * wx, dot = ux * wx + uy * wy;
        meet = dot > 0 && std::abs(cross) <= kTouch * std::max(std::hypot(ux, uy), std::hypot(wx, wy));
      } else {
        const Segment s(Point(x[a], y[a]), Point(x[b], y[b])), t(Point(x[c], y[c]), Point(x[d], y[d]));
        meet = bg::distance(s, t) <= kTouch;
      }
      if (meet) bad[e] = bad[f] = 1;
    }
  }
  return bad;
}

// Point (px, py) strictly inside the ring of face f (crossing number; the point lies on no edge).
bool inside_ring(const PlaneFaces& faces, std::size_t f, const std::vector<double>& x, const std::vector<double>& y,
                 double px, double py) {
  bool in = false;
  const std::uint32_t b = faces.first[f], e = faces.first[f + 1];
  for (std::uint32_t i = b, j = e - 1; i < e; j = i++) {
    const double xi = x[faces.vertex[i]], yi = y[faces.vertex[i]], xj = x[faces.vertex[j]], yj = y[faces.vertex[j]];
    if ((yi > py) != (yj > py) && px < xj + (py - yj) * (xi - xj) / (yi - yj)) in = !in;
  }
  return in;
}

}  // namespace

PlaneFaces plane_faces(const std::vector<double>& x, const std::vector<double>& y,
                       const std::vector<std::pair<Id, Id>>& edges, double max_area) {
  PlaneFaces out;
  const std::size_t m = edges.size(), n = x.size();
  out.left.assign(m, invalid_id);
  out.right.assign(m, invalid_id);
  std::vector<std::uint8_t> gone = bad_edges(x, y, edges);
  check_interrupt();

  // The trees hanging off: take away ends of degree one until there is none.
  std::vector<std::uint32_t> degree(n, 0);
  for (std::size_t e = 0; e < m; ++e)
    if (!gone[e]) ++degree[edges[e].first], ++degree[edges[e].second];
  std::vector<std::uint32_t> start(n + 1, 0);  // incident edges by vertex (all but the bad)
  for (std::size_t v = 0; v < n; ++v) start[v + 1] = start[v] + degree[v];
  std::vector<std::uint32_t> incident(start[n]);
  {
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::size_t e = 0; e < m; ++e) {
      if (gone[e]) continue;
      incident[fill[edges[e].first]++] = static_cast<std::uint32_t>(e);
      incident[fill[edges[e].second]++] = static_cast<std::uint32_t>(e);
    }
  }
  std::vector<Id> ends;
  for (Id v = 0; v < n; ++v)
    if (degree[v] == 1) ends.push_back(v);
  while (!ends.empty()) {
    const Id v = ends.back();
    ends.pop_back();
    if (degree[v] != 1) continue;
    for (std::uint32_t k = start[v]; k < start[v + 1]; ++k) {
      const std::uint32_t e = incident[k];
      if (gone[e]) continue;
      gone[e] = 1;
      const Id w = edges[e].first == v ? edges[e].second : edges[e].first;
      --degree[v];
      if (--degree[w] == 1) ends.push_back(w);
      break;
    }
  }
  check_interrupt();

  // Half-edges h = 2e (first -> second) and 2e + 1 (back), round each vertex by angle.
  auto from = [&](std::uint32_t h) { return h & 1 ? edges[h >> 1].second : edges[h >> 1].first; };
  auto to = [&](std::uint32_t h) { return h & 1 ? edges[h >> 1].first : edges[h >> 1].second; };
  std::vector<std::uint32_t> out_start(n + 1, 0);
  for (std::size_t v = 0; v < n; ++v) out_start[v + 1] = out_start[v] + degree[v];
  std::vector<std::uint32_t> around(out_start[n]);
  std::vector<std::uint32_t> slot(2 * m, 0);  // a half-edge's place in `around`
  {
    std::vector<std::uint32_t> fill(out_start.begin(), out_start.end() - 1);
    for (std::size_t e = 0; e < m; ++e) {
      if (gone[e]) continue;
      around[fill[edges[e].first]++] = static_cast<std::uint32_t>(2 * e);
      around[fill[edges[e].second]++] = static_cast<std::uint32_t>(2 * e + 1);
    }
    std::vector<std::pair<double, std::uint32_t>> by_angle;
    for (Id v = 0; v < n; ++v) {
      const std::uint32_t b = out_start[v], e = out_start[v + 1];
      if (e - b > 2) {
        by_angle.clear();
        for (std::uint32_t k = b; k < e; ++k) {
          const Id w = to(around[k]);
          by_angle.emplace_back(std::atan2(y[w] - y[v], x[w] - x[v]), around[k]);
        }
        std::sort(by_angle.begin(), by_angle.end());
        for (std::uint32_t k = b; k < e; ++k) around[k] = by_angle[k - b].second;
      }
      for (std::uint32_t k = b; k < e; ++k) slot[around[k]] = k;
    }
  }
  // The face on the left of h goes on with the half-edge just clockwise of h's twin at h's end.
  auto next = [&](std::uint32_t h) {
    const Id v = to(h);
    const std::uint32_t k = slot[h ^ 1u];
    return around[k == out_start[v] ? out_start[v + 1] - 1 : k - 1];
  };

  std::vector<Id> face_of(2 * m, invalid_id);
  std::vector<std::uint8_t> traced(2 * m, 0);
  std::vector<std::uint32_t> seen(n, 0);  // the last ring (1-based) that passed each vertex
  std::uint32_t ring = 0;
  std::vector<std::uint32_t> walk;
  for (std::uint32_t h0 = 0; h0 < 2 * m; ++h0) {
    if (gone[h0 >> 1] || traced[h0]) continue;
    if ((++ring & 4095) == 0) check_interrupt();
    walk.clear();
    bool simple = true;
    double twice_area = 0;
    const double ox = x[from(h0)], oy = y[from(h0)];
    for (std::uint32_t h = h0; !traced[h]; h = next(h)) {
      traced[h] = 1;
      walk.push_back(h);
      const Id v = from(h), w = to(h);
      if (seen[v] == ring) simple = false;
      seen[v] = ring;
      twice_area += (x[v] - ox) * (y[w] - oy) - (x[w] - ox) * (y[v] - oy);
    }
    const double area = 0.5 * twice_area;
    if (!simple || !(area > 0) || area > max_area) continue;
    const Id f = static_cast<Id>(out.area.size());
    for (std::uint32_t h : walk) {
      face_of[h] = f;
      out.vertex.push_back(from(h));
    }
    out.first.push_back(static_cast<std::uint32_t>(out.vertex.size()));
    out.area.push_back(area);
  }
  check_interrupt();

  // Faces holding a part of the graph not joined to their ring: each part's lowest-leftmost
  // vertex tested against the faces of other parts whose box holds it.
  std::vector<Id> part(n);
  std::iota(part.begin(), part.end(), Id{0});
  auto root = [&](Id v) {
    while (part[v] != v) v = part[v] = part[part[v]];
    return v;
  };
  for (std::size_t e = 0; e < m; ++e) {
    if (gone[e]) continue;
    const Id a = root(edges[e].first), b = root(edges[e].second);
    if (a != b) part[std::max(a, b)] = std::min(a, b);
  }
  std::vector<Id> corner(n, invalid_id);  // per part's root
  for (Id v = 0; v < n; ++v) {
    if (degree[v] == 0) continue;
    Id& c = corner[root(v)];
    if (c == invalid_id || x[v] < x[c] || (x[v] == x[c] && y[v] < y[c])) c = v;
  }
  std::vector<Id> corners;
  for (Id v = 0; v < n; ++v)
    if (corner[v] != invalid_id) corners.push_back(corner[v]);
  std::vector<std::uint8_t> drop(out.size(), 0);
  if (corners.size() > 1) {
    std::vector<std::pair<Box, Id>> boxes;
    for (Id f = 0; f < out.size(); ++f) {
      Box box = bg::make_inverse<Box>();
      for (std::uint32_t i = out.first[f]; i < out.first[f + 1]; ++i)
        bg::expand(box, Point(x[out.vertex[i]], y[out.vertex[i]]));
      boxes.emplace_back(box, f);
    }
    const bgi::rtree<std::pair<Box, Id>, bgi::rstar<16>> tree(boxes.begin(), boxes.end());
    std::vector<std::pair<Box, Id>> hits;
    for (Id c : corners) {
      hits.clear();
      tree.query(bgi::intersects(Point(x[c], y[c])), std::back_inserter(hits));
      for (const auto& [box, f] : hits)
        if (root(out.vertex[out.first[f]]) != root(c) && inside_ring(out, f, x, y, x[c], y[c])) drop[f] = 1;
    }
  }
  if (std::find(drop.begin(), drop.end(), 1) != drop.end()) {
    PlaneFaces kept;
    kept.left.assign(m, invalid_id);
    kept.right.assign(m, invalid_id);
    std::vector<Id> renumber(out.size(), invalid_id);
    for (Id f = 0; f < out.size(); ++f) {
      if (drop[f]) continue;
      renumber[f] = static_cast<Id>(kept.area.size());
      kept.vertex.insert(kept.vertex.end(), out.vertex.begin() + out.first[f], out.vertex.begin() + out.first[f + 1]);
      kept.first.push_back(static_cast<std::uint32_t>(kept.vertex.size()));
      kept.area.push_back(out.area[f]);
    }
    for (Id& f : face_of)
      if (f != invalid_id) f = renumber[f];
    out = std::move(kept);
  }
  for (std::size_t e = 0; e < m; ++e) {
    out.left[e] = face_of[2 * e];
    out.right[e] = face_of[2 * e + 1];
  }
  return out;
}

}  // namespace lc

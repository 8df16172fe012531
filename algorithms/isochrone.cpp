#include "algorithms/isochrone.hpp"

#include "core/detail/geos_polygons.hpp"
#include "algorithms/plane_faces.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/spatial_order.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>
#include <stdexcept>
#include <string>

#include <geos_c.h>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

namespace lc {

namespace {

using Geos = detail::GeosContext;
using detail::Geom;
using detail::own;
using detail::collect;

struct Piece {
  double x0, y0, x1, y1;
  bool link = false;        // a demand point's off-road link, not a road
  Id segment = invalid_id;  // the road's segment: the piece is its part [t0, t1]; a link: where it meets it, at t0
  double t0 = 0, t1 = 0;
};

struct TreeDeleter {
  GEOSContextHandle_t h;
  void operator()(GEOSSTRtree* t) const noexcept { GEOSSTRtree_destroy_r(h, t); }
};

// A cost along a segment, c(t) = c0 + slope * t for t in [lo, hi], towards site `label`.
struct Line {
  double c0, slope, lo, hi;
  Id label;
};

float whole(const RoadGraph& g, Id s, bool a_to_b, Weight w) {
  const float t = a_to_b ? g.seg_time_ab_s[s] : g.seg_time_ba_s[s];
  if (t == no_passage) return no_passage;
  return w == Weight::time ? t : g.seg_length_m[s];
}

// Adds the part [t0, t1] of segment s as a piece.
void add_piece(const RoadGraph& g, Id s, double t0, double t1, std::vector<Piece>& out) {
  t0 = std::clamp(t0, 0.0, 1.0);
  t1 = std::clamp(t1, 0.0, 1.0);
  if (t1 < t0) return;
  const double ax = g.x_m[g.seg_a[s]], ay = g.y_m[g.seg_a[s]], bx = g.x_m[g.seg_b[s]], by = g.y_m[g.seg_b[s]];
  // The ends at the nodes exactly: pieces meet the blocks' rings there.
  auto at = [](double a, double b, double t) { return t == 1.0 ? b : a + t * (b - a); };
  out.push_back({at(ax, bx, t0), at(ay, by, t0), at(ax, bx, t1), at(ay, by, t1), false, s, t0, t1});
}

// The polygon with its holes smaller than `max_hole_m2` filled; the holes filled go to `filled`
// (as polygons).
Geom fill_polygon(GEOSContextHandle_t h, const GEOSGeometry* poly, double max_hole_m2, std::vector<Geom>& filled) {
  Geom shell = own(h, GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, poly)));
  std::vector<Geom> kept;
  const int n = GEOSGetNumInteriorRings_r(h, poly);
  for (int i = 0; i < n; ++i) {
    Geom ring = own(h, GEOSGeom_clone_r(h, GEOSGetInteriorRingN_r(h, poly, i)));
    Geom as_poly = own(h, GEOSGeom_createPolygon_r(h, GEOSGeom_clone_r(h, ring.get()), nullptr, 0));
    double area = 0;
    if (as_poly) GEOSArea_r(h, as_poly.get(), &area);
    if (area > max_hole_m2) kept.push_back(std::move(ring));
    else if (as_poly) filled.push_back(std::move(as_poly));
  }
  std::vector<GEOSGeometry*> holes;  // the polygon takes the shell and the holes over
  for (Geom& r : kept) holes.push_back(r.release());
  return own(h, GEOSGeom_createPolygon_r(h, shell.release(), holes.data(), static_cast<unsigned>(holes.size())));
}

// Fills the small holes of every polygon of `g`. The polygons inside a hole filled go: the
// polygons of `g` do not overlap, so each lies wholly inside such a hole or wholly outside it,
// and a point of its inside tells which. What is left does not overlap either.
Geom fill_small_holes(GEOSContextHandle_t h, Geom g, double max_hole_m2) {
  if (max_hole_m2 <= 0) return g;
  std::vector<Geom> polys, filled;
  std::vector<const GEOSGeometry*> original;
  const int n = GEOSGetNumGeometries_r(h, g.get());
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(h, g.get(), i);
    if (GEOSGeomTypeId_r(h, part) != GEOS_POLYGON) continue;
    polys.push_back(fill_polygon(h, part, max_hole_m2, filled));
    original.push_back(part);
  }
  if (filled.empty()) return g;
  const std::unique_ptr<GEOSSTRtree, TreeDeleter> tree(GEOSSTRtree_create_r(h, 10), TreeDeleter{h});
  for (Geom& hole : filled) GEOSSTRtree_insert_r(h, tree.get(), hole.get(), hole.get());
  std::vector<Geom> kept;
  for (std::size_t i = 0; i < polys.size(); ++i) {
    if ((i & 1023) == 0) check_interrupt();
    if (!polys[i]) continue;
    struct Ctx {
      GEOSContextHandle_t h;
      const GEOSGeometry* point;
      bool inside = false;
    };
    const Geom point = own(h, GEOSPointOnSurface_r(h, original[i]));  // not in its own holes
    Ctx ctx{h, point.get()};
    if (point) {
      GEOSSTRtree_query_r(h, tree.get(), point.get(), [](void* item, void* data) {
        auto* c = static_cast<Ctx*>(data);
        if (!c->inside) c->inside = GEOSContains_r(c->h, static_cast<const GEOSGeometry*>(item), c->point) == 1;
      }, &ctx);
    }
    if (!ctx.inside) kept.push_back(std::move(polys[i]));
  }
  g.reset();
  Geom out = collect(h, GEOS_MULTIPOLYGON, kept);
  if (!out) check_interrupt();  // an interrupted GEOS call fails: report the interrupt, not the failure
  if (!out) throw std::runtime_error("GEOS could not fill the isochrone's holes");
  return out;
}

// The union of `parts` (taken over; null ones skipped) by GEOS's cascaded union, the parts handed
// to it in spatial order (the Morton order of their envelopes' centres); null when there is none.
// (Cutting the parts into spatial runs united side by side, and the runs then pairwise, took as
// long on a dissolve, whose breaks already keep the threads busy, and for the union of a split
// run's shares made Malta's split isochrones ten times slower: 172 s against 18 s.)
Geom spatial_union(GEOSContextHandle_t h, std::vector<Geom> parts) {
  parts.erase(std::remove(parts.begin(), parts.end(), nullptr), parts.end());
  if (parts.empty()) return nullptr;
  std::vector<double> cx(parts.size()), cy(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    GEOSGeom_getXMin_r(h, parts[i].get(), &x0), GEOSGeom_getYMin_r(h, parts[i].get(), &y0);
    GEOSGeom_getXMax_r(h, parts[i].get(), &x1), GEOSGeom_getYMax_r(h, parts[i].get(), &y1);
    cx[i] = 0.5 * (x0 + x1), cy[i] = 0.5 * (y0 + y1);
  }
  const double x_min = *std::min_element(cx.begin(), cx.end()), y_min = *std::min_element(cy.begin(), cy.end());
  const double span = std::max(*std::max_element(cx.begin(), cx.end()) - x_min,
                               *std::max_element(cy.begin(), cy.end()) - y_min);
  for (double& x : cx) x -= x_min;
  for (double& y : cy) y -= y_min;
  std::vector<Geom> sorted;
  sorted.reserve(parts.size());
  for (Id i : morton_order(cx, cy, span > 0 ? span / 65535.0 : 1.0)) sorted.push_back(std::move(parts[i]));
  const Geom coll = collect(h, GEOS_GEOMETRYCOLLECTION, sorted);
  Geom u = own(h, coll ? GEOSUnaryUnion_r(h, coll.get()) : nullptr);
  check_interrupt();  // an interrupted GEOS call fails: report the interrupt, not the failure
  return u;
}

// Pieces joined end to end into polylines, as coordinates x0, y0, x1, y1, ...: where exactly
// two pieces meet they are joined (as GEOS's line merger joins them), and where more meet, the
// two that continue most nearly straight on (within 30 degrees) are, then the next such two, and
// so on. A street through its crossings becomes one line: its buffer has two round ends where
// the pieces' buffers had two at every crossing, and the union gets far fewer, longer parts.
// Zero-length pieces (points) are left out: the caller buffers them as points.
std::vector<std::vector<double>> join_pieces(const std::vector<Piece>& pieces) {
  struct XYHash {
    std::size_t operator()(const std::pair<double, double>& p) const {
      return std::hash<double>()(p.first) * 0x9E3779B97F4A7C15ULL ^ std::hash<double>()(p.second);
    }
  };
  constexpr std::uint32_t none = 0xFFFFFFFFu;
  const std::size_t n = pieces.size();
  // End e = 2 * piece + side (side 0: (x0, y0); side 1: (x1, y1)); partner[e]: the end it joins.
  std::vector<std::uint32_t> partner(2 * n, none);
  std::unordered_map<std::pair<double, double>, std::vector<std::uint32_t>, XYHash> at;
  at.reserve(2 * n);
  auto point = [&](std::uint32_t e) {
    const Piece& p = pieces[e / 2];
    return e % 2 == 0 ? std::make_pair(p.x0, p.y0) : std::make_pair(p.x1, p.y1);
  };
  auto is_point = [](const Piece& p) { return p.x0 == p.x1 && p.y0 == p.y1; };
  for (std::size_t i = 0; i < n; ++i) {
    if (is_point(pieces[i])) continue;
    at[point(static_cast<std::uint32_t>(2 * i))].push_back(static_cast<std::uint32_t>(2 * i));
    at[point(static_cast<std::uint32_t>(2 * i + 1))].push_back(static_cast<std::uint32_t>(2 * i + 1));
  }
  std::size_t visited = 0;
  for (auto& [xy, ends] : at) {
    if ((++visited & 16383) == 0) check_interrupt();
    if (ends.size() == 2) {
      if (ends[0] / 2 != ends[1] / 2) partner[ends[0]] = ends[1], partner[ends[1]] = ends[0];
      continue;
    }
    if (ends.size() < 2) continue;
    // Unit directions away from the point; pairs by how straight they continue.
    std::vector<std::pair<double, double>> dir;
    for (std::uint32_t e : ends) {
      const auto [ox, oy] = point(e ^ 1u);
      const double dx = ox - xy.first, dy = oy - xy.second, len = std::hypot(dx, dy);
      dir.emplace_back(dx / len, dy / len);
    }
    std::vector<std::tuple<double, std::uint32_t, std::uint32_t>> pairs;
    for (std::size_t a = 0; a < ends.size(); ++a)
      for (std::size_t b = a + 1; b < ends.size(); ++b) {
        const double dot = dir[a].first * dir[b].first + dir[a].second * dir[b].second;
        if (dot < -0.866 && ends[a] / 2 != ends[b] / 2) pairs.emplace_back(dot, ends[a], ends[b]);
      }
    std::sort(pairs.begin(), pairs.end());  // straightest first; ties by end ids
    for (const auto& [dot, ea, eb] : pairs) {
      if (partner[ea] != none || partner[eb] != none) continue;
      partner[ea] = eb, partner[eb] = ea;
    }
  }
  // Walk the chains: from each piece not yet taken back to its chain's start (or round a loop),
  // then forward.
  std::vector<std::uint8_t> taken(n, 0);
  std::vector<std::vector<double>> lines;
  for (std::size_t i = 0; i < n; ++i) {
    if (taken[i] || is_point(pieces[i])) continue;
    if ((lines.size() & 4095) == 0) check_interrupt();
    // Entering piece i by side 0: step back while the entry end has a partner.
    std::uint32_t entry = static_cast<std::uint32_t>(2 * i);
    for (;;) {
      const std::uint32_t back = partner[entry];
      if (back == none) break;
      const std::uint32_t prev_entry = back ^ 1u;  // the previous piece is left by `back`
      if (prev_entry / 2 == i) break;              // round a loop: start at i
      entry = prev_entry;
    }
    std::vector<double> xy;
    const auto [sx, sy] = point(entry);
    xy.push_back(sx), xy.push_back(sy);
    for (std::uint32_t e = entry;;) {
      taken[e / 2] = 1;
      const auto [x, y] = point(e ^ 1u);
      xy.push_back(x), xy.push_back(y);
      const std::uint32_t next = partner[e ^ 1u];
      if (next == none || taken[next / 2]) break;
      e = next;
    }
    lines.push_back(std::move(xy));
  }
  return lines;
}

// The city blocks the result fills anyway, as one area B (null when there is none), and the
// pieces that B does not hold. The blocks are the bounded faces of the wholly reached segments
// (plane_faces: traced from the graph's topology, without the segments crossing others, the trees
// hanging off and the faces holding other parts) whose ring encloses at most o.max_hole_m2. Why
// they are inside: a face's ring is reached roads, so whatever of it lies outside their bands is a
// hole of the dissolved bands, enclosed by the ring, hence no larger than it, and filled
// (fill_small_holes). The area is then B grown by the band (its edge is reached roads, so
// B + band lies inside the area) and the bands of the pieces B does not hold: the band of a piece
// inside B lies in B + band.
struct Blocks {
  Geom area;                  // B
  std::vector<Piece> rest;    // the pieces not inside B
};

Blocks reached_blocks(GEOSContextHandle_t h, const RoadGraph& g, const std::vector<Piece>& pieces,
                      const IsochroneOptions& o) {
  Blocks out;
  // The wholly reached segments: their pieces, in order along them, cover [0, 1].
  std::vector<std::tuple<Id, double, double>> spans;
  for (const Piece& p : pieces)
    if (!p.link && p.segment != invalid_id && p.t1 > p.t0) spans.emplace_back(p.segment, p.t0, p.t1);
  std::sort(spans.begin(), spans.end());
  std::vector<Id> whole_segments;
  for (std::size_t i = 0; i < spans.size();) {
    const Id s = std::get<0>(spans[i]);
    double reach = 0;
    bool gap = std::get<1>(spans[i]) > 0;
    for (; i < spans.size() && std::get<0>(spans[i]) == s; ++i) {
      gap = gap || std::get<1>(spans[i]) > reach;
      reach = std::max(reach, std::get<2>(spans[i]));
    }
    if (!gap && reach >= 1) whole_segments.push_back(s);
  }
  check_interrupt();
  if (whole_segments.empty()) return out;
  // Their nodes, numbered from 0 in node order.
  std::vector<Id> nodes;
  for (Id s : whole_segments) nodes.push_back(g.seg_a[s]), nodes.push_back(g.seg_b[s]);
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  auto local = [&](Id node) { return static_cast<Id>(std::lower_bound(nodes.begin(), nodes.end(), node) - nodes.begin()); };
  std::vector<double> x(nodes.size()), y(nodes.size());
  for (std::size_t v = 0; v < nodes.size(); ++v) x[v] = g.x_m[nodes[v]], y[v] = g.y_m[nodes[v]];
  // The edges in an order fixed by their nodes (fixed to the CRS), not by the segments' numbers,
  // which follow the order the lines were read in (a spatial filter may change it): the same
  // segments make the same faces, whatever part of the network was read.
  std::vector<std::size_t> by_nodes(whole_segments.size());
  std::iota(by_nodes.begin(), by_nodes.end(), std::size_t{0});
  std::sort(by_nodes.begin(), by_nodes.end(), [&](std::size_t i, std::size_t j) {
    const Id si = whole_segments[i], sj = whole_segments[j];
    return std::make_pair(g.seg_a[si], g.seg_b[si]) < std::make_pair(g.seg_a[sj], g.seg_b[sj]);
  });
  std::vector<std::pair<Id, Id>> edges;
  edges.reserve(whole_segments.size());
  for (std::size_t k : by_nodes) edges.emplace_back(local(g.seg_a[whole_segments[k]]), local(g.seg_b[whole_segments[k]]));
  const PlaneFaces faces = plane_faces(x, y, edges, o.max_hole_m2);
  if (faces.size() == 0) return out;
  std::vector<Geom> polys;
  polys.reserve(faces.size());
  for (std::size_t f = 0; f < faces.size(); ++f) {
    if ((f & 4095) == 0) check_interrupt();
    const std::uint32_t b = faces.first[f], e = faces.first[f + 1];
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, e - b + 1, 2);
    for (std::uint32_t i = b; i <= e; ++i) {
      const Id v = faces.vertex[i < e ? i : b];
      GEOSCoordSeq_setXY_r(h, seq, i - b, x[v], y[v]);
    }
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, seq);  // takes the sequence
    polys.push_back(own(h, shell ? GEOSGeom_createPolygon_r(h, shell, nullptr, 0) : nullptr));
    if (!polys.back()) throw std::runtime_error("GEOS could not make a polygon of a reached block");
  }
  {
    const Geom coll = collect(h, GEOS_MULTIPOLYGON, polys);
    // The faces share their edges exactly and do not overlap: the coverage union only drops the
    // shared ones. Should GEOS refuse them, the bands are dissolved without the blocks.
    out.area = own(h, coll ? GEOSCoverageUnion_r(h, coll.get()) : nullptr);
  }
  check_interrupt();
  if (!out.area) return out;
  // The pieces B holds: those along a segment with a block on one side (B's edge or inside it);
  // the links whose road has a block on the link's side (the link runs to the road's nearest
  // point, so it crosses no road on the way: it lies in that block); and those that meet B's edge
  // (the segments with a block on one side only) at most at their ends, and whose middle is in B.
  // Per whole segment (in segment order): 1 a block on its left, 2 on its right.
  namespace bg = boost::geometry;
  namespace bgi = boost::geometry::index;
  using Point = bg::model::d2::point_xy<double>;
  using Segment = bg::model::segment<Point>;
  std::vector<std::uint8_t> faced(whole_segments.size());
  for (std::size_t e = 0; e < by_nodes.size(); ++e) {
    faced[by_nodes[e]] = (faces.left[e] != invalid_id ? 1 : 0) | (faces.right[e] != invalid_id ? 2 : 0);
  }
  std::vector<Segment> rim;
  for (std::size_t k = 0; k < whole_segments.size(); ++k) {
    if (faced[k] == 1 || faced[k] == 2) {
      const Id s = whole_segments[k];
      rim.emplace_back(Point(g.x_m[g.seg_a[s]], g.y_m[g.seg_a[s]]), Point(g.x_m[g.seg_b[s]], g.y_m[g.seg_b[s]]));
    }
  }
  auto sides_of = [&](Id s) -> std::uint8_t {
    const auto it = std::lower_bound(whole_segments.begin(), whole_segments.end(), s);
    return it != whole_segments.end() && *it == s ? faced[it - whole_segments.begin()] : 0;
  };
  const bgi::rtree<Segment, bgi::rstar<16>> tree(rim.begin(), rim.end());
  struct PreparedDeleter {
    GEOSContextHandle_t h;
    void operator()(const GEOSPreparedGeometry* p) const noexcept { GEOSPreparedGeom_destroy_r(h, p); }
  };
  const std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter> inside(GEOSPrepare_r(h, out.area.get()),
                                                                            PreparedDeleter{h});
  if (!inside) throw std::runtime_error("GEOS could not index the reached blocks");
  std::vector<Point> meets;
  out.rest.clear();
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if ((i & 16383) == 0) check_interrupt();
    const Piece& p = pieces[i];
    const std::uint8_t sides = p.segment != invalid_id ? sides_of(p.segment) : 0;
    if (!p.link && sides != 0) continue;
    if (p.link && sides != 0 && p.t0 > 0 && p.t0 < 1) {
      const Id a = g.seg_a[p.segment], b = g.seg_b[p.segment];
      const double ux = g.x_m[b] - g.x_m[a], uy = g.y_m[b] - g.y_m[a];
      const double cross = ux * (p.y0 - g.y_m[a]) - uy * (p.x0 - g.x_m[a]);
      if ((cross > 0 && (sides & 1)) || (cross < 0 && (sides & 2))) continue;
    }
    // Meeting B's edge only at its ends, the open piece lies wholly inside B or wholly outside.
    const Point p0(p.x0, p.y0), p1(p.x1, p.y1);
    const Segment line(p0, p1);
    bool crosses = false;
    for (auto it = tree.qbegin(bgi::intersects(line)); it != tree.qend() && !crosses; ++it) {
      meets.clear();
      bg::intersection(line, *it, meets);
      for (const Point& m : meets)
        crosses = crosses || !(bg::equals(m, p0) || bg::equals(m, p1));
    }
    bool within = false;
    if (!crosses) {
      const Geom mid = own(h, GEOSGeom_createPointFromXY_r(h, 0.5 * (p.x0 + p.x1), 0.5 * (p.y0 + p.y1)));
      within = GEOSPreparedIntersects_r(h, inside.get(), mid.get()) == 1;
    }
    if (!within) out.rest.push_back(p);
  }
  return out;
}

// Buffers and dissolves pieces; returns the geometry, null when there are none.
Geom dissolve(GEOSContextHandle_t h, const RoadGraph& g, const std::vector<Piece>& all_pieces,
             const IsochroneOptions& o) {
  if (all_pieces.empty()) return nullptr;
  // Blocks that are filled anyway go in whole, grown by the band, and the pieces inside them are
  // left out: the union then only works along the area's edge.
  Blocks blocks;
  if (o.max_hole_m2 > 0) blocks = reached_blocks(h, g, all_pieces, o);
  const std::vector<Piece>& pieces = blocks.area ? blocks.rest : all_pieces;
  // Pieces joined into lines (join_pieces), each line buffered on its own, then the buffers
  // dissolved with GEOS's cascaded union: much faster than buffering one noded network.
  std::vector<Geom> parts;
  auto buffer_one = [&](const GEOSGeometry* g) {
    Geom b = own(h, GEOSBuffer_r(h, g, o.buffer_m, o.quadrant_segments));
    if (!b) check_interrupt();
    if (!b) throw std::runtime_error("GEOS could not buffer the reached roads");
    parts.push_back(std::move(b));
  };
  for (const Piece& p : pieces) {
    if (p.x0 != p.x1 || p.y0 != p.y1) continue;
    const Geom pt = own(h, GEOSGeom_createPointFromXY_r(h, p.x0, p.y0));
    buffer_one(pt.get());
  }
  const std::vector<std::vector<double>> lines = join_pieces(pieces);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if ((k & 255) == 0) check_interrupt();
    const std::vector<double>& xy = lines[k];
    const unsigned count = static_cast<unsigned>(xy.size() / 2);
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, count, 2);
    for (unsigned v = 0; v < count; ++v) GEOSCoordSeq_setXY_r(h, seq, v, xy[2 * v], xy[2 * v + 1]);
    const Geom line = own(h, GEOSGeom_createLineString_r(h, seq));  // takes the sequence
    if (!line) throw std::runtime_error("GEOS could not make a line of the reached roads");
    buffer_one(line.get());
  }
  check_interrupt();
  if (blocks.area) {
    Geom grown = own(h, GEOSBuffer_r(h, blocks.area.get(), o.buffer_m, o.quadrant_segments));
    if (!grown) check_interrupt();
    if (!grown) throw std::runtime_error("GEOS could not buffer the reached blocks");
    blocks.area.reset();
    parts.push_back(std::move(grown));
  }
  Geom area = spatial_union(h, std::move(parts));
  if (!area) throw std::runtime_error("GEOS could not dissolve the reached roads");
  area = fill_small_holes(h, std::move(area), o.max_hole_m2);
  if (GEOSisValid_r(h, area.get()) != 1) area = own(h, GEOSMakeValid_r(h, area.get()));
  if (!area) check_interrupt();
  return detail::keep_polygons(h, std::move(area));
}

void to_wkb(GEOSContextHandle_t h, const GEOSGeometry* g, IsochronePolygon& out) {
  if (!g || GEOSisEmpty_r(h, g)) return;
  GEOSArea_r(h, g, &out.area_m2);
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(h);
  std::size_t size = 0;
  unsigned char* bytes = GEOSWKBWriter_write_r(h, writer, g, &size);
  GEOSWKBWriter_destroy_r(h, writer);
  if (!bytes) throw std::runtime_error("GEOS could not encode an isochrone");
  out.wkb.assign(bytes, bytes + size);
  GEOSFree_r(h, bytes);
}


// out[i] = dissolve(pieces_of(i)) for i in [0, n), in parallel: each task has its own GEOS
// context; the geometries are handed to the caller's context `h` (GEOS geometries belong to no
// context, only their error reporting does), which destroys them.
template <typename PiecesOf>
void parallel_dissolve(GEOSContextHandle_t h, const RoadGraph& g, std::size_t n, std::vector<Geom>& out,
                       PiecesOf&& pieces_of, const IsochroneOptions& o) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1), [&](const tbb::blocked_range<std::size_t>& r) {
    Geos local;
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      check_interrupt();
      out[i] = own(h, dissolve(local.h, g, pieces_of(i), o).release());
      check_interrupt();  // an interrupted GEOS call fails: report the interrupt, not the failure
    }
  });
}

// Split areas, each site's drawn from its neighbourhood alone: a site's polygons depend only on
// the pieces near it, so a run split by district draws them as one machine does, vertex for
// vertex. The pieces already go to each place's cheapest site, but the bands drawn around the
// pieces of neighbouring sites overlap at their borders, and blocks enclosed by the streets of
// several sites belong to none. So, with A_j^k the band of site j's own pieces of break k (holes
// filled, as every area), for each site i:
// - its neighbourhood Q_i is the bounds of A_i (its last break's) grown by the band and by the side
//   of the largest hole filled; its neighbours are the sites whose A_j's bounds meet Q_i;
// - its share is A_i without the A_j of its lower-numbered neighbours whose bounds meet A_i's (so
//   the shares do not overlap);
// - the reached area around it at break k, D_k, is the union of its neighbours' A_j^k with the
//   holes it encloses filled (the holes up to max_hole_m2 of the union of all the bands: the
//   dissolved area);
// - each block of D_last that no A_j holds and whose edge A_i touches goes to the neighbour whose
//   A_j holds most of that edge (ties: the lower-numbered), to i's share if it is i;
// - its area at break k is D_k cut to its share (the share itself at the last break), so the
//   areas nest.
// Every site judges a block from the same areas around it, so one site takes it. Only the sites
// of o.draw_sites (all when empty) are drawn; the others get no polygon, and only the areas of the
// sites near a drawn one are made.
template <typename Emit>
void split_areas(Geos& geos, const RoadGraph& g, const std::vector<std::vector<std::vector<Piece>>>& pieces,
                 const IsochroneOptions& o, Emit&& emit) {
  namespace bg = boost::geometry;
  namespace bgi = boost::geometry::index;
  using Point = bg::model::d2::point_xy<double>;
  using Box = bg::model::box<Point>;
  const GEOSContextHandle_t h = geos.h;
  const std::size_t nb = pieces.empty() ? 0 : pieces[0].size();
  const Id n = static_cast<Id>(pieces.size());
  if (n == 0 || nb == 0) return;  // no site or no break: no polygon (and no last break below)
  const std::size_t last = nb - 1;
  auto drawn = [&](Id i) { return o.draw_sites.empty() || o.draw_sites[i] != 0; };
  const double grow = split_context_m(o);
  auto grown = [](const Box& b, double d) {
    return Box(Point(b.min_corner().x() - d, b.min_corner().y() - d), Point(b.max_corner().x() + d, b.max_corner().y() + d));
  };
  auto bounds_of = [](GEOSContextHandle_t c, const GEOSGeometry* geom) {
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(c, geom, &x0), GEOSGeom_getYMin_r(c, geom, &y0);
    GEOSGeom_getXMax_r(c, geom, &x1), GEOSGeom_getYMax_r(c, geom, &y1);
    return Box(Point(x0, y0), Point(x1, y1));
  };

  // The areas needed: a drawn site's neighbours' (an area lies within its pieces' bounds grown by
  // the band; a metre more for the arcs' rounding).
  std::vector<std::uint8_t> need(n, 1);
  if (!o.draw_sites.empty()) {
    std::vector<std::pair<Box, Id>> bounds;
    for (Id i = 0; i < n; ++i) {
      const std::vector<Piece>& ps = pieces[i][last];
      if (ps.empty()) continue;
      Box b(Point(ps[0].x0, ps[0].y0), Point(ps[0].x0, ps[0].y0));
      for (const Piece& p : ps) bg::expand(b, Point(p.x0, p.y0)), bg::expand(b, Point(p.x1, p.y1));
      bounds.emplace_back(grown(b, o.buffer_m + 1.0), i);
    }
    const bgi::rtree<std::pair<Box, Id>, bgi::rstar<16>> near(bounds.begin(), bounds.end());
    need.assign(n, 0);
    for (const auto& [b, i] : bounds) {
      if (!drawn(i)) continue;
      for (auto it = near.qbegin(bgi::intersects(grown(b, grow))); it != near.qend(); ++it) need[it->second] = 1;
    }
  }
  // A_j^k, at [j * nb + k].
  static const std::vector<Piece> none;
  std::vector<Geom> band(static_cast<std::size_t>(n) * nb);
  parallel_dissolve(h, g, band.size(), band, [&](std::size_t jk) -> const std::vector<Piece>& {
    return need[jk / nb] ? pieces[jk / nb][jk % nb] : none;
  }, o);
  auto area_of = [&](Id j, std::size_t k) -> const Geom& { return band[static_cast<std::size_t>(j) * nb + k]; };
  for (const Geom& a : band) {  // what GEOS caches on first use, now: the threads below read them side by side
    double x;
    if (a) GEOSGeom_getXMin_r(h, a.get(), &x), GEOSGeom_getCoordinateDimension_r(h, a.get());
  }
  std::vector<Box> env(n);
  std::vector<std::pair<Box, Id>> envs;
  for (Id j = 0; j < n; ++j) {
    const Geom& a = area_of(j, last);
    if (!a || GEOSisEmpty_r(h, a.get())) continue;
    env[j] = bounds_of(h, a.get());
    envs.emplace_back(env[j], j);
  }
  const bgi::rtree<std::pair<Box, Id>, bgi::rstar<16>> tree(envs.begin(), envs.end());

  // Each drawn site's areas, sites side by side, each thread with its own GEOS context (the areas
  // are cloned into it: GEOS fills some caches of a geometry on first use).
  tbb::enumerable_thread_specific<Geos> contexts;
  std::vector<std::vector<Geom>> disks(n);
  tbb::parallel_for(tbb::blocked_range<Id>(0, n, 1), [&](const tbb::blocked_range<Id>& r) {
    const GEOSContextHandle_t lh = contexts.local().h;
    auto clone = [&](const Geom& a) { return own(lh, a ? GEOSGeom_clone_r(lh, a.get()) : nullptr); };
    for (Id i = r.begin(); i != r.end(); ++i) {
      std::vector<Geom>& d = disks[i];
      d.resize(nb);
      if (!drawn(i) || !area_of(i, last) || GEOSisEmpty_r(lh, area_of(i, last).get())) continue;
      check_interrupt();
      std::vector<Id> hood;  // i's neighbours, i among them, ascending
      for (auto it = tree.qbegin(bgi::intersects(grown(env[i], grow))); it != tree.qend(); ++it) hood.push_back(it->second);
      std::sort(hood.begin(), hood.end());
      std::vector<Geom> mine(hood.size());
      for (std::size_t a = 0; a < hood.size(); ++a) mine[a] = clone(area_of(hood[a], last));
      const std::size_t self = std::lower_bound(hood.begin(), hood.end(), i) - hood.begin();
      // The share: A_i without its lower-numbered neighbours' A_j.
      Geom share = clone(mine[self]);
      for (std::size_t a = 0; a < self && share; ++a) {
        if (!bg::intersects(env[hood[a]], env[i])) continue;
        share = detail::keep_polygons(lh, own(lh, GEOSDifference_r(lh, share.get(), mine[a].get())));
      }
      // The reached area around it at break k within `box`: its neighbours' bands cut to the box and
      // united, small holes filled (the box holds every block whose edge its middle part touches).
      auto reached = [&](std::size_t k, const Box& box) {
        std::vector<Geom> parts;
        for (std::size_t a = 0; a < hood.size(); ++a) {
          const Geom& part = k == last ? mine[a] : area_of(hood[a], k);
          if (!part || !bg::intersects(env[hood[a]], box)) continue;
          parts.push_back(own(lh, GEOSClipByRect_r(lh, part.get(), box.min_corner().x(), box.min_corner().y(),
                                                   box.max_corner().x(), box.max_corner().y())));
        }
        Geom u = spatial_union(lh, std::move(parts));
        if (!u) return u;
        if (GEOSisValid_r(lh, u.get()) != 1) u = own(lh, GEOSMakeValid_r(lh, u.get()));
        return u ? detail::keep_polygons(lh, std::move(u)) : nullptr;
      };
      // The blocks no A_j holds whose edge A_i touches, to the neighbour holding most of it.
      if (Geom covered = reached(last, grown(env[i], grow))) {
        const Geom filled = fill_small_holes(lh, clone(covered), o.max_hole_m2);
        const Geom gaps = detail::keep_polygons(lh, own(lh, GEOSDifference_r(lh, filled.get(), covered.get())));
        const int ng = gaps ? GEOSGetNumGeometries_r(lh, gaps.get()) : 0;
        for (int e = 0; e < ng; ++e) {
          const GEOSGeometry* gap = GEOSGetGeometryN_r(lh, gaps.get(), e);
          double gap_area = 0;
          GEOSArea_r(lh, gap, &gap_area);
          if (gap_area <= 0) continue;
          const Geom rim = own(lh, GEOSBuffer_r(lh, gap, 1.0, 2));
          if (!rim) continue;
          const Box rim_box = bounds_of(lh, rim.get());
          auto edge_of = [&](std::size_t a) {
            if (!bg::intersects(env[hood[a]], rim_box)) return 0.0;
            const Geom touch = own(lh, GEOSIntersection_r(lh, rim.get(), mine[a].get()));
            double edge = 0;
            if (touch) GEOSArea_r(lh, touch.get(), &edge);
            return edge;
          };
          const double own_edge = edge_of(self);
          if (!(own_edge > 0)) continue;
          bool taken = false;
          for (std::size_t a = 0; a < hood.size() && !taken; ++a) {
            if (a == self) continue;
            const double edge = edge_of(a);
            taken = edge > own_edge || (edge == own_edge && a < self);
          }
          if (taken) continue;
          share = share ? detail::keep_polygons(lh, own(lh, GEOSUnion_r(lh, share.get(), gap)))
                        : own(lh, GEOSGeom_clone_r(lh, gap));
        }
      }
      // Its areas: D_k cut to the share; the share itself at the last break.
      if (share && !GEOSisEmpty_r(lh, share.get())) {
        const Box cut = bounds_of(lh, share.get());
        for (std::size_t k = 0; k < last; ++k) {
          Geom dk = reached(k, grown(cut, grow));
          if (!dk) continue;
          dk = fill_small_holes(lh, std::move(dk), o.max_hole_m2);
          const Geom near = own(lh, GEOSClipByRect_r(lh, dk.get(), cut.min_corner().x() - 1, cut.min_corner().y() - 1,
                                                     cut.max_corner().x() + 1, cut.max_corner().y() + 1));
          d[k] = near ? detail::keep_polygons(lh, own(lh, GEOSIntersection_r(lh, near.get(), share.get()))) : nullptr;
        }
        d[last] = std::move(share);
      }
      for (Geom& a : d) a = own(h, a.release());  // handed to the caller's context
      check_interrupt();  // an interrupted GEOS call fails: report the interrupt, not the failure
    }
  });
  band.clear();
  for (Id i = 0; i < n; ++i) emit(i, disks[i]);
}

// Every reached span of road: each segment cut where its cheapest way to a site changes and where
// that cost meets a break, and `emit(s, t0, t1, mid_cost, line)` called for each span [t0, t1] of
// segment s reached within the last break, with its cost at the middle and its cheapest line
// (cost line.c0 + line.slope * t along the whole span, towards site line.label). Segments
// [first_segment, end_segment) only, when given.
template <typename Emit>
void reached_spans(const RoadGraph& g, const Dijkstra& search, Weight weight, const std::vector<Snap>& site_snaps,
                   const std::vector<float>& breaks, double access_speed_mps, Emit&& emit, Id first_segment = 0,
                   Id end_segment = invalid_id) {
  // Sites by segment: a point beside a site may reach it along the segment without passing a node.
  std::vector<std::pair<Id, Id>> site_on_segment;
  for (Id f = 0; f < site_snaps.size(); ++f)
    if (site_snaps[f].ok()) site_on_segment.emplace_back(site_snaps[f].segment, f);
  std::sort(site_on_segment.begin(), site_on_segment.end());
  const double last = breaks.empty() ? -INFINITY : breaks.back();

  std::vector<Line> lines;
  std::vector<double> cuts;
  auto sp = std::lower_bound(site_on_segment.begin(), site_on_segment.end(), std::make_pair(first_segment, Id{0}));
  for (Id s = first_segment; s < std::min(end_segment, g.segment_count()); ++s) {
    if ((s & 4095) == 0) check_interrupt();
    lines.clear();
    const Id a = g.seg_a[s], b = g.seg_b[s];
    const float w_ba = whole(g, s, false, weight), w_ab = whole(g, s, true, weight);
    // The cost of reaching a site from the point at t on the road, as lines c(t) = c0 + slope t
    // over [lo, hi]: through a, through b, or directly along the segment to a site on it.
    if (w_ba != no_passage && search.reached(a)) lines.push_back({search.cost(a), w_ba, 0.0, 1.0, search.label(a)});
    if (w_ab != no_passage && search.reached(b)) lines.push_back({search.cost(b) + w_ab, -w_ab, 0.0, 1.0, search.label(b)});
    while (sp != site_on_segment.end() && sp->first < s) ++sp;
    for (auto it = sp; it != site_on_segment.end() && it->first == s; ++it) {
      const Snap& site = site_snaps[it->second];
      const double acc = weight == Weight::time ? site.offset_m / access_speed_mps : site.offset_m;
      if (w_ab != no_passage) lines.push_back({acc + site.t * w_ab, -w_ab, 0.0, site.t, it->second});  // before it: a -> b
      if (w_ba != no_passage) lines.push_back({acc - site.t * w_ba, w_ba, site.t, 1.0, it->second});    // after it: b -> a
    }
    if (lines.empty()) continue;
    // Break points: the ends of the lines' ranges, where two lines cross, and where a line meets a
    // break. Between two break points the cheapest line and "within the break" do not change.
    cuts.assign({0.0, 1.0});
    for (std::size_t i = 0; i < lines.size(); ++i) {
      cuts.push_back(lines[i].lo);
      cuts.push_back(lines[i].hi);
      for (float limit : breaks)
        if (lines[i].slope != 0) cuts.push_back((limit - lines[i].c0) / lines[i].slope);
      for (std::size_t j = i + 1; j < lines.size(); ++j)
        if (lines[i].slope != lines[j].slope) cuts.push_back((lines[j].c0 - lines[i].c0) / (lines[i].slope - lines[j].slope));
    }
    std::sort(cuts.begin(), cuts.end());
    // Consecutive spans on the same cheapest line within the same breaks go out as one: a cut
    // where another line crosses it above changes nothing, and leaves no trace (that line's cost
    // may come from far off, so a run that read less of the network makes the same spans).
    const Line* open = nullptr;
    double open_t0 = 0, open_t1 = 0;
    std::ptrdiff_t open_in = 0;
    auto flush = [&] {
      if (open) emit(s, open_t0, open_t1, open->c0 + open->slope * (0.5 * (open_t0 + open_t1)), *open);
      open = nullptr;
    };
    for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
      const double t0 = std::max(0.0, cuts[c]), t1 = std::min(1.0, cuts[c + 1]);
      if (!(t1 > t0)) continue;
      const double mid = 0.5 * (t0 + t1);
      double best = INFINITY;
      const Line* cheapest = nullptr;
      for (const Line& l : lines) {
        if (mid < l.lo || mid > l.hi) continue;
        const double cost = l.c0 + l.slope * mid;
        if (cost < best || (cost == best && cheapest && l.label < cheapest->label)) best = cost, cheapest = &l;
      }
      if (!cheapest || !(best <= last)) {
        flush();
        continue;
      }
      std::ptrdiff_t in = 0;  // the breaks the span lies within
      for (float limit : breaks) in += best <= limit;
      if (open == cheapest && open_in == in && open_t1 == t0) {
        open_t1 = t1;
        continue;
      }
      flush();
      open = cheapest, open_t0 = t0, open_t1 = t1, open_in = in;
    }
    flush();
  }
}

}  // namespace

std::vector<IsochronePolygon> isochrones(const RoadGraph& g, const Dijkstra& search, Weight weight,
                                         const std::vector<Snap>& site_snaps, const std::vector<float>& breaks,
                                         const std::vector<ReachedPoint>& points, const IsochroneOptions& o) {
  const Id groups = o.split ? static_cast<Id>(site_snaps.size()) : 1;
  auto group_of = [&](Id label) { return o.split ? label : Id{0}; };
  Geos geos;
  // pieces[group][break]
  std::vector<std::vector<std::vector<Piece>>> pieces(groups, std::vector<std::vector<Piece>>(breaks.size()));
  reached_spans(g, search, weight, site_snaps, breaks, o.access_speed_mps,
                [&](Id s, double t0, double t1, double mid_cost, const Line& line) {
                  for (std::size_t k = 0; k < breaks.size(); ++k) {
                    if (mid_cost <= breaks[k]) add_piece(g, s, t0, t1, pieces[group_of(line.label)][k]);
                  }
                });
  // Off-road links of the demand points reached.
  for (const ReachedPoint& p : points) {
    if (!p.snap.ok()) continue;
    const Id s = p.snap.segment;
    const double ax = g.x_m[g.seg_a[s]], ay = g.y_m[g.seg_a[s]], bx = g.x_m[g.seg_b[s]], by = g.y_m[g.seg_b[s]];
    const double sx = ax + p.snap.t * (bx - ax), sy = ay + p.snap.t * (by - ay);
    for (std::size_t k = 0; k < breaks.size(); ++k) {
      if (p.cost <= breaks[k])
        pieces[group_of(p.label)][k].push_back({p.x, p.y, sx, sy, true, s, p.snap.t, p.snap.t});
    }
  }
  // Each area's pieces in an order fixed by their coordinates, not by the segments' numbers (the
  // order the lines were read in, which a spatial filter may change): the same pieces make the
  // same polygons, vertex for vertex, whatever part of the network was read.
  auto by_place = [](const Piece& a, const Piece& b) {
    return std::tie(a.x0, a.y0, a.x1, a.y1, a.link, a.t0, a.t1) < std::tie(b.x0, b.y0, b.x1, b.y1, b.link, b.t0, b.t1);
  };
  tbb::parallel_for(std::size_t{0}, pieces.size() * breaks.size(), [&](std::size_t ik) {
    std::vector<Piece>& ps = pieces[ik / breaks.size()][ik % breaks.size()];
    std::sort(ps.begin(), ps.end(), by_place);
  });

  std::vector<IsochronePolygon> out;
  auto emit = [&](Id site, std::vector<Geom>& disks) {
    for (std::size_t k = 0; k < breaks.size(); ++k) {
      IsochronePolygon poly;
      poly.site = site;
      poly.upper = breaks[k];
      poly.lower = o.shape == IsochroneShape::rings && k > 0 ? breaks[k - 1] : 0.0f;
      if (o.shape == IsochroneShape::rings && k > 0 && disks[k] && disks[k - 1]) {
        const Geom ring =
            detail::keep_polygons(geos.h, own(geos.h, GEOSDifference_r(geos.h, disks[k].get(), disks[k - 1].get())));
        check_interrupt();
        to_wkb(geos.h, ring.get(), poly);
      } else {
        to_wkb(geos.h, disks[k].get(), poly);
      }
      out.push_back(std::move(poly));
    }
    disks.clear();
  };
  if (!o.split) {
    std::vector<Geom> disks(breaks.size());
    parallel_dissolve(geos.h, g, breaks.size(), disks, [&](std::size_t k) { return pieces[0][k]; }, o);
    emit(invalid_id, disks);
    return out;
  }
  split_areas(geos, g, pieces, o, emit);
  return out;
}


namespace {

// A reached piece of road (or off-road link) with its cost, c0 at (x0, y0) to c1 at (x1, y1),
// linear between.
struct CostedPiece {
  double x0, y0, x1, y1, c0, c1;
};

struct Grid {
  double min_x = 0, max_y = 0, cell = 0;
  int width = 0, height = 0;
};

// Lowers `value` (signed distances on `grid`, see DistanceField) to the distance to the part of
// each piece whose cost lies in (lower, upper]: the bands of rows are shared out among the
// threads, each going over the pieces near it for its own rows.
// The pieces near each band of rows (PieceBands), for burn().
struct PieceBands {
  std::vector<int> first_row;               // bands + 1
  std::vector<std::vector<std::size_t>> pieces;
};

PieceBands piece_bands(const std::vector<CostedPiece>& pieces, const Grid& grid, double reach) {
  PieceBands b;
  const int bands = std::max(1, std::min(grid.height, 64));
  for (int k = 0; k <= bands; ++k) b.first_row.push_back(static_cast<int>(static_cast<long long>(grid.height) * k / bands));
  b.pieces.resize(bands);
  const double rows_per_band = static_cast<double>(grid.height) / bands;
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    const CostedPiece& p = pieces[k];
    const double r0 = (grid.max_y - std::max(p.y0, p.y1) - reach) / grid.cell - 1;
    const double r1 = (grid.max_y - std::min(p.y0, p.y1) + reach) / grid.cell + 1;
    const int b0 = std::clamp(static_cast<int>(r0 / rows_per_band), 0, bands - 1);
    const int b1 = std::clamp(static_cast<int>(r1 / rows_per_band), 0, bands - 1);
    for (int band = b0; band <= b1; ++band) b.pieces[band].push_back(k);
  }
  return b;
}

void burn(const std::vector<CostedPiece>& pieces, const PieceBands& bands, const Grid& grid, double lower, double upper,
          const IsochroneOptions& o, std::vector<float>& value) {
  const double r = o.buffer_m, cell = grid.cell, reach = r + cell;
  const auto deepest = static_cast<float>(-r);
  tbb::parallel_for(0, static_cast<int>(bands.pieces.size()), [&](int band) {
    const int row_begin = bands.first_row[band], row_end = bands.first_row[band + 1];
    const std::vector<std::size_t>& near = bands.pieces[band];
    for (std::size_t n = 0; n < near.size(); ++n) {
      if ((n & 65535) == 0) check_interrupt();
      CostedPiece p = pieces[near[n]];
      // The part within (lower, upper] (the cost is linear along the piece).
      const double lo = std::min(p.c0, p.c1), hi = std::max(p.c0, p.c1);
      if (lo > upper || hi <= lower) continue;
      if (hi > upper || lo <= lower) {
        auto at = [&](double c) { return p.c1 == p.c0 ? 0.0 : std::clamp((c - p.c0) / (p.c1 - p.c0), 0.0, 1.0); };
        double u0 = at(std::max(lower, lo)), u1 = at(std::min(upper, hi));
        if (u0 > u1) std::swap(u0, u1);
        const double x0 = p.x0 + u0 * (p.x1 - p.x0), y0 = p.y0 + u0 * (p.y1 - p.y0);
        const double x1 = p.x0 + u1 * (p.x1 - p.x0), y1 = p.y0 + u1 * (p.y1 - p.y0);
        p.x0 = x0, p.y0 = y0, p.x1 = x1, p.y1 = y1;
      }
      const int r_lo = std::max(row_begin, static_cast<int>(std::floor((grid.max_y - std::max(p.y0, p.y1) - reach) / cell - 0.5)));
      const int r_hi = std::min(row_end - 1, static_cast<int>(std::ceil((grid.max_y - std::min(p.y0, p.y1) + reach) / cell - 0.5)));
      if (r_lo > r_hi) continue;
      const double dx = p.x1 - p.x0, dy = p.y1 - p.y0, len2 = dx * dx + dy * dy;
      const int c_lo = std::max(0, static_cast<int>(std::floor((std::min(p.x0, p.x1) - reach - grid.min_x) / cell - 0.5)));
      const int c_hi = std::min(grid.width - 1, static_cast<int>(std::ceil((std::max(p.x0, p.x1) + reach - grid.min_x) / cell - 0.5)));
      for (int row = r_lo; row <= r_hi; ++row) {
        const double py = grid.max_y - (row + 0.5) * cell - p.y0;
        float* out = value.data() + static_cast<std::size_t>(row) * grid.width;
        for (int col = c_lo; col <= c_hi; ++col) {
          const double px = grid.min_x + (col + 0.5) * cell - p.x0;
          const double u = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.0, 1.0) : 0.0;
          const double ex = px - u * dx, ey = py - u * dy, d2 = ex * ex + ey * ey;
          // Nearer than the cell's distance so far (value + r >= 0): only then the square root.
          const double bound = static_cast<double>(out[col]) + r;
          if (d2 < bound * bound) out[col] = std::max(static_cast<float>(std::sqrt(d2) - r), deepest);
        }
      }
    }
  });
}

// Holes: the outside cells (value > 0) not joined side by side to the raster's edge. Those of
// at most `max_cells` cells become inside (minus one cell), as the exact polygons fill them. The
// outside is taken in runs along the rows, runs of neighbouring rows that share a column joined
// (union-find).
void fill_holes(const Grid& grid, double max_cells, std::vector<float>& value) {
  const int w = grid.width, h = grid.height;
  struct Run {
    int row, c0, c1;  // columns [c0, c1)
  };
  std::vector<Run> runs;
  std::vector<std::size_t> first_run(static_cast<std::size_t>(h) + 1, 0);
  for (int row = 0; row < h; ++row) {
    const float* v = value.data() + static_cast<std::size_t>(row) * w;
    for (int c = 0; c < w;) {
      if (!(v[c] > 0)) {
        ++c;
        continue;
      }
      const int c0 = c;
      while (c < w && v[c] > 0) ++c;
      runs.push_back({row, c0, c});
    }
    first_run[row + 1] = runs.size();
  }
  std::vector<std::size_t> parent(runs.size());
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  auto root = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (int row = 1; row < h; ++row) {
    std::size_t i = first_run[row - 1], j = first_run[row];
    while (i < first_run[row] && j < first_run[row + 1]) {
      if (runs[i].c0 < runs[j].c1 && runs[j].c0 < runs[i].c1) {
        const std::size_t a = root(i), b = root(j);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
      }
      if (runs[i].c1 < runs[j].c1) ++i;
      else ++j;
    }
  }
  std::vector<double> cells(runs.size(), 0.0);
  std::vector<std::uint8_t> edge(runs.size(), 0);
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const Run& run = runs[k];
    const std::size_t top = root(k);
    cells[top] += run.c1 - run.c0;
    if (run.row == 0 || run.row == h - 1 || run.c0 == 0 || run.c1 == w) edge[top] = 1;
  }
  const auto inside = static_cast<float>(-grid.cell);
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const std::size_t top = root(k);
    if (edge[top] || cells[top] > max_cells) continue;
    float* v = value.data() + static_cast<std::size_t>(runs[k].row) * w;
    std::fill(v + runs[k].c0, v + runs[k].c1, inside);
  }
}

}  // namespace

std::vector<DistanceField> isochrone_fields(const RoadGraph& g, const Dijkstra& search, Weight weight,
                                            const std::vector<Snap>& site_snaps, const std::vector<float>& breaks,
                                            const std::vector<ReachedPoint>& points, const IsochroneOptions& o,
                                            std::size_t max_cells) {
  // The segments in chunks side by side, the chunks' pieces then joined in segment order.
  const Id chunk = 65536, chunks = (g.segment_count() + chunk - 1) / chunk;
  std::vector<std::vector<CostedPiece>> parts(chunks);
  tbb::parallel_for(Id{0}, chunks, [&](Id c) {
    reached_spans(
        g, search, weight, site_snaps, breaks, o.access_speed_mps,
        [&](Id s, double t0, double t1, double, const Line& line) {
          const double ax = g.x_m[g.seg_a[s]], ay = g.y_m[g.seg_a[s]], bx = g.x_m[g.seg_b[s]], by = g.y_m[g.seg_b[s]];
          parts[c].push_back({ax + t0 * (bx - ax), ay + t0 * (by - ay), ax + t1 * (bx - ax), ay + t1 * (by - ay),
                              line.c0 + line.slope * t0, line.c0 + line.slope * t1});
        },
        c * chunk, (c + 1) * chunk);
  });
  std::vector<CostedPiece> pieces;
  for (std::vector<CostedPiece>& part : parts) pieces.insert(pieces.end(), part.begin(), part.end());
  const double last = breaks.empty() ? -INFINITY : breaks.back();
  for (const ReachedPoint& p : points) {
    if (!p.snap.ok() || !(p.cost <= last)) continue;
    double sx, sy;
    snapped_xy(g, p.snap, sx, sy);
    pieces.push_back({p.x, p.y, sx, sy, p.cost, p.cost});
  }
  std::vector<DistanceField> out(breaks.size());
  Grid grid;
  grid.cell = o.cell_m > 0 ? o.cell_m : o.buffer_m / 2;
  if (pieces.empty() || !(grid.cell > 0)) return out;
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (const CostedPiece& p : pieces) {
    x0 = std::min({x0, p.x0, p.x1}), x1 = std::max({x1, p.x0, p.x1});
    y0 = std::min({y0, p.y0, p.y1}), y1 = std::max({y1, p.y0, p.y1});
  }
  const double margin = o.buffer_m + 3 * grid.cell;
  grid.min_x = std::floor((x0 - margin) / grid.cell) * grid.cell;
  grid.max_y = std::ceil((y1 + margin) / grid.cell) * grid.cell;
  const double w = std::ceil((x1 + margin - grid.min_x) / grid.cell), h = std::ceil((grid.max_y - (y0 - margin)) / grid.cell);
  if (w * h > static_cast<double>(max_cells)) {
    throw UsageError("--polygons fast: the reached area needs " + std::to_string(static_cast<long long>(w * h)) +
                     " cells of " + shortest(grid.cell) + " m, more than " + std::to_string(max_cells) +
                     "; choose a larger --polygon-cell");
  }
  grid.width = static_cast<int>(w), grid.height = static_cast<int>(h);
  // Break after break, each area the previous one's (holes filled) and the part of the pieces
  // reached between the two breaks: the distance to a union is the smaller distance.
  std::vector<float> disk(static_cast<std::size_t>(grid.width) * grid.height, static_cast<float>(2 * grid.cell));
  std::vector<float> previous;
  const PieceBands bands = piece_bands(pieces, grid, o.buffer_m + grid.cell);
  double lower = -INFINITY;
  for (std::size_t k = 0; k < breaks.size(); ++k) {
    burn(pieces, bands, grid, lower, breaks[k], o, disk);
    if (o.max_hole_m2 > 0) fill_holes(grid, o.max_hole_m2 / (grid.cell * grid.cell), disk);
    lower = breaks[k];
    DistanceField& f = out[k];
    f.min_x = grid.min_x, f.max_y = grid.max_y, f.cell_m = grid.cell, f.width = grid.width, f.height = grid.height;
    if (k + 1 < breaks.size()) f.value = disk;
    else f.value = std::move(disk);  // the last break's raster is not needed again
    // A ring: inside this break's area and outside the previous one's.
    if (o.shape == IsochroneShape::rings && k > 0)
      for (std::size_t i = 0; i < f.value.size(); ++i) f.value[i] = std::max(f.value[i], -previous[i]);
    if (o.shape == IsochroneShape::rings && k + 1 < breaks.size()) previous = disk;
  }
  return out;
}

void polygon_of_rings(const std::vector<std::vector<double>>& rings, IsochronePolygon& out) {
  out.area_m2 = 0;
  out.wkb.clear();
  if (rings.empty()) return;
  Geos geos;
  const GEOSContextHandle_t h = geos.h;
  std::vector<Geom> lines;
  for (std::size_t k = 0; k < rings.size(); ++k) {
    if ((k & 1023) == 0) check_interrupt();
    const std::vector<double>& xy = rings[k];
    const auto count = static_cast<unsigned>(xy.size() / 2);
    if (count < 4) continue;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, count, 2);
    for (unsigned v = 0; v < count; ++v) GEOSCoordSeq_setXY_r(h, seq, v, xy[2 * v], xy[2 * v + 1]);
    Geom line = own(h, GEOSGeom_createLineString_r(h, seq));  // takes the sequence
    if (!line) throw std::runtime_error("GEOS could not make a line of a contour");
    lines.push_back(std::move(line));
  }
  std::vector<const GEOSGeometry*> raw;
  for (const Geom& l : lines) raw.push_back(l.get());
  Geom area = own(h, GEOSPolygonize_valid_r(h, raw.data(), static_cast<unsigned>(raw.size())));
  if (!area) check_interrupt();
  if (!area) throw std::runtime_error("GEOS could not make polygons of the contours");
  area = detail::keep_polygons(h, std::move(area));
  to_wkb(h, area.get(), out);
}

SiteIsochrones site_isochrones(const RoadGraph& g, const Demand& demand, const std::vector<Snap>& demand_snaps,
                               const std::vector<Snap>& site_snaps, const std::vector<float>& breaks,
                               const NetworkCostOptions& cost, const IsochroneOptions& options) {
  SiteIsochrones out;
  if (breaks.empty()) return out;
  StageClock clock;
  Dijkstra search(g.node_count());
  out.nearest = nearest_sites(g, site_snaps, demand_snaps, cost, breaks.back(), &search);
  out.timings.add("search", clock.lap());
  const bool time = cost.weight == Weight::time;
  auto cost_of = [&](Id d) { return time ? out.nearest.time_s[d] : out.nearest.length_m[d]; };
  std::vector<ReachedPoint> points;
  for (Id d = 0; d < demand.size(); ++d) {
    if (out.nearest.site[d] == invalid_id) continue;
    points.push_back({demand.x_m[d], demand.y_m[d], demand_snaps[d], cost_of(d), out.nearest.site[d]});
  }
  IsochroneOptions o = options;
  o.access_speed_mps = cost.access_speed_mps;
  if (o.method == PolygonMethod::fast) {
    if (o.split) throw std::invalid_argument("fast polygons are dissolved only");
    out.fields = isochrone_fields(g, search, cost.weight, site_snaps, breaks, points, o);
    for (std::size_t k = 0; k < breaks.size(); ++k) {
      IsochronePolygon p;
      p.upper = breaks[k];
      p.lower = o.shape == IsochroneShape::rings && k > 0 ? breaks[k - 1] : 0.0f;
      out.polygons.push_back(std::move(p));
    }
  } else {
    out.polygons = isochrones(g, search, cost.weight, site_snaps, breaks, points, o);
  }
  out.timings.add("polygons", clock.lap());
  out.population.assign(out.polygons.size(), 0.0);
  const std::size_t nb = breaks.size();
  for (Id d = 0; d < demand.size(); ++d) {
    const Id site = out.nearest.site[d];
    if (site == invalid_id) continue;
    const float c = cost_of(d);
    const std::size_t base = options.split ? site * nb : 0;
    for (std::size_t k = 0; k < nb; ++k) {
      const IsochronePolygon& p = out.polygons[base + k];
      const bool inside = c <= p.upper && (options.shape == IsochroneShape::disks || k == 0 || c > p.lower);
      if (inside) out.population[base + k] += demand.weight[d];
    }
  }
  return out;
}

TravelTimeSurface travel_time_surface(const RoadGraph& g, const std::vector<Snap>& site_snaps, double min_x,
                                      double min_y, double max_x, double max_y, double cell_m, double max_snap_m,
                                      double access_speed_mps) {
  TravelTimeSurface s;
  s.cell_m = cell_m;
  s.min_x = std::floor(min_x / cell_m) * cell_m;
  s.max_y = std::ceil(max_y / cell_m) * cell_m;
  s.width = std::max(1, static_cast<int>(std::ceil((max_x - s.min_x) / cell_m)));
  s.height = std::max(1, static_cast<int>(std::ceil((s.max_y - min_y) / cell_m)));
  std::vector<double> x, y;
  x.reserve(static_cast<std::size_t>(s.width) * s.height);
  y.reserve(x.capacity());
  for (int r = 0; r < s.height; ++r) {
    for (int c = 0; c < s.width; ++c) {
      x.push_back(s.min_x + (c + 0.5) * cell_m);
      y.push_back(s.max_y - (r + 0.5) * cell_m);
    }
  }
  const SegmentIndex index(g);
  const std::vector<Snap> cells = snap_points(index, x, y, max_snap_m);
  const NearestResult r = nearest_sites(g, site_snaps, cells, {Weight::time, access_speed_mps});
  s.minutes.resize(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    s.minutes[i] = r.site[i] == invalid_id ? NAN : r.time_s[i] / 60.0f;
  }
  return s;
}

}  // namespace lc

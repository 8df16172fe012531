#include "algorithms/network_reach.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

namespace lc {

namespace detail {

namespace {

struct Pair {
  float w = no_passage;  // in the search weight
  float o = no_passage;  // in the other weight
};

// Travelling the whole segment a -> b (or b -> a).
Pair whole_segment(const RoadGraph& g, Id s, bool a_to_b, Weight w) {
  const float t = a_to_b ? g.seg_time_ab_s[s] : g.seg_time_ba_s[s];
  if (t == no_passage) return {};
  const float len = g.seg_length_m[s];
  return w == Weight::time ? Pair{t, len} : Pair{len, t};
}

Pair access(const Snap& p, const NetworkCostOptions& o) {
  const auto t = static_cast<float>(p.offset_m / o.access_speed_mps);
  return o.weight == Weight::time ? Pair{t, p.offset_m} : Pair{p.offset_m, t};
}

bool better(const PointCost& a, const PointCost& b) {
  return a.cost < b.cost || (a.cost == b.cost && a.label < b.label);
}

std::uint32_t bits_of(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

float float_of(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

// Sorts `keys` by their upper 32 bits, which are all different: a radix sort (8 bits a pass) on
// their offsets from the smallest, with `scratch` as the second buffer; std::sort when short.
void sort_by_upper_half(std::vector<std::uint64_t>& keys, std::vector<std::uint64_t>& scratch) {
  if (keys.size() < 64) {
    std::sort(keys.begin(), keys.end());
    return;
  }
  std::uint32_t lo = ~std::uint32_t{0}, hi = 0;
  for (std::uint64_t k : keys) {
    const auto id = static_cast<std::uint32_t>(k >> 32);
    lo = std::min(lo, id), hi = std::max(hi, id);
  }
  const std::uint32_t span = hi - lo;
  scratch.resize(keys.size());
  for (unsigned shift = 0; shift < 32 && (span >> shift) != 0; shift += 8) {
    std::uint32_t at[257] = {};
    for (std::uint64_t k : keys) ++at[((static_cast<std::uint32_t>(k >> 32) - lo) >> shift & 255) + 1];
    for (int b = 0; b < 256; ++b) at[b + 1] += at[b];
    for (std::uint64_t k : keys) scratch[at[(static_cast<std::uint32_t>(k >> 32) - lo) >> shift & 255]++] = k;
    keys.swap(scratch);
  }
}

}  // namespace

void add_site_sources(const RoadGraph& g, const Snap& site, Id label, const NetworkCostOptions& o,
                      std::vector<SearchSource>& out) {
  if (!site.ok()) return;
  const Id s = site.segment;
  const Pair acc = access(site, o);
  // From node a the site lies t of the way along a -> b; from b, (1 - t) of the way along b -> a.
  const Pair ab = whole_segment(g, s, true, o.weight), ba = whole_segment(g, s, false, o.weight);
  if (ab.w != no_passage) out.push_back({g.seg_a[s], site.t * ab.w + acc.w, site.t * ab.o + acc.o, label});
  if (ba.w != no_passage) out.push_back({g.seg_b[s], (1 - site.t) * ba.w + acc.w, (1 - site.t) * ba.o + acc.o, label});
}

PointCost via_segment_ends(const RoadGraph& g, const Dijkstra& search, const Snap& p, const NetworkCostOptions& o) {
  PointCost best;
  if (!p.ok()) return best;
  const Id s = p.segment, a = g.seg_a[s], b = g.seg_b[s];
  const Pair acc = access(p, o);
  // Towards a: the b -> a direction for t of the segment; towards b: a -> b for (1 - t).
  const Pair ba = whole_segment(g, s, false, o.weight), ab = whole_segment(g, s, true, o.weight);
  if (ba.w != no_passage && search.reached(a)) {
    const PointCost c{acc.w + p.t * ba.w + search.cost(a), acc.o + p.t * ba.o + search.other(a), search.label(a)};
    if (better(c, best)) best = c;
  }
  if (ab.w != no_passage && search.reached(b)) {
    const PointCost c{acc.w + (1 - p.t) * ab.w + search.cost(b), acc.o + (1 - p.t) * ab.o + search.other(b),
                      search.label(b)};
    if (better(c, best)) best = c;
  }
  return best;
}

PointCost along_segment(const RoadGraph& g, const Snap& p, const Snap& site, Id label, const NetworkCostOptions& o) {
  if (!p.ok() || p.segment != site.segment) return {};
  const bool towards_b = site.t >= p.t;
  const Pair whole = whole_segment(g, p.segment, towards_b, o.weight);
  if (whole.w == no_passage) return {};
  const float part = towards_b ? site.t - p.t : p.t - site.t;
  const Pair a1 = access(p, o), a2 = access(site, o);
  return {a1.w + part * whole.w + a2.w, a1.o + part * whole.o + a2.o, label};
}

}  // namespace detail

PointsOnSegments PointsOnSegments::build(const RoadGraph& g, const std::vector<Snap>& snaps) {
  PointsOnSegments out;
  out.first.assign(g.segment_count() + 1, 0);
  for (const Snap& s : snaps)
    if (s.ok()) ++out.first[s.segment + 1];
  for (Id i = 0; i < g.segment_count(); ++i) out.first[i + 1] += out.first[i];
  out.point.resize(out.first.back());
  std::vector<Id> fill(out.first.begin(), out.first.end() - 1);
  for (Id d = 0; d < snaps.size(); ++d)
    if (snaps[d].ok()) out.point[fill[snaps[d].segment]++] = d;
  return out;
}

NearestResult nearest_sites(const RoadGraph& g, const std::vector<Snap>& site_snaps,
                            const std::vector<Snap>& demand_snaps, const NetworkCostOptions& options, float limit,
                            Dijkstra* workspace) {
  const std::size_t n = demand_snaps.size();
  NearestResult out;
  out.time_s.assign(n, no_passage);
  out.length_m.assign(n, no_passage);
  out.site.assign(n, invalid_id);

  std::vector<SearchSource> sources;
  std::vector<std::pair<Id, Id>> site_on_segment;  // (segment, site), sorted
  for (Id f = 0; f < site_snaps.size(); ++f) {
    detail::add_site_sources(g, site_snaps[f], f, options, sources);
    if (site_snaps[f].ok()) site_on_segment.emplace_back(site_snaps[f].segment, f);
  }
  std::sort(site_on_segment.begin(), site_on_segment.end());
  Dijkstra local;
  Dijkstra& search = workspace ? *workspace : local;
  search.run(g, Direction::towards_sources, options.weight, sources, limit);

  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 4096), [&](const tbb::blocked_range<std::size_t>& r) {
    check_interrupt();
    for (std::size_t d = r.begin(); d != r.end(); ++d) {
      const Snap& p = demand_snaps[d];
      detail::PointCost best = detail::via_segment_ends(g, search, p, options);
      if (p.ok()) {
        auto it = std::lower_bound(site_on_segment.begin(), site_on_segment.end(), std::make_pair(p.segment, Id{0}));
        for (; it != site_on_segment.end() && it->first == p.segment; ++it) {
          const detail::PointCost c = detail::along_segment(g, p, site_snaps[it->second], it->second, options);
          if (c.cost < best.cost || (c.cost == best.cost && c.label < best.label)) best = c;
        }
      }
      if (best.cost > limit) continue;
      const bool time = options.weight == Weight::time;
      out.time_s[d] = time ? best.cost : best.other;
      out.length_m[d] = time ? best.other : best.cost;
      out.site[d] = best.label;
    }
  });
  return out;
}

Reach network_catchments(const RoadGraph& g, const std::vector<Snap>& site_snaps,
                         const std::vector<Snap>& demand_snaps, const PointsOnSegments& on_segments,
                         const NetworkCostOptions& options, float limit) {
  const Id n_sites = static_cast<Id>(site_snaps.size());
  std::vector<std::vector<std::pair<Id, float>>> per_site(n_sites);

  struct Workspace {
    Dijkstra search;
    std::vector<SearchSource> sources;
    std::vector<std::uint32_t> seg_stamp;
    std::uint32_t now = 0;
    std::vector<std::uint64_t> hits, scratch;  // (demand id << 32) | the cost's bits
  };
  tbb::enumerable_thread_specific<Workspace> workspaces([&] {
    return Workspace{Dijkstra(g.node_count()), {}, std::vector<std::uint32_t>(g.segment_count(), 0), 0, {}, {}};
  });

  // The sites searched in the order of their segments' first nodes (the graph numbers its nodes
  // in spatial order), so that the searches one thread runs in turn touch neighbouring parts of
  // the graph and of the points' arrays. Each site's list is its own: the order changes no result.
  std::vector<Id> order;
  order.reserve(n_sites);
  for (Id f = 0; f < n_sites; ++f)
    if (site_snaps[f].ok()) order.push_back(f);
  std::sort(order.begin(), order.end(), [&](Id f1, Id f2) {
    const Id v1 = g.seg_a[site_snaps[f1].segment], v2 = g.seg_a[site_snaps[f2].segment];
    return v1 < v2 || (v1 == v2 && f1 < f2);
  });

  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, order.size(), 8), [&](const tbb::blocked_range<std::size_t>& r) {
    Workspace& ws = workspaces.local();
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      check_interrupt();
      const Id f = order[i];
      const Snap& site = site_snaps[f];
      ws.sources.clear();
      detail::add_site_sources(g, site, f, options, ws.sources);
      ws.search.run(g, Direction::towards_sources, options.weight, ws.sources, limit);
      if (++ws.now == 0) {
        std::fill(ws.seg_stamp.begin(), ws.seg_stamp.end(), 0);
        ws.now = 1;
      }
      ws.hits.clear();
      // The points on segment s: the cost of via_segment_ends, or of along_segment when the site
      // is on s and that is cheaper (the same sums, term for term), each segment's values read
      // once for all its points. Only the cost is kept, and every route has the site's label.
      auto visit_segment = [&](Id s) {
        if (ws.seg_stamp[s] == ws.now) return;
        ws.seg_stamp[s] = ws.now;
        const Id k0 = on_segments.first[s], k1 = on_segments.first[s + 1];
        if (k0 == k1) return;
        const Id a = g.seg_a[s], b = g.seg_b[s];
        const float ba = detail::whole_segment(g, s, false, options.weight).w;
        const float ab = detail::whole_segment(g, s, true, options.weight).w;
        const bool via_a = ba != no_passage && ws.search.reached(a), via_b = ab != no_passage && ws.search.reached(b);
        const float at_a = ws.search.cost(a), at_b = ws.search.cost(b);
        const bool with_site = s == site.segment;
        const float site_access = detail::access(site, options).w;
        for (Id k = k0; k < k1; ++k) {
          const Id d = on_segments.point[k];
          const Snap& p = demand_snaps[d];
          const float acc = detail::access(p, options).w;
          float c = no_passage;
          if (via_a) c = acc + p.t * ba + at_a;
          if (via_b) {
            const float cb = acc + (1 - p.t) * ab + at_b;
            if (cb < c) c = cb;
          }
          if (with_site) {
            const bool towards_b = site.t >= p.t;
            const float whole = towards_b ? ab : ba;
            if (whole != no_passage) {
              const float part = towards_b ? site.t - p.t : p.t - site.t;
              const float direct = acc + part * whole + site_access;
              if (direct < c) c = direct;
            }
          }
          if (c <= limit) ws.hits.push_back(std::uint64_t{d} << 32 | detail::bits_of(c));
        }
      };
      visit_segment(site.segment);  // points beside the site may reach it even if no node is reached
      for (Id v : ws.search.settled()) {
        for (Id k = g.first_seg_at[v]; k < g.first_seg_at[v + 1]; ++k) visit_segment(g.seg_at[k]);
      }
      // A point is listed once (its segment is visited once), so this is the order by demand id.
      detail::sort_by_upper_half(ws.hits, ws.scratch);
      auto& hits = per_site[f];
      hits.reserve(ws.hits.size());
      for (std::uint64_t h : ws.hits)
        hits.emplace_back(static_cast<Id>(h >> 32), detail::float_of(static_cast<std::uint32_t>(h)));
    }
  });

  return Reach::from_site_lists(per_site, static_cast<Id>(demand_snaps.size()), limit,
                                options.weight == Weight::time ? CostUnit::seconds : CostUnit::metres);
}

}  // namespace lc

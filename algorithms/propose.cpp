#include "algorithms/propose.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <functional>
#include <stdexcept>

#include <geos_c.h>

#include "algorithms/coverage.hpp"
#include "algorithms/network_reach.hpp"
#include "algorithms/road_graph.hpp"

namespace lc {

ProposeResult propose_sites(const Demand& demand, const Facilities& facilities, const RoadGraph* graph,
                            const ProposeOptions& options) {
  ProposalSites sites = proposal_sites(demand, facilities, options);
  if (sites.result.groups_unmet) return std::move(sites.result);
  std::vector<Id> unsnapped;
  sites.input.reach = proposal_reach(sites.x, sites.y, demand, graph, options, sites.input.candidate, unsnapped);
  for (Id s : unsnapped) sites.result.candidates_unsnapped.push_back(sites.result.site_facility[s]);
  return solve_proposal(std::move(sites), demand, options);
}

ProposalSites proposal_sites(const Demand& demand, const Facilities& facilities, const ProposeOptions& options) {
  ProposalSites sites;
  ProposeResult& out = sites.result;
  SitingInput& in = sites.input;
  std::vector<double>& sx = sites.x;
  std::vector<double>& sy = sites.y;
  std::vector<double> cx, cy;
  std::vector<Id> cand;
  for (Id f = 0; f < facilities.size(); ++f) {
    if (facilities.category[f] == options.category && facilities.status[f] == FacilityStatus::candidate) {
      cand.push_back(f);
      cx.push_back(facilities.x_m[f]);
      cy.push_back(facilities.y_m[f]);
    }
  }
  std::vector<std::uint8_t> open_to_sites(facilities.size(), 1);
  if (!options.exclusions.empty()) {
    std::vector<std::uint8_t> keep(cand.size(), 0);
    for (Id k : outside_polygons(cx, cy, options.exclusions)) keep[k] = 1;
    for (std::size_t k = 0; k < cand.size(); ++k) {
      if (!keep[k]) {
        open_to_sites[cand[k]] = 0;
        ++out.candidates_excluded;
      }
    }
  }
  for (Id f = 0; f < facilities.size(); ++f) {
    if (facilities.category[f] != options.category || !open_to_sites[f]) continue;
    const FacilityStatus st = facilities.status[f];
    out.site_facility.push_back(f);
    sx.push_back(facilities.x_m[f]);
    sy.push_back(facilities.y_m[f]);
    const bool candidate = st == FacilityStatus::candidate;
    in.fixed.push_back(candidate ? 0 : 1);
    in.candidate.push_back(candidate ? 1 : 0);
    if (candidate) ++out.candidates;
    else if (st == FacilityStatus::competitor) ++out.competitors;
    else ++out.existing;
    if (!options.capacity_attribute.empty() || !options.existing_capacity_attribute.empty()) {
      const std::string& key = candidate ? options.capacity_attribute : options.existing_capacity_attribute;
      const double c = key.empty() ? NAN : facilities.attribute(key, f);
      in.capacity.push_back(std::isfinite(c) ? c / options.places_per_person : INFINITY);
    }
  }
  in.weight = demand.weight;
  if (options.group_min > 0 && !options.facility_group.empty()) {
    out.group_min = options.group_min;
    out.group_existing.assign(options.group_count, 0);
    out.group_candidates.assign(options.group_count, 0);
    out.group_selected.assign(options.group_count, 0);
    in.site_group.assign(out.site_facility.size(), invalid_id);
    in.group_min.assign(options.group_count, options.group_min);
    for (Id s = 0; s < out.site_facility.size(); ++s) {
      const Id f = out.site_facility[s];
      const Id g = options.facility_group[f];
      if (g == invalid_id || facilities.status[f] == FacilityStatus::competitor) continue;
      in.site_group[s] = g;
      ++(in.candidate[s] ? out.group_candidates[g] : out.group_existing[g]);
    }
    for (Id g = 0; g < options.group_count; ++g) {
      const std::uint32_t need = options.group_min > out.group_existing[g] ? options.group_min - out.group_existing[g] : 0;
      out.group_need += need;
      if (need > out.group_candidates[g]) out.groups_unmet = true;
    }
    const bool bounded = options.siting.model != SitingModel::lscp;
    if (bounded && out.group_need > options.siting.add) out.groups_unmet = true;
  }
  return sites;
}

Reach proposal_reach(const std::vector<double>& x, const std::vector<double>& y, const Demand& demand, const RoadGraph* graph,
                     const ProposeOptions& options, const std::vector<std::uint8_t>& candidate, std::vector<Id>& unsnapped) {
  const double limit = cost_horizon(options.siting.model, options.within.value, NAN);
  if (options.within.mode == TravelMode::distance) return distance_reach(x, y, demand, limit);
  if (!graph) throw std::invalid_argument("proposal_reach: a network mode needs the road graph");
  const SegmentIndex index(*graph);
  const std::vector<Snap> dsnap = snap_points(index, demand.x_m, demand.y_m, options.max_snap_m);
  const std::vector<Snap> ssnap = snap_points(index, x, y, options.max_snap_m);
  for (Id s = 0; s < ssnap.size(); ++s) {
    if (!ssnap[s].ok() && s < candidate.size() && candidate[s]) unsnapped.push_back(s);
  }
  const NetworkCostOptions cost{options.within.by_time() ? Weight::time : Weight::length, options.access_speed_mps};
  return network_catchments(*graph, ssnap, dsnap, PointsOnSegments::build(*graph, dsnap), cost, static_cast<float>(limit));
}

std::vector<Id> unsnapped_sites(const std::vector<double>& x, const std::vector<double>& y, const RoadGraph& graph,
                                const ProposeOptions& options, const std::vector<std::uint8_t>& candidate) {
  const SegmentIndex index(graph);
  const std::vector<Snap> snaps = snap_points(index, x, y, options.max_snap_m);
  std::vector<Id> out;
  for (Id s = 0; s < snaps.size(); ++s) {
    if (!snaps[s].ok() && s < candidate.size() && candidate[s]) out.push_back(s);
  }
  return out;
}

ProposeResult solve_proposal(ProposalSites sites, const Demand& demand, const ProposeOptions& options) {
  ProposeResult out = std::move(sites.result);
  const SitingInput& in = sites.input;
  const std::vector<double>& sx = sites.x;
  const std::vector<double>& sy = sites.y;
  const bool costs = options.siting.model == SitingModel::pmedian || options.siting.model == SitingModel::pcenter;
  out.siting = solve_siting(in, options.siting);
  if (costs && options.within.mode == TravelMode::distance) {
    // Straight-line costs again in double precision (the Reach holds them in single).
    exact_cost_objectives(in, [&](Id s, Id k) {
      const Id d = in.reach.demand[k];
      return std::hypot(sx[s] - demand.x_m[d], sy[s] - demand.y_m[d]);
    }, options.siting.model, out.siting);
  }
  // (Capacitated p-median: the weight served, as the model assigns it.)
  if (costs && in.capacity.empty()) covered_within_threshold(in, out.siting, options.within.value);
  for (Id s : out.siting.selected) {
    out.selected_facility.push_back(out.site_facility[s]);
    if (!in.site_group.empty() && in.site_group[s] != invalid_id) ++out.group_selected[in.site_group[s]];
  }
  return out;
}

double weight_within(const Reach& reach, const std::vector<std::uint8_t>& open, const std::vector<double>& weight,
                     double limit) {
  std::vector<std::uint8_t> covered(reach.n_demand, 0);
  for (Id s = 0; s < reach.n_sites; ++s) {
    if (!open[s]) continue;
    for (Id k = reach.first[s]; k < reach.first[s + 1]; ++k)
      if (reach.cost[k] <= limit) covered[reach.demand[k]] = 1;
  }
  double sum = 0.0;
  for (Id d = 0; d < reach.n_demand; ++d) sum += covered[d] ? weight[d] : 0.0;
  return sum;
}

void covered_within_threshold(const SitingInput& in, SitingResult& r, double limit) {
  std::vector<std::uint8_t> open(in.reach.n_sites, 0);
  for (Id s = 0; s < in.reach.n_sites; ++s) open[s] = !in.fixed.empty() && in.fixed[s];
  r.covered_weight_before = weight_within(in.reach, open, in.weight, limit);
  for (Id s : r.selected) open[s] = 1;
  r.covered_weight = weight_within(in.reach, open, in.weight, limit);
}

Reach reach_from_pairs(Id n_sites, Id n_demand, const std::vector<Id>& site, const std::vector<Id>& demand,
                       const std::vector<double>& cost, double threshold, std::vector<double>* exact_cost) {
  std::vector<std::size_t> order;
  for (std::size_t k = 0; k < site.size(); ++k)
    if (cost[k] <= threshold) order.push_back(k);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return site[a] != site[b] ? site[a] < site[b] : demand[a] < demand[b];
  });
  Reach r;
  r.n_sites = n_sites;
  r.n_demand = n_demand;
  r.threshold = threshold;
  r.first.assign(n_sites + 1, 0);
  for (std::size_t k : order) ++r.first[site[k] + 1];
  for (Id s = 0; s < n_sites; ++s) r.first[s + 1] += r.first[s];
  if (exact_cost) exact_cost->clear();
  for (std::size_t k : order) {
    r.demand.push_back(demand[k]);
    r.cost.push_back(static_cast<float>(cost[k]));
    if (exact_cost) exact_cost->push_back(cost[k]);
  }
  return r;
}

double cost_horizon(SitingModel model, double threshold, double largest_cost) {
  const bool costs = model == SitingModel::pmedian || model == SitingModel::pcenter;
  if (!std::isfinite(threshold)) return largest_cost;
  return costs ? threshold * cost_horizon_factor : threshold;
}

SitingInput siting_input(Reach reach, std::vector<double> weight, std::vector<std::uint8_t> fixed,
                         std::vector<std::uint8_t> candidate, std::vector<double> capacity) {
  SitingInput in;
  in.reach = std::move(reach);
  in.weight = std::move(weight);
  in.fixed = std::move(fixed);
  in.candidate = std::move(candidate);
  in.capacity = std::move(capacity);
  return in;
}

namespace {

// The bound was proven on the single-precision costs: a proven optimum's is its objective, and
// no bound is stated above the objective (rounding); the gap follows.
void settle_bound(SitingResult& r) {
  if (r.proven_optimal || (std::isfinite(r.bound) && r.bound > r.objective)) r.bound = r.objective;
  if (std::isfinite(r.bound)) {
    const double diff = std::abs(r.objective - r.bound);
    r.gap = r.objective != 0 ? diff / std::abs(r.objective) : (diff == 0 ? 0.0 : std::numeric_limits<double>::infinity());
  }
}

}  // namespace

void exact_cost_objectives(const SitingInput& in, const std::function<double(Id site, Id pair)>& cost, SitingModel model,
                           SitingResult& r) {
  if (model != SitingModel::pmedian && model != SitingModel::pcenter) return;
  const Reach& reach = in.reach;
  const double unreached = r.unreached_cost;
  if (model == SitingModel::pmedian && !in.capacity.empty()) {
    // Capacitated: each figure is an assignment LP of its own.
    const std::vector<double> after = capacitated_median_costs(in, unreached, r.selected, cost, r.covered_weight);
    r.objective_before = after.front();
    r.objective_after.assign(after.begin() + 1, after.end());
    for (std::size_t t = 0; t < r.selected.size() && t < r.marginal.size(); ++t) r.marginal[t] = after[t] - after[t + 1];
    r.objective = after.back();
    settle_bound(r);
    return;
  }
  auto role = [](const std::vector<std::uint8_t>& v, Id s, bool empty_means) { return v.empty() ? empty_means : v[s] != 0; };
  // Coverable: reached by a fixed or a candidate site; each at its cheapest open site, capped.
  std::vector<std::uint8_t> coverable(reach.n_demand, 0);
  std::vector<double> best(reach.n_demand, unreached);
  auto open = [&](Id s) {
    for (Id k = reach.first[s]; k < reach.first[s + 1]; ++k) {
      const Id d = reach.demand[k];
      best[d] = std::min(best[d], std::min(cost(s, k), unreached));
    }
  };
  for (Id s = 0; s < reach.n_sites; ++s) {
    const bool fixed = role(in.fixed, s, false);
    if (!fixed && !role(in.candidate, s, true)) continue;
    for (Id k = reach.first[s]; k < reach.first[s + 1]; ++k) coverable[reach.demand[k]] = 1;
    if (fixed) open(s);
  }
  auto objective = [&] {
    double total = 0.0;
    for (Id d = 0; d < reach.n_demand; ++d) {
      if (!coverable[d]) continue;
      total = model == SitingModel::pcenter ? std::max(total, best[d]) : total + in.weight[d] * best[d];
    }
    return total;
  };
  r.objective_before = objective();
  r.objective_after.clear();
  double previous = r.objective_before;
  for (std::size_t t = 0; t < r.selected.size(); ++t) {
    open(r.selected[t]);
    const double now = objective();
    if (t < r.marginal.size()) r.marginal[t] = previous - now;
    r.objective_after.push_back(now);
    previous = now;
  }
  r.objective = previous;
  settle_bound(r);
}

void append_candidates(Facilities& facilities, CategoryId category, const std::vector<double>& x,
                       const std::vector<double>& y, const std::string& prefix) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    facilities.push_back(x[i], y[i], category, prefix + std::to_string(i), "", FacilityStatus::candidate);
    for (auto& [key, column] : facilities.attributes) column.push_back(NAN);
  }
}

double grid_candidate_count(const Demand& demand, double cell_m) {
  if (demand.size() == 0) return 0.0;
  const auto [x0, x1] = std::minmax_element(demand.x_m.begin(), demand.x_m.end());
  const auto [y0, y1] = std::minmax_element(demand.y_m.begin(), demand.y_m.end());
  return (std::floor(*x1 / cell_m) - std::floor(*x0 / cell_m) + 1) * (std::floor(*y1 / cell_m) - std::floor(*y0 / cell_m) + 1);
}

void grid_candidates(const Demand& demand, double cell_m, std::vector<double>& x, std::vector<double>& y) {
  if (demand.size() == 0) return;
  const auto [x0, x1] = std::minmax_element(demand.x_m.begin(), demand.x_m.end());
  const auto [y0, y1] = std::minmax_element(demand.y_m.begin(), demand.y_m.end());
  const double gx0 = std::floor(*x0 / cell_m), gy0 = std::floor(*y0 / cell_m);
  const double gx1 = std::floor(*x1 / cell_m), gy1 = std::floor(*y1 / cell_m);
  for (double j = gy0; j <= gy1; ++j) {
    for (double i = gx0; i <= gx1; ++i) {
      x.push_back((i + 0.5) * cell_m);
      y.push_back((j + 0.5) * cell_m);
    }
  }
}

void junction_candidates(const RoadGraph& graph, std::vector<double>& x, std::vector<double>& y) {
  for (Id v = 0; v < graph.node_count(); ++v) {
    const Id degree = graph.first_seg_at[v + 1] - graph.first_seg_at[v];
    if (degree == 2) continue;
    x.push_back(graph.x_m[v]);
    y.push_back(graph.y_m[v]);
  }
}

std::vector<Id> outside_polygons(const std::vector<double>& x, const std::vector<double>& y,
                                 const std::vector<std::vector<unsigned char>>& polygons_wkb) {
  std::vector<Id> keep;
  GEOSContextHandle_t h = GEOS_init_r();
  GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
  std::vector<GEOSGeometry*> polys;
  std::vector<const GEOSPreparedGeometry*> prepared;
  for (const auto& wkb : polygons_wkb) {
    GEOSGeometry* g = GEOSWKBReader_read_r(h, reader, wkb.data(), wkb.size());
    if (!g) continue;
    polys.push_back(g);
    prepared.push_back(GEOSPrepare_r(h, g));
  }
  GEOSWKBReader_destroy_r(h, reader);
  for (Id i = 0; i < x.size(); ++i) {
    GEOSGeometry* p = GEOSGeom_createPointFromXY_r(h, x[i], y[i]);
    const bool inside = std::any_of(prepared.begin(), prepared.end(),
                                    [&](const GEOSPreparedGeometry* pg) { return GEOSPreparedIntersects_r(h, pg, p) == 1; });
    GEOSGeom_destroy_r(h, p);
    if (!inside) keep.push_back(i);
  }
  for (const GEOSPreparedGeometry* pg : prepared) GEOSPreparedGeom_destroy_r(h, pg);
  for (GEOSGeometry* g : polys) GEOSGeom_destroy_r(h, g);
  GEOS_finish_r(h);
  return keep;
}

}  // namespace lc

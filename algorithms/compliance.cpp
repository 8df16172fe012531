#include "algorithms/compliance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>
#include <tuple>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "algorithms/access.hpp"
#include "algorithms/coverage.hpp"
#include "algorithms/district_assign.hpp"
#include "algorithms/equity.hpp"
#include "algorithms/network_reach.hpp"
#include "algorithms/point_index.hpp"
#include "algorithms/road_graph.hpp"
#include "core/interrupt.hpp"

namespace lc {

namespace {

// Whole units still missing (a tiny tolerance keeps 37.0000001 at 37).
double whole(double v) { return v <= 1e-9 ? 0.0 : std::ceil(v - 1e-9); }

bool meets(double v, double t, const std::string& cmp) {
  const double eps = 1e-9 * std::max(1.0, std::fabs(t));
  if (cmp == ">=") return v >= t - eps;
  if (cmp == ">") return v > t + eps;
  if (cmp == "<=") return v <= t + eps;
  return v < t - eps;  // "<"
}

bool wants_more(const std::string& cmp) { return cmp == ">=" || cmp == ">"; }

// --- scopes ------------------------------------------------------------------------------------

// Demand points and facilities partitioned into slots: 0..n-1 the districts, n outside them.
struct Scopes {
  Id n = 0;
  const std::vector<Id>* demand_district = nullptr;
  const std::vector<Id>* facility_district = nullptr;
  bool has_outside = false;
  // Per slot, whether the rule applies there (Rule::applies_to); empty: everywhere.
  std::vector<char> selected;

  std::size_t slots() const { return static_cast<std::size_t>(n) + 1; }
  bool in_scope(std::size_t slot) const { return selected.empty() || selected[slot] != 0; }
  // Whether a verdict row is judged: a selected district, or overall when any slot is selected.
  bool chosen(Id row) const {
    if (row != overall_district) return in_scope(slot(row));
    return selected.empty() || std::find(selected.begin(), selected.end(), 1) != selected.end();
  }
  std::size_t slot(Id d) const { return d == outside_districts ? n : d; }
  std::size_t demand_slot(Id i) const { return slot((*demand_district)[i]); }
  std::size_t facility_slot(Id f) const { return slot((*facility_district)[f]); }
  // The verdict rows of a rule, in report order: overall, districts, outside (when any).
  std::vector<Id> rows() const {
    std::vector<Id> r{overall_district};
    for (Id d = 0; d < n; ++d) r.push_back(d);
    if (has_outside) r.push_back(outside_districts);
    return r;
  }
};

// Per-slot sums plus the overall sum (added in slot order, so districts add up to it).
struct Sums {
  std::vector<double> slot;
  explicit Sums(std::size_t slots) : slot(slots, 0.0) {}
  double at(const Scopes& s, Id row) const {
    if (row != overall_district) return slot[s.slot(row)];
    double t = 0;
    for (std::size_t k = 0; k < slot.size(); ++k) t += s.in_scope(k) ? slot[k] : 0.0;
    return t;
  }
};

// Every facility of a category that counts in the plan, ascending.
std::vector<Id> plan_sites(const Facilities& f, CategoryId c) {
  std::vector<Id> out;
  for (Id i : f.of_category(c)) {
    if (counts_in_plan(f.status[i])) out.push_back(i);
  }
  return out;
}

// --- travel costs ------------------------------------------------------------------------------

struct ModeNetwork {
  const RoadGraph* graph = nullptr;
  std::unique_ptr<SegmentIndex> index;
  std::vector<Snap> demand_snaps, facility_snaps;
  std::unique_ptr<PointsOnSegments> on_segments;
};

// Nearest plan facility of a category from every demand point, by one mode and weight.
struct Nearest {
  std::vector<float> cost;   // metres or seconds; infinity when none
  std::vector<Id> facility;  // facility id; invalid_id when none
};

// The network weight a threshold is measured in: time for seconds, length for metres.
Weight weight_of(const Threshold& t) { return t.by_time() ? Weight::time : Weight::length; }

class Engine {
 public:
  // `wanted`: the demand points whose nearest facility is found (empty: all; the others have none).
  Engine(const Facilities& fac, const Demand& dem, const CheckOptions& o, const std::vector<std::uint8_t>& wanted)
      : facilities_(fac), demand_(dem), options_(o), wanted_(wanted) {}

  // `only_with`: only the facilities whose value of that attribute is above 0 (empty: all).
  const Nearest& nearest(CategoryId c, const Threshold& t, const std::string& only_with = {}) {
    const Weight weight = weight_of(t);
    const auto key = std::make_tuple(c, t.mode, weight, only_with);
    auto it = nearest_.find(key);
    if (it != nearest_.end()) return it->second;
    Nearest out;
    std::vector<Id> sites = plan_sites(facilities_, c);
    if (!only_with.empty()) {
      sites.erase(std::remove_if(sites.begin(), sites.end(),
                                 [&](Id f) { return !(facilities_.attribute(only_with, f) > 0.0); }),
                  sites.end());
    }
    const Id n = demand_.size();
    if (t.mode == TravelMode::distance) {
      out.cost.assign(n, std::numeric_limits<float>::infinity());
      out.facility.assign(n, invalid_id);
      if (!sites.empty()) {
        const PointIndex index(facilities_.x_m, facilities_.y_m, sites);
        tbb::parallel_for(tbb::blocked_range<Id>(0, n, 2048), [&](const tbb::blocked_range<Id>& r) {
          check_interrupt();
          for (Id i = r.begin(); i != r.end(); ++i) {
            if (!wanted_.empty() && !wanted_[i]) continue;
            std::size_t k = 0;
            double d2 = 0;
            if (index.nearest(demand_.x_m[i], demand_.y_m[i], k, d2)) {
              out.cost[i] = static_cast<float>(std::sqrt(d2));
              out.facility[i] = index.id(k);
            }
          }
        });
      }
    } else {
      ModeNetwork& net = network(t.mode);
      std::vector<Snap> site_snaps;
      for (Id f : sites) site_snaps.push_back(net.facility_snaps[f]);
      const NetworkCostOptions cost{weight, options_.access_speed_mps};
      NearestResult r = nearest_sites(*net.graph, site_snaps, net.demand_snaps, cost);
      out.cost = weight == Weight::time ? std::move(r.time_s) : std::move(r.length_m);
      out.facility.resize(n);
      for (Id i = 0; i < n; ++i) out.facility[i] = r.site[i] == invalid_id ? invalid_id : sites[r.site[i]];
    }
    return nearest_.emplace(key, std::move(out)).first->second;
  }

  // The demand points within the threshold of every site (ids into Facilities), as a Reach.
  Reach reach(const std::vector<Id>& sites, const Threshold& t) {
    if (t.mode == TravelMode::distance) {
      std::vector<double> sx, sy;
      for (Id f : sites) sx.push_back(facilities_.x_m[f]), sy.push_back(facilities_.y_m[f]);
      return distance_reach(sx, sy, demand_, t.value);
    }
    ModeNetwork& net = network(t.mode);
    std::vector<Snap> site_snaps;
    for (Id f : sites) site_snaps.push_back(net.facility_snaps[f]);
    const NetworkCostOptions cost{weight_of(t), options_.access_speed_mps};
    return network_catchments(*net.graph, site_snaps, net.demand_snaps, *net.on_segments, cost,
                              static_cast<float>(t.value));
  }

 private:
  ModeNetwork& network(TravelMode mode) {
    ModeNetwork& net = networks_[mode];
    if (net.graph) return net;
    net.graph = mode == TravelMode::walk    ? options_.walk_graph
                : mode == TravelMode::drive ? options_.drive_graph
                                            : nullptr;
    if (!net.graph) {
      const std::string m = to_string(mode);
      throw std::invalid_argument("rules in " + m + " mode need the " + m + " road network");
    }
    net.index = std::make_unique<SegmentIndex>(*net.graph);
    net.demand_snaps = snap_points(*net.index, demand_.x_m, demand_.y_m, options_.max_snap_m);
    net.facility_snaps = snap_points(*net.index, facilities_.x_m, facilities_.y_m, options_.max_snap_m);
    net.on_segments = std::make_unique<PointsOnSegments>(PointsOnSegments::build(*net.graph, net.demand_snaps));
    return net;
  }

  const Facilities& facilities_;
  const Demand& demand_;
  const CheckOptions& options_;
  const std::vector<std::uint8_t>& wanted_;
  std::map<std::tuple<CategoryId, TravelMode, Weight, std::string>, Nearest> nearest_;
  std::map<TravelMode, ModeNetwork> networks_;
};

// --- evaluation --------------------------------------------------------------------------------

struct Context {
  const RuleSet& rules;
  const Categories& categories;
  const Facilities& facilities;
  const Demand& demand;
  const Districts& districts;
  const CheckOptions& options;
  const Scopes& scopes;
  const RulePoints& points;  // the rule's measures at the demand points (check_points)
};

// What the measures at the demand points are computed from (check_points).
struct PointContext {
  const RuleSet& rules;
  const Categories& categories;
  const Facilities& facilities;
  const Demand& demand;
  const CheckOptions& options;
  const std::vector<Id>& demand_district;
  const std::vector<std::uint8_t>& points_wanted;  // empty: all
  const std::vector<std::uint8_t>& sites_counted;  // empty: all
  Engine& engine;

  bool wanted(Id i) const { return points_wanted.empty() || points_wanted[i] != 0; }
  // The plan sites of a category whose catchments are counted.
  std::vector<Id> sites(CategoryId cat) const {
    std::vector<Id> out = plan_sites(facilities, cat);
    if (!sites_counted.empty()) {
      out.erase(std::remove_if(out.begin(), out.end(), [&](Id f) { return !sites_counted[f]; }), out.end());
    }
    return out;
  }
  // A (district, facility) pair of a wanted point, the previous one not repeated.
  void touch(std::vector<std::pair<Id, Id>>& pairs, Id i, Id f) const {
    if (!wanted(i)) return;
    const std::pair<Id, Id> df{demand_district[i], f};
    if (pairs.empty() || pairs.back() != df) pairs.push_back(df);
  }
};

// The pairs ascending, each once.
void sort_unique(std::vector<std::pair<Id, Id>>& pairs) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
}

void copy_nearest(const Nearest& n, RulePoints& p) {
  p.nearest_cost = n.cost;
  p.nearest_facility = n.facility;
}

// The plan sites of a category without a value of `attribute` (counted as 0 by the measures).
std::size_t without_value(const Facilities& f, const std::vector<Id>& sites, const std::string& attribute) {
  std::size_t n = 0;
  for (Id s : sites) n += std::isfinite(f.attribute(attribute, s)) ? 0 : 1;
  return n;
}

// The (slot, facility) pairs of a rule's (district, facility) pairs.
std::vector<std::pair<std::size_t, Id>> slot_pairs(const Context& c) {
  std::vector<std::pair<std::size_t, Id>> out;
  out.reserve(c.points.touching.size());
  for (const auto& [d, f] : c.points.touching) out.emplace_back(c.scopes.slot(d), f);
  return out;
}

Verdict blank(std::size_t rule, Id row, VerdictReason reason) {
  Verdict v;
  v.rule = rule;
  v.district = row;
  v.reason = reason;
  return v;
}

// The threshold a rule's verdicts show when there is no measure.
double shown_threshold(const Rule& r) {
  if (r.kind == RuleKind::access || r.kind == RuleKind::accessibility_2sfca || r.kind == RuleKind::accessibility) {
    return r.min_share;
  }
  return r.kind == RuleKind::presence ? 1.0 : r.threshold;
}

// A row the rule's applies_to leaves out.
Verdict not_selected(const Rule& r, std::size_t rule, Id row) {
  Verdict v = blank(rule, row, VerdictReason::not_selected);
  v.threshold = shown_threshold(r);
  return v;
}

// The verdict of a comparison: passed or failed.
VerdictReason judged(bool pass) { return pass ? VerdictReason::passed : VerdictReason::failed; }

// The rule's threshold (resolved by the caller), recorded in its run.
const Threshold& used_threshold(const Context& c, std::size_t ri, RuleRun& run) {
  const Threshold& t = c.options.thresholds[ri];
  run.mode = t.mode;
  (t.by_time() ? run.within_s : run.within_m) = t.value;
  return t;
}

// A verdict on the share of `demand` that is `ok` against `min_share`: value, pass and the people
// short (estimates: rounded to the nearest person, at least 1 when failing). Not applicable where
// nobody lives.
Verdict share_verdict(std::size_t ri, Id row, double min_share, double demand, double ok, const std::string& basis) {
  Verdict v = blank(ri, row, VerdictReason::no_demand);
  v.threshold = min_share;
  v.demand = demand;
  v.shortfall_unit = basis;
  if (!(demand > 0)) return v;
  v.value = ok / demand;
  v.demand_met = ok;
  v.pass = meets(v.value, min_share, ">=");
  v.reason = judged(*v.pass);
  if (!*v.pass) v.shortfall = std::max(1.0, std::round(min_share * demand - ok));
  return v;
}

// Unique facility ids per slot from (slot, facility) pairs.
std::vector<std::vector<Id>> facilities_by_slot(std::vector<std::pair<std::size_t, Id>> pairs, std::size_t slots) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<std::vector<Id>> out(slots);
  for (const auto& [s, f] : pairs) out[s].push_back(f);
  return out;
}

// The ids of the slots in scope, merged.
std::vector<Id> merged(const Scopes& scopes, const std::vector<std::vector<Id>>& per_slot) {
  std::vector<Id> all;
  for (std::size_t k = 0; k < per_slot.size(); ++k) {
    if (scopes.in_scope(k)) all.insert(all.end(), per_slot[k].begin(), per_slot[k].end());
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

void evaluate_access(const Context& c, std::size_t ri, RuleRun& run, std::vector<Verdict>& out) {
  const Rule& r = c.rules.rules[ri];
  const CategoryId cat = c.categories.find(r.category);
  const Threshold& t = used_threshold(c, ri, run);
  const RulePoints& near = c.points;
  const std::vector<double>& w = *demand_basis(c.demand, r.demand_basis);
  Sums total(c.scopes.slots()), covered(c.scopes.slots());
  std::vector<std::pair<std::size_t, Id>> serving;
  for (Id i = 0; i < c.demand.size(); ++i) {
    const double wi = std::isfinite(w[i]) ? w[i] : 0.0;
    const std::size_t s = c.scopes.demand_slot(i);
    total.slot[s] += wi;
    if (near.nearest_cost[i] <= t.value) {
      covered.slot[s] += wi;
      const std::pair<std::size_t, Id> sf{s, near.nearest_facility[i]};
      if (serving.empty() || serving.back() != sf) serving.push_back(sf);  // neighbours share them
    }
  }
  const std::vector<std::vector<Id>> used = facilities_by_slot(std::move(serving), c.scopes.slots());
  for (Id row : c.scopes.rows()) {
    if (!c.scopes.chosen(row)) {
      out.push_back(not_selected(r, ri, row));
      continue;
    }
    Verdict v = share_verdict(ri, row, r.min_share, total.at(c.scopes, row), covered.at(c.scopes, row), r.demand_basis);
    v.facilities = row != overall_district ? used[c.scopes.slot(row)]
                   : c.scopes.selected.empty() ? plan_sites(c.facilities, cat)
                                               : merged(c.scopes, used);
    out.push_back(std::move(v));
  }
}

// Sums of one facility attribute per slot over the plan sites of a category; NaN values count 0
// and are counted in the run.
struct AttributeSums {
  Sums sum;
  std::vector<std::vector<Id>> sites;  // per slot
  AttributeSums(const Context& c, CategoryId cat, const std::string& key, RuleRun& run)
      : sum(c.scopes.slots()), sites(c.scopes.slots()) {
    const std::vector<Id> all = plan_sites(c.facilities, cat);
    run.facilities_counted = all.size();
    for (Id f : all) {
      const std::size_t s = c.scopes.facility_slot(f);
      const double v = c.facilities.attribute(key, f);
      sites[s].push_back(f);
      if (std::isfinite(v)) sum.slot[s] += v;
      else ++run.supply_unknown;
    }
  }
};

void evaluate_supply_ratio(const Context& c, std::size_t ri, RuleRun& run, std::vector<Verdict>& out) {
  const Rule& r = c.rules.rules[ri];
  const CategoryId cat = c.categories.find(r.category);
  const AttributeSums supply(c, cat, r.supply_attribute, run);
  const std::vector<double>& w = *demand_basis(c.demand, r.demand_basis);
  Sums demand(c.scopes.slots());
  for (Id i = 0; i < c.demand.size(); ++i) {
    if (std::isfinite(w[i])) demand.slot[c.scopes.demand_slot(i)] += w[i];
  }
  for (Id row : c.scopes.rows()) {
    if (!c.scopes.chosen(row)) {
      out.push_back(not_selected(r, ri, row));
      continue;
    }
    Verdict v = blank(ri, row, VerdictReason::no_demand);
    v.threshold = r.threshold;
    v.demand = demand.at(c.scopes, row);
    v.supply = supply.sum.at(c.scopes, row);
    v.facilities = row == overall_district ? merged(c.scopes, supply.sites) : supply.sites[c.scopes.slot(row)];
    v.shortfall_unit = r.supply_attribute;
    if (v.demand > 0) {
      v.value = v.supply / v.demand * r.per;
      v.pass = meets(v.value, r.threshold, r.comparison);
      v.reason = judged(*v.pass);
      if (!*v.pass) {
        v.shortfall = wants_more(r.comparison) ? whole(r.threshold * v.demand / r.per - v.supply)
                                               : whole(v.supply - r.threshold * v.demand / r.per);
      }
    }
    out.push_back(std::move(v));
  }
}

void evaluate_attribute_share(const Context& c, std::size_t ri, RuleRun& run, std::vector<Verdict>& out) {
  const Rule& r = c.rules.rules[ri];
  const CategoryId cat = c.categories.find(r.category);
  Sums part(c.scopes.slots()), base(c.scopes.slots());
  std::vector<std::vector<Id>> sites(c.scopes.slots());
  const std::vector<Id> all = plan_sites(c.facilities, cat);
  run.facilities_counted = all.size();
  for (Id f : all) {
    const std::size_t s = c.scopes.facility_slot(f);
    sites[s].push_back(f);
    const double b = c.facilities.attribute(r.base_attribute, f);
    const double p = c.facilities.attribute(r.supply_attribute, f);
    if (!std::isfinite(b)) {
      ++run.base_unknown;
      continue;  // without the base the part cannot be weighed
    }
    base.slot[s] += b;
    if (std::isfinite(p)) part.slot[s] += p;
    else ++run.supply_unknown;
  }
  for (Id row : c.scopes.rows()) {
    if (!c.scopes.chosen(row)) {
      out.push_back(not_selected(r, ri, row));
      continue;
    }
    Verdict v = blank(ri, row, VerdictReason::no_base);
    v.threshold = r.threshold;
    v.demand = base.at(c.scopes, row);  // the denominator
    v.supply = part.at(c.scopes, row);
    v.facilities = row == overall_district ? merged(c.scopes, sites) : sites[c.scopes.slot(row)];
    v.shortfall_unit = r.supply_attribute;
    if (v.demand > 0) {
      v.value = v.supply / v.demand;
      v.pass = meets(v.value, r.threshold, r.comparison);
      v.reason = judged(*v.pass);
      if (!*v.pass) {
        v.shortfall = wants_more(r.comparison) ? whole(r.threshold * v.demand - v.supply)
                                               : whole(v.supply - r.threshold * v.demand);
      }
    }
    out.push_back(std::move(v));
  }
}

void evaluate_per_facility(const Context& c, std::size_t ri, RuleRun& run, std::vector<Verdict>& out) {
  const Rule& r = c.rules.rules[ri];
  const CategoryId cat = c.categories.find(r.category);
  std::vector<std::vector<Id>> sites(c.scopes.slots());
  const std::vector<Id> all = plan_sites(c.facilities, cat);
  run.facilities_counted = all.size();
  for (Id f : all) {
    sites[c.scopes.facility_slot(f)].push_back(f);
    run.supply_unknown += std::isfinite(c.facilities.attribute(r.supply_attribute, f)) ? 0 : 1;
  }
  const bool low = wants_more(r.comparison);
  for (Id row : c.scopes.rows()) {
    if (!c.scopes.chosen(row)) {
      out.push_back(not_selected(r, ri, row));
      continue;
    }
    Verdict v = blank(ri, row, VerdictReason::no_facility);
    v.threshold = r.threshold;
    v.facilities = row != overall_district ? sites[c.scopes.slot(row)]
                   : c.scopes.selected.empty() ? all
                                               : merged(c.scopes, sites);
    v.shortfall_unit = "facilities";
    std::size_t known = 0;
    for (Id f : v.facilities) {
      const double a = c.facilities.attribute(r.supply_attribute, f);
      if (!std::isfinite(a)) continue;
      ++known;
      v.value = std::isnan(v.value) ? a : low ? std::min(v.value, a) : std::max(v.value, a);
      if (!meets(a, r.threshold, r.comparison)) v.failing.push_back({f, c.facilities.source_id[f], a});
    }
    if (known == 0) {
      if (!v.facilities.empty()) v.reason = VerdictReason::no_facility_value;
      out.push_back(std::move(v));
      continue;
    }
    v.pass = v.failing.empty();
    v.reason = judged(*v.pass);
    v.demand = static_cast<double>(known);
    v.shortfall = static_cast<double>(v.failing.size());
    out.push_back(std::move(v));
  }
}

// 2SFCA at every demand point: the sum of the ratios (supply over the demand within reach) of
// the sites it reaches.
void two_step_points(const PointContext& c, std::size_t ri, RulePoints& p) {
  const Rule& r = c.rules.rules[ri];
  const Threshold& t = c.options.thresholds[ri];
  const std::vector<Id> sites = c.sites(c.categories.find(r.category));
  const std::vector<double>& w = *demand_basis(c.demand, r.demand_basis);
  auto weight = [&](Id i) { return std::isfinite(w[i]) ? w[i] : 0.0; };
  const Reach reach = c.engine.reach(sites, t);
  // Step 1: each site's supply over the demand within its reach.
  std::vector<double> site_ratio(sites.size(), 0.0);
  for (Id j = 0; j < sites.size(); ++j) {
    double s = c.facilities.attribute(r.supply_attribute, sites[j]);
    if (!std::isfinite(s)) s = 0.0;
    double d = 0.0;
    for (Id k = reach.first[j]; k < reach.first[j + 1]; ++k) d += weight(reach.demand[k]);
    site_ratio[j] = d > 0.0 ? s / d : 0.0;  // supply nobody reaches serves nobody
  }
  // Step 2: every demand point's sum of the ratios of the sites it reaches.
  p.measure.assign(c.demand.size(), 0.0);
  for (Id j = 0; j < sites.size(); ++j) {
    for (Id k = reach.first[j]; k < reach.first[j + 1]; ++k) {
      const Id i = reach.demand[k];
      p.measure[i] += site_ratio[j];
      c.touch(p.touching, i, sites[j]);
    }
  }
  sort_unique(p.touching);
}

void evaluate_2sfca(const Context& c, std::size_t ri, RuleRun& run, std::vector<Verdict>& out) {
  const Rule& r = c.rules.rules[ri];
  const CategoryId cat = c.categories.find(r.category);
  used_threshold(c, ri, run);
  const std::vector<Id> sites = plan_sites(c.facilities, cat);
  run.facilities_counted = sites.size();
  run.supply_unknown = without_value(c.facilities, sites, r.supply_attribute);
  const std::vector<double>& w = *demand_basis(c.demand, r.demand_basis);
  auto weight = [&](Id i) { return std::isfinite(w[i]) ? w[i] : 0.0; };
  const std::vector<double>& access = c.points.measure;
  const std::vector<std::vector<Id>> used = facilities_by_slot(slot_pairs(c), c.scopes.slots());
  Sums total(c.scopes.slots()), meeting(c.scopes.slots());
  for (Id i = 0; i < c.demand.size(); ++i) {
    const std::size_t s = c.scopes.demand_slot(i);
    total.slot[s] += weight(i);
    if (meets(access[i] * r.per, r.threshold, r.comparison)) meeting.slot[s] += weight(i);
  }
  for (Id row : c.scopes.rows()) {
    if (!c.scopes.chosen(row)) {
      out.push_back(not_selected(r, ri, row));
      continue;
    }
    Verdict v = share_verdict(ri, row, r.min_share, total.at(c.scopes, row), meeting.at(c.scopes, row), r.demand_basis);
    v.facilities = row == overall_district ? merged(c.scopes, used) : used[c.scopes.slot(row)];
    out.push_back(std::move(v));
  }
}

// --- accessibility and equity ------------------------------------------------------------------

AccessMeasure access_measure(RuleMeasure m) {
  switch (m) {
    case RuleMeasure::cumulative: return AccessMeasure::cumulative;
    case RuleMeasure::gravity: return AccessMeasure::gravity;
    case RuleMeasure::enhanced_two_step: return AccessMeasure::enhanced_two_step;
    case RuleMeasure::three_step: return AccessMeasure::three_step;
    case RuleMeasure::two_step:
    case RuleMeasure::nearest: break;  // no accessibility measure: evaluate_equity takes the cost itself
  }
  return AccessMeasure::two_step;
}

DecayKind decay_kind(RuleDecay d) {
  switch (d) {
    case RuleDecay::step: return DecayKind::step;
    case RuleDecay::linear: return DecayKind::linear;
    case RuleDecay::exponential: return DecayKind::exponential;
    case RuleDecay::gaussian: return DecayKind::gaussian;
    case RuleDecay::power: return DecayKind::power;
    case RuleDecay::zones: return DecayKind::zones;
  }
  return DecayKind::step;
}

// A rule's decay in the Reach's unit. The rule gives its parameters in the unit of its `within`
// (minutes or metres); `scale` is the Reach's units per one of those (60 s a minute on the
// network, the metres a minute's walk in distance mode, 1 for metres). The catchment is the whole
// reach.
Decay reach_decay(const Rule& r, double scale) {
  Decay d;
  d.kind = decay_kind(r.decay);
  if (r.decay == RuleDecay::exponential) d.beta = r.decay_param / scale;  // exp(-beta c/scale)
  if (r.decay == RuleDecay::power) d.beta = r.decay_param, d.min_cost = scale;  // 1 unit of `within`
  for (double z : r.zones) d.zone_upper.push_back(z * scale);
  d.zone_weight = r.zone_weights;
  return d;
}

// The rule's accessibility measure at every demand point (times `per`), the supply counted
// anywhere, with the (district, facility) pairs of positive weight.
void access_points(const PointContext& c, std::size_t ri, RulePoints& p) {
  const Rule& r = c.rules.rules[ri];
  const CategoryId cat = c.categories.find(r.category);
  const Threshold& t = c.options.thresholds[ri];
  const std::vector<Id> sites = c.sites(cat);
  Reach reach = c.engine.reach(sites, t);
  // Costs are floats: one the rounding put a hair beyond the threshold is on it, as the Reach says.
  float top = static_cast<float>(reach.threshold);
  if (top > reach.threshold) top = std::nextafter(top, 0.0f);
  for (float& cost : reach.cost) cost = std::min(cost, top);
  const double scale = r.within.value > 0 ? t.value / r.within.value : 1.0;
  AccessOptions o;
  o.measure = access_measure(r.measure);
  o.decay = reach_decay(r, scale);
  if (!r.supply_attribute.empty()) {
    for (Id f : sites) o.supply.push_back(c.facilities.attribute(r.supply_attribute, f));
  }
  const AccessResult a = compute_access(reach, *demand_basis(c.demand, r.demand_basis), o);
  p.measure = a.access;
  // Gravity with a power decay in the unit of `within`: (c / scale)^-beta = scale^beta c^-beta.
  const double factor =
      (r.measure == RuleMeasure::gravity && r.decay == RuleDecay::power ? std::pow(scale, r.decay_param) : 1.0) * r.per;
  for (double& v : p.measure) v *= factor;
  Decay d = resolve_decay(o.decay, reach.threshold);
  if (r.measure == RuleMeasure::cumulative || r.measure == RuleMeasure::two_step) d.kind = DecayKind::step;
  for (Id j = 0; j < sites.size(); ++j) {
    for (std::size_t k = reach.first[j]; k < reach.first[j + 1]; ++k) {
      if (!(decay_weight(d, reach.cost[k]) > 0.0)) continue;
      c.touch(p.touching, reach.demand[k], sites[j]);
    }
  }
  sort_unique(p.touching);
}

// What an accessibility measure's rule run records: its threshold and the facilities counted.
void access_run(const Context& c, std::size_t ri, RuleRun& run) {
  const Rule& r = c.rules.rules[ri];
  used_threshold(c, ri, run);
  const std::vector<Id> sites = plan_sites(c.facilities, c.categories.find(r.category));
  run.facilities_counted = sites.size();
  run.supply_unknown = r.supply_attribute.empty() ? 0 : without_value(c.facilities, sites, r.supply_attribute);
}

void evaluate_accessibility(const Context& c, std::size_t ri, RuleRun& run, std::vector<Verdict>& out) {
  const Rule& r = c.rules.rules[ri];
  access_run(c, ri, run);
  const std::vector<double>& access = c.points.measure;
  const std::vector<std::vector<Id>> used = facilities_by_slot(slot_pairs(c), c.scopes.slots());
  const std::vector<double>& w = *demand_basis(c.demand, r.demand_basis);
  Sums total(c.scopes.slots()), meeting(c.scopes.slots());
  for (Id i = 0; i < c.demand.size(); ++i) {
    const double wi = std::isfinite(w[i]) ? w[i] : 0.0;
    const std::size_t s = c.scopes.demand_slot(i);
    total.slot[s] += wi;
    if (meets(access[i], r.threshold, r.comparison)) meeting.slot[s] += wi;
  }
  for (Id row : c.scopes.rows()) {
    if (!c.scopes.chosen(row)) {
      out.push_back(not_selected(r, ri, row));
      continue;
    }
    Verdict v = share_verdict(ri, row, r.min_share, total.at(c.scopes, row), meeting.at(c.scopes, row), r.demand_basis);
    v.facilities = row == overall_district ? merged(c.scopes, used) : used[c.scopes.slot(row)];
    out.push_back(std::move(v));
  }
}

// The unit nearest costs are reported in: minutes on the network (time), metres in a straight line.
bool nearest_in_minutes(TravelMode mode) { return mode != TravelMode::distance; }

// The cost to the nearest facility for an equity rule, not capped: time on the network, length in
// a straight line, in the mode of the rule's threshold.
Threshold nearest_cost_threshold(const Threshold& rule) {
  Threshold t;
  t.mode = rule.mode;
  t.unit = nearest_in_minutes(t.mode) ? CostUnit::seconds : CostUnit::metres;
  t.value = std::numeric_limits<double>::infinity();
  return t;
}

double index_of(const EquityFigures& f, EquityIndex index) {
  switch (index) {
    case EquityIndex::gini: return f.gini;
    case EquityIndex::palma: return f.palma;
    case EquityIndex::theil: return f.theil;
    case EquityIndex::concentration: return f.concentration;
  }
  return f.gini;
}

void evaluate_equity(const Context& c, std::size_t ri, RuleRun& run, std::vector<Verdict>& out) {
  const Rule& r = c.rules.rules[ri];
  const Id n = c.demand.size();
  const std::size_t slots = c.scopes.slots();
  std::vector<double> measure;
  std::vector<std::pair<std::size_t, Id>> touching;
  std::vector<char> reached(n, 1);
  if (r.measure == RuleMeasure::nearest) {
    const Threshold t = nearest_cost_threshold(c.options.thresholds[ri]);
    run.mode = t.mode;
    run.facilities_counted = plan_sites(c.facilities, c.categories.find(r.category)).size();
    const RulePoints& near = c.points;
    measure.resize(n);
    for (Id i = 0; i < n; ++i) {
      const double cost = near.nearest_cost[i];
      reached[i] = std::isfinite(cost) ? 1 : 0;
      measure[i] = !reached[i] ? std::numeric_limits<double>::quiet_NaN() : t.by_time() ? cost / 60.0 : cost;
      if (reached[i]) {
        const std::pair<std::size_t, Id> sf{c.scopes.demand_slot(i), near.nearest_facility[i]};
        if (touching.empty() || touching.back() != sf) touching.push_back(sf);
      }
    }
  } else {
    access_run(c, ri, run);
    measure = c.points.measure;
    touching = slot_pairs(c);
  }
  const std::vector<std::vector<Id>> used = facilities_by_slot(std::move(touching), slots);
  const std::vector<double>& w = *demand_basis(c.demand, r.demand_basis);
  EquityOptions o;
  if (r.index == EquityIndex::concentration) {
    o.rank_by = *demand_basis(c.demand, r.rank_by);
    for (Id i = 0; i < n; ++i) {
      if (!std::isnan(o.rank_by[i])) continue;
      ++run.rank_unknown;  // left out: no rank to give it
      measure[i] = std::numeric_limits<double>::quiet_NaN();
      o.rank_by[i] = 0.0;
    }
  }
  Sums total(slots), unreached(slots);
  o.group.resize(n);
  for (Id i = 0; i < n; ++i) {
    const double wi = std::isfinite(w[i]) ? w[i] : 0.0;
    const std::size_t s = c.scopes.demand_slot(i);
    o.group[i] = static_cast<Id>(s);
    total.slot[s] += wi;
    if (!reached[i]) unreached.slot[s] += wi;
  }
  o.n_groups = static_cast<Id>(slots);
  const EquityResult by_slot = compute_equity(measure, w, o);
  // Overall over the slots the rule applies to: the others' points left out.
  EquityFigures overall = by_slot.overall;
  if (!c.scopes.selected.empty()) {
    std::vector<double> in_scope = measure;
    for (Id i = 0; i < n; ++i) {
      if (!c.scopes.in_scope(c.scopes.demand_slot(i))) in_scope[i] = std::numeric_limits<double>::quiet_NaN();
    }
    EquityOptions all = o;
    all.group.clear();
    all.n_groups = 0;
    overall = compute_equity(in_scope, w, all).overall;
  }
  for (Id row : c.scopes.rows()) {
    if (!c.scopes.chosen(row)) {
      out.push_back(not_selected(r, ri, row));
      continue;
    }
    const EquityFigures& f = row == overall_district ? overall : by_slot.groups[c.scopes.slot(row)];
    Verdict v = blank(ri, row, VerdictReason::no_demand);
    v.threshold = r.threshold;
    v.demand = total.at(c.scopes, row);
    v.unreached = unreached.at(c.scopes, row);
    v.shortfall_unit = std::string(equity_index_name(r.index));
    v.facilities = row == overall_district ? merged(c.scopes, used) : used[c.scopes.slot(row)];
    if (v.demand > 0) {
      v.mean = f.population > 0 ? f.mean : std::numeric_limits<double>::quiet_NaN();
      v.value = index_of(f, r.index);
      v.reason = VerdictReason::undefined_index;
      if (!std::isnan(v.value)) {
        v.pass = meets(v.value, r.threshold, r.comparison);
        v.reason = judged(*v.pass);
        if (!*v.pass) v.shortfall = wants_more(r.comparison) ? r.threshold - v.value : v.value - r.threshold;
      }
    }
    out.push_back(std::move(v));
  }
}

void evaluate_presence(const Context& c, std::size_t ri, RuleRun& run, std::vector<Verdict>& out) {
  const Rule& r = c.rules.rules[ri];
  const CategoryId cat = c.categories.find(r.category);
  const std::vector<double>& w = *demand_basis(c.demand, r.demand_basis);
  const std::size_t slots = c.scopes.slots();
  // Facilities inside each district.
  std::vector<std::vector<Id>> inside(slots);
  std::vector<Id> sites = plan_sites(c.facilities, cat);
  if (!r.supply_attribute.empty()) {  // only facilities that are what the rule asks for
    run.facilities_counted = sites.size();
    sites.erase(std::remove_if(sites.begin(), sites.end(),
                               [&](Id f) {
                                 const double a = c.facilities.attribute(r.supply_attribute, f);
                                 run.supply_unknown += std::isfinite(a) ? 0 : 1;
                                 return !(a > 0.0);
                               }),
                sites.end());
  }
  for (Id f : sites) inside[c.scopes.facility_slot(f)].push_back(f);
  // Each district's population and population-weighted centre, then the demand point nearest it.
  std::vector<double> total(slots, 0.0), cx(slots, 0.0), cy(slots, 0.0);
  for (Id i = 0; i < c.demand.size(); ++i) {
    const double wi = std::isfinite(w[i]) ? w[i] : 0.0;
    const std::size_t s = c.scopes.demand_slot(i);
    total[s] += wi, cx[s] += wi * c.demand.x_m[i], cy[s] += wi * c.demand.y_m[i];
  }
  std::vector<Id> centre(slots, invalid_id);
  std::vector<double> best(slots, std::numeric_limits<double>::infinity());
  for (Id i = 0; i < c.demand.size(); ++i) {
    const std::size_t s = c.scopes.demand_slot(i);
    if (!(total[s] > 0)) continue;
    const double dx = c.demand.x_m[i] - cx[s] / total[s], dy = c.demand.y_m[i] - cy[s] / total[s];
    if (dx * dx + dy * dy < best[s] && (std::isfinite(w[i]) && w[i] > 0)) best[s] = dx * dx + dy * dy, centre[s] = i;
  }
  const RulePoints* near = nullptr;
  const Threshold* t = nullptr;
  if (r.has_within) {
    t = &used_threshold(c, ri, run);
    near = &c.points;
  }
  std::size_t served = 0, qualifying = 0;
  std::vector<Id> served_by;
  std::vector<Verdict> rows;
  for (Id d = 0; d < c.scopes.n; ++d) {
    if (!c.scopes.chosen(d)) {
      rows.push_back(not_selected(r, ri, d));
      continue;
    }
    Verdict v = blank(ri, d, VerdictReason::below_min_population);
    v.threshold = 1.0;
    v.demand = total[d];
    v.shortfall_unit = "communities";
    if (v.demand < r.min_population || !(v.demand > 0)) {
      rows.push_back(std::move(v));
      continue;
    }
    ++qualifying;
    v.facilities = inside[d];
    bool has = !inside[d].empty();
    v.reason = has ? VerdictReason::passed : VerdictReason::failed;
    if (!has && near && centre[d] != invalid_id && near->nearest_cost[centre[d]] <= t->value) {
      has = true;
      v.reason = VerdictReason::passed_within_reach;
      v.facilities = {near->nearest_facility[centre[d]]};
    }
    v.value = has ? 1.0 : 0.0;
    v.pass = has;
    served += has ? 1 : 0;
    served_by.insert(served_by.end(), v.facilities.begin(), v.facilities.end());
    if (!has) v.shortfall = 1.0;
    rows.push_back(std::move(v));
  }
  Verdict all = blank(ri, overall_district, VerdictReason::no_district_layer);
  all.threshold = 1.0;
  all.shortfall_unit = "communities";
  for (std::size_t k = 0; k < slots; ++k) all.demand += c.scopes.in_scope(k) ? total[k] : 0.0;
  std::sort(served_by.begin(), served_by.end());
  served_by.erase(std::unique(served_by.begin(), served_by.end()), served_by.end());
  all.facilities = served_by;
  all.districts_qualifying = qualifying;
  all.districts_served = served;
  if (!c.scopes.chosen(overall_district)) {
    all = not_selected(r, ri, overall_district);
  } else if (c.scopes.n > 0 && qualifying == 0) {
    all.reason = VerdictReason::no_qualifying_district;
  } else if (c.scopes.n > 0) {
    all.value = static_cast<double>(served) / static_cast<double>(qualifying);
    all.pass = served == qualifying;
    all.reason = judged(*all.pass);
    all.shortfall = static_cast<double>(qualifying - served);
  }
  out.push_back(std::move(all));
  for (Verdict& v : rows) out.push_back(std::move(v));
  if (c.scopes.has_outside && !c.scopes.chosen(outside_districts)) {
    out.push_back(not_selected(r, ri, outside_districts));
  } else if (c.scopes.has_outside) {
    Verdict v = blank(ri, outside_districts, VerdictReason::outside_districts);
    v.threshold = 1.0;
    v.demand = total[c.scopes.n];
    v.shortfall_unit = "communities";
    out.push_back(std::move(v));
  }
}

// Per slot (districts, then outside them), whether `sel` selects it; the count in `run`.
std::vector<char> select_districts(const DistrictSelection& sel, const Districts& districts, RuleRun& run) {
  std::vector<char> out(static_cast<std::size_t>(districts.size()) + 1, sel.if_unset ? 1 : 0);
  const auto field = districts.attributes.find(sel.field);
  run.selection_field_missing = field == districts.attributes.end();
  for (Id d = 0; d < districts.size(); ++d) {
    if (!run.selection_field_missing) out[d] = sel.selects(field->second[d]) ? 1 : 0;
    run.districts_selected += out[d];
  }
  return out;
}

}  // namespace

const std::vector<double>* demand_basis(const Demand& demand, const std::string& basis) {
  if (basis.empty() || basis == "residents" || basis == "population") return &demand.weight;
  const auto it = demand.attributes.find(basis);
  return it == demand.attributes.end() ? nullptr : &it->second;
}

std::vector<MissingField> missing_fields(const RuleSet& rules, const Categories& categories,
                                         const Facilities& facilities, const Demand& demand) {
  std::vector<MissingField> out;
  for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
    const Rule& r = rules.rules[ri];
    const bool needs_basis = r.kind == RuleKind::access || r.kind == RuleKind::supply_ratio ||
                             r.kind == RuleKind::accessibility_2sfca || r.kind == RuleKind::presence ||
                             r.kind == RuleKind::accessibility || r.kind == RuleKind::equity;
    std::vector<std::string> attributes;
    // Presence, accessibility and equity use one only when they name it (equity of nearest never).
    const bool optional_supply =
        r.kind == RuleKind::presence || r.kind == RuleKind::accessibility || r.kind == RuleKind::equity;
    if ((r.kind != RuleKind::access && !optional_supply) || (optional_supply && !r.supply_attribute.empty())) {
      attributes.push_back(r.supply_attribute);
    }
    if (r.kind == RuleKind::attribute_share) attributes.push_back(r.base_attribute);
    const CategoryId cat = categories.find(r.category);
    if (cat == Categories::invalid) {
      out.push_back({ri, r.category, "categories"});
      continue;
    }
    const std::vector<Id> sites = plan_sites(facilities, cat);
    for (const std::string& a : attributes) {
      const auto it = facilities.attributes.find(a);
      bool known = false;
      if (it != facilities.attributes.end()) {
        known = sites.empty();  // a column with no facility of the category to fill it: supply 0
        for (Id f : sites) known = known || std::isfinite(it->second[f]);
      }
      if (!known) out.push_back({ri, a, "facilities"});
    }
    if (needs_basis && !demand_basis(demand, r.demand_basis)) out.push_back({ri, r.demand_basis, "demand"});
    if (r.kind == RuleKind::equity && r.index == EquityIndex::concentration && !demand_basis(demand, r.rank_by)) {
      out.push_back({ri, r.rank_by, "demand"});
    }
  }
  return out;
}

namespace {

void check_thresholds(const RuleSet& rules, const CheckOptions& options) {
  if (options.thresholds.size() != rules.rules.size()) {
    throw std::invalid_argument("check_plan: " + std::to_string(options.thresholds.size()) + " thresholds for " +
                                std::to_string(rules.rules.size()) + " rules");
  }
  for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
    const Rule& r = rules.rules[ri];
    const TravelMode m = options.thresholds[ri].mode;
    if (!uses_mode(r)) continue;
    if (m == TravelMode::cost_matrix || (options.mode_override && m != *options.mode_override)) {
      throw std::invalid_argument("check_plan: rule '" + r.id + "' has a threshold in " + to_string(m) + " mode");
    }
  }
}

bool rule_missing(const std::vector<MissingField>& missing, std::size_t ri) {
  return std::any_of(missing.begin(), missing.end(), [&](const MissingField& f) { return f.rule == ri; });
}

std::vector<RulePoints> points_stage(const RuleSet& rules, const Categories& categories, const Facilities& facilities,
                                     const Demand& demand, const CheckOptions& options,
                                     const std::vector<Id>& demand_district, const std::vector<std::uint8_t>& points_wanted,
                                     const std::vector<std::uint8_t>& sites_counted, const std::vector<std::uint8_t>& rules_wanted) {
  const std::vector<MissingField> missing = missing_fields(rules, categories, facilities, demand);
  Engine engine(facilities, demand, options, points_wanted);
  const PointContext c{rules, categories, facilities, demand, options, demand_district, points_wanted, sites_counted, engine};
  std::vector<RulePoints> out(rules.rules.size());
  for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
    const Rule& r = rules.rules[ri];
    if (rule_missing(missing, ri) || (!rules_wanted.empty() && !rules_wanted[ri])) continue;
    const CategoryId cat = categories.find(r.category);
    const Threshold& t = options.thresholds[ri];
    RulePoints& p = out[ri];
    switch (r.kind) {
      case RuleKind::access: copy_nearest(engine.nearest(cat, t), p); break;
      case RuleKind::presence:
        if (r.has_within) copy_nearest(engine.nearest(cat, t, r.supply_attribute), p);
        break;
      case RuleKind::accessibility_2sfca: two_step_points(c, ri, p); break;
      case RuleKind::accessibility: access_points(c, ri, p); break;
      case RuleKind::equity:
        if (r.measure == RuleMeasure::nearest) copy_nearest(engine.nearest(cat, nearest_cost_threshold(t)), p);
        else access_points(c, ri, p);
        break;
      case RuleKind::supply_ratio:
      case RuleKind::attribute_share:
      case RuleKind::per_facility: break;  // facility attributes only
    }
  }
  return out;
}

CheckResult verdict_stage(const RuleSet& rules, const Categories& categories, const Facilities& facilities,
                          const Demand& demand, const Districts& districts, const CheckOptions& options,
                          std::vector<Id> demand_district, const std::vector<RulePoints>& points) {
  if (points.size() != rules.rules.size()) {
    throw std::invalid_argument("check_verdicts: " + std::to_string(points.size()) + " rules' measures for " +
                                std::to_string(rules.rules.size()) + " rules");
  }
  for (const RulePoints& p : points) {
    if ((!p.nearest_cost.empty() && (p.nearest_cost.size() != demand.size() || p.nearest_facility.size() != demand.size())) ||
        (!p.measure.empty() && p.measure.size() != demand.size())) {
      throw std::invalid_argument("check_verdicts: measures for another number of demand points");
    }
  }
  CheckResult result;
  result.demand_district = std::move(demand_district);
  result.facility_district = assign_to_districts(districts, facilities.x_m, facilities.y_m);
  Scopes scopes;
  scopes.n = districts.size();
  scopes.demand_district = &result.demand_district;
  scopes.facility_district = &result.facility_district;
  for (Id i = 0; i < demand.size(); ++i) {
    if (result.demand_district[i] == outside_districts) result.demand_outside += demand.weight[i];
  }
  for (Id f = 0; f < facilities.size(); ++f) {
    if (result.facility_district[f] == outside_districts && counts_in_plan(facilities.status[f])) ++result.facilities_outside;
  }
  const bool any_outside = std::find(result.demand_district.begin(), result.demand_district.end(), outside_districts) !=
                           result.demand_district.end();
  scopes.has_outside = districts.size() > 0 && (any_outside || result.facilities_outside > 0);
  result.has_outside = scopes.has_outside;
  for (FacilityStatus s : facilities.status) result.candidates += counts_in_plan(s) ? 0 : 1;

  const std::vector<MissingField> missing = missing_fields(rules, categories, facilities, demand);
  result.runs.resize(rules.rules.size());
  for (std::size_t ri = 0; ri < rules.rules.size(); ++ri) {
    const Rule& r = rules.rules[ri];
    RuleRun& run = result.runs[ri];
    Scopes rule_scopes = scopes;
    if (r.applies_to) rule_scopes.selected = select_districts(*r.applies_to, districts, run);
    const Context ctx{rules, categories, facilities, demand, districts, options, rule_scopes, points[ri]};
    const auto m = std::find_if(missing.begin(), missing.end(), [&](const MissingField& f) { return f.rule == ri; });
    if (m != missing.end()) {
      run.missing_field = m->field;
      run.missing_in = m->in;
      for (Id row : scopes.rows()) {
        Verdict v = blank(ri, row, VerdictReason::missing_field);
        v.threshold = shown_threshold(r);
        result.verdicts.push_back(rule_scopes.chosen(row) ? std::move(v) : not_selected(r, ri, row));
      }
      continue;
    }
    const bool nearest = r.kind == RuleKind::access || (r.kind == RuleKind::presence && r.has_within) ||
                         (r.kind == RuleKind::equity && r.measure == RuleMeasure::nearest);
    const bool measured = r.kind == RuleKind::accessibility_2sfca || r.kind == RuleKind::accessibility ||
                          (r.kind == RuleKind::equity && r.measure != RuleMeasure::nearest);
    if ((nearest && points[ri].nearest_cost.size() != demand.size()) || (measured && points[ri].measure.size() != demand.size())) {
      throw std::invalid_argument("check_verdicts: no measures at the demand points for rule '" + r.id + "'");
    }
    switch (r.kind) {
      case RuleKind::access: evaluate_access(ctx, ri, run, result.verdicts); break;
      case RuleKind::supply_ratio: evaluate_supply_ratio(ctx, ri, run, result.verdicts); break;
      case RuleKind::attribute_share: evaluate_attribute_share(ctx, ri, run, result.verdicts); break;
      case RuleKind::accessibility_2sfca: evaluate_2sfca(ctx, ri, run, result.verdicts); break;
      case RuleKind::per_facility: evaluate_per_facility(ctx, ri, run, result.verdicts); break;
      case RuleKind::presence: evaluate_presence(ctx, ri, run, result.verdicts); break;
      case RuleKind::accessibility: evaluate_accessibility(ctx, ri, run, result.verdicts); break;
      case RuleKind::equity: evaluate_equity(ctx, ri, run, result.verdicts); break;
    }
  }
  return result;
}

}  // namespace

std::vector<RulePoints> check_points(const RuleSet& rules, const Categories& categories, const Facilities& facilities,
                                     const Demand& demand, const Districts& districts, const CheckOptions& options,
                                     const std::vector<std::uint8_t>& points_wanted,
                                     const std::vector<std::uint8_t>& sites_counted,
                                     const std::vector<std::uint8_t>& rules_wanted) {
  check_thresholds(rules, options);
  if ((!points_wanted.empty() && points_wanted.size() != demand.size()) ||
      (!sites_counted.empty() && sites_counted.size() != facilities.size()) ||
      (!rules_wanted.empty() && rules_wanted.size() != rules.rules.size())) {
    throw std::invalid_argument("check_points: a point, site or rule selection of another size than the inputs");
  }
  return points_stage(rules, categories, facilities, demand, options, assign_to_districts(districts, demand.x_m, demand.y_m),
                      points_wanted, sites_counted, rules_wanted);
}

bool measures_nearest(const Rule& r) {
  return r.kind == RuleKind::access || (r.kind == RuleKind::presence && r.has_within) ||
         (r.kind == RuleKind::equity && r.measure == RuleMeasure::nearest);
}

CheckResult check_verdicts(const RuleSet& rules, const Categories& categories, const Facilities& facilities,
                           const Demand& demand, const Districts& districts, const CheckOptions& options,
                           const std::vector<RulePoints>& points) {
  check_thresholds(rules, options);
  return verdict_stage(rules, categories, facilities, demand, districts, options,
                       assign_to_districts(districts, demand.x_m, demand.y_m), points);
}

CheckResult check_plan(const RuleSet& rules, const Categories& categories, const Facilities& facilities,
                       const Demand& demand, const Districts& districts, const CheckOptions& options) {
  check_thresholds(rules, options);
  std::vector<Id> demand_district = assign_to_districts(districts, demand.x_m, demand.y_m);
  const std::vector<RulePoints> points =
      points_stage(rules, categories, facilities, demand, options, demand_district, {}, {}, {});
  return verdict_stage(rules, categories, facilities, demand, districts, options, std::move(demand_district), points);
}

}  // namespace lc

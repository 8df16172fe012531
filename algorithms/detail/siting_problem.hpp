#pragma once
// The siting input prepared once: normalised site roles, what the fixed sites already give every
// demand point, who is coverable at all, and evaluation of a chosen set.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "algorithms/siting.hpp"

namespace lc::detail {

inline constexpr double siting_inf = std::numeric_limits<double>::infinity();

struct SitingProblem {
  const Reach& reach;
  const std::vector<double>& weight;
  std::vector<std::uint8_t> is_fixed;      // per site
  std::vector<std::uint8_t> is_candidate;  // per site
  std::vector<Id> candidates;              // ascending
  std::vector<Id> fixed_sites;             // ascending
  std::vector<std::uint8_t> coverable;     // per demand: a fixed or candidate site reaches it
  std::vector<double> fixed_cost;          // per demand: cheapest fixed site (inf when none)
  std::vector<double> fixed_cost2;         // per demand: second cheapest fixed site (inf when none)
  double unreached_cost = 0;               // pmedian / pcenter penalty
  double total_weight = 0;
  double uncoverable_weight = 0;
  std::vector<Id> uncoverable;
  // Per-group minimums (siting.hpp): each site's group (invalid_id: none; empty: no groups), and
  // per group the candidates still to open beyond its fixed sites.
  std::vector<Id> group;
  std::vector<std::uint32_t> need;
  std::size_t total_need = 0;

  SitingProblem(const SitingInput& in, const SitingOptions& options);

  bool grouped() const { return total_need > 0; }
  Id group_of(Id site) const { return group.empty() ? invalid_id : group[site]; }
  bool covered_by_fixed(Id i) const { return fixed_cost[i] != siting_inf; }
  // Range of a site's pairs in the Reach.
  Id begin(Id site) const { return reach.first[site]; }
  Id end(Id site) const { return reach.first[site + 1]; }
};

// Per-group minimums in a greedy addition (siting.hpp): while a group is short of sites, only
// its candidates may be taken, whatever they gain; the others wait aside (pop_allowed) and come
// back once no group is short, or when no candidate of a short group is left to take.
class GroupQuota {
 public:
  GroupQuota(const SitingProblem& p, const std::vector<Id>& start) : p_(p), short_by_(p.need), shortfall_(p.total_need) {
    for (Id s : start) take(s);
  }
  bool active() const { return shortfall_ > 0; }
  bool allows(Id site) const {
    const Id g = p_.group_of(site);
    return g != invalid_id && short_by_[g] > 0;
  }
  // Takes `site`; true when that ended the shortfall.
  bool take(Id site) {
    if (!active() || !allows(site)) return false;
    --short_by_[p_.group_of(site)];
    return --shortfall_ == 0;
  }
  void give_up() { shortfall_ = 0; }

 private:
  const SitingProblem& p_;
  std::vector<std::uint32_t> short_by_;
  std::size_t shortfall_;
};

// Pops the best entry of a lazy greedy max-heap (`less` its order; entries have `.site`) that
// `quota` allows; the others go `aside` (pop_allowed gives up the quota and takes them back when
// nothing it allows is left). False when the heap is empty.
template <class Entry, class Less>
bool pop_allowed(std::vector<Entry>& heap, std::vector<Entry>& aside, GroupQuota& quota, Less less, Entry& out) {
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), less);
    out = heap.back();
    heap.pop_back();
    if (!quota.active() || quota.allows(out.site)) return true;
    aside.push_back(out);
    if (heap.empty()) {
      quota.give_up();
      heap.swap(aside);
      std::make_heap(heap.begin(), heap.end(), less);
    }
  }
  return false;
}

// Puts the entries set aside back into the heap.
template <class Entry, class Less>
void return_aside(std::vector<Entry>& heap, std::vector<Entry>& aside, Less less) {
  heap.insert(heap.end(), aside.begin(), aside.end());
  aside.clear();
  std::make_heap(heap.begin(), heap.end(), less);
}

// What a set of open sites (the fixed ones plus `selected`) gives.
struct SetValue {
  double covered_weight = 0;  // weight within reach of an open site
  double total_cost = 0;      // sum over coverable demand of weight × min(unreached_cost, cheapest open)
  double max_cost = 0;        // max over coverable demand of min(unreached_cost, cheapest open)
};
SetValue evaluate_set(const SitingProblem& p, const std::vector<Id>& selected);

// Tolerance below which an improvement is noise: 1e-9 of `scale` (at least 1e-300).
inline double improvement_eps(double scale) { return 1e-9 * (scale > 1e-300 ? scale : 1e-300); }

}  // namespace lc::detail

#pragma once
// Greedy set cover over the Reach, for LSCP and for p-center's feasibility steps.
//
// Count mode covers every needed point: each step opens the candidate that reaches the most
// still-uncovered needed points (ties: lower id), evaluated lazily. Chvátal (1979): the greedy
// cover has at most H(Δ) × (optimum) sites, H(Δ) = 1 + 1/2 + ... + 1/Δ <= ln Δ + 1, Δ the most
// needed points one candidate reaches; so ceil(greedy / H(Δ)) is a proven lower bound.
// Weight mode covers `required` weight of the needed points, by uncovered weight reached.
// Both report the subadditive lower bound: the fewest candidates whose initial gains (with
// respect to the fixed sites) add up to what is required, since a cover of t sites covers at
// most the sum of their t individual gains.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "algorithms/detail/siting_problem.hpp"

namespace lc::detail {

struct CoverInstance {
  const SitingProblem* p = nullptr;
  double radius = siting_inf;      // a pair covers when its cost <= radius
  std::vector<std::uint8_t> need;  // per demand point: to be covered
  bool by_weight = false;          // false: cover every needed point; true: `required` weight
  double required = 0;             // by_weight: weight of needed points to cover
};

struct CoverRun {
  std::vector<Id> order;               // sites in the order added
  std::vector<double> covered_weight;  // needed weight each newly covered
  bool complete = false;               // the requirement is met
  std::size_t lower_bound = 0;         // proven: no cover with fewer sites exists (SIZE_MAX: none at all)
};

// Greedy cover with sites from `allowed` (ascending ids), stopping when complete, when no site
// gains, or after `max_sites` sites.
CoverRun greedy_cover(const CoverInstance& inst, const std::vector<Id>& allowed, std::size_t max_sites);

// Number of needed points / needed weight the instance asks for.
double cover_requirement(const CoverInstance& inst);

// A full cover (count mode) reduced before it goes to CBC, by the classic set-cover reductions,
// repeated while one applies (each keeps the size of the smallest cover):
//  - essential candidates: a needed point only one candidate reaches makes that candidate part
//    of every cover ("forced"); the points it reaches are done;
//  - duplicate points: points reached by the same candidates need one row between them;
//  - dominated candidates: a candidate all of whose points another candidate also reaches (the
//    lower id kept between equals) can be swapped for it in any cover: dropped;
//  - candidates that reach no point left: dropped.
struct ReducedCover {
  std::vector<Id> forced;                        // site ids in every cover, ascending
  std::vector<Id> columns;                       // site ids left, ascending
  std::vector<std::vector<std::uint32_t>> rows;  // per point left: indices into `columns`
  std::vector<std::pair<Id, Id>> replaced;       // (dropped site, the site left that covers its points)
  bool infeasible = false;                       // a needed point no allowed candidate reaches
  std::size_t rows_before = 0, columns_before = 0;
};
ReducedCover reduce_cover(const CoverInstance& inst, const std::vector<Id>& allowed);

// The harmonic number H(n).
double harmonic(std::size_t n);

}  // namespace lc::detail

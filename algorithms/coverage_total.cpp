#include "algorithms/coverage_total.hpp"

#include <stdexcept>
#include <string>

#include "core/exact_sum.hpp"

namespace lc {

CoverageFigures sum_coverage(const std::vector<CoverageFigures>& runs) {
  if (runs.empty()) throw std::invalid_argument("no run to add up");
  const CoverageFigures& first = runs.front();
  auto names = [](const CoverageFigures& f) {
    std::string s;
    for (const CoverageFigures::Category& c : f.categories) s += (s.empty() ? "" : ", ") + c.name + " within " + c.within;
    return s;
  };
  for (const CoverageFigures& r : runs) {
    bool same = r.mode == first.mode && r.life_circle == first.life_circle && r.categories.size() == first.categories.size();
    for (std::size_t k = 0; same && k < r.categories.size(); ++k) {
      same = r.categories[k].name == first.categories[k].name && r.categories[k].within == first.categories[k].within;
    }
    if (!same) {
      throw std::invalid_argument(r.source + " measured " + names(r) + " in " + r.mode + " mode, " + first.source + " " +
                                  names(first) + " in " + first.mode + " mode: their figures do not add up");
    }
  }
  CoverageFigures total;
  total.mode = first.mode;
  total.life_circle = first.life_circle;
  ExactSum people, complete;
  std::vector<ExactSum> cat_people(first.categories.size()), covered(first.categories.size()), area(first.categories.size());
  for (const CoverageFigures& r : runs) {
    total.demand_points += r.demand_points;
    people.add(r.population_total);
    complete.add(r.population_complete);
    for (std::size_t k = 0; k < r.categories.size(); ++k) {
      cat_people[k].add(r.categories[k].population_total);
      covered[k].add(r.categories[k].population_covered);
      area[k].add(r.categories[k].service_area_m2);
    }
  }
  total.population_total = people.value();
  total.population_complete = complete.value();
  for (std::size_t k = 0; k < first.categories.size(); ++k) {
    CoverageFigures::Category c;
    c.name = first.categories[k].name;
    c.within = first.categories[k].within;
    for (const CoverageFigures& r : runs) c.facilities += r.categories[k].facilities;
    c.population_total = cat_people[k].value();
    c.population_covered = covered[k].value();
    c.service_area_m2 = area[k].value();
    total.categories.push_back(std::move(c));
  }
  return total;
}

}  // namespace lc

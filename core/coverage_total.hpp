#pragma once
// The figures of coverage runs added up: a country run as one plan per province, each province's
// run merged on its own, and the national figures summed from the provinces' summaries.

#include <cstdint>
#include <string>
#include <vector>

namespace lc {

// One coverage run's headline figures, as its summary.json states them (or their sums).
struct CoverageFigures {
  std::string source;  // the run's folder (empty for a sum)
  std::string mode;    // distance, walk or drive
  std::int64_t demand_points = 0;
  double population_total = 0;
  std::vector<std::string> life_circle;  // the categories the life circle needs, all of them
  double population_complete = 0;        // within every one's threshold
  struct Category {
    std::string name, within;  // within as given: "gb15", "15min"
    std::int64_t facilities = 0;
    double population_total = 0, population_covered = 0;
    double service_area_m2 = 0;  // summed: runs of regions that do not overlap
  };
  std::vector<Category> categories;
};

struct CoverageTotal {
  std::vector<CoverageFigures> runs;  // as read, in the order given
  CoverageFigures total;              // their sums
};

}  // namespace lc

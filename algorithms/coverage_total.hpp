#pragma once
// Adding up the figures of coverage runs over regions that do not overlap (core/coverage_total.hpp).

#include <vector>

#include "core/coverage_total.hpp"

namespace lc {

// The sums of `runs`: demand points, people, facilities, people covered and service areas per
// category, people within the life circle. The sums do not depend on the runs' order
// (core/exact_sum.hpp). Throws std::invalid_argument, naming the run, when there is none or when
// the runs differ in mode, categories, thresholds or life circle (their figures would not add up).
CoverageFigures sum_coverage(const std::vector<CoverageFigures>& runs);

}  // namespace lc

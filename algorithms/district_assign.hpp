#pragma once
// Which district each point lies in, for reporting per district.

#include <vector>

#include "core/check_result.hpp"
#include "core/districts.hpp"

namespace lc {

// For every point (x[i], y[i]): the index of the district that covers it (interior or boundary),
// or outside_districts. A point on a border shared by several districts goes to the lowest index,
// so it is counted once. Parallel over districts; the result does not depend on the thread count.
// Throws std::invalid_argument when a district's WKB cannot be read.
std::vector<Id> assign_to_districts(const Districts& districts, const std::vector<double>& x,
                                    const std::vector<double>& y);

}  // namespace lc

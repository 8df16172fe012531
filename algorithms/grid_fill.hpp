#pragma once
// Grid cells inside a polygon, for spreading a polygon's population over points.

#include <utility>
#include <vector>

#include "core/demand.hpp"

namespace lc {

// Centres ((i + 0.5) c, (j + 0.5) c) of the cells of the global lattice of size `cell_m` that lie
// inside the polygon formed by `rings` (outer rings and holes alike, by the even-odd rule; the
// parts of a multipolygon may be passed together). A centre exactly on an edge counts for the cell
// to its right and above it, so cells on a shared border are counted once. Row by row scan-line
// fill: time proportional to edges crossed plus cells inside.
std::vector<std::pair<double, double>> cell_centres_inside(const std::vector<Ring>& rings, double cell_m);

}  // namespace lc

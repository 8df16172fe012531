#pragma once
// Reading coverage runs' headline figures from their summary.json, and writing their sum
// (`lifecircle shard total`).

#include <string>

#include "core/coverage_total.hpp"

namespace lc::io {

// The figures of the coverage run in `run_dir` (its summary.json). Throws InputError naming the
// file and what is missing or not a coverage run's summary.
CoverageFigures read_coverage_figures(const std::string& run_dir);

// OUT/total.json: the sums, each category's share and the life circle's, and every run's own
// figures; written to a temporary name, then renamed.
void write_coverage_total(const std::string& out_dir, const CoverageTotal& total);

}  // namespace lc::io

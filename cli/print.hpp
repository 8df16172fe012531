#pragma once
// What `lifecircle` prints on the terminal for each command's result.

#include <string>

#include "core/runs.hpp"

namespace lc::cli {

void print_coverage(const CoverageRun& run, const std::string& out_dir);
void print_isochrones(const IsochroneRun& run, const std::string& out_dir);
void print_propose(const ProposeRun& run, const std::string& out_dir);
void print_check(const CheckRun& run, const std::string& out_dir);
void print_layers(const SourceInfo& info);

}  // namespace lc::cli

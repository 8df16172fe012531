#pragma once
// What `lifecircle` prints on the terminal for each command's result.

#include <string>

#include "core/runs.hpp"

namespace lc::cli {

// `written`: what the run wrote (io::written_outputs), `out_dir` where.
void print_coverage(const CoverageRun& run, const std::string& out_dir, const std::string& written);
void print_isochrones(const IsochroneRun& run, const std::string& out_dir, const std::string& written);
void print_propose(const ProposeRun& run, const std::string& out_dir, const std::string& written);
void print_check(const CheckRun& run, const std::string& out_dir);
void print_layers(const SourceInfo& info);

}  // namespace lc::cli

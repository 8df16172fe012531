#pragma once
// The Chinese terminal output (`--lang zh`) of each command; cli/print.hpp calls these.

#include <string>

#include "core/access_run.hpp"
#include "core/runs.hpp"

namespace lc::cli {

void print_coverage_zh(const CoverageRun& run, const std::string& out_dir, const std::string& written);
void print_isochrones_zh(const IsochroneRun& run, const std::string& out_dir, const std::string& written);
void print_propose_zh(const ProposeRun& run, const std::string& out_dir, const std::string& written);
void print_check_zh(const CheckRun& run, const std::string& out_dir);
void print_access_zh(const AccessRun& run, const std::string& out_dir, const std::string& written);
void print_layers_zh(const SourceInfo& info);

}  // namespace lc::cli

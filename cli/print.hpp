#pragma once
// What `lifecircle` prints on the terminal for each command's result.

#include <string>

#include "core/access_run.hpp"
#include "core/coverage_total.hpp"
#include "core/lang.hpp"
#include "core/runs.hpp"
#include "core/shard_plan.hpp"

namespace lc::cli {

// `written`: what the run wrote (io::written_outputs), `out_dir` where; `lang` zh: in Chinese
// (cli/print_zh.hpp).
void print_coverage(const CoverageRun& run, const std::string& out_dir, const std::string& written, Lang lang = Lang::en);
void print_isochrones(const IsochroneRun& run, const std::string& out_dir, const std::string& written,
                      Lang lang = Lang::en);
void print_propose(const ProposeRun& run, const std::string& out_dir, const std::string& written, Lang lang = Lang::en);
void print_check(const CheckRun& run, const std::string& out_dir, Lang lang = Lang::en);
void print_access(const AccessRun& run, const std::string& out_dir, const std::string& written, Lang lang = Lang::en);
void print_layers(const SourceInfo& info, Lang lang = Lang::en);
// A merged split run's points whose nearest facility lies beyond their shard's halo, per category
// on standard error (nothing when there are none).
void print_beyond_halo(const CoverageRun& run, const std::string& out_dir);
void print_shard_plan(const ShardPlan& plan, const std::string& out_dir);
void print_coverage_total(const CoverageTotal& total, const std::string& out_dir);
void print_osm_extracts(const OsmExtractSet& set, const std::string& plan_dir);

}  // namespace lc::cli

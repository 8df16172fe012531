#pragma once
// Writing a siting run: proposed_sites (proposed_sites.geojson by default, io/write_options.hpp
// for the other formats and PostgreSQL) and summary.json.

#include <string>
#include <vector>

#include "core/runs.hpp"
#include "io/read_inputs.hpp"
#include "io/write_options.hpp"

namespace lc::io {

// The summary as JSON text.
std::string propose_summary_json(const Inputs& in, const ProposeResult& r, const ProposeRunInfo& info);

// Siting with a cost matrix (no geometry): proposed_sites.csv and summary.json, all or nothing.
void write_propose_table_outputs(const std::string& out_dir, const SitingResult& s, const ProposeRunInfo& info,
                                 const std::vector<std::string>& site_ids, const std::vector<std::string>& demand_ids,
                                 const std::vector<std::string>& notes);

// Writes proposed_sites and summary.json into `out_dir` (a folder, or a PG: connection string),
// all or nothing.
void write_propose_outputs(const std::string& out_dir, const Inputs& in, const ProposeResult& r,
                           const ProposeRunInfo& info, const OutputOptions& options = {});

}  // namespace lc::io

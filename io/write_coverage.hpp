#pragma once
// Writing a coverage run: summary.json, demand, facilities and service_areas (demand.geojson, ...
// by default; io/write_options.hpp for the other formats and PostgreSQL).

#include <string>
#include <vector>

#include "core/runs.hpp"
#include "core/coverage_result.hpp"
#include "io/read_inputs.hpp"
#include "io/write_options.hpp"

namespace lc::io {

// The summary as JSON text (also what summary.json holds).
std::string coverage_summary_json(const Inputs& in, const CoverageResult& result,
                                  const std::vector<ServiceArea>& areas, const CoverageRunInfo& info);

// Writes the outputs into `out_dir` (a folder, created when missing, or a PG: connection string),
// all or nothing: files under temporary names renamed only once all are complete, tables in one
// transaction. Throws InputError when an output cannot be written.
void write_coverage_outputs(const std::string& out_dir, const Inputs& in, const CoverageResult& result,
                            const std::vector<ServiceArea>& areas, const CoverageRunInfo& info,
                            const std::vector<SurfaceOutput>& surfaces = {}, const OutputOptions& options = {},
                            const PopulationGrid& out_of_reach = {});

}  // namespace lc::io

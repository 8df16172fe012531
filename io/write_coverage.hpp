#pragma once
// Writing a coverage run: summary.json, demand.geojson, facilities.geojson, service_areas.geojson.

#include <string>
#include <vector>

#include "core/runs.hpp"
#include "core/coverage_result.hpp"
#include "io/read_inputs.hpp"

namespace lc::io {

// The summary as JSON text (also what summary.json holds).
std::string coverage_summary_json(const Inputs& in, const CoverageResult& result,
                                  const std::vector<ServiceArea>& areas, const CoverageRunInfo& info);

// Writes the four files into `out_dir` (created when missing) under temporary names, renaming
// them only once all are complete. Throws InputError when a file cannot be written.
void write_coverage_outputs(const std::string& out_dir, const Inputs& in, const CoverageResult& result,
                            const std::vector<ServiceArea>& areas, const CoverageRunInfo& info,
                            const std::vector<SurfaceOutput>& surfaces = {});

}  // namespace lc::io

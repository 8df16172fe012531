#pragma once
// Writing isochrones (isochrones.geojson by default, io/write_options.hpp for the other formats
// and PostgreSQL; summary.json) and travel-time surfaces (GeoTIFF).

#include <string>
#include <vector>

#include "core/runs.hpp"
#include "io/atomic_output.hpp"
#include "io/read_inputs.hpp"
#include "io/write_options.hpp"

namespace lc::io {

// Adds travel_time_<category>.tif for each surface to `out` (written now, committed with it).
void add_surfaces(AtomicOutputs& out, const Inputs& in, const std::vector<SurfaceOutput>& surfaces);

// Writes the isochrones, summary.json and the surfaces into `out_dir` (a folder, or a PG:
// connection string, which takes no surfaces), all or nothing.
void write_isochrone_outputs(const std::string& out_dir, const Inputs& in, const std::vector<IsochroneFeature>& features,
                             const std::vector<SurfaceOutput>& surfaces, const IsochroneRunInfo& info,
                             const OutputOptions& options = {});

}  // namespace lc::io

#pragma once
// Writing isochrones (isochrones.geojson, summary.json) and travel-time surfaces (GeoTIFF).

#include <string>
#include <vector>

#include "algorithms/isochrone.hpp"
#include "io/atomic_output.hpp"
#include "io/read_inputs.hpp"

namespace lc::io {

struct IsochroneFeature {
  std::string category;
  std::string site_id;    // split: the facility's id; dissolved: empty
  std::string site_name;
  double lower = 0.0, upper = 0.0;  // the band, in `unit`
  double population = 0.0;
  double area_m2 = 0.0;
  std::vector<unsigned char> wkb;   // metres, in the run's CRS
};

struct SurfaceOutput {
  std::string category;
  TravelTimeSurface surface;
};

struct IsochroneRunInfo {
  std::string command_line;
  std::string mode;
  std::string unit;       // "min" or "m"
  std::vector<double> breaks;
  std::string merge;      // dissolve | split
  std::string shape;      // disks | rings
  double buffer_m = 0.0;
  std::string roads_source;
  double walk_speed_mps = 0.0;
  std::vector<std::string> categories;
};

// Adds travel_time_<category>.tif for each surface to `out` (written now, committed with it).
void add_surfaces(AtomicOutputs& out, const Inputs& in, const std::vector<SurfaceOutput>& surfaces);

// Writes isochrones.geojson, summary.json and the surfaces into `out_dir`, all or nothing.
void write_isochrone_outputs(const std::string& out_dir, const Inputs& in, const std::vector<IsochroneFeature>& features,
                             const std::vector<SurfaceOutput>& surfaces, const IsochroneRunInfo& info);

}  // namespace lc::io

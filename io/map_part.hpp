#pragma once
// The part of a run's folder a map zooms to (`map --bbox` or `--districts`), for the print and the
// web map alike.

#include <string>
#include <vector>

namespace lc::io {

// A lon/lat box (min_lon, min_lat, max_lon, max_lat): `bbox` as given, or the bounds of the named
// districts in the folder's districts.geojson (a check's output); empty when neither is asked.
// Throws UsageError for a box that is not four numbers with min below max, for --districts on a
// folder without districts, and for a name it does not hold.
std::vector<double> map_part(const std::string& out_dir, const std::vector<double>& bbox,
                             const std::vector<std::string>& districts);

}  // namespace lc::io

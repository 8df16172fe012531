#pragma once
// Print maps (PNG, SVG, PDF) of what a run wrote in its output folder: the map body drawn by
// Mapnik (basemap from the run's OpenStreetMap extract or another GDAL source, service areas or
// isochrone bands per category, facilities with their names placed without collisions, proposed
// sites with their rank, population out of reach; an access run's demand points coloured by the
// classes of its measure, facilities sized by their supply, districts), the frame drawn with
// cairo (title, legend with the run's figures, scale bar, north arrow, population basis,
// attribution). Nothing is recomputed: every figure comes from the folder's summary.json (an
// access run's classes from its demand.geojson, api/map.hpp).

#include <array>
#include <string>
#include <vector>

#include "core/value_classes.hpp"

namespace lc::io {

struct PrintMapOptions {
  std::string out_path;        // .png, .svg or .pdf (the format follows the extension)
  double width_mm = 297.0;     // page size (A4 landscape by default)
  double height_mm = 210.0;
  double dpi = 200.0;          // PNG resolution (SVG and PDF are vector, sized in points)
  std::string title;           // empty: one made from the run
  std::string lang = "en";     // en or zh: the language of the frame's words
  std::string basemap;         // a GDAL source of roads, water, green space or buildings; empty:
                               // the run's OpenStreetMap extract, when it used one
  std::string font_dir = "/usr/share/fonts/truetype/wqy";  // fonts for Mapnik (CJK included)
  // Zoom to a part: a lon/lat box (min_lon, min_lat, max_lon, max_lat), or (a check's folder) the
  // districts of these names. Empty: the whole of the results.
  std::vector<double> bbox;
  std::vector<std::string> districts;
  // An access run's folder: its measure, read and classed (api::map fills it; the folder cannot
  // be drawn without it). Null for every other run.
  const MeasureMap* measure = nullptr;
};

// Where things landed on the page, for callers and tests.
struct PrintMap {
  std::string path;
  int width = 0, height = 0;             // page, in pixels (PNG) or points (SVG, PDF)
  int body_x = 0, body_y = 0, body_width = 0, body_height = 0;  // the map body on the page
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;            // its extent, metres in `crs`
  std::string crs;                       // the run's metric CRS, e.g. "EPSG:32648"
  int legend_x = 0, legend_y = 0, legend_width = 0, legend_height = 0;
  std::vector<std::string> layers;       // the layers drawn, bottom first
  std::vector<std::string> legend;       // the legend's lines, as drawn
  // An access run: the title drawn, and the colour of each of the measure's classes
  // (MeasureMap::classes, in their order) as drawn on the map and in the legend.
  std::string title;
  std::vector<std::array<int, 3>> class_colours;
};

// Draws the results in `out_dir` (a coverage, isochrones, propose, check or access run's folder). Written under a
// temporary name and renamed when complete. Throws InputError when the folder holds no run's
// results, UsageError for a bad option (size, DPI, extension).
PrintMap write_print_map(const std::string& out_dir, const PrintMapOptions& options);

}  // namespace lc::io

#pragma once
// `map --html`: one self-contained web page (Leaflet, its stylesheet and the data inlined; no
// network needed) of what a coverage, isochrones, propose, check or access run wrote in its output
// folder.
// Drawn from the results, never by recomputing them.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/coverage_result.hpp"
#include "core/value_classes.hpp"

namespace lc::io {

struct HtmlMapOptions {
  std::string out_path;     // the .html file
  std::string title;        // default: one made from the run
  std::string tiles;        // a Leaflet tileLayer URL template; empty: no tile layer (offline)
  std::string leaflet_dir;  // Leaflet's dist/ folder; empty: $LIFECIRCLE_LEAFLET_DIR, else the build's
  // Zoom to a part (io/map_part.hpp): a lon/lat box, or the districts of these names; empty: the
  // whole of the results.
  std::vector<double> bbox;
  std::vector<std::string> districts;
  std::string lang = "en";  // en or zh: the words of the legend, the layer control and the popups
  // The folder's demand summed on a grid (demand_to_grid, then algorithms/web_grid.hpp), drawn
  // instead of its points; null: the points, or the run's own out_of_reach_grid.geojson.
  const MercatorGrid* demand_grid = nullptr;
  // An access run's folder: its measure, read and classed, with its grid for large demand
  // (api::html_map fills it; the folder cannot be drawn without it). Null for every other run.
  const MeasureMap* measure = nullptr;
};

struct HtmlMap {
  std::string path;
  std::uintmax_t bytes = 0;
  std::vector<std::string> layers;              // the files drawn, e.g. "demand.geojson"
  std::map<std::string, std::size_t> features;  // features embedded per layer ("demand", "facilities", ...)
  std::size_t demand_points = 0;
  bool demand_aggregated = false;  // demand drawn as grid cells
};

// The Leaflet dist/ folder used when none is given: $LIFECIRCLE_LEAFLET_DIR, else the one the
// build found (web/node_modules/leaflet/dist).
std::string default_leaflet_dir();

// The folder's demand points when a web map must draw them as a grid: more than `above` of them
// (summary.json's demand_points) and no out_of_reach_grid.geojson of the run's own. Empty
// otherwise, without reading demand.geojson.
LonLatPoints demand_to_grid(const std::string& run_dir, std::size_t above);

// Writes the page of the run in `run_dir` to options.out_path (under a temporary name, renamed
// when complete). Throws InputError when the folder is not a run's or Leaflet is missing.
HtmlMap write_html_map(const std::string& run_dir, const HtmlMapOptions& options);

// Text made safe inside a <script> element of the page: every '<' written as \u003c (JSON text)
// so that no "</script>" or "<!--" can end or change it.
std::string script_safe_json(const std::string& json_text);

}  // namespace lc::io

#pragma once
// `map`: a print map (PNG, SVG, PDF) of what a coverage, isochrones or propose run wrote in its
// output folder. Drawn from the results, never by recomputing them.

#include <cstddef>
#include <string>

#include "io/map_html.hpp"
#include "io/map_print.hpp"

namespace lc::api {

struct MapRequest {
  std::string run_dir;        // the folder a coverage, isochrones or propose run wrote
  io::PrintMapOptions print;  // print.out_path: the map file (.png, .svg, .pdf)
};

io::PrintMap map(const MapRequest& request);

// `map --html`: the folder as one self-contained web page (Leaflet and the data inlined).
struct HtmlMapRequest {
  std::string run_dir;
  io::HtmlMapOptions html;  // html.out_path: the .html file
  // A folder with more demand points than this (and no out_of_reach_grid.geojson of its run's
  // own) is drawn as grid cells of grid_cell_m with their population sums.
  std::size_t demand_grid_above = 100000;
  double grid_cell_m = 250.0;
};

io::HtmlMap html_map(const HtmlMapRequest& request);

}  // namespace lc::api

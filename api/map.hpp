#pragma once
// `map`: a print map (PNG, SVG, PDF) or a web page of what a coverage, isochrones, propose, check
// or access run wrote in its output folder. Drawn from the results, never by recomputing them: an
// access run's measure is read from its demand.geojson and put in classes (algorithms/
// value_classes.hpp) for both maps alike.

#include <cstddef>
#include <string>

#include "core/value_classes.hpp"
#include "io/map_html.hpp"
#include "io/map_print.hpp"

namespace lc::api {

// What a map of an access run's folder shows of its measure (ignored for other runs; giving
// either for another run is a UsageError).
struct MeasureChoice {
  std::string category;       // the category whose measure is drawn; empty: the default (the first
                              // with facilities; proximity: the mean over the categories)
  bool by_districts = false;  // fill the districts by the class of their mean instead of the points
};

struct MapRequest {
  std::string run_dir;        // the folder a run wrote
  io::PrintMapOptions print;  // print.out_path: the map file (.png, .svg, .pdf)
  MeasureChoice measure;
  // An access run with more demand points than this is drawn as grid cells of grid_cell_m, each
  // coloured by the population-weighted mean of its points.
  std::size_t demand_grid_above = 100000;
  double grid_cell_m = 250.0;
};

io::PrintMap map(const MapRequest& request);

// `map --html`: the folder as one self-contained web page (Leaflet and the data inlined).
struct HtmlMapRequest {
  std::string run_dir;
  io::HtmlMapOptions html;  // html.out_path: the .html file
  MeasureChoice measure;
  // A folder with more demand points than this (and no out_of_reach_grid.geojson of its run's
  // own) is drawn as grid cells of grid_cell_m with their population sums (an access run's:
  // coloured by the population-weighted mean of the measure).
  std::size_t demand_grid_above = 100000;
  double grid_cell_m = 250.0;
};

io::HtmlMap html_map(const HtmlMapRequest& request);

// The measure of an access run's folder as the maps draw it: read (io/measure_map.hpp), classed
// (proximity: fixed minutes 5, 10, 15, 20, 30 and not reached; capacity: 0 in its own class, then
// quarters of the share served; every other measure: 0 in its own class, then quintiles of the
// population-weighted values above 0) and, above `grid_above` points, summed on a grid of
// `cell_m`. Throws UsageError for a category the run does not have, or --by districts on a
// folder without districts.geojson.
MeasureMap measure_map(const std::string& run_dir, const MeasureChoice& choice, std::size_t grid_above, double cell_m);

}  // namespace lc::api

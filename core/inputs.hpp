#pragma once
// What a run reads (the sources and how to load them) and what loading gives: plain data in
// metres of one metric CRS. io/ fills Inputs from files; api/ composes the loading stages.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/census.hpp"
#include "core/demand.hpp"
#include "core/districts.hpp"
#include "core/facilities.hpp"
#include "core/road_network.hpp"
#include "core/threshold.hpp"
#include "core/web_coords.hpp"

namespace lc {

struct FacilitySource {
  std::string path;            // file or "PG:..." connection string
  std::string layer;           // empty: the only layer (OSM: points and multipolygons)
  std::string category_field;  // with category_map: the field whose values name the category
  std::string category_map;    // YAML file: field value -> category
  std::string category;        // or: every feature of the layer is this category
  FacilityStatus status = FacilityStatus::existing;
  std::string id_field = {};   // the field holding the id; empty: an id-like field, else the FID
  // Numeric fields to keep as Facilities::attributes (e.g. capacity, cost). A field the layer
  // lacks is an error; an empty value is NaN; a value that is not a number is an error.
  std::vector<std::string> numeric_fields = {};
  // Numeric fields kept like numeric_fields where the layer has them; absent ones are left out
  // (e.g. the attributes compliance rules use, read from whichever sources carry them).
  std::vector<std::string> optional_numeric_fields = {};
  // Of those fields, the ones whose values may not be negative (e.g. a capacity).
  std::vector<std::string> nonnegative_fields = {};
  // The field holding each feature's status (vector sources only): existing, planned, candidate or
  // competitor in any case, or 现状/现有/已建 (existing), 规划/新建/拟建/在建 (planned), 备选
  // (candidate). An empty value takes `status`; any other value is an error. Empty: every feature
  // has `status`.
  std::string status_field = {};
  WebCoords coords = WebCoords::wgs84;  // a lon/lat source's coordinates (--coords)
};

struct DemandSource {
  std::string path;
  std::string layer;
  std::string population_field;  // vector sources; empty: each feature counts 1 (OSM: building proxy)
  // Further weights as (attribute name, field name), e.g. {"elderly", "pop60"}, carried to
  // Demand::attributes and split with the population over a polygon's cells. Vector sources only;
  // a field the layer lacks, a value that is not a number or a negative one is an error; an empty
  // value is NaN.
  std::vector<std::pair<std::string, std::string>> attribute_fields = {};
  WebCoords coords = WebCoords::wgs84;  // a lon/lat source's coordinates (--coords)
  // A census table by sub-district joined to the demand polygons (the units) and spread over
  // points; its path empty: none. Not with population_field or attribute_fields.
  CensusSource census = {};
};

// A road centreline layer for the network travel modes. With an empty path, the roads of the
// (first) OSM facility source are used.
struct RoadSource {
  std::string path;
  std::string layer;          // non-OSM sources: the line layer
  std::string class_field;    // highway-like class (speeds from the road profile)
  std::string speed_field;    // km/h
  std::string oneway_field;   // yes/no/-1, FT/TF/B, ...
  WebCoords coords = WebCoords::wgs84;  // a lon/lat source's coordinates (--coords)
};

struct LoadOptions {
  TravelMode mode = TravelMode::distance;  // walk or drive also read roads
  RoadSource roads;
  std::string road_profile;       // empty: <data>/road_speeds.yaml
  double walk_speed_mps = 0.0;    // > 0: overrides the profile's walking speed
  std::string metric_crs;         // "--crs"; empty: the UTM zone of the data's centre
  std::string source_crs;         // CRS assumed for sources that state none; empty: an error
  std::string tag_mapping;        // OSM tag rules; empty: <data>/osm_categories.yaml
  std::string proxy_settings;     // OSM population proxy; empty: <data>/population_proxy.yaml
  std::vector<std::string> categories;  // categories to load; empty: every mapped category
  double cell_size_m = 100.0;     // demand polygons larger than a cell are split over a grid
  // Polygon layers (path, layer) whose areas are closed to new sites (water, protected land).
  std::vector<std::pair<std::string, std::string>> exclude;
  // Districts to report against (a polygon layer); empty path: none. With an empty name field the
  // first of name, NAME, Name, 名称, district the layer has; a feature without a name is called by
  // its id.
  std::string districts_path, districts_layer, district_name_field;
  WebCoords districts_coords = WebCoords::wgs84;
  // {x0, y0, x1, y1, ...}, one or more boxes in `metric_crs` (which must then be set): a vector
  // demand layer is read only where its features meet them (a GDAL spatial filter: an indexed
  // source such as a GeoPackage or PostGIS reads no more; one box by the features' bounds, more by
  // the features meeting the boxes' union); empty: all of it. What a shard of a split run reads.
  std::vector<double> demand_bounds;
  // The same for the roads (network modes): a vector road layer is filtered as the demand is; an
  // OSM extract, read whole, keeps only the lines whose bounds meet a box.
  std::vector<double> road_bounds;
  // OSM files read from another file in their place: {path as given, the file read}. A shard's
  // run reads its extract (`shard extract`) of an OSM source; the features keep their ids.
  std::vector<std::pair<std::string, std::string>> osm_extracts;
  // The character set of the sources' attributes where the driver takes one (a Shapefile's .dbf,
  // MapInfo): "CP936" for a GBK .dbf without a .cpg. Empty: what the source states, else UTF-8.
  std::string encoding;
};

// A feature left out, with where it was and why.
struct Skipped {
  std::string where;
  std::string reason;
};

struct Inputs {
  Categories categories;  // the categories asked for (or every mapped one), in order
  Facilities facilities;
  Demand demand;
  // Demand polygons not yet spread over points (cell_size_m: the grid they are spread on). The
  // staging in api/ appends their points to `demand` and empties this.
  DemandPolygons demand_polygons;
  double cell_size_m = 100.0;
  std::string crs;        // e.g. "EPSG:32648"
  std::string crs_wkt;
  std::string population_basis;  // one sentence, printed with every figure
  std::string population_basis_zh;  // the same in Chinese (--lang zh), for the words built here
  bool openstreetmap = false;      // some source read is OpenStreetMap data (ODbL attribution)
  // OSM files read from another file in their place (LoadOptions::osm_extracts): a shard's extracts.
  std::vector<std::pair<std::string, std::string>> osm_extracts;
  std::string osm_extract;         // the first OpenStreetMap file read (a map's basemap), if any
  std::vector<Skipped> skipped;
  std::vector<std::string> notes;  // repaired geometries, assumed CRS, GDAL warnings
  RoadLines roads;                 // walk/drive modes: the lines usable by the mode, in metres
  std::string roads_source;        // where they came from
  double walk_speed_mps = 0.0;     // the walking speed in force (profile or override)
  std::vector<std::vector<unsigned char>> exclusions;  // polygons (WKB, metres) from LoadOptions::exclude
  Districts districts;             // from LoadOptions::districts_path, in metres; empty without one
  // With a census: the demand polygons' key fields while staged (parallel to demand_polygons),
  // then the report of the join.
  CensusUnits census_units;
  std::optional<CensusReport> census;
};

}  // namespace lc

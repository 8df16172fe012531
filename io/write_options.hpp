#pragma once
// How a run's outputs are written: the vector format of a folder's outputs, or a PostgreSQL
// database (`--out PG:...`). Used by the CLI and by any caller of the io::write_* functions.

#include <string>
#include <vector>

#include "core/web_coords.hpp"

namespace lc::io {

// The vector outputs of a folder. Every format is written in EPSG:4326 (lon/lat, 7 decimals),
// like the GeoJSON; summary.json stays JSON and travel_time_<category>.tif GeoTIFF.
//   geojson  demand.geojson, facilities.geojson, ... (one RFC 7946 file per output)
//   gpkg     one GeoPackage per run, named after the command (coverage.gpkg, isochrones.gpkg,
//            propose.gpkg), with one layer per output (demand, facilities, service_areas, ...)
//   fgb      one FlatGeobuf per output (demand.fgb, ...), with a spatial index
//   shp      one Shapefile per output (demand.shp, .shx, .dbf, .prj, and .cpg saying UTF-8);
//            field names cut to 10 bytes by a fixed rule (shapefile_field_name in
//            io/gdal_writers.hpp), listed in summary.json under shapefile_fields
enum class VectorFormat { geojson, gpkg, fgb, shp };

struct OutputOptions {
  VectorFormat format = VectorFormat::geojson;  // for a folder; a PG: output is tables
  // The lon/lat of the vector outputs: WGS-84 (EPSG:4326), or GCJ-02 / BD-09 to lay them over
  // Amap, Tencent or Baidu basemaps (--output-coords; folders only).
  WebCoords coords = WebCoords::wgs84;
};

// "geojson", "gpkg", "fgb", "shp" -> the format; false for anything else.
bool parse_vector_format(const std::string& text, VectorFormat& format);
const char* format_name(VectorFormat format);

// True when `out` is a PostgreSQL connection string ("PG:dbname=... [schema=...]"): the vector
// outputs become tables demand, facilities, service_areas, isochrones, proposed_sites (in
// `schema`, default the connection's current schema), each replaced in one transaction with
// the others, and the summary a row of the table lifecircle_runs (id, run_at, command, summary).
bool is_postgres_output(const std::string& out);

// What a run wrote, for people: "summary.json, demand.geojson, facilities.geojson" or
// "coverage.gpkg (layers demand, facilities), summary.json" or "tables demand, facilities and a
// row of lifecircle_runs". `command` names the GeoPackage; `layers` are the vector outputs
// (demand, facilities, service_areas, isochrones, proposed_sites); `out` the folder or PG:.
std::string written_outputs(const std::string& command, const std::vector<std::string>& layers, const std::string& out,
                            const OutputOptions& options);

// `connection` with its password replaced by *** (password=..., or user:password@ in a URI).
std::string masked_connection(const std::string& connection);

}  // namespace lc::io

#pragma once
// A streaming GeoJSON (RFC 7946) writer for large point layers: coordinates are reprojected in
// bulk with PROJ (through OGR) and written with 7 decimals (about 1 cm); properties come from
// columns. It is the GeoJSON point writer; the other formats, and polygons, are written with GDAL
// (gdal_writers.hpp), which writes the same features (tests/io/point_writers_test.cpp) about 13
// times slower through GDAL's GeoJSON driver (bench/README.md: 1,000,000 points in 2.2 s here,
// 29.5 s there).

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <ogr_spatialref.h>

#include "core/web_coords.hpp"

namespace lc::io {

struct PointColumn {
  enum class Type { string, number, integer, boolean };
  std::string name;
  Type type;
  int decimals = -1;  // numbers: fixed decimals with trailing zeros trimmed; -1: shortest exact form
  // Writes the value of row i; numbers that are not finite are written as null.
  std::function<std::string(std::size_t)> string_at;
  std::function<double(std::size_t)> number_at;
  std::function<long long(std::size_t)> integer_at;
  std::function<bool(std::size_t)> boolean_at;
};

PointColumn string_column(std::string name, std::function<std::string(std::size_t)> f);
PointColumn number_column(std::string name, std::function<double(std::size_t)> f, int decimals = -1);
PointColumn integer_column(std::string name, std::function<long long(std::size_t)> f);
PointColumn boolean_column(std::string name, std::function<bool(std::size_t)> f);

// `x`, `y` (in `crs`) as lon/lat in EPSG:4326, in bulk. Throws InputError naming `final_name`
// and the point when PROJ cannot transform one.
// With `coords` GCJ-02 or BD-09 the lon/lat are then that web map's (--output-coords).
void points_to_lonlat(const OGRSpatialReference& crs, const std::vector<double>& x, const std::vector<double>& y,
                      const std::string& final_name, std::vector<double>& lon, std::vector<double>& lat,
                      WebCoords coords = WebCoords::wgs84);

// Writes `x`, `y` (in `crs`) as a FeatureCollection of points in EPSG:4326 to `path`.
// Throws InputError when PROJ cannot transform a point or the file cannot be written.
void write_point_geojson(const std::filesystem::path& path, const std::string& final_name,
                         const OGRSpatialReference& crs, const std::vector<double>& x, const std::vector<double>& y,
                         const std::vector<PointColumn>& columns, WebCoords coords = WebCoords::wgs84);

}  // namespace lc::io

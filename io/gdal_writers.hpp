#pragma once
// GDAL-backed writers shared by the output modules. Internal to io/.

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "io/error.hpp"
#include "io/geojson_points.hpp"

#include "core/web_coords.hpp"

namespace lc::io {

// The GDAL vector drivers the outputs are written with.
enum class VectorDriver { geojson, gpkg, fgb, shp, postgres };

// GDAL's name of the driver: "GeoJSON", "GPKG", "FlatGeobuf", "ESRI Shapefile", "PostgreSQL".
const char* gdal_driver_name(VectorDriver driver);

// Creates an empty vector dataset at `path` (for a Shapefile, its .shp); `display` names the
// output in messages. Throws InputError with GDAL's message when it cannot.
GDALDatasetUniquePtr create_vector_file(VectorDriver driver, const std::filesystem::path& path,
                                        const std::string& display);

enum class LayerGeometry { points, polygons };

// One layer of a vector output, written feature by feature. Polygons come as WKB in metres of the
// run's CRS; they are reprojected here to EPSG:4326 with PROJ, snapped to the 1e-7 degree grid
// the outputs are written with (GEOS precision reduction, which keeps them valid), repaired if
// still invalid, and written lon/lat. In every format but GeoJSON the layer is typed (Point,
// MultiPolygon) and polygons are written as multipolygons.
//
// Per format: GeoJSON is RFC 7946 with 7 decimals; a GeoPackage layer is written in one
// transaction; a Shapefile gets field names of at most 10 bytes (shapefile_field_name), a .cpg
// saying UTF-8 and text fields of up to 254 bytes, shrunk to fit when closed; a PostgreSQL table
// keeps the field names as given (no laundering), numbers as double precision, a geometry
// column `geom` with a GiST index and the key `fid`.
class LayerWriter {
 public:
  // A layer in `ds`, which must outlive the writer (a GeoPackage or database holding several).
  // `display` names it in messages; `extra_options` are more layer creation options.
  LayerWriter(GDALDataset& ds, VectorDriver driver, const std::string& layer_name, const std::string& display,
              LayerGeometry geometry, const std::string& crs_wkt, const std::vector<std::string>& extra_options = {});
  // A layer in a dataset of its own, closed by close().
  LayerWriter(GDALDatasetUniquePtr ds, VectorDriver driver, const std::string& layer_name, const std::string& display,
              LayerGeometry geometry, const std::string& crs_wkt);
  ~LayerWriter();
  LayerWriter(const LayerWriter&) = delete;
  LayerWriter& operator=(const LayerWriter&) = delete;

  // A field; `decimals` (reals) sets a Shapefile's precision. Fields are set by index, in order.
  void field(const std::string& name, OGRFieldType type, OGRFieldSubType sub = OFSTNone, int decimals = -1);
  OGRFeatureUniquePtr feature() const;
  // Sets the feature's geometry from WKB in metres (a no-op for empty WKB).
  void set_polygon(OGRFeature& f, const std::vector<unsigned char>& wkb_metres);
  // Writes `f` (and clears its FID, so the feature can be reused for the next one). A FlatGeobuf
  // cannot hold a feature without geometry (GDAL 3.6 drops it): such a feature is left out and
  // counted.
  void add(OGRFeature& f);
  // Finishes the layer (and its own dataset); throws InputError with GDAL's message on failure.
  void close();

  // The fields whose written name differs from the one given (Shapefiles): (given, written).
  const std::vector<std::pair<std::string, std::string>>& renamed_fields() const { return renamed_; }
  const std::string& display() const { return display_; }
  // The lon/lat written: WGS-84 (EPSG:4326), or a Chinese web map's (--output-coords).
  void set_coords(WebCoords coords) { coords_ = coords; }
  WebCoords coords() const { return coords_; }
  std::size_t left_out() const { return left_out_; }

 private:
  void finish_transaction();

  GDALDatasetUniquePtr owned_;
  GDALDataset* ds_ = nullptr;
  VectorDriver driver_;
  std::string display_;
  OGRLayer* layer_ = nullptr;
  std::unique_ptr<OGRCoordinateTransformation> to_lonlat_;
  WebCoords coords_ = WebCoords::wgs84;
  void* geos_ = nullptr;  // GEOSContextHandle_t
  bool in_transaction_ = false;
  bool closed_ = false;
  std::size_t left_out_ = 0;
  std::vector<std::string> written_names_;  // lower case, for the Shapefile's uniqueness
  std::vector<std::pair<std::string, std::string>> renamed_;
};

// Writes the points `x`, `y` (in `crs`) with one field per column into `w` through GDAL: the
// generic path, for every format (write_point_geojson is the fast one for GeoJSON). Coordinates
// are rounded to 1e-7 degrees and numbers to their column's decimals, as the fast writer writes
// them; numbers that are not finite are null. Does not close `w`.
void write_point_features(LayerWriter& w, const OGRSpatialReference& crs, const std::vector<double>& x,
                          const std::vector<double>& y, const std::vector<PointColumn>& columns);

// The field name a Shapefile (dBASE: at most 10 bytes, compared without case) gets for `name`,
// given the names already taken in the layer (lower case). The rule, deterministic and in order:
//   1. fixed names: population_in_reach -> pop_reach, population_nearest -> pop_near,
//      population_covered -> pop_cov, facility_count -> fac_count, facility_id -> fac_id,
//      facility_name -> fac_name, life_circle_complete -> complete,
//      covered_weight_after -> cov_after, total_cost_after -> cost_after, max_cost_after -> max_after;
//   2. per-category columns <category>_nearest_m, _nearest_s, _covered, _count become
//      <c>_m, <c>_s, <c>_cov, <c>_cnt, where <c> is the category cut to 6 bytes (whole UTF-8
//      characters, a trailing '_' dropped): health_covered -> health_cov, elderly_care_count ->
//      elderl_cnt, fitness_nearest_m -> fitnes_m;
//   3. any other name longer than 10 bytes is cut to 10 bytes (whole UTF-8 characters);
//   4. a name already taken gets the smallest number from 2 that makes it unique, in place of
//      its last characters (for rule 2, of the category part: healt2_cov).
std::string shapefile_field_name(const std::string& name, const std::vector<std::string>& taken);

// Writes a single-band Float32 GeoTIFF (DEFLATE, tiled) with `nodata`, top-left corner
// (min_x, max_y), square cells of `cell`, in the CRS `crs_wkt`.
void write_float_geotiff(const std::filesystem::path& path, const std::string& final_name, const std::string& crs_wkt,
                         double min_x, double max_y, double cell, int width, int height,
                         const std::vector<float>& values, float nodata);

}  // namespace lc::io

#pragma once
// GDAL-backed writers shared by the output modules. Internal to io/.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "io/error.hpp"

namespace lc::io {

// A GeoJSON (RFC 7946) polygon file written by GDAL. Geometries come in metres of the run's CRS;
// they are reprojected here to EPSG:4326 with PROJ, snapped to the 1e-7 degree grid the file is
// written with (GEOS precision reduction, which keeps them valid), repaired if still invalid,
// and written lon/lat with right-hand-rule rings.
class GeoJsonWriter {
 public:
  GeoJsonWriter(const std::filesystem::path& temp, const std::string& final_name, const std::string& crs_wkt);
  ~GeoJsonWriter();
  GeoJsonWriter(const GeoJsonWriter&) = delete;
  GeoJsonWriter& operator=(const GeoJsonWriter&) = delete;

  void field(const std::string& name, OGRFieldType type, OGRFieldSubType sub = OFSTNone);
  OGRFeatureUniquePtr feature() const;
  // Sets the feature's geometry from WKB in metres (a no-op for empty WKB).
  void set_polygon(OGRFeature& f, const std::vector<unsigned char>& wkb_metres);
  void add(OGRFeature& f);
  void close();

 private:
  std::string name_;
  GDALDatasetUniquePtr ds_;
  OGRLayer* layer_ = nullptr;
  std::unique_ptr<OGRCoordinateTransformation> to_lonlat_;
  void* geos_ = nullptr;  // GEOSContextHandle_t
};


// Writes a single-band Float32 GeoTIFF (DEFLATE, tiled) with `nodata`, top-left corner
// (min_x, max_y), square cells of `cell`, in the CRS `crs_wkt`.
void write_float_geotiff(const std::filesystem::path& path, const std::string& final_name, const std::string& crs_wkt,
                         double min_x, double max_y, double cell, int width, int height,
                         const std::vector<float>& values, float nodata);

}  // namespace lc::io

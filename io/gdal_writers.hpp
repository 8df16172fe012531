#pragma once
// GDAL-backed writers shared by the output modules. Internal to io/.

#include <filesystem>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "io/error.hpp"

namespace lc::io {

// A GeoJSON (RFC 7946) file written by GDAL: the driver reprojects from the metric CRS to
// EPSG:4326, orders polygon rings by the right-hand rule and writes lon/lat.
class GeoJsonWriter {
 public:
  GeoJsonWriter(const std::filesystem::path& temp, const std::string& final_name, const std::string& crs_wkt)
      : name_(final_name) {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    if (!driver) throw InputError("GDAL has no GeoJSON driver");
    ds_.reset(driver->Create(temp.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds_) throw InputError(final_name + ": cannot create the file");
    OGRSpatialReference srs;
    srs.importFromWkt(crs_wkt.c_str());
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const char* opts[] = {"RFC7946=YES", "WRITE_NAME=NO", nullptr};
    layer_ = ds_->CreateLayer(final_name.c_str(), &srs, wkbUnknown, const_cast<char**>(opts));
    if (!layer_) throw InputError(final_name + ": cannot create the layer");
  }
  void field(const std::string& name, OGRFieldType type, OGRFieldSubType sub = OFSTNone) {
    OGRFieldDefn d(name.c_str(), type);
    d.SetSubType(sub);
    if (layer_->CreateField(&d) != OGRERR_NONE) throw InputError(name_ + ": cannot create field " + name);
  }
  OGRFeatureUniquePtr feature() const { return OGRFeatureUniquePtr(OGRFeature::CreateFeature(layer_->GetLayerDefn())); }
  void add(OGRFeature& f) {
    if (layer_->CreateFeature(&f) != OGRERR_NONE) throw InputError(name_ + ": cannot write feature");
  }
  void close() {
    CPLErrorReset();
    GDALClose(GDALDataset::ToHandle(ds_.release()));
    if (CPLGetLastErrorType() >= CE_Failure) throw InputError(name_ + ": cannot finish the file: " + CPLGetLastErrorMsg());
  }

 private:
  std::string name_;
  GDALDatasetUniquePtr ds_;
  OGRLayer* layer_ = nullptr;
};

// A geometry from WKB (owned by the caller); throws InputError naming `file`.
OGRGeometry* geometry_from_wkb(const std::vector<unsigned char>& wkb, const std::string& file);

// Writes a single-band Float32 GeoTIFF (DEFLATE, tiled) with `nodata`, top-left corner
// (min_x, max_y), square cells of `cell`, in the CRS `crs_wkt`.
void write_float_geotiff(const std::filesystem::path& path, const std::string& final_name, const std::string& crs_wkt,
                         double min_x, double max_y, double cell, int width, int height,
                         const std::vector<float>& values, float nodata);

}  // namespace lc::io

#include "io/gdal_writers.hpp"

#include <cmath>

#include <geos_c.h>

#include "core/detail/geos_polygons.hpp"
#include "io/crs.hpp"

namespace lc::io {

GeoJsonWriter::GeoJsonWriter(const std::filesystem::path& temp, const std::string& final_name,
                             const std::string& crs_wkt)
    : name_(final_name), geos_(GEOS_init_r()) {
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
  if (!driver) throw InputError("GDAL has no GeoJSON driver");
  ds_.reset(driver->Create(temp.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds_) throw InputError(final_name + ": cannot create the file");
  OGRSpatialReference metric;
  metric.importFromWkt(crs_wkt.c_str());
  const auto wgs = wgs84_lonlat();
  to_lonlat_ = make_transform(metric, *wgs, final_name);
  const char* opts[] = {"RFC7946=YES", "WRITE_NAME=NO", "COORDINATE_PRECISION=7", nullptr};
  layer_ = ds_->CreateLayer(final_name.c_str(), wgs.get(), wkbUnknown, const_cast<char**>(opts));
  if (!layer_) throw InputError(final_name + ": cannot create the layer");
}

GeoJsonWriter::~GeoJsonWriter() { GEOS_finish_r(static_cast<GEOSContextHandle_t>(geos_)); }

void GeoJsonWriter::field(const std::string& name, OGRFieldType type, OGRFieldSubType sub) {
  OGRFieldDefn d(name.c_str(), type);
  d.SetSubType(sub);
  if (layer_->CreateField(&d) != OGRERR_NONE) throw InputError(name_ + ": cannot create field " + name);
}

OGRFeatureUniquePtr GeoJsonWriter::feature() const {
  return OGRFeatureUniquePtr(OGRFeature::CreateFeature(layer_->GetLayerDefn()));
}

void GeoJsonWriter::set_polygon(OGRFeature& f, const std::vector<unsigned char>& wkb_metres) {
  if (wkb_metres.empty()) return;
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb_metres.data(), nullptr, &g, wkb_metres.size()) != OGRERR_NONE) {
    throw InputError(name_ + ": cannot decode a polygon");
  }
  std::unique_ptr<OGRGeometry> geom(g);
  if (geom->transform(to_lonlat_.get()) != OGRERR_NONE) throw InputError(name_ + ": PROJ cannot transform a polygon to EPSG:4326");
  // Through GEOS: snap to the written precision (keeping validity), repair, keep the polygons.
  auto h = static_cast<GEOSContextHandle_t>(geos_);
  std::vector<unsigned char> wkb(static_cast<std::size_t>(geom->WkbSize()));
  geom->exportToWkb(wkbNDR, wkb.data());
  GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
  GEOSGeometry* gg = GEOSWKBReader_read_r(h, reader, wkb.data(), wkb.size());
  GEOSWKBReader_destroy_r(h, reader);
  if (!gg) throw InputError(name_ + ": GEOS cannot read a polygon");
  GEOSGeometry* snapped = GEOSGeom_setPrecision_r(h, gg, 1e-7, 0);
  if (!snapped) {
    // Snap-rounding can fail on intricate shapes: round the vertices, repair, and try again.
    GEOSGeometry* rounded = GEOSGeom_setPrecision_r(h, gg, 1e-7, GEOS_PREC_NO_TOPO);
    GEOSGeometry* repaired = rounded ? GEOSMakeValid_r(h, rounded) : nullptr;
    if (rounded) GEOSGeom_destroy_r(h, rounded);
    snapped = repaired ? GEOSGeom_setPrecision_r(h, repaired, 1e-7, 0) : nullptr;
    if (snapped) GEOSGeom_destroy_r(h, repaired);
    else snapped = repaired;
  }
  GEOSGeom_destroy_r(h, gg);
  if (!snapped) throw InputError(name_ + ": GEOS cannot reduce a polygon's precision");
  if (GEOSisValid_r(h, snapped) != 1) {
    GEOSGeometry* fixed = GEOSMakeValid_r(h, snapped);
    GEOSGeom_destroy_r(h, snapped);
    snapped = fixed;
  }
  snapped = detail::keep_polygons(h, snapped);
  if (!snapped) return;  // nothing polygonal survives at this precision
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(h);
  std::size_t size = 0;
  unsigned char* out = snapped ? GEOSWKBWriter_write_r(h, writer, snapped, &size) : nullptr;
  GEOSWKBWriter_destroy_r(h, writer);
  if (snapped) GEOSGeom_destroy_r(h, snapped);
  if (!out) throw InputError(name_ + ": GEOS cannot write a polygon");
  OGRGeometry* result = nullptr;
  const OGRErr err = OGRGeometryFactory::createFromWkb(out, nullptr, &result, size);
  GEOSFree_r(h, out);
  if (err != OGRERR_NONE) throw InputError(name_ + ": cannot decode a polygon");
  f.SetGeometryDirectly(result);
}

void GeoJsonWriter::add(OGRFeature& f) {
  if (layer_->CreateFeature(&f) != OGRERR_NONE) throw InputError(name_ + ": cannot write feature");
}

void GeoJsonWriter::close() {
  CPLErrorReset();
  GDALClose(GDALDataset::ToHandle(ds_.release()));
  if (CPLGetLastErrorType() >= CE_Failure) throw InputError(name_ + ": cannot finish the file: " + CPLGetLastErrorMsg());
}

void write_float_geotiff(const std::filesystem::path& path, const std::string& final_name, const std::string& crs_wkt,
                         double min_x, double max_y, double cell, int width, int height,
                         const std::vector<float>& values, float nodata) {
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!driver) throw InputError("GDAL has no GTiff driver");
  const char* opts[] = {"COMPRESS=DEFLATE", "TILED=YES", nullptr};
  GDALDatasetUniquePtr ds(driver->Create(path.string().c_str(), width, height, 1, GDT_Float32, const_cast<char**>(opts)));
  if (!ds) throw InputError(final_name + ": cannot create the file");
  double gt[6] = {min_x, cell, 0.0, max_y, 0.0, -cell};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.importFromWkt(crs_wkt.c_str());
  ds->SetSpatialRef(&srs);
  GDALRasterBand* band = ds->GetRasterBand(1);
  band->SetNoDataValue(nodata);
  std::vector<float> row(static_cast<std::size_t>(width));
  for (int r = 0; r < height; ++r) {
    for (int c = 0; c < width; ++c) {
      const float v = values[static_cast<std::size_t>(r) * width + c];
      row[static_cast<std::size_t>(c)] = std::isnan(v) ? nodata : v;
    }
    if (band->RasterIO(GF_Write, 0, r, width, 1, row.data(), width, 1, GDT_Float32, 0, 0) != CE_None) {
      throw InputError(final_name + ": cannot write row " + std::to_string(r));
    }
  }
  CPLErrorReset();
  GDALClose(GDALDataset::ToHandle(ds.release()));
  if (CPLGetLastErrorType() >= CE_Failure) throw InputError(final_name + ": cannot finish the file: " + CPLGetLastErrorMsg());
}

}  // namespace lc::io

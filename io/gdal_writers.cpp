#include "io/gdal_writers.hpp"

#include <cmath>

namespace lc::io {

OGRGeometry* geometry_from_wkb(const std::vector<unsigned char>& wkb, const std::string& file) {
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE) {
    throw InputError(file + ": cannot decode a polygon");
  }
  return g;
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

#include "io/contour.hpp"

#include "io/gdal_env.hpp"

#include <stdexcept>

#include <gdal_alg.h>
#include <ogr_api.h>

namespace lc::io {

std::vector<std::vector<double>> contour_rings(const DistanceField& field) {
  std::vector<std::vector<double>> rings;
  if (field.width <= 0 || field.height <= 0) return rings;
  ensure_gdal();
  GdalMessages messages;
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (!mem) throw std::runtime_error("GDAL has no MEM raster driver");
  const GDALDatasetUniquePtr raster(mem->Create("", field.width, field.height, 1, GDT_Float32, nullptr));
  if (!raster) throw std::runtime_error("GDAL could not make a raster of the reached area: " + messages.last_error());
  double transform[6] = {field.min_x, field.cell_m, 0, field.max_y, 0, -field.cell_m};
  raster->SetGeoTransform(transform);
  GDALRasterBand* band = raster->GetRasterBand(1);
  if (band->RasterIO(GF_Write, 0, 0, field.width, field.height, const_cast<float*>(field.value.data()), field.width,
                     field.height, GDT_Float32, 0, 0, nullptr) != CE_None)
    throw std::runtime_error("GDAL could not fill the raster of the reached area: " + messages.last_error());

  // Lines, not GDAL's polygon output: that one nests its rings pairwise (quadratic in their
  // number, minutes for a city's isochrones); the rings are made polygons in algorithms/.
  GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
  if (!memory) throw std::runtime_error("GDAL has no Memory vector driver");
  const GDALDatasetUniquePtr out(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* layer = out ? out->CreateLayer("contour", nullptr, wkbLineString, nullptr) : nullptr;
  if (!layer) throw std::runtime_error("GDAL could not make a layer for contours: " + messages.last_error());
  OGRFieldDefn id("id", OFTInteger);
  layer->CreateField(&id);
  const char* options[] = {"ID_FIELD=0", "FIXED_LEVELS=0", nullptr};
  if (GDALContourGenerateEx(band, OGRLayer::ToHandle(layer), const_cast<char**>(options), nullptr, nullptr) != CE_None)
    throw std::runtime_error("GDAL could not contour the reached area: " + messages.last_error());
  layer->ResetReading();
  for (auto& feature : *layer) {
    const OGRGeometry* g = feature->GetGeometryRef();
    const auto* line = g ? dynamic_cast<const OGRLineString*>(g) : nullptr;
    if (!line || line->getNumPoints() < 3) continue;
    std::vector<double> xy;
    xy.reserve(2 * static_cast<std::size_t>(line->getNumPoints()) + 2);
    for (int i = 0; i < line->getNumPoints(); ++i) xy.push_back(line->getX(i)), xy.push_back(line->getY(i));
    if (xy[0] != xy[xy.size() - 2] || xy[1] != xy.back()) xy.push_back(xy[0]), xy.push_back(xy[1]);
    rings.push_back(std::move(xy));
  }
  return rings;
}

}  // namespace lc::io

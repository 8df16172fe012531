#include "io/crs.hpp"

#include <algorithm>
#include <cmath>

#include "io/error.hpp"

namespace lc::io {

void LonLatBox::add(const LonLatBox& o) {
  min_lon = std::min(min_lon, o.min_lon);
  min_lat = std::min(min_lat, o.min_lat);
  max_lon = std::max(max_lon, o.max_lon);
  max_lat = std::max(max_lat, o.max_lat);
}

std::string utm_crs_for(const LonLatBox& box) {
  const double lon = 0.5 * (box.min_lon + box.max_lon);
  const double lat = 0.5 * (box.min_lat + box.max_lat);
  int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
  zone = std::clamp(zone, 1, 60);
  return "EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone);
}

std::unique_ptr<OGRSpatialReference> crs_from_user(const std::string& text, const std::string& option) {
  auto srs = std::make_unique<OGRSpatialReference>();
  if (srs->SetFromUserInput(text.c_str()) != OGRERR_NONE) {
    throw UsageError(option + " '" + text + "': not a CRS GDAL/PROJ understands (try EPSG:NNNN)");
  }
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::unique_ptr<OGRSpatialReference> metric_crs_from_user(const std::string& text) {
  auto srs = crs_from_user(text, "--crs");
  if (!srs->IsProjected() || std::fabs(srs->GetLinearUnits() - 1.0) > 1e-9) {
    throw UsageError("--crs '" + text + "': must be a projected CRS in metres (e.g. a UTM zone, EPSG:32650)");
  }
  return srs;
}

std::unique_ptr<OGRSpatialReference> wgs84_lonlat() {
  auto srs = std::make_unique<OGRSpatialReference>();
  srs->importFromEPSG(4326);
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::unique_ptr<OGRCoordinateTransformation> make_transform(const OGRSpatialReference& from,
                                                            const OGRSpatialReference& to,
                                                            const std::string& context) {
  OGRSpatialReference a(from), b(to);
  a.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  b.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&a, &b));
  if (!ct) throw InputError(context + ": PROJ has no transformation from its CRS to " + (b.GetName() ? b.GetName() : "the target CRS"));
  return ct;
}

}  // namespace lc::io

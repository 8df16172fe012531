#pragma once
// The run's metric CRS and reprojection into and out of it (PROJ, through GDAL's OGR wrappers).

#include <memory>
#include <string>

#include <ogr_spatialref.h>

namespace lc::io {

struct LonLatBox {
  double min_lon = 180, min_lat = 90, max_lon = -180, max_lat = -90;
  bool empty() const { return min_lon > max_lon; }
  void add(const LonLatBox& o);
};

// The UTM zone (WGS 84, EPSG:326xx north / 327xx south) holding the centre of `box`.
std::string utm_crs_for(const LonLatBox& box);

// A projected CRS in metres from user text ("EPSG:32650", WKT, PROJ string); throws UsageError
// when it cannot be parsed or is not projected in metres.
std::unique_ptr<OGRSpatialReference> metric_crs_from_user(const std::string& text);

// A CRS from user text, any kind; throws UsageError naming `option` when it cannot be parsed.
std::unique_ptr<OGRSpatialReference> crs_from_user(const std::string& text, const std::string& option);

std::unique_ptr<OGRSpatialReference> wgs84_lonlat();

// A transformation with lon/lat (traditional GIS) axis order on both sides; throws InputError.
std::unique_ptr<OGRCoordinateTransformation> make_transform(const OGRSpatialReference& from,
                                                            const OGRSpatialReference& to,
                                                            const std::string& context);

}  // namespace lc::io

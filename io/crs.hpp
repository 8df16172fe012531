#pragma once
// The run's metric CRS and reprojection into and out of it (PROJ, through GDAL's OGR wrappers).

#include <cmath>
#include <memory>
#include <string>

#include <ogr_spatialref.h>

#include "core/web_coords.hpp"

namespace lc::io {

struct LonLatBox {
  double min_lon = 180, min_lat = 90, max_lon = -180, max_lat = -90;
  bool empty() const { return min_lon > max_lon; }
  void add(const LonLatBox& o);
};

// The UTM zone (WGS 84, EPSG:326xx north / 327xx south) holding the centre of `box`.
std::string utm_crs_for(const LonLatBox& box);

// The CGCS2000 3-degree Gauss-Krüger zone whose central meridian is nearest `lon`, with the zone
// number in front of the easting: zone round(lon / 3) (25-45, central meridians 75°E-135°E),
// EPSG:4513 + (zone - 25).
std::string cgcs2000_gk_crs_for(double lon);

// Whether lon/lat (WGS 84 degrees) lies inside China's outline, data/china_outline.geojson (the
// outline is read once; an unreadable file is an InputError naming it).
bool inside_china(double lon, double lat);

// The automatic metric CRS for data in `box`: the CGCS2000 Gauss-Krüger zone of its centre when
// the centre lies inside China, else the UTM zone of its centre.
std::string working_crs_for(const LonLatBox& box);

// A projected CRS in metres from user text ("EPSG:32650", WKT, PROJ string); throws UsageError
// when it cannot be parsed or is not projected in metres.
std::unique_ptr<OGRSpatialReference> metric_crs_from_user(const std::string& text);

// A CRS from user text, any kind; throws UsageError naming `option` when it cannot be parsed.
std::unique_ptr<OGRSpatialReference> crs_from_user(const std::string& text, const std::string& option);

std::unique_ptr<OGRSpatialReference> wgs84_lonlat();

// How many of `metric`'s metres a metre on the ground (the WGS 84 ellipsoid) is at lon/lat, east
// and north: 1 for a CRS true to scale there, 0.9996 on a UTM zone's central meridian, 1.155 for
// Web Mercator at 30° N. Measured through PROJ over 0.001°; NaN when PROJ cannot put the place in
// `metric`.
struct ScaleFactors {
  double east = NAN, north = NAN;
};
ScaleFactors scale_factors(const OGRSpatialReference& metric, double lon, double lat);

// A transformation with lon/lat (traditional GIS) axis order on both sides; throws InputError.
std::unique_ptr<OGRCoordinateTransformation> make_transform(const OGRSpatialReference& from,
                                                            const OGRSpatialReference& to,
                                                            const std::string& context);

// Longitude/latitude in `lonlat` between WGS-84 and a Chinese web map's coordinates
// (io/china_coords.hpp), as a GDAL transformation, so that OGRGeometry::transform carries every
// vertex: `coords` to WGS-84 (reading) or WGS-84 to `coords` (writing).
std::unique_ptr<OGRCoordinateTransformation> web_coords_transform(WebCoords coords, bool to_wgs84,
                                                                  const OGRSpatialReference& lonlat);

}  // namespace lc::io

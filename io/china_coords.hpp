#pragma once
// The coordinates of Chinese web maps: GCJ-02 (the offset Chinese rules require of published
// maps: Amap/Gaode, Tencent, Google's China tiles) and BD-09 (Baidu's own offset on top of
// GCJ-02), to and from WGS-84, in degrees of longitude and latitude. PROJ has neither by design:
// they are obfuscations, not datums. The forward transforms are the published ones (as the
// open implementations eviltransform and coordtransform give them); the inverses are solved by
// iteration to within 1e-9 degrees (about 0.1 mm), where the usual one-step inverses err by
// 1-2 m.

#include <string>
#include <vector>

#include "core/web_coords.hpp"

namespace lc::io {

// The rectangle inside which GCJ-02 shifts coordinates (longitude 72.004-137.8347, latitude
// 0.8293-55.8271, as the published transform tests it); outside it a point is left as it is.
bool gcj02_applies(double lon, double lat);

void wgs84_to_gcj02(double lon, double lat, double& out_lon, double& out_lat);
void gcj02_to_wgs84(double lon, double lat, double& out_lon, double& out_lat);
void gcj02_to_bd09(double lon, double lat, double& out_lon, double& out_lat);
void bd09_to_gcj02(double lon, double lat, double& out_lon, double& out_lat);

// From `from` to WGS-84 and from WGS-84 to `to`, in place.
void to_wgs84(WebCoords from, double& lon, double& lat);
void from_wgs84(WebCoords to, double& lon, double& lat);

// The points (x, y) in the metric CRS `crs_wkt` read again as if their longitude and latitude
// had been `coords` (GCJ-02 or BD-09) and not WGS-84: to lon/lat, from `coords` to WGS-84, back;
// in place. False (the points untouched) when one lies outside the box where GCJ-02 applies or
// PROJ cannot place it. (Defined in io/crs.cpp, with the other reprojections.)
bool reread_as_web_coords(const std::string& crs_wkt, WebCoords coords, std::vector<double>& x, std::vector<double>& y);

}  // namespace lc::io

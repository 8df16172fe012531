#include "io/china_coords.hpp"

#include <cmath>

namespace lc::io {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kA = 6378245.0;                 // Krasovsky 1940 semi-major axis, as published
constexpr double kEe = 0.00669342162296594323;   // its first eccentricity squared
constexpr double kBdPi = kPi * 3000.0 / 180.0;

double shift_lat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double shift_lon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// The point p with forward(p) = (lon, lat): from the one-step guess, p += target - forward(p)
// until the step is under 1e-10 degrees (the forward shifts change by less than 1e-4 of a step
// over a step, so each round gains about four digits).
template <typename Forward>
void invert(Forward&& forward, double lon, double lat, double& out_lon, double& out_lat) {
  double fx, fy;
  forward(lon, lat, fx, fy);
  double x = lon - (fx - lon), y = lat - (fy - lat);
  for (int round = 0; round < 30; ++round) {
    forward(x, y, fx, fy);
    const double dx = lon - fx, dy = lat - fy;
    x += dx, y += dy;
    if (std::abs(dx) < 1e-10 && std::abs(dy) < 1e-10) break;
  }
  out_lon = x, out_lat = y;
}

}  // namespace

bool gcj02_applies(double lon, double lat) {
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

void wgs84_to_gcj02(double lon, double lat, double& out_lon, double& out_lat) {
  if (!gcj02_applies(lon, lat)) {
    out_lon = lon, out_lat = lat;
    return;
  }
  double dlat = shift_lat(lon - 105.0, lat - 35.0), dlon = shift_lon(lon - 105.0, lat - 35.0);
  const double rad = lat / 180.0 * kPi;
  double magic = std::sin(rad);
  magic = 1 - kEe * magic * magic;
  const double sqrt_magic = std::sqrt(magic);
  dlat = (dlat * 180.0) / ((kA * (1 - kEe)) / (magic * sqrt_magic) * kPi);
  dlon = (dlon * 180.0) / (kA / sqrt_magic * std::cos(rad) * kPi);
  out_lon = lon + dlon, out_lat = lat + dlat;
}

void gcj02_to_wgs84(double lon, double lat, double& out_lon, double& out_lat) {
  if (!gcj02_applies(lon, lat)) {
    out_lon = lon, out_lat = lat;
    return;
  }
  invert(wgs84_to_gcj02, lon, lat, out_lon, out_lat);
}

void gcj02_to_bd09(double lon, double lat, double& out_lon, double& out_lat) {
  const double z = std::sqrt(lon * lon + lat * lat) + 0.00002 * std::sin(lat * kBdPi);
  const double theta = std::atan2(lat, lon) + 0.000003 * std::cos(lon * kBdPi);
  out_lon = z * std::cos(theta) + 0.0065, out_lat = z * std::sin(theta) + 0.006;
}

void bd09_to_gcj02(double lon, double lat, double& out_lon, double& out_lat) {
  invert(gcj02_to_bd09, lon, lat, out_lon, out_lat);
}

void to_wgs84(WebCoords from, double& lon, double& lat) {
  if (from == WebCoords::bd09) bd09_to_gcj02(lon, lat, lon, lat);
  if (from != WebCoords::wgs84) gcj02_to_wgs84(lon, lat, lon, lat);
}

void from_wgs84(WebCoords to, double& lon, double& lat) {
  if (to != WebCoords::wgs84) wgs84_to_gcj02(lon, lat, lon, lat);
  if (to == WebCoords::bd09) gcj02_to_bd09(lon, lat, lon, lat);
}

}  // namespace lc::io

#include "io/crs.hpp"

#include "io/china_coords.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "io/error.hpp"
#include "io/gdal_env.hpp"

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

std::string cgcs2000_gk_crs_for(double lon) {
  const int zone = std::clamp(static_cast<int>(std::lround(lon / 3.0)), 25, 45);
  return "EPSG:" + std::to_string(4513 + (zone - 25));
}

namespace {

// China's outline in lon/lat, read from the data directory once.
const OGRGeometry& china_outline() {
  static std::once_flag once;
  static std::unique_ptr<OGRGeometry> outline;
  static std::string failure;
  std::call_once(once, [] {
    const std::string path = data_dir() + "/china_outline.geojson";
    ensure_gdal();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds || ds->GetLayerCount() < 1) {
      failure = path + ": cannot read China's outline (it decides the automatic CRS; give --crs to do without it)";
      return;
    }
    auto merged = std::make_unique<OGRMultiPolygon>();
    for (auto& f : *ds->GetLayer(0)) {
      const OGRGeometry* g = f->GetGeometryRef();
      if (!g) continue;
      const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
      if (t == wkbPolygon) {
        merged->addGeometry(g);
      } else if (t == wkbMultiPolygon) {
        for (const OGRPolygon* p : *g->toMultiPolygon()) merged->addGeometry(p);
      }
    }
    if (merged->IsEmpty()) {
      failure = path + ": holds no polygon of China's outline";
      return;
    }
    outline = std::move(merged);
  });
  if (!outline) throw InputError(failure);
  return *outline;
}

}  // namespace

bool inside_china(double lon, double lat) {
  const OGRGeometry& outline = china_outline();
  OGREnvelope e;
  outline.getEnvelope(&e);
  if (lon < e.MinX || lon > e.MaxX || lat < e.MinY || lat > e.MaxY) return false;
  const OGRPoint p(lon, lat);
  return outline.Contains(&p);
}

std::string working_crs_for(const LonLatBox& box) {
  const double lon = 0.5 * (box.min_lon + box.max_lon);
  const double lat = 0.5 * (box.min_lat + box.max_lat);
  return inside_china(lon, lat) ? cgcs2000_gk_crs_for(lon) : utm_crs_for(box);
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

ScaleFactors scale_factors(const OGRSpatialReference& metric, double lon, double lat) {
  ScaleFactors f;
  const auto ll = wgs84_lonlat();
  OGRSpatialReference m(metric);
  m.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(ll.get(), &m));
  if (!ct) return f;
  constexpr double d = 1e-3;  // degrees
  double x[3] = {lon, lon + d, lon}, y[3] = {lat, lat, lat + d};
  int ok[3] = {0, 0, 0};
  if (!ct->Transform(3, x, y, nullptr, ok) || !ok[0] || !ok[1] || !ok[2]) return f;
  // The ellipsoid's radii of curvature at the latitude: meridional M, prime vertical N.
  constexpr double a = 6378137.0, e2 = 6.69437999014e-3, rad = 3.14159265358979323846 / 180.0;
  const double s = std::sin(lat * rad), w = std::sqrt(1 - e2 * s * s);
  const double n = a / w, mer = a * (1 - e2) / (w * w * w);
  f.east = std::hypot(x[1] - x[0], y[1] - y[0]) / (n * std::cos(lat * rad) * d * rad);
  f.north = std::hypot(x[2] - x[0], y[2] - y[0]) / (mer * d * rad);
  return f;
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

bool reread_as_web_coords(const std::string& crs_wkt, WebCoords coords, std::vector<double>& x, std::vector<double>& y) {
  OGRSpatialReference metric;
  if (metric.importFromWkt(crs_wkt.c_str()) != OGRERR_NONE) return false;
  metric.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const auto ll = wgs84_lonlat();
  std::unique_ptr<OGRCoordinateTransformation> to_ll(OGRCreateCoordinateTransformation(&metric, ll.get()));
  std::unique_ptr<OGRCoordinateTransformation> back(OGRCreateCoordinateTransformation(ll.get(), &metric));
  if (!to_ll || !back || x.empty()) return false;
  std::vector<double> lon = x, lat = y;
  std::vector<int> ok(x.size(), 0);
  if (!to_ll->Transform(static_cast<int>(x.size()), lon.data(), lat.data(), nullptr, ok.data())) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!ok[i] || !gcj02_applies(lon[i], lat[i])) return false;
    to_wgs84(coords, lon[i], lat[i]);
  }
  if (!back->Transform(static_cast<int>(x.size()), lon.data(), lat.data(), nullptr, ok.data())) return false;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!ok[i] || !std::isfinite(lon[i]) || !std::isfinite(lat[i])) return false;
  x = std::move(lon), y = std::move(lat);
  return true;
}

namespace {

class WebCoordsTransform final : public OGRCoordinateTransformation {
 public:
  WebCoordsTransform(WebCoords coords, bool to_wgs84, const OGRSpatialReference& srs)
      : coords_(coords), to_wgs84_(to_wgs84), srs_(srs.Clone(), &release) {}
  OGRSpatialReference* GetSourceCS() override { return srs_.get(); }
  OGRSpatialReference* GetTargetCS() override { return srs_.get(); }
  int Transform(int n, double* x, double* y, double*, double*, int* ok) override {
    for (int i = 0; i < n; ++i) {
      if (to_wgs84_) to_wgs84(coords_, x[i], y[i]);
      else from_wgs84(coords_, x[i], y[i]);
      if (ok) ok[i] = TRUE;
    }
    return TRUE;
  }
  OGRCoordinateTransformation* Clone() const override { return new WebCoordsTransform(coords_, to_wgs84_, *srs_); }
  OGRCoordinateTransformation* GetInverse() const override { return new WebCoordsTransform(coords_, !to_wgs84_, *srs_); }

 private:
  // The CRS is reference-counted: a geometry transformed takes a reference to it.
  static void release(OGRSpatialReference* s) { s->Release(); }
  WebCoords coords_;
  bool to_wgs84_;
  std::unique_ptr<OGRSpatialReference, void (*)(OGRSpatialReference*)> srs_;
};

}  // namespace

std::unique_ptr<OGRCoordinateTransformation> web_coords_transform(WebCoords coords, bool to_wgs84,
                                                                  const OGRSpatialReference& lonlat) {
  return std::make_unique<WebCoordsTransform>(coords, to_wgs84, lonlat);
}

}  // namespace lc::io

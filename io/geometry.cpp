#include "io/geometry.hpp"

#include <gdal_priv.h>

#include "core/interrupt.hpp"
#include "io/error.hpp"

#include <cmath>

#include <cpl_error.h>
#include <ogr_api.h>

namespace lc::io {

GeomPtr usable_geometry(const OGRGeometry* g, std::string& problem, bool& repaired) {
  repaired = false;
  if (!g) {
    problem = "no geometry";
    return nullptr;
  }
  if (g->IsEmpty()) {
    // GDAL reads a GeoJSON point with a NaN coordinate as an empty point.
    problem = "empty geometry (no coordinates, or NaN ones)";
    return nullptr;
  }
  {
    OGREnvelope e;
    g->getEnvelope(&e);
    if (!std::isfinite(e.MinX) || !std::isfinite(e.MinY) || !std::isfinite(e.MaxX) || !std::isfinite(e.MaxY)) {
      problem = non_finite_coordinate;
      return nullptr;
    }
  }
  if (wkbFlatten(g->getGeometryType()) == wkbPoint) return GeomPtr(g->clone());
  CPLPushErrorHandler(CPLQuietErrorHandler);  // GEOS reports why it is invalid; the note names the feature
  const bool valid = g->IsValid();
  CPLPopErrorHandler();
  if (!valid) {
    GeomPtr fixed(g->MakeValid());
    // MakeValid may return a collection of polygons and stray lines: keep the polygons.
    if (fixed && wkbFlatten(fixed->getGeometryType()) == wkbGeometryCollection) {
      auto polys = std::make_unique<OGRMultiPolygon>();
      for (const OGRGeometry* part : *fixed->toGeometryCollection()) {
        const OGRwkbGeometryType t = wkbFlatten(part->getGeometryType());
        if (t == wkbPolygon) polys->addGeometry(part);
        if (t == wkbMultiPolygon)
          for (const OGRPolygon* p : *part->toMultiPolygon()) polys->addGeometry(p);
      }
      if (!polys->IsEmpty()) fixed = std::move(polys);
    }
    if (!fixed || fixed->IsEmpty()) {
      problem = "invalid geometry that GEOS cannot repair";
      return nullptr;
    }
    repaired = true;
    return fixed;
  }
  return GeomPtr(g->clone());
}

bool representative_point(const OGRGeometry& g, double& x, double& y) {
  if (wkbFlatten(g.getGeometryType()) == wkbPoint) {
    x = g.toPoint()->getX();
    y = g.toPoint()->getY();
    return true;
  }
  GeomPtr p(OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)))));
  if (!p || p->IsEmpty() || wkbFlatten(p->getGeometryType()) != wkbPoint) return false;
  x = p->toPoint()->getX();
  y = p->toPoint()->getY();
  return true;
}

bool is_polygonal(const OGRGeometry& g) {
  const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
  return t == wkbPolygon || t == wkbMultiPolygon || t == wkbCurvePolygon || t == wkbMultiSurface;
}

double area_of(const OGRGeometry& g) { return OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g))); }

void add_rings(const OGRGeometry& g, std::vector<Ring>& rings) {
  const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
  if (t == wkbPolygon) {
    for (const OGRLinearRing* ring : *g.toPolygon()) {
      Ring r;
      r.reserve(2 * static_cast<std::size_t>(ring->getNumPoints()));
      for (const OGRPoint& p : *ring) {
        r.push_back(p.getX());
        r.push_back(p.getY());
      }
      rings.push_back(std::move(r));
    }
  } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
    for (const OGRGeometry* part : *g.toGeometryCollection()) add_rings(*part, rings);
  } else if (t == wkbCurvePolygon || t == wkbMultiSurface) {
    GeomPtr linear(g.getLinearGeometry());
    if (linear) add_rings(*linear, rings);
  }
}

RasterCells read_raster_cells(const std::string& path, GDALDataset& ds, bool negative_is_error, const std::string& what) {
  constexpr double max_count = 1.0e9;  // as for any demand feature
  RasterCells out;
  if (ds.GetGeoTransform(out.gt) != CE_None) throw InputError(path + ": the raster has no geotransform");
  GDALRasterBand* band = ds.GetRasterBand(1);
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  out.width = ds.GetRasterXSize(), out.height = ds.GetRasterYSize();
  const double* gt = out.gt;
  std::vector<double> values(static_cast<std::size_t>(out.width));
  for (int r = 0; r < out.height; ++r) {
    check_interrupt();
    if (band->RasterIO(GF_Read, 0, r, out.width, 1, values.data(), out.width, 1, GDT_Float64, 0, 0) != CE_None) {
      throw InputError(path + ": cannot read raster row " + std::to_string(r));
    }
    for (int c = 0; c < out.width; ++c) {
      const double v = values[static_cast<std::size_t>(c)];
      if ((has_nodata && v == nodata) || std::isnan(v) || v == 0.0 || (v < 0 && !negative_is_error)) continue;
      if (v < 0 || !std::isfinite(v) || v > max_count) {
        throw InputError(where(path, "band 1", "cell row " + std::to_string(r) + " column " + std::to_string(c)) +
                         ": " + what + " " + std::to_string(v) +
                         (v < 0 ? " is negative (and not the NoData value)" : " is beyond any cell's (at most 1,000,000,000)"));
      }
      out.x.push_back(gt[0] + (c + 0.5) * gt[1] + (r + 0.5) * gt[2]);
      out.y.push_back(gt[3] + (c + 0.5) * gt[4] + (r + 0.5) * gt[5]);
      out.value.push_back(v);
      out.row.push_back(r);
      out.column.push_back(c);
    }
  }
  return out;
}

}  // namespace lc::io

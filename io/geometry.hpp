#pragma once
// OGR geometry helpers shared by the readers (GEOS does the work behind OGR). Internal to io/.

#include <memory>
#include <string>
#include <vector>

#include <ogr_geometry.h>

class GDALDataset;

#include "core/demand.hpp"

namespace lc::io {

using GeomPtr = std::unique_ptr<OGRGeometry>;

// Why a feature with a NaN or infinite coordinate is skipped (both alike).
inline constexpr const char* non_finite_coordinate = "a coordinate is not a finite number (NaN or infinite)";

// A usable copy of `g`, repaired with GEOS MakeValid when invalid; null with `problem` set when
// there is none (no geometry, empty, a coordinate not finite, or beyond repair).
GeomPtr usable_geometry(const OGRGeometry* g, std::string& problem, bool& repaired);

// The point itself, or a point on the surface (GEOS) of anything else; false when none.
bool representative_point(const OGRGeometry& g, double& x, double& y);

bool is_polygonal(const OGRGeometry& g);

// Area in the square units of the geometry's coordinates.
double area_of(const OGRGeometry& g);

// Appends the rings of a polygon, multipolygon or curve polygon (linearised) to `rings`, as x, y
// pairs in its coordinates: outer rings and holes alike, for the even-odd grid fill.
void add_rings(const OGRGeometry& g, std::vector<Ring>& rings);

// The cells of band 1 of a raster with a value other than 0 and NoData, as points at their cell
// centres in the raster's CRS, row by row.
struct RasterCells {
  std::vector<double> x, y, value;
  std::vector<int> row, column;
  double gt[6] = {0, 1, 0, 0, 0, 1};  // the geotransform
  int width = 0, height = 0;
};

// Reads `path` (open as `ds`). Negative values are skipped, or with `negative_is_error` an
// InputError naming the cell; a value above 1,000,000,000 (or infinite) is an InputError calling
// it a `what` ("population", "value"). Throws InputError for a raster without a geotransform or a
// row GDAL cannot read.
RasterCells read_raster_cells(const std::string& path, GDALDataset& ds, bool negative_is_error, const std::string& what);

}  // namespace lc::io

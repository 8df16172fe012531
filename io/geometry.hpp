#pragma once
// OGR geometry helpers shared by the readers (GEOS does the work behind OGR). Internal to io/.

#include <memory>
#include <string>

#include <ogr_geometry.h>

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

}  // namespace lc::io

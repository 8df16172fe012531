#pragma once
// Reading a census table by sub-district, and the finer basis its population is spread by.

#include <string>

#include "core/census.hpp"
#include "core/inputs.hpp"

namespace lc::io {

// Reads the table `src.path` (CSV, read by GDAL with every column as text so codes keep their
// leading zeros; XLSX, ODS or any layer's attributes). Columns: those named in `src`, else the
// first present of
//   code        统计用区划代码, 区划代码, 代码, 编码, code, CODE, Code, adcode
//   name        名称, 街道, 乡镇, 街道名称, 乡镇名称, 街道(乡镇), 乡镇(街道), 地区, name, NAME, Name
//   population  常住人口, 常住人口数, 人口, 总人口, 人口数, population, pop, POP
//   aged 60+    60岁及以上, 60岁以上, 60周岁及以上, 60岁及以上人口, aged60, pop60
//   aged 65+    65岁及以上, 65岁以上, 65周岁及以上, 65岁及以上人口, aged65, pop65
// Throws InputError naming the file, row (a CSV's line) and column: a named column the table
// lacks, no population column, neither a code nor a name column, no rows, a population that is
// missing, not a number (digits grouped by commas are read), negative or above 1,000,000,000,
// an aged count above the row's population.
CensusTable read_census_table(const CensusSource& src, const std::string& encoding);

// Reads `src.spread_by` into metres of the metric CRS (WKT): a population raster (each cell with
// a value > 0 a weighted point at its centre), an OSM extract (buildings and residential land
// weighted by the population proxy of `options.proxy_settings`), or a polygon layer (each polygon
// weighted by its area in m² × its levels: `src.levels_field`, else the first present of
// building:levels, building_levels, levels, floors, 层数, 楼层数; 1 where none or no number).
// Sources without a CRS take options.source_crs. Throws InputError naming the source, feature
// and field.
SpreadBasis read_spread_basis(const CensusSource& src, const std::string& metric_crs_wkt, const LoadOptions& options);

}  // namespace lc::io

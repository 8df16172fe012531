#pragma once
// Census population by sub-district (街道/乡镇): the table as read, where it comes from, and the
// report of its join to the boundary units. Plain data; io/ reads, algorithms/ joins and spreads.

#include <cstddef>
#include <string>
#include <vector>

#include "core/demand.hpp"
#include "core/ids.hpp"

namespace lc {

// What the table's rows are matched to the boundary units by.
enum class CensusKey { automatic, code, name };

// A census table and how it is joined and spread (--census and its options). Field names left
// empty are detected (io/read_census.hpp lists the names looked for).
struct CensusSource {
  std::string path;   // any table GDAL reads (CSV, XLSX, a layer's attributes); empty: no census
  std::string layer;  // --census-layer
  CensusKey key = CensusKey::automatic;  // automatic: by code when both sides have one, else by name
  std::string code_field, name_field, population_field, aged60_field, aged65_field;  // the table's
  std::string unit_code_field, unit_name_field;  // the fields of the boundary layer (--demand)
  // The finer basis the units' population is spread by (--spread-by): building polygons (area ×
  // levels), an OpenStreetMap extract (its buildings and residential land, as the population
  // proxy reads them) or a population raster. Empty: evenly over the --cell-size grid.
  std::string spread_by, spread_layer, levels_field;
};

// The table as read. One entry per row, in the table's order; aged60 / aged65 NaN where the
// table has no such column or the row no value.
struct CensusTable {
  std::string source;                       // "path (layer)"
  std::string code_field, name_field;       // the columns used; empty: none
  std::string population_field, aged60_field, aged65_field;
  std::vector<std::string> row;             // "line 2" (CSV) or "row 1", for messages
  std::vector<std::string> code, name;      // as written (text: leading zeros kept)
  std::vector<double> population, aged60, aged65;
  std::size_t size() const { return population.size(); }
};

// The units (boundary polygons) as the join sees them: their feature ids and key fields.
struct CensusUnits {
  std::vector<std::string> id;
  std::vector<std::string> code, name;  // empty where the layer has no such field
  std::string code_field, name_field;   // the fields used; empty: none
  std::string source;                   // "SOURCE, layer 'L'", for messages
  Id size() const { return static_cast<Id>(id.size()); }
};

// The finer basis as read, in metres of the run's metric CRS: weighted polygons (buildings:
// footprint area × levels; OSM: the proxy's estimate) and weighted points (raster cell centres).
struct SpreadBasis {
  DemandPolygons polygons;
  std::vector<double> x_m, y_m, weight;
  std::string description;  // one sentence
  std::vector<std::string> notes;
};

// How the table joined the units, for summary.json and the terminal.
struct CensusReport {
  std::string table;        // CensusTable::source
  std::string key;          // "code" or "name"
  std::string columns;      // the columns used, in words
  std::string basis;        // how the population was spread, in words
  std::size_t rows = 0, units = 0, matched = 0;
  double population_table = 0;       // every row's population
  double population_placed = 0;      // that of the matched rows, spread over demand points
  double population_not_placed = 0;  // that of the unmatched rows
  struct Row {
    std::string row, key;
    double population = 0;
  };
  std::vector<Row> unmatched_rows;
  struct Unit {
    std::string id, key;
  };
  std::vector<Unit> units_without_row;
  struct NearMiss {
    std::string row, row_key, unit_id, unit_key, why;  // why: "edit distance 1", "one contains the other"
  };
  std::vector<NearMiss> near_misses;
  std::vector<std::string> fallback_units;  // units with no basis inside: spread evenly over the grid
};

}  // namespace lc

#pragma once
// Census population by sub-district: matching the table's rows to the boundary units by code or
// name, and spreading each unit's population over points in proportion to a finer basis.

#include <cstddef>
#include <string>
#include <vector>

#include "core/census.hpp"
#include "core/demand.hpp"
#include "core/ids.hpp"

namespace lc {

// A name as compared: full-width ASCII (Ａ, １, （) made half-width, every space (the ideographic
// one too) removed. UTF-8 in and out.
std::string normalise_census_name(const std::string& text);

// A normalised name without the first of the suffixes 街道办事处, 街道办, 街道, 地区办事处, 民族乡,
// 镇, 乡 it ends in, unless nothing would be left.
std::string strip_unit_suffix(const std::string& normalised);

// A statistical area code (统计用区划代码) as compared: normalised like a name; a 12-digit code
// ending in 000 (a township's) becomes its 9-digit form, so 510105001000 and 510105001 meet.
// Anything else is left as normalised (codes of other schemes are matched as they are written).
std::string normalise_census_code(const std::string& text);

// Levenshtein distance between two UTF-8 strings, counted in code points.
std::size_t edit_distance(const std::string& a, const std::string& b);

struct CensusJoin {
  std::vector<Id> row_of_unit;               // per unit: the table row joined to it, or invalid_id
  std::vector<std::size_t> unmatched_rows;   // rows joined to no unit, in table order
  std::vector<Id> units_without_row;         // units no row joined, in layer order
  struct NearMiss {
    std::size_t row;
    Id unit;
    std::string why;  // "edit distance 1", "one name contains the other"
  };
  // Unmatched row and unit names that look alike (name joins only): the stripped names equal (an
  // ambiguous stripped name), at an edit distance of at most 2 and less than the shorter one's
  // length, or one name containing the other.
  std::vector<NearMiss> near_misses;
  // Rows (units) sharing a normalised key, each group in order. Not empty: the join cannot be made.
  std::vector<std::vector<std::size_t>> duplicate_rows;
  std::vector<std::vector<Id>> duplicate_units;
};

// Joins the rows to the units by `key` (code or name). Codes are compared normalised
// (normalise_census_code). Names are compared normalised, then the units and rows still unjoined
// by their names without suffix (strip_unit_suffix) where exactly one row and one unit have that
// stripped name. An empty key joins nothing.
CensusJoin join_census(const std::vector<std::string>& unit_keys, const std::vector<std::string>& row_keys, CensusKey key);

// Splits `total` over the items in proportion to `basis` (values >= 0 with a positive sum).
// whole: in whole persons (`total` a whole number) by the largest-remainder method, ties to the
// lower index, so the parts add up to `total` exactly; else total × basis[i] / sum.
std::vector<double> apportion(double total, const std::vector<double>& basis, bool whole);

// For every point (x[i], y[i]): the first unit whose rings (outer rings and holes by the even-odd
// rule, as cell_centres_inside reads them) contain it, or invalid_id when none does.
std::vector<Id> assign_to_units(const std::vector<std::vector<Ring>>& units, const std::vector<double>& x,
                                const std::vector<double>& y);

}  // namespace lc

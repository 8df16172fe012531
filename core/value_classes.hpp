#pragma once
// The classes a map colours a per-point measure by (`map` of an access run's folder): ranges of
// the value in ascending order, then classes of their own for a value of exactly 0 (no facility
// in reach, or facilities in reach that give nothing) and for no value (proximity: not reached
// within the search limit). Plain data: algorithms/value_classes.hpp computes the classes, the
// maps (io/) place each value, a point's, a grid cell's or a district's mean, with class_of.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/coverage_result.hpp"

namespace lc {

enum class ClassKind : std::uint8_t {
  range,              // lower < value <= upper
  zero_out_of_reach,  // 0, and no facility within reach (or not known)
  zero_in_reach,      // 0 with facilities within reach: they have no supply, or no capacity left
  no_value,           // NaN
};

struct ValueClass {
  ClassKind kind = ClassKind::range;
  // range: lower < value <= upper. The first range is open below (-inf), or starts above 0 when
  // the classes have a zero class; the last is open above (+inf) unless the measure has a largest
  // value (proximity's search limit, capacity's share 1).
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
  double weight = 0.0;     // the weight of the points in it
  std::size_t points = 0;  // the points in it
};

struct ValueClasses {
  std::vector<ValueClass> classes;  // the ranges ascending, then zero_out_of_reach, zero_in_reach, no_value
  bool zero_class = false;          // a value of 0 has a class of its own, in no range
  bool quantiles = false;           // the ranges' bounds are weighted quantiles (else fixed)
  double weight_total = 0.0;        // the weight of every point, whatever its class
  std::size_t points = 0;
};

// No class: a value of no range whose own class the classes do not have.
inline constexpr std::size_t no_class = std::numeric_limits<std::size_t>::max();

// The index in c.classes of `value`; `sites` is the count of facilities within reach (NaN when
// not known: a 0 then goes to zero_out_of_reach; zero_in_reach is used only for sites > 0 and
// when the classes have it). no_class when the value's class is not there (NaN without a
// no_value class).
std::size_t class_of(const ValueClasses& c, double value, double sites);

// The measure of an access run's folder as a map draws it (api/map.hpp reads and classes it; io/
// draws it): one column of demand.geojson, classed.
struct MeasureMap {
  std::string measure;       // "e2sfca", "proximity", ... (summary.json's measure)
  std::string category;      // the category mapped; empty: proximity's mean over the categories
  std::string column;        // its column in demand.geojson: "health_e2sfca", "proximity"
  std::string sites_column;  // "<category>_sites" when demand.geojson has it, else empty
  std::string weight_name;   // "population", or the subgroup's field the run weighted by
  // The largest value the measure can take: proximity's search limit in minutes (the largest of
  // the categories'), capacity's share 1; +inf for the others.
  double value_limit = std::numeric_limits<double>::infinity();
  // Every demand point: lon/lat, population := the run's weight (0 when it has none), value (NaN:
  // none) and sites (empty without a sites column).
  LonLatPoints points;
  ValueClasses classes;
  // Large demand: the points summed on a grid (value_mean the weighted mean of each cell's
  // values), drawn instead of the points; size() 0 otherwise.
  MercatorGrid grid;
  // Districts filled by the class of their mean; the points not drawn (print), or drawn in a
  // layer that starts hidden (web).
  bool by_districts = false;
};

}  // namespace lc

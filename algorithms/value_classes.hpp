#pragma once
// The classes a map of an access run colours its measure by (core/value_classes.hpp): fixed
// bounds, or quantiles of the weight (each range holding about the same population), rounded to
// numbers a legend can show.

#include <cstddef>
#include <limits>
#include <vector>

#include "core/value_classes.hpp"

namespace lc {

struct ClassScheme {
  // The ranges' upper bounds, ascending (the last range is open above), e.g. minutes 5, 10, 15,
  // 20, 30. Empty: `quantiles` ranges of about equal weight.
  std::vector<double> breaks;
  std::size_t quantiles = 5;
  // A value of exactly 0 in a class of its own (split by the sites within reach), the ranges
  // then holding the values above 0.
  bool zero_class = true;
  // The largest value there can be: bounds at or above it are dropped and the last range ends at
  // it (a share served: 1), instead of being open above.
  double max_value = std::numeric_limits<double>::infinity();
};

// The upper bounds of `n` ranges of about equal weight over the values (NaN left out; weights
// that are NaN or negative count 0; all weights 0: each value weighs 1): at the weight shares
// 1/n, 2/n, ..., the smallest value whose cumulative weight reaches the share, rounded up to 2
// significant digits for the legend (3 to 6 when 2 would reach the next bound or, the last, the
// largest value; the exact value when 6 would). Values between a bound and its rounding move down
// a range. Bounds that would leave a range empty (no value above the previous bound up to it, or
// none above it) are dropped, so every range holds a value: n - 1 bounds or fewer, ascending.
std::vector<double> quantile_breaks(const std::vector<double>& values, const std::vector<double>& weights,
                                    std::size_t n);

// The smallest number of `digits` significant digits at or above `v` (0.01234, 2 -> 0.013;
// 133.3, 2 -> 140); 0 stays 0.
double ceil_significant(double v, int digits);

// The classes of the points' `values` (weights as quantile_breaks; sites: facilities within reach
// per point, or empty) under `scheme`, with each class's weight and points. Quantiles are taken
// over the values a range can hold (with a zero class, those above 0). Ranges are always there
// (none when quantiles find no value for them); zero_out_of_reach whenever there is a zero class;
// zero_in_reach and no_value only when a point is in them.
ValueClasses value_classes(const std::vector<double>& values, const std::vector<double>& weights,
                           const std::vector<double>& sites, const ClassScheme& scheme);

}  // namespace lc

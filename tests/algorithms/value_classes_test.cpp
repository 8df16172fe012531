// The classes a map of an access run colours its measure by (algorithms/value_classes.hpp,
// core/value_classes.hpp), on values and weights small enough to sort by hand.

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "algorithms/value_classes.hpp"

namespace lc {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(ValueClasses, CeilSignificant) {
  EXPECT_DOUBLE_EQ(ceil_significant(0.01234, 2), 0.013);
  EXPECT_DOUBLE_EQ(ceil_significant(133.333, 2), 140.0);
  EXPECT_DOUBLE_EQ(ceil_significant(0.0671, 3), 0.0671);  // already 3 digits
  EXPECT_DOUBLE_EQ(ceil_significant(0.05, 2), 0.05);      // 0.05 x 100 is 5.000000000000001
  EXPECT_DOUBLE_EQ(ceil_significant(20, 2), 20.0);
  EXPECT_DOUBLE_EQ(ceil_significant(-0.0255, 2), -0.025);  // up, towards +inf
  EXPECT_EQ(ceil_significant(0.0, 2), 0.0);
}

// Ten values 1..10, each weighing 1: fifths end at the 2nd, 4th, 6th and 8th value.
TEST(ValueClasses, QuantilesOfEqualWeights) {
  const std::vector<double> v = {7, 3, 10, 1, 5, 2, 9, 4, 8, 6}, w(10, 1.0);
  EXPECT_EQ(quantile_breaks(v, w, 5), (std::vector<double>{2, 4, 6, 8}));
  EXPECT_EQ(quantile_breaks(v, w, 2), (std::vector<double>{5}));
  EXPECT_TRUE(quantile_breaks(v, w, 1).empty());
}

// Weights move the bounds: values 1, 2, 3, 4 weighing 10, 10, 70, 10 (total 100). The shares 20,
// 40, 60, 80 are reached at 2 (cumulative 20), 3 (90), 3 and 3: bounds 2 and 3, and 3 is kept
// once; the last range (3, 4] holds 4.
TEST(ValueClasses, QuantilesFollowTheWeights) {
  EXPECT_EQ(quantile_breaks({1, 2, 3, 4}, {10, 10, 70, 10}, 5), (std::vector<double>{2, 3}));
  // A bound at the largest value would leave the last range empty: dropped. 1, 2 weighing 10,
  // 90: the shares are reached at 2 each time, the largest value: no bound, one range.
  EXPECT_TRUE(quantile_breaks({1, 2}, {10, 90}, 5).empty());
  // NaN values are left out; NaN and negative weights count 0; all weights 0: each value weighs 1.
  EXPECT_EQ(quantile_breaks({1, NAN, 2, 3, 4}, {1, 5, 1, 1, 1}, 2), (std::vector<double>{2}));
  EXPECT_EQ(quantile_breaks({1, 2, 3, 4}, {0, NAN, -1, 0}, 2), (std::vector<double>{2}));
}

// Rounded up to 2 significant digits: 0.01234 -> 0.013, 0.04567 -> 0.046. 0.01234 and 0.01249
// (the next bound): 0.013 would reach it, merging two ranges: 3 digits, 0.0124; 0.01249 -> 0.013.
// 0.0123401 and 0.0123402: only 6 digits keep them apart (0.012341 reaches the second): the exact
// first value. A rounding may move values down a range: 1.2, 1.25, 1.3, 9 in halves end the
// first at 1.25, rounded to 1.3, which then holds 1.3 too.
TEST(ValueClasses, QuantilesAreRoundedUpForTheLegend) {
  EXPECT_EQ(quantile_breaks({0.01234, 0.04567, 0.09}, {1, 1, 1}, 3), (std::vector<double>{0.013, 0.046}));
  EXPECT_EQ(quantile_breaks({0.01234, 0.01249, 0.09}, {1, 1, 1}, 3), (std::vector<double>{0.0124, 0.013}));
  EXPECT_EQ(quantile_breaks({0.0123401, 0.0123402, 0.09}, {1, 1, 1}, 3), (std::vector<double>{0.0123401, 0.013}));
  EXPECT_EQ(quantile_breaks({1.2, 1.25, 1.3, 9}, {1, 1, 1, 1}, 2), (std::vector<double>{1.3}));
  // The last bound stays below the largest value: 1.25 of 1.2, 1.25, 1.26 -> 1.3 would reach
  // 1.26 (leaving the last range empty): 3 digits, 1.25.
  EXPECT_EQ(quantile_breaks({1.2, 1.25, 1.26}, {1, 1, 1}, 2), (std::vector<double>{1.25}));
}

// Quintiles above 0 with a zero class split by the sites in reach: values 0 (no site), 0 (one
// site: its facilities give nothing), 1, 2, 3, 4, 5 weighing 1 each except the 5 (weight 5).
// Above 0: total 9, shares 1.8, 3.6, 5.4, 7.2 reached at 2, 4 (cum 4), 5, 5: bounds 2, 4 (5 is
// the largest: no range above it would hold a value).
TEST(ValueClasses, ZeroClassesAndQuantiles) {
  const std::vector<double> v = {0, 0, 1, 2, 3, 4, 5}, w = {1, 1, 1, 1, 1, 1, 5}, sites = {0, 1, 1, 1, 1, 2, 3};
  const ValueClasses c = value_classes(v, w, sites, ClassScheme{});
  ASSERT_EQ(c.classes.size(), 5u);  // (0, 2], (2, 4], (4, inf), 0 out of reach, 0 in reach
  EXPECT_TRUE(c.quantiles);
  EXPECT_EQ(c.classes[0].kind, ClassKind::range);
  EXPECT_EQ(c.classes[0].lower, 0.0);
  EXPECT_EQ(c.classes[0].upper, 2.0);
  EXPECT_EQ(c.classes[1].lower, 2.0);
  EXPECT_EQ(c.classes[1].upper, 4.0);
  EXPECT_EQ(c.classes[2].upper, kInf);
  EXPECT_EQ(c.classes[3].kind, ClassKind::zero_out_of_reach);
  EXPECT_EQ(c.classes[4].kind, ClassKind::zero_in_reach);
  EXPECT_DOUBLE_EQ(c.classes[0].weight, 2.0);  // 1, 2
  EXPECT_DOUBLE_EQ(c.classes[1].weight, 2.0);  // 3, 4
  EXPECT_DOUBLE_EQ(c.classes[2].weight, 5.0);  // 5
  EXPECT_DOUBLE_EQ(c.classes[3].weight, 1.0);
  EXPECT_DOUBLE_EQ(c.classes[4].weight, 1.0);
  EXPECT_DOUBLE_EQ(c.weight_total, 11.0);
  // Bounds belong to the range below them.
  EXPECT_EQ(class_of(c, 2.0, 1), 0u);
  EXPECT_EQ(class_of(c, 2.0000001, 1), 1u);
  EXPECT_EQ(class_of(c, 1e9, 1), 2u);
  EXPECT_EQ(class_of(c, 0.0, 0), 3u);
  EXPECT_EQ(class_of(c, 0.0, NAN), 3u);  // sites not known: out of reach
  EXPECT_EQ(class_of(c, 0.0, 2), 4u);
  EXPECT_EQ(class_of(c, NAN, 1), no_class);  // no point without a value: no such class
}

// Fixed minutes, no zero class, ending at the search limit: 5, 10, 15, 20, 30 with a largest
// value 30 give five ranges, the last (20, 30]; not reached (NaN) has its own class.
TEST(ValueClasses, FixedBreaksWithALimit) {
  ClassScheme s;
  s.breaks = {5, 10, 15, 20, 30};
  s.zero_class = false;
  s.max_value = 30;
  const ValueClasses c = value_classes({5, 10, 12.5, 25, NAN, 0}, {1, 2, 3, 4, 5, 6}, {}, s);
  ASSERT_EQ(c.classes.size(), 6u);
  EXPECT_FALSE(c.quantiles);
  EXPECT_EQ(c.classes[0].lower, -kInf);
  EXPECT_EQ(c.classes[0].upper, 5.0);
  EXPECT_EQ(c.classes[4].lower, 20.0);
  EXPECT_EQ(c.classes[4].upper, 30.0);
  EXPECT_EQ(c.classes[5].kind, ClassKind::no_value);
  EXPECT_DOUBLE_EQ(c.classes[0].weight, 1.0 + 6.0);  // 5 and 0 (no zero class: in the first range)
  EXPECT_DOUBLE_EQ(c.classes[1].weight, 2.0);        // 10
  EXPECT_DOUBLE_EQ(c.classes[2].weight, 3.0);        // 12.5
  EXPECT_DOUBLE_EQ(c.classes[3].weight, 0.0);        // nothing in (15, 20]
  EXPECT_DOUBLE_EQ(c.classes[4].weight, 4.0);        // 25
  EXPECT_DOUBLE_EQ(c.classes[5].weight, 5.0);        // not reached
  EXPECT_EQ(class_of(c, 31, NAN), 4u);               // beyond the limit: the last range
  // Without a limit the last range is open: six ranges, (30, inf) the sixth.
  s.max_value = kInf;
  EXPECT_EQ(value_classes({1}, {1}, {}, s).classes.size(), 6u);
}

// Every value 0 (a category without facilities): the zero class alone, no range.
TEST(ValueClasses, OnlyZeros) {
  const ValueClasses c = value_classes({0, 0}, {3, 4}, {0, 0}, ClassScheme{});
  ASSERT_EQ(c.classes.size(), 1u);
  EXPECT_EQ(c.classes[0].kind, ClassKind::zero_out_of_reach);
  EXPECT_DOUBLE_EQ(c.classes[0].weight, 7.0);
  EXPECT_EQ(class_of(c, 0.5, 1), no_class);
}

}  // namespace
}  // namespace lc

// The number formats every report, table and CSV uses.

#include "core/format.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(Format, Thousands) {
  EXPECT_EQ(thousands(12430.4), "12,430");
  EXPECT_EQ(thousands(461877.9), "461,878");
  EXPECT_EQ(thousands(2.5), "3");  // half away from zero
  EXPECT_EQ(thousands(-1234567), "-1,234,567");
  EXPECT_EQ(thousands(999), "999");
}

TEST(Format, FixedAndPercent) {
  EXPECT_EQ(fixed(1234567.891, 2), "1,234,567.89");
  EXPECT_EQ(fixed(-0.001, 2), "0.00");  // no "-0.00"
  EXPECT_EQ(percent(0.4404), "44.0 %");
  EXPECT_EQ(percent(12.5), "1,250.0 %");
}

TEST(Format, ShortestReadsBackExactly) {
  for (const double v : {0.1, 1.0 / 3.0, 35326412345.67, 16777217.25, 1e-300, 123456789012345678.0}) {
    const std::string s = shortest(v);
    EXPECT_EQ(std::strtod(s.c_str(), nullptr), v) << s;
  }
  EXPECT_EQ(shortest(0.1), "0.1");
  EXPECT_EQ(shortest(1705), "1705");
  EXPECT_EQ(shortest(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(shortest(-std::numeric_limits<double>::infinity()), "-inf");
}

}  // namespace
}  // namespace lc

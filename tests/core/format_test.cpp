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

// Counts in Chinese tables, each worked by hand: n / 10,000 (万) or n / 100,000,000 (亿), to the
// hundredth, half away from zero.
TEST(Format, CountsInWanAndYi) {
  EXPECT_EQ(count_zh(0), "0");
  EXPECT_EQ(count_zh(999), "999");
  EXPECT_EQ(count_zh(9999), "9,999");          // below 10,000: plain, with separators
  EXPECT_EQ(count_zh(9999.4), "9,999");
  EXPECT_EQ(count_zh(9999.5), "1.00万");       // rounds to 10,000 first
  EXPECT_EQ(count_zh(10000), "1.00万");
  EXPECT_EQ(count_zh(123456), "12.35万");      // 12.3456万
  EXPECT_EQ(count_zh(123450), "12.35万");      // 12.345万: half away from zero
  EXPECT_EQ(count_zh(123449), "12.34万");      // 12.3449万
  EXPECT_EQ(count_zh(461878), "46.19万");      // the bundled extract's residents: 46.1878万
  EXPECT_EQ(count_zh(12345678), "1,234.57万");  // 1234.5678万
  EXPECT_EQ(count_zh(99994999), "9,999.50万");  // 9999.4999万
  EXPECT_EQ(count_zh(99995000), "9,999.50万");  // 9999.5万
  EXPECT_EQ(count_zh(99999950), "1.00亿");      // 9999.995万 rounds to 10,000.00万: in 亿
  EXPECT_EQ(count_zh(99999999), "1.00亿");      // 9999.9999万 rounds to 10,000.00万
  EXPECT_EQ(count_zh(100000000), "1.00亿");
  EXPECT_EQ(count_zh(123456789), "1.23亿");     // 1.23456789亿
  EXPECT_EQ(count_zh(1234567890000.0), "12,345.68亿");
  EXPECT_EQ(count_zh(-123456), "-12.35万");
}

TEST(Format, PercentWithoutSpace) {
  EXPECT_EQ(percent_zh(0.834), "83.4%");
  EXPECT_EQ(percent_zh(0.4404), "44.0%");
  EXPECT_EQ(percent_zh(1.0), "100.0%");
  EXPECT_EQ(percent_zh(0.0), "0.0%");
}

// Display widths counted by hand: ASCII 1 a character, CJK ideographs, CJK and fullwidth
// punctuation 2, other non-ASCII (², é, …) 1.
TEST(Format, DisplayWidth) {
  EXPECT_EQ(display_width(""), 0u);
  EXPECT_EQ(display_width("health"), 6u);
  EXPECT_EQ(display_width("医疗卫生"), 8u);
  EXPECT_EQ(display_width("12.35万"), 7u);
  EXPECT_EQ(display_width("a中b"), 4u);
  EXPECT_EQ(display_width("（不适用）"), 10u);  // U+FF08, U+FF09 fullwidth parentheses
  EXPECT_EQ(display_width("达标、未达标"), 12u); // U+3001 ideographic comma
  EXPECT_EQ(display_width("m²"), 2u);
  EXPECT_EQ(display_width("café…"), 5u);
  EXPECT_EQ(display_width("서울"), 4u);         // Hangul syllables
  EXPECT_EQ(display_width("𠀀"), 2u);           // U+20000, a 4-byte ideograph
}

TEST(Format, PadByDisplayWidth) {
  EXPECT_EQ(pad_right("养老服务", 10), "养老服务  ");
  EXPECT_EQ(pad_left("12.35万", 9), "  12.35万");
  EXPECT_EQ(pad_right("fitness", 10), "fitness   ");
  EXPECT_EQ(pad_left("体育健身", 6), "体育健身");  // wider than the column: unchanged
}

}  // namespace
}  // namespace lc

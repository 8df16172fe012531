#pragma once
// The one way numbers are written for people and for files: every report, summary, table and
// terminal line uses these.

#include <cstddef>
#include <string>
#include <string_view>

namespace lc {

// 12430.4 -> "12,430" (rounded half away from zero).
std::string thousands(double v);

// 1234567.891 with 2 decimals -> "1,234,567.89"; a value that rounds to zero has no minus sign.
std::string fixed(double v, int decimals);

// 0.4404 -> "44.0 %".
std::string percent(double share);

// The shortest text that reads back as exactly `v` (round trip), e.g. 35326412345.67 ->
// "35326412345.67", 0.1 -> "0.1"; "nan", "inf" and "-inf" for the non-finite values.
std::string shortest(double v);

// A count in a Chinese table: below 10,000 as thousands() writes it ("9,999"); from 10,000 in 万
// (ten thousand) with 2 decimals (123,456 -> "12.35万"); from 100,000,000 in 亿 (123,456,789 ->
// "1.23亿"). Rounded half away from zero, to a whole number first and then to the hundredth of
// the unit, which is chosen on the rounded value: 9,999.5 -> "1.00万", 99,999,999 -> "1.00亿".
std::string count_zh(double v);

// A share as Chinese reports write it, with no space: 0.834 -> "83.4%".
std::string percent_zh(double share);

// Columns a UTF-8 string takes on a terminal: East Asian wide characters (CJK ideographs and
// punctuation, kana, Hangul, fullwidth forms) count two, every other character one.
std::size_t display_width(std::string_view s);

// `s` padded with spaces to `width` display columns, on the right (left-aligned text) or on the
// left (right-aligned); unchanged when it is as wide or wider.
std::string pad_right(const std::string& s, std::size_t width);
std::string pad_left(const std::string& s, std::size_t width);

}  // namespace lc

#pragma once
// The one way numbers are written for people and for files: every report, summary, table and
// terminal line uses these.

#include <string>

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

}  // namespace lc

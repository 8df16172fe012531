#include "core/format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace lc {

namespace {

// "1234567.891" -> "1,234,567.891"
std::string group_thousands(const std::string& number) {
  const std::size_t begin = number.empty() || number[0] != '-' ? 0 : 1;
  std::size_t end = number.find('.');
  if (end == std::string::npos) end = number.size();
  std::string out = number.substr(0, begin);
  for (std::size_t i = begin; i < end; ++i) {
    out += number[i];
    const std::size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + number.substr(end);
}

}  // namespace

std::string thousands(double v) {
  const long long n = std::llround(v);
  std::string s = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return (n < 0 ? "-" : "") + s;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);  // "-0.00" -> "0.00"
  return group_thousands(s);
}

std::string percent(double share) { return fixed(share * 100.0, 1) + " %"; }

std::string shortest(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace lc

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

std::string count_zh(double v) {
  const long long n = std::llround(v);
  const long long a = n < 0 ? -n : n;
  if (a < 10000) return thousands(static_cast<double>(n));
  // Hundredths of 万, then of 亿 when that makes 10,000万 or more.
  long long hundredths = std::llround(static_cast<double>(a) / 100.0);
  const char* unit = "万";
  if (hundredths >= 1000000) {
    hundredths = std::llround(static_cast<double>(a) / 1e6);
    unit = "亿";
  }
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%02lld", hundredths % 100);
  return (n < 0 ? "-" : "") + thousands(static_cast<double>(hundredths / 100)) + fraction + unit;
}

std::string percent_zh(double share) { return fixed(share * 100.0, 1) + "%"; }

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
    if (i + len > s.size()) len = 1;
    char32_t cp = len == 1 ? c : c & (0xff >> (len + 1));
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    const bool wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
                      (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
                      (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
                      (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
    i += len;
  }
  return w;
}

std::string pad_right(const std::string& s, std::size_t width) {
  const std::size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string pad_left(const std::string& s, std::size_t width) {
  const std::size_t w = display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

}  // namespace lc

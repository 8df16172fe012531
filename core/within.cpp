#include "core/within.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace lc {

namespace {

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

double Within::radius_m(double speed_mps) const {
  return kind == Kind::minutes ? value * 60.0 * speed_mps : value;
}

double Within::time_s(double speed_mps) const {
  return kind == Kind::minutes ? value * 60.0 : value / speed_mps;
}

Within parse_within(std::string_view text) {
  const std::string t = lower(trim(text));
  const std::string original(text);
  if (t == "gb15") return {Within::Kind::preset, 1000.0, original};
  if (t == "gb10") return {Within::Kind::preset, 500.0, original};
  if (t == "gb5") return {Within::Kind::preset, 300.0, original};

  const char* begin = t.c_str();
  char* end = nullptr;
  const double number = std::strtod(begin, &end);
  if (end == begin) {
    throw std::invalid_argument("'" + original +
                                "' is not a threshold: expected e.g. 15min, 900s, 800m, 1.2km, gb15");
  }
  const std::string unit = trim(std::string_view(end));
  if (!std::isfinite(number) || number <= 0.0) {
    throw std::invalid_argument("'" + original + "': a threshold must be a positive number");
  }
  // A life circle is minutes or kilometres: anything beyond a day or 1,000 km is a slip of the
  // keyboard, and would make polygons and searches of no meaning (and of any size).
  const auto minutes = [&](double v) {
    if (v > kMaxWithinMinutes) throw std::invalid_argument("'" + original + "': more than 24 hours; a threshold is at most 1440min");
    return Within{Within::Kind::minutes, v, original};
  };
  const auto metres = [&](double v) {
    if (v > kMaxWithinMetres) throw std::invalid_argument("'" + original + "': more than 1,000 km; a threshold is at most 1000km");
    return Within{Within::Kind::metres, v, original};
  };
  if (unit == "min" || unit == "mins" || unit == "minutes") return minutes(number);
  if (unit == "s" || unit == "sec") return minutes(number / 60.0);
  if (unit == "m") return metres(number);
  if (unit == "km") return metres(number * 1000.0);
  throw std::invalid_argument("'" + original + "': unknown unit '" + unit +
                              "' (use min, s, m or km, or a preset gb15/gb10/gb5)");
}

std::vector<CategoryWithin> parse_within_list(std::string_view text) {
  std::vector<CategoryWithin> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string item =
        trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (item.empty()) throw std::invalid_argument("empty element in threshold list '" + std::string(text) + "'");
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos) {
      out.push_back({"", parse_within(item)});
    } else {
      std::string cat = trim(std::string_view(item).substr(0, eq));
      if (cat.empty()) throw std::invalid_argument("missing category before '=' in '" + item + "'");
      out.push_back({cat, parse_within(std::string_view(item).substr(eq + 1))});
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

Within within_for(const std::vector<CategoryWithin>& list, std::string_view category,
                  const Within& fallback) {
  const Within* bare = nullptr;
  for (const auto& item : list) {
    if (item.category == category) return item.within;
    if (item.category.empty()) bare = &item.within;
  }
  return bare ? *bare : fallback;
}

}  // namespace lc

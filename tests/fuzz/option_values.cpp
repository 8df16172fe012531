// Fuzz target: the values of command-line options (core/option_values.hpp, and through it the
// threshold parsing of core/within.hpp and core/threshold.hpp). The input is one option value, as
// a command line can hold it (up to the first NUL byte), given to every parser.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/option_values.hpp"
#include "fuzz_support.hpp"

namespace {

// What a parsed threshold must be: a positive number of metres, seconds or matrix units that the
// engines' float costs can hold.
void check(const lc::Threshold& t) {
  lc::fuzz::require(t.value > 0 && t.value <= std::numeric_limits<float>::max(), "threshold value");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lc::option;
  using lc::fuzz::parses;
  using lc::fuzz::require;
  std::string text(reinterpret_cast<const char*>(data), size);
  text = text.substr(0, text.find('\0'));

  parses([&] { split_list(text); });
  parses([&] { parse_mode(text); });
  parses([&] {
    const double m = length_m(text, "--surface");
    require(std::isfinite(m) && (m > 0 || text.empty()), "length");
  });
  for (const lc::TravelMode mode : {lc::TravelMode::distance, lc::TravelMode::walk, lc::TravelMode::drive}) {
    for (const double speed : {lc::default_walk_speed_mps, 0.9}) {
      std::vector<lc::CategoryThreshold> list;
      if (parses([&] { list = threshold_list(text, mode, speed); })) {
        for (const lc::CategoryThreshold& t : list) check(t.threshold);
        parses([&] { check(threshold_of(list, "health", mode, speed)); });
      }
    }
    parses([&] {
      for (const lc::Threshold& t : breaks(text, mode == lc::TravelMode::distance ? lc::TravelMode::walk : mode,
                                           lc::default_walk_speed_mps)) {
        check(t);
      }
    });
  }
  parses([&] { check(matrix_threshold(text)); });
  parses([&] { name_value(text, "--demand-field"); });
  parses([&] {
    const auto share = basis_share(text).second;
    require(share >= 0 && share <= 1, "share");
  });
  parses([&] {
    for (const double v : bbox(text)) require(std::isfinite(v), "bbox");
  });
  parses([&] {
    const auto [w, h] = page_size_mm(text);
    require(std::isfinite(w) && std::isfinite(h) && w > 0 && h > 0, "page size");
  });
  return 0;
}

// The option values the CLI parses (core/option_values.hpp): what each takes, what each refuses,
// and the thresholds beyond float range the fuzz target of tests/fuzz found accepted.

#include "core/option_values.hpp"

#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace lc::option {
namespace {

TEST(OptionValues, Lists) {
  EXPECT_EQ(split_list(" a, b,,c ,"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_list("").empty());
  EXPECT_EQ(name_value("elderly=pop60", "--demand-field"), (std::pair<std::string, std::string>{"elderly", "pop60"}));
  EXPECT_EQ(name_value("pop60", "--demand-field"), (std::pair<std::string, std::string>{"pop60", "pop60"}));
  EXPECT_THROW(name_value("=pop60", "--demand-field"), UsageError);
  EXPECT_THROW(name_value("elderly=", "--demand-field"), UsageError);
}

TEST(OptionValues, Numbers) {
  EXPECT_DOUBLE_EQ(basis_share("elderly=0.187").second, 0.187);
  EXPECT_THROW(basis_share("elderly=1.5"), UsageError);
  EXPECT_THROW(basis_share("elderly=nan"), UsageError);
  EXPECT_EQ(bbox("104,30.5,104.1,30.6"), (std::vector<double>{104, 30.5, 104.1, 30.6}));
  EXPECT_THROW(bbox("104,inf"), UsageError);
  EXPECT_EQ(page_size_mm("297x210mm"), (std::pair<double, double>{297, 210}));
  EXPECT_EQ(page_size_mm("100x50"), (std::pair<double, double>{100, 50}));
  for (const char* bad : {"297", "x210", "297x", "infx210mm", "-1x5", "297x210cm"}) {
    EXPECT_THROW(page_size_mm(bad), UsageError) << bad;
  }
}

TEST(OptionValues, LengthsAndModes) {
  EXPECT_DOUBLE_EQ(length_m("50m", "--surface"), 50.0);
  EXPECT_DOUBLE_EQ(length_m("1.2km", "--surface"), 1200.0);
  EXPECT_DOUBLE_EQ(length_m("", "--surface"), 0.0);
  EXPECT_THROW(length_m("5min", "--surface"), UsageError);
  EXPECT_EQ(parse_mode("walk"), TravelMode::walk);
  EXPECT_THROW(parse_mode("cost_matrix"), UsageError);
}

TEST(OptionValues, Thresholds) {
  // 15 minutes at 1.11 m/s (1,000 m in 15 minutes) is 1,000 m in distance mode, 900 s on foot.
  EXPECT_DOUBLE_EQ(threshold_list("15min", TravelMode::distance, default_walk_speed_mps).front().threshold.value, 1000.0);
  EXPECT_DOUBLE_EQ(threshold_list("15min", TravelMode::walk, default_walk_speed_mps).front().threshold.value, 900.0);
  const auto list = threshold_list("fitness=10min,800m", TravelMode::walk, default_walk_speed_mps);
  EXPECT_DOUBLE_EQ(threshold_of(list, "fitness", TravelMode::walk, default_walk_speed_mps).value, 600.0);
  const auto bare = threshold_list("800m", TravelMode::walk, default_walk_speed_mps);
  EXPECT_DOUBLE_EQ(threshold_of(bare, "health", TravelMode::walk, default_walk_speed_mps).value, 800.0);
  EXPECT_THROW(threshold_of(threshold_list("helth=5min", TravelMode::walk, 1.0), "health", TravelMode::walk, 1.0),
               UsageError);
  EXPECT_THROW(threshold_list("15min", TravelMode::walk, 0.0), UsageError);
  // Plain breaks are minutes: 5 minutes = 300 s.
  EXPECT_DOUBLE_EQ(breaks("5, 500m", TravelMode::walk, 1.0).front().value, 300.0);
  EXPECT_DOUBLE_EQ(matrix_threshold("5000").value, 5000.0);
  EXPECT_THROW(matrix_threshold("5000m"), UsageError);
}

// Values beyond float range were accepted: "1e306km" became infinite metres, "1e300m" a length
// that the engines' float costs cannot hold.
TEST(OptionValues, ThresholdsBeyondFloatRangeAreRefused) {
  for (const char* text : {"1e306km", "1e307min", "1e300m", "health=1e39m", "1e39s"}) {
    for (const TravelMode mode : {TravelMode::distance, TravelMode::walk}) {
      EXPECT_THROW(threshold_list(text, mode, default_walk_speed_mps), UsageError) << text;
    }
  }
  EXPECT_THROW(breaks("1e306", TravelMode::walk, 1.0), UsageError);
  EXPECT_THROW(length_m("1e306km", "--surface"), UsageError);
  EXPECT_THROW(matrix_threshold("1e39"), UsageError);
  // A huge walking speed turns minutes into metres beyond range: refused, not infinite.
  EXPECT_THROW(threshold_list("15min", TravelMode::distance, 1e306), UsageError);
  // Far below float range, thresholds stop at 1,000 km or 24 h (core/within.hpp).
  EXPECT_THROW(threshold_list("3e38m", TravelMode::walk, 1.0), UsageError);
  EXPECT_DOUBLE_EQ(threshold_list("1000km", TravelMode::walk, 1.0).front().threshold.value, 1.0e6);
}

}  // namespace
}  // namespace lc::option

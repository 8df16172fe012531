// The one threshold type: text resolved once in a travel mode, in metres or seconds.

#include "core/threshold.hpp"

#include <cmath>
#include <stdexcept>

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(Threshold, MinutesInDistanceModeAreMetresAtTheSpeed) {
  // 15 min at 1.0 m/s = 900 m; at the GB 50180 pace (1000 m / 900 s) exactly 1000 m.
  const Threshold t = resolve_threshold("15min", TravelMode::distance, 1.0);
  EXPECT_EQ(t.unit, CostUnit::metres);
  EXPECT_DOUBLE_EQ(t.value, 900.0);
  EXPECT_DOUBLE_EQ(t.metres(), 900.0);
  EXPECT_TRUE(std::isnan(t.seconds()));
  EXPECT_DOUBLE_EQ(t.speed_mps, 1.0);
  EXPECT_EQ(t.text, "15min");
  EXPECT_NEAR(resolve_threshold("15min", TravelMode::distance, default_walk_speed_mps).value, 1000.0, 1e-9);
}

TEST(Threshold, NetworkModesKeepTimesAndLengthsApart) {
  // Minutes on the network are a travel time (15 x 60 = 900 s), lengths a network distance.
  const Threshold walk = resolve_threshold("15min", TravelMode::walk, 1.0);
  EXPECT_TRUE(walk.by_time());
  EXPECT_DOUBLE_EQ(walk.value, 900.0);
  EXPECT_TRUE(std::isnan(walk.metres()));
  const Threshold drive = resolve_threshold("1.2km", TravelMode::drive, 1.0);
  EXPECT_EQ(drive.unit, CostUnit::metres);
  EXPECT_DOUBLE_EQ(drive.value, 1200.0);
  EXPECT_EQ(resolve_threshold("gb10", TravelMode::walk, 1.0).value, 500.0);  // GB 50180: 500 m
  EXPECT_DOUBLE_EQ(resolve_threshold("90s", TravelMode::walk, 1.0).value, 90.0);
  EXPECT_THROW(resolve_threshold("15min", TravelMode::distance, 0.0), std::invalid_argument);
}

TEST(Threshold, CostMatrixThresholdIsAPlainNumber) {
  const Threshold m = resolve_matrix_threshold("5000");
  EXPECT_EQ(m.mode, TravelMode::cost_matrix);
  EXPECT_EQ(m.unit, CostUnit::matrix);
  EXPECT_DOUBLE_EQ(m.value, 5000.0);
  EXPECT_THROW(resolve_matrix_threshold("5km"), std::invalid_argument);
  EXPECT_THROW(resolve_matrix_threshold("-1"), std::invalid_argument);
  EXPECT_THROW(resolve_matrix_threshold("inf"), std::invalid_argument);
  EXPECT_THROW(resolve_threshold("5000m", TravelMode::cost_matrix, 1.0), std::invalid_argument);
}

TEST(Threshold, PerCategoryListWithFallbackAndTypos) {
  const std::vector<std::string> cats = {"health", "fitness", "scenic"};
  // fitness its own 10 min (600 s walking), health 15 min; scenic not named and no bare value:
  // gb15 = 1000 m.
  const auto list = resolve_threshold_list("fitness=10min,health=15min", TravelMode::walk, 1.0);
  const std::vector<Threshold> t = thresholds_for(list, cats, TravelMode::walk, 1.0);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_DOUBLE_EQ(t[0].value, 900.0);
  EXPECT_DOUBLE_EQ(t[1].value, 600.0);
  EXPECT_EQ(t[2].unit, CostUnit::metres);
  EXPECT_DOUBLE_EQ(t[2].value, 1000.0);
  // A bare value applies to every category not named.
  const auto bare = thresholds_for(resolve_threshold_list("800m,health=5min", TravelMode::walk, 1.0), cats,
                                   TravelMode::walk, 1.0);
  EXPECT_DOUBLE_EQ(bare[0].value, 300.0);
  EXPECT_DOUBLE_EQ(bare[2].value, 800.0);
  // A category the run does not have is an error, not silently the default.
  EXPECT_THROW(thresholds_for(resolve_threshold_list("helth=10min", TravelMode::walk, 1.0), cats, TravelMode::walk, 1.0),
               std::invalid_argument);
}

TEST(Threshold, ModeNames) {
  TravelMode m = TravelMode::distance;
  EXPECT_TRUE(parse_travel_mode("drive", m));
  EXPECT_EQ(m, TravelMode::drive);
  EXPECT_STREQ(to_string(TravelMode::walk), "walk");
  EXPECT_FALSE(parse_travel_mode("bike", m));
}

}  // namespace
}  // namespace lc

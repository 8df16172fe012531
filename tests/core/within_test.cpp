#include "core/threshold.hpp"
#include "core/within.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(Within, MinutesConvertAtTheGivenSpeed) {
  const Within w = parse_within("15min");
  EXPECT_EQ(w.kind, Within::Kind::minutes);
  EXPECT_DOUBLE_EQ(w.radius_m(1.1), 990.0);   // 15 * 60 s * 1.1 m/s
  EXPECT_DOUBLE_EQ(w.radius_m(0.9), 810.0);   // 15 * 60 * 0.9 (elderly walkers)
  EXPECT_DOUBLE_EQ(w.time_s(1.1), 900.0);     // 15 * 60
  EXPECT_DOUBLE_EQ(parse_within("900s").radius_m(1.0), 900.0);  // 900 s at 1 m/s
}

TEST(Within, DefaultSpeedIsTheGb50180Walk) {
  // GB 50180-2018: the 15-minute life circle is about 1,000 m, i.e. 1000 / 900 m/s.
  EXPECT_NEAR(parse_within("15min").radius_m(default_walk_speed_mps), 1000.0, 1e-9);
}

TEST(Within, MetresAndKilometres) {
  EXPECT_DOUBLE_EQ(parse_within("800m").radius_m(1.1), 800.0);
  EXPECT_DOUBLE_EQ(parse_within("1.2km").radius_m(1.1), 1200.0);
  EXPECT_DOUBLE_EQ(parse_within(" 500 m ").radius_m(1.1), 500.0);
  EXPECT_DOUBLE_EQ(parse_within("500m").time_s(1.25), 400.0);  // 500 / 1.25
}

TEST(Within, LifeCirclePresetsAreFixedDistances) {
  // GB 50180-2018 life circles: 15-minute ~1,000 m, 10-minute ~500 m, 5-minute ~300 m,
  // whatever the walking speed.
  EXPECT_DOUBLE_EQ(parse_within("gb15").radius_m(0.5), 1000.0);
  EXPECT_DOUBLE_EQ(parse_within("GB10").radius_m(2.0), 500.0);
  EXPECT_DOUBLE_EQ(parse_within("gb5").radius_m(1.1), 300.0);
}

TEST(Within, RejectsNonsense) {
  EXPECT_THROW(parse_within("15parsecs"), std::invalid_argument);
  EXPECT_THROW(parse_within("min"), std::invalid_argument);
  EXPECT_THROW(parse_within("-5min"), std::invalid_argument);
  EXPECT_THROW(parse_within("0m"), std::invalid_argument);
  EXPECT_THROW(parse_within_list("fitness=10min,,health=5min"), std::invalid_argument);
  EXPECT_THROW(parse_within_list("=10min"), std::invalid_argument);
  try {
    parse_within("15parsecs");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("parsecs"), std::string::npos);
  }
}

TEST(Within, PerCategoryListFallsBackToTheBareValue) {
  const auto list = parse_within_list("fitness=10min, 800m ,health=gb15");
  ASSERT_EQ(list.size(), 3u);
  const Within fallback = parse_within("gb5");
  EXPECT_DOUBLE_EQ(within_for(list, "fitness", fallback).radius_m(1.0), 600.0);  // 10 * 60 * 1.0
  EXPECT_DOUBLE_EQ(within_for(list, "health", fallback).radius_m(1.0), 1000.0);
  EXPECT_DOUBLE_EQ(within_for(list, "scenic", fallback).radius_m(1.0), 800.0);   // the bare value
  const auto only_named = parse_within_list("fitness=10min");
  EXPECT_DOUBLE_EQ(within_for(only_named, "scenic", fallback).radius_m(1.0), 300.0);  // the fallback
}

// Thresholds beyond a day or 1,000 km are refused, naming the text (1e306km reached GEOS before).
TEST(Within, RefusesThresholdsBeyondADayOr1000Km) {
  EXPECT_DOUBLE_EQ(parse_within("1000km").radius_m(1.0), 1.0e6);
  EXPECT_DOUBLE_EQ(parse_within("86400s").value, 1440.0);
  for (const char* text : {"1e306km", "1000001m", "1441min", "86401s"}) {
    try {
      parse_within(text);
      ADD_FAILURE() << text << " accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("at most"), std::string::npos) << e.what();
    }
  }
  // 1,440 minutes at 20 m/s is 1,728 km: too far in the distance mode.
  EXPECT_THROW(resolve_threshold("1440min", TravelMode::distance, 20.0), std::invalid_argument);
  EXPECT_NO_THROW(resolve_threshold("1440min", TravelMode::walk, 20.0));  // a time on the network
}

}  // namespace
}  // namespace lc

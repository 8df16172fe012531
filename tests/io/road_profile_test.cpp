#include "io/road_profile.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

using Tags = std::map<std::string, std::string>;

TagLookup lookup(const Tags& tags) {
  return [&tags](const std::string& key) -> std::optional<std::string> {
    const auto it = tags.find(key);
    if (it == tags.end()) return std::nullopt;
    return it->second;
  };
}

constexpr double kTol = 1e-4;  // speeds are floats
const double kNaN = std::numeric_limits<double>::quiet_NaN();

// A small profile with round numbers, so that every expected value below can be worked out by
// hand. Line numbers in comments are 1-based, as in the file.
const char* const kProfile =
    "not_built: [proposed, construction]\n"                                              // line 1
    "walk:\n"                                                                            // line 2
    "  speed_mps: 1.0\n"                                                                 // line 3
    "  highway: [footway, steps, residential, primary, service]\n"                       // line 4
    "  excluded_highway: [motorway, trunk]\n"                                            // line 5
    "  speed_factor: {steps: 0.5}\n"                                                     // line 6
    "  allowed: [\"yes\", designated, permissive]\n"                                     // line 7
    "  denied: [\"no\", private]\n"                                                      // line 8
    "drive:\n"                                                                           // line 9
    "  highway_kmh:\n"                                                                   // line 10
    "    motorway: 80\n"                                                                 // line 11
    "    trunk: 60\n"                                                                    // line 12
    "    primary: 40\n"                                                                  // line 13
    "    residential: 20\n"                                                              // line 14
    "    service: 15\n"                                                                  // line 15
    "  default_kmh: 18\n"                                                                // line 16
    "  maxspeed_factor: 0.7\n"                                                           // line 17
    "  field_speed_factor: 1.0\n"                                                        // line 18
    "  allowed: [\"yes\", designated, destination, permissive]\n"                        // line 19
    "  denied: [\"no\", private]\n"                                                      // line 20
    "  implied_oneway_highway: [motorway]\n"                                             // line 21
    "  oneway_junction: [roundabout, circular]\n"                                        // line 22
    "oneway: {forward: [\"yes\", \"true\", \"1\"], backward: [\"-1\", reverse],\n"       // line 23
    "         both: [\"no\", \"false\", \"0\"]}\n"                                       // line 24
    "field_oneway:\n"                                                                    // line 25
    "  forward: [\"yes\", \"true\", \"1\", T, Y, FT, F]\n"                               // line 26
    "  backward: [\"-1\", reverse, TF, R]\n"                                             // line 27
    "  both: [\"no\", \"false\", \"0\", B, N, \"\"]\n"                                   // line 28
    "maxspeed_units: {\"\": 1, km/h: 1, mph: 1.609344}\n";                               // line 29

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class RoadProfileOsm : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("road_speeds.yaml");
    test::write_text(path_, kProfile);
    profile_ = std::make_unique<RoadProfile>(RoadProfile::load(path_));
  }
  RoadUse walk(const Tags& t) const { return profile_->osm(lookup(t), TravelMode::walk); }
  RoadUse drive(const Tags& t) const { return profile_->osm(lookup(t), TravelMode::drive); }

  test::TempDir dir_;
  std::string path_;
  std::unique_ptr<RoadProfile> profile_;
};

using RoadProfileFields = RoadProfileOsm;

void expect_both(const RoadUse& u) {
  EXPECT_TRUE(u.usable);
  EXPECT_TRUE(u.forward);
  EXPECT_TRUE(u.backward);
}
void expect_forward_only(const RoadUse& u) {
  EXPECT_TRUE(u.usable);
  EXPECT_TRUE(u.forward);
  EXPECT_FALSE(u.backward);
}
void expect_backward_only(const RoadUse& u) {
  EXPECT_TRUE(u.usable);
  EXPECT_FALSE(u.forward);
  EXPECT_TRUE(u.backward);
}

TEST_F(RoadProfileOsm, ResidentialWalkAndDrive) {
  const Tags t{{"highway", "residential"}};
  const RoadUse w = walk(t);
  expect_both(w);
  EXPECT_NEAR(w.speed_mps, 1.0, kTol);  // walk.speed_mps 1.0, no factor for residential
  const RoadUse d = drive(t);
  expect_both(d);
  EXPECT_NEAR(d.speed_mps, 20 / 3.6, kTol);  // residential 20 km/h = 5.5556 m/s
  // Distance measures run on the walkable network.
  const RoadUse dist = profile_->osm(lookup(t), TravelMode::distance);
  expect_both(dist);
  EXPECT_NEAR(dist.speed_mps, 1.0, kTol);
}

TEST_F(RoadProfileOsm, FootwayWalkableNotDrivable) {
  const Tags t{{"highway", "footway"}};
  expect_both(walk(t));
  EXPECT_NEAR(walk(t).speed_mps, 1.0, kTol);
  EXPECT_FALSE(drive(t).usable);  // footway is not in drive.highway_kmh
  // Not even with a car permission: the class decides first.
  EXPECT_FALSE(drive(Tags{{"highway", "footway"}, {"motor_vehicle", "yes"}}).usable);
  // foot=no closes it to walking.
  EXPECT_FALSE(walk(Tags{{"highway", "footway"}, {"foot", "no"}}).usable);
}

TEST_F(RoadProfileOsm, MotorwayDrivableOneWayNotWalkable) {
  const Tags t{{"highway", "motorway"}};
  const RoadUse d = drive(t);
  expect_forward_only(d);                   // implied_oneway_highway: [motorway]
  EXPECT_NEAR(d.speed_mps, 80 / 3.6, kTol);  // 22.222 m/s
  EXPECT_FALSE(walk(t).usable);             // excluded_highway
  // oneway=no overrides the convention; oneway=-1 reverses it.
  expect_both(drive(Tags{{"highway", "motorway"}, {"oneway", "no"}}));
  expect_backward_only(drive(Tags{{"highway", "motorway"}, {"oneway", "-1"}}));
}

TEST_F(RoadProfileOsm, TrunkWithFootYesWalkable) {
  EXPECT_FALSE(walk(Tags{{"highway", "trunk"}}).usable);  // excluded class
  for (const char* v : {"yes", "designated", "permissive", "YES"}) {
    const RoadUse w = walk(Tags{{"highway", "trunk"}, {"foot", v}});
    expect_both(w);
    EXPECT_NEAR(w.speed_mps, 1.0, kTol) << v;
  }
  // A value foot=* does not list leaves the exclusion in place.
  EXPECT_FALSE(walk(Tags{{"highway", "trunk"}, {"foot", "use_sidepath"}}).usable);
  // Not-built roads stay closed whatever foot says.
  EXPECT_FALSE(walk(Tags{{"highway", "construction"}, {"foot", "yes"}}).usable);
}

TEST_F(RoadProfileOsm, AccessPrivateExcludedUnlessPermitted) {
  const Tags priv{{"highway", "residential"}, {"access", "private"}};
  EXPECT_FALSE(walk(priv).usable);
  EXPECT_FALSE(drive(priv).usable);
  EXPECT_FALSE(walk(Tags{{"highway", "service"}, {"access", "no"}}).usable);

  // foot=yes admits walkers only.
  const Tags foot_yes{{"highway", "residential"}, {"access", "private"}, {"foot", "yes"}};
  expect_both(walk(foot_yes));
  EXPECT_FALSE(drive(foot_yes).usable);

  // motor_vehicle / motorcar permissions admit cars.
  expect_both(drive(Tags{{"highway", "residential"}, {"access", "private"}, {"motor_vehicle", "yes"}}));
  expect_both(drive(Tags{{"highway", "residential"}, {"access", "no"}, {"motorcar", "destination"}}));
  expect_both(drive(Tags{{"highway", "residential"}, {"motor_vehicle", "no"}, {"motorcar", "permissive"}}));
  // The most specific key decides: motorcar=no beats motor_vehicle=yes.
  EXPECT_FALSE(drive(Tags{{"highway", "residential"}, {"motor_vehicle", "yes"}, {"motorcar", "no"}}).usable);
  // motor_vehicle=no and vehicle=no close it to cars but not to walkers.
  const Tags no_motor{{"highway", "primary"}, {"motor_vehicle", "no"}};
  EXPECT_FALSE(drive(no_motor).usable);
  expect_both(walk(no_motor));
  EXPECT_FALSE(drive(Tags{{"highway", "primary"}, {"vehicle", "no"}}).usable);
}

TEST_F(RoadProfileOsm, OnewayYesDrivesForwardWalksBoth) {
  for (const char* v : {"yes", "true", "1"}) {
    const Tags t{{"highway", "primary"}, {"oneway", v}};
    expect_forward_only(drive(t));
    expect_both(walk(t));  // walking ignores oneway=*
  }
}

TEST_F(RoadProfileOsm, OnewayMinusOneDrivesBackward) {
  for (const char* v : {"-1", "reverse"}) {
    const Tags t{{"highway", "primary"}, {"oneway", v}};
    expect_backward_only(drive(t));
    expect_both(walk(t));
  }
  // An unknown value says nothing: both ways.
  expect_both(drive(Tags{{"highway", "primary"}, {"oneway", "reversible"}}));
}

TEST_F(RoadProfileOsm, OnewayFootForWalking) {
  expect_forward_only(walk(Tags{{"highway", "footway"}, {"oneway:foot", "yes"}}));
  expect_backward_only(walk(Tags{{"highway", "footway"}, {"oneway:foot", "-1"}}));
  expect_both(walk(Tags{{"highway", "footway"}, {"oneway:foot", "no"}, {"oneway", "yes"}}));
}

TEST_F(RoadProfileOsm, RoundaboutForwardOnly) {
  expect_forward_only(drive(Tags{{"highway", "primary"}, {"junction", "roundabout"}}));
  expect_forward_only(drive(Tags{{"highway", "primary"}, {"junction", "circular"}}));
  // oneway=* says otherwise.
  expect_both(drive(Tags{{"highway", "primary"}, {"junction", "roundabout"}, {"oneway", "no"}}));
  expect_backward_only(drive(Tags{{"highway", "primary"}, {"junction", "roundabout"}, {"oneway", "-1"}}));
  // Walkers go round both ways.
  expect_both(walk(Tags{{"highway", "primary"}, {"junction", "roundabout"}}));
}

TEST_F(RoadProfileOsm, MaxspeedNumberTimesFactor) {
  // 50 km/h x 0.7 = 35 km/h = 9.7222 m/s.
  EXPECT_NEAR(drive(Tags{{"highway", "primary"}, {"maxspeed", "50"}}).speed_mps, 50 * 0.7 / 3.6, kTol);
  EXPECT_NEAR(drive(Tags{{"highway", "primary"}, {"maxspeed", "50 km/h"}}).speed_mps, 50 * 0.7 / 3.6, kTol);
  // A maxspeed may raise the class speed too: residential (20 km/h) posted 60 → 42 km/h.
  EXPECT_NEAR(drive(Tags{{"highway", "residential"}, {"maxspeed", "60"}}).speed_mps, 60 * 0.7 / 3.6, kTol);
  // Walking does not read maxspeed.
  EXPECT_NEAR(walk(Tags{{"highway", "primary"}, {"maxspeed", "50"}}).speed_mps, 1.0, kTol);
}

TEST_F(RoadProfileOsm, MaxspeedMph) {
  // 30 mph = 30 x 1.609344 = 48.28032 km/h; x 0.7 = 33.796 km/h = 9.3878 m/s.
  EXPECT_NEAR(drive(Tags{{"highway", "primary"}, {"maxspeed", "30 mph"}}).speed_mps, 30 * 1.609344 * 0.7 / 3.6,
              kTol);
  EXPECT_NEAR(drive(Tags{{"highway", "primary"}, {"maxspeed", "30mph"}}).speed_mps, 30 * 1.609344 * 0.7 / 3.6,
              kTol);
  EXPECT_NEAR(*profile_->maxspeed_kmh("30 mph"), 48.28032, 1e-9);
  EXPECT_NEAR(*profile_->maxspeed_kmh("50 km/h"), 50, 1e-9);
  EXPECT_NEAR(*profile_->maxspeed_kmh(" 12.5 "), 12.5, 1e-9);
}

TEST_F(RoadProfileOsm, MaxspeedNotParseableKeepsClassSpeed) {
  // primary: 40 km/h = 11.111 m/s whatever these say.
  for (const char* v : {"CN:urban", "none", "signals", "walk", "50;30", "50 knots", "0", "-50", "", "nan", "0x20"}) {
    EXPECT_NEAR(drive(Tags{{"highway", "primary"}, {"maxspeed", v}}).speed_mps, 40 / 3.6, kTol) << v;
    EXPECT_FALSE(profile_->maxspeed_kmh(v).has_value()) << v;
  }
}

TEST_F(RoadProfileOsm, StepsSlowerThanFootwayByTheFactor) {
  const float footway = walk(Tags{{"highway", "footway"}}).speed_mps;
  const RoadUse steps = walk(Tags{{"highway", "steps"}});
  expect_both(steps);
  EXPECT_NEAR(footway, 1.0, kTol);
  EXPECT_NEAR(steps.speed_mps, 0.5, kTol);  // 1.0 m/s x speed_factor.steps 0.5
}

TEST_F(RoadProfileOsm, SetWalkSpeedChangesWalkingOnly) {
  profile_->set_walk_speed_mps(0.9);
  EXPECT_DOUBLE_EQ(profile_->walk_speed_mps(), 0.9);
  EXPECT_NEAR(walk(Tags{{"highway", "footway"}}).speed_mps, 0.9, kTol);
  EXPECT_NEAR(walk(Tags{{"highway", "steps"}}).speed_mps, 0.45, kTol);                    // 0.9 x 0.5
  EXPECT_NEAR(drive(Tags{{"highway", "residential"}}).speed_mps, 20 / 3.6, kTol);         // unchanged
  EXPECT_NEAR(profile_->fields("", kNaN, "", TravelMode::walk).speed_mps, 0.9, kTol);
  EXPECT_THROW(profile_->set_walk_speed_mps(0), UsageError);
  EXPECT_THROW(profile_->set_walk_speed_mps(-1), UsageError);
  EXPECT_THROW(profile_->set_walk_speed_mps(kNaN), UsageError);
  EXPECT_DOUBLE_EQ(profile_->walk_speed_mps(), 0.9);
}

TEST_F(RoadProfileOsm, NonRoadsAreNotUsable) {
  for (const Tags& t : {Tags{}, Tags{{"building", "yes"}}, Tags{{"waterway", "river"}},
                        Tags{{"railway", "rail"}, {"foot", "yes"}}, Tags{{"highway", "proposed"}},
                        Tags{{"highway", "construction"}, {"motor_vehicle", "yes"}}, Tags{{"highway", ""}}}) {
    EXPECT_FALSE(walk(t).usable);
    EXPECT_FALSE(drive(t).usable);
  }
  // A highway class the file does not list is not walked without foot permission, nor driven.
  EXPECT_FALSE(walk(Tags{{"highway", "bus_stop"}}).usable);
  EXPECT_FALSE(drive(Tags{{"highway", "bus_stop"}}).usable);
}

TEST_F(RoadProfileFields, OnewayCodes) {
  const auto d = [&](const char* oneway) { return profile_->fields("primary", kNaN, oneway, TravelMode::drive); };
  expect_forward_only(d("FT"));
  expect_forward_only(d("ft"));
  expect_forward_only(d("yes"));
  expect_forward_only(d("T"));
  expect_backward_only(d("TF"));
  expect_backward_only(d(" tf "));
  expect_backward_only(d("-1"));
  expect_both(d("B"));
  expect_both(d("N"));
  expect_both(d(""));
  // Unknown: both ways, and known_oneway lets the caller report it.
  expect_both(d("sometimes"));
  EXPECT_FALSE(profile_->known_oneway("sometimes"));
  EXPECT_TRUE(profile_->known_oneway("Tf"));
  EXPECT_TRUE(profile_->known_oneway(""));
  // Walking ignores the one-way field.
  expect_both(profile_->fields("primary", kNaN, "FT", TravelMode::walk));
}

TEST_F(RoadProfileFields, SpeedFieldOverridesClassSpeed) {
  // 60 km/h x field_speed_factor 1.0 = 16.667 m/s.
  EXPECT_NEAR(profile_->fields("residential", 60, "", TravelMode::drive).speed_mps, 60 / 3.6, kTol);
  EXPECT_NEAR(profile_->fields("", 60, "", TravelMode::drive).speed_mps, 60 / 3.6, kTol);
  // NaN, zero or negative: the class speed (primary 40 km/h).
  for (double v : {kNaN, 0.0, -10.0, std::numeric_limits<double>::infinity()}) {
    EXPECT_NEAR(profile_->fields("primary", v, "", TravelMode::drive).speed_mps, 40 / 3.6, kTol) << v;
  }
  // Walking ignores it.
  EXPECT_NEAR(profile_->fields("primary", 60, "", TravelMode::walk).speed_mps, 1.0, kTol);
}

TEST_F(RoadProfileFields, ClassLookup) {
  // Empty class: walkable at walking speed; driven at default_kmh 18 km/h = 5.0 m/s.
  expect_both(profile_->fields("", kNaN, "", TravelMode::walk));
  EXPECT_NEAR(profile_->fields("", kNaN, "", TravelMode::walk).speed_mps, 1.0, kTol);
  const RoadUse empty_drive = profile_->fields("", kNaN, "", TravelMode::drive);
  expect_both(empty_drive);
  EXPECT_NEAR(empty_drive.speed_mps, 18 / 3.6, kTol);
  // A class the file does not know (a Chinese class name): walkable, driven at default_kmh.
  expect_both(profile_->fields("支路", kNaN, "", TravelMode::walk));
  EXPECT_NEAR(profile_->fields("支路", kNaN, "", TravelMode::drive).speed_mps, 18 / 3.6, kTol);
  // Known classes: their speeds, case-insensitively.
  EXPECT_NEAR(profile_->fields("Primary", kNaN, "", TravelMode::drive).speed_mps, 40 / 3.6, kTol);
  EXPECT_NEAR(profile_->fields("steps", kNaN, "", TravelMode::walk).speed_mps, 0.5, kTol);
  // A class named but not driven stays closed to cars; excluded classes to walkers.
  EXPECT_FALSE(profile_->fields("footway", kNaN, "", TravelMode::drive).usable);
  EXPECT_FALSE(profile_->fields("steps", 30, "", TravelMode::drive).usable);
  EXPECT_FALSE(profile_->fields("motorway", kNaN, "", TravelMode::walk).usable);
  EXPECT_NEAR(profile_->fields("motorway", kNaN, "", TravelMode::drive).speed_mps, 80 / 3.6, kTol);
  // Not-built roads are closed to both.
  EXPECT_FALSE(profile_->fields("construction", kNaN, "", TravelMode::walk).usable);
  EXPECT_FALSE(profile_->fields("construction", kNaN, "", TravelMode::drive).usable);
}

TEST(RoadProfileShipped, DataFileLoads) {
  const RoadProfile p = RoadProfile::load(std::string(LIFECIRCLE_SOURCE_DIR) + "/data/road_speeds.yaml");
  EXPECT_DOUBLE_EQ(p.walk_speed_mps(), 1.11);  // GB 50180-2018: 1,000 m in 15 min
  EXPECT_DOUBLE_EQ(p.maxspeed_factor(), 0.7);
  const auto use = [&](const Tags& t, TravelMode m) { return p.osm(lookup(t), m); };
  // Shipped defaults, as the file states them: residential 20 km/h, primary 40, steps x 0.5.
  EXPECT_NEAR(use(Tags{{"highway", "residential"}}, TravelMode::drive).speed_mps, 20 / 3.6, kTol);
  EXPECT_NEAR(use(Tags{{"highway", "primary"}}, TravelMode::drive).speed_mps, 40 / 3.6, kTol);
  EXPECT_NEAR(use(Tags{{"highway", "steps"}}, TravelMode::walk).speed_mps, 1.11 * 0.5, kTol);
  EXPECT_NEAR(use(Tags{{"highway", "primary"}, {"maxspeed", "60"}}, TravelMode::drive).speed_mps, 60 * 0.7 / 3.6,
              kTol);
  expect_forward_only(use(Tags{{"highway", "motorway"}}, TravelMode::drive));
  EXPECT_FALSE(use(Tags{{"highway", "motorway"}}, TravelMode::walk).usable);
  EXPECT_FALSE(use(Tags{{"highway", "footway"}}, TravelMode::drive).usable);
  expect_both(use(Tags{{"highway", "trunk"}, {"foot", "yes"}}, TravelMode::walk));
  expect_forward_only(p.fields("", kNaN, "FT", TravelMode::drive));
  EXPECT_NEAR(p.fields("", kNaN, "", TravelMode::drive).speed_mps, 20 / 3.6, kTol);  // default_kmh 20
}

class RoadProfileLoad : public ::testing::Test {
 protected:
  // Writes `text`, expects load() to fail, and returns the message.
  std::string error(const std::string& text) {
    const std::string path = dir_.file("bad.yaml");
    test::write_text(path, text);
    try {
      RoadProfile::load(path);
    } catch (const InputError& e) {
      EXPECT_TRUE(test::contains(e.what(), path)) << e.what();
      return e.what();
    }
    ADD_FAILURE() << "no InputError for:\n" << text;
    return {};
  }
  test::TempDir dir_;
};

TEST_F(RoadProfileLoad, SpeedAsAListNamesFileAndLine) {
  const std::string msg = error(replaced(kProfile, "primary: 40", "primary: [40, 50]"));
  EXPECT_TRUE(test::contains(msg, ", line 13:")) << msg;
  EXPECT_TRUE(test::contains(msg, "drive.highway_kmh.primary")) << msg;
}

TEST_F(RoadProfileLoad, NegativeSpeedNamesFileAndLine) {
  std::string msg = error(replaced(kProfile, "default_kmh: 18", "default_kmh: -18"));
  EXPECT_TRUE(test::contains(msg, ", line 16:")) << msg;
  EXPECT_TRUE(test::contains(msg, "-18")) << msg;
  msg = error(replaced(kProfile, "speed_mps: 1.0", "speed_mps: fast"));
  EXPECT_TRUE(test::contains(msg, ", line 3:")) << msg;
  msg = error(replaced(kProfile, "{steps: 0.5}", "{steps: 0}"));
  EXPECT_TRUE(test::contains(msg, ", line 6:")) << msg;
  msg = error(replaced(kProfile, "maxspeed_factor: 0.7", "maxspeed_factor: 1.5"));  // must be in (0, 1]
  EXPECT_TRUE(test::contains(msg, ", line 17:")) << msg;
}

TEST_F(RoadProfileLoad, StructureErrorsNameFileAndLine) {
  // YAML syntax error: an unclosed flow list on line 5.
  std::string msg = error(replaced(kProfile, "[motorway, trunk]", "[motorway, trunk"));
  EXPECT_TRUE(test::contains(msg, ", line ")) << msg;
  // A list given as a single value.
  msg = error(replaced(kProfile, "implied_oneway_highway: [motorway]", "implied_oneway_highway: motorway"));
  EXPECT_TRUE(test::contains(msg, ", line 21:")) << msg;
  // A misspelt setting.
  msg = error(replaced(kProfile, "  maxspeed_factor: 0.7", "  maxspeed_facter: 0.7"));
  EXPECT_TRUE(test::contains(msg, ", line 17:")) << msg;
  EXPECT_TRUE(test::contains(msg, "maxspeed_facter")) << msg;
  // A value in two contradicting lists.
  msg = error(replaced(kProfile, "backward: [\"-1\", reverse, TF, R]", "backward: [\"-1\", reverse, TF, R, FT]"));
  EXPECT_TRUE(test::contains(msg, ", line 27:")) << msg;
  EXPECT_TRUE(test::contains(msg, "'ft'")) << msg;
  // A class both walkable and excluded.
  msg = error(replaced(kProfile, "[motorway, trunk]", "[motorway, trunk, footway]"));
  EXPECT_TRUE(test::contains(msg, ", line 5:")) << msg;
}

TEST_F(RoadProfileLoad, MissingSettingOrFileNamesTheFile) {
  std::string msg = error(replaced(kProfile, "  default_kmh: 18\n", ""));
  EXPECT_TRUE(test::contains(msg, "drive.default_kmh")) << msg;
  msg = error("just text\n");
  EXPECT_FALSE(msg.empty());
  const std::string missing = dir_.file("none.yaml");
  try {
    RoadProfile::load(missing);
    ADD_FAILURE() << "no InputError for a missing file";
  } catch (const InputError& e) {
    EXPECT_TRUE(test::contains(e.what(), missing)) << e.what();
  }
}

}  // namespace
}  // namespace lc::io

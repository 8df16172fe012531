// Joining census rows to sub-district units and spreading their population: hand cases, each
// expected value derived in its comment.

#include "algorithms/census.hpp"

#include <cmath>
#include <numeric>
#include <random>

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include <gtest/gtest.h>

namespace lc {
namespace {

TEST(CensusNames, FullWidthAndSpacesAreNormalised) {
  // Ｃ (U+FF23) and ２ (U+FF12) are C and 2 in full width; U+3000 is the ideographic space.
  EXPECT_EQ(normalise_census_name(" 草市街道\u3000"), "草市街道");
  EXPECT_EQ(normalise_census_name("网格\uFF23\uFF12"), "网格C2");
  EXPECT_EQ(normalise_census_name("金 泉 镇"), "金泉镇");
}

TEST(CensusNames, SuffixesAreStrippedButNeverTheWholeName) {
  EXPECT_EQ(strip_unit_suffix("苏坡街道办事处"), "苏坡");
  EXPECT_EQ(strip_unit_suffix("苏坡街道办"), "苏坡");
  EXPECT_EQ(strip_unit_suffix("金泉街道"), "金泉");
  EXPECT_EQ(strip_unit_suffix("安德镇"), "安德");
  EXPECT_EQ(strip_unit_suffix("三星乡"), "三星");
  EXPECT_EQ(strip_unit_suffix("镇"), "镇");       // nothing would be left
  EXPECT_EQ(strip_unit_suffix("网格A1"), "网格A1");  // no suffix
}

TEST(CensusCodes, TwelveAndNineDigitsMeetLeadingZerosStay) {
  EXPECT_EQ(normalise_census_code("510105001000"), "510105001");  // a township's 12 digits end in 000
  EXPECT_EQ(normalise_census_code("510105001"), "510105001");
  EXPECT_EQ(normalise_census_code("510105001002"), "510105001002");  // a village: left as it is
  EXPECT_EQ(normalise_census_code("010105001000"), "010105001");     // the leading zero kept
  EXPECT_EQ(normalise_census_code("\uFF15\uFF11\uFF10"), "510");      // full-width digits
}

TEST(CensusNames, EditDistanceCountsCodePoints) {
  EXPECT_EQ(edit_distance("草市街道", "草市街"), 1u);  // one character (three bytes) deleted
  EXPECT_EQ(edit_distance("金泉", "金全"), 1u);        // one substituted
  EXPECT_EQ(edit_distance("草市", "苏坡"), 2u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);  // the textbook case
}

TEST(CensusJoin, ByNameExactThenWithoutSuffix) {
  // Units: 草市街道, 苏坡, 金泉街道, 西华街道. Rows: 苏坡街道 (joins 苏坡 once stripped), 草市街道
  // (exact), 金全街道 (no unit: stripped 金全 is one edit from the unit 金泉), 光华 (nothing alike).
  const std::vector<std::string> units{"草市街道", "苏坡", "金泉街道", "西华街道"};
  const std::vector<std::string> rows{"苏坡街道", " 草市街道", "金全街道", "光华"};
  const CensusJoin j = join_census(units, rows, CensusKey::name);
  EXPECT_TRUE(j.duplicate_rows.empty());
  EXPECT_EQ(j.row_of_unit, (std::vector<Id>{1, 0, invalid_id, invalid_id}));
  EXPECT_EQ(j.unmatched_rows, (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(j.units_without_row, (std::vector<Id>{2, 3}));
  // 金全 vs 金泉: distance 1 < 2 characters; 金全 vs 西华: 2, not below the length 2; 光华 vs 金泉 2,
  // 光华 vs 西华 1 < 2.
  ASSERT_EQ(j.near_misses.size(), 2u);
  EXPECT_EQ(j.near_misses[0].row, 2u);
  EXPECT_EQ(j.near_misses[0].unit, 2u);
  EXPECT_EQ(j.near_misses[0].why, "edit distance 1");
  EXPECT_EQ(j.near_misses[1].row, 3u);
  EXPECT_EQ(j.near_misses[1].unit, 3u);
}

TEST(CensusJoin, AStrippedNameSharedByTwoUnitsJoinsNeither) {
  // 金泉街道 and 金泉镇 both strip to 金泉: the row 金泉 is ambiguous, and stays unjoined, a near
  // miss of both.
  const CensusJoin j = join_census({"金泉街道", "金泉镇"}, {"金泉"}, CensusKey::name);
  EXPECT_EQ(j.row_of_unit, (std::vector<Id>{invalid_id, invalid_id}));
  EXPECT_EQ(j.unmatched_rows, (std::vector<std::size_t>{0}));
  ASSERT_EQ(j.near_misses.size(), 2u);
  EXPECT_EQ(j.near_misses[0].unit, 0u);
  EXPECT_EQ(j.near_misses[1].unit, 1u);
  EXPECT_EQ(j.near_misses[0].why, "the same name without its suffix, shared with another (ambiguous)");
  // 金泉 and 金泉花园社区 are far apart (4 edits) but one contains the other.
  const CensusJoin c = join_census({"金泉花园社区"}, {"金泉"}, CensusKey::name);
  ASSERT_EQ(c.near_misses.size(), 1u);
  EXPECT_EQ(c.near_misses[0].why, "one name contains the other");
}

TEST(CensusJoin, DuplicatesAreGroupedAfterNormalising) {
  // "网格Ａ1" is "网格A1" in full width: rows 0 and 2 share a key.
  const CensusJoin j = join_census({"网格A1", "网格A2"}, {"网格A1", "网格A2", "网格\uFF211"}, CensusKey::name);
  ASSERT_EQ(j.duplicate_rows.size(), 1u);
  EXPECT_EQ(j.duplicate_rows[0], (std::vector<std::size_t>{0, 2}));
  const CensusJoin u = join_census({"510105001000", "510105001"}, {"510105001"}, CensusKey::code);
  ASSERT_EQ(u.duplicate_units.size(), 1u);
  EXPECT_EQ(u.duplicate_units[0], (std::vector<Id>{0, 1}));
}

TEST(CensusJoin, ByCodeNineAndTwelveDigits) {
  const CensusJoin j = join_census({"510105001000", "510105002000", "510105003000"},
                                   {"510105002", "510105001000", "510106001000"}, CensusKey::code);
  EXPECT_EQ(j.row_of_unit, (std::vector<Id>{1, 0, invalid_id}));
  EXPECT_EQ(j.unmatched_rows, (std::vector<std::size_t>{2}));
  EXPECT_EQ(j.units_without_row, (std::vector<Id>{2}));
  EXPECT_TRUE(j.near_misses.empty());  // codes are not compared for likeness
}

TEST(CensusSpread, TwoBuildingsOfOneAndThreeHundredSquareMetres) {
  // 1,000 people over 100 m² and 300 m²: 1000 × 100/400 = 250 and 1000 × 300/400 = 750.
  EXPECT_EQ(apportion(1000, {100, 300}, true), (std::vector<double>{250, 750}));
  EXPECT_EQ(apportion(1000, {100, 300}, false), (std::vector<double>{250, 750}));
}

TEST(CensusSpread, LargestRemainderKeepsTheTotal) {
  // 10 over three equal parts: quotas 3.33 each, floors 3 + 3 + 3 = 9, the one person left goes to
  // the lowest index of the equal remainders: 4, 3, 3.
  EXPECT_EQ(apportion(10, {1, 1, 1}, true), (std::vector<double>{4, 3, 3}));
  // 7 over 0.5, 0.3, 0.2: quotas 3.5, 2.1, 1.4; floors 3, 2, 1 = 6; the largest remainder (0.5)
  // takes the seventh person: 4, 2, 1.
  EXPECT_EQ(apportion(7, {0.5, 0.3, 0.2}, true), (std::vector<double>{4, 2, 1}));
  // A zero basis gets nobody: 5 over 0, 1, 1 -> 0, 3, 2 (quotas 0, 2.5, 2.5; the tie to index 1).
  EXPECT_EQ(apportion(5, {0, 1, 1}, true), (std::vector<double>{0, 3, 2}));
}

TEST(CensusSpread, ManyPartsAddUpToTheTotalToThePerson) {
  // 98,765 people over 1,000 irregular weights (i mod 7 + 0.1 i): the whole parts add to the total
  // exactly, each within one person of its exact quota.
  std::vector<double> w;
  for (int i = 0; i < 1000; ++i) w.push_back((i % 7) + 0.1 * i);
  const std::vector<double> parts = apportion(98765, w, true);
  const double sum_w = std::accumulate(w.begin(), w.end(), 0.0);
  EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), 0.0), 98765.0);
  for (std::size_t i = 0; i < w.size(); ++i) {
    EXPECT_EQ(parts[i], std::floor(parts[i]));
    EXPECT_LT(std::fabs(parts[i] - 98765 * w[i] / sum_w), 1.0);
  }
  // In floating point (a total that is not whole): within 1e-9 relative.
  const std::vector<double> fparts = apportion(1234.5, w, false);
  EXPECT_NEAR(std::accumulate(fparts.begin(), fparts.end(), 0.0), 1234.5, 1234.5 * 1e-9);
}

TEST(CensusSpread, PointsAreAssignedToTheFirstUnitHoldingThem) {
  // Unit 0: the square 0..100 with a hole 40..60; unit 1: 100..200 beside it.
  const Ring outer{0, 0, 100, 0, 100, 100, 0, 100};
  const Ring hole{40, 40, 60, 40, 60, 60, 40, 60};
  const Ring right{100, 0, 200, 0, 200, 100, 100, 100};
  const std::vector<std::vector<Ring>> units{{outer, hole}, {right}};
  const std::vector<double> x{10, 50, 150, 100, 250};
  const std::vector<double> y{10, 50, 50, 50, 50};
  // (10, 10) in unit 0; (50, 50) in the hole; (150, 50) in unit 1; (100, 50) on the shared edge:
  // the left edge of unit 1 counts (a right edge does not); (250, 50) in none.
  EXPECT_EQ(assign_to_units(units, x, y), (std::vector<Id>{0, invalid_id, 1, 1, invalid_id}));
}

// 400 overlapping random triangles and 20,000 random points, against Boost.Geometry's within
// (interior only; random points are on no edge) tried on every unit in order: the first unit
// holding a point is the one it gets.
TEST(CensusSpread, AssignmentMatchesTryingEveryUnit) {
  namespace bg = boost::geometry;
  using P = bg::model::d2::point_xy<double>;
  using Poly = bg::model::polygon<P>;
  std::mt19937 rng(15);
  std::uniform_real_distribution<double> u(0, 10000), d(-600, 600);
  std::vector<std::vector<Ring>> units;
  std::vector<Poly> polys;
  for (int k = 0; k < 400; ++k) {
    const double cx = u(rng), cy = u(rng);
    const Ring r{cx + d(rng), cy + d(rng), cx + d(rng), cy + d(rng), cx + d(rng), cy + d(rng)};
    units.push_back({r});
    Poly p;
    for (std::size_t i = 0; i < r.size(); i += 2) bg::append(p.outer(), P(r[i], r[i + 1]));
    bg::append(p.outer(), P(r[0], r[1]));
    bg::correct(p);
    polys.push_back(p);
  }
  std::vector<double> x, y;
  for (int i = 0; i < 20000; ++i) x.push_back(u(rng)), y.push_back(u(rng));
  const std::vector<Id> got = assign_to_units(units, x, y);
  std::size_t held = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    Id want = invalid_id;
    for (std::size_t k = 0; k < polys.size() && want == invalid_id; ++k) {
      if (bg::within(P(x[i], y[i]), polys[k])) want = static_cast<Id>(k);
    }
    held += want != invalid_id;
    ASSERT_EQ(got[i], want) << "point " << i << " (" << x[i] << ", " << y[i] << ")";
  }
  EXPECT_GT(held, 2000u);  // the case is not empty
}

}  // namespace
}  // namespace lc

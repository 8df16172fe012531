// Shard planning: the Hilbert curve visits every cell once, each step to a neighbour; districts
// are cut into consecutive runs of about equal work; a shard's area is its districts' union and
// its halo that area grown by the halo's width (areas checked against rectangles by hand).

#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <geos_c.h>
#include <gtest/gtest.h>

#include "algorithms/coverage_total.hpp"
#include "algorithms/shard_plan.hpp"
#include "algorithms/spatial_order.hpp"
#include "core/detail/geos_polygons.hpp"

namespace lc {
namespace {

TEST(Hilbert, VisitsEveryCellOnceMovingToANeighbour) {
  for (unsigned order : {1u, 2u, 3u, 5u}) {
    const std::uint32_t side = 1u << order;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> at(std::size_t(side) * side, {UINT32_MAX, UINT32_MAX});
    for (std::uint32_t x = 0; x < side; ++x) {
      for (std::uint32_t y = 0; y < side; ++y) {
        const std::uint64_t d = hilbert_index(x, y, order);
        ASSERT_LT(d, at.size());
        ASSERT_EQ(at[d].first, UINT32_MAX) << "index " << d << " twice";
        at[d] = {x, y};
      }
    }
    for (std::size_t d = 1; d < at.size(); ++d) {
      const int dx = std::abs(int(at[d].first) - int(at[d - 1].first)), dy = std::abs(int(at[d].second) - int(at[d - 1].second));
      EXPECT_EQ(dx + dy, 1) << "order " << order << ", step " << d;
    }
  }
  // Order 1 by hand: (0,0) 0, (0,1) 1, (1,1) 2, (1,0) 3.
  EXPECT_EQ(hilbert_index(0, 1, 1), 1u);
  EXPECT_EQ(hilbert_index(1, 1, 1), 2u);
  EXPECT_EQ(hilbert_index(1, 0, 1), 3u);
}

std::vector<unsigned char> square(double x0, double y0, double side) {
  detail::GeosContext ctx;
  char wkt[256];
  std::snprintf(wkt, sizeof wkt, "POLYGON ((%g %g, %g %g, %g %g, %g %g, %g %g))", x0, y0, x0 + side, y0, x0 + side, y0 + side, x0,
                y0 + side, x0, y0);
  GEOSWKTReader* r = GEOSWKTReader_create_r(ctx.h);
  detail::Geom g = detail::own(ctx.h, GEOSWKTReader_read_r(ctx.h, r, wkt));
  GEOSWKTReader_destroy_r(ctx.h, r);
  return detail::write_wkb(ctx.h, g.get());
}

double area_of(const std::vector<unsigned char>& wkb) {
  detail::GeosContext ctx;
  detail::Geom g = detail::read_wkb(ctx.h, wkb);
  double a = 0;
  GEOSArea_r(ctx.h, g.get(), &a);
  return a;
}

// A row of eight 1 km squares, west to east, with populations.
ShardPlan row_plan(const std::vector<double>& population, double halo_m) {
  ShardPlan p;
  for (std::size_t k = 0; k < population.size(); ++k) {
    p.districts.push_back("d" + std::to_string(k), "fid:" + std::to_string(k), square(1000.0 * k, 0, 1000));
  }
  p.district_population = population;
  p.halo.metres = halo_m;
  return p;
}

TEST(ShardPlan, RunsOfEqualWorkAlongTheRow) {
  // 8 districts of 100,000 people and 1 km2 each; a target of 250,000 people gives 4 shards
  // (800,000 / 250,000 rounded up), each of two neighbouring districts: work is equal, the
  // Hilbert order along a row is the row's order.
  ShardPlan p = row_plan(std::vector<double>(8, 1e5), 500);
  ShardPlanOptions o;
  o.target_population = 250000;
  plan_shards(p, o);
  ASSERT_EQ(p.shards.size(), 4u);
  for (Id s = 0; s < 4; ++s) {
    const Shard& sh = p.shards[s];
    ASSERT_EQ(sh.districts.size(), 2u) << s;
    EXPECT_EQ(sh.districts[1], sh.districts[0] + 1) << "neighbours";
    EXPECT_DOUBLE_EQ(sh.population, 2e5);
    EXPECT_NEAR(sh.area_m2, 2e6, 1e-6);
    // The union of two squares is a 2 x 1 km rectangle; grown by 500 m its area is
    // (2000 + 1000) x (1000 + 1000) less the four corners' squares, plus their quarter circles:
    // 6e6 - 4 x 500^2 + pi 500^2. GEOS draws the arcs with 8 segments a quadrant, a little less.
    EXPECT_NEAR(area_of(sh.area_wkb), 2e6, 1e-6);
    const double exact = 6e6 - 4 * 250000 + M_PI * 250000;
    EXPECT_LT(area_of(sh.halo_wkb), exact);
    EXPECT_GT(area_of(sh.halo_wkb), exact - 0.01 * M_PI * 250000);
    EXPECT_NEAR(sh.max_x - sh.min_x, 2000, 1e-9);
  }
  std::set<Id> seen;
  for (const Shard& sh : p.shards) seen.insert(sh.districts.begin(), sh.districts.end());
  EXPECT_EQ(seen.size(), 8u);
}

TEST(ShardPlan, AHeavyDistrictGetsAShardOfItsOwn) {
  // Populations 10, 10, 10, 1,000, 10, 10, 10, 10 (thousands) and three shards by count, by
  // population alone: the middle of the heavy district's work falls in the middle third, so it
  // is one shard; the districts before it another, those after it the third.
  ShardPlan p = row_plan({1e4, 1e4, 1e4, 1e6, 1e4, 1e4, 1e4, 1e4}, 0);
  ShardPlanOptions o;
  o.shards = 3;
  o.population_weight = 1.0;
  plan_shards(p, o);
  ASSERT_EQ(p.shards.size(), 3u);
  EXPECT_EQ(p.shards[0].districts, (std::vector<Id>{0, 1, 2}));
  EXPECT_EQ(p.shards[1].districts, (std::vector<Id>{3}));
  EXPECT_EQ(p.shards[2].districts, (std::vector<Id>{4, 5, 6, 7}));
  EXPECT_EQ(p.district_shard[3], 1u);
  // Without a halo the halo is the area.
  EXPECT_NEAR(area_of(p.shards[1].halo_wkb), 1e6, 1e-6);
}

TEST(ShardPlan, NeverMoreShardsThanDistrictsAndNoneEmpty) {
  ShardPlan p = row_plan({0, 0, 5e6}, 100);
  ShardPlanOptions o;
  o.target_population = 1e6;  // 5 shards wanted, 3 districts
  plan_shards(p, o);
  ASSERT_EQ(p.shards.size(), 3u);
  for (const Shard& sh : p.shards) EXPECT_EQ(sh.districts.size(), 1u);
  ShardPlan bad = row_plan({1, -1}, 0);
  EXPECT_THROW(plan_shards(bad, o), std::invalid_argument);
  ShardPlan none;
  EXPECT_THROW(plan_shards(none, o), std::invalid_argument);
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

// The demand order of a shard's points is that of the whole run's: any subset keeps its relative
// order, whatever else was loaded.
TEST(DemandOrder, ASubsetKeepsItsRelativeOrder) {
  std::vector<double> x, y;
  std::uint64_t s = 12345;
  auto next = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  };
  for (int i = 0; i < 5000; ++i) {
    x.push_back(-20000 + 40000 * next());  // both signs: cells are counted from the CRS's origin
    y.push_back(3e6 + 30000 * next());
  }
  x.push_back(x[10]), y.push_back(y[10]);  // a point twice: ties by id
  const std::vector<Id> all = fixed_order(x, y, 250.0);
  // The western half alone (every other point of it, too).
  std::vector<double> sx, sy;
  std::vector<Id> of;
  for (Id i = 0; i < x.size(); ++i) {
    if (x[i] < 0 && i % 2 == 0) sx.push_back(x[i]), sy.push_back(y[i]), of.push_back(i);
  }
  if (!(x[5000] < 0)) of.push_back(5000), sx.push_back(x[5000]), sy.push_back(y[5000]);  // the twin of 10, kept too
  const std::vector<Id> part = fixed_order(sx, sy, 250.0);
  std::vector<Id> expected;
  std::vector<bool> in_part(x.size(), false);
  for (Id i : of) in_part[i] = true;
  for (Id i : all) {
    if (in_part[i]) expected.push_back(i);
  }
  std::vector<Id> got;
  for (Id k : part) got.push_back(of[k]);
  EXPECT_EQ(got, expected);
  // Consecutive points mostly lie within 1 km of each other (a space-filling order; in a random
  // order about 0.3 % would, at 4 points per km2).
  std::size_t near = 0;
  for (std::size_t k = 1; k < all.size(); ++k) {
    near += std::hypot(x[all[k]] - x[all[k - 1]], y[all[k]] - y[all[k - 1]]) < 1000;
  }
  EXPECT_GT(near, all.size() * 3 / 4);
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

TEST(OwningShards, ByDistrictThenByTheNearestDistrict) {
  // Three 1 km squares in a row, districts 0 and 1 in shard 0, district 2 in shard 1.
  ShardPlan p = row_plan({1, 1, 1}, 0);
  const std::vector<Id> shard_of = {0, 0, 1};
  //  (500, 500) in district 0; (2000, 500) on the 1|2 border: district 1 (the lower), shard 0;
  //  (2500, 500) in district 2; (3400, 500) 400 m east of district 2; (-300, 1200) nearest to
  //  district 0 (hypot(300, 200) = 361 m); (2100, 1100) 100 m north of district 2 and
  //  hypot(100, 100) = 141 m from district 1: district 2, shard 1.
  const std::vector<double> x = {500, 2000, 2500, 3400, -300, 2100};
  const std::vector<double> y = {500, 500, 500, 500, 1200, 1100};
  EXPECT_EQ(owning_shards(p.districts, shard_of, x, y), (std::vector<Id>{0, 0, 1, 1, 0, 1}));
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

TEST(CountShardDemand, OwnedAndWithinTheHalosBounds) {
  // Two 1 km squares, a shard each, a 300 m halo: shard 0 reads x in [-300, 1300], shard 1
  // x in [700, 2300] (y in [-300, 1300] both). Points: (500, 500) owned by 0; (1200, 500)
  // owned by 1, within 0's halo; (900, 500) owned by 0, within 1's halo; (1900, 1250) owned by
  // 1 (250 m north of district 1, its nearest); (2600, 500) owned by 1 (600 m east), outside
  // its halo's bounds but read as owned.
  ShardPlan p = row_plan({1, 1}, 300);
  ShardPlanOptions o;
  o.shards = 2;
  plan_shards(p, o);
  ASSERT_EQ(p.district_shard, (std::vector<Id>{0, 1}));
  count_shard_demand(p, {500, 1200, 900, 1900, 2600}, {500, 500, 500, 1250, 500});
  EXPECT_EQ(p.shards[0].demand_points, 2);
  EXPECT_EQ(p.shards[0].demand_points_read, 3);  // (500), (900), (1200)
  EXPECT_EQ(p.shards[1].demand_points, 3);
  EXPECT_EQ(p.shards[1].demand_points_read, 4);  // (1200), (900), (1900, 1250), (2600) as owned
}

TEST(ShardMemory, FromTheMeasuredPeaksWithAMargin) {
  // 1.5 x (100 MB + 210 B x 1,000,000) = 465 MB = 443.5 MiB: 512 MiB; no points: 143.1 MiB: 256.
  EXPECT_EQ(shard_memory_mb(1'000'000), 512);
  EXPECT_EQ(shard_memory_mb(0), 256);
  // 1.5 x (100 MB + 280 B x 10,000,000) = 4,350 MB = 4,148.5 MiB: 17 x 256 = 4,352 MiB.
  EXPECT_EQ(merge_memory_mb(10'000'000), 4352);
  // The walking province of bench/README.md: its merge with its 3,842,800 road segments,
  // 1.5 x (100 MB + 2,800 MB + 420 B x 3,842,800 = 1,614 MB) = 6,771 MB = 6,457.5 MiB: 6,656 MiB
  // (measured 4,347 MiB, which the estimate without the roads, 4,352, only just held).
  EXPECT_EQ(merge_memory_mb(10'000'000, 3'842'800), 6656);
  // A shard of it, 750,000 points and 280,000 segments read: 1.5 x (100 + 157.5 + 117.6 MB) =
  // 562.7 MB = 536.6 MiB: 768 (measured up to 494 MiB; 512 without the roads).
  EXPECT_EQ(shard_memory_mb(750'000, 280'000), 768);
  EXPECT_EQ(shard_memory_mb(750'000), 512);
}

// Two shards of 1 km districts, west [0, 1000] and east [1000, 2000] x [0, 1000], a 500 m halo:
// with the 250 m snap a coverage shard reads the lines meeting [-750, 1750] (west) or
// [250, 2750] (east) in x. A street along y = 500 from x = 0 to 2000 in 20 segments meets both;
// one from x = 2000 to 3000 in 5 segments, only east's; one far off (x = 9000) in 3, neither;
// a line of one vertex has none.
TEST(CountShardRoads, TheLinesMeetingEachShardsGrownBoxes) {
  ShardPlan p;
  p.halo.metres = 500;
  p.shards.assign(2, Shard{});
  for (Id k = 0; k < 2; ++k) {
    Shard& sh = p.shards[k];
    sh.index = k;
    sh.min_x = 1000.0 * k, sh.max_x = 1000.0 * (k + 1), sh.min_y = 0, sh.max_y = 1000;
    sh.district_boxes = {sh.min_x, 0, sh.max_x, 1000};
  }
  RoadLines roads;
  auto street = [&](double x0, double x1, int segments) {
    std::vector<double> xy;
    for (int k = 0; k <= segments; ++k) xy.insert(xy.end(), {x0 + (x1 - x0) * k / segments, 500.0});
    roads.add_line(xy, 1.0f, true, true, "s");
  };
  street(0, 2000, 20);
  street(2000, 3000, 5);
  street(9000, 9300, 3);
  roads.add_line({5000, 500}, 1.0f, true, true, "point");
  count_shard_roads(p, roads, 250);
  EXPECT_EQ(p.road_segments, 28);
  EXPECT_EQ(p.shards[0].road_segments_read, 20);
  EXPECT_EQ(p.shards[1].road_segments_read, 25);
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

TEST(CountShardDemand, ARaggedShardReadsItsDistrictsBoxesNotTheirBounds) {
  // Shard 0 of three 1 km squares in an L: (0,0), (1000,0) and (0,1000); shard 1 a square at
  // (1000, 1000), in the L's corner. A 100 m halo. The point (1500, 1500) lies within shard 0's
  // bounds grown by the halo ([-100, 2100] both ways) but in none of its districts' boxes grown
  // by it; (1050, 1050) lies within 100 m of the corner of (1000, 0) and of (0, 1000): read.
  ShardPlan p;
  for (auto [x, y] : {std::pair{0.0, 0.0}, {1000.0, 0.0}, {0.0, 1000.0}, {1000.0, 1000.0}}) {
    p.districts.push_back("d", "id", square(x, y, 1000));
  }
  p.district_population = {1, 1, 1, 1};
  p.halo.metres = 100;
  p.district_shard = {0, 0, 0, 1};
  p.shards.assign(2, Shard{});
  for (Id s = 0; s < 2; ++s) p.shards[s].index = s;
  p.shards[0].districts = {0, 1, 2};
  p.shards[0].district_boxes = {0, 0, 1000, 1000, 1000, 0, 2000, 1000, 0, 1000, 1000, 2000};
  p.shards[0].min_x = 0, p.shards[0].min_y = 0, p.shards[0].max_x = 2000, p.shards[0].max_y = 2000;
  p.shards[1].districts = {3};
  p.shards[1].district_boxes = {1000, 1000, 2000, 2000};
  p.shards[1].min_x = 1000, p.shards[1].min_y = 1000, p.shards[1].max_x = 2000, p.shards[1].max_y = 2000;
  const std::vector<double> boxes = shard_read_boxes(p.shards[0], 100);
  EXPECT_EQ(boxes, (std::vector<double>{-100, -100, 1100, 1100, 900, -100, 2100, 1100, -100, 900, 1100, 2100}));
  EXPECT_FALSE(in_boxes(boxes, 1500, 1500));
  EXPECT_TRUE(in_boxes(boxes, 1050, 1050));
  EXPECT_TRUE(in_boxes(boxes, 2100, 1100));  // edges included
  count_shard_demand(p, {500, 1500, 1050}, {500, 1500, 1050});
  EXPECT_EQ(p.shards[0].demand_points, 1);       // (500, 500)
  EXPECT_EQ(p.shards[0].demand_points_read, 2);  // and (1050, 1050), not (1500, 1500)
  EXPECT_EQ(p.shards[1].demand_points, 2);
  EXPECT_EQ(p.shards[1].demand_points_read, 2);  // (500, 500) is 500 m from its district
  // A plan without district boxes: the shard's bounds.
  p.shards[0].district_boxes.clear();
  EXPECT_EQ(shard_read_boxes(p.shards[0], 100), (std::vector<double>{-100, -100, 2100, 2100}));
}

}  // namespace
}  // namespace lc

namespace lc {
namespace {

CoverageFigures figures(const std::string& source, double people, double covered) {
  CoverageFigures f;
  f.source = source;
  f.mode = "distance";
  f.demand_points = 1;
  f.population_total = people;
  f.population_complete = covered;
  f.life_circle = {"health"};
  f.categories.push_back({"health", "gb15", 1, people, covered, 10.0});
  return f;
}

// Sums that do not depend on the runs' order: 0.1 + 0.2 + 0.3 in doubles is 0.6000000000000001
// one way and 0.6 the other; the sums give the same bits both ways.
TEST(SumCoverage, TheSameWhateverTheOrder) {
  const std::vector<CoverageFigures> a = {figures("a", 0.1, 0.1), figures("b", 0.2, 0.2), figures("c", 0.3, 0.3)};
  const std::vector<CoverageFigures> b = {a[2], a[1], a[0]};
  const CoverageFigures sa = sum_coverage(a), sb = sum_coverage(b);
  EXPECT_EQ(sa.population_total, sb.population_total);
  EXPECT_EQ(sa.categories[0].population_covered, sb.categories[0].population_covered);
  EXPECT_NEAR(sa.population_total, 0.6, 1e-15);
  EXPECT_EQ(sa.demand_points, 3);
  EXPECT_EQ(sa.categories[0].facilities, 3);
  EXPECT_DOUBLE_EQ(sa.categories[0].service_area_m2, 30.0);
}

TEST(SumCoverage, RunsThatDoNotAddUp) {
  CoverageFigures other = figures("b", 1, 1);
  other.categories[0].within = "gb10";
  EXPECT_THROW(sum_coverage({figures("a", 1, 1), other}), std::invalid_argument);
  other = figures("b", 1, 1);
  other.mode = "walk";
  EXPECT_THROW(sum_coverage({figures("a", 1, 1), other}), std::invalid_argument);
  EXPECT_THROW(sum_coverage({}), std::invalid_argument);
}

}  // namespace
}  // namespace lc

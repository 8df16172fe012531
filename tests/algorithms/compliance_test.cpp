#include "algorithms/compliance.hpp"

#include <cmath>
#include <cstring>
#include <random>

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <gtest/gtest.h>

#include "algorithms/district_assign.hpp"
#include "algorithms/road_graph.hpp"
#include "io/check_wording.hpp"

namespace lc {
namespace {

// Little-endian WKB of a polygon from rings of (x, y) (each ring closed by the writer).
std::vector<unsigned char> wkb_polygon(const std::vector<std::vector<std::pair<double, double>>>& rings) {
  std::vector<unsigned char> out;
  auto put = [&](const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    out.insert(out.end(), b, b + n);
  };
  const unsigned char order = 1;
  const std::uint32_t type = 3, nrings = static_cast<std::uint32_t>(rings.size());
  put(&order, 1), put(&type, 4), put(&nrings, 4);
  for (const auto& ring : rings) {
    const std::uint32_t n = static_cast<std::uint32_t>(ring.size() + 1);
    put(&n, 4);
    for (std::size_t k = 0; k <= ring.size(); ++k) {
      const auto& [x, y] = ring[k % ring.size()];
      put(&x, 8), put(&y, 8);
    }
  }
  return out;
}

std::vector<unsigned char> wkb_box(double x0, double y0, double x1, double y1) {
  return wkb_polygon({{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}});
}

TEST(DistrictAssign, SharedBordersGoToTheLowestIndexAndOutsideIsMarked) {
  Districts d;
  d.push_back("A", "1", wkb_box(0, 0, 1000, 1000));
  d.push_back("B", "2", wkb_box(1000, 0, 2000, 1000));
  d.push_back("C", "3", wkb_box(0, 1000, 1000, 2000));
  const std::vector<double> x{500, 1000, 1500, 1000, 500, 3000, 0, 2000};
  const std::vector<double> y{500, 500, 500, 1000, 1000, 3000, 0, 1000.0001};
  const std::vector<Id> got = assign_to_districts(d, x, y);
  //  (500,500) A; (1000,500) A|B -> A; (1500,500) B; (1000,1000) A|B|C -> A; (500,1000) A|C -> A;
  //  (3000,3000) none; (0,0) A's corner; (2000,1000.0001) just above B.
  EXPECT_EQ(got, (std::vector<Id>{0, 0, 1, 0, 0, outside_districts, 0, outside_districts}));
}

// Random points, many on cell borders, against a brute-force reference: rectangles by their
// coordinates, an L-shape with a hole by Boost.Geometry's covered_by.
TEST(DistrictAssign, MatchesBruteForceOnGridAndHoledPolygon) {
  namespace bg = boost::geometry;
  using P = bg::model::d2::point_xy<double>;
  using Poly = bg::model::polygon<P, false, true>;  // counter-clockwise, closed
  Districts d;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) d.push_back("g", "g", wkb_box(c * 100.0, r * 100.0, (c + 1) * 100.0, (r + 1) * 100.0));
  }
  // L-shape from (300,0) to (500,300) with a hole (380,40)-(420,80); ccw outer, cw hole.
  const std::vector<std::pair<double, double>> outer{{300, 0}, {500, 0}, {500, 300}, {400, 300}, {400, 100}, {300, 100}};
  const std::vector<std::pair<double, double>> hole{{380, 40}, {380, 80}, {420, 80}, {420, 40}};
  d.push_back("L", "L", wkb_polygon({outer, hole}));
  Poly l;
  for (const auto& [x, y] : outer) bg::append(l.outer(), P(x, y));
  bg::append(l.outer(), P(outer[0].first, outer[0].second));
  l.inners().resize(1);
  for (const auto& [x, y] : hole) bg::append(l.inners()[0], P(x, y));
  bg::append(l.inners()[0], P(hole[0].first, hole[0].second));
  bg::correct(l);

  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-20, 520);
  std::uniform_int_distribution<int> grid(-1, 26);
  std::vector<double> x, y;
  for (int i = 0; i < 20000; ++i) {
    if (i % 3 == 0) x.push_back(grid(rng) * 20.0), y.push_back(grid(rng) * 20.0);  // on lattice lines
    else x.push_back(u(rng)), y.push_back(u(rng));
  }
  const std::vector<Id> got = assign_to_districts(d, x, y);
  for (std::size_t i = 0; i < x.size(); ++i) {
    Id want = outside_districts;
    for (int r = 0; r < 3 && want == outside_districts; ++r) {
      for (int c = 0; c < 3; ++c) {
        if (x[i] >= c * 100.0 && x[i] <= (c + 1) * 100.0 && y[i] >= r * 100.0 && y[i] <= (r + 1) * 100.0) {
          want = static_cast<Id>(r * 3 + c);
          break;
        }
      }
    }
    if (want == outside_districts && bg::covered_by(P(x[i], y[i]), l)) want = 9;
    ASSERT_EQ(got[i], want) << "point " << i << " (" << x[i] << ", " << y[i] << ")";
  }
}

//  Districts: A [0,1000]x[0,1000], B [1000,2000]x[0,1000], C [0,1000]x[1000,2000] (nobody lives in C).
//  Demand (residents, elderly):
//    p0 (100,100)  1000, 200   A
//    p1 (900,500)   500, 100   A
//    p2 (1000,500)  300,  60   on the A|B border: A only
//    p3 (1500,500) 2000, 400   B
//    p4 (1900,900)  200,  40   B
//    p5 (3000,3000) 100,   0   outside every district
//  Elderly care: f0 (200,200) A existing beds 10 nursing 6 area 150; f1 (1600,600) B planned beds 8
//  nursing 2 area 100; f2 (1500,500) B candidate beds 100 (not built: never counted).
//  Fitness: g0 (-10,-10), outside every district.
struct Plan {
  Categories cats;
  Facilities fac;
  Demand dem;
  Districts dist;
  CategoryId care = 0, fitness = 0;
  Plan() {
    care = cats.add("elderly_care");
    fitness = cats.add("fitness");
    dist.push_back("A", "a", wkb_box(0, 0, 1000, 1000));
    dist.push_back("B", "b", wkb_box(1000, 0, 2000, 1000));
    dist.push_back("C", "c", wkb_box(0, 1000, 1000, 2000));
    const double pts[6][4] = {{100, 100, 1000, 200}, {900, 500, 500, 100}, {1000, 500, 300, 60},
                              {1500, 500, 2000, 400}, {1900, 900, 200, 40}, {3000, 3000, 100, 0}};
    for (int i = 0; i < 6; ++i) {
      dem.push_back(pts[i][0], pts[i][1], pts[i][2], "p" + std::to_string(i));
      dem.attributes["elderly"].push_back(pts[i][3]);
    }
    fac.push_back(200, 200, care, "f0", "", FacilityStatus::existing);
    fac.push_back(1600, 600, care, "f1", "", FacilityStatus::planned);
    fac.push_back(1500, 500, care, "f2", "", FacilityStatus::candidate);
    fac.push_back(-10, -10, fitness, "g0", "", FacilityStatus::existing);
    fac.attributes["beds"] = {10, 8, 100, NAN};
    fac.attributes["nursing_beds"] = {6, 2, 50, NAN};
    fac.attributes["area_m2"] = {150, 100, 500, NAN};
  }
};

Rule rule(std::string id, RuleKind kind, std::string category) {
  Rule r;
  r.id = std::move(id);
  r.kind = kind;
  r.category = std::move(category);
  return r;
}

// Verdicts of rule `ri`: overall, A, B, C, outside.
std::vector<const Verdict*> rows(const CheckResult& res, std::size_t ri) {
  std::vector<const Verdict*> out;
  for (const Verdict& v : res.verdicts) {
    if (v.rule == ri) out.push_back(&v);
  }
  return out;
}

// Options with every rule's threshold resolved in its own mode at the GB 50180 pace.
CheckOptions options_for(const RuleSet& set) {
  CheckOptions o;
  o.thresholds = rule_thresholds(set, std::nullopt, default_walk_speed_mps);
  return o;
}

CheckResult check(const Plan& p, std::vector<Rule> rules) {
  RuleSet set;
  set.name = "test";
  set.rules = std::move(rules);
  return check_plan(set, p.cats, p.fac, p.dem, p.dist, options_for(set));
}

// A verdict of `rule` in the words the reports give it.
std::string text(const Rule& rule, const CheckResult& res, const Verdict* v) {
  return io::verdict_text(rule, res.runs[v->rule], *v);
}

TEST(Compliance, ScopesAndOutsideRows) {
  const Plan p;
  Rule r = rule("fit", RuleKind::access, "fitness");
  r.within = parse_within("500m");
  r.min_share = 0.9;
  const CheckResult res = check(p, {r});
  EXPECT_EQ(res.demand_district, (std::vector<Id>{0, 0, 0, 1, 1, outside_districts}));
  EXPECT_EQ(res.facility_district, (std::vector<Id>{0, 1, 1, outside_districts}));
  EXPECT_DOUBLE_EQ(res.demand_outside, 100);
  EXPECT_EQ(res.facilities_outside, 1u);
  const auto v = rows(res, 0);
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v[0]->district, overall_district);
  EXPECT_EQ(v[1]->district, 0u);
  EXPECT_EQ(v[3]->district, 2u);
  EXPECT_EQ(v[4]->district, outside_districts);
}

// g0 (-10,-10) is within 500 m of p0 only (155.6 m); p1 is 1,038 m away.
TEST(Compliance, AccessSharesAndShortfalls) {
  const Plan p;
  Rule r = rule("fit", RuleKind::access, "fitness");
  r.within = parse_within("500m");
  r.min_share = 0.9;
  const CheckResult res = check(p, {r});
  const auto v = rows(res, 0);
  // Overall 1000 / 4100; needs 0.9 * 4100 - 1000 = 2690 more.
  EXPECT_NEAR(v[0]->value, 1000.0 / 4100.0, 1e-12);
  EXPECT_EQ(v[0]->pass, false);
  EXPECT_DOUBLE_EQ(v[0]->shortfall, 2690);
  EXPECT_NE(text(r, res, v[0]).find("2,690 more residents"), std::string::npos) << text(r, res, v[0]);
  EXPECT_EQ(v[0]->facilities, (std::vector<Id>{3}));
  // A: 1000 / 1800, needs 1620 - 1000 = 620; B: 0 / 2200, needs 1980; outside: 0 / 100, needs 90.
  EXPECT_NEAR(v[1]->value, 1000.0 / 1800.0, 1e-12);
  EXPECT_DOUBLE_EQ(v[1]->shortfall, 620);
  EXPECT_EQ(v[1]->facilities, (std::vector<Id>{3}));  // the facility serving A lies outside it
  EXPECT_DOUBLE_EQ(v[2]->value, 0.0);
  EXPECT_DOUBLE_EQ(v[2]->shortfall, 1980);
  EXPECT_TRUE(v[2]->facilities.empty());
  // C has nobody: not applicable, no division by zero.
  EXPECT_FALSE(v[3]->pass.has_value());
  EXPECT_TRUE(std::isnan(v[3]->value));
  EXPECT_DOUBLE_EQ(v[4]->shortfall, 90);
  // The districts and the outside add up to the whole.
  EXPECT_DOUBLE_EQ(v[1]->demand + v[2]->demand + v[3]->demand + v[4]->demand, v[0]->demand);
  EXPECT_DOUBLE_EQ(v[0]->demand, 4100);

  // Everyone within 5 km: passes everywhere people live.
  r.within = parse_within("5km");
  r.min_share = 1.0;
  const CheckResult res2 = check(p, {r});
  const auto all = rows(res2, 0);
  EXPECT_EQ(all[0]->pass, true);
  EXPECT_EQ(all[1]->pass, true);
  EXPECT_DOUBLE_EQ(all[0]->shortfall, 0);
}

TEST(Compliance, AccessWithFullShareNamesPeopleOutside) {
  const Plan p;
  Rule r = rule("fit", RuleKind::access, "fitness");
  r.within = parse_within("15min");  // distance mode: 1,000 m at the GB 50180 pace
  r.min_share = 1.0;
  const CheckResult res = check(p, {r});
  const auto v = rows(res, 0);
  // Within 1,000 m of (-10,-10): p0 only (p1 at 1,038 m).
  EXPECT_DOUBLE_EQ(v[0]->shortfall, 3100);
  EXPECT_EQ(text(r, res, v[0]),
            "3,100 residents without a fitness facility within 1,000 m in a straight line (15 minutes' walk)");
}

TEST(Compliance, SupplyRatioPerDistrictNeverCountsCandidates) {
  const Plan p;
  Rule r = rule("beds", RuleKind::supply_ratio, "elderly_care");
  r.supply_attribute = "beds";
  r.demand_basis = "elderly";
  r.per = 1000;
  r.threshold = 40;
  const CheckResult res = check(p, {r});
  const auto v = rows(res, 0);
  // Overall 18 beds / 800 elderly = 22.5 per 1,000; needs 32 - 18 = 14.
  EXPECT_DOUBLE_EQ(v[0]->supply, 18);
  EXPECT_DOUBLE_EQ(v[0]->demand, 800);
  EXPECT_DOUBLE_EQ(v[0]->value, 22.5);
  EXPECT_EQ(v[0]->pass, false);
  EXPECT_DOUBLE_EQ(v[0]->shortfall, 14);
  EXPECT_EQ(text(r, res, v[0]).rfind("needs 14 more beds", 0), 0u) << text(r, res, v[0]);
  EXPECT_EQ(v[0]->facilities, (std::vector<Id>{0, 1}));
  // A: 10 / 360 -> 27.78, needs 14.4 - 10 = 4.4 -> 5. B: 8 / 440, needs 17.6 - 8 = 9.6 -> 10.
  EXPECT_NEAR(v[1]->value, 10.0 / 360.0 * 1000.0, 1e-9);
  EXPECT_DOUBLE_EQ(v[1]->shortfall, 5);
  EXPECT_DOUBLE_EQ(v[2]->shortfall, 10);
  EXPECT_EQ(v[2]->facilities, (std::vector<Id>{1}));
  // C and the outside have no elderly: not applicable.
  EXPECT_FALSE(v[3]->pass.has_value());
  EXPECT_FALSE(v[4]->pass.has_value());
  EXPECT_DOUBLE_EQ(v[1]->supply + v[2]->supply + v[3]->supply + v[4]->supply, v[0]->supply);

  // Exactly on the threshold passes: 18 beds for 450 elderly = 40 per 1,000.
  Plan q;
  q.dem.attributes["elderly"] = {200, 100, 60, 90, 0, 0};
  const CheckResult res2 = check(q, {r});
  const auto at = rows(res2, 0);
  EXPECT_DOUBLE_EQ(at[0]->value, 40.0);
  EXPECT_EQ(at[0]->pass, true);
}

TEST(Compliance, AttributeShareAndPerFacility) {
  const Plan p;
  Rule share = rule("nursing", RuleKind::attribute_share, "elderly_care");
  share.supply_attribute = "nursing_beds";
  share.base_attribute = "beds";
  share.threshold = 0.55;
  Rule area = rule("area", RuleKind::per_facility, "elderly_care");
  area.supply_attribute = "area_m2";
  area.threshold = 120;
  const CheckResult res = check(p, {share, area});
  const auto s = rows(res, 0);
  // Overall 8 / 18 = 44.4 %, needs 0.55 * 18 - 8 = 1.9 -> 2; A 6/10 passes; B 2/8, needs 4.4 - 2 -> 3.
  EXPECT_NEAR(s[0]->value, 8.0 / 18.0, 1e-12);
  EXPECT_DOUBLE_EQ(s[0]->shortfall, 2);
  EXPECT_EQ(s[1]->pass, true);
  EXPECT_DOUBLE_EQ(s[2]->shortfall, 3);
  EXPECT_FALSE(s[3]->pass.has_value());
  const auto a = rows(res, 1);
  // Smallest site: 100 m² (f1, in B); A's only site has 150 m².
  EXPECT_DOUBLE_EQ(a[0]->value, 100);
  EXPECT_EQ(a[0]->pass, false);
  EXPECT_DOUBLE_EQ(a[0]->shortfall, 1);
  EXPECT_NE(text(area, res, a[0]).find("f1 (100)"), std::string::npos) << text(area, res, a[0]);
  EXPECT_EQ(a[1]->pass, true);
  EXPECT_EQ(a[2]->pass, false);
  EXPECT_FALSE(a[3]->pass.has_value());  // no site in C
}

TEST(Compliance, PresenceInsideOrWithinReachOfThePopulationCentre) {
  const Plan p;
  Rule care = rule("care", RuleKind::presence, "elderly_care");
  care.min_population = 1000;
  Rule fit = rule("fit", RuleKind::presence, "fitness");
  fit.min_population = 1000;
  fit.has_within = true;
  fit.within = parse_within("500m");
  const CheckResult res = check(p, {care, fit});
  const auto c = rows(res, 0);
  EXPECT_EQ(c[0]->pass, true);  // A has f0 and B has f1 inside; C (0 residents) does not qualify
  EXPECT_DOUBLE_EQ(c[0]->value, 1.0);
  EXPECT_EQ(c[1]->facilities, (std::vector<Id>{0}));
  EXPECT_FALSE(c[3]->pass.has_value());
  const auto f = rows(res, 1);
  // A's population centre (472.2, 277.8) is nearest p0, 155.6 m from g0: served. B's (1536.4, 536.4)
  // is nearest p3, 1,593.8 m from g0: not served.
  EXPECT_EQ(f[1]->pass, true);
  EXPECT_EQ(f[1]->facilities, (std::vector<Id>{3}));
  EXPECT_EQ(f[2]->pass, false);
  EXPECT_EQ(f[0]->pass, false);
  EXPECT_DOUBLE_EQ(f[0]->value, 0.5);
  EXPECT_DOUBLE_EQ(f[0]->shortfall, 1);
  EXPECT_FALSE(f[4]->pass.has_value());  // outside every district is not a community
}

//  Two-step floating catchment within 1,000 m (straight line):
//    f0 reaches p0 (141 m), p1 (762 m), p2 (854 m): 360 elderly, 10 beds -> 10/360 each
//    f1 reaches p1 (707 m), p2 (608 m), p3 (141 m), p4 (424 m): 600 elderly, 8 beds -> 8/600 each
//  Beds per 1,000 elderly seen: p0 27.8; p1, p2 41.1; p3, p4 13.3; p5 0.
//  Meeting 40: p1 + p2 = 160 of 800 elderly.
TEST(Compliance, TwoStepFloatingCatchment) {
  const Plan p;
  Rule r = rule("2sfca", RuleKind::accessibility_2sfca, "elderly_care");
  r.within = parse_within("1000m");
  r.supply_attribute = "beds";
  r.demand_basis = "elderly";
  r.per = 1000;
  r.threshold = 40;
  r.min_share = 0.5;
  const CheckResult res = check(p, {r});
  const auto v = rows(res, 0);
  EXPECT_DOUBLE_EQ(v[0]->value, 0.2);
  EXPECT_DOUBLE_EQ(v[0]->shortfall, 240);  // 0.5 * 800 - 160
  EXPECT_EQ(v[0]->facilities, (std::vector<Id>{0, 1}));
  EXPECT_NEAR(v[1]->value, 160.0 / 360.0, 1e-12);
  EXPECT_DOUBLE_EQ(v[1]->shortfall, 20);
  EXPECT_EQ(v[1]->facilities, (std::vector<Id>{0, 1}));  // served across the A|B border by f1
  EXPECT_DOUBLE_EQ(v[2]->value, 0.0);
  EXPECT_DOUBLE_EQ(v[2]->shortfall, 220);
  EXPECT_FALSE(v[4]->pass.has_value());  // no elderly outside

  // A threshold of 27 beds: p0 (27.8) now meets it too: 360 of 800.
  r.threshold = 27;
  const CheckResult res2 = check(p, {r});
  EXPECT_DOUBLE_EQ(rows(res2, 0)[0]->value, 360.0 / 800.0);
}

// The two stages apart, as a split run uses them. 2SFCA of beds per 1,000 elderly within 1,000 m:
// f0 (200,200) reaches p0 (141 m), p1 (762 m), p2 (854 m): 10 beds / 360 elderly; f1 (1600,600)
// reaches p1 (707 m), p2 (608 m), p3 (141 m), p4 (424 m): 8 / 600. p3 is 1,334 m from f0.
TEST(Compliance, MeasuredAtSomePointsThenJudgedFromThemAll) {
  const Plan p;
  Rule fca = rule("2sfca", RuleKind::accessibility_2sfca, "elderly_care");
  fca.within = parse_within("1000m");
  fca.supply_attribute = "beds";
  fca.demand_basis = "elderly";
  fca.per = 1000;
  fca.threshold = 40;
  fca.min_share = 0.5;
  Rule near = rule("near", RuleKind::access, "elderly_care");
  near.within = parse_within("1000m");
  RuleSet set;
  set.name = "test";
  set.rules = {fca, near};
  const CheckOptions o = options_for(set);

  // Every point and site: p1 sees both sites, 10/360 + 8/600; the pairs (A, f0), (A, f1), (B, f1).
  const std::vector<RulePoints> all = check_points(set, p.cats, p.fac, p.dem, p.dist, o);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_NEAR(all[0].measure[1], 10.0 / 360 + 8.0 / 600, 1e-15);
  EXPECT_EQ(all[0].touching, (std::vector<std::pair<Id, Id>>{{0, 0}, {0, 1}, {1, 1}}));
  EXPECT_TRUE(all[0].nearest_cost.empty());
  EXPECT_TRUE(all[1].measure.empty());

  // Only p3 and p4 (district B), only f1's catchment counted: theirs are 8/600 still (f0 reaches
  // neither), p1's is left without f0's 10/360; p3's nearest is f1, 141.4 m; p0's is not looked for.
  const std::vector<std::uint8_t> east{0, 0, 0, 1, 1, 0}, only_f1{0, 1, 0, 0};
  const std::vector<RulePoints> b = check_points(set, p.cats, p.fac, p.dem, p.dist, o, east, only_f1);
  EXPECT_NEAR(b[0].measure[3], 8.0 / 600, 1e-15);
  EXPECT_NEAR(b[0].measure[4], 8.0 / 600, 1e-15);
  EXPECT_NEAR(b[0].measure[1], 8.0 / 600, 1e-15);
  EXPECT_EQ(b[0].touching, (std::vector<std::pair<Id, Id>>{{1, 1}}));
  EXPECT_NEAR(b[1].nearest_cost[3], std::sqrt(2.0) * 100, 1e-3);
  EXPECT_EQ(b[1].nearest_facility[3], 1u);
  EXPECT_TRUE(std::isinf(b[1].nearest_cost[0]));
  EXPECT_EQ(b[1].nearest_facility[0], invalid_id);

  // The rest (A and outside) with every site; each point's measures from its part, the pairs of
  // both: the verdicts of TwoStepFloatingCatchment (overall 160 of 800 elderly see 40 beds per
  // 1,000: p1 and p2 with 27.8 + 13.3 = 41.1; A 160 of 360; B none).
  const std::vector<std::uint8_t> rest{1, 1, 1, 0, 0, 1};
  const std::vector<RulePoints> a = check_points(set, p.cats, p.fac, p.dem, p.dist, o, rest);
  std::vector<RulePoints> joined = a;
  for (std::size_t ri = 0; ri < 2; ++ri) {
    for (Id i : {3u, 4u}) {
      if (!joined[ri].measure.empty()) joined[ri].measure[i] = b[ri].measure[i];
      if (!joined[ri].nearest_cost.empty()) {
        joined[ri].nearest_cost[i] = b[ri].nearest_cost[i];
        joined[ri].nearest_facility[i] = b[ri].nearest_facility[i];
      }
    }
    joined[ri].touching.insert(joined[ri].touching.end(), b[ri].touching.begin(), b[ri].touching.end());
    std::sort(joined[ri].touching.begin(), joined[ri].touching.end());
  }
  const CheckResult res = check_verdicts(set, p.cats, p.fac, p.dem, p.dist, o, joined);
  const auto v = rows(res, 0);
  ASSERT_EQ(v.size(), 5u);
  EXPECT_DOUBLE_EQ(v[0]->value, 0.2);
  EXPECT_DOUBLE_EQ(v[0]->shortfall, 240);  // 0.5 * 800 - 160
  EXPECT_NEAR(v[1]->value, 160.0 / 360.0, 1e-12);
  EXPECT_EQ(v[1]->facilities, (std::vector<Id>{0, 1}));
  EXPECT_DOUBLE_EQ(v[2]->value, 0.0);
  EXPECT_EQ(v[2]->facilities, (std::vector<Id>{1}));
  // Nearest within 1,000 m: everybody but p5 (outside, 2,778 m from f1): 4,000 of 4,100 residents.
  EXPECT_NEAR(rows(res, 1)[0]->value, 4000.0 / 4100.0, 1e-12);
  EXPECT_EQ(res.runs[0].supply_unknown, 0u);
  EXPECT_EQ(res.runs[0].facilities_counted, 2u);
  // Measures missing for a rule that needs them: refused.
  std::vector<RulePoints> none = joined;
  none[0].measure.clear();
  EXPECT_THROW(check_verdicts(set, p.cats, p.fac, p.dem, p.dist, o, none), std::invalid_argument);
}

TEST(Compliance, MissingFieldsAreNamedAndNotEvaluated) {
  const Plan p;
  Rule priv = rule("private", RuleKind::supply_ratio, "elderly_care");
  priv.supply_attribute = "private_beds";
  priv.threshold = 1;
  Rule young = rule("young", RuleKind::access, "fitness");
  young.within = parse_within("500m");
  young.demand_basis = "children";
  Rule fit_area = rule("fit_area", RuleKind::supply_ratio, "fitness");
  fit_area.supply_attribute = "area_m2";  // the column exists, but g0 has no value
  fit_area.threshold = 1.8;
  RuleSet set;
  set.rules = {priv, young, fit_area};
  const std::vector<MissingField> m = missing_fields(set, p.cats, p.fac, p.dem);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].field, "private_beds");
  EXPECT_EQ(m[0].in, "facilities");
  EXPECT_EQ(m[1].field, "children");
  EXPECT_EQ(m[1].in, "demand");
  EXPECT_EQ(m[2].field, "area_m2");
  const CheckResult res = check_plan(set, p.cats, p.fac, p.dem, p.dist, options_for(set));
  EXPECT_EQ(res.runs[0].missing_field, "private_beds");
  for (const Verdict& v : res.verdicts) {
    EXPECT_FALSE(v.pass.has_value());
    const std::string words = text(set.rules[v.rule], res, &v);
    EXPECT_EQ(words.rfind("not evaluated", 0), 0u) << words;
  }
  EXPECT_FALSE(res.any_failure());
}

TEST(Compliance, WithoutDistrictsOnlyTheOverallRow) {
  Plan p;
  p.dist = Districts{};
  Rule r = rule("fit", RuleKind::access, "fitness");
  r.within = parse_within("500m");
  Rule pres = rule("pres", RuleKind::presence, "fitness");
  const CheckResult res = check(p, {r, pres});
  ASSERT_EQ(res.verdicts.size(), 2u);
  EXPECT_DOUBLE_EQ(res.verdicts[0].demand, 4100);
  EXPECT_FALSE(res.verdicts[1].pass.has_value());  // presence needs communities
}

// applies_to on the plan above, with A a city district, B a county and C without a type: the rule
// is judged where it applies and "not applicable" elsewhere, and overall over those districts only.
TEST(Compliance, AppliesToJudgesOnlyTheSelectedDistricts) {
  Plan p;
  p.dist.attributes["type"] = {"city", "county", ""};
  Rule city = rule("city", RuleKind::access, "fitness");
  city.within = parse_within("500m");
  city.applies_to = DistrictSelection{"type", {"CITY"}, false};
  Rule city_or_unset = city;
  city_or_unset.id = "city_or_unset";
  city_or_unset.applies_to->if_unset = true;
  Rule beds = rule("beds", RuleKind::supply_ratio, "elderly_care");
  beds.supply_attribute = "beds";
  beds.per = 1000;
  beds.threshold = 4;
  beds.applies_to = DistrictSelection{"type", {"county", "县"}, false};
  Rule combined = rule("combined", RuleKind::presence, "elderly_care");
  combined.supply_attribute = "medical_care_combined";
  combined.min_population = 1;
  combined.applies_to = beds.applies_to;
  p.fac.attributes["medical_care_combined"] = {0, 1, 1, NAN};  // f1 (in B) is one; f2 is a candidate
  const CheckResult res = check(p, {city, city_or_unset, beds, combined});

  // Only g0 at (-10, -10) is a fitness site: p0 (1,000 people, 156 m away) is within 500 m, p1
  // (500) and p2 (300, on the A|B border, so in A) are not. A: 1,000 of 1,800.
  const auto c = rows(res, 0);
  ASSERT_EQ(c.size(), 5u);  // overall, A, B, C, outside
  EXPECT_DOUBLE_EQ(c[1]->demand, 1800);
  EXPECT_DOUBLE_EQ(c[1]->value, 1000.0 / 1800.0);
  EXPECT_EQ(c[1]->pass, std::optional<bool>(false));
  for (int k : {2, 3, 4}) {
    EXPECT_EQ(c[k]->reason, VerdictReason::not_selected) << k;
    EXPECT_FALSE(c[k]->pass.has_value()) << k;
  }
  EXPECT_DOUBLE_EQ(c[0]->demand, 1800);  // overall: A alone
  EXPECT_DOUBLE_EQ(c[0]->demand_met, 1000);
  EXPECT_EQ(res.runs[0].districts_selected, 1u);
  EXPECT_FALSE(res.runs[0].selection_field_missing);

  // With if_unset, C (nobody lives there) and the outside point p5 (100 people) count too.
  const auto u = rows(res, 1);
  EXPECT_EQ(u[2]->reason, VerdictReason::not_selected);
  EXPECT_EQ(u[3]->reason, VerdictReason::no_demand);
  EXPECT_DOUBLE_EQ(u[4]->demand, 100);
  EXPECT_DOUBLE_EQ(u[0]->demand, 1900);
  EXPECT_EQ(res.runs[1].districts_selected, 2u);

  // Beds per 1,000 in the county B only: f1's 8 beds for p3 + p4 (2,200): 3.64 < 4, short by
  // ceil(4 * 2.2 - 8) = 1. A's 10 beds and 1,800 residents are not counted overall.
  const auto b = rows(res, 2);
  EXPECT_EQ(b[1]->reason, VerdictReason::not_selected);
  EXPECT_DOUBLE_EQ(b[2]->value, 8.0 / 2200.0 * 1000.0);
  EXPECT_DOUBLE_EQ(b[0]->supply, 8);
  EXPECT_DOUBLE_EQ(b[0]->demand, 2200);
  EXPECT_DOUBLE_EQ(b[0]->shortfall, 1);
  EXPECT_EQ(b[0]->facilities, (std::vector<Id>{1}));

  // B has f1, a medical-care-combined site: 1 of 1 county served. A is not a county.
  const auto m = rows(res, 3);
  EXPECT_EQ(m[0]->districts_qualifying, 1u);
  EXPECT_EQ(m[0]->districts_served, 1u);
  EXPECT_EQ(m[0]->pass, std::optional<bool>(true));
  EXPECT_EQ(m[1]->reason, VerdictReason::not_selected);
  EXPECT_EQ(m[2]->reason, VerdictReason::passed);
  EXPECT_EQ(m[4]->reason, VerdictReason::not_selected);  // outside every district
  // f1 not one: B fails, though it has an elderly care site.
  p.fac.attributes["medical_care_combined"][1] = 0;
  const CheckResult without = check(p, {combined});
  const auto none = rows(without, 0);
  EXPECT_EQ(none[2]->reason, VerdictReason::failed);
  EXPECT_EQ(none[0]->pass, std::optional<bool>(false));

  // The words.
  EXPECT_EQ(text(beds, res, b[1]), "not applicable: the rule applies only where type is county or 县");
  const std::vector<std::string> notes = io::run_notes(beds, res.runs[2]);
  ASSERT_FALSE(notes.empty());
  EXPECT_EQ(notes[0], "applies to the 1 district where type is county or 县");
}

// A selection by a field the districts do not have selects what if_unset says: nothing here.
TEST(Compliance, AppliesToWithoutTheFieldIsNotApplicable) {
  Plan p;
  Rule county = rule("county", RuleKind::access, "fitness");
  county.within = parse_within("500m");
  county.applies_to = DistrictSelection{"type", {"county"}, false};
  const CheckResult res = check(p, {county});
  EXPECT_TRUE(res.runs[0].selection_field_missing);
  for (const Verdict& v : res.verdicts) EXPECT_EQ(v.reason, VerdictReason::not_selected);
  EXPECT_EQ(text(county, res, &res.verdicts[0]), "not applicable: no district where type is county");
  EXPECT_EQ(io::run_notes(county, res.runs[0]).at(0),
            "no district has a 'type' field: the rule applies nowhere (applies_to, if_unset: false)");
  Plan alone;
  alone.dist = Districts{};
  county.applies_to->if_unset = true;  // no districts at all: everywhere
  const CheckResult all = check(alone, {county});
  ASSERT_EQ(all.verdicts.size(), 1u);
  EXPECT_DOUBLE_EQ(all.verdicts[0].demand, 4100);
}

// The facts the reports word, on the plan above.
TEST(Compliance, RecordsTheFactsTheReportsWord) {
  const Plan p;
  Rule fit = rule("fit", RuleKind::access, "fitness");
  fit.within = parse_within("500m");
  fit.min_share = 0.9;
  Rule area = rule("area", RuleKind::per_facility, "elderly_care");
  area.supply_attribute = "area_m2";
  area.threshold = 120;
  Rule pres = rule("pres", RuleKind::presence, "fitness");
  pres.min_population = 1000;
  pres.has_within = true;
  pres.within = parse_within("500m");
  Rule ratio = rule("ratio", RuleKind::supply_ratio, "elderly_care");
  ratio.supply_attribute = "beds";
  ratio.threshold = 1;
  const CheckResult res = check(p, {fit, area, pres});
  // p5 (100 residents) and g0 lie in no district; f2 is a candidate.
  EXPECT_TRUE(res.has_outside);
  EXPECT_EQ(res.candidates, 1u);

  const auto a = rows(res, 0);
  EXPECT_EQ(a[0]->reason, VerdictReason::failed);
  EXPECT_DOUBLE_EQ(a[0]->demand_met, 1000);  // p0 only
  EXPECT_EQ(a[0]->shortfall_unit, "residents");
  EXPECT_EQ(a[3]->reason, VerdictReason::no_demand);  // nobody in C
  ASSERT_TRUE(res.runs[0].mode.has_value());
  EXPECT_EQ(*res.runs[0].mode, TravelMode::distance);
  EXPECT_DOUBLE_EQ(res.runs[0].within_m, 500);

  // f1 (100 m²) is the one site below 120 m²; f0 has 150; C has no site.
  const auto s = rows(res, 1);
  ASSERT_EQ(s[0]->failing.size(), 1u);
  EXPECT_EQ(s[0]->failing[0].facility, 1u);
  EXPECT_EQ(s[0]->failing[0].source_id, "f1");
  EXPECT_DOUBLE_EQ(s[0]->failing[0].value, 100);
  EXPECT_DOUBLE_EQ(s[0]->demand, 2);  // two sites judged
  EXPECT_EQ(s[1]->reason, VerdictReason::passed);
  EXPECT_EQ(s[3]->reason, VerdictReason::no_facility);
  EXPECT_EQ(res.runs[1].facilities_counted, 2u);
  EXPECT_EQ(res.runs[1].supply_unknown, 0u);
  EXPECT_FALSE(res.runs[1].mode.has_value());

  // A is served from g0 within 500 m of its centre, B is not, C has nobody: 1 of 2 served.
  const auto f = rows(res, 2);
  EXPECT_EQ(f[0]->districts_qualifying, 2u);
  EXPECT_EQ(f[0]->districts_served, 1u);
  EXPECT_EQ(f[1]->reason, VerdictReason::passed_within_reach);
  EXPECT_EQ(f[2]->reason, VerdictReason::failed);
  EXPECT_EQ(f[3]->reason, VerdictReason::below_min_population);
  EXPECT_EQ(f[4]->reason, VerdictReason::outside_districts);

  // Without f1's beds value, f0 and f1 are counted and one of them has no value (counted as 0).
  Plan q;
  q.fac.attributes["beds"][1] = NAN;
  const CheckResult beds = check(q, {ratio});
  EXPECT_EQ(beds.runs[0].facilities_counted, 2u);
  EXPECT_EQ(beds.runs[0].supply_unknown, 1u);

  Plan none;
  none.dist = Districts{};
  const CheckResult alone = check(none, {pres});
  ASSERT_EQ(alone.verdicts.size(), 1u);
  EXPECT_EQ(alone.verdicts[0].reason, VerdictReason::no_district_layer);
  EXPECT_FALSE(alone.has_outside);
}

//  One two-way road along y = 0 from x = 0 to 3000 m, walked at 1 m/s (access too). A fitness
//  facility at (0, 0). Demand 10 m off the road: the walk from (x, 10) is 10 s to the road plus
//  x s along it.
//    q0 (200, 10)   w 10: 210 s      q1 (585, 10) w 20: 595 s
//    q2 (595, 10)   w 30: 605 s      q3 (2000, 10) w 40: 2010 s
//  Within a 10-minute walk (600 s): q0, q1 = 30 of 100. In a straight line at 1 m/s (600 m):
//  q0, q1, q2 = 60 of 100.
TEST(Compliance, WalkModeAlongTheRoadAndTheDistanceOverride) {
  RoadLines lines;
  lines.add_line({0, 0, 1000, 0, 3000, 0}, 1.0f, true, true, "road");
  const RoadGraph graph = build_road_graph(lines);
  Categories cats;
  const CategoryId fit = cats.add("fitness");
  Facilities fac;
  fac.push_back(0, 0, fit, "g", "");
  Demand dem;
  dem.push_back(200, 10, 10, "q0");
  dem.push_back(585, 10, 20, "q1");
  dem.push_back(595, 10, 30, "q2");
  dem.push_back(2000, 10, 40, "q3");
  Rule r = rule("walk10", RuleKind::access, "fitness");
  r.mode = TravelMode::walk;
  r.within = parse_within("10min");
  RuleSet set;
  set.rules = {r};
  CheckOptions o;
  o.walk_graph = &graph;
  o.access_speed_mps = 1.0;
  o.thresholds = rule_thresholds(set, std::nullopt, 1.0);
  const CheckResult walk = check_plan(set, cats, fac, dem, Districts{}, o);
  ASSERT_EQ(walk.verdicts.size(), 1u);
  EXPECT_DOUBLE_EQ(walk.verdicts[0].value, 0.3);
  EXPECT_DOUBLE_EQ(walk.verdicts[0].shortfall, 70);
  ASSERT_TRUE(walk.runs[0].mode.has_value());
  EXPECT_STREQ(to_string(*walk.runs[0].mode), "walk");
  EXPECT_DOUBLE_EQ(walk.runs[0].within_s, 600);
  o.mode_override = TravelMode::distance;
  o.thresholds = rule_thresholds(set, o.mode_override, 1.0);
  const CheckResult line = check_plan(set, cats, fac, dem, Districts{}, o);
  EXPECT_DOUBLE_EQ(line.verdicts[0].value, 0.6);
  EXPECT_DOUBLE_EQ(line.runs[0].within_m, 600);
  ASSERT_EQ(io::run_notes(r, line.runs[0]).size(), 1u);  // says the rule's mode was replaced
  // Thresholds in another mode than the override, or not one per rule, are the caller's bug.
  o.mode_override = TravelMode::walk;
  EXPECT_THROW(check_plan(set, cats, fac, dem, Districts{}, o), std::invalid_argument);
  o.thresholds.clear();
  EXPECT_THROW(check_plan(set, cats, fac, dem, Districts{}, o), std::invalid_argument);
  // Without the graph a walk rule cannot be evaluated.
  o.mode_override.reset();
  o.thresholds = rule_thresholds(set, std::nullopt, 1.0);
  o.walk_graph = nullptr;
  EXPECT_THROW(check_plan(set, cats, fac, dem, Districts{}, o), std::invalid_argument);
}

//  2SFCA along the same road within 10 minutes: sites g0 (0,0) 5 beds and g1 (3000,0) 9 beds.
//    g0 reaches q0 (210 s), q1 (595 s): 30 people -> 5/30 each
//    g1 reaches nobody (q3 at (2000,10) is 1,010 s away): its beds serve no one.
//  Per 1 person: q0, q1 see 1/6; q2, q3 see 0. Threshold 0.1: 30 of 100 meet it.
TEST(Compliance, TwoStepFloatingCatchmentOnTheNetwork) {
  RoadLines lines;
  lines.add_line({0, 0, 1000, 0, 3000, 0}, 1.0f, true, true, "road");
  const RoadGraph graph = build_road_graph(lines);
  Categories cats;
  const CategoryId care = cats.add("elderly_care");
  Facilities fac;
  fac.push_back(0, 0, care, "g0", "");
  fac.push_back(3000, 0, care, "g1", "");
  fac.attributes["beds"] = {5, 9};
  Demand dem;
  dem.push_back(200, 10, 10, "q0");
  dem.push_back(585, 10, 20, "q1");
  dem.push_back(595, 10, 30, "q2");
  dem.push_back(2000, 10, 40, "q3");
  Rule r = rule("2sfca", RuleKind::accessibility_2sfca, "elderly_care");
  r.mode = TravelMode::walk;
  r.within = parse_within("10min");
  r.supply_attribute = "beds";
  r.threshold = 0.1;
  r.min_share = 0.25;
  RuleSet set;
  set.rules = {r};
  CheckOptions o;
  o.walk_graph = &graph;
  o.access_speed_mps = 1.0;
  o.thresholds = rule_thresholds(set, std::nullopt, default_walk_speed_mps);
  const CheckResult res = check_plan(set, cats, fac, dem, Districts{}, o);
  EXPECT_DOUBLE_EQ(res.verdicts[0].value, 0.3);
  EXPECT_EQ(res.verdicts[0].pass, true);
  EXPECT_EQ(res.verdicts[0].facilities, (std::vector<Id>{0}));  // g1 reaches nobody
}

// --- accessibility and equity rules --------------------------------------------------------------

//  A line in a straight line (distance mode), districts A [-100, 900] and B [900, 1300] (x; y in
//  [-100, 100]). Elderly care s0 (0, 0) with 10 beds and s1 (1200, 0) with 6 beds; demand
//  (residents) d0 (0, 0) 100, d1 (600, 0) 200, d2 (1200, 0) 100. Within 1,000 m:
//  s0 reaches d0 (0 m) and d1 (600 m), s1 reaches d1 (600 m) and d2 (0 m).
struct Line {
  Categories cats;
  Facilities fac;
  Demand dem;
  Districts dist;
  Line() {
    const CategoryId care = cats.add("elderly_care");
    dist.push_back("A", "a", wkb_box(-100, -100, 900, 100));
    dist.push_back("B", "b", wkb_box(900, -100, 1300, 100));
    fac.push_back(0, 0, care, "s0", "");
    fac.push_back(1200, 0, care, "s1", "");
    fac.attributes["beds"] = {10, 6};
    dem.push_back(0, 0, 100, "d0");
    dem.push_back(600, 0, 200, "d1");
    dem.push_back(1200, 0, 100, "d2");
  }
  CheckResult check(std::vector<Rule> rules) const {
    RuleSet set;
    set.rules = std::move(rules);
    return check_plan(set, cats, fac, dem, dist, options_for(set));
  }
};

Rule accessibility(RuleMeasure m, const std::string& within) {
  Rule r = rule("acc", RuleKind::accessibility, "elderly_care");
  r.measure = m;
  r.within = parse_within(within);
  r.has_within = true;
  r.supply_attribute = "beds";
  return r;
}

//  E2SFCA with zones [300, 1000] m weighted [1, 0.5]: W(0 m) = 1, W(600 m) = 0.5.
//    Step 1: D(s0) = 100 * 1 + 200 * 0.5 = 200, R(s0) = 10 / 200 = 0.05;
//            D(s1) = 200 * 0.5 + 100 * 1 = 200, R(s1) = 6 / 200 = 0.03.
//    Step 2: A(d0) = 0.05; A(d1) = 0.5 * 0.05 + 0.5 * 0.03 = 0.04; A(d2) = 0.03.
//  Per 1,000: 50, 40, 30. At >= 35: d0 and d1, 300 of 400 = 75 %; A (d0, d1) 300 of 300, B (d2)
//  0 of 100, short by 0.75 * 100 = 75.
TEST(Compliance, AccessibilityE2sfcaByHandPerDistrict) {
  const Line l;
  Rule r = accessibility(RuleMeasure::enhanced_two_step, "1000m");
  r.decay = RuleDecay::zones;
  r.zones = {300, 1000};
  r.zone_weights = {1, 0.5};
  r.per = 1000;
  r.threshold = 35;
  r.min_share = 0.75;
  const CheckResult res = l.check({r});
  const auto v = rows(res, 0);
  ASSERT_EQ(v.size(), 3u);  // overall, A, B
  EXPECT_DOUBLE_EQ(v[0]->value, 0.75);
  EXPECT_DOUBLE_EQ(v[0]->demand_met, 300);
  EXPECT_EQ(v[0]->pass, true);
  EXPECT_DOUBLE_EQ(v[1]->value, 1.0);
  EXPECT_EQ(v[1]->facilities, (std::vector<Id>{0, 1}));  // d1 sees both
  EXPECT_DOUBLE_EQ(v[2]->value, 0.0);
  EXPECT_EQ(v[2]->pass, false);
  EXPECT_DOUBLE_EQ(v[2]->shortfall, 75);
  EXPECT_EQ(v[2]->facilities, (std::vector<Id>{1}));  // s0 is 1,200 m from d2
  EXPECT_EQ(text(r, res, v[0]),
            "75.0 % of residents see >= 35 beds per 1,000 residents within 1,000 m in a straight line by E2SFCA (zones "
            "decay); 75.0 % required");
  // At >= 45 only d0 (50): 100 of 400.
  r.threshold = 45;
  EXPECT_DOUBLE_EQ(rows(l.check({r}), 0)[0]->value, 0.25);
  // Without a supply attribute every facility counts 1: R(s0) = 1/200, R(s1) = 1/200, A(d1) =
  // 0.5 / 200 + 0.5 / 200 = 5 per 1,000, A(d0) = A(d2) = 5 per 1,000 too: all meet >= 5.
  r.supply_attribute.clear();
  r.threshold = 5;
  EXPECT_DOUBLE_EQ(rows(l.check({r}), 0)[0]->value, 1.0);
}

//  Gravity, A(i) = sum_j S_j f(c_ij), within 15 minutes: in distance mode 1,000 m at the GB 50180
//  pace, 1,000 m / 15 min, so 600 m is 9 minutes.
//    Exponential, beta 0.04 per minute: A(d0) = 10, A(d1) = (10 + 6) exp(-0.36) = 11.163, A(d2) = 6.
//      At >= 10.5: d1 alone, 200 of 400; at >= 7: d0 and d1, 300 of 400.
//    Power, exponent 1, costs below 1 minute counting as 1: A(d0) = 10 / 1 = 10, A(d1) = 16 / 9 =
//      1.778, A(d2) = 6. At >= 2: d0 and d2, 200 of 400.
TEST(Compliance, AccessibilityGravityDecaysInTheUnitOfWithin) {
  const Line l;
  Rule r = accessibility(RuleMeasure::gravity, "15min");
  r.decay = RuleDecay::exponential;
  r.decay_param = 0.04;
  r.threshold = 10.5;
  Rule seven = r;
  seven.id = "seven";
  seven.threshold = 7;
  Rule power = r;
  power.id = "power";
  power.decay = RuleDecay::power;
  power.decay_param = 1;
  power.threshold = 2;
  const CheckResult res = l.check({r, seven, power});
  EXPECT_DOUBLE_EQ(rows(res, 0)[0]->value, 0.5);
  EXPECT_DOUBLE_EQ(rows(res, 1)[0]->value, 0.75);
  EXPECT_DOUBLE_EQ(rows(res, 2)[0]->value, 0.5);
  EXPECT_DOUBLE_EQ(rows(res, 2)[1]->value, 1.0 / 3.0);  // A: d0 of d0 + d1
  EXPECT_DOUBLE_EQ(res.runs[0].within_m, 1000);
  // Just either side of d1's 11.163 (= 16 exp(-0.36)).
  r.threshold = 16 * std::exp(-0.36) - 1e-6;
  EXPECT_DOUBLE_EQ(rows(l.check({r}), 0)[0]->value, 0.5);
  r.threshold = 16 * std::exp(-0.36) + 1e-6;
  EXPECT_DOUBLE_EQ(rows(l.check({r}), 0)[0]->value, 0.0);
}

// The accessibility kind with measure 2sfca is accessibility_2sfca: the plan's hand case above
// (TwoStepFloatingCatchment), p1 and p2 at 41.1 beds per 1,000 elderly, 160 of 800.
TEST(Compliance, AccessibilityTwoStepIsTheTwoStepRule) {
  const Plan p;
  Rule old = rule("2sfca", RuleKind::accessibility_2sfca, "elderly_care");
  old.within = parse_within("1000m");
  old.has_within = true;
  old.supply_attribute = "beds";
  old.demand_basis = "elderly";
  old.per = 1000;
  old.threshold = 40;
  old.min_share = 0.5;
  Rule now = old;
  now.id = "acc";
  now.kind = RuleKind::accessibility;
  now.measure = RuleMeasure::two_step;
  const CheckResult res = check(p, {old, now});
  const auto a = rows(res, 0), b = rows(res, 1);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_DOUBLE_EQ(b[0]->value, 0.2);
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k]->reason, b[k]->reason) << k;
    EXPECT_TRUE(a[k]->value == b[k]->value || (std::isnan(a[k]->value) && std::isnan(b[k]->value))) << k;
    EXPECT_EQ(a[k]->shortfall, b[k]->shortfall) << k;
    EXPECT_EQ(a[k]->facilities, b[k]->facilities) << k;
  }
}

Rule equity(EquityIndex index, const std::string& category, double threshold) {
  Rule r = rule("eq", RuleKind::equity, category);
  r.measure = RuleMeasure::nearest;
  r.index = index;
  r.threshold = threshold;
  r.comparison = "<=";
  return r;
}

//  Distances to one health facility h (0, 0) in a straight line: q0..q3 at x = 100, 200, 300, 400,
//  10 people each; the index is the same in any unit (metres here).
//    Gini of 1, 2, 3, 4 (equal weights) = sum |xi - xj| / (2 n^2 mean) = 20 / (2 * 16 * 2.5) = 0.25.
//    Lorenz curve at p = 0.25, 0.5, 0.75, 1: L = 0.1, 0.3, 0.6, 1. Palma: L(0.4) = 0.1 + 0.6 * 0.2 =
//      0.22, 1 - L(0.9) = 1 - (0.6 + 0.6 * 0.4) = 0.16; 0.16 / 0.22 = 0.72727.
//    Theil T: mean 2.5, x / mean = 0.4, 0.8, 1.2, 1.6; (1/4) sum r ln r =
//      (-0.366516 - 0.178515 + 0.218786 + 0.752006) / 4 = 0.106440.
//    Concentration ranked by income 4, 3, 2, 1 (the nearest the richest): fractional ranks of
//      x = 4, 3, 2, 1 are 1/8, 3/8, 5/8, 7/8; cov = (1.5 (-0.375) + 0.5 (-0.125) - 0.5 (0.125)
//      - 1.5 (0.375)) / 4 = -0.3125; C = 2 (-0.3125) / 2.5 = -0.25, i.e. -Gini.
TEST(Compliance, EquityIndexesOfTheNearestDistanceByHand) {
  Categories cats;
  const CategoryId health = cats.add("health");
  Facilities fac;
  fac.push_back(0, 0, health, "h", "");
  Demand dem;
  for (int k = 1; k <= 4; ++k) {
    dem.push_back(100.0 * k, 0, 10, "q" + std::to_string(k));
    dem.attributes["income"].push_back(5 - k);
  }
  Rule gini = equity(EquityIndex::gini, "health", 0.3);
  Rule palma = equity(EquityIndex::palma, "health", 0.7);
  palma.id = "palma";
  Rule theil = equity(EquityIndex::theil, "health", 0.2);
  theil.id = "theil";
  Rule conc = equity(EquityIndex::concentration, "health", -0.1);
  conc.id = "conc";
  conc.rank_by = "income";
  conc.comparison = ">=";
  RuleSet set;
  set.rules = {gini, palma, theil, conc};
  const CheckResult res = check_plan(set, cats, fac, dem, Districts{}, options_for(set));
  ASSERT_EQ(res.verdicts.size(), 4u);
  EXPECT_NEAR(res.verdicts[0].value, 0.25, 1e-12);
  EXPECT_EQ(res.verdicts[0].pass, true);
  EXPECT_DOUBLE_EQ(res.verdicts[0].mean, 250);  // metres
  EXPECT_DOUBLE_EQ(res.verdicts[0].demand, 40);
  EXPECT_EQ(res.verdicts[0].facilities, (std::vector<Id>{0}));
  EXPECT_EQ(io::verdict_text(gini, res.runs[0], res.verdicts[0]),
            "Gini of straight-line distance to the nearest health facility 0.25 <= 0.3 (mean 250 m)");
  EXPECT_NEAR(res.verdicts[1].value, 0.16 / 0.22, 1e-12);
  EXPECT_EQ(res.verdicts[1].pass, false);
  EXPECT_NEAR(res.verdicts[1].shortfall, 0.16 / 0.22 - 0.7, 1e-12);
  EXPECT_NEAR(res.verdicts[2].value, 0.106440, 1e-6);
  EXPECT_EQ(res.verdicts[2].pass, true);
  EXPECT_NEAR(res.verdicts[3].value, -0.25, 1e-12);
  EXPECT_EQ(res.verdicts[3].pass, false);
  EXPECT_EQ(io::verdict_text(conc, res.runs[3], res.verdicts[3]),
            "concentration index (ranked by income) of straight-line distance to the nearest health facility -0.25, "
            "not >= -0.1 (mean 250 m)");
  // Without the ranking field the rule is not evaluated; the others are.
  dem.attributes.erase("income");
  const std::vector<MissingField> missing = missing_fields(set, cats, fac, dem);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].rule, 3u);
  EXPECT_EQ(missing[0].field, "income");
  EXPECT_EQ(missing[0].in, "demand");
}

//  Per district, in a straight line from h (0, 0): A [0, 1000] holds q0 (100 m, 1 person) and q1
//  (300 m, 1), B [1000, 2000] holds q2 (1,100 m, 1) and q3 (1,300 m, 3).
//    A: Gini of 100, 300 = 2 * 200 / (2 * 4 * 200) = 0.25.
//    B: mean (1100 + 3 * 1300) / 4 = 1250; Lorenz (0.25, 1100/5000 = 0.22), (1, 1): area
//       0.25 * 0.22 + 0.75 * 1.22 = 0.97, Gini 0.03.
//    Overall: weights 1, 1, 1, 3, mean 5400 / 6 = 900; sum over ordered pairs w_i w_j |xi - xj| =
//       2 (200 + 1000 + 3 * 1200 + 800 + 3 * 1000 + 3 * 200) = 18,400; Gini = 18400 / (2 * 36 * 900)
//       = 0.283951.
//  At <= 0.26 both districts pass and the whole plan fails, 0.023951 above.
TEST(Compliance, EquityPerDistrictOverItsOwnPoints) {
  Categories cats;
  const CategoryId health = cats.add("health");
  Facilities fac;
  fac.push_back(0, 0, health, "h", "");
  Demand dem;
  dem.push_back(100, 0, 1, "q0");
  dem.push_back(300, 0, 1, "q1");
  dem.push_back(1100, 0, 1, "q2");
  dem.push_back(1300, 0, 3, "q3");
  Districts dist;
  dist.push_back("A", "a", wkb_box(0, -100, 1000, 100));
  dist.push_back("B", "b", wkb_box(1000, -100, 2000, 100));
  RuleSet set;
  set.rules = {equity(EquityIndex::gini, "health", 0.26)};
  const CheckResult res = check_plan(set, cats, fac, dem, dist, options_for(set));
  const auto v = rows(res, 0);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_NEAR(v[0]->value, 18400.0 / 64800.0, 1e-12);
  EXPECT_EQ(v[0]->pass, false);
  EXPECT_NEAR(v[0]->shortfall, 18400.0 / 64800.0 - 0.26, 1e-12);
  EXPECT_DOUBLE_EQ(v[0]->mean, 900);
  EXPECT_NEAR(v[1]->value, 0.25, 1e-12);
  EXPECT_EQ(v[1]->pass, true);
  EXPECT_NEAR(v[2]->value, 0.03, 1e-12);
  EXPECT_EQ(v[2]->pass, true);
  EXPECT_DOUBLE_EQ(v[2]->mean, 1250);
  EXPECT_EQ(v[2]->facilities, (std::vector<Id>{0}));  // the facility serving B lies in A
  EXPECT_EQ(text(set.rules[0], res, v[0]),
            "Gini of straight-line distance to the nearest health facility 0.28, not <= 0.26 (mean 900 m)");

  // Applied to B only: overall is B's 0.03, and passes.
  set.rules[0].applies_to = DistrictSelection{"type", {"county"}, false};
  dist.attributes["type"] = {"city", "county"};
  const CheckResult b = check_plan(set, cats, fac, dem, dist, options_for(set));
  const auto only = rows(b, 0);
  EXPECT_NEAR(only[0]->value, 0.03, 1e-12);
  EXPECT_EQ(only[0]->pass, true);
  EXPECT_EQ(only[1]->reason, VerdictReason::not_selected);
}

//  Walking time along the road of WalkModeAlongTheRoad (y = 0, 1 m/s, 10 s from (x, 10) to the
//  road) to a fitness facility at (0, 0): x = 50, 110, 170, 230 take 60, 120, 180, 240 s, i.e. 1,
//  2, 3 and 4 minutes: Gini 0.25, mean 2.5 minutes. A fifth point 5 km from every road snaps to
//  none and reaches nothing: its 7 people are left out and said so.
TEST(Compliance, EquityOfWalkingTimeLeavesOutWhoReachesNothing) {
  RoadLines lines;
  lines.add_line({0, 0, 1000, 0, 3000, 0}, 1.0f, true, true, "road");
  const RoadGraph graph = build_road_graph(lines);
  Categories cats;
  const CategoryId fit = cats.add("fitness");
  Facilities fac;
  fac.push_back(0, 0, fit, "g", "");
  Demand dem;
  for (double x : {50.0, 110.0, 170.0, 230.0}) dem.push_back(x, 10, 10, "q");
  dem.push_back(0, 5000, 7, "far");
  Rule r = equity(EquityIndex::gini, "fitness", 0.3);
  r.mode = TravelMode::walk;
  RuleSet set;
  set.rules = {r};
  CheckOptions o;
  o.walk_graph = &graph;
  o.access_speed_mps = 1.0;
  o.thresholds = rule_thresholds(set, std::nullopt, 1.0);
  const CheckResult res = check_plan(set, cats, fac, dem, Districts{}, o);
  ASSERT_EQ(res.verdicts.size(), 1u);
  const Verdict& v = res.verdicts[0];
  EXPECT_NEAR(v.value, 0.25, 1e-6);  // float seconds
  EXPECT_NEAR(v.mean, 2.5, 1e-6);
  EXPECT_DOUBLE_EQ(v.unreached, 7);
  EXPECT_DOUBLE_EQ(v.demand, 47);
  EXPECT_EQ(v.pass, true);
  EXPECT_EQ(io::verdict_text(r, res.runs[0], v),
            "Gini of walking time to the nearest fitness facility 0.25 <= 0.3 (mean 2.5 minutes; 7 residents reach no "
            "fitness facility and are left out)");
  // Without a facility nobody is counted: not applicable, not a division by zero.
  Facilities none;
  const CheckResult empty = check_plan(set, cats, none, dem, Districts{}, o);
  EXPECT_EQ(empty.verdicts[0].reason, VerdictReason::undefined_index);
  EXPECT_FALSE(empty.verdicts[0].pass.has_value());
  EXPECT_EQ(io::verdict_text(r, empty.runs[0], empty.verdicts[0]),
            "not applicable: no residents here reach a fitness facility");
}

//  The Gini of the E2SFCA measure of the line above: A = 0.03 (100 people), 0.04 (200), 0.05
//  (100), mean 16 / 400 = 0.04; ordered pairs 2 (100 * 200 * 0.01 + 100 * 100 * 0.02 + 200 * 100 *
//  0.01) = 1,200; Gini = 1200 / (2 * 400^2 * 0.04) = 0.09375. Per district: A (0.05 x 100, 0.04 x
//  200): pairs 2 * 100 * 200 * 0.01 = 400, mean 0.13 / 3; 400 / (2 * 9e4 * 0.13 / 3) = 0.051282;
//  B has one value: 0.
TEST(Compliance, EquityOfAnAccessibilityMeasure) {
  const Line l;
  Rule r = equity(EquityIndex::gini, "elderly_care", 0.1);
  r.measure = RuleMeasure::enhanced_two_step;
  r.within = parse_within("1000m");
  r.has_within = true;
  r.supply_attribute = "beds";
  r.decay = RuleDecay::zones;
  r.zones = {300, 1000};
  r.zone_weights = {1, 0.5};
  const CheckResult res = l.check({r});
  const auto v = rows(res, 0);
  EXPECT_NEAR(v[0]->value, 0.09375, 1e-12);
  EXPECT_NEAR(v[0]->mean, 0.04, 1e-12);
  EXPECT_EQ(v[0]->pass, true);
  EXPECT_NEAR(v[1]->value, 400.0 / (2 * 9e4 * 0.13 / 3), 1e-12);
  EXPECT_NEAR(v[2]->value, 0.0, 1e-12);
  EXPECT_EQ(text(r, res, v[0]),
            "Gini of beds per person within 1,000 m in a straight line by E2SFCA (zones decay) 0.09 <= 0.1 (mean 0.04)");
}

}  // namespace
}  // namespace lc

// End-to-end tests of `lifecircle propose`: the binary is run in a fresh folder per test on inputs
// written here with GDAL (hand-placed points in EPSG:32650 metres) or on the bundled Chengdu
// extract. Expected results come from hand derivation (commented), from exhaustive enumeration
// written plainly in this file, or from an independent `lifecircle coverage` run -- never from the
// siting code itself.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Fixture: a fresh folder per test, kept (and printed) when the test fails.

class CliProposeTest : public CliTest {};

class CliProposeHand : public CliProposeTest {};
class CliProposeLscp : public CliProposeTest {};
class CliProposeMedianCenter : public CliProposeTest {};
class CliProposeCompetitorsExclude : public CliProposeTest {};
class CliProposeCapacity : public CliProposeTest {};
class CliProposeMatrix : public CliProposeTest {};
class CliProposeChengdu : public CliProposeTest {};
class CliProposeErrors : public CliProposeTest {};
class CliProposeDistricts : public CliProposeTest {};

std::string describe(const RunResult& r) {
  return r.command + "\nexit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "\n--- stderr\n" + r.err;
}

std::vector<std::string> strings_of(const json& array) {
  std::vector<std::string> out;
  for (const auto& v : array) out.push_back(v.get<std::string>());
  return out;
}

double sum_of(const json& array) {
  double s = 0;
  for (const auto& v : array) s += v.get<double>();
  return s;
}

// ---------------------------------------------------------------------------------------------
// Hand-placed inputs. Coordinates are metres relative to (500000, 10000) in EPSG:32650 (UTM 50N;
// the data's centre is near 117 E, 0.09 N, so the tool's own metric CRS is EPSG:32650 too and
// distances below are the ones it computes).

constexpr int kEpsg = 32650;
constexpr double kX0 = 500000, kY0 = 10000;

struct Site {
  std::string id;
  double x, y;
  double capacity = 100;  // only read with --candidate-capacity-field cap
};
struct Home {
  std::string id;
  double x, y, w;
};

std::string point_wkt(double x, double y) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "POINT (%.3f %.3f)", kX0 + x, kY0 + y);
  return buf;
}

void write_sites(const fs::path& path, const std::vector<Site>& sites) {
  std::vector<TestFeature> f;
  for (const Site& s : sites) f.push_back({point_wkt(s.x, s.y), {{"id", s.id}, {"name", "Site " + s.id}}, {{"cap", s.capacity}}});
  write_geojson(path, kEpsg, f);
}

void write_homes(const fs::path& path, const std::vector<Home>& homes) {
  std::vector<TestFeature> f;
  for (const Home& h : homes) f.push_back({point_wkt(h.x, h.y), {{"id", h.id}}, {{"pop", h.w}}});
  write_geojson(path, kEpsg, f);
}

// The covering case (tests 1, 2, 4, 5), --within 1000m. Distances by hand (metres):
//   E  (0, 3000)   existing: e1 500, e2 600; e3 1600, everything else farther.
//   M  (0, 0)      a, b, c, d at sqrt(700^2 + 300^2) = 761.6; x1, x2 2200; e3 1400.
//   L  (-1400, 0)  a, b 761.6; x1 800; c, d 2121.3; e3 1979.9.
//   R  (1400, 0)   c, d 761.6; x2 800; a, b 2121.3; e3 1979.9.
//   C5 (0, 2200)   e1 300; e3 800; e2 1400.
//   C6 (0, -2500)  f1 500; b, d sqrt(700^2 + 2200^2) = 2308.7.
//   C7 (-1000, 1000) a sqrt(300^2 + 700^2) = 761.6; b 1334.2; e3 1077.0; x1 1562.0.
//   u  (5000, 5000) is 5385 m from E and farther from every candidate: no site reaches it.
// So (within 1000 m): E -> {e1 25, e2 5}; M -> {a, b, c, d} = 40; L -> {a, b, x1} = 35;
// R -> {c, d, x2} = 36; C5 -> {e1, e3} (12 new); C6 -> {f1} = 8; C7 -> {a} = 10.
// Total weight 4 x 10 + 15 + 16 + 25 + 5 + 12 + 8 + 7 = 128; E covers 30; u (7) is uncoverable.
const std::vector<Site> kExisting = {{"E", 0, 3000}};
const std::vector<Site> kCandidates = {{"M", 0, 0},      {"L", -1400, 0},  {"R", 1400, 0},
                                       {"C5", 0, 2200},  {"C6", 0, -2500}, {"C7", -1000, 1000}};
const std::vector<Home> kHomes = {
    {"a", -700, 300, 10}, {"b", -700, -300, 10}, {"c", 700, 300, 10}, {"d", 700, -300, 10},
    {"x1", -2200, 0, 15}, {"x2", 2200, 0, 16},   {"e1", 0, 2500, 25}, {"e2", 0, 3600, 5},
    {"e3", 0, 1400, 12},  {"f1", 0, -3000, 8},   {"u", 5000, 5000, 7}};
constexpr double kWithin = 1000;

const Site& site_named(const std::vector<Site>& sites, const std::string& id) {
  for (const Site& s : sites)
    if (s.id == id) return s;
  throw std::runtime_error("no site " + id);
}

// Weight within `r` of at least one of `open`: a plain double loop.
double covered_by(const std::vector<Home>& homes, const std::vector<Site>& open, double r) {
  double w = 0;
  for (const Home& h : homes) {
    bool hit = false;
    for (const Site& s : open) hit = hit || std::hypot(h.x - s.x, h.y - s.y) <= r;
    if (hit) w += h.w;
  }
  return w;
}

// The subsets of `cands` with exactly k members, each as a list of sites.
std::vector<std::vector<Site>> subsets(const std::vector<Site>& cands, std::size_t k) {
  std::vector<std::vector<Site>> out;
  const unsigned n = static_cast<unsigned>(cands.size());
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    std::vector<Site> s;
    for (unsigned j = 0; j < n; ++j)
      if (mask & (1u << j)) s.push_back(cands[j]);
    if (s.size() == k) out.push_back(s);
  }
  return out;
}

std::vector<Site> join(std::vector<Site> a, const std::vector<Site>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::set<std::string> ids_of(const std::vector<Site>& sites) {
  std::set<std::string> out;
  for (const Site& s : sites) out.insert(s.id);
  return out;
}

// Best k-subset for MCLP by enumeration; `count` returns how many subsets reach the best value.
struct Enumerated {
  std::vector<Site> best;
  double value = 0;
  int count = 0;
};
Enumerated best_mclp(const std::vector<Home>& homes, const std::vector<Site>& fixed, const std::vector<Site>& cands,
                     std::size_t k, double r) {
  Enumerated e;
  e.value = -1;
  for (const auto& s : subsets(cands, k)) {
    const double v = covered_by(homes, join(fixed, s), r);
    if (v > e.value + 1e-9) e = {s, v, 1};
    else if (std::fabs(v - e.value) <= 1e-9) ++e.count;
  }
  return e;
}

// The greedy order of `chosen` after `fixed` (largest gain first, as siting.hpp defines rank
// order) with the gains; the cases here are built without ties.
std::vector<std::pair<std::string, double>> greedy_order(const std::vector<Home>& homes, const std::vector<Site>& fixed,
                                                         std::vector<Site> chosen, double r) {
  std::vector<std::pair<std::string, double>> out;
  std::vector<Site> open = fixed;
  while (!chosen.empty()) {
    std::size_t best = 0;
    double gain = -1;
    for (std::size_t j = 0; j < chosen.size(); ++j) {
      const double g = covered_by(homes, join(open, {chosen[j]}), r) - covered_by(homes, open, r);
      if (g > gain) gain = g, best = j;
    }
    out.push_back({chosen[best].id, gain});
    open.push_back(chosen[best]);
    chosen.erase(chosen.begin() + static_cast<long>(best));
  }
  return out;
}

struct HandFiles {
  fs::path existing, candidates, homes;
};

HandFiles write_hand_case(const fs::path& dir, const std::vector<Site>& candidates = kCandidates) {
  HandFiles f{dir / "existing.geojson", dir / "candidates.geojson", dir / "homes.geojson"};
  write_sites(f.existing, kExisting);
  write_sites(f.candidates, candidates);
  write_homes(f.homes, kHomes);
  return f;
}

std::vector<std::string> hand_args(const HandFiles& f, const fs::path& out, const std::string& model) {
  return {"propose", "--model", model, "--category", "fitness", "--facilities", f.existing.string(), "--demand",
          f.homes.string(), "--population-field", "pop", "--candidates", f.candidates.string(),
          "--candidate-id-field", "id", "--within", "1000m", "--out", out.string()};
}

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// ---------------------------------------------------------------------------------------------
// 1. MCLP on the hand case: the enumerated optimum, rank order, marginals, output positions.

TEST_F(CliProposeHand, MclpAddTwoMatchesEnumeration) {
  const HandFiles files = write_hand_case(tmp_.path());
  // Enumeration over the 15 pairs of the 6 candidates. By hand: {L, R} covers a, b, c, d, x1, x2
  // = 71 new, plus E's 30 = 101; next best {M, R} = 40 + 16 = 56 new. Greedy alone would take M
  // first (40 > 36 > 35) and end at {M, R}: the case needs the exact model or a swap.
  const Enumerated e = best_mclp(kHomes, kExisting, kCandidates, 2, kWithin);
  ASSERT_EQ(e.count, 1);
  ASSERT_EQ(ids_of(e.best), (std::set<std::string>{"L", "R"}));
  ASSERT_DOUBLE_EQ(e.value, 101);
  const double before = covered_by(kHomes, kExisting, kWithin);  // e1 + e2 = 30
  ASSERT_DOUBLE_EQ(before, 30);
  // Rank: greedy within {L, R} after E: R gains c, d, x2 = 36, then L gains a, b, x1 = 35.
  const auto order = greedy_order(kHomes, kExisting, e.best, kWithin);
  ASSERT_EQ(order.size(), 2u);
  ASSERT_EQ(order[0].first, "R");
  ASSERT_DOUBLE_EQ(order[0].second, 36);
  ASSERT_DOUBLE_EQ(order[1].second, 35);

  for (const std::string flag : {"", "--exact", "--heuristic"}) {
    SCOPED_TRACE("solver flag '" + flag + "'");
    const fs::path out = dir("out" + flag);
    std::vector<std::string> args = plus(hand_args(files, out, "mclp"), {"--add", "2"});
    if (!flag.empty()) args.push_back(flag);
    const RunResult r = run(args);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const json s = read_json(out / "summary.json");

    EXPECT_EQ(s["model"], "mclp");
    EXPECT_EQ(s["crs"], "EPSG:32650");
    const std::string detail = s["solver_detail"].get<std::string>();
    if (flag == "--heuristic") {
      EXPECT_EQ(s["solver"], "heuristic");
      EXPECT_EQ(detail.rfind("heuristic", 0), 0u) << detail;
    } else {
      // --exact, and the automatic rule on a model this small (6 candidates, 11 points).
      EXPECT_EQ(s["solver"], "exact");
      EXPECT_EQ(detail.rfind("exact", 0), 0u) << detail;
      EXPECT_TRUE(s["proven_optimal"].get<bool>());
    }
    std::vector<std::string> want_ids;
    for (const auto& [id, g] : order) want_ids.push_back(id);
    EXPECT_EQ(strings_of(s["selected"]), want_ids);
    EXPECT_NEAR(s["objective"].get<double>(), e.value, 1e-9);
    EXPECT_NEAR(s["covered_weight"].get<double>(), e.value, 1e-9);
    EXPECT_NEAR(s["objective_before"].get<double>(), before, 1e-9);
    EXPECT_NEAR(s["covered_weight_before"].get<double>(), before, 1e-9);
    EXPECT_NEAR(s["total_weight"].get<double>(), 128, 1e-9);
    EXPECT_NEAR(s["before"]["share"].get<double>(), 30.0 / 128, 1e-12);
    EXPECT_NEAR(s["after"]["covered_weight"].get<double>(), 101, 1e-9);
    EXPECT_NEAR(s["after"]["share"].get<double>(), 101.0 / 128, 1e-12);
    ASSERT_EQ(s["marginal"].size(), 2u);
    EXPECT_NEAR(s["marginal"][0].get<double>(), 36, 1e-9);
    EXPECT_NEAR(s["marginal"][1].get<double>(), 35, 1e-9);
    EXPECT_NEAR(sum_of(s["marginal"]), s["covered_weight"].get<double>() - s["covered_weight_before"].get<double>(), 1e-9);
    if (std::isfinite(s["bound"].is_number() ? s["bound"].get<double>() : NAN)) {
      EXPECT_GE(s["bound"].get<double>(), e.value - 1e-6);  // an upper bound on a maximum
    }
    // mclp also reports u, which no site reaches, and counts it as uncovered.
    EXPECT_EQ(s["uncoverable"]["count"].get<int>(), 1);
    EXPECT_EQ(strings_of(s["uncoverable"]["ids"]), std::vector<std::string>{"u"});
    EXPECT_NEAR(s["uncoverable"]["weight"].get<double>(), 7, 1e-9);
    EXPECT_EQ(s["sites"]["existing"].get<int>(), 1);
    EXPECT_EQ(s["sites"]["candidates"].get<int>(), 6);
    EXPECT_EQ(s["sites"]["competitors"].get<int>(), 0);
    EXPECT_DOUBLE_EQ(s["within_m"].get<double>(), 1000.0);

    // proposed_sites.geojson: the candidates in rank order, at their own position.
    const json g = read_json(out / "proposed_sites.geojson");
    ASSERT_EQ(g["features"].size(), 2u);
    double running = before;
    for (std::size_t k = 0; k < 2; ++k) {
      const json& f = g["features"][k];
      const json& p = f["properties"];
      const Site& site = site_named(kCandidates, order[k].first);
      EXPECT_EQ(p["rank"].get<int>(), static_cast<int>(k + 1));
      EXPECT_EQ(p["id"], site.id);
      EXPECT_EQ(p["name"], "Site " + site.id);
      EXPECT_EQ(p["category"], "fitness");
      EXPECT_NEAR(p["marginal"].get<double>(), order[k].second, 1e-3);  // written to 3 decimals
      running += order[k].second;
      EXPECT_NEAR(p["covered_weight_after"].get<double>(), running, 1e-3);
      double lon = 0, lat = 0;
      metric_to_lonlat(kEpsg, kX0 + site.x, kY0 + site.y, lon, lat);
      EXPECT_NEAR(f["geometry"]["coordinates"][0].get<double>(), lon, 1e-6) << site.id;
      EXPECT_NEAR(f["geometry"]["coordinates"][1].get<double>(), lat, 1e-6) << site.id;
    }
  }
}

// A rectangle (metres relative to the case's origin) as a district polygon.
TestFeature district(const std::string& name, double x0, double y0, double x1, double y1) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "POLYGON ((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f))", kX0 + x0, kY0 + y0,
                kX0 + x1, kY0 + y0, kX0 + x1, kY0 + y1, kX0 + x0, kY0 + y1, kX0 + x0, kY0 + y0);
  return {buf, {{"name", name}}, {}};
}

// --min-per-district: the south district (y < -1500 m) holds only candidate C6 and no existing
// site, the north one the rest and E. At least one site in each, add 2: the optimum among the
// pairs with C6 (enumerated), not the free optimum {L, R}.
TEST_F(CliProposeDistricts, MinimumPerDistrictMatchesEnumeration) {
  const HandFiles files = write_hand_case(tmp_.path());
  const fs::path districts = dir("districts.geojson");
  write_geojson(districts, kEpsg, {district("北区", -6000, -1500, 6000, 6000), district("南区", -6000, -6000, 6000, -1500)});
  double best = -1;
  std::set<std::string> best_ids;
  int ties = 0;
  for (const auto& pair : subsets(kCandidates, 2)) {
    if (ids_of(pair).count("C6") == 0) continue;
    const double v = covered_by(kHomes, join(kExisting, pair), kWithin);
    if (v > best + 1e-9) best = v, best_ids = ids_of(pair), ties = 1;
    else if (std::fabs(v - best) <= 1e-9) ++ties;
  }
  ASSERT_EQ(ties, 1);
  // By hand: C6 covers f1 (8) and M a, b, c, d (40): 30 + 48 = 78, below the free optimum's 101.
  ASSERT_EQ(best_ids, (std::set<std::string>{"C6", "M"}));
  ASSERT_DOUBLE_EQ(best, 78);
  for (const std::string flag : {"--exact", "--heuristic"}) {
    SCOPED_TRACE(flag);
    const fs::path out = dir("out" + flag);
    const RunResult r = run(plus(hand_args(files, out, "mclp"), {"--add", "2", flag, "--districts", districts.string(),
                                                                 "--min-per-district", "1"}));
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const json s = read_json(out / "summary.json");
    const std::vector<std::string> sel = strings_of(s["selected"]);
    EXPECT_EQ(std::set<std::string>(sel.begin(), sel.end()), best_ids);
    EXPECT_NEAR(s["objective"].get<double>(), best, 1e-9);
    EXPECT_EQ(s["min_per_district"].get<int>(), 1);
    ASSERT_EQ(s["district_sites"].size(), 2u);
    for (const json& d : s["district_sites"]) {
      const bool south = d["district"] == "南区";
      EXPECT_EQ(d["existing"].get<int>(), south ? 0 : 1) << d.dump();
      EXPECT_EQ(d["candidates"].get<int>(), south ? 1 : 5) << d.dump();
      EXPECT_EQ(d["selected"].get<int>(), 1) << d.dump();
    }
    EXPECT_NE(r.out.find("Per district: at least 1 site in each of the 2 districts"), std::string::npos) << r.out;
  }
  // The same minimums, p-median and p-center, exact: C6 is chosen.
  for (const std::string model : {"pmedian", "pcenter", "lscp"}) {
    const fs::path out = dir("out-" + model);
    std::vector<std::string> args = plus(hand_args(files, out, model), {"--exact", "--districts", districts.string(),
                                                                       "--min-per-district", "1"});
    if (model != "lscp") args = plus(args, {"--add", "2"});
    const RunResult r = run(args);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const std::vector<std::string> sel = strings_of(read_json(out / "summary.json")["selected"]);
    EXPECT_EQ(std::count(sel.begin(), sel.end(), "C6"), 1) << model;
  }
}

TEST_F(CliProposeDistricts, MinimumsThatCannotBeMet) {
  const HandFiles files = write_hand_case(tmp_.path());
  const fs::path districts = dir("districts.geojson");
  write_geojson(districts, kEpsg, {district("北区", -6000, -1500, 6000, 6000), district("南区", -6000, -6000, 6000, -1500)});
  const std::vector<std::string> base = plus(hand_args(files, dir("out"), "mclp"), {"--districts", districts.string()});
  // Two per district: the south one has one candidate and no existing site.
  RunResult r = run(plus(base, {"--add", "3", "--min-per-district", "2"}));
  EXPECT_EQ(r.exit_code, 3) << describe(r);
  EXPECT_NE(r.err.find("南区 (0 existing, 1 candidate)"), std::string::npos) << describe(r);
  EXPECT_EQ(r.err.find("北区"), std::string::npos) << describe(r);  // it can have two
  // One per district in west (L, C7) and east (R) halves, none existing: two new sites, --add 1.
  const fs::path halves = dir("halves.geojson");
  write_geojson(halves, kEpsg, {district("西", -3000, -6000, -200, 6000), district("东", 200, -6000, 3000, 6000)});
  r = run(plus(hand_args(files, dir("out"), "pmedian"), {"--districts", halves.string(), "--add", "1", "--min-per-district", "1"}));
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("need 2 new sites, more than --add 1"), std::string::npos) << describe(r);
  // --min-per-district needs --districts, and --districts needs it; not with a cost matrix.
  r = run(plus(hand_args(files, dir("out"), "mclp"), {"--add", "1", "--min-per-district", "1"}));
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("--districts"), std::string::npos) << describe(r);
  r = run(plus(base, {"--add", "1"}));
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("--min-per-district"), std::string::npos) << describe(r);
  EXPECT_FALSE(fs::exists(dir("out") / "summary.json"));
}

// --weight-field names the demand weight as --population-field does: the same optimum.
TEST_F(CliProposeHand, WeightFieldIsTheDemandWeight) {
  const HandFiles files = write_hand_case(tmp_.path());
  std::vector<std::string> args = hand_args(files, dir("out"), "mclp");
  const auto it = std::find(args.begin(), args.end(), "--population-field");
  *it = "--weight-field";
  const RunResult r = run(plus(args, {"--add", "2"}));
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json s = read_json(dir("out") / "summary.json");
  EXPECT_EQ(strings_of(s["selected"]), (std::vector<std::string>{"R", "L"}));  // as in the test above
  EXPECT_NEAR(s["objective"].get<double>(), 101, 1e-9);
  EXPECT_NEAR(s["total_weight"].get<double>(), 128, 1e-9);
}

// ---------------------------------------------------------------------------------------------
// 2. LSCP on the same case.

// Fewest candidates (and the sets of that size) whose opening with `fixed` covers `need` weight
// of the homes, `all_coverable` meaning every coverable home instead.
struct CoverMin {
  std::size_t k = 0;
  std::vector<std::set<std::string>> sets;  // every feasible set of size k
};
CoverMin min_cover(const std::vector<Home>& homes, const std::vector<Site>& fixed, const std::vector<Site>& cands,
                   double r, bool all_coverable, double need) {
  // Coverable: reached by a fixed or candidate site.
  std::vector<Home> coverable;
  for (const Home& h : homes)
    if (covered_by({h}, join(fixed, cands), r) > 0) coverable.push_back(h);
  for (std::size_t k = 0; k <= cands.size(); ++k) {
    CoverMin m{k, {}};
    for (const auto& s : subsets(cands, k)) {
      const double v = covered_by(coverable, join(fixed, s), r);
      double all = 0;
      for (const Home& h : coverable) all += h.w;
      const bool ok = all_coverable ? v >= all - 1e-9 : v >= need - 1e-9;
      if (ok) m.sets.push_back(ids_of(s));
    }
    if (!m.sets.empty()) return m;
  }
  return {};
}

TEST_F(CliProposeLscp, MinimumCoverAndTargetShare) {
  const HandFiles files = write_hand_case(tmp_.path());
  // Full cover, by hand: x1 only L reaches, x2 only R, e3 only C5, f1 only C6, and {L, R} also
  // covers a-d: 4 sites, one set. u is not coverable.
  const CoverMin full = min_cover(kHomes, kExisting, kCandidates, kWithin, true, 0);
  ASSERT_EQ(full.k, 4u);
  ASSERT_EQ(full.sets.size(), 1u);
  ASSERT_EQ(full.sets[0], (std::set<std::string>{"L", "R", "C5", "C6"}));
  {
    const fs::path out = dir("full");
    const RunResult r = run(hand_args(files, out, "lscp"));
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const json s = read_json(out / "summary.json");
    EXPECT_EQ(s["model"], "lscp");
    const auto sel = strings_of(s["selected"]);
    EXPECT_EQ(sel.size(), full.k);
    EXPECT_EQ(std::set<std::string>(sel.begin(), sel.end()), full.sets[0]);
    EXPECT_DOUBLE_EQ(s["objective"].get<double>(), 4.0);  // lscp: the number of new sites
    EXPECT_EQ(strings_of(s["uncoverable"]["ids"]), std::vector<std::string>{"u"});
    EXPECT_EQ(s["uncoverable"]["count"].get<int>(), 1);
    EXPECT_NEAR(s["uncoverable"]["weight"].get<double>(), 7, 1e-9);
    EXPECT_NEAR(s["covered_weight"].get<double>(), 128 - 7, 1e-9);  // everything but u
    EXPECT_NEAR(s["covered_weight_before"].get<double>(), 30, 1e-9);
    EXPECT_NEAR(sum_of(s["marginal"]), 121 - 30, 1e-9);  // lscp marginals: covered weight gained
    // Each marginal is the weight its site newly covers after E and the sites ranked before it
    // (whatever the tie rule of the rank order).
    ASSERT_EQ(s["marginal"].size(), sel.size());
    std::vector<Site> open = kExisting;
    for (std::size_t k = 0; k < sel.size(); ++k) {
      const double was = covered_by(kHomes, open, kWithin);
      open.push_back(site_named(kCandidates, sel[k]));
      EXPECT_NEAR(s["marginal"][k].get<double>(), covered_by(kHomes, open, kWithin) - was, 1e-9) << sel[k];
    }
  }
  // --target-share 0.5: half the coverable weight 0.5 x (128 - 7) = 60.5 in all; E gives 30, so
  // one site adding >= 30.5 does: M (40), R (36) or L (35), by enumeration the minimum is 1.
  const double coverable_weight = 128 - 7;
  for (const double share : {0.5, 0.75}) {
    SCOPED_TRACE("target share " + std::to_string(share));
    const CoverMin part = min_cover(kHomes, kExisting, kCandidates, kWithin, false, share * coverable_weight);
    if (share == 0.5) {
      ASSERT_EQ(part.k, 1u);
      ASSERT_EQ(part.sets.size(), 3u);  // {M}, {L}, {R}
    } else {
      // 0.75 x 121 = 90.75: 60.75 beyond E; no single site; pairs: only {L, R} (71) -- {M, R} 56.
      ASSERT_EQ(part.k, 2u);
      ASSERT_EQ(part.sets, (std::vector<std::set<std::string>>{{"L", "R"}}));
    }
    const fs::path out = dir("share" + std::to_string(share));
    char text[16];
    std::snprintf(text, sizeof text, "%g", share);
    const RunResult r = run(plus(hand_args(files, out, "lscp"), {"--target-share", text}));
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const json s = read_json(out / "summary.json");
    const auto sel = strings_of(s["selected"]);
    EXPECT_EQ(sel.size(), part.k);
    EXPECT_DOUBLE_EQ(s["objective"].get<double>(), static_cast<double>(part.k));
    EXPECT_NE(std::find(part.sets.begin(), part.sets.end(), std::set<std::string>(sel.begin(), sel.end())),
              part.sets.end())
        << "the chosen set is not one of the enumerated minimum covers";
    EXPECT_GE(s["covered_weight"].get<double>(), share * coverable_weight - 1e-9);
  }
}

// ---------------------------------------------------------------------------------------------
// 3. p-median and p-center on a line, --within 1000m: cost horizon 3 x 1000 = 3000 m
// (ProposeOptions::cost_horizon_factor), unreached cost 2 x 3000 = 6000 (siting.hpp default: twice
// the Reach threshold).

const std::vector<Site> kLineExisting = {{"E", 0, 0}};
const std::vector<Site> kLineCandidates = {{"K1", 2100, 0}, {"K2", 3450, 0}, {"K3", 5000, 0}, {"K4", 6000, 0}};
const std::vector<Home> kLineHomes = {
    {"p1", 500, 0, 10}, {"p2", 2000, 0, 20}, {"p3", 3500, 0, 5}, {"p4", 5000, 0, 30}, {"p5", 6500, 0, 10}};

// Per home: the cheapest open site within the horizon, else the unreached cost; total weighted
// and largest. Every home is within 3000 m of some site (p3: K2 50 m; p4: K3; p5: K4 500 m).
std::pair<double, double> median_center(const std::vector<Site>& open, double horizon, double unreached) {
  double total = 0, largest = 0;
  for (const Home& h : kLineHomes) {
    double c = unreached;
    for (const Site& s : open) {
      const double d = std::hypot(h.x - s.x, h.y - s.y);
      if (d <= horizon) c = std::min(c, d);
    }
    total += h.w * c;
    largest = std::max(largest, c);
  }
  return {total, largest};
}

TEST_F(CliProposeMedianCenter, ObjectivesMatchEnumeration) {
  write_sites(dir("existing.geojson"), kLineExisting);
  write_sites(dir("candidates.geojson"), kLineCandidates);
  write_homes(dir("homes.geojson"), kLineHomes);
  const HandFiles files{dir("existing.geojson"), dir("candidates.geojson"), dir("homes.geojson")};
  const double horizon = 3 * kWithin, unreached = 2 * horizon;

  // Before (E only): p1 500, p2 2000, p3-p5 beyond 3000 -> 6000:
  // 10 x 500 + 20 x 2000 + (5 + 30 + 10) x 6000 = 315000; largest 6000.
  const auto before = median_center(kLineExisting, horizon, unreached);
  ASSERT_DOUBLE_EQ(before.first, 315000);
  ASSERT_DOUBLE_EQ(before.second, 6000);
  // Enumeration over the 6 pairs: p-median best {K1, K3} = 10x500 + 20x100 + 5x1450 + 0 +
  // 10x1500 = 29000; p-center best {K1, K4}: largest 1400 (p3 to K1).
  std::map<std::set<std::string>, std::pair<double, double>> value;
  for (const auto& s : subsets(kLineCandidates, 2)) value[ids_of(s)] = median_center(join(kLineExisting, s), horizon, unreached);
  auto best_by = [&](bool center) {
    std::set<std::string> best;
    double v = std::numeric_limits<double>::infinity();
    int count = 0;
    for (const auto& [ids, tv] : value) {
      const double x = center ? tv.second : tv.first;
      if (x < v - 1e-9) v = x, best = ids, count = 1;
      else if (std::fabs(x - v) <= 1e-9) ++count;
    }
    EXPECT_EQ(count, 1);
    return std::make_pair(best, v);
  };
  const auto median = best_by(false), center = best_by(true);
  ASSERT_EQ(median.first, (std::set<std::string>{"K1", "K3"}));
  ASSERT_DOUBLE_EQ(median.second, 29000);
  ASSERT_EQ(center.first, (std::set<std::string>{"K1", "K4"}));
  ASSERT_DOUBLE_EQ(center.second, 1400);

  for (const std::string model : {"pmedian", "pcenter"}) {
    for (const std::string flag : {"--exact", "--heuristic"}) {
      SCOPED_TRACE(model + " " + flag);
      const fs::path out = dir(model + flag);
      const RunResult r = run(plus(hand_args(files, out, model), {"--add", "2", flag}));
      ASSERT_EQ(r.exit_code, 0) << describe(r);
      const json s = read_json(out / "summary.json");
      const bool is_center = model == "pcenter";
      const auto& want = is_center ? center : median;
      EXPECT_EQ(s["model"], model);
      EXPECT_EQ(s["solver"], flag == "--exact" ? "exact" : "heuristic");
      EXPECT_DOUBLE_EQ(s["unreached_cost"].get<double>(), unreached);
      EXPECT_NEAR(s["objective"].get<double>(), want.second, 1e-6 * want.second);
      EXPECT_NEAR(s["objective_before"].get<double>(), is_center ? before.second : before.first, 1e-6);
      const auto sel = strings_of(s["selected"]);
      EXPECT_EQ(std::set<std::string>(sel.begin(), sel.end()), want.first);
      EXPECT_EQ(s["uncoverable"]["count"].get<int>(), 0);
      // Marginals: the reduction of the objective, summing to before - after.
      EXPECT_NEAR(sum_of(s["marginal"]), s["objective_before"].get<double>() - s["objective"].get<double>(), 1e-6);
      // Rank order: p-median greedy within the set. p-median {K1, K3}: K3 alone gives 67500
      // (gain 247500), K1 alone 161000 -> K3 first, then K1 (29000, gain 38500). p-center
      // {K1, K4}: K4 alone 92500 < K1 alone 161000 -> K4 first (largest 2500: gain 3500), then K1
      // (largest 1400: gain 1100).
      const std::vector<std::string> rank = is_center ? std::vector<std::string>{"K4", "K1"} : std::vector<std::string>{"K3", "K1"};
      const std::vector<double> gains = is_center ? std::vector<double>{3500, 1100} : std::vector<double>{247500, 38500};
      EXPECT_EQ(sel, rank);
      ASSERT_EQ(s["marginal"].size(), 2u);
      for (std::size_t k = 0; k < 2; ++k) EXPECT_NEAR(s["marginal"][k].get<double>(), gains[k], 1e-6) << k;
      // proposed_sites.geojson: the running objective after each site.
      const json g = read_json(out / "proposed_sites.geojson");
      ASSERT_EQ(g["features"].size(), 2u);
      const char* after_name = is_center ? "max_cost_after" : "total_cost_after";
      const std::vector<double> after = is_center ? std::vector<double>{2500, 1400} : std::vector<double>{67500, 29000};
      for (std::size_t k = 0; k < 2; ++k) {
        EXPECT_EQ(g["features"][k]["properties"]["id"], rank[k]);
        EXPECT_NEAR(g["features"][k]["properties"][after_name].get<double>(), after[k], 1e-3) << k;
      }
    }
  }
}

// The line case as an origin-destination table: every (home, site) pair with its straight-line
// distance, which on a line is |x_home - x_site| (integers, exact in any precision).
void write_line_matrix(const fs::path& matrix, const fs::path& demand) {
  std::string m = "demand_id,site_id,cost\n";
  for (const Home& h : kLineHomes) {
    for (const auto* sites : {&kLineExisting, &kLineCandidates}) {
      for (const Site& site : *sites) m += h.id + "," + site.id + "," + std::to_string(std::lround(std::fabs(h.x - site.x))) + "\n";
    }
  }
  write_text(matrix, m);
  std::string d = "id,pop\n";
  for (const Home& h : kLineHomes) d += h.id + "," + std::to_string(std::lround(h.w)) + "\n";
  write_text(demand, d);
}

// Both siting paths, on the same hand-made case, give the same p-median and p-center answers:
// geometry (points, distances from the engine) and the cost matrix of the same distances, with
// the same --within and so the same cost horizon (3 x 1000 m) and unreached cost (6000). The
// expected objectives are the enumeration's (29000 and 1400, ObjectivesMatchEnumeration).
TEST_F(CliProposeMedianCenter, MatrixAndGeometryPathsAgree) {
  write_sites(dir("existing.geojson"), kLineExisting);
  write_sites(dir("candidates.geojson"), kLineCandidates);
  write_homes(dir("homes.geojson"), kLineHomes);
  write_line_matrix(dir("od.csv"), dir("demand.csv"));
  const HandFiles files{dir("existing.geojson"), dir("candidates.geojson"), dir("homes.geojson")};
  for (const std::string model : {"pmedian", "pcenter"}) {
    SCOPED_TRACE(model);
    const fs::path geo = dir(model + "_geometry"), table = dir(model + "_matrix");
    const RunResult g = run(plus(hand_args(files, geo, model), {"--add", "2"}));
    ASSERT_EQ(g.exit_code, 0) << describe(g);
    const RunResult t = run({"propose", "--model", model, "--cost-matrix", dir("od.csv").string(), "--demand",
                             dir("demand.csv").string(), "--demand-id-field", "id", "--weight-field", "pop",
                             "--existing-ids", "E", "--within", "1000", "--add", "2", "--out", table.string()});
    ASSERT_EQ(t.exit_code, 0) << describe(t);
    const json sg = read_json(geo / "summary.json"), st = read_json(table / "summary.json");
    const double want = model == "pmedian" ? 29000 : 1400;
    EXPECT_NEAR(sg["objective"].get<double>(), want, 1e-9);
    EXPECT_EQ(sg["objective"].get<double>(), st["objective"].get<double>());
    EXPECT_EQ(sg["objective_before"].get<double>(), st["objective_before"].get<double>());
    EXPECT_EQ(sg["unreached_cost"].get<double>(), st["unreached_cost"].get<double>());
    EXPECT_EQ(strings_of(sg["selected"]), strings_of(st["selected"]));
    ASSERT_EQ(sg["marginal"].size(), st["marginal"].size());
    for (std::size_t k = 0; k < sg["marginal"].size(); ++k) {
      EXPECT_EQ(sg["marginal"][k].get<double>(), st["marginal"][k].get<double>()) << k;
    }
    EXPECT_EQ(sg["covered_weight"].get<double>(), st["covered_weight"].get<double>());
  }
}

// Siting from a matrix alone, as spopt or ArcGIS location-allocation users have it: no
// facilities, no category, no threshold. Every pair of the matrix counts: the horizon is its
// largest cost, 6500 (p5 to E), and the unreached cost 13000; no home is unreached then. With E
// not existing here, enumeration of the pairs by hand: {K1, K3} = 10 x 1600 + 20 x 100 + 5 x 1400
// + 0 + 10 x 1500 = 40000 is the p-median optimum over the 10 pairs of the five sites; checked
// against the plain loop below.
TEST_F(CliProposeMatrix, MatrixAloneNeedsNothingElse) {
  write_line_matrix(dir("od.csv"), dir("demand.csv"));
  const std::vector<Site> all = join(kLineExisting, kLineCandidates);
  double best = std::numeric_limits<double>::infinity();
  std::set<std::string> best_ids;
  for (const auto& pair : subsets(all, 2)) {
    const double v = median_center(pair, 6500, 13000).first;
    if (v < best) best = v, best_ids = ids_of(pair);
  }
  ASSERT_DOUBLE_EQ(best, 40000);
  ASSERT_EQ(best_ids, (std::set<std::string>{"K1", "K3"}));

  const fs::path out = dir("out");
  const RunResult r = run({"propose", "--model", "pmedian", "--cost-matrix", dir("od.csv").string(), "--demand",
                           dir("demand.csv").string(), "--demand-id-field", "id", "--weight-field", "pop", "--add", "2",
                           "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json s = read_json(out / "summary.json");
  EXPECT_NEAR(s["objective"].get<double>(), 40000, 1e-9);
  const auto sel = strings_of(s["selected"]);
  EXPECT_EQ(std::set<std::string>(sel.begin(), sel.end()), best_ids);
  EXPECT_DOUBLE_EQ(s["unreached_cost"].get<double>(), 13000);
  EXPECT_TRUE(s["within"].get<std::string>().empty());
  EXPECT_TRUE(fs::exists(out / "proposed_sites.csv"));
  // An existing site given by id is kept open and never proposed.
  const fs::path kept = dir("kept");
  const RunResult k = run({"propose", "--model", "pmedian", "--cost-matrix", dir("od.csv").string(), "--demand",
                           dir("demand.csv").string(), "--demand-id-field", "id", "--weight-field", "pop",
                           "--existing-ids", "K3", "--add", "1", "--out", kept.string()});
  ASSERT_EQ(k.exit_code, 0) << describe(k);
  const json sk = read_json(kept / "summary.json");
  EXPECT_EQ(strings_of(sk["selected"]), std::vector<std::string>{"K1"});
  EXPECT_NEAR(sk["objective"].get<double>(), 40000, 1e-9);
}

// summary.json's covered_weight / before / after of a p-median run should be coverage within
// --within (1000 m), as for the other models and as "within_m": 1000 says. By hand, E alone
// covers p1 (500 m) = 10; with {K1, K3}: p1, p2 (K1 100 m), p4 (K3 0 m) = 60 of 75.
TEST_F(CliProposeMedianCenter, CoveredWeightIsWithinTheThreshold) {
  write_sites(dir("existing.geojson"), kLineExisting);
  write_sites(dir("candidates.geojson"), kLineCandidates);
  write_homes(dir("homes.geojson"), kLineHomes);
  const HandFiles files{dir("existing.geojson"), dir("candidates.geojson"), dir("homes.geojson")};
  const fs::path out = dir("out");
  const RunResult r = run(plus(hand_args(files, out, "pmedian"), {"--add", "2"}));
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json s = read_json(out / "summary.json");
  ASSERT_EQ(strings_of(s["selected"]), (std::vector<std::string>{"K3", "K1"}));
  EXPECT_NEAR(s["covered_weight_before"].get<double>(), covered_by(kLineHomes, kLineExisting, kWithin), 1e-9);  // 10
  EXPECT_NEAR(s["covered_weight"].get<double>(),
              covered_by(kLineHomes, join(kLineExisting, {kLineCandidates[0], kLineCandidates[2]}), kWithin), 1e-9);  // 60
  EXPECT_NEAR(s["after"]["share"].get<double>(), 60.0 / 75, 1e-12);
}

// ---------------------------------------------------------------------------------------------
// 4. Competitors cover; excluded candidates are never chosen.

TEST_F(CliProposeCompetitorsExclude, CompetitorChangesTheChoice) {
  const HandFiles files = write_hand_case(tmp_.path());
  // Competitor Q at (1450, 50): c sqrt(750^2 + 250^2) = 790.6, d sqrt(750^2 + 350^2) = 827.6,
  // x2 sqrt(750^2 + 50^2) = 751.7; e3 1972.4; the rest farther. Q covers c, d, x2 = 36, all of
  // R's gain. Gains after E and Q: L 35 (a, b, x1), M 20 (a, b), C5 12, C7 10, C6 8, R 0. Best
  // pair: L + C5 = 47 (L + M = 35, M + C5 = 32). Objective 30 + 36 + 47 = 113, before 66.
  const std::vector<Site> competitor = {{"Q", 1450, 50}};
  write_sites(dir("comp.geojson"), competitor);
  const Enumerated e = best_mclp(kHomes, join(kExisting, competitor), kCandidates, 2, kWithin);
  ASSERT_EQ(e.count, 1);
  ASSERT_EQ(ids_of(e.best), (std::set<std::string>{"L", "C5"}));
  ASSERT_DOUBLE_EQ(e.value, 113);

  const fs::path out = dir("out");
  const RunResult r = run(plus(hand_args(files, out, "mclp"), {"--add", "2", "--competitors", dir("comp.geojson").string()}));
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json s = read_json(out / "summary.json");
  EXPECT_EQ(strings_of(s["selected"]), (std::vector<std::string>{"L", "C5"}));  // rank: 35, then 12
  EXPECT_NEAR(s["objective"].get<double>(), 113, 1e-9);
  EXPECT_NEAR(s["covered_weight_before"].get<double>(), 66, 1e-9);
  EXPECT_NEAR(sum_of(s["marginal"]), 47, 1e-9);
  EXPECT_EQ(s["sites"]["competitors"].get<int>(), 1);
  EXPECT_EQ(s["sites"]["existing"].get<int>(), 1);
  EXPECT_EQ(s["sites"]["candidates"].get<int>(), 6);
}

TEST_F(CliProposeCompetitorsExclude, ExcludedCandidateIsNeverSelected) {
  const HandFiles files = write_hand_case(tmp_.path());
  // A 100 m square around L (-1400, 0) and nothing else.
  char wkt[256];
  std::snprintf(wkt, sizeof wkt, "POLYGON ((%.1f %.1f, %.1f %.1f, %.1f %.1f, %.1f %.1f, %.1f %.1f))", kX0 - 1450, kY0 - 50,
                kX0 - 1350, kY0 - 50, kX0 - 1350, kY0 + 50, kX0 - 1450, kY0 + 50, kX0 - 1450, kY0 - 50);
  write_geojson(dir("water.geojson"), kEpsg, {{wkt, {{"kind", "water"}}, {}}});
  std::vector<Site> without_l;
  for (const Site& c : kCandidates)
    if (c.id != "L") without_l.push_back(c);
  // Without L: M 40, R 36, C5 12, C7 10, C6 8; best pair {M, R} = a-d + x2 = 56 (R + C7 46,
  // M + C5 52): objective 86.
  const Enumerated e = best_mclp(kHomes, kExisting, without_l, 2, kWithin);
  ASSERT_EQ(e.count, 1);
  ASSERT_EQ(ids_of(e.best), (std::set<std::string>{"M", "R"}));
  ASSERT_DOUBLE_EQ(e.value, 86);

  for (const std::string add : {"2", "6"}) {
    SCOPED_TRACE("--add " + add);
    const fs::path out = dir("out" + add);
    const RunResult r = run(plus(hand_args(files, out, "mclp"), {"--add", add, "--exclude", dir("water.geojson").string()}));
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const json s = read_json(out / "summary.json");
    EXPECT_EQ(s["sites"]["candidates_excluded"].get<int>(), 1);
    EXPECT_EQ(s["sites"]["candidates"].get<int>(), 5);
    const auto sel = strings_of(s["selected"]);
    EXPECT_EQ(std::count(sel.begin(), sel.end(), "L"), 0);
    if (add == "2") {
      EXPECT_EQ(sel, (std::vector<std::string>{"M", "R"}));  // rank: M 40, then R 16
      EXPECT_NEAR(s["objective"].get<double>(), 86, 1e-9);
    } else {
      // Every site that still adds weight: M, R, C5, C6 (C7's a is M's): all but x1 (only L
      // reaches it) and u: 128 - 15 - 7 = 106.
      EXPECT_EQ(std::set<std::string>(sel.begin(), sel.end()), (std::set<std::string>{"M", "R", "C5", "C6"}));
      EXPECT_NEAR(s["objective"].get<double>(), 106, 1e-9);
      EXPECT_NEAR(s["objective"].get<double>(), covered_by(kHomes, join(kExisting, without_l), kWithin), 1e-9);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Capacitated MCLP.

TEST_F(CliProposeCapacity, CapacityChangesTheChoice) {
  // L may serve only 12 (the others 100, more than any site reaches; E has no capacity field:
  // unlimited). Served weight of the pairs (fractional assignment, each site at most its capacity):
  //   {L, R}: L min(12, 35) + R 36 = 48;   {M, R}: M a-d 40 + R x2 16 (c, d either) = 56;
  //   {M, L}: M 40 + L x1 min(15, 12) = 52;  {M, C5}: 40 + 12 = 52;  {R, C7}: 36 + 10 = 46.
  // Best {M, R}: 56 + E's 30 = 86. Rank: M (40), then R (16).
  std::vector<Site> cands = kCandidates;
  for (Site& c : cands)
    if (c.id == "L") c.capacity = 12;
  const HandFiles files = write_hand_case(tmp_.path(), cands);

  const fs::path out = dir("capacitated");
  const RunResult r = run(plus(hand_args(files, out, "mclp"), {"--add", "2", "--candidate-capacity-field", "cap"}));
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json s = read_json(out / "summary.json");
  EXPECT_EQ(strings_of(s["selected"]), (std::vector<std::string>{"M", "R"}));
  EXPECT_NEAR(s["objective"].get<double>(), 86, 1e-6);
  EXPECT_NEAR(s["covered_weight"].get<double>(), 86, 1e-6);
  EXPECT_NEAR(s["covered_weight_before"].get<double>(), 30, 1e-6);
  ASSERT_EQ(s["marginal"].size(), 2u);
  EXPECT_NEAR(s["marginal"][0].get<double>(), 40, 1e-6);
  EXPECT_NEAR(s["marginal"][1].get<double>(), 16, 1e-6);
  // The capacity is carried to the output.
  const json g = read_json(out / "proposed_sites.geojson");
  ASSERT_EQ(g["features"].size(), 2u);
  for (const auto& f : g["features"]) EXPECT_DOUBLE_EQ(f["properties"]["cap"].get<double>(), 100.0) << f["properties"]["id"];

  // The same files without the capacity field: the uncapacitated optimum {L, R} (test 1).
  const fs::path plain = dir("plain");
  const RunResult r2 = run(plus(hand_args(files, plain, "mclp"), {"--add", "2"}));
  ASSERT_EQ(r2.exit_code, 0) << describe(r2);
  EXPECT_EQ(strings_of(read_json(plain / "summary.json")["selected"]), (std::vector<std::string>{"R", "L"}));
}

TEST_F(CliProposeCapacity, PlacesPerPersonTurnsBedsIntoPeople) {
  // The case above in beds at 0.1 bed per person: L holds 1.2 beds (12 people), the others 10
  // (100 people). --places-per-person 0.1 gives back the hand-derived optimum {M, R}, 86 served.
  std::vector<Site> cands = kCandidates;
  for (Site& c : cands) c.capacity = c.id == "L" ? 1.2 : 10;
  const HandFiles files = write_hand_case(tmp_.path(), cands);
  const fs::path out = dir("beds");
  const RunResult r = run(plus(hand_args(files, out, "mclp"),
                               {"--add", "2", "--candidate-capacity-field", "cap", "--places-per-person", "0.1"}));
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json s = read_json(out / "summary.json");
  EXPECT_EQ(strings_of(s["selected"]), (std::vector<std::string>{"M", "R"}));
  EXPECT_NEAR(s["covered_weight"].get<double>(), 86, 1e-6);
  EXPECT_NEAR(s["places_per_person"].get<double>(), 0.1, 1e-12);
  // Read as people, the same beds serve at most 10 per new site: 30 (E) + 2 x 10 = 50.
  const fs::path raw = dir("raw");
  ASSERT_EQ(run(plus(hand_args(files, raw, "mclp"), {"--add", "2", "--candidate-capacity-field", "cap"})).exit_code, 0);
  EXPECT_LE(read_json(raw / "summary.json")["covered_weight"].get<double>(), 50 + 1e-6);
  // A rate without a capacity field is a usage error.
  EXPECT_EQ(run(plus(hand_args(files, dir("norate"), "mclp"), {"--add", "2", "--places-per-person", "0.5"})).exit_code, 2);
}

// Capacitated p-median, --within 1000m: the cost horizon is 3000 m and the unreached cost
// 6000 per unit of weight. Existing E (0, 0) serves at most 10; h1 (300, 0) and h2 (-400, 0) weigh
// 10 each. Candidates A (2000, 0), capacity 100, and B (-2000, 0), capacity 5. Distances:
// E h1 300, h2 400; A h1 1700, h2 2400; B h1 2300, h2 1600.
//   E alone serves h1 (10 x 300) and leaves h2 unserved: 3000 + 60000 = 63000 (served 10).
//   {A}: E takes h2 (4000), A h1 (17000): 21000 (E on h1 instead: 3000 + 24000 = 27000).
//   {B}: E on h1 3000, B on 5 of h2 8000, 5 unserved 30000: 41000.
//   {A, B}: from "all at A" (41000), E saves 2000 a unit on h2 and 1400 on h1, B 800 on h2
//   only: E takes 5 of h2 and 5 of h1, B the other 5 of h2: 41000 - 10000 - 7000 - 4000 = 20000.
// k = 1 opens A (42000 saved); k = 2 adds B for 1000 more. Without capacities E alone serves
// everyone at 7000 and no candidate saves anything.
TEST_F(CliProposeCapacity, CapacitatedPmedianByHand) {
  const fs::path existing = tmp_.path() / "existing.geojson", cands = tmp_.path() / "candidates.geojson",
                 homes = tmp_.path() / "homes.geojson";
  write_sites(existing, {{"E", 0, 0, 10}});
  write_sites(cands, {{"A", 2000, 0, 100}, {"B", -2000, 0, 5}});
  write_homes(homes, {{"h1", 300, 0, 10}, {"h2", -400, 0, 10}});
  auto args = [&](const fs::path& out, const std::string& add, const std::string& solver) {
    return std::vector<std::string>{"propose", "--model", "pmedian", "--category", "care", "--facilities",
                                    existing.string(), "--demand", homes.string(), "--population-field", "pop",
                                    "--candidates", cands.string(), "--candidate-id-field", "id", "--within", "1000m",
                                    "--candidate-capacity-field", "cap", "--capacity-field", "cap", "--add", add,
                                    solver, "--out", out.string()};
  };
  for (const std::string solver : {"--exact", "--heuristic"}) {
    SCOPED_TRACE(solver);
    const fs::path one = dir("one" + solver);
    const RunResult r1 = run(args(one, "1", solver));
    ASSERT_EQ(r1.exit_code, 0) << describe(r1);
    const json s1 = read_json(one / "summary.json");
    expect_timings(s1, {"load", "candidates", "reach", "solve", "write"});
    EXPECT_EQ(strings_of(s1["selected"]), (std::vector<std::string>{"A"}));
    EXPECT_NEAR(s1["objective_before"].get<double>(), 63000, 1e-6);
    EXPECT_NEAR(s1["objective"].get<double>(), 21000, 1e-6);
    EXPECT_TRUE(s1["proven_optimal"].get<bool>());
    EXPECT_NEAR(s1["covered_weight_before"].get<double>(), 10, 1e-6);
    EXPECT_NEAR(s1["covered_weight"].get<double>(), 20, 1e-6);

    const fs::path two = dir("two" + solver);
    const RunResult r2 = run(args(two, "2", solver));
    ASSERT_EQ(r2.exit_code, 0) << describe(r2);
    const json s2 = read_json(two / "summary.json");
    EXPECT_EQ(strings_of(s2["selected"]), (std::vector<std::string>{"A", "B"}));
    EXPECT_NEAR(s2["objective"].get<double>(), 20000, 1e-6);
    ASSERT_EQ(s2["marginal"].size(), 2u);
    EXPECT_NEAR(s2["marginal"][0].get<double>(), 42000, 1e-6);
    EXPECT_NEAR(s2["marginal"][1].get<double>(), 1000, 1e-6);
    const json g = read_json(two / "proposed_sites.geojson");
    ASSERT_EQ(g["features"].size(), 2u);
    EXPECT_NEAR(g["features"][1]["properties"]["total_cost_after"].get<double>(), 20000, 1e-6);
  }
}

TEST_F(CliProposeCapacity, CapacityErrors) {
  const HandFiles files = write_hand_case(tmp_.path());
  // Capacities belong to mclp and pmedian.
  RunResult r = run(plus(hand_args(files, dir("pcenter"), "pcenter"), {"--add", "1", "--candidate-capacity-field", "cap"}));
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("apply to mclp and pmedian, not pcenter"), std::string::npos) << describe(r);
  // A field the existing facilities lack.
  r = run(plus(hand_args(files, dir("nofield"), "pmedian"), {"--add", "1", "--capacity-field", "beds"}));
  EXPECT_EQ(r.exit_code, 3) << describe(r);
  EXPECT_NE(r.err.find(files.existing.string()), std::string::npos) << describe(r);
  EXPECT_NE(r.err.find("beds"), std::string::npos) << describe(r);
  // A negative capacity names the file, the feature and the field.
  const fs::path bad = tmp_.path() / "bad_candidates.geojson";
  write_sites(bad, {{"M", 0, 0, 100}, {"L", -1400, 0, -5}});
  std::vector<std::string> a = hand_args(files, dir("negative"), "pmedian");
  std::replace(a.begin(), a.end(), files.candidates.string(), bad.string());
  r = run(plus(a, {"--add", "1", "--candidate-capacity-field", "cap"}));
  EXPECT_EQ(r.exit_code, 3) << describe(r);
  for (const char* part : {"bad_candidates.geojson", "'cap'", "-5 is negative"})
    EXPECT_NE(r.err.find(part), std::string::npos) << part << "\n" << describe(r);
  // Generated candidates have no field to read.
  std::vector<std::string> g = {"propose", "--model", "pmedian", "--category", "fitness", "--facilities",
                                files.existing.string(), "--demand", files.homes.string(), "--population-field", "pop",
                                "--candidate-grid", "500m", "--within", "1000m", "--add", "1",
                                "--candidate-capacity-field", "cap", "--out", dir("grid").string()};
  r = run(g);
  EXPECT_EQ(r.exit_code, 2) << describe(r);
  EXPECT_NE(r.err.find("generated candidates"), std::string::npos) << describe(r);
}

// ---------------------------------------------------------------------------------------------
// 6. Cost matrix.

// Demand d1..d6 (weights 10, 20, 30, 40, 45, 5; total 150); S0 existing; A, B, C in the matrix.
// zz is not a demand id (2 rows). d6 has no row: uncoverable. --demand-id-field names the id
// column of both the matrix and the demand table, --candidate-id-field the site column of the
// matrix and the existing-facility table (api/propose.cpp, propose_from_matrix).
const char* kMatrix =
    "demand,site,cost\n"
    "d1,S0,4\n"
    "d1,A,12\n"
    "d2,S0,15\n"
    "d2,A,3\n"
    "d2,B,10\n"
    "d3,A,12\n"
    "d3,B,2\n"
    "d4,B,11\n"
    "d4,C,6\n"
    "d5,C,5\n"
    "zz,A,1\n"
    "zz,C,2\n";

struct MatrixFiles {
  fs::path demand, existing, matrix;
};

MatrixFiles write_matrix_case(const fs::path& dir) {
  MatrixFiles f{dir / "demand.csv", dir / "existing.csv", dir / "matrix.csv"};
  write_text(f.demand, "demand,population\nd1,10\nd2,20\nd3,30\nd4,40\nd5,45\nd6,5\n");
  write_text(f.existing, "site,kind\nS0,gym\n");  // two columns: GDAL does not open one-column CSVs
  write_text(f.matrix, kMatrix);
  return f;
}

std::vector<std::string> matrix_args(const MatrixFiles& f, const fs::path& out, const std::string& model) {
  return {"propose", "--model", model, "--category", "fitness", "--facilities", f.existing.string(), "--demand",
          f.demand.string(), "--population-field", "population", "--cost-matrix", f.matrix.string(),
          "--demand-id-field", "demand", "--candidate-id-field", "site", "--cost-field", "cost", "--within", "10",
          "--out", out.string()};
}

// Rows of proposed_sites.csv after the header.
std::vector<std::vector<std::string>> csv_rows(const fs::path& path, std::string& header) {
  std::istringstream in(read_text(path));
  std::getline(in, header);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

TEST_F(CliProposeMatrix, MclpLscpPmedianByHand) {
  const MatrixFiles files = write_matrix_case(tmp_.path());
  {
    // mclp, within 10 (<= 10 covers): S0 covers d1 (4). A: d2 (3) = 20; B: d2 (10), d3 (2) = 50;
    // C: d4 (6), d5 (5) = 85. --add 2: C then B: 10 + 85 + 50 = 145 of 150.
    const fs::path out = dir("mclp");
    const RunResult r = run(plus(matrix_args(files, out, "mclp"), {"--add", "2"}));
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const json s = read_json(out / "summary.json");
    EXPECT_EQ(strings_of(s["selected"]), (std::vector<std::string>{"C", "B"}));
    EXPECT_NEAR(s["objective"].get<double>(), 145, 1e-9);
    EXPECT_NEAR(s["objective_before"].get<double>(), 10, 1e-9);
    EXPECT_NEAR(s["total_weight"].get<double>(), 150, 1e-9);
    EXPECT_EQ(strings_of(s["uncoverable"]["ids"]), std::vector<std::string>{"d6"});
    EXPECT_NEAR(s["uncoverable"]["weight"].get<double>(), 5, 1e-9);
    EXPECT_EQ(s["sites"]["in_matrix"].get<int>(), 4);  // S0, A, B, C
    EXPECT_DOUBLE_EQ(s["within_m"].get<double>(), 10);
    // The unknown demand id is reported.
    ASSERT_EQ(s["notes"].size(), 1u);
    const std::string note = s["notes"][0].get<std::string>();
    EXPECT_NE(note.find("2 matrix rows"), std::string::npos) << note;
    EXPECT_NE(note.find("zz"), std::string::npos) << note;
    // proposed_sites.csv: rank, id, marginal and the running covered weight.
    std::string header;
    const auto rows = csv_rows(out / "proposed_sites.csv", header);
    EXPECT_EQ(header, "rank,id,marginal,covered_weight_after");
    const std::vector<std::vector<std::string>> want = {{"1", "C", "85", "95"}, {"2", "B", "50", "145"}};
    EXPECT_EQ(rows, want);
    EXPECT_FALSE(fs::exists(out / "proposed_sites.geojson"));
  }
  {
    // lscp: d4 and d5 only C reaches, d3 only B (A's 12 > 10); B also covers d2; d1 is S0's:
    // {B, C}, 2 sites. No single site covers d3 and d4.
    const fs::path out = dir("lscp");
    const RunResult r = run(matrix_args(files, out, "lscp"));
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const json s = read_json(out / "summary.json");
    const auto sel = strings_of(s["selected"]);
    EXPECT_EQ(std::set<std::string>(sel.begin(), sel.end()), (std::set<std::string>{"B", "C"}));
    EXPECT_DOUBLE_EQ(s["objective"].get<double>(), 2);
    EXPECT_NEAR(s["covered_weight"].get<double>(), 145, 1e-9);
    EXPECT_EQ(strings_of(s["uncoverable"]["ids"]), std::vector<std::string>{"d6"});
  }
  {
    // pmedian without --within: every pair of the matrix counts (the cost horizon is the largest
    // cost, 15) and the unreached cost is 2 x 15 = 30. Before (S0): d1 4, d2 15, d3-d5 30:
    //   10x4 + 20x15 + (30 + 40 + 45) x 30 = 3790.
    // One site: A 3010, B 2090, C 10x4 + 20x15 + 30x30 + 40x6 + 45x5 = 1705 (best).
    // Pairs: {A, B} 1950, {A, C} 925, {B, C} 10x4 + 20x10 + 30x2 + 40x6 + 45x5 = 765 (best).
    // Rank C (gain 3790 - 1705 = 2085), then B (1705 - 765 = 940). d6 is left out.
    const fs::path out = dir("pmedian");
    std::vector<std::string> args = plus(matrix_args(files, out, "pmedian"), {"--add", "2"});
    const auto within = std::find(args.begin(), args.end(), "--within");
    args.erase(within, within + 2);
    const RunResult r = run(args);
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const json s = read_json(out / "summary.json");
    EXPECT_EQ(strings_of(s["selected"]), (std::vector<std::string>{"C", "B"}));
    EXPECT_NEAR(s["objective"].get<double>(), 765, 1e-6);
    EXPECT_NEAR(s["objective_before"].get<double>(), 3790, 1e-6);
    EXPECT_NEAR(s["unreached_cost"].get<double>(), 30, 1e-9);
    std::string header;
    const auto rows = csv_rows(out / "proposed_sites.csv", header);
    EXPECT_EQ(header, "rank,id,marginal,total_cost_after");
    const std::vector<std::vector<std::string>> want = {{"1", "C", "2085", "1705"}, {"2", "B", "940", "765"}};
    EXPECT_EQ(rows, want);
  }
  {
    // pmedian with --within 10: the one cost horizon of every path, 3 x 10 = 30, keeps every
    // pair (the largest is 15); the unreached cost is 2 x 30 = 60. Before (S0): d1 4, d2 15,
    // d3-d5 60: 10x4 + 20x15 + (30 + 40 + 45) x 60 = 7240. C alone: 40 + 300 + 30x60 + 40x6 +
    // 45x5 = 2605; {B, C} 765 as above. Rank C (7240 - 2605 = 4635), then B (2605 - 765 = 1840).
    const fs::path out = dir("pmedian_within");
    const RunResult r = run(plus(matrix_args(files, out, "pmedian"), {"--add", "2"}));
    ASSERT_EQ(r.exit_code, 0) << describe(r);
    const json s = read_json(out / "summary.json");
    EXPECT_EQ(strings_of(s["selected"]), (std::vector<std::string>{"C", "B"}));
    EXPECT_NEAR(s["objective"].get<double>(), 765, 1e-6);
    EXPECT_NEAR(s["objective_before"].get<double>(), 7240, 1e-6);
    EXPECT_NEAR(s["unreached_cost"].get<double>(), 60, 1e-9);
    // Covered figures at the coverage threshold 10: S0 reaches d1 (10); C adds d4, d5 (85) and
    // B d2, d3 (50): 145.
    EXPECT_NEAR(s["covered_weight_before"].get<double>(), 10, 1e-9);
    EXPECT_NEAR(s["covered_weight"].get<double>(), 145, 1e-9);
    std::string header;
    const auto rows = csv_rows(out / "proposed_sites.csv", header);
    const std::vector<std::vector<std::string>> want = {{"1", "C", "4635", "2605"}, {"2", "B", "1840", "765"}};
    EXPECT_EQ(rows, want);
  }
}

// Costs a float cannot hold: 16777217.25 is 2^24 + 1.25 (a float rounds it to 16777216). Weights
// d1 1, d2 3; pairs d1-A 16777217.25, d2-B 0.1, d2-A 33554434.5; no --within, so the horizon is
// the largest cost and the unreached cost 2 x 33554434.5 = 67108869. B alone leaves d1 unreached:
// 67108869 + 0.3; A alone: 16777217.25 + 3 x 33554434.5. B first, then A: 16777217.25 + 3 x 0.1.
TEST_F(CliProposeMatrix, CostsInDoublePrecisionAndExactCsvNumbers) {
  write_text(dir("od.csv"), "demand_id,site_id,cost\nd1,A,16777217.25\nd2,B,0.1\nd2,A,33554434.5\n");
  write_text(dir("demand.csv"), "id,pop\nd1,1\nd2,3\n");
  const fs::path out = dir("out");
  const RunResult r = run({"propose", "--model", "pmedian", "--cost-matrix", dir("od.csv").string(), "--demand",
                           dir("demand.csv").string(), "--demand-id-field", "id", "--weight-field", "pop", "--add", "2",
                           "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json s = read_json(out / "summary.json");
  EXPECT_EQ(strings_of(s["selected"]), (std::vector<std::string>{"B", "A"}));
  EXPECT_DOUBLE_EQ(s["objective"].get<double>(), 16777217.25 + 3 * 0.1);
  EXPECT_DOUBLE_EQ(s["objective_before"].get<double>(), 4 * 67108869.0);
  std::string header;
  const auto rows = csv_rows(out / "proposed_sites.csv", header);
  ASSERT_EQ(rows.size(), 2u);
  // Written so that they read back exactly: the running total after A is the objective.
  EXPECT_EQ(std::strtod(rows[1][3].c_str(), nullptr), s["objective"].get<double>()) << rows[1][3];
  EXPECT_EQ(std::strtod(rows[0][2].c_str(), nullptr), s["marginal"][0].get<double>()) << rows[0][2];
  EXPECT_EQ(rows[1][3].find('e'), std::string::npos) << rows[1][3];
}

TEST_F(CliProposeMatrix, NegativeCostAndMissingDemandIdField) {
  MatrixFiles files = write_matrix_case(tmp_.path());
  // Line 1 is the header; the fourth data row is line 5.
  write_text(files.matrix, "demand,site,cost\nd1,S0,4\nd1,A,12\nd2,S0,15\nd2,A,-3\nd2,B,10\n");
  const fs::path out = dir("neg");
  const RunResult r = run(plus(matrix_args(files, out, "mclp"), {"--add", "1"}));
  EXPECT_EQ(r.exit_code, 3) << describe(r);
  EXPECT_NE(r.err.find("line 5"), std::string::npos) << describe(r);
  EXPECT_NE(r.err.find("negative"), std::string::npos) << describe(r);
  EXPECT_FALSE(fs::exists(out / "summary.json"));

  std::vector<std::string> args = matrix_args(write_matrix_case(tmp_.path()), dir("noid"), "mclp");
  const auto it = std::find(args.begin(), args.end(), "--demand-id-field");
  args.erase(it, it + 2);
  args.insert(args.end(), {"--add", "1"});
  const RunResult r2 = run(args);
  EXPECT_EQ(r2.exit_code, 2) << describe(r2);
  EXPECT_NE(r2.err.find("--demand-id-field"), std::string::npos) << describe(r2);
  EXPECT_FALSE(fs::exists(dir("noid") / "summary.json"));
}

// A matrix whose rows all name unknown demand ids leaves no pair: p-median and p-center should
// fail cleanly (exit 3, input error, naming the matrix) or run on nothing (exit 0) -- not crash.
TEST_F(CliProposeMatrix, AllRowsUnknownDemandDoesNotCrash) {
  MatrixFiles files = write_matrix_case(tmp_.path());
  write_text(files.matrix, "demand,site,cost\nzz,A,1\nzz,C,2\n");
  for (const std::string model : {"pmedian", "pcenter"}) {
    const RunResult r = run(plus(matrix_args(files, dir("out_" + model), model), {"--add", "1"}));
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 3) << describe(r);
    if (r.exit_code == 3) {
      EXPECT_NE(r.err.find(files.matrix.string()), std::string::npos) << describe(r);
    }
  }
}

// The note on unknown demand ids gives examples of the ids, each once.
TEST_F(CliProposeMatrix, UnknownDemandExamplesAreDistinct) {
  const MatrixFiles files = write_matrix_case(tmp_.path());
  const RunResult r = run(plus(matrix_args(files, dir("out"), "mclp"), {"--add", "1"}));
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json s = read_json(dir("out") / "summary.json");
  ASSERT_EQ(s["notes"].size(), 1u);
  const std::string note = s["notes"][0].get<std::string>();
  EXPECT_EQ(note.find("zz, zz"), std::string::npos) << note;
}

// ---------------------------------------------------------------------------------------------
// 7. The bundled extract: marginals against coverage, and a coverage re-run with the proposals.

constexpr int kChengduEpsg = 4523;  // the run's CRS: CGCS2000 3-degree Gauss-Krüger zone round(104.1 / 3) = 35

struct ChengduRuns {
  TempDir tmp;
  RunResult propose_distance, coverage_distance, coverage_plain, propose_walk, coverage_walk;
  fs::path pd() const { return tmp / "propose_distance"; }
  fs::path cd() const { return tmp / "coverage_distance"; }
  fs::path cp() const { return tmp / "coverage_plain"; }
  fs::path pw() const { return tmp / "propose_walk"; }
  fs::path cw() const { return tmp / "coverage_walk"; }
};

// The runs, once per process.
const ChengduRuns& chengdu_runs() {
  static const ChengduRuns* runs = [] {
    auto* r = new ChengduRuns;
    const std::string pbf = chengdu_pbf();
    const fs::path t = r->tmp.path();
    auto propose = [&](const fs::path& out, const std::vector<std::string>& extra) {
      return run_lifecircle(plus({"propose", "--model", "mclp", "--category", "fitness", "--add", "5",
                                  "--candidate-grid", "200m", "--facilities", pbf, "--demand", pbf, "--out", out.string()},
                                 extra),
                            t, t);
    };
    auto coverage = [&](const fs::path& out, const fs::path& proposals, const std::vector<std::string>& extra) {
      std::vector<std::string> args = {"coverage", "--facilities", pbf};
      if (!proposals.empty()) args.insert(args.end(), {"--facilities", proposals.string(), "--category", "fitness"});
      args.insert(args.end(), {"--categories", "fitness", "--demand", pbf, "--out", out.string()});
      return run_lifecircle(plus(args, extra), t, t);
    };
    r->propose_distance = propose(r->pd(), {});
    r->coverage_distance = coverage(r->cd(), r->pd() / "proposed_sites.geojson", {});
    r->coverage_plain = coverage(r->cp(), {}, {});
    r->propose_walk = propose(r->pw(), {"--mode", "walk", "--within", "15min"});
    r->coverage_walk = coverage(r->cw(), r->pw() / "proposed_sites.geojson", {"--mode", "walk", "--within", "15min"});
    return r;
  }();
  return *runs;
}

// (a) coverage rises by exactly the sum of the marginals.
void check_marginals(const json& s) {
  ASSERT_EQ(s["selected"].size(), 5u);
  ASSERT_EQ(s["marginal"].size(), 5u);
  const double gain = s["covered_weight"].get<double>() - s["covered_weight_before"].get<double>();
  EXPECT_GT(gain, 0);
  EXPECT_NEAR(sum_of(s["marginal"]), gain, 1e-6 * s["covered_weight"].get<double>());
  // Marginals of a greedy order over a coverage function do not increase.
  for (std::size_t k = 1; k < s["marginal"].size(); ++k) {
    EXPECT_LE(s["marginal"][k].get<double>(), s["marginal"][k - 1].get<double>() + 1e-9) << k;
  }
  std::printf("[ info ] before %.3f after %.3f of %.3f, marginals sum %.3f\n", s["covered_weight_before"].get<double>(),
              s["covered_weight"].get<double>(), s["total_weight"].get<double>(), sum_of(s["marginal"]));
}

TEST_F(CliProposeChengdu, DistanceMarginalsAndCoverageRerun) {
  const ChengduRuns& runs = chengdu_runs();
  ASSERT_EQ(runs.propose_distance.exit_code, 0) << describe(runs.propose_distance);
  ASSERT_EQ(runs.coverage_distance.exit_code, 0) << describe(runs.coverage_distance);
  ASSERT_EQ(runs.coverage_plain.exit_code, 0) << describe(runs.coverage_plain);
  const json s = read_json(runs.pd() / "summary.json");
  // The extract is OpenStreetMap data: its licence asks for the attribution.
  EXPECT_EQ(s.value("attribution", std::string()), "Contains OpenStreetMap data, (c) OpenStreetMap contributors, ODbL 1.0");
  EXPECT_EQ(s["model"], "mclp");
  EXPECT_DOUBLE_EQ(s["within_m"].get<double>(), 1000.0);  // gb15
  check_marginals(s);

  // (b) coverage with the extract's facilities and the proposals. The proposals' coordinates are
  // rounded to 7 decimals (about 1 cm), so a demand point within 0.05 m of 1000 m from a proposed
  // site may fall either side: their population is the tolerance.
  const json c = read_json(runs.cd() / "summary.json");
  const json& cf = c["categories"]["fitness"];
  const std::vector<FacilityRow> proposed = read_facilities(runs.pd() / "proposed_sites.geojson", kChengduEpsg);
  ASSERT_EQ(proposed.size(), 5u);
  const std::vector<DemandRow> demand = read_demand(runs.cd() / "demand.geojson", {"fitness"}, kChengduEpsg);
  double ambiguous = 0;
  for (const DemandRow& d : demand) {
    bool near_edge = false;
    for (const FacilityRow& f : proposed) near_edge = near_edge || std::fabs(std::hypot(d.x - f.x, d.y - f.y) - 1000.0) <= 0.05;
    if (near_edge) ambiguous += d.population;
  }
  const double tol = ambiguous + 1e-6 * s["total_weight"].get<double>();
  std::printf("[ info ] coverage re-run %.3f (propose after %.3f), tolerance %.3f\n",
              cf["population_covered"].get<double>(), s["after"]["covered_weight"].get<double>(), tol);
  EXPECT_EQ(cf["facility_count"].get<std::size_t>(), s["sites"]["existing"].get<std::size_t>() + 5);
  EXPECT_NEAR(cf["population_covered"].get<double>(), s["after"]["covered_weight"].get<double>(), tol);
  EXPECT_NEAR(cf["population_total"].get<double>(), s["total_weight"].get<double>(), 1e-6 * s["total_weight"].get<double>());
  EXPECT_NEAR(cf["share"].get<double>(), s["after"]["share"].get<double>(), tol / s["total_weight"].get<double>());

  // (c) before = a plain coverage run's fitness population.
  const json p = read_json(runs.cp() / "summary.json");
  EXPECT_NEAR(p["categories"]["fitness"]["population_covered"].get<double>(), s["covered_weight_before"].get<double>(),
              1e-6 * s["total_weight"].get<double>());
  EXPECT_NEAR(p["categories"]["fitness"]["share"].get<double>(), s["before"]["share"].get<double>(), 1e-9);
}

TEST_F(CliProposeChengdu, WalkMarginalsAndCoverageRerun) {
  const ChengduRuns& runs = chengdu_runs();
  ASSERT_EQ(runs.propose_walk.exit_code, 0) << describe(runs.propose_walk);
  ASSERT_EQ(runs.coverage_walk.exit_code, 0) << describe(runs.coverage_walk);
  const json s = read_json(runs.pw() / "summary.json");
  EXPECT_EQ(s["mode"], "walk");
  EXPECT_DOUBLE_EQ(s["within_s"].get<double>(), 900.0);  // 15 min
  check_marginals(s);

  // (b) coverage --mode walk with the proposals. Their 1 cm coordinate rounding moves their snap
  // by at most about 1 cm, 0.01 s of walking; demand whose nearest time (written to 0.1 s, so
  // +-0.05 s) lies within 0.15 s of 900 s may fall either side: their population is the tolerance.
  const json c = read_json(runs.cw() / "summary.json");
  const json& cf = c["categories"]["fitness"];
  const json demand = read_json(runs.cw() / "demand.geojson");
  double ambiguous = 0;
  for (const auto& f : demand["features"]) {
    const json& t = f["properties"]["fitness_nearest_s"];
    if (t.is_number() && std::fabs(t.get<double>() - 900.0) <= 0.15) ambiguous += f["properties"]["population"].get<double>();
  }
  const double tol = ambiguous + 1e-6 * s["total_weight"].get<double>();
  std::printf("[ info ] walk coverage re-run %.3f (propose after %.3f), tolerance %.3f\n",
              cf["population_covered"].get<double>(), s["after"]["covered_weight"].get<double>(), tol);
  EXPECT_DOUBLE_EQ(cf["within_s"].get<double>(), 900.0);
  EXPECT_NEAR(cf["population_covered"].get<double>(), s["after"]["covered_weight"].get<double>(), tol);
  EXPECT_NEAR(cf["share"].get<double>(), s["after"]["share"].get<double>(), tol / s["total_weight"].get<double>());
}

// ---------------------------------------------------------------------------------------------
// 8. Usage errors.

TEST_F(CliProposeErrors, UsageErrorsExitTwo) {
  const std::string pbf = chengdu_pbf();
  const std::vector<std::string> base = {"propose", "--facilities", pbf, "--demand", pbf, "--out", dir("out").string()};
  struct Case {
    std::vector<std::string> extra;
    std::string message;  // a word stderr must hold
  };
  const std::vector<Case> cases = {
      {{"--model", "nosuch", "--category", "fitness", "--add", "1", "--candidate-grid", "200m"}, "nosuch"},
      {{"--model", "mclp", "--category", "fitness", "--add", "1"}, "--candidate-grid"},
      {{"--model", "mclp", "--category", "fitness", "--candidate-grid", "200m"}, "--add"},
      {{"--model", "mclp", "--category", "nosuch", "--add", "1", "--candidate-grid", "200m"}, "nosuch"},
  };
  for (const Case& c : cases) {
    const RunResult r = run(plus(base, c.extra));
    EXPECT_EQ(r.exit_code, 2) << describe(r);
    EXPECT_NE(r.err.find(c.message), std::string::npos) << describe(r);
    EXPECT_FALSE(fs::exists(dir("out") / "summary.json")) << describe(r);
  }
}

}  // namespace
}  // namespace lc::clitest

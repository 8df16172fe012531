// Every measure of `access` on the bundled Chengdu extract against an independent reference
// written here: plain loops over every (demand point, facility) pair with distances computed in
// the test, the measures' formulas as the papers give them, the Gini as the mean absolute
// difference over twice the mean (not the engine's Lorenz trapezoids), the Palma ratio by sorting
// people and the Theil index by its sum. The inputs are the ones the run loaded (loading is
// tested elsewhere); facilities carry test-made beds and priorities, read from a GeoJSON file
// written in the run's metric CRS so their coordinates are exact.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/access.hpp"
#include "api/load.hpp"
#include "core/check_result.hpp"
#include "../cli/cli_test_support.hpp"

namespace lc {
namespace {

namespace fs = std::filesystem;
using clitest::TempDir;

constexpr double radius = 1000.0;  // --within 1000m
constexpr int metric_epsg = 4523;  // the CGCS2000 zone of Chengdu, named so the files agree

// The extract's facilities with beds 5 + (37 k mod 50) and priorities k mod 7, k their index.
struct Fixture {
  TempDir dir;
  fs::path facilities;
  fs::path map;

  Fixture() {
    api::Sources s;
    FacilitySource osm;
    osm.path = clitest::chengdu_pbf();
    s.facilities.push_back(osm);
    s.demand.path = clitest::chengdu_pbf();
    s.load.metric_crs = "EPSG:" + std::to_string(metric_epsg);
    const Inputs in = api::load_inputs(s.facilities, s.demand, s.load);
    std::vector<clitest::TestFeature> features;
    for (Id k = 0; k < in.facilities.size(); ++k) {
      char wkt[96];
      std::snprintf(wkt, sizeof wkt, "POINT (%.6f %.6f)", in.facilities.x_m[k], in.facilities.y_m[k]);
      features.push_back({wkt,
                          {{"id", "f" + std::to_string(k)}, {"kind", in.categories.names[in.facilities.category[k]]}},
                          {{"beds", 5.0 + (37 * k) % 50}, {"prio", double(k % 7)}}});
    }
    facilities = dir / "sites.geojson";
    clitest::write_geojson(facilities, metric_epsg, features);
    map = dir / "map.yaml";
    clitest::write_text(map, "health: health\nelderly_care: elderly_care\nfitness: fitness\nscenic: scenic\n");
  }

  api::AccessRequest request(AccessKind measure) const {
    api::AccessRequest r;
    FacilitySource f;
    f.path = facilities.string();
    f.category_field = "kind";
    f.category_map = map.string();
    r.sources.facilities.push_back(f);
    r.sources.demand.path = clitest::chengdu_pbf();
    r.sources.load.metric_crs = "EPSG:" + std::to_string(metric_epsg);
    r.within = resolve_threshold_list("1000m", TravelMode::distance, default_walk_speed_mps);
    r.measure = measure;
    r.supply_field = "beds";
    return r;
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

// The distance as a Reach holds it: computed in double, kept as a float (the engine's costs are
// floats, so a decay near its cut-off is evaluated at the same cost here).
double distance(const Inputs& in, Id i, Id f) {
  return static_cast<float>(std::hypot(in.demand.x_m[i] - in.facilities.x_m[f], in.demand.y_m[i] - in.facilities.y_m[f]));
}
bool within(const Inputs& in, Id i, Id f, double r) {
  const double dx = in.demand.x_m[i] - in.facilities.x_m[f], dy = in.demand.y_m[i] - in.facilities.y_m[f];
  return dx * dx + dy * dy <= r * r;
}

double gaussian(double c, double d0) {
  const double e = std::exp(-0.5);
  return (std::exp(-0.5 * (c / d0) * (c / d0)) - e) / (1 - e);
}

// The decays of the reference, each 0 beyond the radius.
enum class Kernel { step, exponential_per_km, gaussian, power_per_km, linear, zones };
double kernel(Kernel k, double c) {
  if (c > radius) return 0.0;
  switch (k) {
    case Kernel::step: return 1.0;
    case Kernel::exponential_per_km: return std::exp(-0.8 * c / 1000);
    case Kernel::gaussian: return gaussian(c, radius);
    case Kernel::power_per_km: return std::pow(std::max(c / 1000, 0.1), -1.5);
    case Kernel::linear: return 1 - c / radius;
    case Kernel::zones: return c <= radius / 3 ? 1.0 : c <= 2 * radius / 3 ? 0.68 : 0.22;
  }
  return 0.0;
}

std::vector<Id> of_category(const Inputs& in, const std::string& name) {
  std::vector<Id> out;
  for (Id f = 0; f < in.facilities.size(); ++f) {
    if (in.categories.names[in.facilities.category[f]] == name) out.push_back(f);
  }
  return out;
}

// Expects `got` to equal `want` at every point, relatively to 1e-9 (sums in another order) or
// absolutely to 1e-12.
void expect_values(const std::vector<double>& got, const std::vector<double>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const bool both_nan = std::isnan(got[i]) && std::isnan(want[i]);
    if (both_nan) continue;
    if (!(std::fabs(got[i] - want[i]) <= 1e-12 + 1e-9 * std::fabs(want[i]))) {
      if (++bad <= 5) ADD_FAILURE() << what << " point " << i << ": " << got[i] << " vs " << want[i];
    }
  }
  EXPECT_EQ(bad, 0u) << what;
}

struct Inequality {
  double mean, gini, palma, theil;
};

// Gini by the mean absolute difference, Palma by sorting people, Theil T by its sum; points with
// a NaN value left out.
Inequality reference_inequality(const std::vector<double>& x, const std::vector<double>& w) {
  std::vector<std::size_t> ids;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isnan(x[i]) && w[i] > 0) ids.push_back(i);
  }
  double W = 0, S = 0;
  for (std::size_t i : ids) W += w[i], S += w[i] * x[i];
  const double mu = S / W;
  double pairs = 0;
  for (std::size_t a : ids) {
    for (std::size_t b : ids) pairs += w[a] * w[b] * std::fabs(x[a] - x[b]);
  }
  Inequality out{mu, pairs / (2 * W * W * mu), 0, 0};
  std::sort(ids.begin(), ids.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  // The measure held by the least served `people`, a point's people sharing its value.
  auto held_by_lowest = [&](double people) {
    double left = people, held = 0;
    for (std::size_t i : ids) {
      const double take = std::min(left, w[i]);
      held += take * x[i];
      left -= take;
      if (left <= 0) break;
    }
    return held;
  };
  out.palma = (S - held_by_lowest(0.9 * W)) / held_by_lowest(0.4 * W);
  for (std::size_t i : ids) {
    if (x[i] > 0) out.theil += w[i] / W * (x[i] / mu) * std::log(x[i] / mu);
  }
  return out;
}

void expect_equity(const AccessEquity& e, const std::vector<double>& x, const std::vector<double>& w, const std::string& what) {
  const Inequality ref = reference_inequality(x, w);
  EXPECT_NEAR(e.overall.mean, ref.mean, 1e-6 * std::fabs(ref.mean)) << what;
  EXPECT_NEAR(e.overall.gini, ref.gini, 1e-6) << what;
  if (std::isfinite(ref.palma)) EXPECT_NEAR(e.overall.palma, ref.palma, 1e-6 * ref.palma) << what;
  else EXPECT_TRUE(std::isinf(e.overall.palma)) << what;
  EXPECT_NEAR(e.overall.theil, ref.theil, 1e-6) << what;
}

// The floating catchment family and the sums, by plain loops: per point of a category.
std::vector<double> reference_measure(const Inputs& in, AccessKind m, Kernel k, const std::vector<Id>& sites, double per) {
  const Id n = in.demand.size();
  const std::vector<double>& P = in.demand.weight;
  std::vector<double> S;
  for (Id f : sites) S.push_back(in.facilities.attribute("beds", f));
  std::vector<std::vector<double>> W(n, std::vector<double>(sites.size(), 0.0));
  for (Id i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < sites.size(); ++j) {
      if (within(in, i, sites[j], radius)) W[i][j] = kernel(k, distance(in, i, sites[j]));
    }
  }
  std::vector<double> A(n, 0.0);
  if (m == AccessKind::cumulative || m == AccessKind::gravity) {
    for (Id i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < sites.size(); ++j) A[i] += S[j] * W[i][j];
    }
    return A;
  }
  std::vector<std::vector<double>> G(n, std::vector<double>(sites.size(), 1.0));
  if (m == AccessKind::three_step) {  // Wan, Zou & Sternberg (2012): selection weights
    for (Id i = 0; i < n; ++i) {
      double sum = 0;
      for (double v : W[i]) sum += v;
      for (std::size_t j = 0; j < sites.size(); ++j) G[i][j] = sum > 0 ? W[i][j] / sum : 0.0;
    }
  }
  for (std::size_t j = 0; j < sites.size(); ++j) {
    double D = 0;
    for (Id i = 0; i < n; ++i) D += G[i][j] * P[i] * W[i][j];
    const double R = D > 0 ? S[j] / D : 0.0;
    for (Id i = 0; i < n; ++i) A[i] += G[i][j] * W[i][j] * R;
  }
  for (double& a : A) a *= per;
  return A;
}

struct Case {
  AccessKind measure;
  std::string decay;
  std::vector<double> params;
  Kernel kernel;
};

TEST(AccessReference, EveryMeasureAgreesWithPlainLoopsOnTheExtract) {
  const std::vector<Case> cases = {
      {AccessKind::cumulative, "", {}, Kernel::step},
      {AccessKind::gravity, "exponential", {0.8}, Kernel::exponential_per_km},
      {AccessKind::gravity, "", {}, Kernel::gaussian},
      {AccessKind::gravity, "power", {1.5}, Kernel::power_per_km},
      {AccessKind::gravity, "linear", {}, Kernel::linear},
      {AccessKind::two_step, "", {}, Kernel::step},
      {AccessKind::enhanced_two_step, "", {}, Kernel::zones},
      {AccessKind::enhanced_two_step, "gaussian", {}, Kernel::gaussian},
      {AccessKind::three_step, "", {}, Kernel::gaussian},
  };
  for (const Case& c : cases) {
    api::AccessRequest r = fixture().request(c.measure);
    r.decay = c.decay;
    r.decay_params = c.params;
    const AccessRun run = api::access(r);
    const Inputs& in = run.inputs;
    ASSERT_GT(in.demand.size(), 1000u);
    const std::string what = std::string(to_string(c.measure)) + " " + (c.decay.empty() ? "default" : c.decay);
    const bool fca = c.measure == AccessKind::two_step || c.measure == AccessKind::enhanced_two_step ||
                     c.measure == AccessKind::three_step;
    for (const AccessCategory& ac : run.categories) {
      const std::string& name = in.categories.names[ac.category];
      const std::vector<Id> sites = of_category(in, name);
      ASSERT_EQ(ac.facilities, sites) << what << " " << name;
      if (sites.empty()) continue;
      const std::vector<double> want = reference_measure(in, c.measure, c.kernel, sites, fca ? 1000.0 : 1.0);
      expect_values(ac.value, want, what + " " + name);
      expect_equity(ac.equity, want, in.demand.weight, what + " " + name);
      // Per district: the weighted mean of the points inside it.
      for (Id d = 0; d < in.districts.size(); ++d) {
        double w = 0, s = 0;
        for (Id i = 0; i < in.demand.size(); ++i) {
          if (run.demand_district[i] == d) w += in.demand.weight[i], s += in.demand.weight[i] * want[i];
        }
        EXPECT_NEAR(ac.equity.districts[d].mean, s / w, 1e-6 * s / w) << what << " " << name << " district " << d;
      }
    }
  }
}

TEST(AccessReference, PerDistrictMeansWithTheBundledGrid) {
  api::AccessRequest r = fixture().request(AccessKind::two_step);
  r.sources.load.districts_path = clitest::source_dir() + "/data/chengdu_grid_districts.geojson";
  const AccessRun run = api::access(r);
  const Inputs& in = run.inputs;
  ASSERT_EQ(in.districts.size(), 9u);
  for (const AccessCategory& ac : run.categories) {
    const std::vector<Id> sites = of_category(in, in.categories.names[ac.category]);
    if (sites.empty()) continue;
    const std::vector<double> want = reference_measure(in, AccessKind::two_step, Kernel::step, sites, 1000.0);
    double total = 0;
    for (Id d = 0; d < in.districts.size(); ++d) {
      double w = 0, s = 0;
      for (Id i = 0; i < in.demand.size(); ++i) {
        if (run.demand_district[i] == d) w += in.demand.weight[i], s += in.demand.weight[i] * want[i];
      }
      total += w;
      EXPECT_NEAR(run.district_population[d], w, 1e-6 * w);
      if (w > 0) {
        EXPECT_NEAR(ac.equity.districts[d].mean, s / w, 1e-6 * s / w) << d;
      }
    }
    EXPECT_GT(total, 0.9 * in.demand.total_weight());  // most of the extract lies in the grid
  }
}

TEST(AccessReference, ProximityTimeAgreesWithSortedDistances) {
  for (unsigned k : {1u, 2u}) {
    api::AccessRequest r = fixture().request(AccessKind::proximity);
    r.supply_field.clear();
    r.within = resolve_threshold_list("2000m", TravelMode::distance, default_walk_speed_mps);
    r.k = k;
    const AccessRun run = api::access(r);
    const Inputs& in = run.inputs;
    const double per_minute = 60 * default_walk_speed_mps;  // metres walked in a minute
    const Id n = in.demand.size();
    std::vector<double> sum(n, 0.0);
    std::vector<int> reached(n, 0);
    int categories = 0;
    for (const AccessCategory& ac : run.categories) {
      const std::vector<Id> sites = of_category(in, in.categories.names[ac.category]);
      if (sites.empty()) continue;
      ++categories;
      std::vector<double> want(n, NAN);
      for (Id i = 0; i < n; ++i) {
        std::vector<double> d;
        for (Id f : sites) {
          if (within(in, i, f, 2000.0)) d.push_back(distance(in, i, f));
        }
        if (d.size() < k) continue;
        std::sort(d.begin(), d.end());
        want[i] = std::accumulate(d.begin(), d.begin() + k, 0.0) / k / per_minute;
        sum[i] += want[i];
        ++reached[i];
      }
      expect_values(ac.value, want, "proximity k=" + std::to_string(k));
      expect_equity(ac.equity, want, in.demand.weight, "proximity k=" + std::to_string(k));
    }
    double all = 0, in_target = 0;
    std::vector<double> overall(n, NAN);
    for (Id i = 0; i < n; ++i) {
      all += in.demand.weight[i];
      if (reached[i] < categories) continue;
      overall[i] = sum[i] / categories;
      if (overall[i] <= 15.0) in_target += in.demand.weight[i];
    }
    expect_values(run.proximity.overall, overall, "proximity overall");
    EXPECT_NEAR(run.proximity.score, in_target / all, 1e-12);
    EXPECT_GT(run.proximity.score, 0.05);
    EXPECT_LT(run.proximity.score, 0.95);
  }
}

TEST(AccessReference, CapacityAgreesWithAGreedyByHandLoop) {
  for (bool by_prio : {false, true}) {
    api::AccessRequest r = fixture().request(AccessKind::capacity);
    r.places_per_person = 0.01;  // a bed per 100 people
    if (by_prio) r.priority_field = "prio", r.priority_ascending = true;
    const AccessRun run = api::access(r);
    const Inputs& in = run.inputs;
    const Id n = in.demand.size();
    for (const AccessCategory& ac : run.categories) {
      std::vector<Id> sites = of_category(in, in.categories.names[ac.category]);
      if (sites.empty()) continue;
      // Order: by prio ascending (ties: more beds first), or by beds descending; then site order.
      std::vector<std::size_t> order(sites.size());
      std::iota(order.begin(), order.end(), 0);
      auto beds = [&](std::size_t j) { return in.facilities.attribute("beds", sites[j]); };
      auto prio = [&](std::size_t j) { return in.facilities.attribute("prio", sites[j]); };
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (by_prio && prio(a) != prio(b)) return prio(a) < prio(b);
        return beds(a) > beds(b);
      });
      std::vector<double> left(in.demand.weight.begin(), in.demand.weight.end());
      double covered = 0;
      for (std::size_t j : order) {
        double room = beds(j) / 0.01;
        std::vector<std::pair<double, Id>> near;
        for (Id i = 0; i < n; ++i) {
          if (within(in, i, sites[j], radius)) near.emplace_back(distance(in, i, sites[j]), i);
        }
        std::sort(near.begin(), near.end());
        for (const auto& [c, i] : near) {
          const double take = std::min(room, left[i]);
          left[i] -= take, room -= take, covered += take;
          if (room <= 0) break;
        }
      }
      std::vector<double> share(n);
      double out_of_reach = 0;
      for (Id i = 0; i < n; ++i) {
        const double w = in.demand.weight[i];
        share[i] = w > 0 ? (w - left[i]) / w : NAN;
        bool any = false;
        for (Id f : sites) any = any || within(in, i, f, radius);
        if (!any) out_of_reach += w;
      }
      const std::string what = std::string("capacity ") + (by_prio ? "by prio " : "by beds ") + in.categories.names[ac.category];
      expect_values(ac.value, share, what);
      EXPECT_NEAR(ac.covered, covered, 1e-6 * covered) << what;
      EXPECT_NEAR(ac.out_of_reach, out_of_reach, 1e-6 * out_of_reach + 1e-9) << what;
      EXPECT_NEAR(ac.unserved_in_reach, in.demand.total_weight() - covered - out_of_reach, 1e-6 * covered) << what;
      EXPECT_GT(ac.unserved_in_reach, 0) << what;  // beds are short somewhere: the order matters
    }
  }
}

}  // namespace
}  // namespace lc

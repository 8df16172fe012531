// Compliance check on a generated city: the full cn-health preset in distance mode.
//
// 2,000 districts in a 50 × 40 grid of 1 km cells over 50 km × 40 km, their borders wavy (every
// edge cut into 10 pieces displaced by a sine wave, shared exactly by the two neighbours: 40
// vertices a district). 1,000,000 demand points (residents 1–50, 19 % of them aged 60+) in
// spatial order, and facilities scattered uniformly: 2,000 health (with privately-run beds),
// 5,000 fitness (sports ground area) and 2,000 elderly care (beds, nursing beds, area). The timed
// step is `check_plan`: districts of every point and facility, then the 14 rules overall and in
// every district (about 30,000 verdicts), including a 2SFCA over 2,000 catchments.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "algorithms/compliance.hpp"
#include "algorithms/district_assign.hpp"
#include "algorithms/spatial_order.hpp"
#include "io/rules.hpp"

namespace {

constexpr int cols = 50, rows = 40;
constexpr double cell_m = 1000.0;

// A point on a shared wavy border: the straight edge from the cell corner (ex, ey) displaced
// across by a sine arch (zero at both corners) whose height depends on the edge, so both
// neighbours compute the same vertices and the corners stay where they are.
std::pair<double, double> border(double ex, double ey, double frac, bool vertical) {
  const double h = 80.0 * std::sin(ex / 137.0 + ey / 71.0) * std::sin(M_PI * frac);
  if (vertical) return {ex + h, ey + frac * cell_m};
  return {ex + frac * cell_m, ey + h};
}

std::vector<unsigned char> district_wkb(int c, int r) {
  std::vector<std::pair<double, double>> ring;
  const int pieces = 10;
  const double x0 = c * cell_m, y0 = r * cell_m, x1 = x0 + cell_m, y1 = y0 + cell_m;
  for (int k = 0; k < pieces; ++k) ring.push_back(border(x0, y0, double(k) / pieces, false));           // bottom
  for (int k = 0; k < pieces; ++k) ring.push_back(border(x1, y0, double(k) / pieces, true));            // right
  for (int k = pieces; k > 0; --k) ring.push_back(border(x0, y1, double(k) / pieces, false));           // top
  for (int k = pieces; k > 0; --k) ring.push_back(border(x0, y0, double(k) / pieces, true));            // left
  ring.push_back(ring.front());
  std::vector<unsigned char> out(1 + 4 + 4 + 4 + ring.size() * 16);
  unsigned char* p = out.data();
  const std::uint32_t type = 3, nrings = 1, n = static_cast<std::uint32_t>(ring.size());
  *p++ = 1;
  std::memcpy(p, &type, 4), p += 4;
  std::memcpy(p, &nrings, 4), p += 4;
  std::memcpy(p, &n, 4), p += 4;
  for (const auto& [x, y] : ring) std::memcpy(p, &x, 8), std::memcpy(p + 8, &y, 8), p += 16;
  return out;
}

struct City {
  lc::Categories cats;
  lc::Facilities fac;
  lc::Demand dem;
  lc::Districts districts;
  lc::RuleSet rules;

  City() {
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        const std::string id = std::to_string(r * cols + c);
        districts.push_back("d" + id, id, district_wkb(c, r));
      }
    }
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> ux(0.0, cols * cell_m), uy(0.0, rows * cell_m), people(1.0, 50.0);
    lc::Demand raw;
    for (int i = 0; i < 1'000'000; ++i) raw.push_back(ux(rng), uy(rng), people(rng), "p" + std::to_string(i));
    raw.attributes["elderly"].resize(raw.size());
    for (lc::Id i = 0; i < raw.size(); ++i) raw.attributes["elderly"][i] = 0.19 * raw.weight[i];
    dem = lc::permuted(raw, lc::morton_order(raw.x_m, raw.y_m, lc::demand_order_cell_m));

    const lc::CategoryId health = cats.add("health"), fitness = cats.add("fitness"), care = cats.add("elderly_care");
    cats.add("scenic");
    std::uniform_real_distribution<double> beds(20, 200), area(80, 2000), share(0.3, 0.8), ground(500, 20000);
    std::vector<double> b, nb, pb, a;
    auto add = [&](lc::CategoryId c, int n) {
      for (int i = 0; i < n; ++i) {
        fac.push_back(ux(rng), uy(rng), c, "f" + std::to_string(fac.size()), "");
        const double bb = c == care ? std::round(beds(rng)) : NAN;
        b.push_back(bb);
        nb.push_back(c == care ? std::round(bb * share(rng)) : NAN);
        pb.push_back(c == health ? std::round(beds(rng)) : NAN);
        a.push_back(c == care ? area(rng) : c == fitness ? ground(rng) : NAN);
      }
    };
    add(health, 2000);
    add(fitness, 5000);
    add(care, 2000);
    fac.attributes["beds"] = b;
    fac.attributes["nursing_beds"] = nb;
    fac.attributes["private_beds"] = pb;
    fac.attributes["area_m2"] = a;
    rules = lc::io::preset_rules("cn-health");
  }
};

const City& city() {
  static const City c;
  return c;
}

void BM_CheckPresetDistance(benchmark::State& state) {
  const City& c = city();
  lc::CheckOptions options;
  options.mode_override = lc::TravelMode::distance;
  options.thresholds = lc::rule_thresholds(c.rules, options.mode_override, lc::default_walk_speed_mps);
  std::size_t verdicts = 0, failed = 0;
  for (auto _ : state) {
    const lc::CheckResult r = lc::check_plan(c.rules, c.cats, c.fac, c.dem, c.districts, options);
    verdicts = r.verdicts.size();
    failed = r.count(false);
    benchmark::DoNotOptimize(r.verdicts.data());
  }
  state.counters["verdicts"] = static_cast<double>(verdicts);
  state.counters["failed"] = static_cast<double>(failed);
}
BENCHMARK(BM_CheckPresetDistance)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_AssignDistricts(benchmark::State& state) {
  const City& c = city();
  for (auto _ : state) {
    const std::vector<lc::Id> d = lc::assign_to_districts(c.districts, c.dem.x_m, c.dem.y_m);
    benchmark::DoNotOptimize(d.data());
  }
}
BENCHMARK(BM_AssignDistricts)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();

#include "io/coverage_total.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "io/atomic_output.hpp"
#include "io/error.hpp"

namespace lc::io {

using nlohmann::json;

CoverageFigures read_coverage_figures(const std::string& run_dir) {
  const std::string path = (std::filesystem::path(run_dir) / "summary.json").string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open a coverage run's summary (give the folder a coverage run or merge wrote)");
  CoverageFigures f;
  f.source = run_dir;
  try {
    const json j = json::parse(in);
    if (!j.is_object() || !j.contains("categories") || !j.contains("life_circle") || !j.contains("demand_points")) {
      throw InputError(path + ": not a coverage run's summary (no categories, life_circle and demand_points)");
    }
    f.mode = j.at("mode").get<std::string>();
    f.demand_points = j.at("demand_points").get<std::int64_t>();
    f.population_total = j.at("population_total").get<double>();
    const json& lc = j.at("life_circle");
    f.life_circle = lc.at("categories").get<std::vector<std::string>>();
    f.population_complete = lc.at("population_complete").get<double>();
    for (const auto& [name, c] : j.at("categories").items()) {
      CoverageFigures::Category k;
      k.name = name;
      k.within = c.at("within").get<std::string>();
      k.facilities = c.at("facility_count").get<std::int64_t>();
      k.population_total = c.at("population_total").get<double>();
      k.population_covered = c.at("population_covered").get<double>();
      k.service_area_m2 = c.value("service_area_m2", 0.0);
      f.categories.push_back(std::move(k));
    }
  } catch (const json::exception& e) {
    throw InputError(path + ": " + e.what());
  }
  return f;
}

namespace {

double share(double part, double whole) { return whole > 0 ? part / whole : NAN; }

json figures_json(const CoverageFigures& f) {
  json j;
  if (!f.source.empty()) j["run"] = f.source;
  j["mode"] = f.mode;
  j["demand_points"] = f.demand_points;
  j["population_total"] = f.population_total;
  json cats = json::object();
  for (const CoverageFigures::Category& c : f.categories) {
    cats[c.name] = {{"within", c.within},
                    {"facility_count", c.facilities},
                    {"population_total", c.population_total},
                    {"population_covered", c.population_covered},
                    {"share", share(c.population_covered, c.population_total)},
                    {"service_area_m2", c.service_area_m2}};
  }
  j["categories"] = cats;
  j["life_circle"] = {{"categories", f.life_circle},
                      {"population_complete", f.population_complete},
                      {"share", share(f.population_complete, f.population_total)}};
  return j;
}

}  // namespace

void write_coverage_total(const std::string& out_dir, const CoverageTotal& total) {
  json j = figures_json(total.total);
  j["kind"] = "coverage_total";
  j["definition"] = "the sums of the runs' figures (regions that do not overlap: a country's provinces); each share is "
                    "the summed people covered over the summed people";
  json runs = json::array();
  for (const CoverageFigures& r : total.runs) runs.push_back(figures_json(r));
  j["runs"] = runs;
  AtomicOutputs files(out_dir);
  {
    std::ofstream f(files.temp_for("total.json"), std::ios::binary);
    f << j.dump(2) << "\n";
    f.close();
    if (!f) throw InputError((std::filesystem::path(out_dir) / "total.json").string() + ": cannot write the file");
  }
  files.commit();
}

}  // namespace lc::io

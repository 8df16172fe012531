// Coverage of the bundled Chengdu extract through the library, with no command line: a request
// in, a result out. Prints each category's share of residents within 1,000 m in a straight line.
//
// Build: part of the project (target coverage_example). Run: coverage_example [DATA_DIR]

#include <cstdio>
#include <exception>
#include <string>

#include "api/coverage.hpp"
#include "core/format.hpp"
#include "core/threshold.hpp"

int main(int argc, char** argv) {
  const std::string data = argc > 1 ? argv[1] : LIFECIRCLE_DATA_DIR;
  const std::string extract = data + "/chengdu_central_2018.osm.pbf";

  lc::api::CoverageRequest request;
  lc::FacilitySource facilities;
  facilities.path = extract;  // facilities mapped by their OSM tags
  request.sources.facilities = {facilities};
  request.sources.demand.path = extract;  // population estimated from residential buildings
  request.sources.load.mode = lc::TravelMode::distance;
  request.within = {{"", lc::resolve_threshold("1000m", lc::TravelMode::distance, lc::default_walk_speed_mps)}};

  try {
    const lc::CoverageRun run = lc::api::coverage(request);
    std::printf("population basis: %s\n", run.inputs.population_basis.c_str());
    for (const lc::CategoryCoverage& c : run.result.categories) {
      std::printf("%s: %s of %s residents within %s m (%zu facilities)\n", run.inputs.categories.names[c.category].c_str(),
                  lc::percent(c.share()).c_str(), lc::thousands(c.population_total).c_str(),
                  lc::thousands(c.within_m).c_str(), c.facilities.size());
    }
    std::printf("life circle: %s\n", lc::percent(run.result.complete_share()).c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coverage_example: %s\n", e.what());
    return 1;
  }
  return 0;
}

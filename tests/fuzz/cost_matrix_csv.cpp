// Fuzz target: origin-destination cost matrices and id/weight tables (propose --cost-matrix,
// --demand TABLE) read by io/read_tables through GDAL, from a CSV in GDAL's memory file system.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "io/read_tables.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using lc::fuzz::require;
  const lc::fuzz::MemFile file("od.csv", data, size);
  const std::vector<std::string> demand_ids{"1", "2", "3", "a", "b"};
  lc::fuzz::parses([&] {
    const lc::io::CostMatrix m = lc::io::read_cost_matrix(file.path(), "", "", "cost", demand_ids);
    require(m.site.size() == m.cost.size() && m.demand.size() == m.cost.size(), "pair arrays of one length");
    for (std::size_t i = 0; i < m.cost.size(); ++i) {
      require(m.site[i] < m.site_ids.size() && m.demand[i] < demand_ids.size(), "pair indices");
      require(std::isfinite(m.cost[i]) && m.cost[i] >= 0, "cost");
    }
  });
  for (const auto& [id_field, weight_field] : {std::pair<std::string, std::string>{"id", "pop"}, {"", ""}}) {
    lc::fuzz::parses([&, &id_field = id_field, &weight_field = weight_field] {
      const lc::io::WeightedIds t = lc::io::read_weighted_ids(file.path(), "", id_field, weight_field);
      require(t.id.size() == t.weight.size(), "one weight per id");
      for (const double w : t.weight) require(std::isfinite(w) && w >= 0, "weight");
    });
  }
  return 0;
}

// Fuzz target: the OSM population proxy's settings (--proxy-settings, data/population_proxy.yaml)
// read by io/population_proxy, then used to classify a few buildings.

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "io/population_proxy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using lc::fuzz::require;
  const std::string path = lc::fuzz::disk_file("population_proxy.yaml", data, size);
  lc::fuzz::parses([&] {
    const lc::io::ProxySettings s = lc::io::ProxySettings::load(path);
    for (const double v : {s.floor_area_per_person_m2, s.default_levels, s.max_levels, s.residential_land_far}) {
      require(std::isfinite(v) && v > 0, "proxy setting");
    }
    const std::vector<std::map<std::string, std::string>> features{
        {{"building", "apartments"}, {"building:levels", "12"}},
        {{"building", "yes"}, {"building:levels", "2;3"}},
        {{"landuse", "residential"}},
        {{"building", "school"}, {"amenity", "school"}}};
    for (const auto& tags : features) {
      const lc::io::TagLookup lookup = [&](const std::string& key) -> std::optional<std::string> {
        const auto it = tags.find(key);
        if (it == tags.end()) return std::nullopt;
        return it->second;
      };
      lc::io::ProxyFeature f;
      if (lc::io::classify_proxy_feature(lookup, s, f)) require(std::isfinite(f.levels) && f.levels >= 0, "levels");
    }
  });
  return 0;
}

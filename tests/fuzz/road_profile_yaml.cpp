// Fuzz target: the road profile (--road-profile, data/road_speeds.yaml) read by io/road_profile,
// then asked about a few roads: whatever a profile that loads says, a usable road has a positive,
// finite speed.

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "io/road_profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using lc::fuzz::require;
  const std::string path = lc::fuzz::disk_file("road_speeds.yaml", data, size);
  lc::fuzz::parses([&] {
    const lc::io::RoadProfile p = lc::io::RoadProfile::load(path);
    require(std::isfinite(p.walk_speed_mps()) && p.walk_speed_mps() > 0, "walking speed");
    const std::vector<std::map<std::string, std::string>> roads{
        {{"highway", "primary"}, {"maxspeed", "50"}},
        {{"highway", "residential"}, {"oneway", "-1"}, {"maxspeed", "30 mph"}},
        {{"highway", "footway"}, {"foot", "designated"}},
        {{"highway", "motorway"}, {"junction", "roundabout"}, {"access", "no"}, {"maxspeed", "1e308"}}};
    for (const auto& tags : roads) {
      const lc::io::TagLookup lookup = [&](const std::string& key) -> std::optional<std::string> {
        const auto it = tags.find(key);
        if (it == tags.end()) return std::nullopt;
        return it->second;
      };
      for (const lc::TravelMode mode : {lc::TravelMode::walk, lc::TravelMode::drive}) {
        const lc::io::RoadUse use = p.osm(lookup, mode);
        if (use.usable) require(std::isfinite(use.speed_mps) && use.speed_mps > 0, "speed of an OSM road");
        const lc::io::RoadUse f = p.fields(tags.at("highway"), 40.0, tags.count("oneway") ? tags.at("oneway") : "", mode);
        if (f.usable) require(std::isfinite(f.speed_mps) && f.speed_mps > 0, "speed of a centreline");
      }
    }
    for (const char* v : {"50", "30 mph", "CN:urban", "", "5.", ".5 km/h"}) {
      if (const auto kmh = p.maxspeed_kmh(v)) require(std::isfinite(*kmh) && *kmh > 0, "maxspeed");
    }
    p.known_oneway("FT");
  });
  return 0;
}

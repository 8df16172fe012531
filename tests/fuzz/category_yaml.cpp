// Fuzz target: the OSM tag → category table (--tag-mapping, data/osm_categories.yaml) and the
// field value → category map (--category-map), read by io/category_rules from a file.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "fuzz_support.hpp"
#include "io/category_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using lc::fuzz::parses;
  const std::string path = lc::fuzz::disk_file("categories.yaml", data, size);
  const std::map<std::string, std::string> tags{
      {"amenity", "hospital"}, {"healthcare", "clinic;pharmacy"}, {"leisure", "fitness_centre"}, {"tourism", ""}};
  const lc::io::TagLookup lookup = [&](const std::string& key) -> std::optional<std::string> {
    const auto it = tags.find(key);
    if (it == tags.end()) return std::nullopt;
    return it->second;
  };
  parses([&] {
    const lc::io::TagMapping m = lc::io::TagMapping::load(path);
    m.match(lookup);
    m.keys();
  });
  parses([&] {
    const lc::io::ValueMapping m = lc::io::ValueMapping::load(path);
    m.match("医院");
    m.match("");
  });
  return 0;
}

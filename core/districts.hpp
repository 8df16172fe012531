#pragma once
// Districts (sub-districts, townships, counties, communities): named polygons in metres of the
// run's metric CRS, against which compliance is reported.

#include <map>
#include <string>
#include <vector>

#include "core/ids.hpp"

namespace lc {

struct Districts {
  std::vector<std::string> name;                 // from the layer's name field
  std::vector<std::string> source_id;            // the feature it came from, for messages
  std::vector<std::vector<unsigned char>> wkb;   // Polygon or MultiPolygon (little-endian WKB), metres
  std::string source;                            // "path (layer)" for reports
  // Every field of the layer, as UTF-8 text per district (empty where unset): what rules select
  // districts by (a city district or a county town, say).
  std::map<std::string, std::vector<std::string>> attributes;

  Id size() const { return static_cast<Id>(name.size()); }
  void push_back(std::string nm, std::string id, std::vector<unsigned char> polygon) {
    name.push_back(std::move(nm));
    source_id.push_back(std::move(id));
    wkb.push_back(std::move(polygon));
  }
};

}  // namespace lc

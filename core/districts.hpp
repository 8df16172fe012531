#pragma once
// Districts (sub-districts, townships, counties, communities): named polygons in metres of the
// run's metric CRS, against which compliance is reported.

#include <string>
#include <vector>

#include "core/ids.hpp"

namespace lc {

struct Districts {
  std::vector<std::string> name;                 // from the layer's name field
  std::vector<std::string> source_id;            // the feature it came from, for messages
  std::vector<std::vector<unsigned char>> wkb;   // Polygon or MultiPolygon (little-endian WKB), metres
  std::string source;                            // "path (layer)" for reports

  Id size() const { return static_cast<Id>(name.size()); }
  void push_back(std::string nm, std::string id, std::vector<unsigned char> polygon) {
    name.push_back(std::move(nm));
    source_id.push_back(std::move(id));
    wkb.push_back(std::move(polygon));
  }
};

}  // namespace lc

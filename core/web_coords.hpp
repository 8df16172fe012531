#pragma once
// The coordinates a longitude/latitude source is given in: WGS-84, as GPS and OpenStreetMap give
// them, or the offsets of Chinese web maps: GCJ-02 (Amap/Gaode, Tencent) and BD-09 (Baidu).
// io/china_coords.hpp converts them.

#include <string>

namespace lc {

enum class WebCoords { wgs84, gcj02, bd09 };

inline const char* to_string(WebCoords c) {
  switch (c) {
    case WebCoords::gcj02: return "gcj02";
    case WebCoords::bd09: return "bd09";
    case WebCoords::wgs84: break;
  }
  return "wgs84";
}

// "wgs84", "gcj02" or "bd09" (any case); false for anything else.
inline bool parse_web_coords(std::string text, WebCoords& out) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (text == "wgs84") out = WebCoords::wgs84;
  else if (text == "gcj02") out = WebCoords::gcj02;
  else if (text == "bd09") out = WebCoords::bd09;
  else return false;
  return true;
}

}  // namespace lc

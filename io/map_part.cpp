#include "io/map_part.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include <nlohmann/json.hpp>

#include "io/error.hpp"

namespace lc::io {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<double> map_part(const std::string& out_dir, const std::vector<double>& bbox,
                             const std::vector<std::string>& districts) {
  std::vector<double> part = bbox;
  if (!districts.empty()) {
    const fs::path file = fs::path(out_dir) / "districts.geojson";
    if (!fs::exists(file)) {
      throw UsageError("--districts: " + out_dir + " holds no districts.geojson (the output of a check with --districts)");
    }
    std::ifstream in(file);
    const json d = json::parse(in, nullptr, false);
    if (!d.is_object() || !d.contains("features") || !d["features"].is_array()) {
      throw InputError(file.string() + ": not a GeoJSON FeatureCollection");
    }
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    std::vector<std::string> missing = districts;
    std::function<void(const json&)> visit = [&](const json& c) {
      if (c.is_array() && c.size() >= 2 && c[0].is_number() && c[1].is_number()) {
        x0 = std::min(x0, c[0].get<double>()), x1 = std::max(x1, c[0].get<double>());
        y0 = std::min(y0, c[1].get<double>()), y1 = std::max(y1, c[1].get<double>());
      } else if (c.is_array()) {
        for (const json& e : c) visit(e);
      }
    };
    for (const auto& f : d["features"]) {
      if (!f.is_object() || !f.contains("properties") || !f["properties"].is_object()) continue;
      const std::string name = f["properties"].value("name", "");
      const auto it = std::find(missing.begin(), missing.end(), name);
      if (it == missing.end()) continue;
      missing.erase(it);
      if (f.contains("geometry") && f["geometry"].is_object()) visit(f["geometry"].value("coordinates", json()));
    }
    if (!missing.empty()) throw UsageError("--districts: no district named '" + missing.front() + "' in " + out_dir);
    part = {x0, y0, x1, y1};
  }
  if (!part.empty() && (part.size() != 4 || !(part[0] < part[2] && part[1] < part[3]))) {
    throw UsageError("--bbox: min_lon,min_lat,max_lon,max_lat with min below max");
  }
  return part;
}

}  // namespace lc::io

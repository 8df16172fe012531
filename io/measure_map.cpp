#include "io/measure_map.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>

#include "io/error.hpp"
#include "io/gdal_env.hpp"

namespace lc::io {

namespace fs = std::filesystem;
using nlohmann::json;

bool is_access_summary(const json& s) { return s.is_object() && s.contains("measure") && s["measure"].is_string(); }

bool is_access_folder(const std::string& run_dir) {
  std::ifstream in(fs::path(run_dir) / "summary.json");
  if (!in) return false;
  return is_access_summary(json::parse(in, nullptr, false));
}

std::vector<std::string> access_categories(const json& s) {
  std::vector<std::string> out;
  if (s.contains("category_order") && s["category_order"].is_array()) {
    for (const auto& c : s["category_order"]) {
      if (c.is_string()) out.push_back(c.get<std::string>());
    }
  } else if (s.contains("categories") && s["categories"].is_object()) {
    for (const auto& [name, _] : s["categories"].items()) out.push_back(name);
  }
  return out;
}

std::string default_access_category(const json& s) {
  if (s.value("measure", "") == "proximity" && s.contains("proximity")) return "";
  const std::vector<std::string> names = access_categories(s);
  for (const std::string& c : names) {
    if (s["categories"].contains(c) && s["categories"][c].value("facility_count", 0) > 0) return c;
  }
  return names.empty() ? "" : names.front();
}

MeasureMap read_measure_map(const std::string& run_dir, const std::string& category) {
  const fs::path dir(run_dir);
  std::ifstream in(dir / "summary.json");
  const json s = in ? json::parse(in, nullptr, false) : json();
  if (!is_access_summary(s)) throw InputError((dir / "summary.json").string() + ": not the summary of an access run");
  MeasureMap m;
  m.measure = s["measure"].get<std::string>();
  m.category = category.empty() ? default_access_category(s) : category;
  const std::vector<std::string> names = access_categories(s);
  if (!m.category.empty()) {
    if (!s.contains("categories") || !s["categories"].contains(m.category)) {
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
      throw UsageError("--category '" + m.category + "': the run in " + run_dir + " has " + list +
                       (m.measure == "proximity" ? " (leave --category out for the mean over them)" : ""));
    }
    m.column = s["categories"][m.category].value("column", m.category + "_" + m.measure);
    m.sites_column = m.measure == "proximity" ? "" : m.category + "_sites";
  } else {
    m.column = s.contains("proximity") ? s["proximity"].value("column", "proximity") : "proximity";
  }
  m.weight_name = s.value("weight", "population");
  if (m.measure == "capacity") m.value_limit = 1.0;
  if (m.measure == "proximity") {
    // The search limit: the largest of the categories' (of the mapped one alone), when all are times.
    double limit = 0.0;
    for (const std::string& n : names) {
      if (!m.category.empty() && n != m.category) continue;
      const json& c = s["categories"].contains(n) ? s["categories"][n] : json::object();
      if (c.value("facility_count", 0) == 0 && m.category.empty()) continue;
      // A time: within_s, or (straight-line distance, walked at the run's speed) the "30min" given.
      double minutes = c.contains("within_s") && c["within_s"].is_number() ? c["within_s"].get<double>() / 60.0 : NAN;
      const std::string text = c.value("within", "");
      if (std::isnan(minutes) && text.size() > 3 && text.compare(text.size() - 3, 3, "min") == 0) {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() + text.size() - 3 && v > 0) minutes = v;
      }
      if (std::isnan(minutes)) {
        limit = std::numeric_limits<double>::infinity();
        break;
      }
      limit = std::max(limit, minutes);
    }
    if (limit > 0) m.value_limit = limit;
  }

  const fs::path path = dir / "demand.geojson";
  if (!fs::exists(path)) {
    throw InputError(
        path.string() +
        ": no demand.geojson: a map of an access run is drawn from its GeoJSON outputs (leave --format out)");
  }
  ensure_gdal();
  GdalMessages messages;
  const char* const drivers[] = {"GeoJSON", nullptr};
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
  if (!ds || ds->GetLayerCount() < 1)
    throw InputError(path.string() + ": GDAL cannot read it: " + messages.last_error());
  OGRLayer* layer = ds->GetLayer(0);
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int value_field = defn->GetFieldIndex(m.column.c_str());
  if (value_field < 0) throw InputError(path.string() + ": no column '" + m.column + "' (summary.json names it)");
  int weight_field = defn->GetFieldIndex(m.weight_name.c_str());
  if (weight_field < 0) weight_field = defn->GetFieldIndex("population");
  const int sites_field = m.sites_column.empty() ? -1 : defn->GetFieldIndex(m.sites_column.c_str());
  if (sites_field < 0) m.sites_column.clear();
  const auto number = [](const OGRFeature& f, int field) {
    return field >= 0 && f.IsFieldSetAndNotNull(field) ? f.GetFieldAsDouble(field) : NAN;
  };
  LonLatPoints& p = m.points;
  for (const auto& f : *layer) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (g == nullptr || wkbFlatten(g->getGeometryType()) != wkbPoint || g->IsEmpty()) continue;
    const OGRPoint* pt = g->toPoint();
    p.lon.push_back(pt->getX());
    p.lat.push_back(pt->getY());
    const double w = number(*f, weight_field);
    p.population.push_back(std::isfinite(w) && w > 0 ? w : 0.0);
    p.value.push_back(number(*f, value_field));
    if (sites_field >= 0) p.sites.push_back(number(*f, sites_field));
  }
  return m;
}

double district_mean(const json& properties, const json& s, std::size_t index, const MeasureMap& m) {
  const auto number = [](const json& v) { return v.is_number() ? v.get<double>() : NAN; };
  if (!m.category.empty()) {
    const std::string key = m.category + "_mean";
    return properties.is_object() && properties.contains(key) ? number(properties[key]) : NAN;
  }
  if (!s.contains("districts") || !s["districts"].contains("list") || !s["districts"]["list"].is_array()) return NAN;
  const json& list = s["districts"]["list"];
  if (index >= list.size() || !list[index].contains("proximity")) return NAN;
  const json& p = list[index]["proximity"];
  return p.is_object() && p.contains("mean") ? number(p["mean"]) : NAN;
}

}  // namespace lc::io

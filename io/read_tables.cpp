#include "io/read_tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <unordered_map>

#include "io/atomic_output.hpp"
#include "io/error.hpp"
#include "io/gdal_env.hpp"
#include "core/interrupt.hpp"

namespace lc::io {

namespace {

int field_index(const OGRFeatureDefn* defn, const std::string& source, const std::string& layer,
                const std::string& name) {
  const int i = defn->GetFieldIndex(name.c_str());
  if (i < 0) {
    std::string fields;
    for (int k = 0; k < defn->GetFieldCount(); ++k) fields += (k ? ", " : "") + std::string(defn->GetFieldDefn(k)->GetNameRef());
    throw InputError(where(source, layer, "", name) + ": no such field (fields: " + fields + ")");
  }
  return i;
}

// "row N" (CSV: also the line, the header being line 1).
std::string row_label(const std::string& path, GIntBig fid) {
  if (has_suffix(path, ".csv")) return "line " + std::to_string(fid + 1);
  return "row " + std::to_string(fid);
}

double parse_number(const OGRFeature& f, int field, const std::string& at) {
  if (!f.IsFieldSetAndNotNull(field)) throw InputError(at + ": no value");
  const char* s = f.GetFieldAsString(field);
  char* end = nullptr;
  const double v = std::strtod(s, &end);
  while (end && *end == ' ') ++end;
  if (end == s || (end && *end) || !std::isfinite(v)) throw InputError(at + ": '" + s + "' is not a number");
  if (v < 0) throw InputError(at + ": " + s + " is negative");
  return v;
}

// The column `name`, or, when it is empty or absent and `fallbacks` are given, the first of them
// the table has.
int column_index(const OGRFeatureDefn* defn, const std::string& source, const std::string& layer, const std::string& name,
                 std::initializer_list<const char*> fallbacks, const std::string& what) {
  if (!name.empty() && defn->GetFieldIndex(name.c_str()) >= 0) return defn->GetFieldIndex(name.c_str());
  for (const char* f : fallbacks) {
    if (defn->GetFieldIndex(f) >= 0) return defn->GetFieldIndex(f);
  }
  if (!name.empty()) return field_index(defn, source, layer, name);
  std::string tried;
  for (const char* f : fallbacks) tried += (tried.empty() ? "" : ", ") + std::string(f);
  std::string fields;
  for (int k = 0; k < defn->GetFieldCount(); ++k) fields += (k ? ", " : "") + std::string(defn->GetFieldDefn(k)->GetNameRef());
  throw InputError(where(source, layer) + ": no " + what + " column (looked for " + tried + "; fields: " + fields + ")");
}

}  // namespace

WeightedIds read_weighted_ids(const std::string& path, const std::string& layer_name, const std::string& id_field,
                              const std::string& weight_field) {
  GDALDatasetUniquePtr ds = open_vector(path);
  OGRLayer* layer = find_layer(*ds, path, layer_name);
  const std::string lname = layer->GetName();
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int idf = id_field.empty() ? -1 : field_index(defn, path, lname, id_field);
  const int wf = weight_field.empty() ? -1 : field_index(defn, path, lname, weight_field);
  WeightedIds out;
  std::unordered_map<std::string, GIntBig> seen;
  for (auto& f : *layer) {
    check_interrupt();
    const std::string row = row_label(path, f->GetFID());
    std::string id = idf >= 0 && f->IsFieldSetAndNotNull(idf) ? f->GetFieldAsString(idf) : "";
    if (idf < 0) id = std::to_string(f->GetFID());
    if (id.empty()) throw InputError(where(path, lname, row, id_field) + ": no id");
    if (!seen.emplace(id, f->GetFID()).second) throw InputError(where(path, lname, row, id_field) + ": id '" + id + "' repeats");
    out.id.push_back(id);
    out.weight.push_back(wf >= 0 ? parse_number(*f, wf, where(path, lname, row + " (id " + id + ")", weight_field)) : 1.0);
  }
  return out;  // no rows (a CSV with only its header): the caller decides
}

CostMatrix read_cost_matrix(const std::string& path, const std::string& demand_id_field,
                            const std::string& site_id_field, const std::string& cost_field,
                            const std::vector<std::string>& demand_ids) {
  GDALDatasetUniquePtr ds = open_vector(path);
  OGRLayer* layer = find_layer(*ds, path, "");
  const std::string lname = layer->GetName();
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int df = column_index(defn, path, lname, demand_id_field,
                              {"demand_id", "origin_id", "origin", "from_id", "from", "o"}, "demand id");
  const int sf = column_index(defn, path, lname, site_id_field,
                              {"site_id", "site", "candidate_id", "candidate", "facility_id", "facility",
                               "destination_id", "destination", "to_id", "to", "d"}, "site id");
  const int cf = field_index(defn, path, lname, cost_field);
  std::unordered_map<std::string, Id> demand_of;
  for (Id i = 0; i < demand_ids.size(); ++i) demand_of.emplace(demand_ids[i], i);
  std::unordered_map<std::string, Id> site_of;
  std::map<std::pair<Id, Id>, double> pairs;
  CostMatrix m;
  for (auto& f : *layer) {
    check_interrupt();
    ++m.rows;
    const std::string row = row_label(path, f->GetFID());
    if (!f->IsFieldSetAndNotNull(df) || !f->IsFieldSetAndNotNull(sf)) {
      throw InputError(where(path, lname, row) + ": a demand id and a site id are needed");
    }
    const std::string d = f->GetFieldAsString(df), s = f->GetFieldAsString(sf);
    const double c = parse_number(*f, cf, where(path, lname, row, cost_field));
    const auto dit = demand_of.find(d);
    if (dit == demand_of.end()) {
      if (m.unknown_demand_examples.size() < 10 &&
          std::find(m.unknown_demand_examples.begin(), m.unknown_demand_examples.end(), d) == m.unknown_demand_examples.end()) {
        m.unknown_demand_examples.push_back(d);
      }
      ++m.rows_unknown_demand;
      continue;
    }
    auto [sit, added] = site_of.try_emplace(s, static_cast<Id>(m.site_ids.size()));
    if (added) m.site_ids.push_back(s);
    const auto key = std::make_pair(sit->second, dit->second);
    auto [pit, fresh] = pairs.try_emplace(key, c);
    if (!fresh) pit->second = std::min(pit->second, c);
  }
  if (m.rows == 0) throw InputError(where(path, lname) + ": the cost matrix holds no rows");
  for (const auto& [key, c] : pairs) {
    m.site.push_back(key.first);
    m.demand.push_back(key.second);
    m.cost.push_back(c);
  }
  return m;
}

std::vector<std::string> read_id_list(const std::string& text, const std::string& id_field) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::error_code ec;
  if (std::filesystem::is_regular_file(text, ec)) {
    if (has_suffix(text, ".txt") || has_suffix(text, ".ids")) {
      register_input(text);
      std::ifstream in(text);
      std::string line;
      while (std::getline(in, line)) {
        check_interrupt();
        line.erase(0, line.find_first_not_of(" \t\r"));
        line.erase(line.find_last_not_of(" \t\r") + 1);
        if (!line.empty()) out.push_back(line);
      }
      return out;
    }
    return read_weighted_ids(text, "", id_field.empty() ? "id" : id_field, "").id;
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    std::string id = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    id.erase(0, id.find_first_not_of(' '));
    id.erase(id.find_last_not_of(' ') + 1);
    if (!id.empty()) out.push_back(id);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace lc::io

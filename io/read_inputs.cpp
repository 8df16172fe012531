#include "io/read_inputs.hpp"

#include "core/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogr_swq.h>
#include <ogrsf_frmts.h>

#include "io/category_rules.hpp"
#include "io/china_coords.hpp"
#include "io/crs.hpp"
#include "io/error.hpp"
#include "io/gdal_env.hpp"
#include "io/geometry.hpp"
#include "io/osm_features.hpp"
#include "io/population_proxy.hpp"
#include "io/road_profile.hpp"
#include "core/format.hpp"
#include "core/interrupt.hpp"

namespace lc::io {

namespace {

// ---------------------------------------------------------------------------------------------
// Staging: features as read, in their source CRS.

struct StagedFacilities {
  std::string source, layer;
  std::unique_ptr<OGRSpatialReference> srs;
  std::vector<double> x, y;
  std::vector<std::string> id, name, category;
  std::vector<FacilityStatus> status;
  std::vector<std::string> attr_names;
  std::vector<std::vector<double>> attr;  // per attribute, per staged facility
  // The current feature's status and attribute values, set before stage_facility.
  FacilityStatus status_row = FacilityStatus::existing;
  std::vector<double> attr_row;
  std::vector<std::string> known;  // the categories the source's mapping can produce, in order
};

struct StagedDemand {
  std::string source, layer;
  std::unique_ptr<OGRSpatialReference> srs;
  std::vector<double> x, y, w;          // points
  std::vector<std::string> id;
  std::vector<GeomPtr> poly;            // polygons with their total weight
  std::vector<double> poly_w;
  std::vector<std::string> poly_id;
  std::vector<std::string> attr_names;  // DemandSource::attribute_fields' names
  std::vector<std::vector<double>> attr, poly_attr;  // per attribute: per point, per polygon
  std::vector<ProxyFeature> proxy;      // OSM: buildings and land use for the population proxy
  // With a census (DemandSource::census): the units' key fields, as text, per polygon.
  std::string unit_code_field, unit_name_field;
  std::vector<std::string> poly_code, poly_name;
  bool from_proxy = false;
  std::string basis, basis_zh;
};

struct StagedRoads {
  std::string source, layer;
  std::unique_ptr<OGRSpatialReference> srs;
  std::vector<std::vector<double>> xy;  // per line: x0, y0, x1, y1, ... in the source CRS
  std::vector<RoadUse> use;
  std::vector<std::string> id;
  std::size_t unusable = 0;             // lines the mode cannot use
};

// Appends the parts of a (multi)line geometry as separate lines.
void stage_line(StagedRoads& st, const OGRGeometry* g, const RoadUse& use, const std::string& id) {
  if (!g || g->IsEmpty()) return;
  const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
  if (t == wkbLineString) {
    std::vector<double> xy;
    for (const OGRPoint& p : *g->toLineString()) {
      xy.push_back(p.getX());
      xy.push_back(p.getY());
    }
    if (xy.size() >= 4) {
      st.xy.push_back(std::move(xy));
      st.use.push_back(use);
      st.id.push_back(id);
    }
  } else if (t == wkbMultiLineString || t == wkbGeometryCollection) {
    for (const OGRGeometry* part : *g->toGeometryCollection()) stage_line(st, part, use, id);
  }
}

struct Context {
  const LoadOptions& options;
  std::vector<Skipped>& skipped;
  std::vector<std::string>& notes;
};

// The feature's id for messages and output: an 'id'-like field when the layer has one, else its FID.
// `source` and `layer` name it in the error when the id is not UTF-8 (utf8_field).
std::string feature_id(const OGRFeature& f, int id_field, const std::string& source, const std::string& layer) {
  if (id_field >= 0 && f.IsFieldSetAndNotNull(id_field)) {
    return utf8_field(f, id_field, source, where(source, layer, "FID " + std::to_string(f.GetFID()),
                                                f.GetDefnRef()->GetFieldDefn(id_field)->GetNameRef()));
  }
  return std::to_string(f.GetFID());
}

int find_id_field(const OGRFeatureDefn* defn) {
  for (const char* name : {"id", "ID", "Id", "fid", "FID", "osm_id", "gid", "GID"}) {
    const int i = defn->GetFieldIndex(name);
    if (i >= 0) return i;
  }
  return -1;
}

// "a, b, c": the layer's field names, for messages.
std::string field_list(const OGRFeatureDefn* defn) {
  std::string fields;
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    fields += (i ? ", " : "") + std::string(defn->GetFieldDefn(i)->GetNameRef());
  }
  return fields.empty() ? "none" : fields;
}

// The index of field `name`; an InputError naming it and listing the layer's fields when absent.
int required_field(const OGRFeatureDefn* defn, const std::string& name, const std::string& source,
                   const std::string& layer) {
  const int i = defn->GetFieldIndex(name.c_str());
  if (i < 0) throw InputError(where(source, layer, "", name) + ": no such field (fields: " + field_list(defn) + ")");
  return i;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; }

// The CRS of a layer or raster, or the one the user said to assume; an error when neither.
std::unique_ptr<OGRSpatialReference> source_srs(const OGRSpatialReference* found, const std::string& source,
                                                const std::string& layer, const Context& ctx) {
  if (found) {
    auto srs = std::make_unique<OGRSpatialReference>(*found);
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
  }
  if (!ctx.options.source_crs.empty()) {
    ctx.notes.push_back(where(source, layer) + " states no CRS; read as " + ctx.options.source_crs +
                        " (--source-crs)");
    return crs_from_user(ctx.options.source_crs, "--source-crs");
  }
  if (has_suffix(source, ".csv")) {
    ctx.notes.push_back(where(source, layer) + " states no CRS; its lon/lat columns are read as EPSG:4326 (WGS 84)");
    return wgs84_lonlat();
  }
  throw InputError(where(source, layer) + ": the source states no CRS; give it with --source-crs EPSG:NNNN");
}

void check_range(const OGRSpatialReference& srs, double x, double y, const std::string& at) {
  if (!std::isfinite(x) || !std::isfinite(y)) throw InputError(at + ": coordinate is not a number");
  if (srs.IsGeographic() && (std::fabs(x) > 180.0 || std::fabs(y) > 90.0)) {
    throw InputError(at + ": coordinate (" + std::to_string(x) + ", " + std::to_string(y) +
                     ") is out of range for longitude/latitude; if the data is projected, state its CRS "
                     "with --source-crs");
  }
}

// ---------------------------------------------------------------------------------------------
// Facilities

void stage_facility(StagedFacilities& st, const OGRGeometry* geom, const std::string& id, const std::string& name,
                    const std::vector<std::string>& cats, const std::string& at, const Context& ctx) {
  std::string problem;
  bool repaired = false;
  GeomPtr g = usable_geometry(geom, problem, repaired);
  if (!g) {
    ctx.skipped.push_back({at, problem});
    return;
  }
  if (repaired) ctx.notes.push_back(at + ": invalid geometry repaired with GEOS MakeValid");
  double x = 0, y = 0;
  if (!representative_point(*g, x, y)) {
    ctx.skipped.push_back({at, "no point on the surface of its geometry"});
    return;
  }
  check_range(*st.srs, x, y, at);
  for (const std::string& c : cats) {
    st.x.push_back(x);
    st.y.push_back(y);
    st.id.push_back(id);
    st.name.push_back(name);
    st.category.push_back(c);
    st.status.push_back(st.status_row);
    for (std::size_t k = 0; k < st.attr_names.size(); ++k) st.attr[k].push_back(st.attr_row[k]);
  }
}

constexpr const char* kStatusValues =
    "existing, planned, candidate, competitor (in any case), 现状, 现有, 已建 (existing), 规划, 新建, 拟建, 在建 "
    "(planned), 备选 (candidate)";

// A status value as written in a planning layer; false when it is none of kStatusValues.
bool parse_status(std::string text, FacilityStatus& out) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return false;
  text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  static const std::map<std::string, FacilityStatus> words{
      {"existing", FacilityStatus::existing}, {"planned", FacilityStatus::planned},
      {"candidate", FacilityStatus::candidate}, {"competitor", FacilityStatus::competitor},
      {"现状", FacilityStatus::existing},       {"现有", FacilityStatus::existing},
      {"已建", FacilityStatus::existing},       {"规划", FacilityStatus::planned},
      {"新建", FacilityStatus::planned},        {"拟建", FacilityStatus::planned},
      {"在建", FacilityStatus::planned},        {"备选", FacilityStatus::candidate}};
  const auto it = words.find(text);
  if (it == words.end()) return false;
  out = it->second;
  return true;
}

// "lng,lat" (spaces allowed round each number): two finite numbers; false for anything else.
bool parse_lng_lat(const std::string& text, double& lon, double& lat) {
  const std::size_t comma = text.find(',');
  if (comma == std::string::npos) return false;
  auto number = [](const std::string& t, double& v) {
    const char* b = t.c_str();
    char* end = nullptr;
    v = std::strtod(b, &end);
    if (end == b) return false;
    while (*end == ' ') ++end;
    return *end == '\0' && std::isfinite(v);
  };
  return number(text.substr(0, comma), lon) && number(text.substr(comma + 1), lat);
}

// A web map's POI export, recognised by its fields: Amap's `typecode`; Baidu's `uid` with a
// `tag` (or `detail_info.tag`, as the Place API nests it). `field`: the one holding the code.
struct WebExport {
  const char* maker = "";
  int field = -1;
  const char* table = "";  // the shipped classification table, in the data directory
};

WebExport web_export(const OGRFeatureDefn* defn) {
  if (const int i = defn->GetFieldIndex("typecode"); i >= 0) return {"Amap", i, "amap_typecodes.yaml"};
  if (defn->GetFieldIndex("uid") >= 0) {
    for (const char* name : {"tag", "detail_info.tag", "detail_info_tag"}) {
      if (const int i = defn->GetFieldIndex(name); i >= 0) return {"Baidu", i, "baidu_categories.yaml"};
    }
  }
  return {};
}

// "… categories from field F by FILE: N features mapped (health 3, scenic 1); M not, their K codes
// naming no category: 090601 (2), …".
std::string code_mapping_note(const std::string& at, const std::string& field, const std::string& table,
                              const std::map<std::string, std::size_t>& mapped_to, std::size_t unmapped_features,
                              const std::map<std::string, std::size_t>& unmapped_codes) {
  std::size_t mapped = 0;
  std::string per;
  for (const auto& [c, n] : mapped_to) {
    mapped += n;
    per += (per.empty() ? "" : ", ") + c + " " + std::to_string(n);
  }
  std::string note = at + ": categories from field '" + field + "' by " + table + ": " + std::to_string(mapped) +
                     " features mapped" + (per.empty() ? "" : " (" + per + ")");
  if (unmapped_features == 0) return note + ", every code mapped";
  std::vector<std::pair<std::size_t, std::string>> by_count;
  for (const auto& [code, n] : unmapped_codes) by_count.emplace_back(n, code);
  std::stable_sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string list;
  for (std::size_t k = 0; k < by_count.size() && k < 8; ++k) {
    list += (k ? ", " : "") + by_count[k].second + " (" + std::to_string(by_count[k].first) + ")";
  }
  if (by_count.size() > 8) list += ", ...";
  return note + "; " + std::to_string(unmapped_features) + " not, left out: their " +
         std::to_string(unmapped_codes.size()) + (unmapped_codes.size() == 1 ? " code names" : " codes name") +
         " no category (" + list + ")";
}

StagedFacilities read_vector_facilities(const FacilitySource& src, const Context& ctx) {
  GDALDatasetUniquePtr ds = open_vector(src.path, ctx.options.encoding);
  OGRLayer* layer = find_layer(*ds, src.path, src.layer);
  const std::string lname = layer->GetName();
  StagedFacilities st{src.path, lname, source_srs(layer->GetSpatialRef(), src.path, lname, ctx), {}, {}, {}, {}, {}, {}, {}, {}, src.status, {}, {}};
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int status_field = src.status_field.empty() ? -1 : required_field(defn, src.status_field, src.path, lname);
  std::vector<int> attr_fields;
  for (const std::string& name : src.numeric_fields) {
    const int i = defn->GetFieldIndex(name.c_str());
    if (i < 0) throw InputError(where(src.path, lname, "", name) + ": no such field in the layer");
    attr_fields.push_back(i);
    st.attr_names.push_back(name);
    st.attr.emplace_back();
  }
  for (const std::string& name : src.optional_numeric_fields) {
    const int i = defn->GetFieldIndex(name.c_str());
    if (i < 0 || std::find(st.attr_names.begin(), st.attr_names.end(), name) != st.attr_names.end()) continue;
    attr_fields.push_back(i);
    st.attr_names.push_back(name);
    st.attr.emplace_back();
  }
  st.attr_row.assign(attr_fields.size(), NAN);
  // The category: one for the layer (--category), a field's values through a value map or a
  // code table (--category-field, --category-map), or, for an Amap or Baidu export given neither,
  // its code field through the shipped table of that web map's classification.
  const WebExport web = web_export(defn);
  int cat_field = -1;
  std::string cat_field_name = src.category_field, cat_map = src.category_map;
  std::optional<ValueMapping> values;
  std::optional<CodeMapping> codes;
  if (src.category.empty()) {
    if (cat_field_name.empty() && web.field >= 0) {
      cat_field_name = defn->GetFieldDefn(web.field)->GetNameRef();
      if (cat_map.empty()) cat_map = data_dir() + "/" + web.table;
    }
    if (cat_field_name.empty() || cat_map.empty()) {
      throw UsageError(src.path + ": name the category with --category NAME, or give --category-field and "
                       "--category-map (only OSM sources, Amap exports with a typecode field and Baidu exports "
                       "with uid and tag fields are mapped without them)");
    }
    cat_field = defn->GetFieldIndex(cat_field_name.c_str());
    if (cat_field < 0) {
      throw InputError(where(src.path, lname, "", cat_field_name) + ": no such field in the layer");
    }
    if (CodeMapping::is_code_table(cat_map)) {
      codes = CodeMapping::load(cat_map);
      st.known = codes->categories;
    } else {
      values = ValueMapping::load(cat_map);
      st.known = values->categories;
    }
  } else {
    st.known = {src.category};
  }
  int id_field = find_id_field(defn);
  if (!src.id_field.empty()) {
    id_field = defn->GetFieldIndex(src.id_field.c_str());
    if (id_field < 0) throw InputError(where(src.path, lname, "", src.id_field) + ": no such field in the layer");
  }
  const int name_field = defn->GetFieldIndex("name");
  // Amap (and similar) POI exports hold the place as one "lng,lat" text field, `location`.
  const int location_field = defn->GetFieldIndex("location");
  if (location_field >= 0 && defn->GetFieldIndex("typecode") >= 0 && src.coords == WebCoords::wgs84) {
    ctx.notes.push_back(where(src.path, lname) + ": an Amap export (its typecode and location fields): Amap gives " +
                        "GCJ-02 coordinates, 300-700 m off WGS-84; give --coords gcj02 after its --facilities");
  }
  if (web.maker == std::string("Baidu") && src.coords == WebCoords::wgs84 && st.srs->IsGeographic()) {
    ctx.notes.push_back(where(src.path, lname) + ": a Baidu export (its uid and " +
                        defn->GetFieldDefn(web.field)->GetNameRef() + " fields): Baidu gives BD-09 coordinates, " +
                        "several hundred metres off WGS-84; give --coords bd09 after its --facilities");
  }
  std::map<std::string, std::size_t> mapped_to, unmapped_codes;
  std::size_t unmapped_features = 0;
  std::map<std::string, std::size_t> unmapped;
  std::size_t features = 0;
  layer->ResetReading();
  GdalMessages messages;
  for (auto& f : *layer) {
    check_interrupt();
    ++features;
    const std::string id = feature_id(*f, id_field, src.path, lname);
    const std::string at = where(src.path, lname, id);
    std::vector<std::string> cats;
    if (codes) {
      const std::string v = f->IsFieldSetAndNotNull(cat_field)
                                ? utf8_field(*f, cat_field, src.path, where(src.path, lname, id, cat_field_name))
                                : "";
      const CodeMapping::Match m = codes->match(v);
      if (!m.category) {  // like an OSM feature no tag rule matches: not a facility of any category
        ++unmapped_features;
        ++unmapped_codes[m.code.empty() ? "(empty)" : m.code];
        continue;
      }
      ++mapped_to[*m.category];
      cats.push_back(*m.category);
    } else if (values) {
      const std::string v =
          f->IsFieldSetAndNotNull(cat_field) ? utf8_field(*f, cat_field, src.path, where(src.path, lname, id, src.category_field)) : "";
      const auto c = values->match(v);
      if (!c) {
        ++unmapped[v];
        ctx.skipped.push_back({at, "category value '" + v + "' of field '" + src.category_field +
                                       "' is not in " + src.category_map});
        continue;
      }
      cats.push_back(*c);
    } else {
      cats.push_back(src.category);
    }
    const std::string name =
        name_field >= 0 && f->IsFieldSetAndNotNull(name_field) ? utf8_field(*f, name_field, src.path, where(src.path, lname, id, "name")) : "";
    st.status_row = src.status;
    if (status_field >= 0 && f->IsFieldSetAndNotNull(status_field)) {
      const std::string text = utf8_field(*f, status_field, src.path, where(src.path, lname, id, src.status_field));
      if (!blank(text) && !parse_status(text, st.status_row)) {
        throw InputError(where(src.path, lname, id, src.status_field) + ": status '" + text + "' is not one of " +
                         kStatusValues);
      }
    }
    for (std::size_t k = 0; k < attr_fields.size(); ++k) {
      st.attr_row[k] = NAN;
      if (!f->IsFieldSetAndNotNull(attr_fields[k])) continue;
      const std::string text = f->GetFieldAsString(attr_fields[k]);
      if (blank(text)) continue;
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      while (end && *end == ' ') ++end;
      if (end == text.c_str() || (end && *end) || !std::isfinite(v)) {
        throw InputError(where(src.path, lname, id, st.attr_names[k]) + ": '" + text + "' is not a number");
      }
      if (v < 0 && std::find(src.nonnegative_fields.begin(), src.nonnegative_fields.end(), st.attr_names[k]) !=
                       src.nonnegative_fields.end()) {
        throw InputError(where(src.path, lname, id, st.attr_names[k]) + ": " + text + " is negative");
      }
      st.attr_row[k] = v;
    }
    const OGRGeometry* geom = f->GetGeometryRef();
    OGRPoint located;
    if (!geom && location_field >= 0 && f->IsFieldSetAndNotNull(location_field)) {
      const std::string text = f->GetFieldAsString(location_field);
      double lon = 0, lat = 0;
      if (!parse_lng_lat(text, lon, lat)) {
        throw InputError(where(src.path, lname, id, "location") + ": '" + text +
                         "' is not a place as \"longitude,latitude\" (e.g. 104.0665,30.5723)");
      }
      located.setX(lon), located.setY(lat);
      geom = &located;
    }
    stage_facility(st, geom, id, name, cats, at, ctx);
  }
  if (features == 0 && has_suffix(src.path, ".csv")) {
    // A table with only its header line: no facilities from it.
    ctx.notes.push_back(where(src.path, lname) + ": the table has a header line but no rows; no facilities from it");
  } else if (features == 0) {
    throw InputError(where(src.path, lname) + ": the layer holds no features");
  }
  if (codes) ctx.notes.push_back(code_mapping_note(where(src.path, lname), cat_field_name, cat_map, mapped_to,
                                                 unmapped_features, unmapped_codes));
  for (const std::string& m : messages.take()) ctx.notes.push_back(src.path + ": GDAL: " + m);
  return st;
}

// ---------------------------------------------------------------------------------------------
// Demand

// A count (population, or a further weight named `what`): a finite number, not negative, at most
// max_count. `at` is a callable making the feature's location (built only for a message).
constexpr double max_count = 1.0e9;
template <class At>
std::string location(const At& at) {
  return at();
}

template <class At>
double parse_count(const OGRFeature& f, int field, OGRFieldType type, const At& at_, const std::string& what) {
  auto at = [&] { return location(at_); };
  double v = 0;
  if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) {
    v = f.GetFieldAsDouble(field);
  } else {
    const char* s = f.GetFieldAsString(field);
    char* end = nullptr;
    v = std::strtod(s, &end);
    while (end && *end == ' ') ++end;
    if (end == s || (end && *end != '\0')) throw InputError(at() + ": " + what + " '" + s + "' is not a number");
  }
  if (!std::isfinite(v)) throw InputError(at() + ": " + what + " is not a finite number");
  if (v < 0) throw InputError(at() + ": " + what + " " + std::to_string(v) + " is negative");
  // No place holds more people than a billion; a larger figure is a broken value (GDAL clamps
  // an integer of more than 19 digits to 9.2e18), and would swamp every total it enters.
  if (v > max_count) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    throw InputError(at() + ": " + what + " " + text + " is beyond any place's (at most 1,000,000,000 a feature)");
  }
  return v;
}

// Whether the bounds of the line `xy` (x0, y0, x1, y1, ...) meet one of `boxes` ({x0, y0, x1, y1, ...});
// no box: every line does.
bool meets_boxes(const std::vector<double>& xy, const std::vector<double>& boxes) {
  if (boxes.size() < 4) return true;
  double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
  for (std::size_t k = 0; k + 1 < xy.size(); k += 2) {
    x0 = std::min(x0, xy[k]), x1 = std::max(x1, xy[k]);
    y0 = std::min(y0, xy[k + 1]), y1 = std::max(y1, xy[k + 1]);
  }
  for (std::size_t b = 0; b + 3 < boxes.size(); b += 4) {
    if (x1 >= boxes[b] && x0 <= boxes[b + 2] && y1 >= boxes[b + 1] && y0 <= boxes[b + 3]) return true;
  }
  return false;
}

// Reads `layer` only where it meets `bounds` ({x0, y0, x1, y1} in `metric_crs`): the box's edges,
// densified, reprojected to the layer's CRS, and their envelope as GDAL's spatial filter.
void filter_to_bounds(OGRLayer& layer, const OGRSpatialReference& layer_srs, const std::vector<double>& bounds,
                      const std::string& metric_crs, const std::string& where_) {
  OGRSpatialReference metric;
  if (metric.SetFromUserInput(metric_crs.c_str()) != OGRERR_NONE) throw UsageError(where_ + ": bad metric CRS " + metric_crs);
  metric.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference target(layer_srs);
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&metric, &target));
  if (!ct) throw InputError(where_ + ": PROJ cannot relate the layer's CRS to " + metric_crs);
  // Each box's outline in the layer's CRS, its sides cut in 32 (a box in metres is curved in
  // lon/lat), the box grown by a metre first so that the straight pieces lose nothing on its
  // edges; one box: the bounds of that outline, else the union of the outlines.
  OGRMultiPolygon outlines;
  double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
  for (std::size_t b = 0; b + 3 < bounds.size(); b += 4) {
    const double box[4] = {bounds[b] - 1, bounds[b + 1] - 1, bounds[b + 2] + 1, bounds[b + 3] + 1};
    constexpr int steps = 32;
    auto ring = std::make_unique<OGRLinearRing>();
    for (int side = 0; side < 4; ++side) {
      for (int k = 0; k < steps; ++k) {
        const double t = static_cast<double>(k) / steps;
        double x = side == 0 ? box[0] + t * (box[2] - box[0]) : side == 1 ? box[2] : side == 2 ? box[2] - t * (box[2] - box[0]) : box[0];
        double y = side == 0 ? box[1] : side == 1 ? box[1] + t * (box[3] - box[1]) : side == 2 ? box[3] : box[3] - t * (box[3] - box[1]);
        if (!ct->Transform(1, &x, &y)) continue;
        x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
        ring->addPoint(x, y);
      }
    }
    if (ring->getNumPoints() < 4) continue;
    ring->closeRings();
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRingDirectly(ring.release());
    outlines.addGeometryDirectly(polygon.release());
  }
  if (!(x0 <= x1)) throw InputError(where_ + ": the shard's bounds cannot be expressed in the layer's CRS");
  if (bounds.size() == 4) {
    layer.SetSpatialFilterRect(x0, y0, x1, y1);
    return;
  }
  std::unique_ptr<OGRGeometry> area(outlines.UnionCascaded());
  if (!area) throw InputError(where_ + ": the union of the shard's district bounds failed");
  layer.SetSpatialFilter(area.get());
}

StagedDemand read_vector_demand(const DemandSource& src, const Context& ctx) {
  GDALDatasetUniquePtr ds = open_vector(src.path, ctx.options.encoding);
  OGRLayer* layer = find_layer(*ds, src.path, src.layer);
  const std::string lname = layer->GetName();
  StagedDemand st;
  st.source = src.path;
  st.layer = lname;
  st.srs = source_srs(layer->GetSpatialRef(), src.path, lname, ctx);
  // A web map's coordinates are converted after reading: the filter would not be in their CRS.
  if (ctx.options.demand_bounds.size() >= 4 && src.coords == WebCoords::wgs84) {
    filter_to_bounds(*layer, *st.srs, ctx.options.demand_bounds, ctx.options.metric_crs, where(src.path, lname));
  }
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  int pop_field = -1;
  OGRFieldType pop_type = OFTString;
  if (!src.population_field.empty()) {
    pop_field = required_field(defn, src.population_field, src.path, lname);
    pop_type = defn->GetFieldDefn(pop_field)->GetType();
  }
  std::vector<int> attr_field;
  for (const auto& [name, field] : src.attribute_fields) {
    attr_field.push_back(required_field(defn, field, src.path, lname));
    st.attr_names.push_back(name);
  }
  std::vector<OGRFieldType> attr_type;
  for (int i : attr_field) attr_type.push_back(defn->GetFieldDefn(i)->GetType());
  const bool geographic = st.srs->IsGeographic();
  st.attr.resize(attr_field.size());
  st.poly_attr.resize(attr_field.size());
  std::vector<double> attr_row(attr_field.size());
  const int id_field = find_id_field(defn);
  // Census units: their code and name fields, given or the first of the usual names.
  const bool census = !src.census.path.empty();
  int unit_code = -1, unit_name = -1;
  if (census) {
    const auto pick = [&](const std::string& given, std::initializer_list<const char*> names) {
      if (!given.empty()) return required_field(defn, given, src.path, lname);
      for (const char* n : names) {
        if (defn->GetFieldIndex(n) >= 0) return defn->GetFieldIndex(n);
      }
      return -1;
    };
    unit_code = pick(src.census.unit_code_field, {"统计用区划代码", "区划代码", "代码", "code", "CODE", "Code", "adcode", "XZQDM"});
    unit_name = pick(src.census.unit_name_field, {"name", "NAME", "Name", "名称", "街道", "乡镇", "XZQMC", "district"});
    if (unit_code < 0 && unit_name < 0) {
      throw InputError(where(src.path, lname) + ": no unit code or name field to join the census to (looked for 统计用区划代码, " +
                       "代码, code, adcode, name, 名称, 街道, 乡镇, ...; fields: " + field_list(defn) +
                       "); name one with --unit-code-field or --unit-name-field");
    }
    if (unit_code >= 0) st.unit_code_field = defn->GetFieldDefn(unit_code)->GetNameRef();
    if (unit_name >= 0) st.unit_name_field = defn->GetFieldDefn(unit_name)->GetNameRef();
  }
  const auto unit_text = [&](const OGRFeature& f, int field, const std::string& id) {
    if (field < 0 || !f.IsFieldSetAndNotNull(field)) return std::string();
    return utf8_field(f, field, src.path, where(src.path, lname, id, defn->GetFieldDefn(field)->GetNameRef()));
  };
  std::size_t features = 0;
  GdalMessages messages;
  layer->ResetReading();
  for (auto& f : *layer) {
    check_interrupt();
    ++features;
    std::string id = feature_id(*f, id_field, src.path, lname);
    // Locations are built only for messages: a million-point layer reads at GDAL's pace.
    auto at = [&] { return where(src.path, lname, id); };
    double w = 1.0;
    if (pop_field >= 0) {
      if (!f->IsFieldSetAndNotNull(pop_field) || (pop_type == OFTString && blank(f->GetFieldAsString(pop_field)))) {
        ctx.skipped.push_back({at(), "no value in population field '" + src.population_field + "'"});
        continue;
      }
      w = parse_count(*f, pop_field, pop_type, [&] { return where(src.path, lname, id, src.population_field); },
                      "population");
    }
    for (std::size_t k = 0; k < attr_field.size(); ++k) {
      const int i = attr_field[k];
      const OGRFieldType type = attr_type[k];
      const bool empty = !f->IsFieldSetAndNotNull(i) || (type == OFTString && blank(f->GetFieldAsString(i)));
      attr_row[k] = empty ? NAN
                          : parse_count(*f, i, type,
                                        [&] { return where(src.path, lname, id, src.attribute_fields[k].second); },
                                        "value");
    }
    if (const OGRGeometry* pg = f->GetGeometryRef(); census && pg && !pg->IsEmpty() && !is_polygonal(*pg)) {
      throw InputError(at() + ": the geometry is a " + OGRGeometryTypeToName(pg->getGeometryType()) +
                       "; a census unit (sub-district, township) must be a polygon");
    }
    if (const OGRGeometry* pg = f->GetGeometryRef(); pg && wkbFlatten(pg->getGeometryType()) == wkbPoint && !pg->IsEmpty()) {
      const double x = pg->toPoint()->getX(), y = pg->toPoint()->getY();
      if (!std::isfinite(x) || !std::isfinite(y)) {
        ctx.skipped.push_back({at(), non_finite_coordinate});
        continue;
      }
      if (geographic && (std::fabs(x) > 180.0 || std::fabs(y) > 90.0)) check_range(*st.srs, x, y, at());
      st.x.push_back(x);
      st.y.push_back(y);
      st.w.push_back(w);
      st.id.push_back(std::move(id));
      for (std::size_t k = 0; k < attr_row.size(); ++k) st.attr[k].push_back(attr_row[k]);
      continue;
    }
    std::string problem;
    bool repaired = false;
    GeomPtr g = usable_geometry(f->GetGeometryRef(), problem, repaired);
    if (!g) {
      ctx.skipped.push_back({at(), problem});
      continue;
    }
    if (repaired) ctx.notes.push_back(at() + ": invalid geometry repaired with GEOS MakeValid");
    if (is_polygonal(*g)) {
      OGREnvelope e;
      g->getEnvelope(&e);
      check_range(*st.srs, e.MinX, e.MinY, at());
      check_range(*st.srs, e.MaxX, e.MaxY, at());
      st.poly.push_back(std::move(g));
      st.poly_w.push_back(w);
      st.poly_id.push_back(id);
      for (std::size_t k = 0; k < attr_row.size(); ++k) st.poly_attr[k].push_back(attr_row[k]);
      if (census) {
        st.poly_code.push_back(unit_text(*f, unit_code, id));
        st.poly_name.push_back(unit_text(*f, unit_name, id));
      }
    } else {
      double x = 0, y = 0;
      if (!representative_point(*g, x, y)) {
        ctx.skipped.push_back({at(), "no representative point"});
        continue;
      }
      check_range(*st.srs, x, y, at());
      st.x.push_back(x);
      st.y.push_back(y);
      st.w.push_back(w);
      st.id.push_back(id);
      for (std::size_t k = 0; k < attr_row.size(); ++k) st.attr[k].push_back(attr_row[k]);
    }
  }
  if (features == 0) throw InputError(where(src.path, lname) + ": the layer holds no features");
  for (const std::string& m : messages.take()) ctx.notes.push_back(src.path + ": GDAL: " + m);
  const std::size_t kept = st.x.size() + st.poly.size();
  st.basis = pop_field >= 0
                 ? "population from field '" + src.population_field + "' of " + src.path + " (layer " + lname +
                       ", " + std::to_string(kept) + " features)"
                 : "each of the " + std::to_string(kept) + " features of " + src.path + " (layer " + lname +
                       ") counts as 1 (no --population-field)";
  st.basis_zh = pop_field >= 0 ? src.path + "（图层 " + lname + "，" + std::to_string(kept) + " 个要素）的人口字段“" +
                                     src.population_field + "”"
                               : src.path + "（图层 " + lname + "）的 " + std::to_string(kept) +
                                     " 个要素各计 1（未给 --population-field）";
  return st;
}

StagedDemand read_raster_demand(const DemandSource& src, GDALDataset& ds, const Context& ctx) {
  StagedDemand st;
  st.source = src.path;
  st.layer = "band 1";
  st.srs = source_srs(ds.GetSpatialRef(), src.path, "", ctx);
  RasterCells cells = read_raster_cells(src.path, ds, true, "population");
  st.x = std::move(cells.x), st.y = std::move(cells.y), st.w = std::move(cells.value);
  for (std::size_t k = 0; k < cells.row.size(); ++k) {
    st.id.push_back("r" + std::to_string(cells.row[k]) + "c" + std::to_string(cells.column[k]));
  }
  const double* gt = cells.gt;
  const int w = cells.width, h = cells.height;
  if (st.x.empty()) throw InputError(src.path + ": the raster has no cell with population > 0");
  if (st.srs->IsGeographic()) {
    check_range(*st.srs, gt[0], gt[3], src.path);
    check_range(*st.srs, gt[0] + w * gt[1] + h * gt[2], gt[3] + w * gt[4] + h * gt[5], src.path);
  }
  st.basis = "population raster " + src.path + " (band 1): " + std::to_string(st.x.size()) +
             " cells with population > 0, each a point at its cell centre";
  st.basis_zh = "人口栅格 " + src.path + "（波段 1）：" + std::to_string(st.x.size()) +
                " 个人口大于 0 的像元，各以像元中心为一个需求点";
  return st;
}

// ---------------------------------------------------------------------------------------------
// OSM: one pass over the file feeds the facilities (tag mapping), the demand (population proxy),
// or both when the same extract serves as both.

StagedFacilities osm_facilities(const FacilitySource& src) {
  return {src.path, "points+multipolygons", wgs84_lonlat(), {}, {}, {}, {}, {}, {}, {}, {}, src.status, {}, {}};
}

StagedDemand osm_demand(const DemandSource& src) {
  StagedDemand st;
  st.source = src.path;
  st.layer = "multipolygons";
  st.srs = wgs84_lonlat();
  st.from_proxy = true;
  return st;
}

struct OsmRoads {
  StagedRoads* staged = nullptr;
  const RoadProfile* profile = nullptr;
  TravelMode mode = TravelMode::walk;
};

void read_osm(const std::string& path, StagedFacilities* fac, const TagMapping* mapping, StagedDemand* dem,
              const ProxySettings* settings, const OsmRoads& roads, const Context& ctx) {
  std::string read = path;
  for (const auto& [given, extract] : ctx.options.osm_extracts) {
    if (given == path) read = extract;
  }
  if (read != path) ctx.notes.push_back(path + ": read from its shard's extract " + read);
  GDALDatasetUniquePtr ds = open_vector(read);
  GdalMessages messages;
  std::vector<std::string> layers{"points", "multipolygons"};
  if (roads.staged) layers.push_back("lines");
  for_each_osm_feature(*ds, layers, [&](const OsmFeature& f) {
    const std::string at = where(path, f.layer, f.id);
    if (f.layer == "lines") {
      if (!f.tags("highway")) return;
      const RoadUse use = roads.profile->osm(f.tags, roads.mode);
      if (!use.usable) {
        ++roads.staged->unusable;
        return;
      }
      stage_line(*roads.staged, f.geometry, use, f.id);
      return;
    }
    if (fac) {
      const std::vector<std::string> cats = mapping->match(f.tags);
      if (!cats.empty()) stage_facility(*fac, f.geometry, f.id, f.name, cats, at, ctx);
    }
    if (!dem || f.layer != "multipolygons") return;
    ProxyFeature pf;
    if (!classify_proxy_feature(f.tags, *settings, pf)) return;
    std::string problem;
    bool repaired = false;
    GeomPtr g = usable_geometry(f.geometry, problem, repaired);
    if (!g || !is_polygonal(*g)) {
      ctx.skipped.push_back({at, g ? "not a polygon" : problem});
      return;
    }
    if (repaired) ctx.notes.push_back(at + ": invalid geometry repaired with GEOS MakeValid");
    pf.id = f.id;
    pf.geom = std::move(g);
    dem->proxy.push_back(std::move(pf));
  });
  for (const std::string& m : messages.take()) ctx.notes.push_back(path + ": GDAL: " + m);
  if (dem && dem->proxy.empty()) {
    throw InputError(path + ": no buildings or residential land to estimate population from");
  }
}

StagedRoads read_vector_roads(const RoadSource& src, const RoadProfile& profile, TravelMode mode, const Context& ctx) {
  GDALDatasetUniquePtr ds = open_vector(src.path, ctx.options.encoding);
  OGRLayer* layer = find_layer(*ds, src.path, src.layer);
  const std::string lname = layer->GetName();
  StagedRoads st;
  st.source = src.path;
  st.layer = lname;
  st.srs = source_srs(layer->GetSpatialRef(), src.path, lname, ctx);
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  auto field = [&](const std::string& name) {
    if (name.empty()) return -1;
    const int i = defn->GetFieldIndex(name.c_str());
    if (i < 0) throw InputError(where(src.path, lname, "", name) + ": no such field in the road layer");
    return i;
  };
  if (ctx.options.road_bounds.size() >= 4 && src.coords == WebCoords::wgs84) {
    filter_to_bounds(*layer, *st.srs, ctx.options.road_bounds, ctx.options.metric_crs, where(src.path, lname));
  }
  const int class_f = field(src.class_field), speed_f = field(src.speed_field), oneway_f = field(src.oneway_field);
  const int id_field = find_id_field(defn);
  std::size_t features = 0;
  std::map<std::string, std::size_t> unknown_oneway;
  GdalMessages messages;
  layer->ResetReading();
  for (auto& f : *layer) {
    check_interrupt();
    ++features;
    const std::string id = feature_id(*f, id_field, src.path, lname);
    const std::string cls = class_f >= 0 && f->IsFieldSetAndNotNull(class_f) ? f->GetFieldAsString(class_f) : "";
    double kmh = NAN;
    if (speed_f >= 0 && f->IsFieldSetAndNotNull(speed_f)) {
      const std::string text = f->GetFieldAsString(speed_f);
      char* end = nullptr;
      kmh = std::strtod(text.c_str(), &end);
      if (end == text.c_str() || !(kmh > 0) || !std::isfinite(kmh)) {
        throw InputError(where(src.path, lname, id, src.speed_field) + ": speed '" + text +
                         "' is not a positive number of km/h");
      }
    }
    const std::string oneway = oneway_f >= 0 && f->IsFieldSetAndNotNull(oneway_f) ? f->GetFieldAsString(oneway_f) : "";
    if (!oneway.empty() && !profile.known_oneway(oneway)) ++unknown_oneway[oneway];
    const RoadUse use = profile.fields(cls, kmh, oneway, mode);
    if (!use.usable) {
      ++st.unusable;
      continue;
    }
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g || g->IsEmpty()) {
      ctx.skipped.push_back({where(src.path, lname, id), "road with no geometry"});
      continue;
    }
    const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
    if (t != wkbLineString && t != wkbMultiLineString) {
      ctx.skipped.push_back({where(src.path, lname, id), std::string("road geometry is a ") + OGRGeometryTypeToName(t) +
                                                             ", not a line"});
      continue;
    }
    stage_line(st, g, use, id);
  }
  if (features == 0) throw InputError(where(src.path, lname) + ": the road layer holds no features");
  for (const auto& [value, count] : unknown_oneway) {
    ctx.notes.push_back(where(src.path, lname, "", src.oneway_field) + ": " + std::to_string(count) +
                        " features with the unknown one-way value '" + value + "', read as two-way");
  }
  for (const std::string& m : messages.take()) ctx.notes.push_back(src.path + ": GDAL: " + m);
  return st;
}

// ---------------------------------------------------------------------------------------------
// Districts

struct StagedDistricts {
  std::string source, layer;
  std::unique_ptr<OGRSpatialReference> srs;
  std::vector<GeomPtr> polys;  // 2D Polygon or MultiPolygon
  std::vector<std::string> name, id;
  std::map<std::string, std::vector<std::string>> attributes;  // every field, as text
};

StagedDistricts read_districts(const LoadOptions& options, const Context& ctx) {
  const std::string& path = options.districts_path;
  if (is_osm_path(path)) {
    throw UsageError(path + ": districts must be a polygon layer with a name field (extract the boundaries from "
                     "OSM first)");
  }
  GDALDatasetUniquePtr ds = open_vector(path, options.encoding);
  OGRLayer* layer = find_layer(*ds, path, options.districts_layer);
  StagedDistricts st;
  st.source = path;
  st.layer = layer->GetName();
  st.srs = source_srs(layer->GetSpatialRef(), path, st.layer, ctx);
  // Before the name field is looked for: a layer without features may have no fields either.
  if (layer->GetFeatureCount() == 0) {
    throw InputError(where(path, st.layer) + ": the district layer holds no features");
  }
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  int name_field = -1;
  if (!options.district_name_field.empty()) {
    name_field = required_field(defn, options.district_name_field, path, st.layer);
  } else {
    for (const char* candidate : {"name", "NAME", "Name", "名称", "district"}) {
      name_field = defn->GetFieldIndex(candidate);
      if (name_field >= 0) break;
    }
    if (name_field < 0) {
      throw InputError(where(path, st.layer) + ": no district name field (looked for name, NAME, Name, 名称, "
                       "district; fields: " + field_list(defn) + "); name it with --district-name-field");
    }
  }
  const int id_field = find_id_field(defn);
  GdalMessages messages;
  layer->ResetReading();
  for (auto& f : *layer) {
    check_interrupt();
    const std::string id = feature_id(*f, id_field, path, st.layer);
    const std::string at = where(path, st.layer, id);
    std::string problem;
    bool repaired = false;
    GeomPtr g = usable_geometry(f->GetGeometryRef(), problem, repaired);
    if (!g) throw InputError(at + ": " + problem + "; a district must be a polygon");
    if (!is_polygonal(*g)) {
      throw InputError(at + ": the geometry is a " + OGRGeometryTypeToName(g->getGeometryType()) +
                       "; a district must be a polygon");
    }
    if (repaired) ctx.notes.push_back(at + ": invalid district geometry repaired with GEOS MakeValid");
    const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
    if (t == wkbCurvePolygon || t == wkbMultiSurface) g.reset(g->getLinearGeometry());
    g->flattenTo2D();
    OGREnvelope e;
    g->getEnvelope(&e);
    check_range(*st.srs, e.MinX, e.MinY, at);
    check_range(*st.srs, e.MaxX, e.MaxY, at);
    std::string name = f->IsFieldSetAndNotNull(name_field) ? utf8_field(*f, name_field, path, where(path, st.layer, id)) : "";
    if (blank(name)) name = id;
    for (int k = 0; k < defn->GetFieldCount(); ++k) {
      const std::string field = defn->GetFieldDefn(k)->GetNameRef();
      std::string value;
      if (k != name_field && f->IsFieldSetAndNotNull(k)) {
        try {
          value = utf8_field(*f, k, path, where(path, st.layer, id, field));
        } catch (const InputError&) {
          value.clear();  // text in another character set: unset here (the name says so when it is the name)
        }
      }
      st.attributes[field].push_back(k == name_field ? name : value);
    }
    st.polys.push_back(std::move(g));
    st.name.push_back(std::move(name));
    st.id.push_back(id);
  }
  if (st.polys.empty()) throw InputError(where(path, st.layer) + ": the district layer holds no features");
  for (const std::string& m : messages.take()) ctx.notes.push_back(path + ": GDAL: " + m);
  return st;
}

// ---------------------------------------------------------------------------------------------
// Projection

LonLatBox lonlat_box(const OGRSpatialReference& srs, const OGREnvelope& e, const std::string& source) {
  LonLatBox box;
  if (!e.IsInit()) return box;
  auto wgs = wgs84_lonlat();
  auto ct = make_transform(srs, *wgs, source);
  if (!ct->TransformBounds(e.MinX, e.MinY, e.MaxX, e.MaxY, &box.min_lon, &box.min_lat, &box.max_lon, &box.max_lat, 21)) {
    throw InputError(source + ": its extent cannot be transformed to longitude/latitude");
  }
  return box;
}

OGREnvelope points_envelope(const std::vector<double>& x, const std::vector<double>& y) {
  OGREnvelope e;
  for (std::size_t i = 0; i < x.size(); ++i) e.Merge(x[i], y[i]);
  return e;
}

// Coordinates in the metric CRS beyond a million kilometres from its origin are no place on Earth
// (a wrong source CRS or a garbled value), and would overflow the engines' grid and float arithmetic.
constexpr double max_metric_m = 1e9;

// An InputError unless (x, y) in the metric CRS is within max_metric_m of its origin.
void check_metric(double x, double y, const std::string& at) {
  if (std::fabs(x) <= max_metric_m && std::fabs(y) <= max_metric_m) return;
  throw InputError(at + ": its coordinate in the metric CRS (" + std::to_string(x) + ", " + std::to_string(y) +
                   ") lies more than 1,000,000 km from the CRS's origin; check the source's CRS and coordinates");
}

void transform_points(OGRCoordinateTransformation& ct, std::vector<double>& x, std::vector<double>& y,
                      const std::vector<std::string>& id, const std::string& source, const std::string& layer) {
  if (x.empty()) return;
  std::vector<int> ok(x.size(), 0);
  ct.Transform(x.size(), x.data(), y.data(), nullptr, ok.data());
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!ok[i] || !std::isfinite(x[i]) || !std::isfinite(y[i])) {
      throw InputError(where(source, layer, id[i]) + ": PROJ cannot transform its coordinate to the metric CRS");
    }
    check_metric(x[i], y[i], where(source, layer, id[i]));
  }
}

void transform_geometry(OGRGeometry& g, OGRCoordinateTransformation& ct, const std::string& at) {
  if (g.transform(&ct) != OGRERR_NONE) throw InputError(at + ": PROJ cannot transform its geometry to the metric CRS");
  OGREnvelope e;
  g.getEnvelope(&e);
  if (!std::isfinite(e.MinX) || !std::isfinite(e.MinY) || !std::isfinite(e.MaxX) || !std::isfinite(e.MaxY)) {
    throw InputError(at + ": PROJ cannot transform its geometry to the metric CRS");
  }
  check_metric(e.MinX, e.MinY, at);
  check_metric(e.MaxX, e.MaxY, at);
}

// Stages a polygon for spreading its weight over grid points (api/): its rings and a point on its
// surface (NaN when GEOS finds none). Refuses a polygon whose envelope spans too many cells of the grid.
void stage_polygon(const OGRGeometry& g, double weight, const std::string& id, double cell_m, DemandPolygons& out,
                   const std::string& at) {
  OGREnvelope e;
  g.getEnvelope(&e);
  const double cells = std::ceil((e.MaxX - e.MinX) / cell_m + 1) * std::ceil((e.MaxY - e.MinY) / cell_m + 1);
  const double reach = std::max({std::fabs(e.MinX), std::fabs(e.MaxX), std::fabs(e.MinY), std::fabs(e.MaxY)});
  if (cells > max_spread_points || reach / cell_m > 1e15) {  // the grid's cell numbers must stay far within 64 bits
    throw UsageError(at + ": the polygon spans " + thousands(cells) + " grid cells of --cell-size " + shortest(cell_m) +
                     " m, more than " + thousands(max_spread_points) + "; choose a cell of at least " +
                     thousands(std::ceil(cell_m * std::sqrt(cells / max_spread_points))) + " m");
  }
  std::vector<Ring> rings;
  add_rings(g, rings);
  double x = NAN, y = NAN;  // NaN: none (an error only if no cell centre falls inside either)
  if (!representative_point(g, x, y)) x = y = NAN;
  out.rings.push_back(std::move(rings));
  out.weight.push_back(weight);
  out.source_id.push_back(id);
  out.surface_x_m.push_back(x);
  out.surface_y_m.push_back(y);
  out.where.push_back(at);
}

// Areas closed to new sites, as read.
struct StagedPolygons {
  std::string source, layer;
  std::unique_ptr<OGRSpatialReference> srs;
  std::vector<GeomPtr> polys;
};

StagedPolygons read_exclusions(const std::string& path, const std::string& layer_name, const Context& ctx) {
  GDALDatasetUniquePtr ds = open_vector(path, ctx.options.encoding);
  OGRLayer* layer = find_layer(*ds, path, layer_name);
  StagedPolygons sp{path, layer->GetName(), source_srs(layer->GetSpatialRef(), path, layer->GetName(), ctx), {}};
  const int id_field = find_id_field(layer->GetLayerDefn());
  for (auto& f : *layer) {
    check_interrupt();
    std::string problem;
    bool repaired = false;
    GeomPtr g = usable_geometry(f->GetGeometryRef(), problem, repaired);
    const std::string at = where(path, sp.layer, feature_id(*f, id_field, path, sp.layer));
    if (!g || !is_polygonal(*g)) {
      ctx.skipped.push_back({at, g ? "an exclusion area must be a polygon" : problem});
      continue;
    }
    sp.polys.push_back(std::move(g));
  }
  return sp;
}

std::vector<unsigned char> to_wkb(const OGRGeometry& g) {
  std::vector<unsigned char> wkb(static_cast<std::size_t>(g.WkbSize()));
  g.exportToWkb(wkbNDR, wkb.data());
  return wkb;
}

}  // namespace

// Everything read, in the sources' own CRSs, between the stages.
struct StagedSources::Impl {
  LoadOptions options;
  std::string demand_path;
  bool network = false;
  std::string roads_path;
  std::vector<std::string> known;  // categories the sources can produce, in order
  std::vector<StagedFacilities> facilities;
  StagedDemand demand;
  std::optional<ProxySettings> proxy_settings;
  StagedRoads roads;
  std::vector<StagedPolygons> exclusions;
  std::optional<StagedDistricts> districts;
  std::unique_ptr<OGRSpatialReference> metric;  // set by choose_crs
};

namespace {

// A lon/lat source in GCJ-02 or BD-09 (--coords) is taken to WGS-84 where it is staged, before
// anything else sees it: its points in place, its geometries through web_coords_transform.

// Throws UsageError unless a source given --coords is in longitude/latitude degrees (and not
// OpenStreetMap, which is WGS-84).
void check_web_source(WebCoords c, const std::string& path, const OGRSpatialReference* srs) {
  if (c == WebCoords::wgs84) return;
  const std::string what = std::string("--coords ") + to_string(c);
  if (is_osm_path(path)) {
    throw UsageError(path + ": " + what + " does not apply: OpenStreetMap coordinates are WGS-84");
  }
  if (srs && !srs->IsGeographic()) {
    const char* name = srs->GetName();
    throw UsageError(path + ": " + what + " is for longitude/latitude sources (GCJ-02 and BD-09 shift WGS-84 degrees), " +
                     "and this one is in " + (name ? name : "a projected CRS") + "; leave --coords out for it");
  }
}

void points_to_wgs84(WebCoords c, std::vector<double>& x, std::vector<double>& y) {
  if (c == WebCoords::wgs84) return;
  for (std::size_t i = 0; i < x.size(); ++i) to_wgs84(c, x[i], y[i]);
}

void geometry_to_wgs84(WebCoords c, OGRGeometry& g, const OGRSpatialReference& srs) {
  if (c == WebCoords::wgs84) return;
  g.transform(web_coords_transform(c, true, srs).get());
}

}  // namespace

StagedSources::StagedSources() : impl(std::make_unique<Impl>()) {}
StagedSources::~StagedSources() = default;
StagedSources::StagedSources(StagedSources&&) noexcept = default;
StagedSources& StagedSources::operator=(StagedSources&&) noexcept = default;

bool is_osm_source(const std::string& path) { return is_osm_path(path); }

void validate_sources(const std::vector<FacilitySource>& facility_sources, const DemandSource& demand_source,
                      const LoadOptions& options) {
  if (!(options.cell_size_m > 0) || !std::isfinite(options.cell_size_m)) throw UsageError("--cell-size must be positive");
  // Demand attributes are read from fields, which only vector layers have.
  if (is_osm_path(demand_source.path) && !demand_source.attribute_fields.empty()) {
    const auto& [name, field] = demand_source.attribute_fields.front();
    throw UsageError(demand_source.path + ": demand attribute '" + name + "' is read from field '" + field +
                     "', and an OSM extract has no fields; give a vector demand layer");
  }
  for (std::size_t k = 0; k < demand_source.attribute_fields.size(); ++k) {
    const auto& [name, field] = demand_source.attribute_fields[k];
    if (name.empty() || field.empty()) {
      throw UsageError(demand_source.path + ": a demand attribute needs both a name and a field ('" + name + "', '" +
                       field + "')");
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (demand_source.attribute_fields[j].first == name) {
        throw UsageError(demand_source.path + ": demand attribute '" + name + "' is given twice");
      }
    }
  }
  if (!demand_source.census.path.empty()) {
    const std::string census = "--census " + demand_source.census.path;
    if (is_osm_path(demand_source.path)) {
      throw UsageError(census + ": the census is joined to sub-district polygons: give them as --demand (a polygon layer "
                       "with a code or name field); an OSM extract or a raster goes to --spread-by");
    }
    if (!demand_source.population_field.empty()) {
      throw UsageError(census + " gives the population; leave --population-field out");
    }
    if (!demand_source.attribute_fields.empty()) {
      throw UsageError(census + " gives the demand weights elderly and aged65; leave --demand-field out");
    }
  }
  for (const FacilitySource& src : facility_sources) {
    if (is_osm_path(src.path) && !src.status_field.empty()) {
      throw UsageError(src.path + ": an OSM extract has no status field ('" + src.status_field +
                       "'); its features take the source's status");
    }
  }
  for (const auto& [path, layer] : options.exclude) {
    if (is_osm_path(path)) {
      throw UsageError(path + ": --exclude takes a polygon layer (extract water or protected land from OSM first)");
    }
  }
  if (options.mode != TravelMode::distance && options.roads.path.empty() &&
      std::none_of(facility_sources.begin(), facility_sources.end(), [](const FacilitySource& s) { return is_osm_path(s.path); })) {
    throw UsageError(std::string("--mode ") + to_string(options.mode) +
                     " needs a road network: give --roads SRC (no facility source is an OSM extract)");
  }
}

StagedSources read_sources(const std::vector<FacilitySource>& facility_sources, const DemandSource& demand_source,
                           const LoadOptions& options, Inputs& in) {
  ensure_gdal();
  StagedSources staged;
  StagedSources::Impl& st = *staged.impl;
  st.options = options;
  st.demand_path = demand_source.path;
  const Context ctx{st.options, in.skipped, in.notes};
  for (const FacilitySource& s : facility_sources) {
    if (in.osm_extract.empty() && is_osm_path(s.path)) in.osm_extract = s.path;
  }
  for (const std::string& p : {demand_source.path, options.roads.path}) {
    if (in.osm_extract.empty() && is_osm_path(p)) in.osm_extract = p;
  }
  in.openstreetmap = !in.osm_extract.empty();
  in.osm_extracts = options.osm_extracts;
  const std::string data = data_dir();
  auto know = [&](const std::string& c) {
    if (std::find(st.known.begin(), st.known.end(), c) == st.known.end()) st.known.push_back(c);
  };

  // Roads, for the network modes: a --roads source, else the first OSM facility source.
  st.network = options.mode != TravelMode::distance;
  std::optional<RoadProfile> profile;
  bool roads_read = false;
  st.roads_path = options.roads.path;
  if (st.network) {
    profile = RoadProfile::load(options.road_profile.empty() ? data + "/road_speeds.yaml" : options.road_profile);
    if (options.walk_speed_mps > 0) profile->set_walk_speed_mps(options.walk_speed_mps);
    in.walk_speed_mps = profile->walk_speed_mps();
    if (st.roads_path.empty()) {
      for (const FacilitySource& src : facility_sources) {
        if (is_osm_path(src.path)) {
          st.roads_path = src.path;
          break;
        }
      }
    }
    if (is_osm_path(st.roads_path)) {
      st.roads.source = st.roads_path;
      st.roads.layer = "lines";
      st.roads.srs = wgs84_lonlat();
    }
  }
  auto osm_roads_for = [&](const std::string& path) {
    OsmRoads r;
    if (st.network && !roads_read && is_osm_path(st.roads_path) && path == st.roads_path) {
      r = {&st.roads, &*profile, options.mode};
      roads_read = true;
    }
    return r;
  };

  // Facilities, and demand from the same OSM extract in the same pass.
  const bool demand_is_osm = is_osm_path(demand_source.path);
  StagedDemand& sd = st.demand;
  if (demand_is_osm) {
    st.proxy_settings =
        ProxySettings::load(options.proxy_settings.empty() ? data + "/population_proxy.yaml" : options.proxy_settings);
    sd = osm_demand(demand_source);
  }
  bool demand_read = false;
  std::optional<TagMapping> mapping;
  for (const FacilitySource& src : facility_sources) {
    if (is_osm_path(src.path) && src.category.empty() && src.category_field.empty()) {
      if (!mapping) mapping = TagMapping::load(options.tag_mapping.empty() ? data + "/osm_categories.yaml" : options.tag_mapping);
      for (const auto& c : mapping->categories) know(c.category);
      check_web_source(src.coords, src.path, nullptr);
      st.facilities.push_back(osm_facilities(src));
      const bool together = demand_is_osm && !demand_read && src.path == demand_source.path;
      read_osm(src.path, &st.facilities.back(), &*mapping, together ? &sd : nullptr,
               together ? &*st.proxy_settings : nullptr, osm_roads_for(src.path), ctx);
      demand_read = demand_read || together;
    } else {
      st.facilities.push_back(read_vector_facilities(src, ctx));
      StagedFacilities& f = st.facilities.back();
      for (const auto& c : f.known) know(c);
      check_web_source(src.coords, src.path, f.srs.get());
      points_to_wgs84(src.coords, f.x, f.y);
    }
  }

  // Demand.
  check_web_source(demand_source.coords, demand_source.path, nullptr);
  if (demand_is_osm) {
    if (!demand_read) {
      read_osm(demand_source.path, nullptr, nullptr, &sd, &*st.proxy_settings, osm_roads_for(demand_source.path), ctx);
    }
  } else if (GDALDatasetUniquePtr raster = try_open_raster(demand_source.path)) {
    if (!demand_source.census.path.empty()) {
      throw UsageError("--census " + demand_source.census.path + ": the census is joined to sub-district polygons, and " +
                       demand_source.path + " is a raster: give the polygons as --demand and the raster as --spread-by");
    }
    if (!demand_source.attribute_fields.empty()) {
      const auto& [name, field] = demand_source.attribute_fields.front();
      throw UsageError(demand_source.path + ": demand attribute '" + name + "' is read from field '" + field +
                       "', and a raster has no fields; give a vector demand layer");
    }
    sd = read_raster_demand(demand_source, *raster, ctx);
  } else {
    sd = read_vector_demand(demand_source, ctx);
  }
  if (!demand_is_osm && demand_source.coords != WebCoords::wgs84) {
    check_web_source(demand_source.coords, demand_source.path, sd.srs.get());
    points_to_wgs84(demand_source.coords, sd.x, sd.y);
    for (GeomPtr& g : sd.poly) geometry_to_wgs84(demand_source.coords, *g, *sd.srs);
  }

  // Exclusions and districts.
  for (const auto& [path, layer_name] : options.exclude) st.exclusions.push_back(read_exclusions(path, layer_name, ctx));
  if (!options.districts_path.empty()) {
    check_web_source(options.districts_coords, options.districts_path, nullptr);
    st.districts = read_districts(st.options, ctx);
    check_web_source(options.districts_coords, options.districts_path, st.districts->srs.get());
    for (GeomPtr& g : st.districts->polys) geometry_to_wgs84(options.districts_coords, *g, *st.districts->srs);
  }

  // Roads not read with an OSM pass above.
  if (st.network && !roads_read) {
    if (is_osm_path(st.roads_path)) {
      read_osm(st.roads_path, nullptr, nullptr, nullptr, nullptr, osm_roads_for(st.roads_path), ctx);
    } else {
      RoadSource src = options.roads;
      src.path = st.roads_path;
      st.roads = read_vector_roads(src, *profile, options.mode, ctx);
      check_web_source(src.coords, src.path, st.roads.srs.get());
      if (src.coords != WebCoords::wgs84) {
        for (std::vector<double>& xy : st.roads.xy)
          for (std::size_t k = 0; k + 1 < xy.size(); k += 2) to_wgs84(src.coords, xy[k], xy[k + 1]);
      }
    }
  }
  if (st.network && st.roads.xy.empty()) {
    throw InputError(st.roads_path + ": no road the " + to_string(options.mode) + " mode can use");
  }
  return staged;
}

void choose_categories(const StagedSources& staged, Inputs& in) {
  const StagedSources::Impl& st = *staged.impl;
  if (st.options.categories.empty()) {
    for (const auto& c : st.known) in.categories.add(c);
    return;
  }
  for (const auto& c : st.options.categories) {
    if (std::find(st.known.begin(), st.known.end(), c) == st.known.end()) {
      std::string list;
      for (const auto& k : st.known) list += (list.empty() ? "" : ", ") + k;
      throw UsageError("category '" + c + "' is not produced by the facility sources (known: " + list + ")");
    }
    in.categories.add(c);
  }
}

void choose_crs(StagedSources& staged, Inputs& in) {
  StagedSources::Impl& st = *staged.impl;
  const StagedDemand& sd = st.demand;
  // Everything read, in lon/lat.
  LonLatBox box;
  const auto everything = [&] {
    for (const auto& f : st.facilities) box.add(lonlat_box(*f.srs, points_envelope(f.x, f.y), f.source));
    OGREnvelope de = points_envelope(sd.x, sd.y);
    for (const auto& g : sd.poly) {
      OGREnvelope e;
      g->getEnvelope(&e);
      de.Merge(e);
    }
    for (const auto& pf : sd.proxy) {
      OGREnvelope e;
      pf.geom->getEnvelope(&e);
      de.Merge(e);
    }
    box.add(lonlat_box(*sd.srs, de, sd.source));
    if (st.districts) {
      OGREnvelope e;
      for (const GeomPtr& g : st.districts->polys) {
        OGREnvelope ge;
        g->getEnvelope(&ge);
        e.Merge(ge);
      }
      box.add(lonlat_box(*st.districts->srs, e, st.districts->source));
    }
  };
  if (!st.options.metric_crs.empty()) {
    st.metric = metric_crs_from_user(st.options.metric_crs);
    in.crs = st.options.metric_crs;
    // The place is only needed for the scale check: data that PROJ cannot place in lon/lat is
    // reported feature by feature when it is staged.
    try {
      everything();
    } catch (const InputError&) {
      box = LonLatBox{};
    }
    // Distances are measured in the CRS's metres: refuse one whose metres are not ground metres
    // where the data lies (Web Mercator's are 1.155 of them at 30° N), note a small difference.
    if (!box.empty()) {
      const double lon = 0.5 * (box.min_lon + box.max_lon), lat = 0.5 * (box.min_lat + box.max_lat);
      const ScaleFactors k = scale_factors(*st.metric, lon, lat);
      const double off = std::max(std::fabs(k.east - 1.0), std::fabs(k.north - 1.0));
      char place[64], factors[96];
      std::snprintf(place, sizeof place, "%.2f°%s, %.2f°%s", std::fabs(lon), lon >= 0 ? "E" : "W", std::fabs(lat),
                    lat >= 0 ? "N" : "S");
      std::snprintf(factors, sizeof factors, "%.4f east-west and %.4f north-south", k.east, k.north);
      if (!(off <= 0.01)) {
        throw UsageError("--crs " + in.crs + ": at the data's centre (" + place + ") a ground metre is " + factors +
                         " of its metres, " + fixed(100.0 * off, 1) + " % off: every distance and area in it would be wrong " +
                         "by as much; use a CRS true to scale there, e.g. " + utm_crs_for(box) +
                         " (its UTM zone) or a CGCS2000 Gauss-Krüger zone");
      }
      if (off > 0.001) {
        in.notes.push_back("--crs " + in.crs + ": at the data's centre (" + place + ") a ground metre is " + factors +
                           " of its metres (" + fixed(100.0 * off, 2) + " % off); distances and areas carry that error");
      }
    }
  } else {
    // The CGCS2000 Gauss-Krüger zone (inside China) or the UTM zone of the centre of everything read.
    everything();
    if (box.empty()) throw InputError("no facility or demand geometry to place: every feature was skipped");
    in.crs = working_crs_for(box);
    st.metric = crs_from_user(in.crs, "--crs");
    const bool gk = in.crs != utm_crs_for(box);
    const double zone_width = gk ? 3.0 : 6.0;
    if (box.max_lon - box.min_lon > zone_width) {
      in.notes.push_back("the data spans " + fixed(box.max_lon - box.min_lon, 2) + " degrees of longitude, more than one " +
                         (gk ? "3-degree Gauss-Krüger zone" : "UTM zone") + "; distances far from " + in.crs +
                         "'s central meridian are distorted: state a better CRS with --crs");
    }
  }
  char* wkt = nullptr;
  st.metric->exportToWkt(&wkt);
  in.crs_wkt = wkt ? wkt : "";
  CPLFree(wkt);
}

// Makes repeated ids unambiguous: the second feature with the id "a" (and the same `group`, e.g.
// category) becomes "a#2", the third "a#3", ... Returns a note saying how many and which, or ""
// when every id is unique.
std::string make_ids_unique(std::vector<std::string*>& ids, const std::vector<std::string>& group, const std::string& what) {
  std::unordered_map<std::string, int> seen;
  seen.reserve(ids.size());
  std::set<std::string> taken;  // every id as it stands, so that a made one never meets a real one
  for (const std::string* id : ids) taken.insert(*id);
  std::size_t renamed = 0;
  std::string example;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string key = group.empty() ? *ids[i] : *ids[i] + '\x1f' + group[i];
    const int n = ++seen[key];
    if (n == 1) continue;
    std::string made;
    for (int k = n;; ++k) {
      made = *ids[i] + "#" + std::to_string(k);
      if (taken.insert(made).second) break;
    }
    if (example.empty()) example = "'" + *ids[i] + "' again is '" + made + "'";
    *ids[i] = made;
    ++renamed;
  }
  if (renamed == 0) return "";
  return what + " repeating an id another one has: " + std::to_string(renamed) + " (" + example +
         "); written with #2, #3, ... so that every output row names one feature";
}

void stage_facilities(StagedSources& staged, Inputs& in) {
  StagedSources::Impl& st = *staged.impl;
  for (auto& f : st.facilities) {
    auto ct = make_transform(*f.srs, *st.metric, f.source);
    transform_points(*ct, f.x, f.y, f.id, f.source, f.layer);
    for (const std::string& name : f.attr_names) {
      auto& column = in.facilities.attributes[name];
      column.resize(in.facilities.size(), NAN);
    }
    for (std::size_t i = 0; i < f.x.size(); ++i) {
      const CategoryId c = in.categories.find(f.category[i]);
      if (c == Categories::invalid) continue;  // a category not asked for
      in.facilities.push_back(f.x[i], f.y[i], c, f.id[i], f.name[i], f.status[i]);
      for (auto& [name, column] : in.facilities.attributes) {
        const auto k = std::find(f.attr_names.begin(), f.attr_names.end(), name) - f.attr_names.begin();
        column.push_back(k < static_cast<long>(f.attr_names.size()) ? f.attr[static_cast<std::size_t>(k)][i] : NAN);
      }
    }
  }
  st.facilities.clear();
  {  // the same id twice in a category (two sources, or a source's own repeats)
    std::vector<std::string*> ids;
    std::vector<std::string> group;
    for (Id i = 0; i < in.facilities.size(); ++i) {
      ids.push_back(&in.facilities.source_id[i]);
      group.push_back(in.categories.names[in.facilities.category[i]]);
    }
    if (std::string note = make_ids_unique(ids, group, "facilities"); !note.empty()) in.notes.push_back(std::move(note));
  }
  in.facilities.validate(in.categories);
}

void stage_demand(StagedSources& staged, Inputs& in) {
  StagedSources::Impl& st = *staged.impl;
  StagedDemand& sd = st.demand;
  const double cell_m = st.options.cell_size_m;
  auto ct = make_transform(*sd.srs, *st.metric, sd.source);
  transform_points(*ct, sd.x, sd.y, sd.id, sd.source, sd.layer);
  {  // a polygon's points share its id; two features do not
    std::vector<std::string*> ids;
    for (std::string& id : sd.id) ids.push_back(&id);
    for (std::string& id : sd.poly_id) ids.push_back(&id);
    if (std::string note = make_ids_unique(ids, {}, "demand features of " + sd.source); !note.empty()) {
      in.notes.push_back(std::move(note));
    }
  }
  for (std::size_t i = 0; i < sd.x.size(); ++i) in.demand.push_back(sd.x[i], sd.y[i], sd.w[i], sd.id[i]);
  for (std::size_t k = 0; k < sd.attr_names.size(); ++k) in.demand.attributes[sd.attr_names[k]] = sd.attr[k];
  for (std::size_t i = 0; i < sd.poly.size(); ++i) {
    const std::string at = where(sd.source, sd.layer, sd.poly_id[i]);
    transform_geometry(*sd.poly[i], *ct, at);
    stage_polygon(*sd.poly[i], sd.poly_w[i], sd.poly_id[i], cell_m, in.demand_polygons, at);
    for (std::size_t k = 0; k < sd.attr_names.size(); ++k) {
      in.demand_polygons.attributes[sd.attr_names[k]].push_back(sd.poly_attr[k][i]);
    }
  }
  if (!sd.poly_code.empty()) {  // census units, parallel to the demand polygons
    in.census_units.id = sd.poly_id;
    in.census_units.code = std::move(sd.poly_code);
    in.census_units.name = std::move(sd.poly_name);
    in.census_units.code_field = sd.unit_code_field;
    in.census_units.name_field = sd.unit_name_field;
    in.census_units.source = where(sd.source, sd.layer);
  }
  if (sd.from_proxy) {
    for (auto& pf : sd.proxy) transform_geometry(*pf.geom, *ct, where(sd.source, sd.layer, pf.id));
    const ProxyEstimate est = estimate_population(sd.proxy, *st.proxy_settings);
    for (const WeightedPolygon& wp : est.polygons) {
      stage_polygon(*wp.geom, wp.weight, wp.id, cell_m, in.demand_polygons, where(sd.source, sd.layer, wp.id));
    }
    sd.basis = est.describe(*st.proxy_settings);
    sd.basis_zh = est.describe_zh(*st.proxy_settings);
  }
  if (in.demand.size() == 0 && in.demand_polygons.size() == 0) {
    throw InputError(st.demand_path + ": no usable demand feature");
  }
  in.cell_size_m = cell_m;
  in.population_basis = sd.basis;
  in.population_basis_zh = sd.basis_zh;
  sd = StagedDemand{};
}

void stage_areas(StagedSources& staged, Inputs& in) {
  StagedSources::Impl& st = *staged.impl;
  for (auto& sp : st.exclusions) {
    auto ect = make_transform(*sp.srs, *st.metric, sp.source);
    for (GeomPtr& g : sp.polys) {
      transform_geometry(*g, *ect, where(sp.source, sp.layer));
      in.exclusions.push_back(to_wkb(*g));
    }
  }
  st.exclusions.clear();
  if (st.districts) {
    StagedDistricts& d = *st.districts;
    auto dct = make_transform(*d.srs, *st.metric, d.source);
    for (std::size_t i = 0; i < d.polys.size(); ++i) {
      OGRGeometry& g = *d.polys[i];
      transform_geometry(g, *dct, where(d.source, d.layer, d.id[i]));
      in.districts.push_back(d.name[i], d.id[i], to_wkb(g));
    }
    in.districts.attributes = std::move(d.attributes);
    in.districts.source = d.source + " (" + d.layer + ")";
    st.districts.reset();
  }
}

void stage_roads(StagedSources& staged, Inputs& in) {
  StagedSources::Impl& st = *staged.impl;
  if (!st.network) return;
  StagedRoads& roads = st.roads;
  // All vertices in one PROJ call, then back into lines.
  std::vector<double> x, y;
  for (std::size_t l = 0; l < roads.xy.size(); ++l) {
    for (std::size_t k = 0; k + 1 < roads.xy[l].size(); k += 2) {
      x.push_back(roads.xy[l][k]);
      y.push_back(roads.xy[l][k + 1]);
    }
  }
  auto rct = make_transform(*roads.srs, *st.metric, roads.source);
  std::vector<int> ok(x.size(), 0);
  if (!x.empty()) rct->Transform(x.size(), x.data(), y.data(), nullptr, ok.data());
  std::size_t v = 0, outside = 0;
  for (std::size_t l = 0; l < roads.xy.size(); ++l) {
    std::vector<double>& xy = roads.xy[l];
    for (std::size_t k = 0; k + 1 < xy.size(); k += 2, ++v) {
      if (!ok[v] || !std::isfinite(x[v]) || !std::isfinite(y[v])) {
        throw InputError(where(roads.source, roads.layer, roads.id[l]) + ": PROJ cannot transform its coordinate to the metric CRS");
      }
      check_metric(x[v], y[v], where(roads.source, roads.layer, roads.id[l]));
      xy[k] = x[v];
      xy[k + 1] = y[v];
    }
    if (!meets_boxes(xy, st.options.road_bounds)) {
      ++outside;
      continue;
    }
    const RoadUse& u = roads.use[l];
    in.roads.add_line(xy, u.speed_mps, u.forward, u.backward, roads.id[l]);
  }
  in.roads_source = roads.source + " (" + roads.layer + "): " + std::to_string(in.roads.line_count()) + " lines usable for " +
                    to_string(st.options.mode) + ", " + std::to_string(roads.unusable) + " not";
  if (outside > 0) in.roads_source += ", " + std::to_string(outside) + " outside the area read";
  roads = StagedRoads{};
}

}  // namespace lc::io

#include "io/read_census.hpp"

#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <memory>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "core/format.hpp"
#include "core/interrupt.hpp"
#include "io/crs.hpp"
#include "io/error.hpp"
#include "io/gdal_env.hpp"
#include "io/geometry.hpp"
#include "io/osm_features.hpp"
#include "io/population_proxy.hpp"

namespace lc::io {

namespace {

constexpr double max_count = 1.0e9;  // as for any demand feature

std::string field_list(const OGRFeatureDefn* defn) {
  std::string fields;
  for (int i = 0; i < defn->GetFieldCount(); ++i) fields += (i ? ", " : "") + std::string(defn->GetFieldDefn(i)->GetNameRef());
  return fields.empty() ? "none" : fields;
}

std::string names_of(std::initializer_list<const char*> names) {
  std::string out;
  for (const char* n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// The column `given` (an error naming it when the table lacks it), else the first of `names`
// present; -1 when none is.
int column(const OGRFeatureDefn* defn, const std::string& given, std::initializer_list<const char*> names,
           const std::string& source, const std::string& layer, const std::string& option) {
  if (!given.empty()) {
    const int i = defn->GetFieldIndex(given.c_str());
    if (i < 0) {
      throw InputError(where(source, layer, "", given) + ": no such column (" + option + "; columns: " + field_list(defn) + ")");
    }
    return i;
  }
  for (const char* n : names) {
    if (defn->GetFieldIndex(n) >= 0) return defn->GetFieldIndex(n);
  }
  return -1;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// A count as a census table writes it: digits, optionally grouped by commas (12,345), spaces
// around. NaN for an empty cell; an InputError at `at` for anything else that is not a count.
double parse_count(const OGRFeature& f, int field, const std::string& at, const std::string& what) {
  if (!f.IsFieldSetAndNotNull(field)) return NAN;
  const std::string text = f.GetFieldAsString(field);
  if (blank(text)) return NAN;
  std::string plain;
  for (char c : text) {
    if (c != ',') plain.push_back(c);
  }
  char* end = nullptr;
  const double v = std::strtod(plain.c_str(), &end);
  while (end && (*end == ' ' || *end == '\t' || *end == '\r')) ++end;
  if (end == plain.c_str() || (end && *end != '\0') || !std::isfinite(v)) {
    throw InputError(at + ": " + what + " '" + text + "' is not a number");
  }
  if (v < 0) throw InputError(at + ": " + what + " " + text + " is negative");
  if (v > max_count) throw InputError(at + ": " + what + " " + text + " is beyond any place's (at most 1,000,000,000)");
  return v;
}

std::unique_ptr<OGRSpatialReference> srs_of(const OGRSpatialReference* found, const std::string& source,
                                            const LoadOptions& options) {
  if (found) {
    auto srs = std::make_unique<OGRSpatialReference>(*found);
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
  }
  if (!options.source_crs.empty()) return crs_from_user(options.source_crs, "--source-crs");
  throw InputError(source + ": the source states no CRS; give it with --source-crs EPSG:NNNN");
}

// Adds a polygon (already in metres) to the basis.
void add_polygon(SpreadBasis& b, const OGRGeometry& g, double weight, const std::string& id, const std::string& at) {
  std::vector<Ring> rings;
  add_rings(g, rings);
  double x = NAN, y = NAN;
  if (!representative_point(g, x, y)) x = y = NAN;
  DemandPolygons& p = b.polygons;
  p.rings.push_back(std::move(rings));
  p.weight.push_back(weight);
  p.source_id.push_back(id);
  p.surface_x_m.push_back(x);
  p.surface_y_m.push_back(y);
  p.where.push_back(at);
}

void transform(OGRGeometry& g, OGRCoordinateTransformation& ct, const std::string& at) {
  if (g.transform(&ct) != OGRERR_NONE) throw InputError(at + ": PROJ cannot transform its geometry to the metric CRS");
}

SpreadBasis raster_basis(const std::string& path, GDALDataset& ds, const OGRSpatialReference& metric,
                         const LoadOptions& options) {
  SpreadBasis b;
  const auto srs = srs_of(ds.GetSpatialRef(), path, options);
  RasterCells cells = read_raster_cells(path, ds, false, "value");
  b.x_m = std::move(cells.x), b.y_m = std::move(cells.y), b.weight = std::move(cells.value);
  auto ct = make_transform(*srs, metric, path);
  std::vector<int> ok(b.x_m.size(), 0);
  if (!b.x_m.empty()) ct->Transform(b.x_m.size(), b.x_m.data(), b.y_m.data(), nullptr, ok.data());
  for (std::size_t i = 0; i < ok.size(); ++i) {
    if (!ok[i] || !std::isfinite(b.x_m[i]) || !std::isfinite(b.y_m[i])) {
      throw InputError(path + ": PROJ cannot transform a cell centre to the metric CRS");
    }
  }
  b.description = "the cells of population raster " + path + " (band 1) inside each unit, weighted by their values (" +
                  thousands(static_cast<double>(b.x_m.size())) + " cells with a value > 0)";
  return b;
}

SpreadBasis osm_basis(const std::string& path, const OGRSpatialReference& metric, const LoadOptions& options) {
  const ProxySettings settings =
      ProxySettings::load(options.proxy_settings.empty() ? data_dir() + "/population_proxy.yaml" : options.proxy_settings);
  GDALDatasetUniquePtr ds = open_vector(path);
  std::vector<ProxyFeature> features;
  SpreadBasis b;
  for_each_osm_feature(*ds, {"multipolygons"}, [&](const OsmFeature& f) {
    ProxyFeature pf;
    if (!classify_proxy_feature(f.tags, settings, pf)) return;
    std::string problem;
    bool repaired = false;
    GeomPtr g = usable_geometry(f.geometry, problem, repaired);
    if (!g || !is_polygonal(*g)) return;
    pf.id = f.id;
    pf.geom = std::move(g);
    features.push_back(std::move(pf));
  });
  auto wgs = wgs84_lonlat();
  auto ct = make_transform(*wgs, metric, path);
  for (ProxyFeature& pf : features) transform(*pf.geom, *ct, where(path, "multipolygons", pf.id));
  const ProxyEstimate est = estimate_population(features, settings);
  for (const WeightedPolygon& wp : est.polygons) {
    if (wp.weight > 0) add_polygon(b, *wp.geom, wp.weight, wp.id, where(path, "multipolygons", wp.id));
  }
  if (b.polygons.size() == 0) throw InputError(path + ": no buildings or residential land to spread the census by");
  b.description = "the buildings and residential land of " + path + " inside each unit, weighted by the population proxy (" +
                  est.describe(settings) + ")";
  return b;
}

SpreadBasis polygon_basis(const CensusSource& src, const OGRSpatialReference& metric, const LoadOptions& options) {
  const std::string& path = src.spread_by;
  GDALDatasetUniquePtr ds = open_vector(path, options.encoding);
  OGRLayer* layer = find_layer(*ds, path, src.spread_layer);
  const std::string lname = layer->GetName();
  const auto srs = srs_of(layer->GetSpatialRef(), path, options);
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int levels = column(defn, src.levels_field,
                            {"building:levels", "building_levels", "levels", "floors", "层数", "楼层数"}, path, lname,
                            "--spread-levels-field");
  const std::string levels_name = levels >= 0 ? defn->GetFieldDefn(levels)->GetNameRef() : "";
  auto ct = make_transform(*srs, metric, path);
  SpreadBasis b;
  std::size_t not_polygons = 0, no_levels = 0;
  for (auto& f : *layer) {
    check_interrupt();
    const std::string id = std::to_string(f->GetFID());
    const std::string at = where(path, lname, id);
    std::string problem;
    bool repaired = false;
    GeomPtr g = usable_geometry(f->GetGeometryRef(), problem, repaired);
    if (!g || !is_polygonal(*g)) {
      ++not_polygons;
      continue;
    }
    transform(*g, *ct, at);
    double storeys = 1;
    if (levels >= 0) {
      char* end = nullptr;
      const char* text = f->IsFieldSetAndNotNull(levels) ? f->GetFieldAsString(levels) : "";
      const double v = std::strtod(text, &end);
      if (end != text && *end == '\0' && std::isfinite(v) && v >= 1 && v <= 1000) storeys = v;
      else ++no_levels;
    }
    const double weight = area_of(*g) * storeys;
    if (weight > 0) add_polygon(b, *g, weight, id, at);
  }
  if (b.polygons.size() == 0) throw InputError(where(path, lname) + ": no polygon to spread the census by");
  b.description = "the polygons of " + path + " (layer " + lname + ") inside each unit, weighted by their area" +
                  (levels >= 0 ? " × levels (field '" + levels_name + "')" : " (no levels field)") + " (" +
                  thousands(static_cast<double>(b.polygons.size())) + " polygons)";
  if (not_polygons > 0) {
    b.notes.push_back(where(path, lname) + ": " + thousands(static_cast<double>(not_polygons)) +
                      " features that are not usable polygons are not part of the spread's basis");
  }
  if (no_levels > 0) {
    b.notes.push_back(where(path, lname, "", levels_name) + ": " + thousands(static_cast<double>(no_levels)) +
                      " polygons without a number of levels from 1 to 1,000 count 1 level");
  }
  return b;
}

}  // namespace

CensusTable read_census_table(const CensusSource& src, const std::string& encoding) {
  ensure_gdal();
  GDALDatasetUniquePtr ds = open_vector(src.path, encoding);
  OGRLayer* layer = find_layer(*ds, src.path, src.layer);
  const std::string lname = layer->GetName();
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  const auto population_names = {"常住人口", "常住人口数", "人口", "总人口", "人口数", "population", "pop", "POP"};
  const int code = column(defn, src.code_field,
                          {"统计用区划代码", "区划代码", "代码", "编码", "code", "CODE", "Code", "adcode"}, src.path, lname,
                          "--census-code-field");
  const int name = column(defn, src.name_field,
                          {"名称", "街道", "乡镇", "街道名称", "乡镇名称", "街道(乡镇)", "乡镇(街道)", "地区", "name", "NAME", "Name"},
                          src.path, lname, "--census-name-field");
  const int population = column(defn, src.population_field, population_names, src.path, lname, "--census-population-field");
  const int aged60 = column(defn, src.aged60_field, {"60岁及以上", "60岁以上", "60周岁及以上", "60岁及以上人口", "aged60", "pop60"},
                            src.path, lname, "--census-aged60-field");
  const int aged65 = column(defn, src.aged65_field, {"65岁及以上", "65岁以上", "65周岁及以上", "65岁及以上人口", "aged65", "pop65"},
                            src.path, lname, "--census-aged65-field");
  if (population < 0) {
    throw InputError(where(src.path, lname) + ": no population column (looked for " + names_of(population_names) +
                     "; columns: " + field_list(defn) + "); name it with --census-population-field");
  }
  if (code < 0 && name < 0) {
    throw InputError(where(src.path, lname) + ": no code or name column to join by (looked for 统计用区划代码, 代码, code, " +
                     "名称, 街道, 乡镇, name, ...; columns: " + field_list(defn) +
                     "); name one with --census-code-field or --census-name-field");
  }
  CensusTable t;
  t.source = src.path + " (" + lname + ")";
  const auto name_of = [&](int i) { return i >= 0 ? std::string(defn->GetFieldDefn(i)->GetNameRef()) : std::string(); };
  t.code_field = name_of(code);
  t.name_field = name_of(name);
  t.population_field = name_of(population);
  t.aged60_field = name_of(aged60);
  t.aged65_field = name_of(aged65);
  const bool csv = has_suffix(src.path, ".csv");
  for (auto& f : *layer) {
    check_interrupt();
    const std::string row = csv ? "line " + std::to_string(f->GetFID() + 1) : "row " + std::to_string(f->GetFID());
    const auto text = [&](int i) {
      return i >= 0 && f->IsFieldSetAndNotNull(i) ? utf8_field(*f, i, src.path, where(src.path, lname, row, name_of(i)))
                                                 : std::string();
    };
    const auto count = [&](int i, const std::string& what) {
      return i >= 0 ? parse_count(*f, i, where(src.path, lname, row, name_of(i)), what) : NAN;
    };
    const double pop = count(population, "population");
    if (std::isnan(pop)) throw InputError(where(src.path, lname, row, t.population_field) + ": no population");
    const double a60 = count(aged60, "residents aged 60+"), a65 = count(aged65, "residents aged 65+");
    for (const auto& [v, field] : {std::pair{a60, t.aged60_field}, std::pair{a65, t.aged65_field}}) {
      if (v > pop) {
        throw InputError(where(src.path, lname, row, field) + ": " + shortest(v) + " residents of that age, more than the " +
                         shortest(pop) + " residents of the row ('" + t.population_field + "')");
      }
    }
    if (!std::isnan(a60) && !std::isnan(a65) && a65 > a60) {
      throw InputError(where(src.path, lname, row, t.aged65_field) + ": " + shortest(a65) + " residents aged 65+, more than the " +
                       shortest(a60) + " aged 60+ ('" + t.aged60_field + "')");
    }
    t.row.push_back(row);
    t.code.push_back(text(code));
    t.name.push_back(text(name));
    t.population.push_back(pop);
    t.aged60.push_back(a60);
    t.aged65.push_back(a65);
  }
  if (t.size() == 0) throw InputError(where(src.path, lname) + ": the census table holds no rows");
  return t;
}

SpreadBasis read_spread_basis(const CensusSource& src, const std::string& metric_crs_wkt, const LoadOptions& options) {
  ensure_gdal();
  OGRSpatialReference metric;
  metric.importFromWkt(metric_crs_wkt.c_str());
  metric.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (is_osm_path(src.spread_by)) return osm_basis(src.spread_by, metric, options);
  if (GDALDatasetUniquePtr raster = try_open_raster(src.spread_by)) return raster_basis(src.spread_by, *raster, metric, options);
  return polygon_basis(src, metric, options);
}

}  // namespace lc::io

#include "cli_test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

namespace lc::clitest {

namespace fs = std::filesystem;

namespace {

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

OGRSpatialReference srs_for(int epsg) {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(epsg) != OGRERR_NONE) throw std::runtime_error("unknown EPSG code " + std::to_string(epsg));
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

// Cached EPSG:4326 <-> EPSG:epsg transformations (lon/lat order for 4326).
OGRCoordinateTransformation& transform(int from, int to) {
  static std::map<std::pair<int, int>, std::unique_ptr<OGRCoordinateTransformation>> cache;
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  auto& ct = cache[{from, to}];
  if (!ct) {
    ensure_gdal();
    OGRSpatialReference a = srs_for(from), b = srs_for(to);
    ct.reset(OGRCreateCoordinateTransformation(&a, &b));
    if (!ct) throw std::runtime_error("no transformation EPSG:" + std::to_string(from) + " -> EPSG:" + std::to_string(to));
  }
  return *ct;
}

std::string field_or_empty(const OGRFeature& f, const char* name) {
  const int i = f.GetDefnRef()->GetFieldIndex(name);
  if (i < 0 || !f.IsFieldSetAndNotNull(i)) return "";
  return f.GetFieldAsString(i);
}

}  // namespace

std::string source_dir() { return LIFECIRCLE_SOURCE_DIR; }
std::string binary() { return LIFECIRCLE_BINARY; }
std::string chengdu_pbf() { return source_dir() + "/data/chengdu_central_2018.osm.pbf"; }

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "lifecircle-cli-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed for " + tmpl);
  path_ = buf.data();
}

TempDir::~TempDir() {
  if (keep_) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

RunResult run_lifecircle(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& log_dir) {
  RunResult r;
  const fs::path out = log_dir / "lifecircle.stdout", err = log_dir / "lifecircle.stderr";
  std::string cmd = "cd " + shell_quote(cwd.string()) + " && " + shell_quote(binary());
  for (const auto& a : args) cmd += " " + shell_quote(a);
  r.command = cmd;
  cmd += " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string());
  const int status = std::system(cmd.c_str());
  r.exit_code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  std::error_code ec;
  fs::remove(out, ec);
  fs::remove(err, ec);
  return r;
}

std::string read_text(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path.string());
}

nlohmann::json read_json(const fs::path& path) { return nlohmann::json::parse(read_text(path)); }

void expect_timings(const nlohmann::json& summary, const std::vector<std::string>& stages, int threads) {
  ASSERT_TRUE(summary.contains("timings_s")) << summary.dump(1).substr(0, 400);
  const nlohmann::json& t = summary["timings_s"];
  double sum = 0;
  for (const auto& [stage, s] : t.items()) {
    EXPECT_GE(s.get<double>(), 0) << stage;
    if (stage != "total") sum += s.get<double>();
  }
  for (const std::string& stage : stages) EXPECT_TRUE(t.contains(stage)) << "no stage '" << stage << "' in " << t.dump();
  ASSERT_TRUE(t.contains("total"));
  EXPECT_NEAR(t["total"].get<double>(), sum, 1e-9 * std::max(1.0, sum));
  ASSERT_TRUE(summary.contains("threads"));
  EXPECT_GE(summary["threads"].get<int>(), 1);
  if (threads > 0) {
    EXPECT_EQ(summary["threads"].get<int>(), threads);
  }
}

std::vector<std::string> leftover_outputs(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name == "summary.json" || name == "demand.geojson" || name == "facilities.geojson" ||
        name == "service_areas.geojson" || (!name.empty() && name[0] == '.')) {
      out.push_back(name);
    }
  }
  return out;
}

long long feature_count(const fs::path& path) {
  ensure_gdal();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds || ds->GetLayerCount() != 1) return -1;
  return ds->GetLayer(0)->GetFeatureCount(TRUE);
}

// ---------------------------------------------------------------------------------------------

std::map<std::string, std::string> parse_hstore(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  auto skip = [&](const char* chars) {
    while (i < text.size() && std::string(chars).find(text[i]) != std::string::npos) ++i;
  };
  auto quoted = [&](std::string& s) -> bool {
    if (i >= text.size() || text[i] != '"') return false;
    ++i;
    s.clear();
    while (i < text.size() && text[i] != '"') {
      if (text[i] == '\\' && i + 1 < text.size()) ++i;
      s += text[i++];
    }
    if (i >= text.size()) throw std::runtime_error("hstore: unterminated string in " + text);
    ++i;
    return true;
  };
  while (true) {
    skip(" ,");
    if (i >= text.size()) break;
    std::string key, value;
    if (!quoted(key)) throw std::runtime_error("hstore: expected a quoted key at " + std::to_string(i) + " in " + text);
    skip(" ");
    if (text.compare(i, 2, "=>") != 0) throw std::runtime_error("hstore: expected => in " + text);
    i += 2;
    skip(" ");
    if (!quoted(value)) {
      if (text.compare(i, 4, "NULL") != 0) throw std::runtime_error("hstore: bad value in " + text);
      i += 4;
    }
    out[key] = value;
  }
  return out;
}

namespace {

bool in(const std::optional<std::string>& v, std::initializer_list<const char*> values) {
  if (!v) return false;
  for (const char* a : values) {
    if (*v == a) return true;
  }
  return false;
}

}  // namespace

OsmCounts count_osm_default(const std::string& pbf) {
  ensure_gdal();
  // The default configuration is GDAL's own osmconf.ini; an OSM_CONFIG_FILE setting would replace it.
  if (const char* c = CPLGetConfigOption("OSM_CONFIG_FILE", nullptr); c && *c) {
    throw std::runtime_error(std::string("OSM_CONFIG_FILE is set (") + c + "); the independent count needs GDAL's default");
  }
  // No open options: GDAL's default osmconf.ini (closed_ways_are_polygons without healthcare).
  GDALDatasetUniquePtr ds(GDALDataset::Open(pbf.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) throw std::runtime_error("GDAL cannot open " + pbf);
  OsmCounts counts;
  for (OGRLayer* l : ds->GetLayers()) counts.layer_features[l->GetName()] = 0;
  for (const char* c : {"health", "elderly_care", "fitness", "scenic"}) counts.categories[c];

  ds->ResetReading();
  OGRLayer* layer = nullptr;
  while (true) {
    OGRFeatureUniquePtr f(ds->GetNextFeature(&layer, nullptr, nullptr, nullptr));
    if (!f) break;
    const std::string lname = layer->GetName();
    ++counts.layer_features[lname];
    const std::map<std::string, std::string> other = parse_hstore(field_or_empty(*f, "other_tags"));
    // A tag is an own column when the default osmconf.ini lists it for the layer, else in other_tags.
    auto tag = [&](const std::string& key) -> std::optional<std::string> {
      const int i = f->GetDefnRef()->GetFieldIndex(key.c_str());
      if (i >= 0) {
        if (f->IsFieldSetAndNotNull(i)) return std::string(f->GetFieldAsString(i));
        return std::nullopt;
      }
      const auto it = other.find(key);
      if (it == other.end()) return std::nullopt;
      return it->second;
    };

    if (lname == "lines") {
      const OGRGeometry* g = f->GetGeometryRef();
      const auto* ls = g ? dynamic_cast<const OGRLineString*>(g) : nullptr;
      if (ls && ls->get_IsClosed() && (tag("healthcare") || tag("social_facility"))) {
        counts.closed_lines_with_health_or_social_tags.push_back("way/" + field_or_empty(*f, "osm_id"));
      }
      continue;
    }
    if (lname != "points" && lname != "multipolygons") continue;
    const bool point = lname == "points";

    for (const char* key : {"amenity", "leisure", "tourism", "healthcare", "social_facility"}) {
      if (const auto v = tag(key)) {
        auto& c = counts.tag_counts[std::string(key) + "=" + *v];
        ++(point ? c.first : c.second);
      }
    }

    std::vector<std::string> cats;
    const auto amenity = tag("amenity"), healthcare = tag("healthcare"), leisure = tag("leisure"),
               tourism = tag("tourism"), social = tag("social_facility"), social_for = tag("social_facility:for");
    if (in(amenity, {"hospital", "clinic", "doctors"}) || in(healthcare, {"hospital", "clinic", "doctor", "centre"})) {
      cats.push_back("health");
    }
    if (in(amenity, {"nursing_home"}) || in(social, {"nursing_home", "assisted_living"}) ||
        in(social_for, {"senior", "elderly"})) {
      cats.push_back("elderly_care");
    }
    if (in(leisure, {"fitness_centre", "sports_centre", "pitch", "fitness_station", "sports_hall"})) {
      cats.push_back("fitness");
    }
    if (in(tourism, {"attraction", "viewpoint", "museum"}) || in(leisure, {"park"})) cats.push_back("scenic");
    if (cats.empty()) continue;

    OsmFacility fac;
    fac.layer = lname;
    if (point) {
      fac.id = "node/" + field_or_empty(*f, "osm_id");
      const auto* p = dynamic_cast<const OGRPoint*>(f->GetGeometryRef());
      if (!p) throw std::runtime_error(fac.id + ": points feature without a point");
      fac.lon = p->getX();
      fac.lat = p->getY();
    } else {
      const std::string way = field_or_empty(*f, "osm_way_id");
      fac.id = way.empty() ? "relation/" + field_or_empty(*f, "osm_id") : "way/" + way;
      if (const OGRGeometry* g = f->GetGeometryRef()) fac.wkt = g->exportToWkt();
    }
    for (const auto& c : cats) counts.categories[c].push_back(fac);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------

void lonlat_to_metric(int epsg, double lon, double lat, double& x, double& y) {
  x = lon;
  y = lat;
  if (!transform(4326, epsg).Transform(1, &x, &y)) throw std::runtime_error("cannot transform a lon/lat point");
}

void metric_to_lonlat(int epsg, double x, double y, double& lon, double& lat) {
  lon = x;
  lat = y;
  if (!transform(epsg, 4326).Transform(1, &lon, &lat)) throw std::runtime_error("cannot transform a metric point");
}

double distance_to_wkt(int epsg, const std::string& wkt, double x, double y) {
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g) != OGRERR_NONE || !g) {
    throw std::runtime_error("bad WKT");
  }
  std::unique_ptr<OGRGeometry> geom(g);
  if (geom->transform(&transform(4326, epsg)) != OGRERR_NONE) throw std::runtime_error("cannot transform a geometry");
  OGRPoint p(x, y);
  return geom->Distance(&p);
}

void write_geojson(const fs::path& path, int epsg, const std::vector<TestFeature>& features) {
  ensure_gdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
  if (!driver) throw std::runtime_error("GDAL has no GeoJSON driver");
  std::error_code ec;
  fs::remove(path, ec);
  GDALDatasetUniquePtr ds(driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw std::runtime_error("GDAL cannot create " + path.string());
  OGRSpatialReference srs = srs_for(epsg);
  OGRLayer* layer = ds->CreateLayer(path.stem().string().c_str(), &srs, wkbUnknown, nullptr);
  if (!layer) throw std::runtime_error("GDAL cannot create a layer in " + path.string());
  if (!features.empty()) {
    for (const auto& [name, value] : features.front().strings) {
      OGRFieldDefn field(name.c_str(), OFTString);
      if (layer->CreateField(&field) != OGRERR_NONE) throw std::runtime_error("cannot create field " + name);
    }
    for (const auto& [name, value] : features.front().reals) {
      OGRFieldDefn field(name.c_str(), OFTReal);
      if (layer->CreateField(&field) != OGRERR_NONE) throw std::runtime_error("cannot create field " + name);
    }
  }
  for (const TestFeature& tf : features) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (const auto& [name, value] : tf.strings) f->SetField(name.c_str(), value.c_str());
    for (const auto& [name, value] : tf.reals) f->SetField(name.c_str(), value);
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkt(tf.wkt.c_str(), &srs, &g) != OGRERR_NONE || !g) {
      throw std::runtime_error("bad WKT " + tf.wkt);
    }
    f->SetGeometryDirectly(g);
    if (layer->CreateFeature(f.get()) != OGRERR_NONE) throw std::runtime_error("cannot write a feature to " + path.string());
  }
  ds.reset();  // closes and flushes the file
  if (!fs::exists(path)) throw std::runtime_error("GDAL wrote no " + path.string());
}

namespace {

GDALDatasetUniquePtr open_one_layer(const fs::path& path, OGRLayer*& layer) {
  ensure_gdal();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds || ds->GetLayerCount() != 1) throw std::runtime_error("GDAL cannot open " + path.string() + " as one layer");
  layer = ds->GetLayer(0);
  return ds;
}

const OGRPoint& point_of(const OGRFeature& f, const fs::path& path) {
  const auto* p = dynamic_cast<const OGRPoint*>(f.GetGeometryRef());
  if (!p) throw std::runtime_error(path.string() + ": feature " + std::to_string(f.GetFID()) + " is not a point");
  return *p;
}

int field_index(const OGRFeatureDefn* defn, const std::string& name, const fs::path& path) {
  const int i = defn->GetFieldIndex(name.c_str());
  if (i < 0) throw std::runtime_error(path.string() + ": no field " + name);
  return i;
}

}  // namespace

std::vector<DemandRow> read_demand(const fs::path& geojson, const std::vector<std::string>& categories,
                                   int metric_epsg) {
  OGRLayer* layer = nullptr;
  GDALDatasetUniquePtr ds = open_one_layer(geojson, layer);
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int id = field_index(defn, "id", geojson), pop = field_index(defn, "population", geojson);
  const int complete = field_index(defn, "life_circle_complete", geojson);
  std::vector<DemandRow> rows;
  for (auto& f : *layer) {
    DemandRow r;
    r.id = f->GetFieldAsString(id);
    r.population = f->GetFieldAsDouble(pop);
    r.complete = f->GetFieldAsInteger(complete) != 0;
    for (const auto& c : categories) {
      r.covered[c] = f->GetFieldAsInteger(field_index(defn, c + "_covered", geojson)) != 0;
      r.count[c] = f->GetFieldAsInteger64(field_index(defn, c + "_count", geojson));
      const int n = field_index(defn, c + "_nearest_m", geojson);
      if (f->IsFieldSetAndNotNull(n)) r.nearest_m[c] = f->GetFieldAsDouble(n);
      else r.nearest_m[c] = std::nullopt;
    }
    const OGRPoint& p = point_of(*f, geojson);
    r.lon = p.getX();
    r.lat = p.getY();
    lonlat_to_metric(metric_epsg, r.lon, r.lat, r.x, r.y);
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<FacilityRow> read_facilities(const fs::path& geojson, int metric_epsg) {
  OGRLayer* layer = nullptr;
  GDALDatasetUniquePtr ds = open_one_layer(geojson, layer);
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int id = field_index(defn, "id", geojson), cat = field_index(defn, "category", geojson);
  std::vector<FacilityRow> rows;
  for (auto& f : *layer) {
    FacilityRow r;
    r.id = f->GetFieldAsString(id);
    r.category = f->GetFieldAsString(cat);
    const OGRPoint& p = point_of(*f, geojson);
    r.lon = p.getX();
    r.lat = p.getY();
    lonlat_to_metric(metric_epsg, r.lon, r.lat, r.x, r.y);
    rows.push_back(std::move(r));
  }
  return rows;
}

RunResult run_hand_map_case(const std::filesystem::path& dir, const std::string& facility_name) {
  auto pt = [](double x, double y) { return "POINT (" + std::to_string(500000 + x) + " " + std::to_string(10000 + y) + ")"; };
  write_geojson(dir / "fac.geojson", 32650, {{pt(0, 0), {{"id", "F"}, {"name", facility_name}}, {}}});
  write_geojson(dir / "homes.geojson", 32650,
                {{pt(300, 0), {{"id", "d1"}}, {{"pop", 20}}},
                 {pt(3000, 0), {{"id", "d2"}}, {{"pop", 10}}},
                 {pt(-3000, 2000), {{"id", "d3"}}, {{"pop", 5}}}});
  return run_lifecircle({"coverage", "--facilities", (dir / "fac.geojson").string(), "--category", "fitness", "--demand",
                         (dir / "homes.geojson").string(), "--population-field", "pop", "--within", "1000m", "--out",
                         (dir / "run").string()},
                        dir, dir);
}

std::array<int, 3> Pixels::at(int x, int y) const {
  const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x);
  return {rgb[0][i], rgb[1][i], rgb[2][i]};
}

Pixels read_png(const std::filesystem::path& path) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!ds) throw std::runtime_error("GDAL cannot open " + path.string());
  Pixels p;
  p.width = ds->GetRasterXSize();
  p.height = ds->GetRasterYSize();
  for (int b = 0; b < 3; ++b) {
    p.rgb[b].resize(static_cast<std::size_t>(p.width) * static_cast<std::size_t>(p.height));
    if (ds->GetRasterBand(b + 1)->RasterIO(GF_Read, 0, 0, p.width, p.height, p.rgb[b].data(), p.width, p.height, GDT_Byte,
                                           0, 0) != CE_None) {
      throw std::runtime_error("cannot read " + path.string());
    }
  }
  return p;
}

bool near(std::array<int, 3> a, std::array<int, 3> b, int tol) {
  for (int k = 0; k < 3; ++k)
    if (std::abs(a[k] - b[k]) > tol) return false;
  return true;
}

std::string plan_point(double x, double y) {
  return "POINT (" + std::to_string(kPlanX0 + x) + " " + std::to_string(kPlanY0 + y) + ")";
}

std::string plan_box(double x0, double y0, double x1, double y1) {
  auto p = [](double x, double y) { return std::to_string(kPlanX0 + x) + " " + std::to_string(kPlanY0 + y); };
  return "POLYGON ((" + p(x0, y0) + "," + p(x1, y0) + "," + p(x1, y1) + "," + p(x0, y1) + "," + p(x0, y0) + "))";
}

}  // namespace lc::clitest

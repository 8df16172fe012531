#include "io/gdal_env.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "io/error.hpp"

namespace lc::io {

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

std::string data_dir() {
  if (const char* env = std::getenv("LIFECIRCLE_DATA_DIR"); env && *env) return env;
  return LIFECIRCLE_DATA_DIR;
}

namespace {
thread_local GdalMessages* active = nullptr;
}

GdalMessages::GdalMessages() {
  CPLPushErrorHandlerEx(&GdalMessages::handler, this);
  CPLErrorReset();
  active = this;
}

GdalMessages::~GdalMessages() {
  CPLPopErrorHandler();
  active = nullptr;
}

void CPL_STDCALL GdalMessages::handler(CPLErr level, CPLErrorNum, const char* msg) {
  auto* self = static_cast<GdalMessages*>(CPLGetErrorHandlerUserData());
  if (!self || level < CE_Warning) return;
  self->messages_.emplace_back(msg ? msg : "");
}

std::vector<std::string> GdalMessages::take() {
  std::vector<std::string> out;
  out.swap(messages_);
  return out;
}

std::string GdalMessages::last_error() const {
  const char* m = CPLGetLastErrorMsg();
  if (m && *m) return m;
  return messages_.empty() ? std::string("unknown GDAL error") : messages_.back();
}

bool has_suffix(const std::string& path, const std::string& suffix) {
  if (path.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(path[path.size() - suffix.size() + i])) != suffix[i]) return false;
  }
  return true;
}

bool is_osm_path(const std::string& path) { return has_suffix(path, ".pbf") || has_suffix(path, ".osm"); }

GDALDatasetUniquePtr open_vector(const std::string& source) {
  ensure_gdal();
  const bool is_db = source.rfind("PG:", 0) == 0;
  if (!is_db && !std::filesystem::exists(source)) {
    throw InputError(source + ": no such file");
  }
  GdalMessages messages;
  std::vector<std::string> options;
  if (is_osm_path(source)) {
    options.push_back("CONFIG_FILE=" + data_dir() + "/osmconf.ini");
    options.push_back("INTERLEAVED_READING=YES");
  }
  if (has_suffix(source, ".csv")) {
    // CSV: lon/lat (or x/y) columns become the point geometry.
    options.push_back("X_POSSIBLE_NAMES=lon,lng,longitude,x,经度");
    options.push_back("Y_POSSIBLE_NAMES=lat,latitude,y,纬度");
    options.push_back("KEEP_GEOM_COLUMNS=NO");
  }
  std::vector<const char*> opts;
  for (const auto& o : options) opts.push_back(o.c_str());
  opts.push_back(nullptr);
  GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                            opts.data(), nullptr));
  if (!ds) throw InputError(source + ": GDAL cannot open it as a vector source: " + messages.last_error());
  return ds;
}

GDALDatasetUniquePtr try_open_raster(const std::string& source) {
  ensure_gdal();
  if (source.rfind("PG:", 0) == 0 || !std::filesystem::exists(source)) return nullptr;
  GdalMessages messages;
  GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (ds && ds->GetRasterCount() == 0) return nullptr;
  return ds;
}

OGRLayer* find_layer(GDALDataset& ds, const std::string& source, const std::string& name) {
  std::string names;
  for (OGRLayer* l : ds.GetLayers()) names += (names.empty() ? "" : ", ") + std::string(l->GetName());
  if (!name.empty()) {
    if (OGRLayer* l = ds.GetLayerByName(name.c_str())) return l;
    throw InputError(source + ": no layer '" + name + "' (layers: " + (names.empty() ? "none" : names) + ")");
  }
  if (ds.GetLayerCount() == 1) return ds.GetLayer(0);
  if (ds.GetLayerCount() == 0) throw InputError(source + ": holds no vector layer");
  throw InputError(source + ": holds several layers (" + names + "); name one with --facilities-layer or --demand-layer");
}

std::string crs_label(const OGRSpatialReference* srs) {
  if (!srs) return "none";
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  if (auth && code) return std::string(auth) + ":" + code;
  const char* name = srs->GetName();
  return name ? name : "unnamed CRS";
}

}  // namespace lc::io

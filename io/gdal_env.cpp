#include "io/gdal_env.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <nlohmann/json.hpp>

#include "io/atomic_output.hpp"
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
  return messages_.empty() ? std::string() : messages_.back();
}

bool has_suffix(const std::string& path, const std::string& suffix) {
  if (path.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(path[path.size() - suffix.size() + i])) != suffix[i]) return false;
  }
  return true;
}

bool is_osm_path(const std::string& path) { return has_suffix(path, ".pbf") || has_suffix(path, ".osm"); }

namespace {

// ---------------------------------------------------------------------------------------------
// Why a source does not open as vector data. GDAL's drivers often refuse a file without saying
// why (a driver that does not recognise a file stays silent), so the file itself is looked at.

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The file name's last extension, lower case, without the dot ("pbf" for x.osm.pbf).
std::string extension_of(const std::string& path) { return lower(CPLGetExtension(path.c_str())); }

// Up to `n` bytes from the start of the file (through GDAL's file layer, so /vsimem/, /vsizip/...
// paths are read like files).
std::string head_of(const std::string& path, std::size_t n) {
  VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
  if (!f) return {};
  std::string out(n, '\0');
  out.resize(VSIFReadL(out.data(), 1, n, f));
  VSIFCloseL(f);
  return out;
}

// The vector drivers of this GDAL, and those that claim files named *.ext.
struct VectorDrivers {
  int count = 0;
  std::vector<std::string> for_extension;
};

VectorDrivers vector_drivers(const std::string& ext) {
  VectorDrivers out;
  GDALDriverManager* dm = GetGDALDriverManager();
  for (int i = 0; i < dm->GetDriverCount(); ++i) {
    GDALDriver* d = dm->GetDriver(i);
    if (!d->GetMetadataItem(GDAL_DCAP_VECTOR)) continue;
    ++out.count;
    const char* exts = d->GetMetadataItem(GDAL_DMD_EXTENSIONS);
    if (ext.empty() || !exts) continue;
    std::istringstream words{lower(exts)};
    for (std::string w; words >> w;) {
      if (w == ext) {
        out.for_extension.emplace_back(d->GetDescription());
        break;
      }
    }
  }
  return out;
}

// The driver a file of this name is meant for, or empty when none claims its extension.
std::string driver_for(const std::string& path) {
  if (is_osm_path(path)) return "OSM";
  const VectorDrivers d = vector_drivers(extension_of(path));
  return d.for_extension.empty() ? std::string() : d.for_extension.front();
}

// CSV: GDAL's driver reads a table of two or more columns separated by commas, semicolons, tabs or
// spaces, the first line naming them.
std::string csv_problem(const std::string& path) {
  std::string line = head_of(path, 64 * 1024);
  line = line.substr(0, line.find('\n'));
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 byte order mark
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.find_first_not_of(" \t") == std::string::npos) {
    return "its first line is blank; a CSV file starts with a header line naming its columns";
  }
  bool quoted = false, separated = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && (c == ',' || c == ';' || c == '\t' || c == ' ')) separated = true;
  }
  if (separated) return "";
  std::string header = line.size() > 60 ? line.substr(0, 60) + "..." : line;
  return "it is a one-column CSV (header '" + header + "'): no geometry columns (lon/lat, x/y, longitude/latitude) and "
         "no WKT column, and GDAL reads a CSV only with two or more columns separated by commas, semicolons, "
         "tabs or spaces";
}

// GeoJSON: a JSON object whose "type" is FeatureCollection, Feature or a geometry type.
std::string json_problem(const std::string& path, std::uintmax_t size) {
  if (size > (64u << 20)) return "";  // too large to parse only to explain
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(head_of(path, static_cast<std::size_t>(size)));
  } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number beyond a double's range
    std::string what = e.what();
    if (const auto k = what.find("] "); what.rfind("[json.exception", 0) == 0 && k != std::string::npos) {
      what.erase(0, k + 2);
    }
    return "it is not valid JSON (" + what + ")";
  }
  if (!doc.is_object()) {
    const std::string kind = doc.is_array() ? "an array" : doc.is_string() ? "a string" : doc.is_number() ? "a number"
                             : doc.is_boolean() ? "true or false" : "null";
    return "it is JSON but not GeoJSON: its top level is " + kind + ", not an object with a \"type\" member";
  }
  const auto type = doc.find("type");
  if (type == doc.end() || !type->is_string()) {
    std::string members;
    for (const auto& [key, value] : doc.items()) {
      if (members.size() > 60) {
        members += ", ...";
        break;
      }
      members += (members.empty() ? "" : ", ") + std::string("\"") + key + "\"";
    }
    return "it is JSON but not GeoJSON: the top-level object has no \"type\" member (it has " +
           (members.empty() ? std::string("no members") : "the members " + members) +
           "); GeoJSON is an object with \"type\": \"FeatureCollection\", \"Feature\" or a geometry type";
  }
  static const char* const kinds[] = {"FeatureCollection", "Feature",         "Point",
                                      "MultiPoint",        "LineString",      "MultiLineString",
                                      "Polygon",           "MultiPolygon",    "GeometryCollection",
                                      "Topology"};  // TopoJSON, another driver's
  const std::string t = type->get<std::string>();
  if (std::find(std::begin(kinds), std::end(kinds), t) == std::end(kinds)) {
    return "it is JSON but not GeoJSON: its \"type\" is \"" + t +
           "\", not \"FeatureCollection\", \"Feature\" or a geometry type";
  }
  return "";
}

// GeoPackage: an SQLite database with the GeoPackage application id.
std::string gpkg_problem(const std::string& path) {
  const std::string head = head_of(path, 72);
  if (head.compare(0, 16, std::string("SQLite format 3\0", 16)) != 0) {
    return "it does not start with the SQLite header every GeoPackage has; the file is damaged or not a "
           "GeoPackage";
  }
  const std::string app = head.size() >= 72 ? head.substr(68, 4) : "";
  if (app != "GPKG" && app.rfind("GP1", 0) != 0) {
    return "it is an SQLite database but not a GeoPackage (it lacks the GeoPackage application id)";
  }
  return "";
}

// OSM: a PBF file starts with an OSMHeader block; an XML file with an <osm> element.
std::string osm_problem(const std::string& path) {
  if (has_suffix(path, ".pbf")) {
    if (head_of(path, 64).find("OSMHeader") == std::string::npos) {
      return "it does not start with the OSMHeader block of an OSM PBF file; the file is damaged or not an "
             "OSM extract";
    }
    return "";
  }
  if (head_of(path, 4096).find("<osm") == std::string::npos) {
    return "it has no <osm> element at its start, as an OSM XML file has; the file is damaged or not an OSM "
           "extract";
  }
  return "";
}

// A PBF file is a run of blocks, each a 4-byte big-endian length, a BlobHeader of that length and
// a Blob of the size the header's datasize (field 3) gives. GDAL's OSM driver reads a file cut
// short without a word (it stops at the cut and the features beyond are simply missing), so the
// blocks' frames are walked here, without decoding them. "" when the last block ends at the end
// of the file; else what is wrong.
std::string pbf_framing_problem(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  const std::uint64_t size = static_cast<std::uint64_t>(in.tellg());
  std::uint64_t at = 0;
  std::size_t blocks = 0;
  while (at < size) {
    if (size - at < 4) {
      return "truncated: it ends " + std::to_string(size - at) + " bytes into block " + std::to_string(blocks + 1) +
             " (byte " + std::to_string(at) + "); the download or copy was cut short";
    }
    unsigned char len_bytes[4];
    in.seekg(static_cast<std::streamoff>(at));
    in.read(reinterpret_cast<char*>(len_bytes), 4);
    const std::uint32_t header_len = (std::uint32_t{len_bytes[0]} << 24) | (std::uint32_t{len_bytes[1]} << 16) |
                                     (std::uint32_t{len_bytes[2]} << 8) | len_bytes[3];
    if (header_len == 0 || header_len > 64 * 1024) {
      return "damaged: block " + std::to_string(blocks + 1) + " at byte " + std::to_string(at) + " has a header length of " +
             std::to_string(header_len) + " bytes (at most 65,536)";
    }
    if (size - at - 4 < header_len) {
      return "truncated: it ends inside the header of block " + std::to_string(blocks + 1) + " (byte " + std::to_string(at) +
             " of " + std::to_string(size) + "); the download or copy was cut short";
    }
    std::string header(header_len, '\0');
    in.read(header.data(), header_len);
    // The BlobHeader's fields: 1 type (bytes), 2 indexdata (bytes), 3 datasize (varint).
    std::uint64_t data_size = 0;
    bool have_size = false;
    std::size_t k = 0;
    const auto varint = [&](std::uint64_t& v) {
      v = 0;
      for (int shift = 0; k < header.size() && shift < 64; shift += 7) {
        const unsigned char b = static_cast<unsigned char>(header[k++]);
        v |= std::uint64_t{b & 0x7fu} << shift;
        if (!(b & 0x80)) return true;
      }
      return false;
    };
    while (k < header.size()) {
      std::uint64_t key = 0, v = 0;
      if (!varint(key)) break;
      const unsigned wire = key & 7;
      if (wire == 0) {
        if (!varint(v)) break;
        if ((key >> 3) == 3) data_size = v, have_size = true;
      } else if (wire == 2) {
        if (!varint(v) || v > header.size() - k) break;
        k += static_cast<std::size_t>(v);
      } else {
        break;
      }
    }
    if (!have_size) return "damaged: block " + std::to_string(blocks + 1) + " at byte " + std::to_string(at) + " has no data size";
    const std::uint64_t end = at + 4 + header_len + data_size;
    if (end > size) {
      return "truncated: block " + std::to_string(blocks + 1) + " (from byte " + std::to_string(at) + ") needs " +
             std::to_string(end - at) + " bytes but the file ends after " + std::to_string(size - at) +
             "; the download or copy was cut short, and the features beyond the cut are missing";
    }
    at = end;
    ++blocks;
  }
  return "";
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty() || out.find(p) != std::string::npos) continue;
    out += (out.empty() ? "" : "; ") + p;
  }
  return out;
}

// The InputError for a source GDAL did not open as vector data; `said` is what GDAL reported.
[[noreturn]] void refuse_source(const std::string& source, const std::string& said) {
  if (source.rfind("PG:", 0) == 0) {
    throw InputError(source + ": GDAL cannot open the PostgreSQL source: " +
                     (said.empty() ? std::string("GDAL gave no reason") : said));
  }
  VSIStatBufL stat;
  const bool known = VSIStatL(source.c_str(), &stat) == 0;
  if (known && VSI_ISDIR(stat.st_mode)) {
    throw InputError(source + ": is a directory, not a file, and GDAL finds no vector data source in it" +
                     (said.empty() ? "" : " (GDAL: " + said + ")"));
  }
  const std::uintmax_t size = known ? static_cast<std::uintmax_t>(stat.st_size) : 0;
  if (known && size == 0) throw InputError(source + ": is empty (0 bytes)");
  {
    errno = 0;
    VSILFILE* f = VSIFOpenL(source.c_str(), "rb");
    if (!f) {
      const int err = errno;
      throw InputError(source + ": cannot be read: " + (err ? std::strerror(err) : "the file cannot be opened"));
    }
    VSIFCloseL(f);
  }
  {
    GdalMessages quiet;  // what raster drivers say about a file that is no raster is of no interest
    GDALDatasetUniquePtr raster(GDALDataset::Open(source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (raster && raster->GetRasterCount() > 0) {
      throw InputError(source + ": holds raster data (" +
                       (raster->GetDriver() ? std::string(raster->GetDriver()->GetDescription()) + ", " : "") +
                       std::to_string(raster->GetRasterXSize()) + " x " + std::to_string(raster->GetRasterYSize()) +
                       " cells), not vector data (points, lines or polygons)");
    }
  }
  std::string problem;
  const std::string ext = extension_of(source);
  std::string driver = driver_for(source);
  if (ext == "csv") {
    problem = csv_problem(source);
    driver = "CSV";
  } else if (ext == "json" || ext == "geojson") {
    problem = json_problem(source, known ? size : 0);
    driver = "GeoJSON";
  } else if (ext == "gpkg") {
    problem = gpkg_problem(source);
    driver = "GPKG";
    if (problem.empty() && said.empty()) {
      throw InputError(source + ": is a GeoPackage that has no layers (no vector or raster table)");
    }
  } else if (is_osm_path(source)) {
    problem = osm_problem(source);
  }
  // GDAL's own words when it gave any; else what the look at the file found.
  // What the look at the file found comes first (it says what is wrong in the user's terms);
  // GDAL's own words follow it, or stand alone.
  const std::string by = driver.empty() ? "GDAL" : "the " + driver + " driver";
  if (!problem.empty()) throw InputError(source + ": " + by + " cannot read it: " + problem + (said.empty() ? "" : " (GDAL: " + said + ")"));
  if (!said.empty()) throw InputError(source + ": " + by + " cannot read it: " + said);
  const VectorDrivers all = vector_drivers(ext);
  std::string tried = "all " + std::to_string(all.count) + " vector drivers of GDAL " + GDALVersionInfo("RELEASE_NAME");
  if (!all.for_extension.empty()) {
    std::string names;
    for (const std::string& n : all.for_extension) names += (names.empty() ? "" : ", ") + n;
    tried += ", among them " + names + " for ." + ext + " files";
  } else if (!ext.empty()) {
    tried += "; none is for ." + ext + " files";
  }
  throw InputError(source + ": is not a format GDAL reads as vector data (tried: " + tried +
                   "); none recognised its content");
}

// Every file of a dataset (a Shapefile's .shp, .dbf, .shx, .prj, .cpg) is an input no output may replace.
void register_inputs_of(GDALDataset& ds, const std::string& source) {
  if (source.rfind("PG:", 0) == 0) return;
  register_input(source);
  char** files = ds.GetFileList();
  for (char** f = files; f && *f; ++f) register_input(*f);
  CSLDestroy(files);
}

// Whether a file or folder of that name exists, for GDAL: on disk, or a /vsimem/, /vsizip/... path.
bool path_exists(const std::string& path) {
  VSIStatBufL stat;
  return VSIStatExL(path.c_str(), &stat, VSI_STAT_EXISTS_FLAG) == 0;
}

}  // namespace

bool takes_encoding(const std::string& source) {
  const std::string ext = extension_of(source);
  return ext == "shp" || ext == "dbf" || ext == "tab" || ext == "mif";
}

namespace {

// The position of the first byte of `s` that does not continue valid UTF-8, or npos.
std::size_t invalid_utf8_at(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    if (n == 2 && c < 0xC2) return i;  // overlong
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return i;
    }
    i += n;
  }
  return std::string::npos;
}

}  // namespace

std::string utf8_field(const OGRFeature& f, int field, const std::string& source, const std::string& where) {
  std::string v = f.GetFieldAsString(field);
  const std::size_t bad = invalid_utf8_at(v);
  if (bad == std::string::npos) return v;
  char bytes[16];
  std::string hex;
  for (std::size_t k = bad; k < v.size() && k < bad + 4; ++k) {
    std::snprintf(bytes, sizeof bytes, "%s%02X", hex.empty() ? "" : " ", static_cast<unsigned char>(v[k]));
    hex += bytes;
  }
  const std::string ext = extension_of(source);
  const std::string hint =
      ext == "shp" || ext == "dbf"
          ? "a Shapefile's .dbf without a .cpg file is usually GBK (Chinese data): give --encoding CP936 (or GB18030, "
            "BIG5, ...), or put a .cpg file holding 936 beside it"
          : takes_encoding(source) ? "give its character set with --encoding, e.g. --encoding CP936"
                                   : "convert the source to UTF-8 (e.g. ogr2ogr, or iconv for a CSV)";
  throw InputError(where + ": the value is not valid UTF-8 (bytes " + hex + " at byte " + std::to_string(bad) + "): " + hint);
}

namespace {

// The open options that make a CSV's coordinate columns its point geometry. The header is read
// by GDAL (the table opened once without them): a header naming one column twice (names match
// without regard to case) is refused as ambiguous; the coordinate columns are the first ones (in
// header order) with a longitude name and a latitude name, and only those two are passed on.
// (GDAL 3.6, given several possible names, read past its field array when two columns matched
// the longitude names before the latitude column.)
std::vector<std::string> csv_geometry_options(const std::string& source) {
  static const char* const x_names[] = {"lon", "lng", "longitude", "x", "经度"};
  static const char* const y_names[] = {"lat", "latitude", "y", "纬度"};
  GdalMessages messages;
  GDALDatasetUniquePtr plain(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!plain || plain->GetLayerCount() < 1) return {};  // the real open says what is wrong
  const OGRFeatureDefn* defn = plain->GetLayer(0)->GetLayerDefn();
  std::string x, y;
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const char* name = defn->GetFieldDefn(i)->GetNameRef();
    for (int j = 0; j < i; ++j) {
      if (EQUAL(name, defn->GetFieldDefn(j)->GetNameRef())) {
        throw InputError(where(source, "", "", name) + ": the header names column " + std::to_string(j + 1) +
                         " and column " + std::to_string(i + 1) + " alike: give each column its own name");
      }
    }
    for (const char* n : x_names)
      if (x.empty() && EQUAL(name, n)) x = name;
    for (const char* n : y_names)
      if (y.empty() && EQUAL(name, n)) y = name;
  }
  if (x.empty() || y.empty()) return {};
  return {"X_POSSIBLE_NAMES=" + x, "Y_POSSIBLE_NAMES=" + y, "KEEP_GEOM_COLUMNS=NO"};
}

}  // namespace

GDALDatasetUniquePtr open_vector(const std::string& source, const std::string& encoding) {
  ensure_gdal();
  const bool is_db = source.rfind("PG:", 0) == 0;
  if (!is_db && !path_exists(source)) throw InputError(source + ": no such file");
  GdalMessages messages;
  std::vector<std::string> options;
  if (is_osm_path(source)) {
    options.push_back("CONFIG_FILE=" + data_dir() + "/osmconf.ini");
    options.push_back("INTERLEAVED_READING=YES");
  }
  // Only for the drivers that take one: GeoJSON, GeoPackage and OSM data are UTF-8 by definition.
  if (!encoding.empty() && takes_encoding(source)) options.push_back("ENCODING=" + encoding);
  if (has_suffix(source, ".csv")) {
    // CSV: lon/lat (or x/y) columns become the point geometry.
    for (std::string& o : csv_geometry_options(source)) options.push_back(std::move(o));
  }
  std::vector<const char*> opts;
  for (const auto& o : options) opts.push_back(o.c_str());
  opts.push_back(nullptr);
  GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                            opts.data(), nullptr));
  if (!ds) {
    std::vector<std::string> said = messages.take();
    said.push_back(messages.last_error());
    refuse_source(source, joined(said));
  }
  if (has_suffix(source, ".pbf")) {
    if (const std::string problem = pbf_framing_problem(source); !problem.empty()) {
      throw InputError(source + ": the OSM PBF file is " + problem);
    }
  }
  register_inputs_of(*ds, source);
  return ds;
}

GDALDatasetUniquePtr try_open_raster(const std::string& source) {
  ensure_gdal();
  if (source.rfind("PG:", 0) == 0 || !path_exists(source)) return nullptr;
  GdalMessages messages;
  GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (ds && ds->GetRasterCount() == 0) return nullptr;
  if (ds) register_inputs_of(*ds, source);
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
  if (ds.GetLayerCount() == 0) throw InputError(source + ": has no layers (GDAL finds no vector layer in it)");
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

#pragma once
// GDAL set-up shared by the readers and writers (internal to io/).

#include <memory>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

namespace lc::io {

// Registers GDAL's drivers once; quiets GDAL's default stderr handler (messages are collected).
void ensure_gdal();

// Where the presets live: $LIFECIRCLE_DATA_DIR, else the source tree's data/ folder.
std::string data_dir();

// Collects GDAL warnings and errors raised while it is alive (this thread only).
class GdalMessages {
 public:
  GdalMessages();
  ~GdalMessages();
  GdalMessages(const GdalMessages&) = delete;
  GdalMessages& operator=(const GdalMessages&) = delete;
  // Messages since the last call, cleared.
  std::vector<std::string> take();
  // GDAL's CPLGetLastErrorMsg, else the last message collected; empty when GDAL said nothing.
  std::string last_error() const;

 private:
  static void CPL_STDCALL handler(CPLErr, CPLErrorNum, const char* msg);
  std::vector<std::string> messages_;
};

// Case-insensitive file-name ending test; `suffix` in lower case.
bool has_suffix(const std::string& path, const std::string& suffix);
bool is_osm_path(const std::string& path);

// Opens a vector source (files, "PG:..." connection strings, any GDAL source). OSM files get
// lifecircle's osmconf.ini (all tags kept). CSV files: lon/lat (x/y, ...) columns are the point
// geometry; a CSV with only its header line opens as a layer without features. Throws InputError
// naming the source and saying what is wrong when it fails: no such file, a directory, an empty
// file, an unreadable one, raster data, a file its format's driver cannot read (why, where that
// can be told: a one-column CSV, JSON that is not GeoJSON, a GeoPackage without layers, ...), or
// a format no GDAL driver reads.
GDALDatasetUniquePtr open_vector(const std::string& source, const std::string& encoding = "");

// Whether the driver of `source` (by its extension) takes an attribute encoding (--encoding): a
// Shapefile (.shp, .dbf) or MapInfo (.tab, .mif).
bool takes_encoding(const std::string& source);

// A string field's value, checked to be UTF-8: an InputError at `where` naming the bytes and
// what to do (--encoding CP936 for a Shapefile's .dbf without a .cpg, which is usually GBK) when
// it is not.
std::string utf8_field(const OGRFeature& f, int field, const std::string& source, const std::string& where);

// Opens a raster source, or returns null when `source` holds no raster.
GDALDatasetUniquePtr try_open_raster(const std::string& source);

// The layer called `name`, or the only layer when `name` is empty. Throws InputError listing
// the layers that exist when there is no such layer, or several and none was named.
OGRLayer* find_layer(GDALDataset& ds, const std::string& source, const std::string& name);

// "EPSG:4326", or the CRS name when it has no authority code.
std::string crs_label(const OGRSpatialReference* srs);

}  // namespace lc::io

#include "io/gdal_writers.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <geos_c.h>

#include "core/detail/geos_polygons.hpp"
#include "io/crs.hpp"
#include "core/interrupt.hpp"

namespace lc::io {

namespace {

std::string gdal_failure(const std::string& fallback) {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? std::string(m) : fallback;
}

// The byte length of the longest prefix of `s` of at most `max_bytes` that ends between UTF-8
// characters.
std::size_t utf8_cut(const std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s.size();
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // s[n] continues a character
  return n;
}

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// `v` rounded to `decimals` as its decimal text is (std::to_chars, the fast GeoJSON writer's
// rounding: exact, ties to even), read back.
double rounded(double v, int decimals) {
  char buf[400];
  const auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals).ptr;
  double out = v;
  std::from_chars(buf, end, out);
  return out;
}

constexpr std::size_t kDbfName = 10;    // bytes in a dBASE field name
constexpr std::size_t kCategoryPart = 6;  // rule 2: bytes kept of the category

}  // namespace

const char* gdal_driver_name(VectorDriver driver) {
  switch (driver) {
    case VectorDriver::geojson: return "GeoJSON";
    case VectorDriver::gpkg: return "GPKG";
    case VectorDriver::fgb: return "FlatGeobuf";
    case VectorDriver::shp: return "ESRI Shapefile";
    case VectorDriver::postgres: return "PostgreSQL";
  }
  return "GeoJSON";
}

GDALDatasetUniquePtr create_vector_file(VectorDriver driver, const std::filesystem::path& path,
                                        const std::string& display) {
  GDALDriver* d = GetGDALDriverManager()->GetDriverByName(gdal_driver_name(driver));
  if (!d) throw InputError(std::string("GDAL has no ") + gdal_driver_name(driver) + " driver");
  CPLErrorReset();
  GDALDatasetUniquePtr ds(d->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw InputError(display + ": cannot create the file: " + gdal_failure("GDAL gave no reason"));
  return ds;
}

std::string shapefile_field_name(const std::string& name, const std::vector<std::string>& taken) {
  static const std::vector<std::pair<std::string, std::string>> fixed = {
      {"population_in_reach", "pop_reach"},   {"population_nearest", "pop_near"}, {"population_covered", "pop_cov"},
      {"facility_count", "fac_count"},        {"facility_id", "fac_id"},         {"facility_name", "fac_name"},
      {"life_circle_complete", "complete"},   {"covered_weight_after", "cov_after"},
      {"total_cost_after", "cost_after"},     {"max_cost_after", "max_after"}};
  static const std::vector<std::pair<std::string, std::string>> endings = {
      {"_nearest_m", "_m"}, {"_nearest_s", "_s"}, {"_covered", "_cov"}, {"_count", "_cnt"}};
  std::string head = name, tail;  // the name is head + tail; a number goes at the end of head
  std::size_t head_bytes = kDbfName;
  bool done = false;
  for (const auto& [from, to] : fixed) {
    if (name == from) head = to, done = true;
  }
  for (std::size_t k = 0; !done && k < endings.size(); ++k) {
    const std::string& from = endings[k].first;
    if (name.size() > from.size() && name.compare(name.size() - from.size(), from.size(), from) == 0) {
      head = name.substr(0, name.size() - from.size());
      tail = endings[k].second;
      head_bytes = kCategoryPart;
      done = true;
    }
  }
  const auto cut = [&](std::size_t bytes) {
    std::string h = head.substr(0, utf8_cut(head, bytes));
    if (!tail.empty()) {
      while (!h.empty() && h.back() == '_') h.pop_back();
    }
    return h;
  };
  const auto is_taken = [&](const std::string& candidate) {
    const std::string l = lower_ascii(candidate);
    for (const std::string& t : taken) {
      if (t == l) return true;
    }
    return false;
  };
  std::string out = cut(head_bytes) + tail;
  for (unsigned n = 2; is_taken(out); ++n) {
    const std::string number = std::to_string(n);
    out = cut(head_bytes - std::min(head_bytes, number.size())) + number + tail;
  }
  return out;
}

LayerWriter::LayerWriter(GDALDataset& ds, VectorDriver driver, const std::string& layer_name,
                         const std::string& display, LayerGeometry geometry, const std::string& crs_wkt,
                         const std::vector<std::string>& extra_options)
    : ds_(&ds), driver_(driver), display_(display) {
  OGRSpatialReference metric;
  metric.importFromWkt(crs_wkt.c_str());
  const auto wgs = wgs84_lonlat();
  to_lonlat_ = make_transform(metric, *wgs, display);
  std::vector<std::string> options;
  OGRwkbGeometryType type = geometry == LayerGeometry::points ? wkbPoint : wkbMultiPolygon;
  switch (driver) {
    case VectorDriver::geojson:
      options = {"RFC7946=YES", "WRITE_NAME=NO", "COORDINATE_PRECISION=7"};
      if (geometry == LayerGeometry::polygons) type = wkbUnknown;  // polygons and multipolygons, as they come
      break;
    case VectorDriver::gpkg: break;
    case VectorDriver::fgb: options = {"SPATIAL_INDEX=YES"}; break;
    case VectorDriver::shp: options = {"ENCODING=UTF-8", "RESIZE=YES"}; break;
    case VectorDriver::postgres:
      options = {"GEOMETRY_NAME=geom", "FID=fid", "PRECISION=NO", "LAUNDER=NO", "DIM=2", "SPATIAL_INDEX=GIST"};
      break;
  }
  options.insert(options.end(), extra_options.begin(), extra_options.end());
  std::vector<const char*> c_options;
  for (const std::string& o : options) c_options.push_back(o.c_str());
  c_options.push_back(nullptr);
  CPLErrorReset();
  layer_ = ds_->CreateLayer(layer_name.c_str(), wgs.get(), type, const_cast<char**>(c_options.data()));
  if (!layer_) throw InputError(display + ": cannot create the layer: " + gdal_failure("GDAL gave no reason"));
  geos_ = GEOS_init_r();
  detail::watch_interrupts_in_geos();
}

LayerWriter::LayerWriter(GDALDatasetUniquePtr ds, VectorDriver driver, const std::string& layer_name,
                         const std::string& display, LayerGeometry geometry, const std::string& crs_wkt)
    : LayerWriter(*ds, driver, layer_name, display, geometry, crs_wkt) {
  owned_ = std::move(ds);
}

LayerWriter::~LayerWriter() {
  if (in_transaction_) ds_->RollbackTransaction();
  if (geos_) GEOS_finish_r(static_cast<GEOSContextHandle_t>(geos_));
}

void LayerWriter::field(const std::string& name, OGRFieldType type, OGRFieldSubType sub, int decimals) {
  std::string written = name;
  if (driver_ == VectorDriver::shp) {
    written = shapefile_field_name(name, written_names_);
    if (written != name) renamed_.emplace_back(name, written);
  }
  written_names_.push_back(lower_ascii(written));
  OGRFieldDefn d(written.c_str(), type);
  d.SetSubType(sub);
  if (driver_ == VectorDriver::shp) {
    if (type == OFTString) d.SetWidth(254);  // the dBASE maximum; RESIZE shrinks it to the longest value
    if (type == OFTReal) d.SetWidth(24), d.SetPrecision(decimals >= 0 ? decimals : 15);
  }
  CPLErrorReset();
  if (layer_->CreateField(&d) != OGRERR_NONE) {
    throw InputError(display_ + ": cannot create field " + name + ": " + gdal_failure("GDAL gave no reason"));
  }
}

OGRFeatureUniquePtr LayerWriter::feature() const {
  return OGRFeatureUniquePtr(OGRFeature::CreateFeature(layer_->GetLayerDefn()));
}

void LayerWriter::set_polygon(OGRFeature& f, const std::vector<unsigned char>& wkb_metres) {
  if (wkb_metres.empty()) return;
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb_metres.data(), nullptr, &g, wkb_metres.size()) != OGRERR_NONE) {
    throw InputError(display_ + ": cannot decode a polygon");
  }
  std::unique_ptr<OGRGeometry> geom(g);
  if (geom->transform(to_lonlat_.get()) != OGRERR_NONE) throw InputError(display_ + ": PROJ cannot transform a polygon to EPSG:4326");
  if (coords_ != WebCoords::wgs84) geom->transform(web_coords_transform(coords_, false, *to_lonlat_->GetTargetCS()).get());
  // Through GEOS: snap to the written precision (keeping validity), repair, keep the polygons.
  auto h = static_cast<GEOSContextHandle_t>(geos_);
  std::vector<unsigned char> wkb(static_cast<std::size_t>(geom->WkbSize()));
  geom->exportToWkb(wkbNDR, wkb.data());
  GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
  const detail::Geom gg = detail::own(h, GEOSWKBReader_read_r(h, reader, wkb.data(), wkb.size()));
  GEOSWKBReader_destroy_r(h, reader);
  if (!gg) throw InputError(display_ + ": GEOS cannot read a polygon");
  detail::Geom snapped = detail::own(h, GEOSGeom_setPrecision_r(h, gg.get(), 1e-7, 0));
  if (!snapped) {
    // Snap-rounding can fail on intricate shapes: round the vertices, repair, and try again.
    check_interrupt();  // or it failed because it was interrupted
    const detail::Geom rounded = detail::own(h, GEOSGeom_setPrecision_r(h, gg.get(), 1e-7, GEOS_PREC_NO_TOPO));
    detail::Geom repaired = detail::own(h, rounded ? GEOSMakeValid_r(h, rounded.get()) : nullptr);
    snapped = detail::own(h, repaired ? GEOSGeom_setPrecision_r(h, repaired.get(), 1e-7, 0) : nullptr);
    if (!snapped) snapped = std::move(repaired);
  }
  if (!snapped) check_interrupt();
  if (!snapped) throw InputError(display_ + ": GEOS cannot reduce a polygon's precision");
  if (GEOSisValid_r(h, snapped.get()) != 1) snapped = detail::own(h, GEOSMakeValid_r(h, snapped.get()));
  check_interrupt();
  snapped = detail::keep_polygons(h, std::move(snapped));
  if (!snapped) return;  // nothing polygonal survives at this precision
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(h);
  std::size_t size = 0;
  unsigned char* out = GEOSWKBWriter_write_r(h, writer, snapped.get(), &size);
  GEOSWKBWriter_destroy_r(h, writer);
  if (!out) throw InputError(display_ + ": GEOS cannot write a polygon");
  OGRGeometry* result = nullptr;
  const OGRErr err = OGRGeometryFactory::createFromWkb(out, nullptr, &result, size);
  GEOSFree_r(h, out);
  if (err != OGRERR_NONE) throw InputError(display_ + ": cannot decode a polygon");
  if (driver_ != VectorDriver::geojson) result = OGRGeometryFactory::forceToMultiPolygon(result);
  f.SetGeometryDirectly(result);
}

void LayerWriter::add(OGRFeature& f) {
  check_interrupt();
  if (driver_ == VectorDriver::fgb && (!f.GetGeometryRef() || f.GetGeometryRef()->IsEmpty())) {
    ++left_out_;
    return;
  }
  if (driver_ == VectorDriver::gpkg && !in_transaction_) {
    // A GeoPackage writes a transaction per feature unless told otherwise.
    if (ds_->StartTransaction() != OGRERR_NONE) {
      throw InputError(display_ + ": cannot start a transaction: " + gdal_failure("GDAL gave no reason"));
    }
    in_transaction_ = true;
  }
  CPLErrorReset();
  if (layer_->CreateFeature(&f) != OGRERR_NONE) {
    throw InputError(display_ + ": cannot write feature " + std::to_string(f.GetFID()) + ": " +
                     gdal_failure("GDAL gave no reason"));
  }
  f.SetFID(OGRNullFID);
}

void LayerWriter::finish_transaction() {
  if (!in_transaction_) return;
  in_transaction_ = false;
  CPLErrorReset();
  if (ds_->CommitTransaction() != OGRERR_NONE) {
    throw InputError(display_ + ": cannot commit the layer: " + gdal_failure("GDAL gave no reason"));
  }
}

void LayerWriter::close() {
  if (closed_) return;
  closed_ = true;
  finish_transaction();
  CPLErrorReset();
  if (layer_->SyncToDisk() != OGRERR_NONE || CPLGetLastErrorType() >= CE_Failure) {
    throw InputError(display_ + ": cannot finish the layer: " + gdal_failure("GDAL gave no reason"));
  }
  if (owned_) {
    CPLErrorReset();
    GDALClose(GDALDataset::ToHandle(owned_.release()));
    if (CPLGetLastErrorType() >= CE_Failure) throw InputError(display_ + ": cannot finish the file: " + CPLGetLastErrorMsg());
  }
}

void write_point_features(LayerWriter& w, const OGRSpatialReference& crs, const std::vector<double>& x,
                          const std::vector<double>& y, const std::vector<PointColumn>& columns) {
  std::vector<double> lon, lat;
  points_to_lonlat(crs, x, y, w.display(), lon, lat, w.coords());
  for (const PointColumn& c : columns) {
    switch (c.type) {
      case PointColumn::Type::string: w.field(c.name, OFTString); break;
      case PointColumn::Type::number: w.field(c.name, OFTReal, OFSTNone, c.decimals); break;
      case PointColumn::Type::integer: w.field(c.name, OFTInteger64); break;
      case PointColumn::Type::boolean: w.field(c.name, OFTInteger, OFSTBoolean); break;
    }
  }
  OGRFeatureUniquePtr f = w.feature();
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const PointColumn& c = columns[k];
      const int field = static_cast<int>(k);
      switch (c.type) {
        case PointColumn::Type::string: f->SetField(field, c.string_at(i).c_str()); break;
        case PointColumn::Type::number: {
          const double v = c.number_at(i);
          if (std::isfinite(v)) f->SetField(field, c.decimals >= 0 ? rounded(v, c.decimals) : v);
          else f->SetFieldNull(field);
          break;
        }
        case PointColumn::Type::integer: f->SetField(field, static_cast<GIntBig>(c.integer_at(i))); break;
        case PointColumn::Type::boolean: f->SetField(field, c.boolean_at(i) ? 1 : 0); break;
      }
    }
    f->SetGeometryDirectly(new OGRPoint(rounded(lon[i], 7), rounded(lat[i], 7)));
    w.add(*f);
  }
}

void write_float_geotiff(const std::filesystem::path& path, const std::string& final_name, const std::string& crs_wkt,
                         double min_x, double max_y, double cell, int width, int height,
                         const std::vector<float>& values, float nodata) {
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!driver) throw InputError("GDAL has no GTiff driver");
  const char* opts[] = {"COMPRESS=DEFLATE", "TILED=YES", nullptr};
  GDALDatasetUniquePtr ds(driver->Create(path.string().c_str(), width, height, 1, GDT_Float32, const_cast<char**>(opts)));
  if (!ds) throw InputError(final_name + ": cannot create the file");
  double gt[6] = {min_x, cell, 0.0, max_y, 0.0, -cell};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.importFromWkt(crs_wkt.c_str());
  ds->SetSpatialRef(&srs);
  GDALRasterBand* band = ds->GetRasterBand(1);
  band->SetNoDataValue(nodata);
  std::vector<float> row(static_cast<std::size_t>(width));
  for (int r = 0; r < height; ++r) {
    for (int c = 0; c < width; ++c) {
      const float v = values[static_cast<std::size_t>(r) * width + c];
      row[static_cast<std::size_t>(c)] = std::isnan(v) ? nodata : v;
    }
    check_interrupt();
    if (band->RasterIO(GF_Write, 0, r, width, 1, row.data(), width, 1, GDT_Float32, 0, 0) != CE_None) {
      throw InputError(final_name + ": cannot write row " + std::to_string(r));
    }
  }
  CPLErrorReset();
  GDALClose(GDALDataset::ToHandle(ds.release()));
  if (CPLGetLastErrorType() >= CE_Failure) throw InputError(final_name + ": cannot finish the file: " + CPLGetLastErrorMsg());
}

}  // namespace lc::io

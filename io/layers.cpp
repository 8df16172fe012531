#include "io/layers.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "io/category_rules.hpp"
#include "io/error.hpp"
#include "io/gdal_env.hpp"
#include "io/osm_features.hpp"
#include "core/interrupt.hpp"

namespace lc::io {

namespace {

void describe_raster(GDALDataset& ds, SourceInfo& info) {
  info.is_raster = true;
  info.driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
  info.raster_width = ds.GetRasterXSize();
  info.raster_height = ds.GetRasterYSize();
  info.raster_bands = ds.GetRasterCount();
  LayerInfo li;
  li.name = "band 1";
  li.geometry_type = "raster";
  li.crs = crs_label(ds.GetSpatialRef());
  double gt[6];
  if (ds.GetGeoTransform(gt) == CE_None) {
    li.has_extent = true;
    const double x1 = gt[0] + info.raster_width * gt[1], y1 = gt[3] + info.raster_height * gt[5];
    li.min_x = std::min(gt[0], x1);
    li.max_x = std::max(gt[0], x1);
    li.min_y = std::min(gt[3], y1);
    li.max_y = std::max(gt[3], y1);
  }
  GDALRasterBand* band = ds.GetRasterBand(1);
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  std::vector<double> row(static_cast<std::size_t>(info.raster_width));
  for (int r = 0; r < info.raster_height; ++r) {
    if (band->RasterIO(GF_Read, 0, r, info.raster_width, 1, row.data(), info.raster_width, 1, GDT_Float64, 0, 0) != CE_None) {
      throw InputError(info.path + ": cannot read raster row " + std::to_string(r));
    }
    for (double v : row) {
      if ((has_nodata && v == nodata) || !(v > 0)) continue;
      ++info.populated_cells;
      info.raster_sum += v;
    }
  }
  li.feature_count = info.populated_cells;
  info.layers.push_back(li);
}

}  // namespace

SourceInfo describe_source(const FacilitySource& src, const std::string& tag_mapping) {
  SourceInfo info;
  info.path = src.path;
  if (!is_osm_path(src.path)) {
    if (GDALDatasetUniquePtr raster = try_open_raster(src.path)) {
      describe_raster(*raster, info);
      return info;
    }
  }
  GDALDatasetUniquePtr ds = open_vector(src.path);
  if (ds->GetLayerCount() == 0) throw InputError(src.path + ": has no layers (GDAL finds no vector layer in it)");
  if (!src.layer.empty()) find_layer(*ds, src.path, src.layer);  // --layer names one it has
  GdalMessages messages;
  info.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";

  if (is_osm_path(src.path)) {
    const TagMapping mapping = TagMapping::load(tag_mapping.empty() ? data_dir() + "/osm_categories.yaml" : tag_mapping);
    std::map<std::string, std::size_t> index;
    for (OGRLayer* l : ds->GetLayers()) {
      LayerInfo li;
      li.name = l->GetName();
      li.geometry_type = OGRGeometryTypeToName(l->GetGeomType());
      li.crs = crs_label(l->GetSpatialRef());
      index[li.name] = info.layers.size();
      info.layers.push_back(li);
    }
    for (const auto& c : mapping.categories) info.categories[c.category] = 0;
    for_each_osm_feature(*ds, {"points", "lines", "multilinestrings", "multipolygons", "other_relations"},
                         [&](const OsmFeature& f) {
                           LayerInfo& li = info.layers[index[f.layer]];
                           ++li.feature_count;
                           if (f.geometry && !f.geometry->IsEmpty()) {
                             OGREnvelope e;
                             f.geometry->getEnvelope(&e);
                             if (!li.has_extent) {
                               li.min_x = e.MinX, li.min_y = e.MinY, li.max_x = e.MaxX, li.max_y = e.MaxY;
                               li.has_extent = true;
                             } else {
                               li.min_x = std::min(li.min_x, e.MinX), li.min_y = std::min(li.min_y, e.MinY);
                               li.max_x = std::max(li.max_x, e.MaxX), li.max_y = std::max(li.max_y, e.MaxY);
                             }
                           }
                           if (f.layer != "points" && f.layer != "multipolygons") return;
                           for (const std::string& c : mapping.match(f.tags)) ++info.categories[c];
                         });
    info.categories_basis = "OSM tags (points and multipolygons) matched by " +
                            (tag_mapping.empty() ? data_dir() + "/osm_categories.yaml" : tag_mapping);
    return info;
  }

  std::optional<ValueMapping> values;
  if (!src.category_map.empty()) values = ValueMapping::load(src.category_map);
  for (OGRLayer* l : ds->GetLayers()) {
    LayerInfo li;
    li.name = l->GetName();
    li.geometry_type = OGRGeometryTypeToName(l->GetGeomType());
    li.crs = crs_label(l->GetSpatialRef());
    li.feature_count = l->GetFeatureCount(TRUE);
    OGREnvelope e;
    if (l->GetExtent(&e, TRUE) == OGRERR_NONE) {
      li.has_extent = true;
      li.min_x = e.MinX, li.min_y = e.MinY, li.max_x = e.MaxX, li.max_y = e.MaxY;
    }
    const OGRFeatureDefn* defn = l->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) li.fields.push_back(defn->GetFieldDefn(i)->GetNameRef());
    const bool counted_layer = src.layer.empty() ? ds->GetLayerCount() == 1 : src.layer == li.name;
    if (counted_layer && !src.category.empty()) {
      info.categories[src.category] += li.feature_count;
      info.categories_basis = "every feature of layer " + li.name + " is '" + src.category + "'";
    } else if (counted_layer && !src.category_field.empty()) {
      const int field = defn->GetFieldIndex(src.category_field.c_str());
      if (field < 0) throw InputError(where(src.path, li.name, "", src.category_field) + ": no such field in the layer");
      l->ResetReading();
      for (auto& f : *l) {
        check_interrupt();
        const std::string v = f->IsFieldSetAndNotNull(field) ? f->GetFieldAsString(field) : "";
        const auto c = values ? values->match(v) : std::optional<std::string>(v);
        ++info.categories[c ? *c : "(unmapped: " + v + ")"];
      }
      info.categories_basis = "field '" + src.category_field + "'" + (values ? " mapped by " + src.category_map : std::string(" values"));
    }
    info.layers.push_back(li);
  }
  return info;
}

}  // namespace lc::io

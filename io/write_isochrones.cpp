#include "io/write_isochrones.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "io/gdal_env.hpp"
#include "io/gdal_writers.hpp"
#include "io/summary.hpp"
#include "io/write_target.hpp"

namespace lc::io {

void add_surfaces(AtomicOutputs& out, const Inputs& in, const std::vector<SurfaceOutput>& surfaces) {
  for (const SurfaceOutput& s : surfaces) {
    const std::string name = "travel_time_" + s.category + ".tif";
    const TravelTimeSurface& t = s.surface;
    write_float_geotiff(out.temp_for(name), name, in.crs_wkt, t.min_x, t.max_y, t.cell_m, t.width, t.height, t.minutes,
                        -1.0f);
  }
}

void write_isochrone_outputs(const std::string& out_dir, const Inputs& in, const std::vector<IsochroneFeature>& features,
                             const std::vector<SurfaceOutput>& surfaces, const IsochroneRunInfo& info,
                             const OutputOptions& options) {
  StageClock clock;
  ensure_gdal();
  GdalMessages messages;
  OutputTarget out(out_dir, options, "isochrones");
  {
    std::unique_ptr<LayerWriter> layer = out.polygons("isochrones", in.crs_wkt);
    LayerWriter& w = *layer;
    w.field("category", OFTString);
    w.field("facility_id", OFTString);
    w.field("facility_name", OFTString);
    w.field("break", OFTReal);
    w.field("lower", OFTReal);
    w.field("unit", OFTString);
    w.field("population", OFTReal);
    w.field("area_m2", OFTReal);
    for (const IsochroneFeature& f : features) {
      OGRFeatureUniquePtr feat = w.feature();
      feat->SetField(0, f.category.c_str());
      if (!f.site_id.empty()) feat->SetField(1, f.site_id.c_str());
      else feat->SetFieldNull(1);
      if (!f.site_id.empty()) feat->SetField(2, f.site_name.c_str());
      else feat->SetFieldNull(2);
      feat->SetField(3, f.upper);
      feat->SetField(4, f.lower);
      feat->SetField(5, info.unit.c_str());
      feat->SetField(6, std::round(f.population * 1000.0) / 1000.0);
      feat->SetField(7, std::round(f.area_m2));
      w.set_polygon(*feat, f.wkb);
      w.add(*feat);
    }
    out.finish(std::move(layer));
  }
  {  // the facilities the isochrones are drawn from, for maps
    std::vector<Id> ids;
    for (const std::string& name : info.categories) {
      const CategoryId c = in.categories.find(name);
      if (c == Categories::invalid) continue;
      for (Id f : in.facilities.of_category(c)) ids.push_back(f);
    }
    write_facility_points(out, in, ids);
  }
  if (!surfaces.empty()) add_surfaces(out.files(), in, surfaces);
  {
    nlohmann::json j;
    j["mode"] = info.mode;
    j["breaks"] = info.breaks;
    j["unit"] = info.unit;
    j["merge"] = info.merge;
    j["shape"] = info.shape;
    j["polygon_method"] = info.polygon_method;
    if (info.polygon_method == "fast") j["polygon_cell_m"] = info.polygon_cell_m;
    j["buffer_m"] = info.buffer_m;
    j["roads"] = info.roads_source;
    j["walk_speed_mps"] = info.walk_speed_mps;
    j["categories"] = info.categories;
    j["polygons"] = features.size();
    nlohmann::json files = nlohmann::json::array({out.location("isochrones")});
    if (out.location("facilities") != out.location("isochrones")) files.push_back(out.location("facilities"));  // one GeoPackage
    for (const SurfaceOutput& s : surfaces) files.push_back("travel_time_" + s.category + ".tif");
    j["files"] = files;
    j["population_note"] = "the population of a polygon is the demand whose travel cost to its nearest facility lies in "
                           "the polygon's band (and, split, whose nearest facility is the polygon's)";
    j["skipped"] = in.skipped.size();
    j["notes"] = in.notes;
    const bool osm = is_osm_path(info.roads_source.substr(0, info.roads_source.find(' ')));
    write_summary_header(j, {info.command_line, true, in.crs, in.population_basis, in.population_basis_zh, osm,
                          in.census ? &*in.census : nullptr});
    out.describe(j);
    write_timings(j, info.timings, info.threads, clock.lap());
    out.summary(j.dump(2) + "\n");
  }
  out.commit();
}

}  // namespace lc::io

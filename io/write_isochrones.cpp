#include "io/write_isochrones.hpp"

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "io/gdal_env.hpp"
#include "io/gdal_writers.hpp"
#include "io/summary.hpp"

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
                             const std::vector<SurfaceOutput>& surfaces, const IsochroneRunInfo& info) {
  ensure_gdal();
  GdalMessages messages;
  AtomicOutputs out(out_dir);
  {
    GeoJsonWriter w(out.temp_for("isochrones.geojson"), "isochrones.geojson", in.crs_wkt);
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
    w.close();
  }
  add_surfaces(out, in, surfaces);
  {
    nlohmann::json j;
    j["mode"] = info.mode;
    j["breaks"] = info.breaks;
    j["unit"] = info.unit;
    j["merge"] = info.merge;
    j["shape"] = info.shape;
    j["buffer_m"] = info.buffer_m;
    j["roads"] = info.roads_source;
    j["walk_speed_mps"] = info.walk_speed_mps;
    j["categories"] = info.categories;
    j["polygons"] = features.size();
    nlohmann::json files = nlohmann::json::array({"isochrones.geojson"});
    for (const SurfaceOutput& s : surfaces) files.push_back("travel_time_" + s.category + ".tif");
    j["files"] = files;
    j["population_note"] = "the population of a polygon is the demand whose travel cost to its nearest facility lies in "
                           "the polygon's band (and, split, whose nearest facility is the polygon's)";
    j["skipped"] = in.skipped.size();
    j["notes"] = in.notes;
    const bool osm = is_osm_path(info.roads_source.substr(0, info.roads_source.find(' ')));
    write_summary_header(j, {info.command_line, true, in.crs, in.population_basis, osm});
    const auto temp = out.temp_for("summary.json");
    std::ofstream f(temp, std::ios::binary);
    f << j.dump(2) << "\n";
    f.close();
    if (!f) throw InputError((out.dir() / "summary.json").string() + ": cannot write the file");
  }
  out.commit();
}

}  // namespace lc::io

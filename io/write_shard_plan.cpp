#include "io/write_shard_plan.hpp"

#include <cmath>
#include <fstream>

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include "io/atomic_output.hpp"
#include "io/error.hpp"
#include "io/gdal_env.hpp"
#include "io/gdal_writers.hpp"
#include "io/write_target.hpp"

namespace lc::io {

namespace {

using nlohmann::json;

// The lon/lat bounds of a polygon in metres of `crs` (its vertices reprojected).
json lonlat_bounds(const std::vector<unsigned char>& wkb, OGRSpatialReference& crs) {
  OGRGeometry* g = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || !g) return nullptr;
  OGRGeometryUniquePtr owned(g);
  OGRSpatialReference wgs;
  wgs.SetWellKnownGeogCS("WGS84");
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  g->assignSpatialReference(&crs);
  if (g->transformTo(&wgs) != OGRERR_NONE) return nullptr;
  OGREnvelope e;
  g->getEnvelope(&e);
  return json::array({e.MinX, e.MinY, e.MaxX, e.MaxY});
}

}  // namespace

json shard_plan_json(const ShardPlan& plan) {
  ensure_gdal();
  OGRSpatialReference crs;
  crs.importFromWkt(plan.crs_wkt.c_str());
  crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  json j;
  j["lifecircle_version"] = LIFECIRCLE_VERSION;
  j["kind"] = "shard_plan";
  j["crs"] = plan.crs;
  j["crs_wkt"] = plan.crs_wkt;
  double population = 0;
  for (double p : plan.district_population) population += p;
  j["districts"] = {{"source", plan.districts_path},
                    {"layer", plan.districts_layer},
                    {"name_field", plan.district_name_field},
                    {"count", plan.districts.size()}};
  j["population_total"] = population;
  j["population_basis"] = plan.population_basis;
  j["halo"] = {{"text", plan.halo.text}, {"mode", to_string(plan.halo.mode)}, {"metres", plan.halo.metres}, {"basis", plan.halo.basis}};
  json shards = json::array();
  const double m = plan.halo.metres;
  for (const Shard& s : plan.shards) {
    json names = json::array(), ids = json::array();
    for (Id d : s.districts) names.push_back(plan.districts.name[d]), ids.push_back(plan.districts.source_id[d]);
    shards.push_back({{"index", s.index},
                      {"districts", s.districts},
                      {"district_names", names},
                      {"district_ids", ids},
                      {"population", s.population},
                      {"area_km2", s.area_m2 / 1e6},
                      {"bounds_m", {s.min_x, s.min_y, s.max_x, s.max_y}},
                      {"halo_bounds_m", {s.min_x - m, s.min_y - m, s.max_x + m, s.max_y + m}},
                      {"halo_bounds_lonlat", lonlat_bounds(s.halo_wkb, crs)}});
    json boxes = json::array();
    for (std::size_t k = 0; k + 3 < s.district_boxes.size(); k += 4) {
      boxes.push_back({s.district_boxes[k], s.district_boxes[k + 1], s.district_boxes[k + 2], s.district_boxes[k + 3]});
    }
    shards.back()["district_bounds_m"] = boxes;
    if (s.demand_points >= 0) {
      shards.back()["demand_points"] = s.demand_points;
      shards.back()["demand_points_read"] = s.demand_points_read;
    }
    if (s.road_segments_read >= 0) shards.back()["road_segments_read"] = s.road_segments_read;
  }
  j["shards"] = shards;
  if (plan.road_segments >= 0) j["road_segments"] = plan.road_segments;
  j["definition"] = "each shard owns the demand in its districts and reads every facility and road within its halo: "
                    "the farthest a threshold of the runs can reach from its districts";
  return j;
}

void write_shard_plan(const std::string& out_dir, const ShardPlan& plan) {
  OutputOptions o;
  o.format = VectorFormat::gpkg;
  OutputTarget out(out_dir, o, "shards");
  for (const char* name : {"shards", "halos"}) {
    const bool halo = std::string(name) == "halos";
    std::unique_ptr<LayerWriter> layer = out.polygons(name, plan.crs_wkt);
    LayerWriter& w = *layer;
    w.field("shard", OFTInteger);
    w.field("districts", OFTInteger);
    w.field("population", OFTReal);
    w.field("area_km2", OFTReal);
    for (const Shard& s : plan.shards) {
      OGRFeatureUniquePtr f = w.feature();
      f->SetField(0, static_cast<int>(s.index));
      f->SetField(1, static_cast<int>(s.districts.size()));
      f->SetField(2, s.population);
      f->SetField(3, s.area_m2 / 1e6);
      w.set_polygon(*f, halo ? s.halo_wkb : s.area_wkb);
      w.add(*f);
    }
    out.finish(std::move(layer));
  }
  {
    std::unique_ptr<LayerWriter> layer = out.polygons("districts", plan.crs_wkt);
    LayerWriter& w = *layer;
    w.field("name", OFTString);
    w.field("id", OFTString);
    w.field("shard", OFTInteger);
    w.field("population", OFTReal);
    for (Id d = 0; d < plan.districts.size(); ++d) {
      OGRFeatureUniquePtr f = w.feature();
      f->SetField(0, plan.districts.name[d].c_str());
      f->SetField(1, plan.districts.source_id[d].c_str());
      f->SetField(2, static_cast<int>(plan.district_shard[d]));
      f->SetField(3, plan.district_population[d]);
      w.set_polygon(*f, plan.districts.wkb[d]);
      w.add(*f);
    }
    out.finish(std::move(layer));
  }
  AtomicOutputs& files = out.files();
  const auto temp = files.temp_for("plan.json");
  std::ofstream f(temp, std::ios::binary);
  f << shard_plan_json(plan).dump(2) << "\n";
  f.close();
  if (!f) throw InputError((files.dir() / "plan.json").string() + ": cannot write the file");
  out.commit();
}

ShardPlan read_shard_plan(const std::string& plan_dir) {
  const std::string path = plan_dir + "/plan.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the shard plan (give the folder `lifecircle shard plan --out` wrote)");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {
    throw InputError(path + ": not JSON: " + e.what());
  }
  if (!j.is_object() || j.value("kind", "") != "shard_plan") throw InputError(path + ": not a shard plan (no \"kind\": \"shard_plan\")");
  ShardPlan p;
  try {
    p.crs = j.at("crs").get<std::string>();
    p.crs_wkt = j.at("crs_wkt").get<std::string>();
    const json& d = j.at("districts");
    p.districts_path = d.at("source").get<std::string>();
    p.districts_layer = d.at("layer").get<std::string>();
    p.district_name_field = d.at("name_field").get<std::string>();
    p.population_basis = j.at("population_basis").get<std::string>();
    const json& h = j.at("halo");
    p.halo.text = h.at("text").get<std::string>();
    p.halo.metres = h.at("metres").get<double>();
    if (j.contains("road_segments")) p.road_segments = j.at("road_segments").get<std::int64_t>();
    p.halo.basis = h.at("basis").get<std::string>();
    if (!parse_travel_mode(h.at("mode").get<std::string>(), p.halo.mode)) throw InputError(path + ": halo.mode is not a travel mode");
    const std::size_t n = d.at("count").get<std::size_t>();
    p.district_shard.assign(n, invalid_id);
    for (const json& s : j.at("shards")) {
      Shard sh;
      sh.index = s.at("index").get<Id>();
      sh.districts = s.at("districts").get<std::vector<Id>>();
      sh.population = s.at("population").get<double>();
      sh.area_m2 = s.at("area_km2").get<double>() * 1e6;
      if (s.contains("demand_points")) {
        sh.demand_points = s.at("demand_points").get<std::int64_t>();
        sh.demand_points_read = s.at("demand_points_read").get<std::int64_t>();
      }
      if (s.contains("road_segments_read")) sh.road_segments_read = s.at("road_segments_read").get<std::int64_t>();
      const std::vector<double> b = s.at("bounds_m").get<std::vector<double>>();
      if (b.size() != 4 || sh.index != p.shards.size()) throw InputError(path + ": shard " + std::to_string(p.shards.size()) + " is malformed");
      sh.min_x = b[0], sh.min_y = b[1], sh.max_x = b[2], sh.max_y = b[3];
      if (s.contains("district_bounds_m")) {
        for (const json& box : s.at("district_bounds_m")) {
          const std::vector<double> v = box.get<std::vector<double>>();
          if (v.size() != 4) throw InputError(path + ": shard " + std::to_string(sh.index) + ": a district's bounds are not 4 numbers");
          sh.district_boxes.insert(sh.district_boxes.end(), v.begin(), v.end());
        }
        if (sh.district_boxes.size() != 4 * sh.districts.size()) {
          throw InputError(path + ": shard " + std::to_string(sh.index) + ": not one district_bounds_m per district");
        }
      }
      for (Id k : sh.districts) {
        if (k >= n || p.district_shard[k] != invalid_id) throw InputError(path + ": district " + std::to_string(k) + " is out of range or in two shards");
        p.district_shard[k] = sh.index;
      }
      p.shards.push_back(std::move(sh));
    }
    for (Id k = 0; k < n; ++k) {
      if (p.district_shard[k] == invalid_id) throw InputError(path + ": district " + std::to_string(k) + " is in no shard");
    }
  } catch (const json::exception& e) {
    throw InputError(path + ": " + e.what());
  }
  return p;
}

}  // namespace lc::io

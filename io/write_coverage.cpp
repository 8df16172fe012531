#include "io/write_coverage.hpp"

#include <cmath>

#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include "io/atomic_output.hpp"
#include "io/error.hpp"
#include "io/gdal_env.hpp"
#include "io/geojson_points.hpp"
#include "io/gdal_writers.hpp"
#include "io/summary.hpp"
#include "io/write_isochrones.hpp"
#include "io/write_target.hpp"

namespace lc::io {

namespace {

using nlohmann::json;

double round_to(double v, double unit) { return std::round(v / unit) * unit; }

}  // namespace

namespace {

json coverage_summary(const Inputs& in, const CoverageResult& result, const std::vector<ServiceArea>& areas,
                      const CoverageRunInfo& info) {
  json j;
  j["mode"] = info.mode;
  j["output_crs"] = "EPSG:4326 (GeoJSON, RFC 7946)";
  j["speed_mps"] = info.speed_mps;
  if (info.network.used) {
    const NetworkRunInfo& n = info.network;
    auto ids = [](const std::vector<std::string>& v) {
      json a = json::array();
      for (std::size_t i = 0; i < v.size() && i < 1000; ++i) a.push_back(v[i]);
      return json{{"count", v.size()}, {"ids", a}};
    };
    j["network"] = {{"roads", n.roads_source},
                    {"road_profile", n.road_profile},
                    {"walk_speed_mps", n.walk_speed_mps},
                    {"max_snap_m", n.max_snap_m},
                    {"polygon_method", n.polygon_method},
                    {"nodes", n.nodes},
                    {"segments", n.segments},
                    {"components", n.components},
                    {"largest_component_nodes", n.largest_component_nodes},
                    {"demand_beyond_snap", ids(n.demand_unsnapped)},
                    {"facilities_beyond_snap", ids(n.facility_unsnapped)},
                    {"demand_on_islands", ids(n.demand_on_island)},
                    {"facilities_on_islands", ids(n.facility_on_island)},
                    {"polygon_cell_m", n.polygon_method == "fast" ? json(n.polygon_cell_m) : json(nullptr)},
                    {"note", "costs are for travelling from the demand point to the facility; the part between a point "
                             "and its nearest road is walked at the walking speed; islands are parts of the network "
                             "not connected to its largest part"}};
  }
  j["demand_points"] = in.demand.size();
  j["population_total"] = result.population_total;

  json cats = json::object();
  std::vector<std::string> names;
  for (std::size_t k = 0; k < result.categories.size(); ++k) {
    const CategoryCoverage& c = result.categories[k];
    const std::string& name = in.categories.names[c.category];
    names.push_back(name);
    json cj;
    cj["facility_count"] = c.facilities.size();
    cj["population_total"] = c.population_total;
    cj["population_covered"] = c.population_covered;
    cj["population_uncovered"] = c.population_total - c.population_covered;
    cj["share"] = c.share();
    cj["within_m"] = std::isfinite(c.within_m) ? json(c.within_m) : json(nullptr);
    cj["within_s"] = std::isfinite(c.within_s) ? json(c.within_s) : json(nullptr);
    if (info.network.used && k < info.network.circle_share.size()) {
      const double cs = info.network.circle_share[k];
      cj["circle_share"] = std::isfinite(cs) ? json(cs) : json(nullptr);
      cj["circle_within_m"] = std::isfinite(info.network.circle_within_m[k]) ? json(info.network.circle_within_m[k]) : json(nullptr);
    }
    cj["within"] = k < info.within_text.size() ? info.within_text[k] : "";
    cj["service_area_m2"] = k < areas.size() ? areas[k].area_m2 : 0.0;
    if (c.facilities.empty()) cj["note"] = "no " + name + " facility in the data: nobody is covered";
    cats[name] = cj;
  }
  j["categories"] = cats;
  j["life_circle"] = {{"categories", names},
                      {"population_complete", result.population_complete},
                      {"share", result.complete_share()},
                      {"definition", "share of the population within the threshold of every category listed"}};

  json inputs;
  json fac = json::array();
  bool osm = false;
  for (const FacilitySource& s : info.facility_sources) {
    json f = {{"source", masked_connection(s.path)}, {"layer", s.layer}};
    if (!s.category.empty()) f["category"] = s.category;
    if (!s.category_field.empty()) f["category_field"] = s.category_field;
    if (!s.category_map.empty()) f["category_map"] = s.category_map;
    if (is_osm_path(s.path)) {
      osm = true;
      if (s.category.empty() && s.category_field.empty()) {
        f["tag_mapping"] = info.load_options.tag_mapping.empty() ? data_dir() + "/osm_categories.yaml" : info.load_options.tag_mapping;
      }
    }
    fac.push_back(f);
  }
  inputs["facilities"] = fac;
  inputs["demand"] = {{"source", masked_connection(info.demand_source.path)},
                      {"layer", info.demand_source.layer},
                      {"population_field", info.demand_source.population_field}};
  if (is_osm_path(info.demand_source.path)) osm = true;
  j["inputs"] = inputs;
  j["options"] = {{"crs", info.load_options.metric_crs.empty() ? "auto (CGCS2000 Gauss-Krüger zone of the data's centre inside China, else its UTM zone)" : info.load_options.metric_crs},
                  {"source_crs", info.load_options.source_crs},
                  {"cell_size_m", info.load_options.cell_size_m},
                  {"speed_mps", info.speed_mps}};
  json skipped = json::array();
  for (std::size_t i = 0; i < in.skipped.size() && i < 1000; ++i) {
    skipped.push_back({{"where", in.skipped[i].where}, {"reason", in.skipped[i].reason}});
  }
  j["skipped"] = {{"count", in.skipped.size()}, {"features", skipped}};
  j["notes"] = in.notes;
  write_summary_header(j, {info.command_line, true, in.crs, in.population_basis, in.population_basis_zh, osm,
                          in.census ? &*in.census : nullptr});
  return j;
}

}  // namespace

std::string coverage_summary_json(const Inputs& in, const CoverageResult& result,
                                  const std::vector<ServiceArea>& areas, const CoverageRunInfo& info) {
  return coverage_summary(in, result, areas, info).dump(2) + "\n";
}

void write_coverage_outputs(const std::string& out_dir, const Inputs& in, const CoverageResult& result,
                            const std::vector<ServiceArea>& areas, const CoverageRunInfo& info,
                            const std::vector<SurfaceOutput>& surfaces, const OutputOptions& options,
                            const PopulationGrid& out_of_reach) {
  StageClock clock;
  ensure_gdal();
  GdalMessages messages;
  OutputTarget out(out_dir, options, "coverage");
  const auto& names = in.categories.names;

  OGRSpatialReference crs;
  crs.importFromWkt(in.crs_wkt.c_str());
  crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

  {  // demand
    std::vector<PointColumn> cols;
    cols.push_back(string_column("id", [&](std::size_t d) { return in.demand.source_id[d]; }));
    cols.push_back(number_column("population", [&](std::size_t d) { return in.demand.weight[d]; }, 3));
    for (const auto& [name, values] : in.demand.attributes) {  // further weights (a census's elderly, aged65)
      const std::vector<double>* v = &values;
      cols.push_back(number_column(name, [v](std::size_t d) { return (*v)[d]; }, 3));
    }
    for (const CategoryCoverage& c : result.categories) {
      const std::string& n = names[c.category];
      cols.push_back(number_column(n + "_nearest_m", [&c](std::size_t d) { return static_cast<double>(c.nearest_m[d]); }, 1));
      if (!c.nearest_s.empty()) {
        cols.push_back(number_column(n + "_nearest_s", [&c](std::size_t d) { return static_cast<double>(c.nearest_s[d]); }, 1));
      }
      cols.push_back(boolean_column(n + "_covered", [&c](std::size_t d) { return c.count_within[d] > 0; }));
      cols.push_back(integer_column(n + "_count", [&c](std::size_t d) { return static_cast<long long>(c.count_within[d]); }));
    }
    cols.push_back(boolean_column("life_circle_complete", [&](std::size_t d) {
      bool all = !result.categories.empty();
      for (const CategoryCoverage& c : result.categories) all = all && c.count_within[d] > 0;
      return all;
    }));
    out.points("demand", crs, in.demand.x_m, in.demand.y_m, cols);
  }
  if (!out_of_reach.population.empty()) {
    // The population beyond reach on a grid (large demand only): what maps draw for it.
    std::vector<PointColumn> cols;
    cols.push_back(number_column("population", [&](std::size_t k) { return out_of_reach.population[k]; }, 3));
    cols.push_back(number_column("cell_m", [&](std::size_t) { return out_of_reach.cell_m; }, 0));
    out.points("out_of_reach_grid", crs, out_of_reach.x_m, out_of_reach.y_m, cols);
  }
  {  // facilities: one point per facility of each category, with the population it serves
    struct Row {
      const CategoryCoverage* c;
      std::size_t k;
    };
    std::vector<Row> rows;
    std::vector<Id> ids;
    for (const CategoryCoverage& c : result.categories) {
      for (std::size_t k = 0; k < c.facilities.size(); ++k) {
        rows.push_back({&c, k});
        ids.push_back(c.facilities[k]);
      }
    }
    std::vector<PointColumn> cols;
    cols.push_back(number_column("population_in_reach", [&](std::size_t i) { return rows[i].c->population_in_reach[rows[i].k]; }, 3));
    cols.push_back(number_column("population_nearest", [&](std::size_t i) { return rows[i].c->population_nearest[rows[i].k]; }, 3));
    write_facility_points(out, in, ids, cols);
  }
  {  // service_areas
    std::unique_ptr<LayerWriter> layer = out.polygons("service_areas", in.crs_wkt);
    LayerWriter& w = *layer;
    w.field("category", OFTString);
    w.field("within_m", OFTReal);
    w.field("facility_count", OFTInteger);
    w.field("area_m2", OFTReal);
    w.field("population_covered", OFTReal);
    w.field("share", OFTReal);
    for (std::size_t k = 0; k < areas.size() && k < result.categories.size(); ++k) {
      const ServiceArea& a = areas[k];
      const CategoryCoverage& c = result.categories[k];
      OGRFeatureUniquePtr f = w.feature();
      f->SetField(0, names[a.category].c_str());
      f->SetField(1, a.radius_m);
      f->SetField(2, static_cast<int>(a.facility_count));
      f->SetField(3, round_to(a.area_m2, 1.0));
      f->SetField(4, c.population_covered);
      f->SetField(5, c.share());
      w.set_polygon(*f, a.wkb);
      w.add(*f);
    }
    out.finish(std::move(layer));
  }
  if (!surfaces.empty()) add_surfaces(out.files(), in, surfaces);
  json summary = coverage_summary(in, result, areas, info);
  if (!out_of_reach.population.empty()) {
    summary["out_of_reach_grid"] = {{"cell_m", out_of_reach.cell_m}, {"cells", out_of_reach.population.size()},
                                    {"definition", "population beyond reach of a category that has facilities, summed "
                                                   "per grid cell (written when the demand has more than 100,000 points)"}};
  }
  summary["output_crs"] = out.output_crs();
  out.describe(summary);
  write_timings(summary, info.timings, info.threads, clock.lap());
  out.summary(summary.dump(2) + "\n");
  out.commit();
}

}  // namespace lc::io

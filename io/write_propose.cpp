#include "io/write_propose.hpp"

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "io/atomic_output.hpp"
#include "io/error.hpp"
#include "io/gdal_env.hpp"
#include "io/geojson_points.hpp"
#include "io/write_coverage.hpp"

namespace lc::io {

namespace {

using nlohmann::json;

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

}  // namespace

std::string propose_summary_json(const Inputs& in, const ProposeResult& r, const ProposeRunInfo& info) {
  const SitingResult& s = r.siting;
  json j;
  j["lifecircle_version"] = LIFECIRCLE_VERSION;
  j["command"] = info.command_line;
  j["model"] = info.model;
  j["category"] = info.category;
  j["mode"] = info.mode;
  j["within"] = info.within;
  j[info.by_time ? "within_s" : "within_m"] = info.limit;
  j["crs"] = in.crs;
  j["population_basis"] = in.population_basis;
  j["solver"] = s.solver.rfind("exact", 0) == 0 ? "exact" : "heuristic";
  j["solver_detail"] = s.solver;
  j["proven_optimal"] = s.proven_optimal;
  j["objective"] = s.objective;
  j["objective_before"] = s.objective_before;
  j["bound"] = number_or_null(s.bound);
  j["gap"] = number_or_null(s.gap);
  j["bound_source"] = s.bound_source;
  json selected = json::array();
  for (Id f : r.selected_facility) selected.push_back(in.facilities.source_id[f]);
  j["selected"] = selected;
  j["covered_weight"] = s.covered_weight;
  j["covered_weight_before"] = s.covered_weight_before;
  j["total_weight"] = s.total_weight;
  j["before"] = {{"covered_weight", s.covered_weight_before},
                 {"share", s.total_weight > 0 ? s.covered_weight_before / s.total_weight : 0.0}};
  j["after"] = {{"covered_weight", s.covered_weight}, {"share", s.total_weight > 0 ? s.covered_weight / s.total_weight : 0.0}};
  json unc = json::array();
  for (std::size_t i = 0; i < s.uncoverable.size() && i < 1000; ++i) unc.push_back(in.demand.source_id[s.uncoverable[i]]);
  j["uncoverable"] = {{"count", s.uncoverable.size()},
                      {"weight", s.uncoverable_weight},
                      {"ids", unc},
                      {"note", "demand no existing, competitor or candidate site reaches within the threshold; "
                               "lscp and pcenter leave it out, mclp counts it as not covered"}};
  j["unreached_cost"] = number_or_null(s.unreached_cost);
  j["sites"] = {{"existing", r.existing},
                {"competitors", r.competitors},
                {"candidates", r.candidates},
                {"candidates_excluded", r.candidates_excluded},
                {"candidates_beyond_snap", r.candidates_unsnapped.size()},
                {"candidates_source", info.candidates}};
  j["model_pairs"] = s.model_pairs;
  j["seconds"] = s.seconds;
  j["skipped"] = in.skipped.size();
  j["notes"] = in.notes;
  j["libraries"] = library_versions();
  return j.dump(2) + "\n";
}

void write_propose_outputs(const std::string& out_dir, const Inputs& in, const ProposeResult& r,
                           const ProposeRunInfo& info) {
  ensure_gdal();
  AtomicOutputs out(out_dir);
  const SitingResult& s = r.siting;
  {
    OGRSpatialReference crs;
    crs.importFromWkt(in.crs_wkt.c_str());
    crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::vector<double> x, y, cumulative;
    // The running objective after each site: covered weight (mclp, lscp), total cost (pmedian),
    // largest cost (pcenter).
    const bool covering = info.model == "mclp" || info.model == "lscp";
    double running = info.model == "lscp" ? s.covered_weight_before : s.objective_before;
    for (std::size_t k = 0; k < r.selected_facility.size(); ++k) {
      x.push_back(in.facilities.x_m[r.selected_facility[k]]);
      y.push_back(in.facilities.y_m[r.selected_facility[k]]);
      running += covering ? s.marginal[k] : -s.marginal[k];
      cumulative.push_back(running);
    }
    const auto f = [&](std::size_t i) { return r.selected_facility[i]; };
    std::vector<PointColumn> cols;
    cols.push_back(integer_column("rank", [](std::size_t i) { return static_cast<long long>(i + 1); }));
    cols.push_back(string_column("id", [&](std::size_t i) { return in.facilities.source_id[f(i)]; }));
    cols.push_back(string_column("name", [&](std::size_t i) { return in.facilities.name[f(i)]; }));
    cols.push_back(string_column("category", [&](std::size_t) { return info.category; }));
    cols.push_back(number_column("marginal", [&](std::size_t i) { return s.marginal[i]; }, 3));
    const char* after = covering ? "covered_weight_after" : info.model == "pmedian" ? "total_cost_after" : "max_cost_after";
    cols.push_back(number_column(after, [&](std::size_t i) { return cumulative[i]; }, 3));
    for (const auto& [key, column] : in.facilities.attributes) {
      const std::vector<double>* values = &column;
      cols.push_back(number_column(key, [values, &f](std::size_t i) { return (*values)[f(i)]; }));
    }
    write_point_geojson(out.temp_for("proposed_sites.geojson"), "proposed_sites.geojson", crs, x, y, cols);
  }
  {
    const auto temp = out.temp_for("summary.json");
    std::ofstream file(temp, std::ios::binary);
    file << propose_summary_json(in, r, info);
    file.close();
    if (!file) throw InputError((out.dir() / "summary.json").string() + ": cannot write the file");
  }
  out.commit();
}

}  // namespace lc::io

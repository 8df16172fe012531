#include "io/write_propose.hpp"

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/format.hpp"
#include "io/atomic_output.hpp"
#include "io/error.hpp"
#include "io/gdal_env.hpp"
#include "io/geojson_points.hpp"
#include "io/summary.hpp"
#include "io/write_target.hpp"

namespace lc::io {

namespace {

using nlohmann::json;

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// The figures every siting summary holds.
json siting_json(const SitingResult& s, const ProposeRunInfo& info, const std::vector<std::string>& selected,
                 const std::vector<std::string>& uncoverable) {
  json j;
  j["model"] = info.model;
  j["category"] = info.category;
  j["mode"] = info.mode;
  j["within"] = info.has_within ? info.within.text : "";
  j[info.within.by_time() ? "within_s" : "within_m"] = info.has_within ? json(info.within.value) : json(nullptr);
  j["solver"] = s.solver.rfind("exact", 0) == 0 ? "exact" : "heuristic";
  j["solver_detail"] = s.solver;
  j["proven_optimal"] = s.proven_optimal;
  j["time_limit_reached"] = s.time_limit_reached;
  j["objective"] = s.objective;
  j["objective_before"] = s.objective_before;
  j["bound"] = number_or_null(s.bound);
  j["gap"] = number_or_null(s.gap);
  j["bound_source"] = s.bound_source;
  j["selected"] = selected;
  j["marginal"] = s.marginal;
  j["covered_weight"] = s.covered_weight;
  j["covered_weight_before"] = s.covered_weight_before;
  j["total_weight"] = s.total_weight;
  j["before"] = {{"covered_weight", s.covered_weight_before},
                 {"share", s.total_weight > 0 ? s.covered_weight_before / s.total_weight : 0.0}};
  j["after"] = {{"covered_weight", s.covered_weight}, {"share", s.total_weight > 0 ? s.covered_weight / s.total_weight : 0.0}};
  json unc = json::array();
  for (std::size_t i = 0; i < uncoverable.size() && i < 1000; ++i) unc.push_back(uncoverable[i]);
  j["uncoverable"] = {{"count", uncoverable.size()},
                      {"weight", s.uncoverable_weight},
                      {"ids", unc},
                      {"note", "demand no existing, competitor or candidate site reaches within the threshold; "
                               "lscp and pcenter leave it out, mclp counts it as not covered"}};
  j["unreached_cost"] = number_or_null(s.unreached_cost);
  j["capacitated"] = s.capacitated;
  if (s.capacitated) {
    j["capacity_fields"] = {{"candidates", info.candidate_capacity_field}, {"existing", info.capacity_field}};
    j["places_per_person"] = info.places_per_person;
    j["capacity_note"] = "each site serves at most its capacity of weight (a site without a value: no limit), a demand "
                         "point's weight may be split between sites; covered_weight is the weight served";
  }
  j["model_pairs"] = s.model_pairs;
  j["seconds"] = s.seconds;
  return j;
}

// The running objective after each selected site: covered weight (mclp, lscp), total cost
// (pmedian), largest cost (pcenter).
// Exact where the result has it; else summed from the marginals, the last being the result's
// own figure (so that it reads the same as the summary).
std::vector<double> running_objective(const SitingResult& s, const std::string& model) {
  if (s.objective_after.size() == s.marginal.size()) return s.objective_after;
  const bool covering = model == "mclp" || model == "lscp";
  double running = model == "lscp" ? s.covered_weight_before : s.objective_before;
  std::vector<double> out;
  for (double m : s.marginal) out.push_back(running += covering ? m : -m);
  if (!out.empty()) out.back() = model == "lscp" ? s.covered_weight : s.objective;
  return out;
}

const char* running_name(const std::string& model) {
  return model == "mclp" || model == "lscp" ? "covered_weight_after" : model == "pmedian" ? "total_cost_after" : "max_cost_after";
}

void write_json(AtomicOutputs& out, const json& j) {
  const auto temp = out.temp_for("summary.json");
  std::ofstream file(temp, std::ios::binary);
  file << j.dump(2) << "\n";
  file.close();
  if (!file) throw InputError((out.dir() / "summary.json").string() + ": cannot write the file");
}

json propose_summary(const Inputs& in, const ProposeResult& r, const ProposeRunInfo& info) {
  std::vector<std::string> selected, uncoverable;
  for (Id f : r.selected_facility) selected.push_back(in.facilities.source_id[f]);
  for (Id d : r.siting.uncoverable) uncoverable.push_back(in.demand.source_id[d]);
  json j = siting_json(r.siting, info, selected, uncoverable);
  write_summary_header(j, {info.command_line, true, in.crs, in.population_basis, in.population_basis_zh,
                           in.openstreetmap, in.census ? &*in.census : nullptr});
  if (!in.osm_extract.empty()) j["osm_extract"] = in.osm_extract;
  j["sites"] = {{"existing", r.existing},
                {"competitors", r.competitors},
                {"candidates", r.candidates},
                {"candidates_excluded", r.candidates_excluded},
                {"candidates_beyond_snap", r.candidates_unsnapped.size()},
                {"candidates_source", info.candidates}};
  if (r.group_min > 0) {  // per-district minimums
    json d = json::array();
    for (std::size_t g = 0; g < r.group_existing.size() && g < in.districts.size(); ++g) {
      d.push_back({{"district", in.districts.name[g]},
                   {"existing", r.group_existing[g]},
                   {"candidates", r.group_candidates[g]},
                   {"selected", r.group_selected[g]}});
    }
    j["min_per_district"] = r.group_min;
    j["districts_source"] = in.districts.source;
    j["district_sites"] = d;
  }
  j["skipped"] = in.skipped.size();
  j["notes"] = in.notes;
  return j;
}

}  // namespace

std::string propose_summary_json(const Inputs& in, const ProposeResult& r, const ProposeRunInfo& info) {
  return propose_summary(in, r, info).dump(2) + "\n";
}

void write_propose_table_outputs(const std::string& out_dir, const SitingResult& s, const ProposeRunInfo& info,
                                 const std::vector<std::string>& site_ids, const std::vector<std::string>& demand_ids,
                                 const std::vector<std::string>& notes) {
  StageClock clock;
  AtomicOutputs out(out_dir);
  out.replace_earlier_run();
  const std::vector<double> after = running_objective(s, info.model);
  {
    const auto temp = out.temp_for("proposed_sites.csv");
    std::ofstream file(temp, std::ios::binary);
    file << "rank,id,marginal," << running_name(info.model) << "\n";
    for (std::size_t k = 0; k < s.selected.size(); ++k) {
      std::string id = site_ids[s.selected[k]];
      if (id.find_first_of(",\"\n") != std::string::npos) {
        std::string quoted = "\"";
        for (char c : id) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        id = quoted + "\"";
      }
      file << k + 1 << "," << id << "," << shortest(s.marginal[k]) << "," << shortest(after[k]) << "\n";
    }
    file.close();
    if (!file) throw InputError((out.dir() / "proposed_sites.csv").string() + ": cannot write the file");
  }
  std::vector<std::string> selected, uncoverable;
  for (Id site : s.selected) selected.push_back(site_ids[site]);
  for (Id d : s.uncoverable) uncoverable.push_back(demand_ids[d]);
  json j = siting_json(s, info, selected, uncoverable);
  write_summary_header(j, {info.command_line, false, "", "", "", false});
  j["sites"] = {{"in_matrix", site_ids.size()}, {"candidates_source", info.candidates}};
  j["notes"] = notes;
  write_timings(j, info.timings, info.threads, clock.lap());
  write_json(out, j);
  out.commit();
}

void write_propose_outputs(const std::string& out_dir, const Inputs& in, const ProposeResult& r,
                           const ProposeRunInfo& info, const OutputOptions& options) {
  StageClock clock;
  ensure_gdal();
  GdalMessages messages;
  OutputTarget out(out_dir, options, "propose");
  const SitingResult& s = r.siting;
  {
    OGRSpatialReference crs;
    crs.importFromWkt(in.crs_wkt.c_str());
    crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::vector<double> x, y;
    for (Id f : r.selected_facility) {
      x.push_back(in.facilities.x_m[f]);
      y.push_back(in.facilities.y_m[f]);
    }
    const std::vector<double> cumulative = running_objective(s, info.model);
    const auto f = [&](std::size_t i) { return r.selected_facility[i]; };
    std::vector<PointColumn> cols;
    cols.push_back(integer_column("rank", [](std::size_t i) { return static_cast<long long>(i + 1); }));
    cols.push_back(string_column("id", [&](std::size_t i) { return in.facilities.source_id[f(i)]; }));
    cols.push_back(string_column("name", [&](std::size_t i) { return in.facilities.name[f(i)]; }));
    cols.push_back(string_column("category", [&](std::size_t) { return info.category; }));
    cols.push_back(number_column("marginal", [&](std::size_t i) { return s.marginal[i]; }, 3));
    cols.push_back(number_column(running_name(info.model), [&](std::size_t i) { return cumulative[i]; }, 3));
    for (const auto& [key, column] : in.facilities.attributes) {
      const std::vector<double>* values = &column;
      cols.push_back(number_column(key, [values, &f](std::size_t i) { return (*values)[f(i)]; }));
    }
    out.points("proposed_sites", crs, x, y, cols);
  }
  {  // the facilities kept (every one of the category that is not a candidate), for maps
    std::vector<Id> kept;
    const CategoryId c = in.categories.find(info.category);
    if (c != Categories::invalid) {
      for (Id f : in.facilities.of_category(c)) {
        if (in.facilities.status[f] != FacilityStatus::candidate) kept.push_back(f);
      }
    }
    write_facility_points(out, in, kept);
  }
  json summary = propose_summary(in, r, info);
  out.describe(summary);
  write_timings(summary, info.timings, info.threads, clock.lap());
  out.summary(summary.dump(2) + "\n");
  out.commit();
}

}  // namespace lc::io

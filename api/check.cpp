#include "api/check.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>

#include "algorithms/compliance.hpp"
#include "algorithms/road_graph.hpp"
#include "algorithms/threads.hpp"
#include "api/load.hpp"
#include "core/errors.hpp"
#include "io/atomic_output.hpp"
#include "io/rules.hpp"

namespace lc::api {

namespace {

// The travel modes the rules will be evaluated in that need roads, in rule order.
std::vector<TravelMode> network_modes(const RuleSet& rules, const std::optional<TravelMode>& override_mode) {
  std::vector<TravelMode> out;
  for (const Rule& r : rules.rules) {
    const TravelMode m = override_mode ? *override_mode : r.mode;
    if (uses_mode(r) && m != TravelMode::distance && std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  }
  return out;
}

std::string describe(const FacilitySource& s) { return s.path + (s.layer.empty() ? "" : " (" + s.layer + ")"); }

// A field a rule needs and the data lacks: an error for the user's own rules (and with --strict).
void refuse_missing_fields(const CheckRequest& request, const RuleSet& rules, const std::vector<FacilitySource>& sources,
                           const Inputs& in) {
  for (const MissingField& m : missing_fields(rules, in.categories, in.facilities, in.demand)) {
    const Rule& r = rules.rules[m.rule];
    if (r.preset && !request.strict) continue;
    std::string layers;
    for (const auto& s : sources) layers += (layers.empty() ? "" : ", ") + describe(s);
    const DemandSource& d = request.sources.demand;
    const std::string at = (request.preset.empty() ? rules.path + ", line " + std::to_string(r.line) + ", "
                                                   : "preset " + request.preset + ", ") +
                           "rule '" + r.id + "'";
    if (m.in == "demand") {
      throw InputError(at + ": demand basis '" + m.field + "' is not in " + d.path + (d.layer.empty() ? "" : " (" + d.layer + ")") +
                       ": give --demand-field " + m.field + "=FIELD or --basis-share " + m.field + "=SHARE");
    }
    if (m.in == "categories") {
      throw InputError(at + ": no facility source gives the category '" + m.field + "' (sources: " + layers + ")");
    }
    throw InputError(at + ": field '" + m.field + "' has no value for any " + r.category + " facility in " + layers);
  }
}

}  // namespace

std::string preset_text(const std::string& name) { return io::preset_text(name); }

CheckRun check(const CheckRequest& request) {
  io::clear_inputs();  // a new run: the files it reads are the ones its outputs must not replace
  const Sources& src = request.sources;
  if (request.rules_path.empty() == request.preset.empty()) throw UsageError("give --rules FILE or --preset NAME (one of them)");
  if (src.facilities.empty() || src.demand.path.empty()) throw UsageError("check needs --facilities, --demand and --out");
  if (request.mode == TravelMode::cost_matrix) throw UsageError("--mode: use distance, walk or drive");
  validate(request.network);

  CheckRun run;
  run.rules = request.preset.empty() ? io::load_rules(request.rules_path) : io::preset_rules(request.preset);
  const RuleSet& rules = run.rules;
  const std::vector<TravelMode> modes = network_modes(rules, request.mode);

  // Sources: the facility attributes the rules use are read where a layer has them.
  std::vector<FacilitySource> sources = src.facilities;
  std::vector<std::string> attributes;
  for (const Rule& r : rules.rules) {
    for (const std::string* f : {&r.supply_attribute, &r.base_attribute}) {
      if (!f->empty() && std::find(attributes.begin(), attributes.end(), *f) == attributes.end()) attributes.push_back(*f);
    }
  }
  for (FacilitySource& s : sources) {
    if (is_osm_source(s.path)) continue;
    s.optional_numeric_fields = attributes;
    s.status_field = request.status_field;
  }
  DemandSource demand = src.demand;
  demand.attribute_fields.insert(demand.attribute_fields.end(), request.demand_fields.begin(), request.demand_fields.end());
  LoadOptions load = src.load;
  load.mode = modes.empty() ? TravelMode::distance : modes[0];
  if (!modes.empty()) load.walk_speed_mps = request.network.walk_speed_mps;
  StageClock clock;
  StageTimings& timings = run.info.timings;
  run.info.threads = parallel_threads();
  run.inputs = load_inputs(sources, demand, load);
  Inputs& in = run.inputs;
  std::vector<std::string> notes = in.notes;
  for (const auto& [name, share] : request.basis_shares) {
    if (!(share >= 0 && share <= 1)) {
      throw UsageError("--basis-share '" + name + "': the share is a number from 0 to 1, e.g. elderly=0.187");
    }
    if (in.demand.attributes.count(name) || name == "residents") {
      throw UsageError("--basis-share: the demand already has '" + name + "'");
    }
    std::vector<double>& column = in.demand.attributes[name];
    column.reserve(in.demand.size());
    for (double w : in.demand.weight) column.push_back(w * share);
    char text[32];
    std::snprintf(text, sizeof text, "%g", share);
    notes.push_back("'" + name + "' estimated as " + text + " of the population weight at every point (--basis-share)");
  }

  // Roads for each network mode (a second mode reads its own roads from the same sources).
  std::optional<RoadGraph> walk_graph, drive_graph;
  for (std::size_t k = 0; k < modes.size(); ++k) {
    RoadLines roads;
    if (k == 0) {
      roads = std::move(in.roads);
    } else {
      LoadOptions again = load;
      again.mode = modes[k];
      roads = load_roads(sources, demand, again, in.crs);
    }
    timings.add("load", clock.lap());  // the inputs, and a second mode's roads
    (modes[k] == TravelMode::walk ? walk_graph : drive_graph).emplace(build_road_graph(roads));
    timings.add("graph", clock.lap());
  }
  if (modes.empty()) timings.add("load", clock.lap());
  refuse_missing_fields(request, rules, sources, in);
  for (const Rule& r : rules.rules) {  // a selection by a field the district layer does not have
    if (!r.applies_to || (r.preset && !request.strict) || in.districts.size() == 0) continue;
    if (in.districts.attributes.count(r.applies_to->field)) continue;
    std::string fields;
    for (const auto& [name, values] : in.districts.attributes) fields += (fields.empty() ? "" : ", ") + name;
    const std::string at = request.preset.empty() ? rules.path + ", line " + std::to_string(r.line) + ", "
                                                  : "preset " + request.preset + ", ";
    throw InputError(at + "rule '" + r.id + "': applies_to field '" + r.applies_to->field + "' is not a field of " +
                     in.districts.source + " (fields: " + (fields.empty() ? "none" : fields) + ")");
  }

  try {
    run.thresholds = rule_thresholds(rules, request.mode, request.network.walk_speed_mps);
  } catch (const std::invalid_argument& e) {  // a walking speed that is not positive, or too large
    throw UsageError(std::string("--speed ") + std::to_string(request.network.walk_speed_mps) + ": " + e.what());
  }
  CheckOptions options;
  options.thresholds = run.thresholds;
  options.mode_override = request.mode;
  options.walk_graph = walk_graph ? &*walk_graph : nullptr;
  options.drive_graph = drive_graph ? &*drive_graph : nullptr;
  options.max_snap_m = request.network.max_snap_m;
  options.access_speed_mps = in.walk_speed_mps > 0 ? in.walk_speed_mps : request.network.walk_speed_mps;
  run.result = check_plan(rules, in.categories, in.facilities, in.demand, in.districts, options);
  timings.add("evaluate", clock.lap());

  CheckRunInfo& info = run.info;
  info.command_line = request.command_line;
  info.rules_source = request.preset.empty() ? request.rules_path : "preset " + request.preset;
  info.crs = in.crs;
  info.population_basis = in.population_basis;
  info.population_basis_zh = in.population_basis_zh;
  for (const auto& s : sources) info.facility_sources.push_back(describe(s));
  info.demand_source = src.demand.path + (src.demand.layer.empty() ? "" : " (" + src.demand.layer + ")");
  info.mode_override = request.mode ? to_string(*request.mode) : "";
  info.strict = request.strict;
  info.input_notes = notes;
  info.skipped_features = in.skipped.size();
  info.census = in.census;
  return run;
}

}  // namespace lc::api

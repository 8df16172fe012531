#pragma once
// `check`: a plan (facilities, demand, districts) against planning standards (a rule file or a
// shipped preset), per district and overall.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/request.hpp"
#include "core/runs.hpp"
#include "core/shard_run.hpp"

namespace lc::api {

struct CheckRequest {
  std::string rules_path;  // a rule file; or
  std::string preset;      // a shipped rule set, e.g. "cn-health"
  Sources sources;         // sources.load: districts, categories; the travel mode is the rules'
  std::string status_field;  // each facility's status (existing, planned, ...); empty: existing
  std::vector<std::pair<std::string, std::string>> demand_fields;  // basis name -> demand field
  std::vector<std::pair<std::string, double>> basis_shares;        // basis name -> share of the population
  std::optional<TravelMode> mode;  // every rule in this mode instead of its own
  bool strict = false;     // a preset rule whose field the data lacks is an error
  NetworkSettings network;
  std::string command_line;
};

// Throws UsageError or InputError (a field a user rule needs and the data lacks, naming the rule
// file, line and layers).
CheckRun check(const CheckRequest& request);

// One shard of a check split by a shard plan (`lifecircle shard plan`), in distance mode: loads the
// inputs as check() does (in the plan's CRS; --districts must be the plan's), and measures every
// rule at the demand points the shard owns (algorithms/shard_plan.hpp: owning_shards): the nearest
// facility against every facility, the accessibility measures against the sites within three halos
// of those points (every site that weighs on them, 3SFCA's selection weights included). Throws
// UsageError (a rule's reach beyond the plan's halo, a network mode, other districts or another
// --crs than the plan's, an index out of range) before any work, or InputError.
CheckShard check_shard(const CheckRequest& request, const std::string& plan_dir, Id shard);

// The whole check from its shards: loads the inputs again, fills every point's measures from the
// shard that owns it and judges the rules as check() does (the same verdicts, to the bit). Throws
// InputError naming the shards missing or given twice, or a shard of other inputs.
CheckRun merge_check(const CheckRequest& request, const std::string& plan_dir, const std::vector<CheckShard>& shards);

// The text of a shipped rule set (to edit and pass back as a rule file).
std::string preset_text(const std::string& name);

}  // namespace lc::api

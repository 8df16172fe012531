#pragma once
// Internal to api/: the shards' results a merge is given, checked against the plan.

#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/inputs.hpp"
#include "core/shard_plan.hpp"
#include "io/write_shard_plan.hpp"

namespace lc::api::detail {

// Throws UsageError when `shard` is not one of the plan's (`--shard PLAN:K`).
inline void check_shard_index(const ShardPlan& plan, const std::string& plan_dir, Id shard) {
  if (shard >= plan.shards.size()) {
    throw UsageError("--shard " + plan_dir + ":" + std::to_string(shard) + ": the plan has shards 0 to " +
                     std::to_string(plan.shards.size() - 1));
  }
}

// A shard's run with the plan's OSM extracts (`shard extract`): each OSM file of `paths` the plan
// has extracts of is read from shard `shard`'s extract (load.osm_extracts), when the extract holds
// every box the run reads (`boxes`, metres: each inside one of the shard's district boxes grown by
// the extract's grow). Throws UsageError (the run reads farther, or with other tag rules, than
// the extract was cut for) or InputError (the file changed since, an extract is missing, the plan
// was made again). Defined in api/shard.cpp.
void use_osm_extracts(const std::string& plan_dir, const ShardPlan& plan, Id shard, const std::vector<std::string>& paths,
                      const std::vector<double>& boxes, LoadOptions& load);

// A run split by a shard plan, as a command's one run function takes it: a shard (`out` receives
// its results), the merge (`merge`: every shard's), or neither (`plan` null: one machine).
template <class ShardResult>
struct Split {
  const ShardPlan* plan = nullptr;
  std::string plan_dir;
  Id shard = invalid_id;
  const std::vector<ShardResult>* merge = nullptr;
  ShardResult* out = nullptr;
};

// `shards` by their index in `plan`, one each. Throws InputError for a shard of another plan, one
// given twice, or (naming them) the shards without results.
template <class ShardResult>
std::vector<const ShardResult*> shards_by_index(const std::vector<ShardResult>& shards, const ShardPlan& plan,
                                                const std::string& plan_dir) {
  std::vector<const ShardResult*> by_index(plan.shards.size(), nullptr);
  for (const ShardResult& s : shards) {
    if (s.shard >= by_index.size() || s.shards != plan.shards.size()) {
      throw InputError("shard " + std::to_string(s.shard) + " of " + std::to_string(s.shards) + " is not of the plan " + plan_dir +
                       " (" + std::to_string(plan.shards.size()) + " shards)");
    }
    if (by_index[s.shard]) throw InputError("shard " + std::to_string(s.shard) + " is given twice");
    by_index[s.shard] = &s;
  }
  std::string missing;
  for (Id k = 0; k < by_index.size(); ++k) {
    if (!by_index[k]) missing += (missing.empty() ? "" : ",") + std::to_string(k);
  }
  if (!missing.empty()) {
    throw InputError("no results for shard(s) " + missing + " of the plan " + plan_dir + " in the run's folder: run them first");
  }
  return by_index;
}

// Shard `shard` of the plan in `plan_dir`: `run(split)` with the plan read and the shard checked
// (check_shard_index); its results.
template <class ShardResult, class Run>
ShardResult run_shard(const std::string& plan_dir, Id shard, Run&& run) {
  const ShardPlan plan = io::read_shard_plan(plan_dir);
  check_shard_index(plan, plan_dir, shard);
  ShardResult out;
  run(Split<ShardResult>{&plan, plan_dir, shard, nullptr, &out});
  return out;
}

// The merge: `run(split)` with every shard's results, checked against the plan (shards_by_index).
template <class ShardResult, class Run>
auto run_merge(const std::string& plan_dir, const std::vector<ShardResult>& shards, Run&& run) {
  const ShardPlan plan = io::read_shard_plan(plan_dir);
  shards_by_index(shards, plan, plan_dir);
  return run(Split<ShardResult>{&plan, plan_dir, invalid_id, &shards, nullptr});
}

}  // namespace lc::api::detail

#pragma once
// A shard's results on disk (`coverage --shard PLAN:K --out OUT`, and access, check and propose):
// OUT/shard-K/shard.json (which shard of which plan, the command's arguments) and
// OUT/shard-K/results.bin, read back by the merge (`lifecircle shard merge PLAN --out OUT`).
//
// results.bin, little-endian: the 8 bytes "LCSHARD2"; u32 shard, shards, demand points loaded,
// facilities, categories and P, the points the shard owns; u32 × P their ids in the shard's
// loading, f64 × P their x and f64 × P their y (metres of the plan's CRS); then per category:
// f32 × P nearest distance (metres, +inf: none), u32 × P nearest facility id (0xffffffff: none),
// u32 × P facilities within the threshold, u32 F, u32 × F the facility ids the shard owns, f64 × F
// the population in reach of each.

#include <string>
#include <vector>

#include "core/inputs.hpp"
#include "core/shard_run.hpp"

namespace lc::io {

// The folder of shard `k`'s results under `out_dir`: OUT/shard-K.
std::string shard_folder(const std::string& out_dir, Id k);

// Writes shard.json and results.bin into shard_folder(out_dir, shard.shard), all or nothing.
void write_coverage_shard(const std::string& out_dir, const CoverageShard& shard);

// Reads them back. Throws InputError naming the file when it is missing, truncated or not a
// shard's.
// With head_only, only shard.json and the head of results.bin: the shard, the counts and the
// arguments, no per-point or per-facility array.
CoverageShard read_coverage_shard(const std::string& folder, bool head_only = false);

// The results of shards 0 to shards - 1 present under `out_dir` (a shard-K folder with a
// shard.json), by index; the missing ones left out.
std::vector<CoverageShard> read_coverage_shards(const std::string& out_dir, Id shards, bool head_only = false);

// The same for an access shard (`access --shard PLAN:K`): shard.json of kind access_shard and
// results.bin headed "LCACCES2": u32 shard, shards, demand points, facilities, categories and P;
// u32 × P the owned demand ids; per category f64 × P the measure, u32 × P the sites within reach,
// u32 F, u32 × F the owned sites, f64 × F their catchment's demand and f64 × F their supply
// ratio, u32 R (F for --measure capacity, else 0) and, when R > 0, the sites' Reach rows: f64 the
// Reach's threshold, u32 its unit (0 metres, 1 seconds), u32 × (R + 1) the rows' offsets (CSR:
// first 0, last N), u32 × N the demand ids (the run's, ascending within a row), f32 × N their costs.
void write_access_shard(const std::string& out_dir, const AccessShard& shard);
AccessShard read_access_shard(const std::string& folder);
std::vector<AccessShard> read_access_shards(const std::string& out_dir, Id shards);

// The same for a check shard (`check --shard PLAN:K`): shard.json of kind check_shard and
// results.bin headed "LCCHECK1": u32 shard, shards, demand points, facilities, rules (in the head's
// category field) and P; u32 × P the owned demand ids; then per rule: u32 N (0 or P), f32 × N the
// cost to the nearest facility (metres; +inf: none) and u32 × N its id (0xffffffff: none); u32 M
// (0 or P), f64 × M the accessibility measure; u32 T, then T pairs of u32 district (0xfffffffe:
// in none) and u32 facility id, ascending.
void write_check_shard(const std::string& out_dir, const CheckShard& shard);
CheckShard read_check_shard(const std::string& folder);
std::vector<CheckShard> read_check_shards(const std::string& out_dir, Id shards);

// The same for a propose shard (`propose --shard PLAN:K`): shard.json of kind propose_shard (with
// sites_owned in place of demand_points_owned) and results.bin headed "LCPROPO1": u32 shard, shards, demand points loaded, facilities and sites (of
// the whole run), R (the sites the shard owns) and P (the demand points their rows reach); f64
// the rows' reach (the model's cost horizon, metres); f64 × P the points' x and f64 × P their y
// (metres of the plan's CRS, in the run's demand order); u32 × R the owned sites (indices among
// the run's sites, ascending); u32 × (R + 1) the offsets of their rows (CSR: first 0, last N);
// u32 × N the points of the rows (indices into the P points, ascending within a row) and f32 × N
// their costs (metres).
void write_propose_shard(const std::string& out_dir, const ProposeShard& shard);
ProposeShard read_propose_shard(const std::string& folder);
std::vector<ProposeShard> read_propose_shards(const std::string& out_dir, Id shards);

// The same for an isochrones shard (`isochrones --merge split --shard PLAN:K`): shard.json of kind
// isochrones_shard (with facilities_owned in place of demand_points_owned) and results.bin headed
// "LCISOCH1": u32 shard, shards, demand points loaded, facilities, categories and S (the facilities
// it owns), u32 B (the breaks); u32 × S their categories, u32 × S their facility ids; then per
// facility and break (S × B, facility after facility): f32 lower, f32 upper, f64 population,
// f64 area (m²), u32 W and W bytes of the polygon's WKB (metres of the plan's CRS; 0: empty).
void write_isochrone_shard(const std::string& out_dir, const IsochroneShard& shard);
IsochroneShard read_isochrone_shard(const std::string& folder);
std::vector<IsochroneShard> read_isochrone_shards(const std::string& out_dir, Id shards);

// OUT/beyond_halo.csv of a merged split run: one row per point whose nearest facility lies beyond
// its shard's halo (category, demand_id, shard, nearest_m, halo_m, weight), by category and point;
// no file (an earlier one removed) when there is none.
void write_beyond_halo(const std::string& out_dir, const std::vector<HaloMiss>& misses, const Inputs& in, double halo_m);

// The command a shard's results under `folder` came from: "coverage", "access", "check",
// "propose" or "isochrones" (its kind), and the arguments it was run with.
std::string shard_command(const std::string& folder);
std::vector<std::string> shard_arguments(const std::string& folder);

}  // namespace lc::io

#pragma once
// Cutting an OpenStreetMap file into one extract per part of a region (`lifecircle shard extract`),
// in passes over it with libosmium, so that a shard reads a small .osm.pbf instead of the whole.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/shard_plan.hpp"
#include "io/category_rules.hpp"

namespace lc::io {

// A part's area: boxes in metres of the run's CRS (x0, y0, x1, y1, ...).
struct OsmExtractPart {
  std::vector<double> boxes;
  std::string path;  // where its extract goes (.osm.pbf)
};

struct OsmExtractCounts {
  std::int64_t nodes = 0, ways = 0, relations = 0;
};

// PLAN/extracts.json: the OSM files `shard extract` cut for the plan (none: empty). Throws
// InputError naming the file when it is not such a file.
std::vector<OsmExtractSet> read_osm_extract_sets(const std::string& plan_dir);
// Writes it, all or nothing.
void write_osm_extract_sets(const std::string& plan_dir, const std::vector<OsmExtractSet>& sets);

// A file's absolute path, size and modification time (s); throws InputError when it is missing.
struct FileStamp {
  std::string path;
  std::int64_t bytes = 0, mtime = 0;
};
FileStamp file_stamp(const std::string& path);

// Writes one extract of `source` (.osm.pbf or .osm, sorted by id: nodes, then ways, then
// relations) per part. A part's extract holds, as the source has them:
// - every way whose bounds (its nodes in `metric_crs`, as a shard reads them) meet one of its boxes, or the bounds of a land-use area (landuse=*,
//   a closed way or a multipolygon) that meets one: an area that reaches into the part decides
//   how the buildings in it are counted, and its buildings count in it;
// - every object `keep_anywhere` accepts by its tags, wherever it is (the facilities: a shard
//   reads them all);
// - every multipolygon or boundary relation with a member way kept, or whose bounds meet a box,
//   and then all its member ways;
// - every node of the ways kept, with its tags.
// Each extract is written under a temporary name beside its path and renamed when all are
// complete. Throws InputError naming the file when it cannot be read (or is not sorted, or has
// negative ids) or an extract cannot be written.
std::vector<OsmExtractCounts> write_osm_extracts(const std::string& source, const std::string& metric_crs,
                                                 const std::vector<OsmExtractPart>& parts,
                                                 const std::function<bool(const TagLookup&)>& keep_anywhere);

// The OSM tag rules a run uses: `given`, else <data>/osm_categories.yaml.
std::string tag_mapping_file(const std::string& given);

// A digest of a file's bytes (64-bit FNV-1a, in hex); throws InputError when it cannot be read.
std::string file_digest(const std::string& path);

}  // namespace lc::io

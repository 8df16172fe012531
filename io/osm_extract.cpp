#include "io/osm_extract.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <unistd.h>

#include <sys/stat.h>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <nlohmann/json.hpp>
#include <ogr_spatialref.h>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/io/pbf_output.hpp>
#include <osmium/io/reader.hpp>
#include <osmium/io/writer.hpp>
#include <osmium/io/xml_input.hpp>
#include <osmium/osm/node.hpp>
#include <osmium/osm/relation.hpp>
#include <osmium/osm/way.hpp>

#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "io/atomic_output.hpp"
#include "io/crs.hpp"
#include "io/gdal_env.hpp"

namespace lc::io {

namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using Point = bg::model::point<double, 2, bg::cs::cartesian>;
using Box = bg::model::box<Point>;
using BoxTree = bgi::rtree<std::pair<Box, std::uint32_t>, bgi::quadratic<16>>;  // box, part

struct Bounds {
  double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
  bool empty() const { return x0 > x1; }
  void add(double x, double y) { x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y); }
  void add(const Bounds& b) {
    if (!b.empty()) add(b.x0, b.y0), add(b.x1, b.y1);
  }
  Box box() const { return Box(Point(x0, y0), Point(x1, y1)); }
};

struct WayRecord {
  osmium::object_id_type id;
  Bounds bounds;
  bool keep = false;     // keep_anywhere
  bool landuse = false;  // a closed way tagged landuse
};

struct RelationRecord {
  osmium::object_id_type id;
  bool keep = false, landuse = false;
  std::size_t first = 0, count = 0;  // its member ways in `members`
};

TagLookup lookup(const osmium::TagList& tags) {
  return [&tags](const std::string& key) -> std::optional<std::string> {
    const char* v = tags.get_value_by_key(key.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

bool is_area_relation(const osmium::Relation& r) {
  const char* type = r.tags().get_value_by_key("type");
  return type && (std::string_view(type) == "multipolygon" || std::string_view(type) == "boundary");
}

// The parts whose boxes in `tree` meet `b`, ascending, each once.
void parts_meeting(const BoxTree& tree, const Bounds& b, std::vector<std::uint32_t>& out) {
  out.clear();
  if (b.empty()) return;
  for (auto it = tree.qbegin(bgi::intersects(b.box())); it != tree.qend(); ++it) out.push_back(it->second);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// Reads `source` once, the entities of `bits`, calling fn(object) for each; osmium's errors become
// InputError naming the file.
template <typename Fn>
void each_object(const std::string& source, osmium::osm_entity_bits::type bits, Fn&& fn) {
  try {
    osmium::io::Reader reader{osmium::io::File{source}, bits};
    std::size_t n = 0;
    while (osmium::memory::Buffer buffer = reader.read()) {
      for (const osmium::OSMObject& o : buffer.select<osmium::OSMObject>()) {
        if ((++n & 0xffff) == 0) check_interrupt();
        if (o.id() < 0) {
          throw InputError(source + ": " + osmium::item_type_to_name(o.type()) + " " + std::to_string(o.id()) +
                           " has a negative id (data not uploaded from an editor): give a file of the OSM database");
        }
        fn(o);
      }
    }
    reader.close();
  } catch (const std::system_error& e) {
    throw InputError(source + ": cannot read it: " + e.what());
  } catch (const osmium::pbf_error& e) {
    throw InputError(source + ": a broken .osm.pbf: " + e.what());
  } catch (const osmium::xml_error& e) {
    throw InputError(source + ": a broken .osm file: " + e.what());
  } catch (const osmium::io_error& e) {
    throw InputError(source + ": not an OSM file libosmium reads: " + e.what());
  }
}

// Checks the file order a sorted OSM file has: nodes, ways, relations, each by ascending id.
class OrderCheck {
 public:
  explicit OrderCheck(std::string source) : source_(std::move(source)) {}
  void operator()(const osmium::OSMObject& o) {
    const int rank = o.type() == osmium::item_type::node ? 0 : o.type() == osmium::item_type::way ? 1 : 2;
    if (rank < rank_ || (rank == rank_ && o.id() <= last_)) {
      throw InputError(source_ + ": not sorted by type and id (" + osmium::item_type_to_name(o.type()) + " " +
                       std::to_string(o.id()) + " comes late): sort it first, e.g. osmium sort");
    }
    rank_ = rank, last_ = o.id();
  }

 private:
  std::string source_;
  int rank_ = 0;
  osmium::object_id_type last_ = 0;
};

// Sorted ids of one part, walked along a file in id order.
struct IdCursor {
  std::vector<osmium::object_id_type> ids;
  std::size_t at = 0;
  bool take(osmium::object_id_type id) {
    while (at < ids.size() && ids[at] < id) ++at;
    return at < ids.size() && ids[at] == id;
  }
};

void sort_unique(std::vector<osmium::object_id_type>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

std::vector<OsmExtractCounts> write_osm_extracts(const std::string& source, const std::string& metric_crs,
                                                 const std::vector<OsmExtractPart>& parts,
                                                 const std::function<bool(const TagLookup&)>& keep_anywhere) {
  if (!std::filesystem::is_regular_file(source)) throw InputError(source + ": no such file");
  const std::unique_ptr<OGRSpatialReference> metric = metric_crs_from_user(metric_crs);
  const std::unique_ptr<OGRCoordinateTransformation> to_metric = make_transform(*wgs84_lonlat(), *metric, source);
  const auto np = static_cast<std::uint32_t>(parts.size());
  BoxTree near;  // the parts' own boxes
  for (std::uint32_t p = 0; p < np; ++p) {
    for (std::size_t k = 0; k + 3 < parts[p].boxes.size(); k += 4) {
      const std::vector<double>& b = parts[p].boxes;
      near.insert({Box(Point(b[k], b[k + 1]), Point(b[k + 2], b[k + 3])), p});
    }
  }
  using namespace osmium::osm_entity_bits;

  // Pass 1: the area relations and their member ways.
  std::vector<RelationRecord> relations;
  std::vector<osmium::object_id_type> members;
  {
    OrderCheck order(source);
    each_object(source, relation, [&](const osmium::OSMObject& o) {
      order(o);
      const auto& r = static_cast<const osmium::Relation&>(o);
      if (!is_area_relation(r)) return;
      RelationRecord rec{r.id(), keep_anywhere(lookup(r.tags())), r.tags().has_key("landuse"), members.size(), 0};
      for (const osmium::RelationMember& m : r.members()) {
        if (m.type() == osmium::item_type::way && m.ref() > 0) members.push_back(m.ref());
      }
      rec.count = members.size() - rec.first;
      relations.push_back(rec);
    });
  }

  // Pass 2: the nodes' locations, the ways' bounds; the nodes kept anywhere.
  std::vector<WayRecord> ways;
  std::vector<osmium::object_id_type> kept_nodes;
  {
    OrderCheck order(source);
    osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location> locations;
    std::vector<double> x, y;
    std::vector<int> ok;
    each_object(source, node | way, [&](const osmium::OSMObject& o) {
      order(o);
      if (o.type() == osmium::item_type::node) {
        const auto& n = static_cast<const osmium::Node&>(o);
        if (n.location().valid()) locations.set(n.positive_id(), n.location());
        if (!n.tags().empty() && keep_anywhere(lookup(n.tags()))) kept_nodes.push_back(n.id());
        return;
      }
      const auto& w = static_cast<const osmium::Way&>(o);
      WayRecord rec{w.id(), {}, false, false};
      // Its bounds in metres, its nodes carried by PROJ as a shard's reading carries them.
      x.clear(), y.clear();
      for (const osmium::NodeRef& r : w.nodes()) {
        const osmium::Location l = locations.get_noexcept(r.positive_ref());
        if (l.valid()) x.push_back(l.lon()), y.push_back(l.lat());
      }
      ok.assign(x.size(), 0);
      if (!x.empty()) to_metric->Transform(x.size(), x.data(), y.data(), nullptr, ok.data());
      for (std::size_t k = 0; k < x.size(); ++k)
        if (ok[k] && std::isfinite(x[k]) && std::isfinite(y[k])) rec.bounds.add(x[k], y[k]);
      if (!w.tags().empty()) {
        rec.keep = keep_anywhere(lookup(w.tags()));
        rec.landuse = w.nodes().size() >= 4 && w.nodes().front().ref() == w.nodes().back().ref() && w.tags().has_key("landuse");
      }
      ways.push_back(rec);
    });
  }
  auto way_at = [&](osmium::object_id_type id) -> const WayRecord* {
    auto it = std::lower_bound(ways.begin(), ways.end(), id, [](const WayRecord& w, osmium::object_id_type v) { return w.id < v; });
    return it != ways.end() && it->id == id ? &*it : nullptr;
  };
  std::vector<Bounds> relation_bounds(relations.size());
  for (std::size_t r = 0; r < relations.size(); ++r) {
    for (std::size_t m = relations[r].first; m < relations[r].first + relations[r].count; ++m) {
      if (const WayRecord* w = way_at(members[m])) relation_bounds[r].add(w->bounds);
    }
  }

  // Each part's boxes and the land use areas that meet them: what its ways must meet.
  BoxTree reach = near;
  std::vector<std::uint32_t> hit;
  auto grow_by = [&](const Bounds& b) {
    parts_meeting(near, b, hit);
    for (std::uint32_t p : hit) reach.insert({b.box(), p});
  };
  for (const WayRecord& w : ways)
    if (w.landuse) grow_by(w.bounds);
  for (std::size_t r = 0; r < relations.size(); ++r)
    if (relations[r].landuse) grow_by(relation_bounds[r]);
  check_interrupt();

  // The ways and relations of each part.
  std::vector<std::vector<osmium::object_id_type>> part_ways(np), part_relations(np), part_nodes(np);
  for (const WayRecord& w : ways) {
    if (w.keep) {
      for (std::uint32_t p = 0; p < np; ++p) part_ways[p].push_back(w.id);
      continue;
    }
    parts_meeting(reach, w.bounds, hit);
    for (std::uint32_t p : hit) part_ways[p].push_back(w.id);
  }
  // (file order: each part's ways are ascending already)
  for (std::size_t r = 0; r < relations.size(); ++r) {
    const RelationRecord& rel = relations[r];
    std::vector<std::uint32_t> in;
    if (rel.keep) {
      for (std::uint32_t p = 0; p < np; ++p) in.push_back(p);
    } else {
      parts_meeting(reach, relation_bounds[r], in);
      for (std::uint32_t p = 0; p < np; ++p) {
        if (std::binary_search(in.begin(), in.end(), p)) continue;
        for (std::size_t m = rel.first; m < rel.first + rel.count; ++m) {
          if (std::binary_search(part_ways[p].begin(), part_ways[p].end(), members[m])) {
            in.insert(std::upper_bound(in.begin(), in.end(), p), p);
            break;
          }
        }
      }
    }
    for (std::uint32_t p : in) part_relations[p].push_back(rel.id);
  }
  for (std::uint32_t p = 0; p < np; ++p) {
    for (osmium::object_id_type rid : part_relations[p]) {
      const auto it = std::lower_bound(relations.begin(), relations.end(), rid,
                                       [](const RelationRecord& r, osmium::object_id_type v) { return r.id < v; });
      for (std::size_t m = it->first; m < it->first + it->count; ++m) part_ways[p].push_back(members[m]);
    }
    sort_unique(part_ways[p]);
  }
  ways.clear();
  ways.shrink_to_fit();

  // Pass 3: the nodes of each part's ways.
  {
    std::vector<IdCursor> cursors(np);
    for (std::uint32_t p = 0; p < np; ++p) cursors[p].ids = std::move(part_ways[p]);
    each_object(source, way, [&](const osmium::OSMObject& o) {
      const auto& w = static_cast<const osmium::Way&>(o);
      for (std::uint32_t p = 0; p < np; ++p) {
        if (!cursors[p].take(w.id())) continue;
        for (const osmium::NodeRef& r : w.nodes()) part_nodes[p].push_back(r.ref());
      }
    });
    for (std::uint32_t p = 0; p < np; ++p) {
      part_ways[p] = std::move(cursors[p].ids);
      part_nodes[p].insert(part_nodes[p].end(), kept_nodes.begin(), kept_nodes.end());
      sort_unique(part_nodes[p]);
    }
  }

  // Pass 4: the extracts, under temporary names, renamed when all are complete.
  std::vector<std::string> temps;
  for (const OsmExtractPart& part : parts) {
    const std::filesystem::path final_path(part.path);
    temps.push_back((final_path.parent_path() / ("." + final_path.filename().string() + ".tmp-" + std::to_string(::getpid()) + ".osm.pbf"))
                        .string());
  }
  auto remove_temps = [&] {
    for (const std::string& t : temps) std::filesystem::remove(t);
  };
  std::vector<OsmExtractCounts> counts(np);
  try {
    osmium::io::Header header;
    header.set("generator", "lifecircle shard extract");
    std::vector<std::unique_ptr<osmium::io::Writer>> writers;
    for (std::uint32_t p = 0; p < np; ++p) {
      std::filesystem::create_directories(std::filesystem::path(parts[p].path).parent_path());
      writers.push_back(std::make_unique<osmium::io::Writer>(osmium::io::File{temps[p], "pbf"}, header,
                                                             osmium::io::overwrite::allow));
    }
    std::vector<IdCursor> nodes(np), ways_of(np), relations_of(np);
    for (std::uint32_t p = 0; p < np; ++p) {
      nodes[p].ids = std::move(part_nodes[p]);
      ways_of[p].ids = std::move(part_ways[p]);
      relations_of[p].ids = std::move(part_relations[p]);
    }
    each_object(source, node | way | relation, [&](const osmium::OSMObject& o) {
      for (std::uint32_t p = 0; p < np; ++p) {
        if (o.type() == osmium::item_type::node) {
          if (!nodes[p].take(o.id())) continue;
          ++counts[p].nodes;
        } else if (o.type() == osmium::item_type::way) {
          if (!ways_of[p].take(o.id())) continue;
          ++counts[p].ways;
        } else {
          if (!relations_of[p].take(o.id())) continue;
          ++counts[p].relations;
        }
        (*writers[p])(o);
      }
    });
    for (auto& w : writers) w->close();
  } catch (const InputError&) {
    remove_temps();
    throw;
  } catch (const std::exception& e) {
    remove_temps();
    throw InputError("cannot write the extracts of " + source + ": " + e.what());
  } catch (...) {
    remove_temps();
    throw;
  }
  check_interrupt();
  for (std::uint32_t p = 0; p < np; ++p) {
    std::error_code ec;
    std::filesystem::rename(temps[p], parts[p].path, ec);
    if (ec) {
      remove_temps();
      throw InputError(parts[p].path + ": cannot write it: " + ec.message());
    }
  }
  return counts;
}

std::string file_digest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read it");
  std::uint64_t h = 14695981039346656037ull;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<unsigned char>(buf[i]);
      h *= 1099511628211ull;
    }
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

std::string tag_mapping_file(const std::string& given) { return given.empty() ? data_dir() + "/osm_categories.yaml" : given; }

FileStamp file_stamp(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) throw InputError(path + ": no such file");
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::weakly_canonical(std::filesystem::absolute(path), ec);
  return {ec ? std::filesystem::absolute(path).string() : abs.string(), static_cast<std::int64_t>(st.st_size),
          static_cast<std::int64_t>(st.st_mtime)};
}

std::vector<OsmExtractSet> read_osm_extract_sets(const std::string& plan_dir) {
  const std::string path = plan_dir + "/extracts.json";
  std::vector<OsmExtractSet> sets;
  std::ifstream in(path, std::ios::binary);
  if (!in) return sets;
  using nlohmann::json;
  try {
    const json j = json::parse(in);
    if (j.value("kind", "") != "osm_extracts") throw InputError(path + ": not a list of OSM extracts (no \"kind\": \"osm_extracts\")");
    for (const json& e : j.at("extracts")) {
      OsmExtractSet s;
      s.source = e.at("source").get<std::string>();
      s.source_bytes = e.at("source_bytes").get<std::int64_t>();
      s.source_mtime = e.at("source_mtime").get<std::int64_t>();
      s.grow_m = e.at("grow_m").get<double>();
      s.tag_mapping = e.at("tag_mapping").get<std::string>();
      s.tag_mapping_digest = e.at("tag_mapping_digest").get<std::string>();
      s.plan_digest = e.at("plan_digest").get<std::string>();
      for (const json& k : e.at("shards")) {
        s.shards.push_back({k.at("file").get<std::string>(), k.at("nodes").get<std::int64_t>(), k.at("ways").get<std::int64_t>(),
                            k.at("relations").get<std::int64_t>(), k.at("bytes").get<std::int64_t>()});
      }
      sets.push_back(std::move(s));
    }
  } catch (const json::exception& e) {
    throw InputError(path + ": " + e.what());
  }
  return sets;
}

void write_osm_extract_sets(const std::string& plan_dir, const std::vector<OsmExtractSet>& sets) {
  using nlohmann::json;
  json list = json::array();
  for (const OsmExtractSet& s : sets) {
    json shards = json::array();
    for (const OsmExtractShard& k : s.shards) {
      shards.push_back({{"file", k.file}, {"nodes", k.nodes}, {"ways", k.ways}, {"relations", k.relations}, {"bytes", k.bytes}});
    }
    list.push_back({{"source", s.source},
                    {"source_bytes", s.source_bytes},
                    {"source_mtime", s.source_mtime},
                    {"grow_m", s.grow_m},
                    {"tag_mapping", s.tag_mapping},
                    {"tag_mapping_digest", s.tag_mapping_digest},
                    {"plan_digest", s.plan_digest},
                    {"shards", shards}});
  }
  const json j = {{"kind", "osm_extracts"}, {"extracts", list}};
  AtomicOutputs files(plan_dir);
  const auto temp = files.temp_for("extracts.json");
  std::ofstream f(temp, std::ios::binary);
  f << j.dump(2) << "\n";
  f.close();
  if (!f) throw InputError((files.dir() / "extracts.json").string() + ": cannot write the file");
  files.commit();
}

}  // namespace lc::io

#include "io/write_shard_run.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/format.hpp"
#include "io/atomic_output.hpp"

namespace lc::io {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kMagic[8] = {'L', 'C', 'S', 'H', 'A', 'R', 'D', '2'};
constexpr char kAccessMagic[8] = {'L', 'C', 'A', 'C', 'C', 'E', 'S', '2'};
constexpr char kCheckMagic[8] = {'L', 'C', 'C', 'H', 'E', 'C', 'K', '1'};
constexpr char kProposeMagic[8] = {'L', 'C', 'P', 'R', 'O', 'P', 'O', '1'};
constexpr char kIsochroneMagic[8] = {'L', 'C', 'I', 'S', 'O', 'C', 'H', '1'};

template <class T>
void put(std::ofstream& f, const T& v) {
  f.write(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
void put_all(std::ofstream& f, const std::vector<T>& v) {
  if (!v.empty()) f.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
}

struct Reader {
  std::ifstream f;
  std::string path;
  template <class T>
  T get() {
    T v{};
    if (!f.read(reinterpret_cast<char*>(&v), sizeof v)) throw InputError(path + ": truncated (not a complete shard's results)");
    return v;
  }
  template <class T>
  std::vector<T> get_all(std::size_t n) {
    std::vector<T> v(n);
    if (n && !f.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T)))) {
      throw InputError(path + ": truncated (not a complete shard's results)");
    }
    return v;
  }
};


// shard.json: which shard of how many, what it read and owns, the command's arguments.
void write_meta(AtomicOutputs& files, const std::string& folder, const char* kind, Id shard, Id shards, Id read,
                std::size_t owned, const std::vector<std::string>& arguments, const char* owned_key = "demand_points_owned",
                std::int64_t road_lines = -1, const std::vector<std::pair<std::string, std::string>>& extracts = {}) {
  json j = {{"kind", kind},
                  {"shard", shard},
                  {"shards", shards},
                  {"demand_points_read", read},
                  {owned_key, owned},
                  {"arguments", arguments},
                  {"results", "results.bin (format: io/write_shard_run.hpp)"}};
  if (road_lines >= 0) j["road_lines_read"] = road_lines;
  for (const auto& [source, extract] : extracts) j["osm_extracts_read"][source] = extract;
  std::ofstream f(files.temp_for("shard.json"), std::ios::binary);
  f << j.dump(2) << "\n";
  f.close();
  if (!f) throw InputError(folder + "/shard.json: cannot write the file");
}

// The arguments recorded in shard.json, which must be of `kind`.
std::vector<std::string> read_meta(const std::string& folder, const char* kind, const char* what) {
  const std::string meta = folder + "/shard.json";
  std::ifstream m(meta, std::ios::binary);
  if (!m) throw InputError(meta + ": cannot open a shard's results");
  try {
    const json j = json::parse(m);
    if (j.value("kind", "") != kind) throw InputError(meta + ": not " + what);
    return j.at("arguments").get<std::vector<std::string>>();
  } catch (const json::exception& e) {
    throw InputError(meta + ": " + e.what());
  }
}

// The counts at the head of results.bin.
struct Head {
  Id shard, shards, demand_points, facility_count, categories, points;
};

void put_head(std::ofstream& f, const char (&magic)[8], const Head& h) {
  f.write(magic, sizeof magic);
  for (Id v : {h.shard, h.shards, h.demand_points, h.facility_count, h.categories, h.points}) put(f, v);
}

Head get_head(Reader& r, const char (&magic)[8]) {
  if (!r.f) throw InputError(r.path + ": cannot open a shard's results");
  char got[8];
  if (!r.f.read(got, sizeof got) || std::memcmp(got, magic, sizeof got) != 0) {
    throw InputError(r.path + ": not a shard's results (no " + std::string(magic, sizeof magic) + " header)");
  }
  Head h{};
  for (Id* v : {&h.shard, &h.shards, &h.demand_points, &h.facility_count, &h.categories, &h.points}) *v = r.get<Id>();
  if (h.points > h.demand_points || h.categories > 1000) throw InputError(r.path + ": counts out of range");
  return h;
}

// The shards 0 to n - 1 present under `out_dir`, read by `read`.
template <class Shard, class Read>
std::vector<Shard> read_present(const std::string& out_dir, Id n, Read read) {
  std::vector<Shard> out;
  std::error_code ec;
  for (Id k = 0; k < n; ++k) {
    const std::string folder = shard_folder(out_dir, k);
    if (!fs::exists(fs::path(folder) / "shard.json", ec)) continue;
    out.push_back(read(folder));
    if (out.back().shard != k) throw InputError(folder + ": holds shard " + std::to_string(out.back().shard));
  }
  return out;
}

}  // namespace

std::string shard_folder(const std::string& out_dir, Id k) { return (fs::path(out_dir) / ("shard-" + std::to_string(k))).string(); }

void write_coverage_shard(const std::string& out_dir, const CoverageShard& s) {
  AtomicOutputs files(shard_folder(out_dir, s.shard));
  files.replace_earlier_run();
  const std::string folder = shard_folder(out_dir, s.shard);
  {
    std::ofstream f(files.temp_for("results.bin"), std::ios::binary);
    put_head(f, kMagic, {s.shard, s.shards, s.demand_points, s.facility_count, static_cast<Id>(s.categories.size()),
                         static_cast<Id>(s.points.size())});
    put_all(f, s.points);
    put_all(f, s.x);
    put_all(f, s.y);
    for (const CategoryShard& c : s.categories) {
      put_all(f, c.nearest_m);
      put_all(f, c.nearest_facility);
      put_all(f, c.count_within);
      put(f, static_cast<Id>(c.facilities.size()));
      put_all(f, c.facilities);
      put_all(f, c.population_in_reach);
    }
    f.close();
    if (!f) throw InputError(folder + "/results.bin: cannot write the file");
  }
  write_meta(files, folder, "coverage_shard", s.shard, s.shards, s.demand_points, s.points.size(), s.arguments,
             "demand_points_owned", s.road_lines, s.osm_extracts);
  files.commit();
}

CoverageShard read_coverage_shard(const std::string& folder, bool head_only) {
  CoverageShard s;
  s.arguments = read_meta(folder, "coverage_shard", "a coverage shard's results");
  Reader r{std::ifstream(folder + "/results.bin", std::ios::binary), folder + "/results.bin"};
  const Head h = get_head(r, kMagic);
  s.shard = h.shard, s.shards = h.shards, s.demand_points = h.demand_points, s.facility_count = h.facility_count;
  const Id categories = h.categories, points = h.points;
  s.categories_count = categories;
  if (head_only) return s;
  s.points = r.get_all<Id>(points);
  s.x = r.get_all<double>(points);
  s.y = r.get_all<double>(points);
  for (Id c = 0; c < categories; ++c) {
    CategoryShard cs;
    cs.nearest_m = r.get_all<float>(points);
    cs.nearest_facility = r.get_all<Id>(points);
    cs.count_within = r.get_all<std::uint32_t>(points);
    const Id nf = r.get<Id>();
    if (nf > s.facility_count) throw InputError(r.path + ": counts out of range");
    cs.facilities = r.get_all<Id>(nf);
    cs.population_in_reach = r.get_all<double>(nf);
    s.categories.push_back(std::move(cs));
  }
  return s;
}

std::vector<CoverageShard> read_coverage_shards(const std::string& out_dir, Id shards, bool head_only) {
  return read_present<CoverageShard>(out_dir, shards, [&](const std::string& f) { return read_coverage_shard(f, head_only); });
}

void write_access_shard(const std::string& out_dir, const AccessShard& s) {
  AtomicOutputs files(shard_folder(out_dir, s.shard));
  files.replace_earlier_run();
  const std::string folder = shard_folder(out_dir, s.shard);
  {
    std::ofstream f(files.temp_for("results.bin"), std::ios::binary);
    put_head(f, kAccessMagic, {s.shard, s.shards, s.demand_points, s.facility_count, static_cast<Id>(s.categories.size()),
                               static_cast<Id>(s.points.size())});
    put_all(f, s.points);
    for (const AccessCategoryShard& c : s.categories) {
      put_all(f, c.value);
      put_all(f, c.sites_within);
      put(f, static_cast<Id>(c.facilities.size()));
      put_all(f, c.facilities);
      put_all(f, c.site_demand);
      put_all(f, c.site_ratio);
      const Id rows = c.row_first.empty() ? 0 : static_cast<Id>(c.row_first.size() - 1);
      put(f, rows);
      if (rows > 0) {
        put(f, c.reach_threshold);
        put(f, c.reach_unit);
        put_all(f, c.row_first);
        put_all(f, c.row_demand);
        put_all(f, c.row_cost);
      }
    }
    f.close();
    if (!f) throw InputError(folder + "/results.bin: cannot write the file");
  }
  write_meta(files, folder, "access_shard", s.shard, s.shards, s.demand_points, s.points.size(), s.arguments,
             "demand_points_owned", -1, s.osm_extracts);
  files.commit();
}

std::string shard_command(const std::string& folder) {
  const std::string meta = folder + "/shard.json";
  std::ifstream m(meta, std::ios::binary);
  if (!m) throw InputError(meta + ": cannot open a shard's results");
  try {
    const std::string kind = json::parse(m).value("kind", "");
    if (kind == "coverage_shard") return "coverage";
    if (kind == "access_shard") return "access";
    if (kind == "check_shard") return "check";
    if (kind == "propose_shard") return "propose";
    if (kind == "isochrones_shard") return "isochrones";
  } catch (const json::exception& e) {
    throw InputError(meta + ": " + e.what());
  }
  throw InputError(meta + ": not a shard's results");
}

AccessShard read_access_shard(const std::string& folder) {
  AccessShard s;
  s.arguments = read_meta(folder, "access_shard", "an access shard's results");
  Reader r{std::ifstream(folder + "/results.bin", std::ios::binary), folder + "/results.bin"};
  const Head h = get_head(r, kAccessMagic);
  s.shard = h.shard, s.shards = h.shards, s.demand_points = h.demand_points, s.facility_count = h.facility_count;
  const Id categories = h.categories, points = h.points;
  s.points = r.get_all<Id>(points);
  for (Id c = 0; c < categories; ++c) {
    AccessCategoryShard cs;
    cs.value = r.get_all<double>(points);
    cs.sites_within = r.get_all<std::uint32_t>(points);
    const Id nf = r.get<Id>();
    if (nf > s.facility_count) throw InputError(r.path + ": counts out of range");
    cs.facilities = r.get_all<Id>(nf);
    cs.site_demand = r.get_all<double>(nf);
    cs.site_ratio = r.get_all<double>(nf);
    const Id rows = r.get<Id>();
    if (rows > 0) {
      if (rows != nf) throw InputError(r.path + ": counts out of range");
      cs.reach_threshold = r.get<double>();
      cs.reach_unit = r.get<std::uint32_t>();
      if (cs.reach_unit > static_cast<std::uint32_t>(CostUnit::seconds)) throw InputError(r.path + ": counts out of range");
      cs.row_first = r.get_all<Id>(rows + 1);
      if (cs.row_first.front() != 0 || !std::is_sorted(cs.row_first.begin(), cs.row_first.end()) || cs.row_first.back() > (1u << 31)) {
        throw InputError(r.path + ": counts out of range");
      }
      cs.row_demand = r.get_all<Id>(cs.row_first.back());
      cs.row_cost = r.get_all<float>(cs.row_first.back());
      for (Id d : cs.row_demand) {
        if (d >= s.demand_points) throw InputError(r.path + ": counts out of range");
      }
    }
    s.categories.push_back(std::move(cs));
  }
  return s;
}

std::vector<AccessShard> read_access_shards(const std::string& out_dir, Id shards) {
  return read_present<AccessShard>(out_dir, shards, read_access_shard);
}

void write_isochrone_shard(const std::string& out_dir, const IsochroneShard& s) {
  AtomicOutputs files(shard_folder(out_dir, s.shard));
  files.replace_earlier_run();
  const std::string folder = shard_folder(out_dir, s.shard);
  {
    std::ofstream f(files.temp_for("results.bin"), std::ios::binary);
    f.write(kIsochroneMagic, sizeof kIsochroneMagic);
    for (Id v : {s.shard, s.shards, s.demand_points, s.facility_count, s.categories_count, static_cast<Id>(s.facility.size()),
                 s.breaks}) {
      put(f, v);
    }
    for (CategoryId c : s.category) put(f, static_cast<std::uint32_t>(c));
    put_all(f, s.facility);
    for (std::size_t k = 0; k < s.polygons.size(); ++k) {
      const IsochronePolygon& p = s.polygons[k];
      put(f, p.lower);
      put(f, p.upper);
      put(f, s.population[k]);
      put(f, p.area_m2);
      put(f, static_cast<std::uint32_t>(p.wkb.size()));
      put_all(f, p.wkb);
    }
    f.close();
    if (!f) throw InputError(folder + "/results.bin: cannot write the file");
  }
  write_meta(files, folder, "isochrones_shard", s.shard, s.shards, s.demand_points, s.facility.size(), s.arguments,
             "facilities_owned", s.road_lines, s.osm_extracts);
  files.commit();
}

IsochroneShard read_isochrone_shard(const std::string& folder) {
  IsochroneShard s;
  s.arguments = read_meta(folder, "isochrones_shard", "an isochrones shard's results");
  Reader r{std::ifstream(folder + "/results.bin", std::ios::binary), folder + "/results.bin"};
  if (!r.f) throw InputError(r.path + ": cannot open a shard's results");
  char got[8];
  if (!r.f.read(got, sizeof got) || std::memcmp(got, kIsochroneMagic, sizeof got) != 0) {
    throw InputError(r.path + ": not a shard's results (no LCISOCH1 header)");
  }
  for (Id* v : {&s.shard, &s.shards, &s.demand_points, &s.facility_count, &s.categories_count}) *v = r.get<Id>();
  const Id sites = r.get<Id>();
  s.breaks = r.get<Id>();
  if (sites > s.facility_count || s.categories_count > 1000 || s.breaks > 1000) throw InputError(r.path + ": counts out of range");
  for (std::uint32_t c : r.get_all<std::uint32_t>(sites)) {
    if (c >= s.categories_count) throw InputError(r.path + ": counts out of range");
    s.category.push_back(static_cast<CategoryId>(c));
  }
  s.facility = r.get_all<Id>(sites);
  const std::size_t n = static_cast<std::size_t>(sites) * s.breaks;
  s.polygons.resize(n);
  s.population.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    IsochronePolygon& p = s.polygons[k];
    p.site = s.facility[k / s.breaks];
    p.lower = r.get<float>();
    p.upper = r.get<float>();
    s.population[k] = r.get<double>();
    p.area_m2 = r.get<double>();
    const auto w = r.get<std::uint32_t>();
    if (w > (1u << 30)) throw InputError(r.path + ": counts out of range");
    p.wkb = r.get_all<unsigned char>(w);
  }
  return s;
}

std::vector<IsochroneShard> read_isochrone_shards(const std::string& out_dir, Id shards) {
  return read_present<IsochroneShard>(out_dir, shards, read_isochrone_shard);
}

void write_check_shard(const std::string& out_dir, const CheckShard& s) {
  AtomicOutputs files(shard_folder(out_dir, s.shard));
  files.replace_earlier_run();
  const std::string folder = shard_folder(out_dir, s.shard);
  {
    std::ofstream f(files.temp_for("results.bin"), std::ios::binary);
    put_head(f, kCheckMagic, {s.shard, s.shards, s.demand_points, s.facility_count, static_cast<Id>(s.rules.size()),
                              static_cast<Id>(s.points.size())});
    put_all(f, s.points);
    for (const RulePoints& r : s.rules) {
      put(f, static_cast<Id>(r.nearest_cost.size()));
      put_all(f, r.nearest_cost);
      put_all(f, r.nearest_facility);
      put(f, static_cast<Id>(r.measure.size()));
      put_all(f, r.measure);
      put(f, static_cast<Id>(r.touching.size()));
      for (const auto& [d, fac] : r.touching) {
        put(f, d);
        put(f, fac);
      }
    }
    f.close();
    if (!f) throw InputError(folder + "/results.bin: cannot write the file");
  }
  write_meta(files, folder, "check_shard", s.shard, s.shards, s.demand_points, s.points.size(), s.arguments,
             "demand_points_owned", -1, s.osm_extracts);
  files.commit();
}

CheckShard read_check_shard(const std::string& folder) {
  CheckShard s;
  s.arguments = read_meta(folder, "check_shard", "a check shard's results");
  Reader r{std::ifstream(folder + "/results.bin", std::ios::binary), folder + "/results.bin"};
  const Head h = get_head(r, kCheckMagic);
  s.shard = h.shard, s.shards = h.shards, s.demand_points = h.demand_points, s.facility_count = h.facility_count;
  s.points = r.get_all<Id>(h.points);
  // Every per-point array holds none or one value per owned point.
  auto per_point = [&]() {
    const Id n = r.get<Id>();
    if (n != 0 && n != h.points) throw InputError(r.path + ": counts out of range");
    return n;
  };
  for (Id k = 0; k < h.categories; ++k) {
    RulePoints p;
    const Id nearest = per_point();
    p.nearest_cost = r.get_all<float>(nearest);
    p.nearest_facility = r.get_all<Id>(nearest);
    p.measure = r.get_all<double>(per_point());
    const Id pairs = r.get<Id>();
    if (static_cast<std::uint64_t>(pairs) > static_cast<std::uint64_t>(h.points) * h.facility_count) {
      throw InputError(r.path + ": counts out of range");
    }
    const std::vector<Id> flat = r.get_all<Id>(2 * static_cast<std::size_t>(pairs));
    p.touching.reserve(pairs);
    for (std::size_t t = 0; t < pairs; ++t) p.touching.emplace_back(flat[2 * t], flat[2 * t + 1]);
    s.rules.push_back(std::move(p));
  }
  return s;
}

std::vector<CheckShard> read_check_shards(const std::string& out_dir, Id shards) {
  return read_present<CheckShard>(out_dir, shards, read_check_shard);
}

void write_propose_shard(const std::string& out_dir, const ProposeShard& s) {
  AtomicOutputs files(shard_folder(out_dir, s.shard));
  files.replace_earlier_run();
  const std::string folder = shard_folder(out_dir, s.shard);
  {
    std::ofstream f(files.temp_for("results.bin"), std::ios::binary);
    f.write(kProposeMagic, sizeof kProposeMagic);
    for (Id v : {s.shard, s.shards, s.demand_points, s.facility_count, s.site_count, static_cast<Id>(s.sites.size()),
                 static_cast<Id>(s.x.size())}) {
      put(f, v);
    }
    put(f, s.reach_m);
    put_all(f, s.x);
    put_all(f, s.y);
    put_all(f, s.sites);
    put_all(f, s.first);
    put_all(f, s.point);
    put_all(f, s.cost);
    f.close();
    if (!f) throw InputError(folder + "/results.bin: cannot write the file");
  }
  write_meta(files, folder, "propose_shard", s.shard, s.shards, s.demand_points, s.sites.size(), s.arguments, "sites_owned", -1,
             s.osm_extracts);
  files.commit();
}

ProposeShard read_propose_shard(const std::string& folder) {
  ProposeShard s;
  s.arguments = read_meta(folder, "propose_shard", "a propose shard's results");
  Reader r{std::ifstream(folder + "/results.bin", std::ios::binary), folder + "/results.bin"};
  if (!r.f) throw InputError(r.path + ": cannot open a shard's results");
  char got[8];
  if (!r.f.read(got, sizeof got) || std::memcmp(got, kProposeMagic, sizeof got) != 0) {
    throw InputError(r.path + ": not a propose shard's results (no LCPROPO1 header)");
  }
  Id owned = 0, points = 0;
  for (Id* v : {&s.shard, &s.shards, &s.demand_points, &s.facility_count, &s.site_count, &owned, &points}) *v = r.get<Id>();
  s.reach_m = r.get<double>();
  if (points > s.demand_points || owned > s.site_count || s.site_count > s.facility_count) {
    throw InputError(r.path + ": counts out of range");
  }
  s.x = r.get_all<double>(points);
  s.y = r.get_all<double>(points);
  s.sites = r.get_all<Id>(owned);
  s.first = r.get_all<Id>(std::size_t(owned) + 1);
  for (Id k = 0; k < owned; ++k) {
    if (s.first[k + 1] < s.first[k] || (k > 0 && s.sites[k] <= s.sites[k - 1]) || s.sites[k] >= s.site_count) {
      throw InputError(r.path + ": rows out of order");
    }
  }
  if (s.first.front() != 0) throw InputError(r.path + ": rows out of order");
  s.point = r.get_all<Id>(s.first.back());
  s.cost = r.get_all<float>(s.first.back());
  for (Id p : s.point) {
    if (p >= points) throw InputError(r.path + ": a row names point " + std::to_string(p) + " of " + std::to_string(points));
  }
  return s;
}

std::vector<ProposeShard> read_propose_shards(const std::string& out_dir, Id shards) {
  return read_present<ProposeShard>(out_dir, shards, read_propose_shard);
}

std::vector<std::string> shard_arguments(const std::string& folder) {
  const std::string meta = folder + "/shard.json";
  std::ifstream m(meta, std::ios::binary);
  if (!m) throw InputError(meta + ": cannot open a shard's results");
  try {
    return json::parse(m).at("arguments").get<std::vector<std::string>>();
  } catch (const json::exception& e) {
    throw InputError(meta + ": " + e.what());
  }
}

void write_beyond_halo(const std::string& out_dir, const std::vector<HaloMiss>& misses, const Inputs& in, double halo_m) {
  const fs::path path = fs::path(out_dir) / "beyond_halo.csv";
  if (misses.empty()) {
    std::error_code ec;
    fs::remove(path, ec);
    return;
  }
  // Streamed: a sparsely served region has millions of such points.
  AtomicOutputs files(path.parent_path());
  {
    std::ofstream f(files.temp_for("beyond_halo.csv"), std::ios::binary);
    f << "category,demand_id,shard,nearest_m,halo_m,weight\n";
    const std::string halo = shortest(halo_m);
    for (const HaloMiss& m : misses) {
      std::string id = in.demand.source_id[m.point];
      if (id.find_first_of(",\"\n") != std::string::npos) {
        std::string quoted = "\"";
        for (char c : id) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        id = quoted + "\"";
      }
      f << in.categories.names[m.category] << ',' << id << ',' << m.shard << ',' << shortest(std::round(m.nearest_m * 100) / 100)
        << ',' << halo << ',' << shortest(in.demand.weight[m.point]) << '\n';
    }
    f.close();
    if (!f) throw InputError(path.string() + ": cannot write the file");
  }
  files.commit();
}

}  // namespace lc::io

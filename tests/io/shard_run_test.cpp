// A propose shard's results on disk (io/write_shard_run.hpp): the bytes of results.bin against
// the documented layout, read back, and the files a reader refuses.

#include "io/write_shard_run.hpp"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

namespace fs = std::filesystem;

// Shard 1 of 3, which loaded 10 demand points of a run with 7 facilities and 5 sites, and owns
// sites 2 and 4: site 2 reaches points 0 (10.5 m) and 1 (20 m), site 4 point 1 (30 m).
ProposeShard small_shard() {
  ProposeShard s;
  s.shard = 1, s.shards = 3, s.demand_points = 10, s.facility_count = 7, s.site_count = 5;
  s.reach_m = 400;
  s.x = {1.5, 2.5};
  s.y = {3.0, 4.0};
  s.sites = {2, 4};
  s.first = {0, 2, 3};
  s.point = {0, 1, 1};
  s.cost = {10.5f, 20.0f, 30.0f};
  s.arguments = {"--model", "mclp", "--within", "400m"};
  return s;
}

std::string bytes_of(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& p, const std::string& b) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << b;
}

template <class T>
T at(const std::string& b, std::size_t offset) {
  T v{};
  std::memcpy(&v, b.data() + offset, sizeof v);
  return v;
}

TEST(ProposeShardFile, BytesAsDocumentedAndReadBack) {
  test::TempDir dir;
  write_propose_shard(dir.path().string(), small_shard());
  const fs::path folder = dir.path() / "shard-1";
  const std::string b = bytes_of(folder / "results.bin");
  // 8 (magic) + 7 x 4 (counts) + 8 (reach) + 2 x 2 x 8 (x, y) + 2 x 4 (sites) + 3 x 4 (offsets)
  // + 3 x 4 (points) + 3 x 4 (costs) = 120 bytes.
  ASSERT_EQ(b.size(), 120u);
  EXPECT_EQ(b.substr(0, 8), "LCPROPO1");
  const std::uint32_t counts[] = {1, 3, 10, 7, 5, 2, 2};  // shard, shards, loaded, facilities, sites, R, P
  for (std::size_t k = 0; k < 7; ++k) EXPECT_EQ(at<std::uint32_t>(b, 8 + 4 * k), counts[k]) << k;
  EXPECT_EQ(at<double>(b, 36), 400.0);
  EXPECT_EQ(at<double>(b, 44), 1.5);   // x
  EXPECT_EQ(at<double>(b, 52), 2.5);
  EXPECT_EQ(at<double>(b, 60), 3.0);   // y
  EXPECT_EQ(at<double>(b, 68), 4.0);
  EXPECT_EQ(at<std::uint32_t>(b, 76), 2u);  // sites
  EXPECT_EQ(at<std::uint32_t>(b, 80), 4u);
  EXPECT_EQ(at<std::uint32_t>(b, 84), 0u);  // offsets
  EXPECT_EQ(at<std::uint32_t>(b, 88), 2u);
  EXPECT_EQ(at<std::uint32_t>(b, 92), 3u);
  EXPECT_EQ(at<std::uint32_t>(b, 96), 0u);  // points
  EXPECT_EQ(at<std::uint32_t>(b, 100), 1u);
  EXPECT_EQ(at<std::uint32_t>(b, 104), 1u);
  EXPECT_EQ(at<float>(b, 108), 10.5f);      // costs
  EXPECT_EQ(at<float>(b, 116), 30.0f);

  const ProposeShard r = read_propose_shard(folder.string());
  const ProposeShard w = small_shard();
  EXPECT_EQ(r.shard, 1u);
  EXPECT_EQ(r.shards, 3u);
  EXPECT_EQ(r.demand_points, 10u);
  EXPECT_EQ(r.facility_count, 7u);
  EXPECT_EQ(r.site_count, 5u);
  EXPECT_EQ(r.reach_m, 400.0);
  EXPECT_EQ(r.x, w.x);
  EXPECT_EQ(r.y, w.y);
  EXPECT_EQ(r.sites, w.sites);
  EXPECT_EQ(r.first, w.first);
  EXPECT_EQ(r.point, w.point);
  EXPECT_EQ(r.cost, w.cost);
  EXPECT_EQ(r.arguments, w.arguments);
  EXPECT_EQ(shard_command(folder.string()), "propose");
  EXPECT_EQ(shard_arguments(folder.string()), w.arguments);
  // Found among the shards of the run's folder by its index; shard 0 and 2 missing.
  const std::vector<ProposeShard> present = read_propose_shards(dir.path().string(), 3);
  ASSERT_EQ(present.size(), 1u);
  EXPECT_EQ(present[0].shard, 1u);
}

TEST(ProposeShardFile, TruncatedOutOfRangeOrOfAnotherCommandIsRefused) {
  test::TempDir dir;
  write_propose_shard(dir.path().string(), small_shard());
  const fs::path folder = dir.path() / "shard-1";
  const std::string b = bytes_of(folder / "results.bin");
  auto message = [&](const std::string& bytes) {
    write_bytes(folder / "results.bin", bytes);
    try {
      read_propose_shard(folder.string());
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("(read)");
  };
  EXPECT_NE(message(b.substr(0, 110)).find("truncated"), std::string::npos);
  std::string bad = b;
  bad[100] = 7;  // the second point of the rows: 7, of 2 points
  EXPECT_NE(message(bad).find("names point 7 of 2"), std::string::npos);
  bad = b;
  bad[88] = 5;  // the offsets 0, 5, 3: out of order
  EXPECT_NE(message(bad).find("out of order"), std::string::npos);
  bad = b;
  bad[2] = 'S';  // another magic
  EXPECT_NE(message(bad).find("LCPROPO1"), std::string::npos);
  // A propose shard is not a coverage shard's results.
  write_bytes(folder / "results.bin", b);
  EXPECT_THROW(read_coverage_shard(folder.string()), InputError);
}

}  // namespace
}  // namespace lc::io

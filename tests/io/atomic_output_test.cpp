#include "io/atomic_output.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

namespace fs = std::filesystem;

std::size_t entries_in(const fs::path& dir) {
  std::size_t n = 0;
  for (auto it = fs::directory_iterator(dir); it != fs::directory_iterator(); ++it) ++n;
  return n;
}

TEST(AtomicOutput, ExceptionBeforeCommitLeavesNothing) {
  test::TempDir dir;
  const fs::path out = dir.path() / "out";
  fs::path temp;
  try {
    AtomicOutputs outputs(out);
    EXPECT_TRUE(fs::is_directory(out));  // created when missing
    temp = outputs.temp_for("summary.json");
    EXPECT_EQ(temp.parent_path(), out);  // the same folder, so the rename is atomic
    EXPECT_NE(temp.filename(), "summary.json");
    {
      std::ofstream f(temp);
      f << "{\"partial\": true}";
    }
    ASSERT_TRUE(fs::exists(temp));
    throw std::runtime_error("failure while writing");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(fs::exists(out / "summary.json"));
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_EQ(entries_in(out), 0u);
}

TEST(AtomicOutput, CommitMovesEveryFileIntoPlace) {
  test::TempDir dir;
  const fs::path out = dir.path() / "nested" / "out";
  {
    AtomicOutputs outputs(out);
    const fs::path a = outputs.temp_for("summary.json");
    const fs::path b = outputs.temp_for("demand.geojson");
    EXPECT_NE(a, b);
    test::write_text(a.string(), "A");
    test::write_text(b.string(), "BB");
    EXPECT_FALSE(fs::exists(out / "summary.json"));  // not before commit
    outputs.commit();
    EXPECT_FALSE(fs::exists(a));
    EXPECT_FALSE(fs::exists(b));
  }
  EXPECT_EQ(test::read_bytes((out / "summary.json").string()), "A");
  EXPECT_EQ(test::read_bytes((out / "demand.geojson").string()), "BB");
  EXPECT_EQ(entries_in(out), 2u);  // the two final files, no temporary left
}

TEST(AtomicOutput, FailedRunKeepsThePreviousFile) {
  test::TempDir dir;
  const fs::path final_path = dir.path() / "summary.json";
  test::write_text(final_path.string(), "old");
  {
    AtomicOutputs outputs(dir.path());
    test::write_text(outputs.temp_for("summary.json").string(), "new but unfinished");
  }  // destroyed without commit
  EXPECT_EQ(test::read_bytes(final_path.string()), "old");
  EXPECT_EQ(entries_in(dir.path()), 1u);
}

TEST(AtomicOutput, WriteTextAtomicallyReplacesContent) {
  test::TempDir dir;
  const fs::path p = dir.path() / "a.txt";
  write_text_atomically(p, "first");
  write_text_atomically(p, "second");
  EXPECT_EQ(test::read_bytes(p.string()), "second");
  EXPECT_EQ(entries_in(dir.path()), 1u);
}

TEST(AtomicOutput, UncreatableFolderIsAnInputError) {
  test::TempDir dir;
  const fs::path blocker = dir.path() / "file";
  test::write_text(blocker.string(), "x");  // a file where a folder is wanted
  try {
    AtomicOutputs outputs(blocker / "sub");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(test::contains(e.what(), (blocker / "sub").string())) << e.what();
  }
}

// GDAL picks the layout of some formats by the extension (a FlatGeobuf or Shapefile path without
// one is a folder of layers): the temporary name keeps it, and stays hidden.
TEST(AtomicOutput, TemporaryNamesKeepTheExtension) {
  test::TempDir dir;
  AtomicOutputs outputs(dir.path());
  const fs::path t = outputs.temp_for("demand.fgb");
  EXPECT_EQ(t.extension(), ".fgb");
  EXPECT_EQ(t.filename().string().front(), '.');
  EXPECT_EQ(outputs.temp_for("coverage.gpkg").extension(), ".gpkg");
}

TEST(AtomicOutput, ASetOfFilesMovesTogether) {
  test::TempDir dir;
  test::write_text((dir.path() / "demand.qix").string(), "stale index");
  {
    AtomicOutputs outputs(dir.path());
    const fs::path shp = outputs.temp_for_set("demand", {".shp", ".dbf", ".cpg"});
    EXPECT_EQ(shp.extension(), ".shp");
    const fs::path stem = shp.parent_path() / shp.stem();  // the Shapefile driver names the others from it
    test::write_text(shp.string(), "shp");
    test::write_text(stem.string() + ".dbf", "dbf");
    test::write_text(stem.string() + ".cpg", "UTF-8");
    outputs.remove_on_commit("demand.qix");
    outputs.commit();
  }
  EXPECT_EQ(test::read_bytes((dir.path() / "demand.shp").string()), "shp");
  EXPECT_EQ(test::read_bytes((dir.path() / "demand.dbf").string()), "dbf");
  EXPECT_EQ(test::read_bytes((dir.path() / "demand.cpg").string()), "UTF-8");
  EXPECT_FALSE(fs::exists(dir.path() / "demand.qix"));
  EXPECT_EQ(entries_in(dir.path()), 3u);
}

// A set with a file missing moves nothing: the previous set stays whole.
TEST(AtomicOutput, ASetWithAMissingFileMovesNothing) {
  test::TempDir dir;
  test::write_text((dir.path() / "demand.shp").string(), "old shp");
  test::write_text((dir.path() / "demand.dbf").string(), "old dbf");
  {
    AtomicOutputs outputs(dir.path());
    const fs::path shp = outputs.temp_for_set("demand", {".shp", ".dbf"});
    test::write_text(shp.string(), "new shp");  // no .dbf
    EXPECT_THROW(outputs.commit(), InputError);
  }
  EXPECT_EQ(test::read_bytes((dir.path() / "demand.shp").string()), "old shp");
  EXPECT_EQ(test::read_bytes((dir.path() / "demand.dbf").string()), "old dbf");
  EXPECT_EQ(entries_in(dir.path()), 2u);  // the temporary .shp removed
}

// A run's outputs replace the earlier run's: files the earlier manifest lists and this run does
// not write go; a file no manifest lists (the user's) and a listed file that is an input stay.
TEST(AtomicOutput, AWholeRunRemovesWhatTheEarlierRunWroteOnly) {
  test::TempDir dir;
  const auto run = [&](const std::vector<std::string>& names) {
    AtomicOutputs outputs(dir.path());
    outputs.replace_earlier_run();
    for (const std::string& n : names) test::write_text(outputs.temp_for(n).string(), n);
    outputs.commit();
  };
  run({"summary.json", "travel_time_health.tif", "travel_time_scenic.tif", "kept_input.csv"});
  test::write_text((dir.path() / "notes.txt").string(), "mine");
  EXPECT_EQ(test::read_bytes((dir.path() / ".lifecircle-outputs").string()),
            "kept_input.csv\nsummary.json\ntravel_time_health.tif\ntravel_time_scenic.tif\n");
  register_input(dir.path() / "kept_input.csv");  // the next run reads it
  run({"summary.json", "travel_time_health.tif"});
  clear_inputs();
  EXPECT_FALSE(fs::exists(dir.path() / "travel_time_scenic.tif"));
  EXPECT_TRUE(fs::exists(dir.path() / "travel_time_health.tif"));
  EXPECT_TRUE(fs::exists(dir.path() / "kept_input.csv"));  // an input of the run: never removed
  EXPECT_EQ(test::read_bytes((dir.path() / "notes.txt").string()), "mine");
  EXPECT_EQ(test::read_bytes((dir.path() / ".lifecircle-outputs").string()), "summary.json\ntravel_time_health.tif\n");
}

// An output over a registered input is refused before anything moves.
TEST(AtomicOutput, AnOutputOverAnInputIsRefused) {
  test::TempDir dir;
  test::write_text((dir.path() / "demand.geojson").string(), "input");
  register_input(dir.path() / "." / "demand.geojson");  // compared as canonical paths
  {
    AtomicOutputs outputs(dir.path());
    test::write_text(outputs.temp_for("summary.json").string(), "s");
    test::write_text(outputs.temp_for("demand.geojson").string(), "output");
    EXPECT_THROW(outputs.commit(), UsageError);
  }
  clear_inputs();
  EXPECT_EQ(test::read_bytes((dir.path() / "demand.geojson").string()), "input");
  EXPECT_EQ(entries_in(dir.path()), 1u);
}

}  // namespace
}  // namespace lc::io

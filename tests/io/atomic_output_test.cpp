#include "io/atomic_output.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

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

}  // namespace
}  // namespace lc::io

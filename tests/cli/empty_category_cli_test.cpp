// Every command on the bundled Chengdu extract with a category that has no facility: the
// extract has no elderly-care feature (an independent count of its tags in coverage_cli_test.cpp
// says so), and every command must run, say so, and report zero for it rather than fail.

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace lc::clitest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class CliEmptyCategory : public CliTest {};

std::string describe(const RunResult& r) {
  return r.command + "\nexit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "\n--- stderr\n" + r.err;
}

bool any_note_mentions(const json& notes, const std::string& text) {
  for (const auto& n : notes) {
    if (n.get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

TEST_F(CliEmptyCategory, CoverageReportsZeroWithANote) {
  const fs::path out = dir("coverage");
  const RunResult r = run({"coverage", "--facilities", chengdu_pbf(), "--demand", chengdu_pbf(), "--categories",
                           "elderly_care,fitness", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  EXPECT_NE(r.out.find("(no facilities in the data)"), std::string::npos) << r.out;
  const json s = read_json(out / "summary.json");
  EXPECT_EQ(s["categories"]["elderly_care"]["facility_count"].get<int>(), 0);
  EXPECT_EQ(s["categories"]["elderly_care"]["population_covered"].get<double>(), 0.0);
  EXPECT_FALSE(s["categories"]["elderly_care"].value("note", std::string()).empty());
  EXPECT_GT(s["categories"]["fitness"]["population_covered"].get<double>(), 0.0);
}

TEST_F(CliEmptyCategory, IsochronesSplitAndDissolved) {
  for (const std::string merge : {"split", "dissolve"}) {
    for (const std::string shape : {"disks", "rings"}) {
      SCOPED_TRACE(merge + " " + shape);
      const fs::path out = dir("iso_" + merge + "_" + shape);
      const RunResult r = run({"isochrones", "--facilities", chengdu_pbf(), "--demand", chengdu_pbf(), "--categories",
                               "elderly_care,health", "--breaks", "5,10", "--merge", merge, "--shape", shape, "--out",
                               out.string()});
      ASSERT_EQ(r.exit_code, 0) << describe(r);
      const json g = read_json(out / "isochrones.geojson");
      std::size_t elderly = 0, health = 0;
      for (const auto& f : g["features"]) {
        const std::string c = f["properties"]["category"].get<std::string>();
        if (c == "elderly_care") {
          ++elderly;
          EXPECT_EQ(f["properties"]["population"].get<double>(), 0.0);
          EXPECT_EQ(f["properties"]["area_m2"].get<double>(), 0.0);
        } else if (c == "health") {
          ++health;
        }
      }
      // Split: one polygon per facility and break, so none without a facility; dissolved: one
      // (empty) polygon per break.
      EXPECT_EQ(elderly, merge == "split" ? 0u : 2u);
      EXPECT_GT(health, 0u);
      const json s = read_json(out / "summary.json");
      EXPECT_TRUE(any_note_mentions(s["notes"], "no elderly_care facility in the data")) << s["notes"].dump();
    }
  }
}

TEST_F(CliEmptyCategory, ProposeWithNoExistingSite) {
  // Elderly care from nothing: a 500 m candidate grid, two sites. Before, nobody is covered.
  const fs::path out = dir("propose");
  const RunResult r = run({"propose", "--model", "mclp", "--category", "elderly_care", "--facilities", chengdu_pbf(),
                           "--demand", chengdu_pbf(), "--candidate-grid", "500m", "--add", "2", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << describe(r);
  const json s = read_json(out / "summary.json");
  EXPECT_EQ(s["covered_weight_before"].get<double>(), 0.0);
  EXPECT_EQ(s["objective_before"].get<double>(), 0.0);
  EXPECT_EQ(s["selected"].size(), 2u);
  EXPECT_GT(s["covered_weight"].get<double>(), 0.0);
}

TEST_F(CliEmptyCategory, CheckFailsTheRuleWithZeroAccess) {
  write_text(dir("rules.yaml"),
             "name: elderly access\n"
             "rules:\n"
             "  - id: elderly.walk\n"
             "    kind: access\n"
             "    category: elderly_care\n"
             "    within: 1000m\n"
             "    min_share: 0.5\n"
             "    source: test\n");
  const fs::path out = dir("check");
  const RunResult r = run({"check", "--rules", dir("rules.yaml").string(), "--facilities", chengdu_pbf(), "--demand",
                           chengdu_pbf(), "--out", out.string()});
  ASSERT_EQ(r.exit_code, 1) << describe(r);  // the rule fails: nobody is within reach
  const json report = read_json(out / "report.json");
  ASSERT_FALSE(report["results"].empty());
  const json& overall = report["results"][0];
  EXPECT_EQ(overall["rule"], "elderly.walk");
  EXPECT_EQ(overall["scope"], "overall");
  EXPECT_EQ(overall["value"].get<double>(), 0.0);
  EXPECT_EQ(overall["pass"], false);
  EXPECT_EQ(overall["facilities"]["count"].get<int>(), 0);
  // Half of the residents are needed and none is within reach: ceil(0.5 x demand) more.
  const double demand = overall["demand"].get<double>();
  EXPECT_GT(demand, 0.0);
  EXPECT_DOUBLE_EQ(overall["shortfall"]["amount"].get<double>(), std::ceil(0.5 * demand));
}

}  // namespace
}  // namespace lc::clitest

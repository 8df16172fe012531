// `--lang zh` end to end on the bundled Chengdu extract: Chinese category names and tables whose
// columns line up on a terminal (measured here with a display width of our own), the check's
// report.md in Chinese with a shortfall sentence rebuilt by hand from report.json's numbers, and
// English unchanged without --lang.

#include <cmath>
#include <cstdio>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

namespace lc::clitest {
namespace {

using nlohmann::json;

class CliZh : public CliTest {};

// Display columns of UTF-8 text, written for this test: CJK ideographs, CJK punctuation and
// fullwidth forms take two columns, everything else one.
std::size_t columns_of(const std::string& s) {
  std::size_t cols = 0;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = 1;
    unsigned cp = c;
    if (c >= 0xf0) n = 4, cp = c & 0x07;
    else if (c >= 0xe0) n = 3, cp = c & 0x0f;
    else if (c >= 0xc0) n = 2, cp = c & 0x1f;
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    const bool wide = (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xff00 && cp <= 0xff60);
    cols += wide ? 2 : 1;
    i += n;
  }
  return cols;
}

// The cells of a table line (separated by two spaces or more) with the display columns where each
// starts and ends.
struct Cell {
  std::string text;
  std::size_t begin = 0, end = 0;
};

std::vector<Cell> cells_of(const std::string& line) {
  std::vector<Cell> out;
  std::size_t i = 0;
  while (i < line.size()) {
    std::size_t j = i;
    while (j < line.size() && line[j] == ' ') ++j;
    if (j >= line.size()) break;
    std::size_t k = j;
    while (k < line.size() && !(line[k] == ' ' && (k + 1 >= line.size() || line[k + 1] == ' '))) ++k;
    Cell c;
    c.text = line.substr(j, k - j);
    c.begin = columns_of(line.substr(0, j));
    c.end = c.begin + columns_of(c.text);
    out.push_back(c);
    i = k;
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// 461877.9 -> "461,878", by hand.
std::string grouped(double v) {
  std::string digits = std::to_string(std::llround(v));
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

std::string one_decimal_percent(double share) {
  char t[32];
  std::snprintf(t, sizeof t, "%.1f%%", 100.0 * share);
  return t;
}

// From 10,000 on, a count in 万 with two decimals (this extract's totals are below 1亿).
std::string wan(double v) {
  if (std::llround(v) < 10000) return grouped(v);
  char t[32];
  std::snprintf(t, sizeof t, "%.2f万", std::llround(v) / 1e4);
  return t;
}

TEST_F(CliZh, CoverageTableInChineseAlignedByDisplayWidth) {
  const std::string pbf = chengdu_pbf();
  const RunResult r = run({"coverage", "--facilities", pbf, "--demand", pbf, "--within", "1000m", "--lang", "zh",
                           "--out", dir("zh").string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json summary = read_json(dir("zh") / "summary.json");
  const std::vector<std::string> lines = lines_of(r.out);
  std::size_t header = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].rfind("类别", 0) == 0) header = i;
  ASSERT_LT(header, lines.size()) << r.out;
  const std::vector<Cell> head = cells_of(lines[header]);
  ASSERT_EQ(head.size(), 6u) << lines[header];  // 类别 设施数 范围 覆盖人口 总人口 覆盖率
  const std::vector<std::pair<std::string, std::string>> names = {
      {"health", "医疗卫生"}, {"elderly_care", "养老服务"}, {"fitness", "体育健身"}, {"scenic", "景区公园"}};
  for (std::size_t k = 0; k < names.size(); ++k) {
    const std::vector<Cell> row = cells_of(lines[header + 1 + k]);
    ASSERT_GE(row.size(), 6u) << lines[header + 1 + k];
    EXPECT_EQ(row[0].text, names[k].second);
    EXPECT_EQ(row[0].begin, 0u);
    for (std::size_t c = 1; c < 6; ++c) EXPECT_EQ(row[c].end, head[c].end) << lines[header + 1 + k] << " column " << c;
    const json& cat = summary["categories"][names[k].first];
    EXPECT_EQ(row[1].text, grouped(cat["facility_count"].get<double>()));
    EXPECT_EQ(row[2].text, "1000米");
    EXPECT_EQ(row[3].text, wan(cat["population_covered"].get<double>()));
    EXPECT_EQ(row[4].text, wan(cat["population_total"].get<double>()));
    EXPECT_EQ(row[5].text, one_decimal_percent(cat["share"].get<double>()));
  }
  const std::vector<Cell> total = cells_of(lines[header + 5]);
  ASSERT_GE(total.size(), 6u);
  EXPECT_EQ(total[0].text, "生活圈完整");
  for (std::size_t c = 1; c < 6; ++c) EXPECT_EQ(total[c].end, head[c].end) << lines[header + 5];

  // English is unchanged by the option: the same run without --lang and with --lang en prints the
  // same, and the English table; the figures written do not depend on the language.
  const RunResult en = run({"coverage", "--facilities", pbf, "--demand", pbf, "--within", "1000m", "--out",
                            dir("en").string()});
  const RunResult en2 = run({"coverage", "--facilities", pbf, "--demand", pbf, "--within", "1000m", "--lang", "en",
                             "--out", dir("en").string()});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_EQ(en.out, en2.out);
  EXPECT_NE(en.out.find("category       facilities"), std::string::npos) << en.out;
  EXPECT_EQ(en.out.find("体育健身"), std::string::npos);
  json a = read_json(dir("en") / "summary.json"), b = summary;
  for (json* s : {&a, &b}) s->erase("command"), s->erase("timings_s"), s->erase("inputs");
  EXPECT_EQ(a["categories"], b["categories"]);

  EXPECT_EQ(run({"coverage", "--facilities", pbf, "--demand", pbf, "--lang", "fr", "--out", dir("fr").string()}).exit_code, 2);

  // The population basis in Chinese, with the English sentence's counts: "594 housing buildings
  // (166 typed residential, 428 untyped)" is "594 栋住宅建筑（166 栋标注为居住，428 栋未标注）".
  const std::string basis = summary["population_basis"].get<std::string>();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(basis, m, std::regex(R"((\d+) housing buildings \((\d+) typed residential, (\d+) untyped\))")))
      << basis;
  ASSERT_TRUE(summary.contains("population_basis_zh"));
  const std::string zh = summary["population_basis_zh"].get<std::string>();
  EXPECT_EQ(zh.rfind("按OpenStreetMap建筑和居住用地估算（非普查数据）：", 0), 0u) << zh;
  const std::string buildings = m[1].str() + " 栋住宅建筑（" + m[2].str() + " 栋标注为居住，" + m[3].str() + " 栋未标注）";
  EXPECT_NE(zh.find(buildings), std::string::npos) << zh << "\n" << buildings;
  EXPECT_NE(r.out.find("人口依据：" + zh + "\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("estimated from OpenStreetMap"), std::string::npos) << r.out;
}

TEST_F(CliZh, CheckReportInChinese) {
  const std::string pbf = chengdu_pbf();
  const RunResult r = run({"check", "--preset", "cn-health", "--facilities", pbf, "--demand", pbf, "--lang", "zh",
                           "--out", dir("out").string()});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out << r.err;
  const json report = read_json(dir("out") / "report.json");
  const json* fit = nullptr;
  for (const json& x : report["results"])
    if (x["rule"] == "fitness.city_15min_circle" && x["scope"] == "overall") fit = &x;
  ASSERT_TRUE(fit);
  ASSERT_EQ((*fit)["pass"], false) << fit->dump();
  // min_share 1: the shortfall is everyone without a fitness facility within a 15-minute walk.
  const double share = (*fit)["value"].get<double>(), shortfall = (*fit)["shortfall"]["amount"].get<double>();
  const std::string sentence =
      "体育健身设施15分钟步行覆盖率 " + one_decimal_percent(share) + "，尚有 " + grouped(shortfall) + " 人未覆盖";
  EXPECT_EQ((*fit)["shortfall"]["text"], sentence);
  const std::string md = read_text(dir("out") / "report.md");
  EXPECT_EQ(md.rfind("# 规划达标检查：cn-health\n", 0), 0u) << md.substr(0, 200);
  const std::string row = "| fitness.city_15min_circle | " + one_decimal_percent(share) + " | 100.0% | 未达标 | - | " +
                          sentence + " |\n";
  EXPECT_NE(md.find(row), std::string::npos) << row << "\n" << md;
  EXPECT_NE(md.find("- 要求：GB 50437-2007（2018年版）3.2.1：养老院、老年养护院“每千名老人不应少于40床”\n"), std::string::npos);
  EXPECT_NE(md.find("- 指标：每千名60岁及以上老年人养老床位数（supply_ratio，类别 养老服务）\n"), std::string::npos);
  // OSM has no beds: not evaluated, in the standard's words.
  EXPECT_NE(md.find("| elderly.beds_per_1000_elderly | - | 40.00 | 未评估 | - | 未评估："), std::string::npos);
  for (const char* english : {"## Inputs", "## Summary", "PASS", "FAIL", "n/a", "- Source:"})
    EXPECT_EQ(md.find(english), std::string::npos) << english;

  // The terminal table: the columns line up by display width, the verdicts in Chinese.
  const std::vector<std::string> lines = lines_of(r.out);
  std::size_t header = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].rfind("规则", 0) == 0) header = i;
  ASSERT_LT(header, lines.size()) << r.out;
  const std::vector<Cell> head = cells_of(lines[header]);
  ASSERT_EQ(head.size(), 6u) << lines[header];  // 规则 指标值 标准值 结论 未达标 差距
  std::size_t rows = 0;
  for (std::size_t i = header + 1; i < lines.size() && lines[i].rfind("共 ", 0) != 0; ++i) {
    const std::vector<Cell> c = cells_of(lines[i]);
    ASSERT_GE(c.size(), 6u) << lines[i];
    EXPECT_EQ(c[1].end, head[1].end) << lines[i];    // value, right-aligned
    EXPECT_EQ(c[2].end, head[2].end) << lines[i];    // threshold, right-aligned
    EXPECT_EQ(c[3].begin, head[3].begin) << lines[i];  // verdict, left-aligned
    EXPECT_TRUE(c[3].text == "达标" || c[3].text == "未达标" || c[3].text == "不适用" || c[3].text == "未评估") << lines[i];
    EXPECT_EQ(c[4].end, head[4].end) << lines[i];
    EXPECT_EQ(c[5].begin, head[5].begin) << lines[i];  // the shortfall sentence
    ++rows;
  }
  EXPECT_EQ(rows, report["rules_evaluated"].size());
}

}  // namespace
}  // namespace lc::clitest

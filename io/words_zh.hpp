#pragma once
// The Chinese words of what lifecircle prints and reports (`--lang zh`): category names, the
// sentences of a compliance check (the counterparts of io/check_wording.hpp, sentence for
// sentence) and the fixed phrases of report.md and the check table. Counts in sentences are exact
// with separators ("尚有 12,430 人未覆盖"); tables write them with count_zh (core/format.hpp).

#include <string>
#include <string_view>
#include <vector>

#include "core/check_result.hpp"
#include "core/rules.hpp"
#include "core/threshold.hpp"
#include "core/within.hpp"

namespace lc::io {

// The planning term of the four planning categories: 医疗卫生 (health), 养老服务 (elderly_care),
// 体育健身 (fitness), 景区公园 (scenic); any other category keeps its own name.
std::string category_zh(const std::string& category);

// 直线距离, 步行, 车行 (distance, walk, drive); "cost_matrix" as it is.
std::string mode_zh(const std::string& mode);
std::string mode_zh(TravelMode mode);

// An access measure (`access --measure`) by its planning name: 累积机会, 重力模型,
// 两步移动搜寻法（2SFCA）, 增强两步移动搜寻法（E2SFCA）, 三步移动搜寻法（3SFCA）, 邻近时间,
// 容量约束覆盖; an unknown one as it is.
std::string measure_zh(const std::string& measure);

// A reach as evaluated, in Chinese: "15分钟步行", "8分钟车行", "路网步行1,000米", "路网车行1,000米",
// "直线1,000米", "直线1,000米（步行15分钟）" (minutes in distance mode: `within_m` metres).
std::string describe_reach_zh(const Within& written, TravelMode mode, double within_m);

// The verdict's sentence in Chinese, e.g. "体育健身设施15分钟步行覆盖率 83.4%，尚有 12,430 人未覆盖".
// A reason these words do not know yet gets the English sentence (verdict_text), never a wrong one.
std::string verdict_text_zh(const Rule& rule, const RuleRun& run, const Verdict& verdict);

// What a verdict's shortfall counts: 居民, 60岁及以上老年人, 床位, 护理型床位, 平方米, 设施, 社区, ...
std::string shortfall_unit_words_zh(const Rule& rule, const Verdict& verdict);

// The notes of run_notes and check_notes (io/check_wording.hpp) in Chinese.
std::vector<std::string> run_notes_zh(const Rule& rule, const RuleRun& run);
std::vector<std::string> check_notes_zh(const CheckResult& result);

// 达标, 未达标, 不适用 (a verdict that does not apply), 未评估 (one whose data is missing).
std::string verdict_word_zh(const Verdict& verdict);

// A fixed phrase of report.md or the check table, looked up by its English text (e.g. "## Inputs",
// "- Rules: "); the English itself when there is no Chinese for it.
std::string phrase_zh(std::string_view english);

// The Chinese phrases that need numbers, in report.md and the check table.
// "共 12 项结论：达标 3 项，未达标 2 项，不适用或未评估 7 项"
std::string verdicts_summary_zh(std::size_t verdicts, std::size_t passed, std::size_t failed, std::size_t not_applicable);
// "9 个分区中 7 个达标"
std::string districts_passing_zh(std::size_t passing, std::size_t districts);
// Facility statuses: 现状, 规划, 备选, 他方 (existing, planned, candidate, competitor).
std::string status_zh(const std::string& status);
// Where a missing field was looked for: 设施数据, 需求数据, 设施类别, 数据.
std::string missing_in_zh(const std::string& missing_in);

}  // namespace lc::io

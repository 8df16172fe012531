#pragma once
// Reporting a compliance check (`lifecircle check`): report.json, junit.xml and report.md, and the
// compact table printed on the terminal. The sentences come from io/check_wording.hpp.

#include <cstddef>
#include <string>
#include <vector>

#include "core/check_result.hpp"
#include "core/districts.hpp"
#include "core/facilities.hpp"
#include "core/lang.hpp"
#include "core/rules.hpp"
#include "core/runs.hpp"
#include "io/check_wording.hpp"

namespace lc::io {

// Writes report.json, junit.xml and report.md into `out_dir` (created when missing), all or none,
// in the words check_words gives. `lang` zh: report.md in Chinese (headings, verdicts 达标 / 未达标 /
// 不适用 / 未评估, the rules' title_zh and unit_zh, counts in tables in 万 and 亿); report.json and
// junit.xml keep their English keys and labels, their sentences are those of the words. Throws InputError when the folder or a file cannot be written,
// std::logic_error when a verdict names a rule or district that does not exist.
void write_check_reports(const std::string& out_dir, const RuleSet& rules, const CheckResult& result,
                         const Districts& districts, const Facilities& facilities, const Categories& categories,
                         const CheckRunInfo& info, Lang lang = Lang::en);

// The same in the given words (e.g. a translation, or words kept with a stored result); also
// std::logic_error when `words` does not have one text per verdict and notes per rule.
void write_check_reports(const std::string& out_dir, const RuleSet& rules, const CheckResult& result,
                         const CheckWords& words, const Districts& districts, const Facilities& facilities,
                         const Categories& categories, const CheckRunInfo& info, Lang lang = Lang::en);

// The compact table `lifecircle check` prints: one line per rule with its overall value, threshold,
// verdict (PASS / FAIL / n/a), the districts failing out of those evaluated and the overall
// shortfall text; then a totals line. Plain ASCII apart from names and the verdicts' texts; lines
// fit ~120 columns. `lang` zh: Chinese headings, verdicts and words, padded by display width.
std::string check_table(const RuleSet& rules, const CheckResult& result, const Districts& districts,
                        Lang lang = Lang::en);
std::string check_table(const RuleSet& rules, const CheckResult& result, const CheckWords& words,
                        const Districts& districts, Lang lang = Lang::en);

// The process exit code the verdicts call for: 1 when any verdict (overall or a district) fails,
// else 0 (passes and verdicts that are not applicable).
int check_exit_code(const CheckResult& result);

}  // namespace lc::io

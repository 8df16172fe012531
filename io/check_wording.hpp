#pragma once
// The words of a compliance check: every sentence a report shows about a verdict, a rule's run or
// the whole check, made from the facts algorithms/compliance.hpp records. Numbers are written with
// core/format.hpp.

#include <string>
#include <vector>

#include "core/check_result.hpp"
#include "core/lang.hpp"
#include "core/rules.hpp"
#include "core/threshold.hpp"
#include "core/within.hpp"

namespace lc::io {

// Words for a reach as evaluated: `written` as the rule gives it, in `mode`; `within_m` is the
// metres it came to (used for minutes in distance mode). E.g. "a 15-minute walk", "an 8-minute
// drive", "1,000 m on foot along roads", "1,000 m in a straight line (15 minutes' walk)".
std::string describe_reach(const Within& written, TravelMode mode, double within_m);

// A verdict's shortfall in words, or why there is none, e.g. "2,600 more residents need a health
// facility within a 15-minute walk (3,400 without; 90.0 % required)", "needs 14 more beds (...)",
// "not applicable: no residents here", "not evaluated: no elderly care facility has a 'beds' value".
// `run` is the verdict's rule's run.
std::string verdict_text(const Rule& rule, const RuleRun& run, const Verdict& verdict);

// What a verdict's shortfall_unit counts, in words: "residents", "people aged 60+", "beds",
// "nursing-type beds", "m²", "facilities", "communities", ...
std::string shortfall_unit_words(const Rule& rule, const Verdict& verdict);

// Notes on how a rule was evaluated, e.g. "evaluated in walk mode instead of the rule's distance",
// "1 of 8 elderly care facilities have no beds value; counted as 0".
std::vector<std::string> run_notes(const Rule& rule, const RuleRun& run);

// Notes on the whole check: demand and facilities in no district, candidate sites not counted.
std::vector<std::string> check_notes(const CheckResult& result);

// Every sentence of a check, in the result's order; what the report writers print.
struct CheckWords {
  std::vector<std::string> verdicts;                // per verdict (CheckResult::verdicts)
  std::vector<std::vector<std::string>> run_notes;  // per rule (CheckResult::runs)
  std::vector<std::string> notes;                   // on the whole check
};

// The words of `result`, a check of `rules`, in `lang` (Chinese: io/words_zh.hpp). Throws
// std::logic_error when a verdict names a rule that does not exist or the runs are not one per rule.
CheckWords check_words(const RuleSet& rules, const CheckResult& result, Lang lang = Lang::en);

}  // namespace lc::io

// Fuzz target: compliance rule files (check --rules, data/presets/*.yaml) read by io/rules, and
// each rule's reach resolved as `check` does next: a rule that travels has a positive, finite one.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "core/rules.hpp"
#include "fuzz_support.hpp"
#include "io/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lc::fuzz::disk_file("rules.yaml", data, size);
  lc::fuzz::parses([&] {
    const lc::RuleSet set = lc::io::load_rules(path);
    for (const std::optional<lc::TravelMode> mode : {std::optional<lc::TravelMode>{}, std::optional(lc::TravelMode::walk)}) {
      const std::vector<lc::Threshold> t = lc::rule_thresholds(set, mode, lc::default_walk_speed_mps);
      lc::fuzz::require(t.size() == set.rules.size(), "one threshold per rule");
      for (std::size_t i = 0; i < t.size(); ++i) {
        if (lc::travels(set.rules[i])) lc::fuzz::require(std::isfinite(t[i].value) && t[i].value > 0, "reach of a rule");
      }
    }
  });
  return 0;
}

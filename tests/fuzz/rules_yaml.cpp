// Fuzz target: compliance rule files (check --rules, data/presets/*.yaml) read by io/rules, and
// each rule's reach resolved as `check` does next: a rule that travels has a positive, finite one.
// An accessibility or equity rule's decay is in range as read (algorithms/access would refuse it).

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
    for (const lc::Rule& r : set.rules) {
      if (r.kind != lc::RuleKind::accessibility && r.kind != lc::RuleKind::equity) continue;
      const bool param = r.decay == lc::RuleDecay::exponential || r.decay == lc::RuleDecay::power;
      lc::fuzz::require(param == (std::isfinite(r.decay_param) && r.decay_param > 0), "decay parameter");
      lc::fuzz::require(r.zones.size() == r.zone_weights.size(), "one weight per zone");
      for (std::size_t z = 0; z < r.zones.size(); ++z) {
        lc::fuzz::require(r.zones[z] > (z ? r.zones[z - 1] : 0.0) && r.zones[z] <= r.within.value * (1 + 1e-12),
                          "zones ascending within the reach");
        lc::fuzz::require(r.zone_weights[z] > 0 && r.zone_weights[z] <= 1, "zone weight");
      }
      lc::fuzz::require((r.index == lc::EquityIndex::concentration && r.kind == lc::RuleKind::equity) == !r.rank_by.empty(),
                        "a ranking variable for the concentration index only");
    }
  });
  return 0;
}

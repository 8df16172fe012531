#pragma once
// Compliance rule files (YAML) and the shipped presets under <data>/presets/.

#include <string>
#include <vector>

#include "core/rules.hpp"

namespace lc::io {

// The facility categories a rule may name unless the caller knows better: those of
// data/osm_categories.yaml.
std::vector<std::string> default_rule_categories();

// Reads and validates a rule file. Throws InputError naming the file, the rule id and the line for:
// YAML syntax, an unknown kind, field, mode, category (not in `known_categories`) or comparison,
// a bad `within` ("15parsecs"), a threshold, share or ratio that is not a number, a field the kind
// needs that is missing, a field the kind does not use, and a duplicate id.
RuleSet load_rules(const std::string& path,
                   const std::vector<std::string>& known_categories = default_rule_categories());

// The names of the shipped presets (file names under <data>/presets/ without ".yaml"), sorted.
std::vector<std::string> preset_names();

// Loads <data>/presets/NAME.yaml with load_rules and marks every rule `preset`. Throws UsageError
// listing the presets when there is no such preset.
RuleSet preset_rules(const std::string& name,
                     const std::vector<std::string>& known_categories = default_rule_categories());

// The preset file's text as shipped (for `lifecircle check --print-preset NAME`). Throws UsageError
// listing the presets when there is no such preset.
std::string preset_text(const std::string& name);

}  // namespace lc::io

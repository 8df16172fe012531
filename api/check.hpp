#pragma once
// `check`: a plan (facilities, demand, districts) against planning standards (a rule file or a
// shipped preset), per district and overall.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/request.hpp"
#include "core/runs.hpp"

namespace lc::api {

struct CheckRequest {
  std::string rules_path;  // a rule file; or
  std::string preset;      // a shipped rule set, e.g. "cn-health"
  Sources sources;         // sources.load: districts, categories; the travel mode is the rules'
  std::string status_field;  // each facility's status (existing, planned, ...); empty: existing
  std::vector<std::pair<std::string, std::string>> demand_fields;  // basis name -> demand field
  std::vector<std::pair<std::string, double>> basis_shares;        // basis name -> share of the population
  std::optional<TravelMode> mode;  // every rule in this mode instead of its own
  bool strict = false;     // a preset rule whose field the data lacks is an error
  NetworkSettings network;
  std::string command_line;
};

// Throws UsageError or InputError (a field a user rule needs and the data lacks, naming the rule
// file, line and layers).
CheckRun check(const CheckRequest& request);

// The text of a shipped rule set (to edit and pass back as a rule file).
std::string preset_text(const std::string& name);

}  // namespace lc::api

#pragma once
// The words of the maps, print and web, in English or Chinese: titles, legend sentences and the
// web page's labels. One place, so that the two maps of a run say the same thing. Figures come
// from the run's summary.json (or report.json), passed in as JSON.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lc::io {

struct MapWords {
  bool zh = false;

  // "en" or "zh"; anything else is a UsageError naming --lang.
  static MapWords of(const std::string& lang);

  // A category's display name: "elderly care", or in Chinese the planning term (养老服务).
  std::string category(const std::string& name) const;
  // "1,000 m", "1,000 m along roads", "15 min walk" from a summary's within_m / within_s.
  std::string within(const nlohmann::json& figures, const std::string& mode) const;
  // "a, b or c" / "a、b或c".
  std::string any_of(const std::vector<std::string>& categories) const;

  // The title a map gets when none is given: kind is coverage, isochrones, propose or check.
  std::string title(const std::string& kind, const nlohmann::json& summary) const;
  std::string legend() const;  // "Legend"

  // "fitness: 44.0 % of 461,878 residents within 1,000 m"
  std::string coverage_line(const std::string& category, double share, double total, const std::string& within) const;
  // "Every category within reach: 35.2 % of residents"
  std::string life_circle_line(double share) const;
  // "Residents beyond reach of a health or fitness facility (dot size by population, summed per
  // 250 m cell)"; cell_m 0: not gridded.
  std::string out_of_reach_line(const std::vector<std::string>& categories, double cell_m) const;
  // "Names not drawn: 1,200 facilities"
  std::string names_not_drawn(double count) const;
  // "fitness facilities: 35"
  std::string facilities_line(const std::string& category, double count) const;
  // "fitness: 5, 10, 15 min walk" (the bands, innermost first)
  std::string isochrone_line(const std::string& category, const std::vector<double>& breaks, const std::string& unit,
                             const std::string& mode) const;
  // "fitness: 44.0 % of 461,878 residents within 1,000 m before, 79.2 % after 5 proposed sites (mclp)"
  std::string propose_line(const nlohmann::json& summary) const;
  // "fitness facilities kept: 35"
  std::string kept_line(const std::string& category, double count) const;
  // "Proposed sites (by rank): 5"
  std::string proposed_line(std::size_t count) const;
  // "Districts failing a rule: 2 of 9"
  std::string districts_failing(int failing, int districts) const;
  std::string districts_passing() const;
  // "Rule set cn-health: 12 verdicts pass, 3 fail, 0 not applicable"
  std::string verdicts_line(const nlohmann::json& report) const;
  // "Population basis: ..."
  std::string population_basis(const std::string& basis) const;

  // The web page's labels, keyed as the page's script reads them.
  nlohmann::json page_words() const;
};

// The palette slot (Okabe & Ito's colour-blind-safe palette, 7 colours) of each category, so that a
// category has the same colour on every map: the four planning categories have fixed slots
// (health, elderly_care, fitness, scenic: 0 to 3), any other takes the next free one in order.
std::vector<std::size_t> palette_slots(const std::vector<std::string>& categories);

}  // namespace lc::io

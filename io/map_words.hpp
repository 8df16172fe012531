#pragma once
// The words of the maps, print and web, in English or Chinese: titles, legend sentences and the
// web page's labels. One place, so that the two maps of a run say the same thing. Figures come
// from the run's summary.json (or report.json), passed in as JSON.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/value_classes.hpp"

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

  // An access run's map (`summary` its summary.json; `category` the one mapped, empty for
  // proximity's mean over the categories).
  // "E2SFCA accessibility to health", "Proximity time to fitness", "Proximity time: mean over
  // health, fitness and scenic"; a network mode added: " (walk on the road network)".
  std::string access_title(const nlohmann::json& summary, const std::string& category) const;
  // "health: enhanced two-step floating catchment (E2SFCA), in facilities per 1000 people" (the
  // summary's measure_title and value_unit; in Chinese from its measure, supply field and weight).
  std::string access_measure_line(const nlohmann::json& summary, const std::string& category) const;
  // How the classes were made: "Classes: population-weighted quantiles of the values above 0 (the
  // share of the residents in each)".
  std::string access_classes_line(const nlohmann::json& summary, const ValueClasses& classes) const;
  // Class k's label: "≤ 0.021", "0.021–0.045", "> 0.15", "≤ 5 min", "25–50 %",
  // "0: no facility in reach", "not reached within 30 min walk".
  std::string class_label(const nlohmann::json& summary, const std::string& category, const ValueClasses& classes,
                          std::size_t k) const;
  // "Mean 0.067, Gini 0.748"; proximity's mean over the categories: "Mean 14.2 min, Gini 0.210;
  // 46.2 % of residents within 15 min"; capacity: "Served: 78.0 % of residents; Gini 0.310".
  std::string access_equity_line(const nlohmann::json& summary, const std::string& category) const;
  // "health facilities: 31, dot area by beds (largest 50)"; capacity: "..., labelled with the
  // share of their capacity used".
  std::string access_facilities_line(const std::string& category, double count, const std::string& supply_field,
                                     double largest, bool capacity) const;
  // "Districts: 9, outlined" or "Districts: 9, filled by the class of their mean".
  std::string access_districts_line(std::size_t districts, bool filled) const;
  // "12,000 demand points drawn as 310 cells of about 250 m, each coloured by the population-
  // weighted mean of its points".
  std::string access_grid_line(std::size_t points, std::size_t cells, double cell_m) const;
  // "residents" (the run's weight "population") or the subgroup's field.
  std::string weight_words(const nlohmann::json& summary) const;

  // The web page's labels, keyed as the page's script reads them.
  nlohmann::json page_words() const;
};

// The palette slot (Okabe & Ito's colour-blind-safe palette, 7 colours) of each category, so that a
// category has the same colour on every map: the four planning categories have fixed slots
// (health, elderly_care, fitness, scenic: 0 to 3), any other takes the next free one in order.
std::vector<std::size_t> palette_slots(const std::vector<std::string>& categories);

// The colour of each class of an access run's measure, the same on the print and the web map: the
// ranges on viridis (colour-blind safe, even in lightness), dark where access is best (the highest
// values; proximity: the fewest minutes) and yellow where it is least; 0 with no facility in
// reach vermillion (213, 94, 0), 0 with facilities in reach salmon (240, 150, 110), no value grey
// (160, 160, 160).
struct ClassColour {
  int r = 0, g = 0, b = 0;
  std::string hex() const;  // "#d55e00"
};
std::vector<ClassColour> class_colours(const ValueClasses& classes, const std::string& measure);

}  // namespace lc::io

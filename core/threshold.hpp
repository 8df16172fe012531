#pragma once
// One threshold type for the whole engine: how far (or how long) is "within reach", in a travel
// mode, in SI units. Resolved once from the user's text ("15min", "800m", "gb15",
// "fitness=10min,health=15min") with the walking speed applied once; every command, every
// category and every rule then carries a Threshold, never the text.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/within.hpp"

namespace lc {

// How travel is measured: a straight line, along the road network on foot or by car, or the costs
// of a precomputed origin-destination table (any router's).
enum class TravelMode : std::uint8_t { distance, walk, drive, cost_matrix };

// "distance", "walk", "drive", "cost_matrix".
const char* to_string(TravelMode mode);
// The inverse of to_string for "distance", "walk", "drive" (and "cost_matrix"); false when `text`
// is none of them.
bool parse_travel_mode(std::string_view text, TravelMode& out);

// The unit of a cost: metres, seconds, or the cost matrix's own unit (whatever its router wrote).
enum class CostUnit : std::uint8_t { metres, seconds, matrix };

const char* unit_symbol(CostUnit unit);  // "m", "s", "" (matrix)

struct Threshold {
  TravelMode mode = TravelMode::distance;
  CostUnit unit = CostUnit::metres;
  double value = 1000.0;      // metres, seconds, or matrix units, as `unit` says
  std::string text = "gb15";  // as the user wrote it, for reports
  // Distance mode only: the walking speed that turned minutes into metres (NaN when the text was
  // a length); kept so a report can say "1,000 m (15 minutes' walk)".
  double speed_mps = std::numeric_limits<double>::quiet_NaN();

  bool by_time() const { return unit == CostUnit::seconds; }
  // The value when it is a length, else NaN.
  double metres() const { return unit == CostUnit::metres ? value : std::numeric_limits<double>::quiet_NaN(); }
  // The value when it is a time, else NaN.
  double seconds() const { return unit == CostUnit::seconds ? value : std::numeric_limits<double>::quiet_NaN(); }
};

// Thresholds made in code (tests, callers of the library): a length, or a time, in a mode.
Threshold within_metres(double metres, TravelMode mode = TravelMode::distance);
Threshold within_seconds(double seconds, TravelMode mode = TravelMode::walk);

// Resolves parsed text in `mode`:
//   distance      metres; minutes become metres at `walk_speed_mps`
//   walk, drive   minutes (and seconds) become seconds of travel time, lengths stay metres of
//                 network distance
//   cost_matrix   use resolve_matrix_threshold (a plain number in the table's unit)
// Throws std::invalid_argument for cost_matrix, a speed that is not positive, or a value beyond
// float range (the engines hold costs as float).
Threshold resolve_threshold(const Within& within, TravelMode mode, double walk_speed_mps);

// Parses and resolves one threshold (see parse_within for the text forms).
Threshold resolve_threshold(std::string_view text, TravelMode mode, double walk_speed_mps);

// A cost-matrix threshold: a positive number in the table's unit (e.g. "5000"), within float range.
Threshold resolve_matrix_threshold(std::string_view text);

// A threshold for one category; `category` empty means "every category not named".
struct CategoryThreshold {
  std::string category;
  Threshold threshold;
};

// Parses and resolves "15min" or "fitness=10min,health=15min" (any mix). Throws
// std::invalid_argument on a bad element.
std::vector<CategoryThreshold> resolve_threshold_list(std::string_view text, TravelMode mode, double walk_speed_mps);

// One threshold per category of `categories`: its own entry in `list`, else the bare one, else
// gb15 (1,000 m) resolved in `mode`. Throws std::invalid_argument naming a category the list
// gives that `categories` lacks (a typo must not silently fall back to the default).
std::vector<Threshold> thresholds_for(const std::vector<CategoryThreshold>& list, const std::vector<std::string>& categories,
                                      TravelMode mode, double walk_speed_mps);

}  // namespace lc

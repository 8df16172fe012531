#pragma once
// Service thresholds: "15min", "800m", GB 50180-2018 life-circle presets, per-category lists.

#include <string>
#include <string_view>
#include <vector>

namespace lc {

// Walking speed implied by GB 50180-2018: 1,000 m in 15 minutes.
inline constexpr double default_walk_speed_mps = 1000.0 / (15.0 * 60.0);

// A threshold as the user wrote it, resolved to metres for the distance engine.
struct Within {
  enum class Kind { metres, minutes, preset };
  Kind kind = Kind::metres;
  double value = 0.0;     // metres for `metres`/`preset`, minutes for `minutes`
  std::string text;       // as written, e.g. "15min", "800m", "gb15"

  // Metres reached at `speed_mps` (minutes are converted; metres and presets are as they are).
  double radius_m(double speed_mps) const;
  // Seconds at `speed_mps` (metres are converted).
  double time_s(double speed_mps) const;
};

// One threshold for one category; `category` empty means "every category".
struct CategoryWithin {
  std::string category;
  Within within;
};

// Parses "15min", "15 min", "900s", "800m", "1.2km", or a preset name:
//   gb15 = 1000 m, gb10 = 500 m, gb5 = 300 m (GB 50180-2018 life circles).
// Throws std::invalid_argument naming the text when it is not one of these, or when its metres or
// seconds are beyond float range (the engines hold costs as float).
Within parse_within(std::string_view text);

// Parses "15min" (all categories) or "fitness=10min,health=15min" (any mix; a bare value
// applies to every category not named). Throws std::invalid_argument on a bad element.
std::vector<CategoryWithin> parse_within_list(std::string_view text);

// The threshold that applies to `category` in `list`: its own entry, else the bare one,
// else `fallback`.
Within within_for(const std::vector<CategoryWithin>& list, std::string_view category,
                  const Within& fallback);

}  // namespace lc

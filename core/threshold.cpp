#include "core/threshold.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace lc {

const char* to_string(TravelMode mode) {
  switch (mode) {
    case TravelMode::distance: return "distance";
    case TravelMode::walk: return "walk";
    case TravelMode::drive: return "drive";
    case TravelMode::cost_matrix: return "cost_matrix";
  }
  return "distance";
}

bool parse_travel_mode(std::string_view text, TravelMode& out) {
  for (TravelMode m : {TravelMode::distance, TravelMode::walk, TravelMode::drive, TravelMode::cost_matrix}) {
    if (text == to_string(m)) {
      out = m;
      return true;
    }
  }
  return false;
}

const char* unit_symbol(CostUnit unit) {
  switch (unit) {
    case CostUnit::metres: return "m";
    case CostUnit::seconds: return "s";
    case CostUnit::matrix: return "";
  }
  return "";
}

namespace {

constexpr double max_threshold = std::numeric_limits<float>::max();

Threshold made(TravelMode mode, CostUnit unit, double value, const char* symbol) {
  Threshold t;
  t.mode = mode;
  t.unit = unit;
  t.value = value;
  char text[64];
  std::snprintf(text, sizeof text, "%g%s", value, symbol);
  t.text = text;
  return t;
}

}  // namespace

Threshold within_metres(double metres, TravelMode mode) { return made(mode, CostUnit::metres, metres, "m"); }

Threshold within_seconds(double seconds, TravelMode mode) { return made(mode, CostUnit::seconds, seconds, "s"); }

Threshold resolve_threshold(const Within& within, TravelMode mode, double walk_speed_mps) {
  if (mode == TravelMode::cost_matrix) {
    throw std::invalid_argument("a cost-matrix threshold is a plain number in the matrix's units");
  }
  Threshold t;
  t.mode = mode;
  t.text = within.text;
  const bool minutes = within.kind == Within::Kind::minutes;
  if (mode == TravelMode::distance) {
    if (minutes && !(walk_speed_mps > 0 && std::isfinite(walk_speed_mps))) {
      throw std::invalid_argument("a walking speed must be a positive number of metres per second");
    }
    t.unit = CostUnit::metres;
    t.value = within.radius_m(walk_speed_mps);
    if (minutes) t.speed_mps = walk_speed_mps;
    if (!(t.value <= kMaxWithinMetres)) {  // minutes at a fast speed
      throw std::invalid_argument("'" + within.text + "' at " + std::to_string(walk_speed_mps) +
                                  " m/s: more than 1,000 km; a threshold is at most 1000km");
    }
  } else if (minutes) {
    t.unit = CostUnit::seconds;
    t.value = within.value * 60.0;
  } else {
    t.unit = CostUnit::metres;
    t.value = within.value;
  }
  // The engines hold costs as float: a threshold beyond float's range (huge minutes turned into
  // seconds or metres) is refused, not cut.
  if (!(t.value <= max_threshold)) throw std::invalid_argument("'" + within.text + "': too large a threshold");
  return t;
}

Threshold resolve_threshold(std::string_view text, TravelMode mode, double walk_speed_mps) {
  return resolve_threshold(parse_within(text), mode, walk_speed_mps);
}

Threshold resolve_matrix_threshold(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end || !(v > 0) || !(v <= max_threshold)) {
    throw std::invalid_argument("'" + s + "' is not a cost-matrix threshold: a positive number in the matrix's units, e.g. 5000");
  }
  Threshold t;
  t.mode = TravelMode::cost_matrix;
  t.unit = CostUnit::matrix;
  t.value = v;
  t.text = s;
  return t;
}

std::vector<CategoryThreshold> resolve_threshold_list(std::string_view text, TravelMode mode, double walk_speed_mps) {
  std::vector<CategoryThreshold> out;
  for (const CategoryWithin& w : parse_within_list(text)) {
    out.push_back({w.category, resolve_threshold(w.within, mode, walk_speed_mps)});
  }
  return out;
}

std::vector<Threshold> thresholds_for(const std::vector<CategoryThreshold>& list, const std::vector<std::string>& categories,
                                      TravelMode mode, double walk_speed_mps) {
  const CategoryThreshold* bare = nullptr;
  for (const CategoryThreshold& t : list) {
    if (t.category.empty()) {
      bare = &t;
    } else if (std::find(categories.begin(), categories.end(), t.category) == categories.end()) {
      std::string known;
      for (const std::string& c : categories) known += (known.empty() ? "" : ", ") + c;
      throw std::invalid_argument("names category '" + t.category + "', which is not among the categories of this run (" +
                                  known + ")");
    }
  }
  const Threshold fallback = bare ? bare->threshold : resolve_threshold("gb15", mode, walk_speed_mps);
  std::vector<Threshold> out;
  for (const std::string& c : categories) {
    const CategoryThreshold* own = nullptr;
    for (const CategoryThreshold& t : list) if (t.category == c) own = &t;
    out.push_back(own ? own->threshold : fallback);
  }
  return out;
}

}  // namespace lc

#include "core/option_values.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "core/errors.hpp"

namespace lc::option {

namespace {

// The number `text` holds in full (strtod's forms), or false.
bool whole_number(const std::string& text, double& out) {
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end != text.c_str() && *end == '\0';
}

}  // namespace

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

TravelMode parse_mode(const std::string& text) {
  TravelMode m = TravelMode::distance;
  if (text == "cost_matrix" || !parse_travel_mode(text, m)) {
    throw UsageError("--mode '" + text + "': use distance, walk or drive");
  }
  return m;
}

double length_m(const std::string& text, const std::string& option) {
  if (text.empty()) return 0.0;
  Within w;
  try {
    w = parse_within(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(option + ": " + e.what());
  }
  if (w.kind == Within::Kind::minutes) throw UsageError(option + " takes a length in metres, e.g. 50m");
  return w.value;
}

std::vector<CategoryThreshold> threshold_list(const std::string& text, TravelMode mode, double speed_mps) {
  if (!(speed_mps > 0)) throw UsageError("--speed must be a positive number of metres per second");
  try {
    return resolve_threshold_list(text, mode, speed_mps);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--within: ") + e.what());
  }
}

Threshold threshold_of(const std::vector<CategoryThreshold>& list, const std::string& category, TravelMode mode,
                       double speed_mps) {
  try {
    return thresholds_for(list, {category}, mode, speed_mps).front();
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--within ") + e.what());
  }
}

Threshold matrix_threshold(const std::string& text) {
  try {
    return resolve_matrix_threshold(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--within with --cost-matrix: ") + e.what());
  }
}

std::vector<Threshold> breaks(const std::string& text, TravelMode mode, double speed_mps) {
  std::vector<Threshold> out;
  for (const std::string& item : split_list(text)) {
    const bool bare = item.find_first_not_of("0123456789. ") == std::string::npos;
    try {
      out.push_back(resolve_threshold(bare ? item + "min" : item, mode, speed_mps));
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--breaks: ") + e.what());
    }
  }
  return out;
}

std::pair<std::string, std::string> name_value(const std::string& text, const std::string& option) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) {
    if (text.empty()) throw UsageError(option + ": empty value");
    return {text, text};
  }
  if (eq == 0 || eq + 1 == text.size()) throw UsageError(option + " '" + text + "': use NAME=VALUE");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

std::pair<std::string, double> basis_share(const std::string& text) {
  const auto [name, value] = name_value(text, "--basis-share");
  double share = 0;
  if (!whole_number(value, share) || !(share >= 0 && share <= 1)) {
    throw UsageError("--basis-share '" + text + "': the share is a number from 0 to 1, e.g. elderly=0.187");
  }
  return {name, share};
}

std::vector<double> bbox(const std::string& text) {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    double v = 0;
    if (!whole_number(item, v) || !std::isfinite(v)) {
      throw UsageError("--bbox '" + text + "': four numbers, min_lon,min_lat,max_lon,max_lat");
    }
    out.push_back(v);
  }
  return out;
}

std::pair<double, double> page_size_mm(const std::string& text) {
  std::string size = text;
  if (size.size() > 2 && size.compare(size.size() - 2, 2, "mm") == 0) size.resize(size.size() - 2);
  const auto x = size.find('x');
  double w = 0, h = 0;
  if (x == std::string::npos || !whole_number(size.substr(0, x), w) || !whole_number(size.substr(x + 1), h) ||
      !(w > 0) || !(h > 0) || !std::isfinite(w) || !std::isfinite(h)) {
    throw UsageError("--size '" + text + "': use WIDTHxHEIGHTmm, e.g. 297x210mm");
  }
  return {w, h};
}

}  // namespace lc::option

#pragma once
// The values of command-line options as text: thresholds, lengths, lists, NAME=VALUE pairs and
// numbers, parsed into what a request holds. Every function throws UsageError naming the option
// and saying what it takes; nothing else for any text. The CLI parses with these; they are here,
// apart from it, so they can be tested and fuzzed on their own.

#include <string>
#include <utility>
#include <vector>

#include "core/threshold.hpp"

namespace lc::option {

// "a, b,,c" → {a, b, c}: the comma-separated items, without the spaces around them and without
// empty ones.
std::vector<std::string> split_list(const std::string& text);

// --mode: distance, walk or drive.
TravelMode parse_mode(const std::string& text);

// A length option such as --surface 50m or --candidate-grid 200m, in metres (0 when empty);
// `option` names it in messages.
double length_m(const std::string& text, const std::string& option);

// --within: "15min", "800m", "gb15" or "fitness=10min,health=15min", resolved in `mode` (minutes
// become metres at `speed_mps` in distance mode).
std::vector<CategoryThreshold> threshold_list(const std::string& text, TravelMode mode, double speed_mps);

// The threshold of `category` in a --within list (its own, else the bare one, else gb15).
Threshold threshold_of(const std::vector<CategoryThreshold>& list, const std::string& category, TravelMode mode,
                       double speed_mps);

// --within with --cost-matrix: a positive number in the matrix's units.
Threshold matrix_threshold(const std::string& text);

// --breaks of isochrones: "5,10,15" (plain numbers are minutes) or "500m,1000m".
std::vector<Threshold> breaks(const std::string& text, TravelMode mode, double speed_mps);

// "NAME=VALUE" split at the first '='; a bare "VALUE" gives NAME = VALUE.
std::pair<std::string, std::string> name_value(const std::string& text, const std::string& option);

// --basis-share NAME=SHARE: a share of the population from 0 to 1.
std::pair<std::string, double> basis_share(const std::string& text);

// --bbox min_lon,min_lat,max_lon,max_lat: finite numbers (how many, and their order, the map
// checks).
std::vector<double> bbox(const std::string& text);

// --size WIDTHxHEIGHT in millimetres, "297x210mm" or "297x210": both positive and finite.
std::pair<double, double> page_size_mm(const std::string& text);

}  // namespace lc::option

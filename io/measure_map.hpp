#pragma once
// The measure of an access run's folder, read for its maps (print and web): which column of
// demand.geojson a map colours (`map --category`), and every demand point's place, weight, value
// and facilities within reach. The classes and the grid are computed in algorithms/ (api/map.cpp
// calls both).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/value_classes.hpp"

namespace lc::io {

// Whether `summary` (a folder's summary.json) is an access run's: it names a "measure".
bool is_access_summary(const nlohmann::json& summary);

// Whether the folder holds an access run's summary.json.
bool is_access_folder(const std::string& run_dir);

// An access summary's categories in the run's order (its category_order; the names of
// "categories" when it has none).
std::vector<std::string> access_categories(const nlohmann::json& summary);

// The category a map of the run shows by default: proximity's mean over the categories (""),
// else the first category with facilities in the run's order (the first one when none has).
std::string default_access_category(const nlohmann::json& summary);

// Reads the measure of `category` (empty: default_access_category) from the folder's
// demand.geojson through GDAL, one feature at a time: MeasureMap's measure, category, columns,
// weight name and points (classes and grid left empty). Throws UsageError for a category the run
// did not compute, InputError for a folder that is not an access run's or whose demand.geojson is
// missing or lacks the column.
MeasureMap read_measure_map(const std::string& run_dir, const std::string& category);

// The mean of the mapped measure in district `index` of districts.geojson (its feature's
// `properties`): <category>_mean, or for proximity's mean over the categories the summary's
// districts.list[index].proximity.mean. NaN when there is none.
double district_mean(const nlohmann::json& properties, const nlohmann::json& summary, std::size_t index,
                     const MeasureMap& m);

}  // namespace lc::io

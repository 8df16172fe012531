#pragma once
// Internal to api/: a census table by sub-district joined to the staged demand polygons (the
// units) and spread over demand points.

#include "core/inputs.hpp"

namespace lc::api::detail {

// Reads the table of `census` (io/), joins its rows to the units of `in.demand_polygons` by code
// or name, and replaces the polygons by demand points (algorithms/): each joined unit's population
// over the points of the finer basis (`census.spread_by`) inside it in proportion to their weight,
// or evenly over the `in.cell_size_m` grid cells inside it when it has none; in whole persons
// when the unit's population is a whole number (largest remainder), so each unit's points add up
// to its row. Each point also gets the attributes `elderly` and `aged65` (its population × the
// row's aged 60+ resp. 65+ share) when the table has those columns. Sets `in.census` (the join
// report), the population basis and notes. Throws InputError for duplicate keys (naming the rows
// or features), no joined row, or bad table values; UsageError for a key neither side has.
void spread_census(Inputs& in, const CensusSource& census, const LoadOptions& options);

}  // namespace lc::api::detail

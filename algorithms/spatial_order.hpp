#pragma once
// Spatial (Morton / Z-order) ordering of points, so that passes over them touch memory and
// tree nodes in the order they lie on the ground (as OSRM renumbers nodes for locality).

#include <vector>

#include "core/demand.hpp"
#include "core/ids.hpp"

namespace lc {

// Ids 0..n-1 sorted by the Morton code of their cell in a grid of `cell_m`; ties by id, so the
// order is deterministic.
std::vector<Id> morton_order(const std::vector<double>& x_m, const std::vector<double>& y_m, double cell_m);

// Ids 0..n-1 by the Morton code of their cell in a grid of `cell_m` fixed to the CRS's origin (not
// to the points' extent), ties by x, then y, then id. Any subset of the points comes out in the
// same relative order, whatever else was loaded with it: the order demand is stored in and a road
// graph's nodes are numbered in, so a shard's demand and the roads it reads keep the whole run's
// order (core/shard_plan.hpp).
std::vector<Id> fixed_order(const std::vector<double>& x_m, const std::vector<double>& y_m, double cell_m);

// Demand reordered by `order` (a permutation of its ids).
Demand permuted(const Demand& demand, const std::vector<Id>& order);

// The cell size used to store demand in spatial order.
inline constexpr double demand_order_cell_m = 250.0;

}  // namespace lc

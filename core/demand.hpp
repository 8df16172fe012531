#pragma once
// Demand points (population or any weight) as struct-of-arrays in metres of the metric CRS.

#include <map>
#include <string>
#include <vector>

#include "core/ids.hpp"

namespace lc {

struct Demand {
  std::vector<double> x_m;
  std::vector<double> y_m;
  std::vector<double> weight;          // people (or the chosen weight field) at this point
  std::vector<std::string> source_id;  // the source feature this point came from; shared by split parts
  // Further weights per point (e.g. "elderly": people aged 60+), split with the point's feature like
  // `weight`; NaN where the source has no value. Filled by the loader.
  std::map<std::string, std::vector<double>> attributes;

  Id size() const { return static_cast<Id>(x_m.size()); }
  void push_back(double x, double y, double w, std::string id);
  double total_weight() const;
  // The attribute `key` of point i, NaN when absent.
  double attribute(const std::string& key, Id i) const;
  // Throws std::logic_error on differing lengths, non-finite coordinates, a negative or non-finite
  // weight, or a negative attribute value.
  void validate() const;
};

// The most grid points demand polygons are spread over, for one polygon and for all: above it a
// usage error naming --cell-size, before any is made.
inline constexpr double max_spread_points = 1.0e7;

// A ring as x0, y0, x1, y1, ... in metres (closing the ring is optional).
using Ring = std::vector<double>;

// Demand polygons as read and reprojected, before their weight is spread over points (a loading
// stage of its own, in api/). Per polygon: its rings (outer rings and holes, every part of a
// multipolygon), its weight and further attributes, a point on its surface (for a polygon too
// small to hold a grid cell centre) and where it came from, for messages.
struct DemandPolygons {
  std::vector<std::vector<Ring>> rings;
  std::vector<double> weight;
  std::vector<std::string> source_id;
  std::vector<double> surface_x_m, surface_y_m;
  std::vector<std::string> where;
  std::map<std::string, std::vector<double>> attributes;  // per polygon, split like the weight
  Id size() const { return static_cast<Id>(weight.size()); }
};

}  // namespace lc

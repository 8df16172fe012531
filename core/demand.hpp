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

}  // namespace lc

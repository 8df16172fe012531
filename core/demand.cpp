#include "core/demand.hpp"

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace lc {

void Demand::push_back(double x, double y, double w, std::string id) {
  x_m.push_back(x);
  y_m.push_back(y);
  weight.push_back(w);
  source_id.push_back(std::move(id));
}

double Demand::total_weight() const { return std::accumulate(weight.begin(), weight.end(), 0.0); }

double Demand::attribute(const std::string& key, Id i) const {
  const auto it = attributes.find(key);
  return it == attributes.end() ? std::numeric_limits<double>::quiet_NaN() : it->second[i];
}

void Demand::validate() const {
  const std::size_t n = x_m.size();
  if (y_m.size() != n || weight.size() != n || source_id.size() != n) {
    throw std::logic_error("Demand: arrays differ in length");
  }
  for (const auto& [key, column] : attributes) {
    if (column.size() != n) throw std::logic_error("Demand: attribute " + key + " differs in length");
    for (std::size_t i = 0; i < n; ++i) {
      if (column[i] < 0.0) throw std::logic_error("Demand: point " + source_id[i] + " has a negative " + key);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x_m[i]) || !std::isfinite(y_m[i])) {
      throw std::logic_error("Demand: point " + source_id[i] + " has a non-finite coordinate");
    }
    if (!std::isfinite(weight[i]) || weight[i] < 0.0) {
      throw std::logic_error("Demand: point " + source_id[i] + " has a negative or non-finite weight");
    }
  }
}

}  // namespace lc

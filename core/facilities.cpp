#include "core/facilities.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace lc {

const char* to_string(FacilityStatus status) {
  switch (status) {
    case FacilityStatus::existing: return "existing";
    case FacilityStatus::planned: return "planned";
    case FacilityStatus::candidate: return "candidate";
    case FacilityStatus::competitor: return "competitor";
  }
  return "existing";
}

CategoryId Categories::find(const std::string& n) const {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == n) return static_cast<CategoryId>(i);
  }
  return invalid;
}

CategoryId Categories::add(const std::string& n) {
  const CategoryId found = find(n);
  if (found != invalid) return found;
  names.push_back(n);
  return static_cast<CategoryId>(names.size() - 1);
}

void Facilities::push_back(double x, double y, CategoryId cat, std::string id, std::string nm,
                           FacilityStatus st) {
  x_m.push_back(x);
  y_m.push_back(y);
  category.push_back(cat);
  status.push_back(st);
  source_id.push_back(std::move(id));
  name.push_back(std::move(nm));
}

std::vector<Id> Facilities::of_category(CategoryId cat) const {
  std::vector<Id> out;
  for (Id i = 0; i < size(); ++i) {
    if (category[i] == cat) out.push_back(i);
  }
  return out;
}

double Facilities::attribute(const std::string& key, Id i) const {
  const auto it = attributes.find(key);
  return it == attributes.end() ? std::numeric_limits<double>::quiet_NaN() : it->second[i];
}

void Facilities::validate(const Categories& categories) const {
  const std::size_t n = x_m.size();
  if (y_m.size() != n || category.size() != n || status.size() != n || source_id.size() != n ||
      name.size() != n) {
    throw std::logic_error("Facilities: arrays differ in length");
  }
  for (const auto& [key, values] : attributes) {
    if (values.size() != n) throw std::logic_error("Facilities: attribute " + key + " differs in length");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x_m[i]) || !std::isfinite(y_m[i])) {
      throw std::logic_error("Facilities: facility " + source_id[i] + " has a non-finite coordinate");
    }
    if (category[i] >= categories.size()) {
      throw std::logic_error("Facilities: facility " + source_id[i] + " has an unknown category id");
    }
  }
}

}  // namespace lc

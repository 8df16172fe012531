#pragma once
// Facilities as struct-of-arrays in metres of the run's metric CRS.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/ids.hpp"

namespace lc {

// The named categories of a run, indexed by CategoryId.
struct Categories {
  std::vector<std::string> names;

  CategoryId size() const { return static_cast<CategoryId>(names.size()); }
  // The id of `name`, or invalid when absent.
  CategoryId find(const std::string& name) const;
  // The id of `name`, appended when absent.
  CategoryId add(const std::string& name);
  static constexpr CategoryId invalid = static_cast<CategoryId>(-1);
};

enum class FacilityStatus : std::uint8_t { existing, planned, candidate, competitor };

// "existing", "planned", "candidate", "competitor".
const char* to_string(FacilityStatus status);

struct Facilities {
  std::vector<double> x_m;
  std::vector<double> y_m;
  std::vector<CategoryId> category;
  std::vector<FacilityStatus> status;
  std::vector<std::string> source_id;  // e.g. "node/123", "way/45", "fid:7"; for messages and output
  std::vector<std::string> name;       // may be empty
  // Numeric attributes read from the sources (capacity, cost, beds, area_m2, ...), one value per
  // facility, NaN where a facility's source has no such value. Filled by the loader.
  std::map<std::string, std::vector<double>> attributes;

  Id size() const { return static_cast<Id>(x_m.size()); }
  void push_back(double x, double y, CategoryId cat, std::string id, std::string nm,
                 FacilityStatus st = FacilityStatus::existing);
  // Indices of the facilities of one category, in id order.
  std::vector<Id> of_category(CategoryId cat) const;
  // The attribute `key` of facility i, NaN when absent.
  double attribute(const std::string& key, Id i) const;
  // Throws std::logic_error when the arrays differ in length or a coordinate is not finite.
  void validate(const Categories& categories) const;
};

}  // namespace lc

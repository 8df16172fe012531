#include "core/value_classes.hpp"

#include <cmath>

namespace lc {

std::size_t class_of(const ValueClasses& c, double value, double sites) {
  const auto find = [&](ClassKind kind) {
    for (std::size_t k = 0; k < c.classes.size(); ++k) {
      if (c.classes[k].kind == kind) return k;
    }
    return no_class;
  };
  if (std::isnan(value)) return find(ClassKind::no_value);
  if (c.zero_class && value == 0.0) {
    if (sites > 0) {
      const std::size_t k = find(ClassKind::zero_in_reach);
      if (k != no_class) return k;
    }
    return find(ClassKind::zero_out_of_reach);
  }
  std::size_t last = no_class;
  for (std::size_t k = 0; k < c.classes.size(); ++k) {
    const ValueClass& r = c.classes[k];
    if (r.kind != ClassKind::range) continue;
    if (value > r.lower && value <= r.upper) return k;
    last = k;
  }
  // Below the first range (a negative value with a zero class): the first; above the last (beyond
  // the measure's largest value): the last.
  for (std::size_t k = 0; k < c.classes.size(); ++k) {
    if (c.classes[k].kind == ClassKind::range && value <= c.classes[k].lower) return k;
  }
  return last;
}

}  // namespace lc

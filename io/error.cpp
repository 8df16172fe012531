#include "io/error.hpp"

namespace lc::io {

std::string where(const std::string& source, const std::string& layer, const std::string& feature,
                  const std::string& field) {
  std::string s = source;
  if (!layer.empty()) s += ", layer '" + layer + "'";
  if (!feature.empty()) s += ", feature " + feature;
  if (!field.empty()) s += ", field '" + field + "'";
  return s;
}

}  // namespace lc::io

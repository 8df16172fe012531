#include "io/category_rules.hpp"

#include <algorithm>

#include <yaml-cpp/yaml.h>

#include "io/atomic_output.hpp"
#include "io/error.hpp"

namespace lc::io {

namespace {

YAML::Node load_yaml(const std::string& path) {
  try {
    register_input(path);
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw InputError(path + ": cannot open the file");
  } catch (const YAML::Exception& e) {
    throw InputError(path + ", line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

std::string at_line(const std::string& path, const YAML::Node& node) {
  return path + ", line " + std::to_string(node.Mark().line + 1);
}

// A key or value that must be a single value (or empty), not a list or a map, as text.
std::string scalar(const std::string& path, const YAML::Node& node, const char* what) {
  if (!node.IsScalar() && !node.IsNull()) {
    throw InputError(at_line(path, node) + ": " + what + " must be a single value, not a list or a map");
  }
  return node.as<std::string>();
}

// Reads the file's YAML with `read`; what yaml-cpp throws on the way becomes an InputError naming
// the file and the line.
template <class Read>
auto reading(const std::string& path, Read read) {
  const YAML::Node root = load_yaml(path);
  try {
    return read(path, root);
  } catch (const YAML::Exception& e) {
    throw InputError(path + (e.mark.is_null() ? std::string() : ", line " + std::to_string(e.mark.line + 1)) + ": " +
                     e.msg);
  }
}

bool value_matches(const std::string& value, const std::vector<std::string>& accepted) {
  for (const std::string& a : accepted) {
    if (a == "*") return true;
  }
  // OSM lists several values with ';' (e.g. social_facility:for=senior;disabled).
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t semi = value.find(';', start);
    std::string part = value.substr(start, semi == std::string::npos ? std::string::npos : semi - start);
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    if (std::find(accepted.begin(), accepted.end(), part) != accepted.end()) return true;
    if (semi == std::string::npos) break;
    start = semi + 1;
  }
  return false;
}

TagMapping read_tag_mapping(const std::string& path, const YAML::Node& root) {
  const YAML::Node cats = root.IsMap() ? root["categories"] : YAML::Node();
  if (!cats || !cats.IsMap()) throw InputError(path + ": expected a top-level 'categories:' map");
  TagMapping mapping;
  for (const auto& entry : cats) {
    CategoryTagRules rules;
    rules.category = scalar(path, entry.first, "a category name");
    if (!entry.second.IsSequence()) {
      throw InputError(at_line(path, entry.second) + ": category '" + rules.category +
                       "' must be a list of tag rules such as {amenity: [hospital, clinic]}");
    }
    for (const auto& rule_node : entry.second) {
      if (!rule_node.IsMap() || rule_node.size() == 0) {
        throw InputError(at_line(path, rule_node) + ": a rule must be a map of tag key to value(s)");
      }
      TagRule rule;
      for (const auto& cond : rule_node) {
        TagCondition c;
        c.key = scalar(path, cond.first, "a tag key");
        if (cond.second.IsScalar()) {
          c.values.push_back(cond.second.as<std::string>());
        } else if (cond.second.IsSequence()) {
          for (const auto& v : cond.second) c.values.push_back(scalar(path, v, "a tag value"));
        } else {
          throw InputError(at_line(path, cond.second) + ": values of '" + c.key + "' must be a value or a list");
        }
        if (c.values.empty()) throw InputError(at_line(path, cond.second) + ": empty value list for '" + c.key + "'");
        rule.all.push_back(std::move(c));
      }
      rules.any.push_back(std::move(rule));
    }
    mapping.categories.push_back(std::move(rules));
  }
  return mapping;
}

ValueMapping read_value_mapping(const std::string& path, const YAML::Node& root) {
  if (!root.IsMap()) throw InputError(path + ": expected a map of field value to category, e.g. '医院: health'");
  ValueMapping m;
  for (const auto& entry : root) {
    const std::string value = scalar(path, entry.first, "a field value");
    if (!entry.second.IsScalar()) {
      throw InputError(at_line(path, entry.second) + ": the category of '" + value + "' must be a single name");
    }
    const std::string category = entry.second.as<std::string>();
    m.to_category[value] = category;
    if (std::find(m.categories.begin(), m.categories.end(), category) == m.categories.end()) {
      m.categories.push_back(category);
    }
  }
  return m;
}

}  // namespace

TagMapping TagMapping::load(const std::string& path) { return reading(path, read_tag_mapping); }

std::vector<std::string> TagMapping::match(const TagLookup& tags) const {
  std::vector<std::string> out;
  for (const CategoryTagRules& cat : categories) {
    const bool hit = std::any_of(cat.any.begin(), cat.any.end(), [&](const TagRule& rule) {
      return std::all_of(rule.all.begin(), rule.all.end(), [&](const TagCondition& c) {
        const auto v = tags(c.key);
        return v && value_matches(*v, c.values);
      });
    });
    if (hit) out.push_back(cat.category);
  }
  return out;
}

std::vector<std::string> TagMapping::keys() const {
  std::vector<std::string> out;
  for (const auto& cat : categories)
    for (const auto& rule : cat.any)
      for (const auto& c : rule.all)
        if (std::find(out.begin(), out.end(), c.key) == out.end()) out.push_back(c.key);
  return out;
}

ValueMapping ValueMapping::load(const std::string& path) { return reading(path, read_value_mapping); }

std::optional<std::string> ValueMapping::match(const std::string& value) const {
  auto it = to_category.find(value);
  if (it == to_category.end()) return std::nullopt;
  return it->second;
}

}  // namespace lc::io

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

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

CodeMapping read_code_mapping(const std::string& path, const YAML::Node& root) {
  const YAML::Node scheme = root.IsMap() ? root["scheme"] : YAML::Node();
  if (!scheme) throw InputError(path + ": expected 'scheme: amap_typecode' or 'scheme: baidu_tag' and a 'codes:' map");
  CodeMapping m;
  const std::string name = scalar(path, scheme, "the scheme");
  if (name == "amap_typecode") {
    m.scheme = CodeMapping::Scheme::amap_typecode;
  } else if (name == "baidu_tag") {
    m.scheme = CodeMapping::Scheme::baidu_tag;
  } else {
    throw InputError(at_line(path, scheme) + ": scheme '" + name + "' is neither amap_typecode nor baidu_tag");
  }
  const YAML::Node codes = root["codes"];
  if (!codes || !codes.IsMap()) throw InputError(path + ": expected a 'codes:' map of code to category");
  for (const auto& entry : codes) {
    const std::string code = scalar(path, entry.first, "a code");
    if (m.scheme == CodeMapping::Scheme::amap_typecode &&
        (!all_digits(code) || (code.size() != 2 && code.size() != 4 && code.size() != 6))) {
      throw InputError(at_line(path, entry.first) + ": '" + code +
                       "' is not an Amap major class (2 digits), mid class (4) or typecode (6); quote it, e.g. \"0901\"");
    }
    if (m.scheme == CodeMapping::Scheme::baidu_tag &&
        (trimmed(code).empty() || std::count(code.begin(), code.end(), ';') > 1)) {
      throw InputError(at_line(path, entry.first) + ": '" + code +
                       "' is not a Baidu industry category (\"医疗\" or \"医疗;综合医院\")");
    }
    if (!entry.second.IsNull() && !entry.second.IsScalar()) {
      throw InputError(at_line(path, entry.second) + ": the category of '" + code + "' must be a single name, or ~ for none");
    }
    if (m.codes.count(code)) throw InputError(at_line(path, entry.first) + ": '" + code + "' is given twice");
    if (entry.second.IsNull()) {
      m.codes[code] = std::nullopt;
      continue;
    }
    const std::string category = entry.second.as<std::string>();
    m.codes[code] = category;
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

bool CodeMapping::is_code_table(const std::string& path) {
  const YAML::Node root = load_yaml(path);
  return root.IsMap() && root["scheme"];
}

CodeMapping CodeMapping::load(const std::string& path) { return reading(path, read_code_mapping); }

CodeMapping::Match CodeMapping::match(const std::string& value) const {
  // The codes the value holds, in order: Amap joins several with '|'.
  std::vector<std::string> held;
  if (scheme == Scheme::amap_typecode) {
    std::size_t start = 0;
    while (start <= value.size()) {
      const std::size_t bar = value.find('|', start);
      std::string code = trimmed(value.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
      // A spreadsheet that took the typecode for a number dropped its leading zero.
      if (code.size() == 5 && all_digits(code)) code = "0" + code;
      if (!code.empty()) held.push_back(code);
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
  } else if (!trimmed(value).empty()) {
    held.push_back(trimmed(value));
  }
  Match out;
  if (!held.empty()) out.code = held.front();
  for (const std::string& code : held) {
    // The keys the code falls under, the most specific first.
    std::vector<std::string> keys{code};
    if (scheme == Scheme::amap_typecode) {
      if (code.size() > 4) keys.push_back(code.substr(0, 4));
      if (code.size() > 2) keys.push_back(code.substr(0, 2));
    } else {
      for (std::string k = code; k.find(';') != std::string::npos;) {
        k = trimmed(k.substr(0, k.rfind(';')));
        keys.push_back(k);
      }
    }
    for (const std::string& k : keys) {
      const auto it = codes.find(k);
      if (it == codes.end()) continue;
      if (it->second) {
        out.category = it->second;
        out.code = code;
        return out;
      }
      break;  // the most specific key says: no category
    }
  }
  return out;
}

}  // namespace lc::io

#pragma once
// Category mapping as data: OSM tag rules, and field-value tables for other sources.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lc::io {

// Looks up one tag (key → value) of a feature.
using TagLookup = std::function<std::optional<std::string>(const std::string& key)>;

// A tag condition: the key's value is one of `values` (a ;-separated OSM value matches when any
// part does), or any value when `values` holds "*".
struct TagCondition {
  std::string key;
  std::vector<std::string> values;
};

// A feature matches a rule when every condition holds.
struct TagRule {
  std::vector<TagCondition> all;
};

struct CategoryTagRules {
  std::string category;
  std::vector<TagRule> any;  // the category applies when any rule matches
};

// The OSM tag → category table (data/osm_categories.yaml by default).
struct TagMapping {
  std::vector<CategoryTagRules> categories;

  // Reads the YAML file; throws InputError naming the file and line of a malformed entry.
  static TagMapping load(const std::string& path);
  // Every category whose rules match, in file order.
  std::vector<std::string> match(const TagLookup& tags) const;
  // The keys the rules read (for readers that must fetch them).
  std::vector<std::string> keys() const;
};

// Field value → category for non-OSM sources (--category-map FILE: a YAML map).
struct ValueMapping {
  std::map<std::string, std::string> to_category;
  std::vector<std::string> categories;  // the categories named, in file order
  static ValueMapping load(const std::string& path);
  std::optional<std::string> match(const std::string& value) const;
};

// A web map's POI classification → category (data/amap_typecodes.yaml, data/baidu_categories.yaml):
// a YAML file with `scheme:` (amap_typecode or baidu_tag) and `codes:`, a map of code or code
// prefix to a category or ~ (none). Amap: keys of 2, 4 or 6 digits (major class, mid class,
// typecode); Baidu: "first" or "first;second" industry categories. The most specific key a code
// falls under decides; a value of several Amap codes joined by '|' maps by the first that maps.
struct CodeMapping {
  enum class Scheme { amap_typecode, baidu_tag };
  Scheme scheme = Scheme::amap_typecode;
  std::map<std::string, std::optional<std::string>> codes;
  std::vector<std::string> categories;  // the categories named, in file order

  // Whether the YAML file at `path` is such a table (it has `scheme:`), not a plain value map.
  static bool is_code_table(const std::string& path);
  // Reads the file; throws InputError naming the file and line of a malformed entry.
  static CodeMapping load(const std::string& path);

  struct Match {
    std::optional<std::string> category;  // empty: no category
    std::string code;                     // the code that decided, else the value's first code
  };
  Match match(const std::string& value) const;
};

}  // namespace lc::io

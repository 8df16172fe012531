#include "io/category_rules.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

using Tags = std::map<std::string, std::string>;
using Strings = std::vector<std::string>;

TagLookup lookup(const Tags& tags) {
  return [&tags](const std::string& key) -> std::optional<std::string> {
    const auto it = tags.find(key);
    if (it == tags.end()) return std::nullopt;
    return it->second;
  };
}

// Line numbers in comments are 1-based, as in the file.
const char* const kRules =
    "categories:\n"                                                   // line 1
    "  health:\n"                                                     // line 2
    "    - {amenity: [hospital, clinic]}\n"                           // line 3
    "  elderly_care:\n"                                               // line 4
    "    - {\"social_facility:for\": [senior, elderly]}\n"            // line 5
    "    - {amenity: social_facility, social_facility: nursing_home}\n"  // line 6: two keys
    "  any_shop:\n"                                                   // line 7
    "    - {shop: \"*\"}\n";                                          // line 8

class CategoryRulesTagMapping : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("rules.yaml");
    test::write_text(path_, kRules);
    mapping_ = TagMapping::load(path_);
  }
  test::TempDir dir_;
  std::string path_;
  TagMapping mapping_;
};

TEST_F(CategoryRulesTagMapping, LoadsCategoriesInFileOrder) {
  ASSERT_EQ(mapping_.categories.size(), 3u);
  EXPECT_EQ(mapping_.categories[0].category, "health");
  EXPECT_EQ(mapping_.categories[1].category, "elderly_care");
  EXPECT_EQ(mapping_.categories[2].category, "any_shop");
  ASSERT_EQ(mapping_.categories[1].any.size(), 2u);        // two rules under elderly_care
  EXPECT_EQ(mapping_.categories[1].any[1].all.size(), 2u);  // the line-6 rule has two keys
  const Strings keys = mapping_.keys();
  for (const char* k : {"amenity", "social_facility:for", "social_facility", "shop"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), k), keys.end()) << k;
  }
  EXPECT_EQ(keys.size(), 4u);  // amenity, social_facility:for, social_facility, shop (no repeats)
}

TEST_F(CategoryRulesTagMapping, PlainValueMatches) {
  const Tags t{{"amenity", "clinic"}};
  EXPECT_EQ(mapping_.match(lookup(t)), Strings{"health"});
  const Tags other{{"amenity", "school"}};
  EXPECT_TRUE(mapping_.match(lookup(other)).empty());
}

TEST_F(CategoryRulesTagMapping, SemicolonListMatchesAnyPart) {
  EXPECT_EQ(mapping_.match(lookup(Tags{{"social_facility:for", "senior;disabled"}})), Strings{"elderly_care"});
  EXPECT_EQ(mapping_.match(lookup(Tags{{"social_facility:for", "disabled; senior"}})), Strings{"elderly_care"});
  // 'seniors' and 'disabled' alone are not 'senior'.
  EXPECT_TRUE(mapping_.match(lookup(Tags{{"social_facility:for", "seniors;disabled"}})).empty());
  EXPECT_TRUE(mapping_.match(lookup(Tags{{"social_facility:for", "disabled"}})).empty());
}

TEST_F(CategoryRulesTagMapping, StarMatchesAnyValueButNeedsTheKey) {
  EXPECT_EQ(mapping_.match(lookup(Tags{{"shop", "bakery"}})), Strings{"any_shop"});
  EXPECT_EQ(mapping_.match(lookup(Tags{{"shop", "x;y"}})), Strings{"any_shop"});
  EXPECT_TRUE(mapping_.match(lookup(Tags{{"craft", "bakery"}})).empty());
}

TEST_F(CategoryRulesTagMapping, MultiKeyRuleNeedsEveryKey) {
  EXPECT_TRUE(mapping_.match(lookup(Tags{{"amenity", "social_facility"}})).empty());
  EXPECT_TRUE(mapping_.match(lookup(Tags{{"social_facility", "nursing_home"}})).empty());
  EXPECT_TRUE(
      mapping_.match(lookup(Tags{{"amenity", "social_facility"}, {"social_facility", "group_home"}})).empty());
  EXPECT_EQ(mapping_.match(lookup(Tags{{"amenity", "social_facility"}, {"social_facility", "nursing_home"}})),
            Strings{"elderly_care"});
}

TEST_F(CategoryRulesTagMapping, SeveralCategoriesInFileOrder) {
  const Tags t{{"shop", "chemist"}, {"amenity", "hospital"}};
  EXPECT_EQ(mapping_.match(lookup(t)), (Strings{"health", "any_shop"}));
}

TEST(CategoryRulesTagMappingFile, ShippedMappingReadsSeniorLists) {
  // data/osm_categories.yaml lists health, elderly_care, fitness, scenic in that order, and
  // elderly_care has the rule {"social_facility:for": [senior, elderly]}.
  const TagMapping m = TagMapping::load(std::string(LIFECIRCLE_SOURCE_DIR) + "/data/osm_categories.yaml");
  ASSERT_EQ(m.categories.size(), 4u);
  EXPECT_EQ(m.categories[0].category, "health");
  EXPECT_EQ(m.categories[1].category, "elderly_care");
  EXPECT_EQ(m.categories[2].category, "fitness");
  EXPECT_EQ(m.categories[3].category, "scenic");
  EXPECT_EQ(m.match(lookup(Tags{{"social_facility:for", "senior;disabled"}})), Strings{"elderly_care"});
  EXPECT_EQ(m.match(lookup(Tags{{"leisure", "park"}})), Strings{"scenic"});
}

// Loads `text` as a tag mapping and returns the InputError message (empty when none was thrown).
std::string tag_mapping_error(const test::TempDir& dir, const std::string& text, std::string& path) {
  path = dir.file("bad.yaml");
  test::write_text(path, text);
  try {
    TagMapping::load(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CategoryRulesTagMappingErrors, RuleThatIsNotAMapNamesFileAndLine) {
  test::TempDir dir;
  std::string path;
  const std::string msg = tag_mapping_error(dir,
                                            "categories:\n"                // 1
                                            "  health:\n"                  // 2
                                            "    - {amenity: hospital}\n"  // 3
                                            "  fitness:\n"                 // 4
                                            "    - leisure\n",             // 5: a bare scalar rule
                                            path);
  ASSERT_FALSE(msg.empty()) << "a scalar rule must raise InputError";
  EXPECT_TRUE(test::contains(msg, path)) << msg;
  EXPECT_TRUE(test::contains(msg, "line 5")) << msg;
}

TEST(CategoryRulesTagMappingErrors, CategoryThatIsNotAListNamesFileAndLine) {
  test::TempDir dir;
  std::string path;
  const std::string msg = tag_mapping_error(dir,
                                            "# comment\n"                  // 1
                                            "categories:\n"                // 2
                                            "  health:\n"                  // 3
                                            "    - {amenity: hospital}\n"  // 4
                                            "\n"                           // 5
                                            "  broken: 42\n",              // 6
                                            path);
  ASSERT_FALSE(msg.empty());
  EXPECT_TRUE(test::contains(msg, path)) << msg;
  EXPECT_TRUE(test::contains(msg, "line 6")) << msg;
  EXPECT_TRUE(test::contains(msg, "broken")) << msg;
}

TEST(CategoryRulesTagMappingErrors, ValueThatIsAMapNamesFileAndLine) {
  test::TempDir dir;
  std::string path;
  const std::string msg = tag_mapping_error(dir,
                                            "categories:\n"                      // 1
                                            "  health:\n"                        // 2
                                            "    - amenity: hospital\n"          // 3
                                            "    - healthcare: {a: b}\n",        // 4: value is a map
                                            path);
  ASSERT_FALSE(msg.empty());
  EXPECT_TRUE(test::contains(msg, path)) << msg;
  EXPECT_TRUE(test::contains(msg, "line 4")) << msg;
  EXPECT_TRUE(test::contains(msg, "healthcare")) << msg;
}

TEST(CategoryRulesTagMappingErrors, YamlSyntaxErrorNamesFileAndLine) {
  test::TempDir dir;
  std::string path;
  const std::string msg = tag_mapping_error(dir,
                                            "categories:\n"                   // 1
                                            "  health:\n"                     // 2
                                            "    - {amenity: [hospital}\n",   // 3: ']' missing
                                            path);
  ASSERT_FALSE(msg.empty());
  EXPECT_TRUE(test::contains(msg, path)) << msg;
  EXPECT_TRUE(test::contains(msg, "line 3")) << msg;
}

TEST(CategoryRulesTagMappingErrors, MissingCategoriesKeyAndMissingFile) {
  test::TempDir dir;
  std::string path;
  std::string msg = tag_mapping_error(dir, "health:\n  - {amenity: hospital}\n", path);
  EXPECT_TRUE(test::contains(msg, "categories")) << msg;
  const std::string missing = dir.file("nope.yaml");
  try {
    TagMapping::load(missing);
    FAIL() << "a missing file must raise InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(test::contains(e.what(), missing)) << e.what();
  }
}

TEST(CategoryRulesValueMapping, LoadAndMatchChineseValues) {
  test::TempDir dir;
  const std::string path = dir.file("map.yaml");
  test::write_text(path, "医院: health\n养老院: elderly_care\n\"健身中心\": fitness\n");
  const ValueMapping m = ValueMapping::load(path);
  EXPECT_EQ(m.to_category.size(), 3u);
  EXPECT_EQ(m.match("医院"), std::optional<std::string>("health"));
  EXPECT_EQ(m.match("养老院"), std::optional<std::string>("elderly_care"));
  EXPECT_EQ(m.match("健身中心"), std::optional<std::string>("fitness"));
  EXPECT_EQ(m.match("诊所"), std::nullopt);
  EXPECT_EQ(m.match(""), std::nullopt);
  EXPECT_EQ(m.match("医院 "), std::nullopt);  // exact match only
}

TEST(CategoryRulesValueMapping, ListAsCategoryNamesFileAndLine) {
  test::TempDir dir;
  const std::string path = dir.file("map.yaml");
  test::write_text(path,
                   "医院: health\n"                  // 1
                   "养老院: [elderly_care, health]\n");  // 2: a list, not one name
  try {
    ValueMapping::load(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(test::contains(e.what(), path)) << e.what();
    EXPECT_TRUE(test::contains(e.what(), "line 2")) << e.what();
    EXPECT_TRUE(test::contains(e.what(), "养老院")) << e.what();
  }
}

TEST(CategoryRulesValueMapping, NotAMapIsAnError) {
  test::TempDir dir;
  const std::string path = dir.file("map.yaml");
  test::write_text(path, "- 医院\n- 养老院\n");
  try {
    ValueMapping::load(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_TRUE(test::contains(e.what(), path)) << e.what();
  }
}

}  // namespace
}  // namespace lc::io

// Inputs at the edges the fuzz targets of tests/fuzz reached: each of these once ended in a crash
// or an internal error, and must be an InputError or UsageError naming what is wrong.

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include <cpl_vsi.h>
#include <gtest/gtest.h>

#include "api/load.hpp"
#include "io/category_rules.hpp"
#include "io/error.hpp"
#include "io/population_proxy.hpp"
#include "io/read_inputs.hpp"
#include "io/road_profile.hpp"
#include "io/rules.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

using test::contains;
using test::geojson_32650;
using test::TempDir;
using test::write_text;

template <class E, class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return "";
}

// One point 1 km east and 1 km north of the false origin of UTM zone 50N.
const std::string kPoint = R"({"type":"Feature","properties":{"id":"p1","beds":"abc"},)"
                           R"("geometry":{"type":"Point","coordinates":[501000,1000]}})";

DemandSource demand_of(const std::string& path) {
  DemandSource d;
  d.path = path;
  return d;
}

LoadOptions utm50() {
  LoadOptions o;
  o.metric_crs = "EPSG:32650";
  return o;
}

// An optional numeric field holding text: its error once read the name from the list of the
// required fields (empty here), past its end.
TEST(InputBounds, OptionalNumericFieldThatIsNotANumberIsNamed) {
  TempDir dir;
  const std::string path = dir.file("sites.geojson");
  write_text(path, geojson_32650(kPoint));
  FacilitySource f{path, "", "", "", "health"};
  f.optional_numeric_fields = {"beds"};
  const std::string msg = error_of<InputError>([&] { api::load_inputs({f}, demand_of(path), utm50()); });
  EXPECT_TRUE(contains(msg, "field 'beds'")) << msg;
  EXPECT_TRUE(contains(msg, "'abc' is not a number")) << msg;
}

// Coordinates far beyond any place on Earth in the metric CRS would overflow the grid and the
// engines' float costs.
TEST(InputBounds, CoordinatesFarOutsideTheMetricCrsAreRefused) {
  TempDir dir;
  const std::string path = dir.file("far.geojson");
  write_text(path, geojson_32650(R"({"type":"Feature","properties":{"id":"far"},)"
                                 R"("geometry":{"type":"Point","coordinates":[1e300,1000]}})"));
  const std::string msg = error_of<InputError>(
      [&] { api::load_inputs({FacilitySource{path, "", "", "", "health"}}, demand_of(path), utm50()); });
  EXPECT_TRUE(contains(msg, "feature far")) << msg;
  EXPECT_TRUE(contains(msg, "1,000,000 km")) << msg;
}

TEST(InputBounds, InfiniteCellSizeIsAUsageError) {
  LoadOptions o;
  o.cell_size_m = std::numeric_limits<double>::infinity();
  EXPECT_THROW(validate_sources({}, demand_of("d.geojson"), o), UsageError);
}

// Sources in GDAL's virtual file systems open like files, and a bad one is explained like a file.
TEST(InputBounds, VirtualFilesOpenAndAreExplained) {
  const std::string good = "/vsimem/input_bounds/sites.geojson";
  const std::string text = geojson_32650(kPoint);
  VSIFCloseL(VSIFileFromMemBuffer(good.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(text.data())),
                                  text.size(), FALSE));
  FacilitySource f{good, "", "", "", "health"};
  const Inputs in = api::load_inputs({f}, demand_of(good), utm50());
  EXPECT_EQ(in.facilities.size(), 1u);
  VSIUnlink(good.c_str());

  const std::string bad = "/vsimem/input_bounds/bad.geojson";
  const std::string junk = "{\"type\": ";
  VSIFCloseL(VSIFileFromMemBuffer(bad.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(junk.data())), junk.size(),
                                  FALSE));
  const std::string msg =
      error_of<InputError>([&] { api::load_inputs({FacilitySource{bad, "", "", "", "health"}}, demand_of(bad), utm50()); });
  EXPECT_TRUE(contains(msg, bad)) << msg;
  EXPECT_FALSE(contains(msg, "no such file")) << msg;
  EXPECT_FALSE(contains(msg, "cannot be read")) << msg;
  VSIUnlink(bad.c_str());
  EXPECT_TRUE(contains(error_of<InputError>([&] { api::load_inputs({f}, demand_of(good), utm50()); }), "no such file"));
}

// A number beyond a double's range is valid JSON syntax that nlohmann::json refuses with an
// exception of its own (out_of_range, not parse_error); GDAL refuses the file first.
TEST(InputBounds, GeoJsonWithANumberBeyondDoubleRange) {
  TempDir dir;
  const std::string path = dir.file("overflow.geojson");
  write_text(path, "-21e308");
  const std::string msg = error_of<InputError>(
      [&] { api::load_inputs({FacilitySource{path, "", "", "", "health"}}, demand_of(path), utm50()); });
  EXPECT_TRUE(contains(msg, path)) << msg;
}

// YAML of an unexpected shape (a list or map where a single value belongs, a scalar file) once
// escaped as yaml-cpp's exceptions.
TEST(InputBounds, TagMappingsOfTheWrongShape) {
  TempDir dir;
  const std::string path = dir.file("m.yaml");
  for (const char* text : {"42\n", "[1, 2]\n", "categories:\n  ? [a]\n  : - {amenity: hospital}\n",
                           "categories:\n  health:\n    - {amenity: [hospital, {x: 1}]}\n",
                           "categories:\n  health:\n    - {? [k]: v}\n"}) {
    write_text(path, text);
    const std::string msg = error_of<InputError>([&] { TagMapping::load(path); });
    EXPECT_TRUE(contains(msg, path)) << text << ": " << msg;
  }
  write_text(path, "? [a, b]\n: health\n");
  EXPECT_TRUE(contains(error_of<InputError>([&] { ValueMapping::load(path); }), "line 1")) << "complex key";
}

TEST(InputBounds, ProxySettingsOfTheWrongShapeOrInfinite) {
  TempDir dir;
  const std::string path = dir.file("p.yaml");
  write_text(path, "42\n");
  EXPECT_THROW(ProxySettings::load(path), InputError);
  std::string text = test::read_bytes(std::string(LIFECIRCLE_SOURCE_DIR) + "/data/population_proxy.yaml");
  const std::string from = "max_levels: ";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  write_text(path, text.substr(0, at) + "max_levels: .inf\n" + text.substr(text.find('\n', at) + 1));
  EXPECT_TRUE(contains(error_of<InputError>([&] { ProxySettings::load(path); }), "'max_levels'"));
  const auto list = text.find("residential_landuse: [");
  ASSERT_NE(list, std::string::npos);
  write_text(path, text.substr(0, list) + "residential_landuse: [{a: b}]\n" + text.substr(text.find('\n', list) + 1));
  EXPECT_TRUE(contains(error_of<InputError>([&] { ProxySettings::load(path); }), "residential_landuse"));
}

// A unit factor beyond reason made a posted speed infinite; a speed beyond float's range was
// converted to float (undefined behaviour).
TEST(InputBounds, RoadSpeedsBeyondRange) {
  TempDir dir;
  const std::string path = dir.file("r.yaml");
  std::string text = test::read_bytes(std::string(LIFECIRCLE_SOURCE_DIR) + "/data/road_speeds.yaml");
  const auto units = text.find("maxspeed_units:");
  ASSERT_NE(units, std::string::npos);
  write_text(path, text.substr(0, units) + "maxspeed_units: {\"\": 1, mph: 1e308}\n");
  const RoadProfile p = RoadProfile::load(path);
  EXPECT_FALSE(p.maxspeed_kmh("30 mph"));
  ASSERT_TRUE(p.maxspeed_kmh("30"));
  const RoadUse fast = p.fields("primary", 1e300, "", TravelMode::drive);
  ASSERT_TRUE(fast.usable);
  EXPECT_EQ(fast.speed_mps, std::numeric_limits<float>::max());
}

TEST(InputBounds, RuleReachBeyondRange) {
  TempDir dir;
  const std::string path = dir.file("rules.yaml");
  for (const char* within : {"1e306km", "1e307min", "1e300m"}) {
    write_text(path, std::string("rules:\n  - id: far\n    kind: access\n    category: health\n    within: ") + within + "\n");
    const std::string msg = error_of<InputError>([&] { load_rules(path); });
    EXPECT_TRUE(contains(msg, "line 5")) << msg;
    EXPECT_TRUE(contains(msg, "at most")) << msg;
  }
}

}  // namespace
}  // namespace lc::io

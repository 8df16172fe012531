// io/osm_extract: a hand-made OSM file near (0°, 0°) cut into two parts in Web Mercator, where
// 0.001° is 111.32 m both ways. Part 0 is the box [0, 1000] x [0, 1000] m (0 to 0.00898°), part 1
// [2000, 3000] x [2000, 3000] m (0.01797° to 0.02695°). Each extract is read back with GDAL's OSM
// driver, as a shard reads it.

#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "core/errors.hpp"
#include "io/gdal_env.hpp"
#include "io/osm_extract.hpp"
#include "io_fixtures.hpp"

namespace lc::io {
namespace {

using test::TempDir;

struct Node {
  long id;
  double lon, lat;
  std::string tags;  // <tag .../> elements
};
struct Way {
  long id;
  std::vector<long> refs;
  std::string tags;
};

std::string tag(const std::string& k, const std::string& v) { return "<tag k=\"" + k + "\" v=\"" + v + "\"/>"; }

// A closed square way's four nodes from `first`, lower left at (lon, lat), side `d` degrees.
void square(std::vector<Node>& nodes, long first, double lon, double lat, double d) {
  nodes.push_back({first, lon, lat, ""});
  nodes.push_back({first + 1, lon + d, lat, ""});
  nodes.push_back({first + 2, lon + d, lat + d, ""});
  nodes.push_back({first + 3, lon, lat + d, ""});
}
std::vector<long> ring(long first) { return {first, first + 1, first + 2, first + 3, first}; }

void write_osm(const std::string& path, std::vector<Node> nodes, const std::vector<Way>& ways, const std::string& relations) {
  std::sort(nodes.begin(), nodes.end(), [](const Node& a, const Node& b) { return a.id < b.id; });
  std::ofstream f(path);
  f << "<?xml version='1.0' encoding='UTF-8'?>\n<osm version=\"0.6\" generator=\"test\">\n";
  char buf[160];
  for (const Node& n : nodes) {
    std::snprintf(buf, sizeof buf, "<node id=\"%ld\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"", n.id, n.lat, n.lon);
    f << buf << (n.tags.empty() ? "/>\n" : ">" + n.tags + "</node>\n");
  }
  for (const Way& w : ways) {
    f << "<way id=\"" << w.id << "\" version=\"1\">";
    for (long r : w.refs) f << "<nd ref=\"" << r << "\"/>";
    f << w.tags << "</way>\n";
  }
  f << relations << "</osm>\n";
}

// What GDAL's OSM driver reads of an extract: per layer, the feature ids ("w12", "r30", "n20")
// with the number of points of their geometry.
std::map<std::string, std::map<std::string, int>> read_back(const std::string& path) {
  ensure_gdal();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  EXPECT_TRUE(ds) << path;
  std::map<std::string, std::map<std::string, int>> out;
  if (!ds) return out;
  ds->ResetReading();
  OGRLayer* layer = nullptr;
  while (OGRFeature* f = ds->GetNextFeature(&layer, nullptr, nullptr, nullptr)) {
    const std::string name = layer->GetName();
    std::string id;
    if (name == "points") id = std::string("n") + f->GetFieldAsString("osm_id");
    else if (name == "lines") id = std::string("w") + f->GetFieldAsString("osm_id");
    else if (name == "multipolygons") {
      const int rel = f->GetFieldIndex("osm_id");
      id = rel >= 0 && f->IsFieldSetAndNotNull(rel) ? std::string("r") + f->GetFieldAsString(rel)
                                                       : std::string("w") + f->GetFieldAsString("osm_way_id");
    } else {
      id = std::string("r") + f->GetFieldAsString("osm_id");
    }
    const OGRGeometry* g = f->GetGeometryRef();
    int points = 0;
    if (g && wkbFlatten(g->getGeometryType()) == wkbLineString) points = g->toLineString()->getNumPoints();
    if (g && wkbFlatten(g->getGeometryType()) == wkbMultiPolygon) points = g->toMultiPolygon()->getNumGeometries();
    out[name][id] = points;
    OGRFeature::DestroyFeature(f);
  }
  return out;
}

std::set<std::string> ids(const std::map<std::string, int>& m) {
  std::set<std::string> s;
  for (const auto& [k, v] : m) s.insert(k);
  return s;
}

class OsmExtract : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<Node> n;
    n.push_back({1, 0.002, 0.002, ""});
    n.push_back({2, 0.004, 0.002, ""});
    n.push_back({3, 0.020, 0.020, ""});
    n.push_back({4, 0.021, 0.020, ""});
    n.push_back({5, 0.008, 0.005, ""});
    n.push_back({6, 0.015, 0.005, ""});            // outside part 0: w12's far end
    square(n, 7, -0.005, -0.005, 0.017);            // w13, water around part 0, no node in it
    square(n, 11, 0.007, 0.001, 0.005);             // w14, land use reaching into part 0
    square(n, 15, 0.010, 0.0015, 0.001);            // w15, a building in w14, outside part 0
    square(n, 27, 0.050, 0.0015, 0.001);            // w16, a building far from both
    n.push_back({20, 0.1, 0.1, tag("amenity", "hospital")});
    square(n, 21, 0.2, 0.2, 0.001);                 // w17, a hospital far away
    n.push_back({25, 0.05, 0.05, tag("natural", "tree")});
    square(n, 31, 0.3, -0.3, 0.001);                // w18, r30's far outer ring
    square(n, 35, 0.005, 0.006, 0.001);             // w19, r30's ring in part 0
    square(n, 41, 0.4, 0.4, 0.001);                 // w40, r32 (a hospital) far away
    const std::string highway = tag("highway", "residential");
    const std::vector<Way> w = {{10, {1, 2}, highway},
                                {11, {3, 4}, highway},
                                {12, {5, 6}, highway},
                                {13, ring(7), tag("natural", "water")},
                                {14, ring(11), tag("landuse", "residential")},
                                {15, ring(15), tag("building", "yes")},
                                {16, ring(27), tag("building", "yes")},
                                {17, ring(21), tag("amenity", "hospital")},
                                {18, ring(31), ""},
                                {19, ring(35), ""},
                                {40, ring(41), ""}};
    const std::string rel =
        "<relation id=\"30\" version=\"1\"><member type=\"way\" ref=\"18\" role=\"outer\"/>"
        "<member type=\"way\" ref=\"19\" role=\"outer\"/>" + tag("type", "multipolygon") + tag("building", "yes") + "</relation>\n"
        "<relation id=\"31\" version=\"1\"><member type=\"way\" ref=\"10\" role=\"\"/>" + tag("type", "route") + tag("route", "bus") +
        "</relation>\n"
        "<relation id=\"32\" version=\"1\"><member type=\"way\" ref=\"40\" role=\"outer\"/>" + tag("type", "multipolygon") +
        tag("amenity", "hospital") + "</relation>\n";
    write_osm(source_, n, w, rel);
  }
  std::vector<OsmExtractPart> parts() const {
    return {{{0, 0, 1000, 1000}, tmp_.file("0.osm.pbf")}, {{2000, 2000, 3000, 3000}, tmp_.file("1.osm.pbf")}};
  }
  static bool hospital(const TagLookup& tags) { return tags("amenity") == std::optional<std::string>("hospital"); }

  TempDir tmp_;
  std::string source_ = tmp_.file("region.osm");
};

TEST_F(OsmExtract, EachPartHoldsWhatMeetsItAndTheFacilitiesAnywhere) {
  const std::vector<OsmExtractCounts> c = write_osm_extracts(source_, "EPSG:3857", parts(), hospital);
  ASSERT_EQ(c.size(), 2u);
  // Part 0: w10, w12 (with its far node), w13 (around it), w14 (meets it), w15 (in w14's bounds),
  // w17, r30 with w18 and w19, r32 with w40, n20: 2+2+4+4+4+4+4+4+4+1 = 33 nodes, 9 ways, 2
  // relations. Part 1: w11, w17, w40, n20: 11 nodes, 3 ways, r32.
  EXPECT_EQ(c[0].nodes, 33);
  EXPECT_EQ(c[0].ways, 9);
  EXPECT_EQ(c[0].relations, 2);
  EXPECT_EQ(c[1].nodes, 11);
  EXPECT_EQ(c[1].ways, 3);
  EXPECT_EQ(c[1].relations, 1);

  auto p0 = read_back(tmp_.file("0.osm.pbf"));
  EXPECT_EQ(ids(p0["lines"]), (std::set<std::string>{"w10", "w12"}));
  EXPECT_EQ(p0["lines"]["w12"], 2) << "a way crossing the edge comes whole";
  EXPECT_EQ(ids(p0["multipolygons"]), (std::set<std::string>{"w13", "w14", "w15", "w17", "r30", "r32"}));
  EXPECT_EQ(p0["multipolygons"]["r30"], 2) << "a multipolygon comes with all its rings";
  EXPECT_EQ(ids(p0["points"]), (std::set<std::string>{"n20"}));
  EXPECT_EQ(p0.count("other_relations"), 0u) << "a bus route is not an area";

  auto p1 = read_back(tmp_.file("1.osm.pbf"));
  EXPECT_EQ(ids(p1["lines"]), (std::set<std::string>{"w11"}));
  EXPECT_EQ(ids(p1["multipolygons"]), (std::set<std::string>{"w17", "r32"}));
  EXPECT_EQ(ids(p1["points"]), (std::set<std::string>{"n20"}));
  // No temporary file is left beside them.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(tmp_.path())) files += e.path().filename().string()[0] == '.';
  EXPECT_EQ(files, 0);
}

TEST_F(OsmExtract, AFileNotSortedByIdIsRefusedNamingIt) {
  std::ofstream(source_) << "<?xml version='1.0'?>\n<osm version=\"0.6\">"
                            "<node id=\"2\" version=\"1\" lat=\"0\" lon=\"0\"/><node id=\"1\" version=\"1\" lat=\"0\" lon=\"0\"/></osm>\n";
  try {
    write_osm_extracts(source_, "EPSG:3857", parts(), hospital);
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(source_), std::string::npos) << m;
    EXPECT_NE(m.find("not sorted"), std::string::npos) << m;
  }
  EXPECT_FALSE(std::filesystem::exists(tmp_.file("0.osm.pbf")));
}

TEST_F(OsmExtract, AMissingFileIsAnInputError) {
  EXPECT_THROW(write_osm_extracts(tmp_.file("none.osm.pbf"), "EPSG:3857", parts(), hospital), InputError);
}

TEST(FileDigest, IsFnv1aOfTheBytes) {
  TempDir tmp;
  std::ofstream(tmp.file("a")) << "a";
  std::ofstream(tmp.file("empty"));
  // FNV-1a 64: the offset basis for no byte; "a" is 0xaf63dc4c8601ec8c (the published test vector).
  EXPECT_EQ(file_digest(tmp.file("empty")), "cbf29ce484222325");
  EXPECT_EQ(file_digest(tmp.file("a")), "af63dc4c8601ec8c");
}

}  // namespace
}  // namespace lc::io

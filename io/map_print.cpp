#include "io/map_print.hpp"

#include "core/errors.hpp"

// Mapnik's headers are heavy and not warning-clean: this is the only file that includes them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <mapnik/cairo/cairo_context.hpp>
#include <mapnik/cairo/cairo_renderer.hpp>
#include <mapnik/datasource_cache.hpp>
#include <mapnik/expression.hpp>
#include <mapnik/feature_factory.hpp>
#include <mapnik/feature_type_style.hpp>
#include <mapnik/font_engine_freetype.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/map.hpp>
#include <mapnik/memory_datasource.hpp>
#include <mapnik/proj_transform.hpp>
#include <mapnik/projection.hpp>
#include <mapnik/rule.hpp>
#include <mapnik/symbolizer.hpp>
#include <mapnik/text/formatting/text.hpp>
#include <mapnik/text/placements/dummy.hpp>
#include <mapnik/text/text_properties.hpp>
#include <mapnik/unicode.hpp>
#pragma GCC diagnostic pop

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "core/format.hpp"
#include "io/atomic_output.hpp"
#include "io/error.hpp"
#include "io/map_part.hpp"
#include "io/map_words.hpp"
#include "io/measure_map.hpp"

namespace lc::io {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool has_suffix(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Rgb {
  int r, g, b;
};

// Okabe & Ito's colour-blind-safe palette; a category's slot: palette_slots (io/map_words.hpp).
constexpr Rgb kPalette[] = {{230, 159, 0}, {86, 180, 233}, {0, 158, 115}, {204, 121, 167},
                            {0, 114, 178}, {213, 94, 0},   {240, 228, 66}};
Rgb slot_colour(std::size_t k) { return kPalette[k % (sizeof kPalette / sizeof kPalette[0])]; }
mapnik::color mcolour(Rgb c, int alpha = 255) {
  return mapnik::color(static_cast<std::uint8_t>(c.r), static_cast<std::uint8_t>(c.g), static_cast<std::uint8_t>(c.b),
                       static_cast<std::uint8_t>(alpha));
}

const char* kMapnikInput = "/usr/lib/mapnik/3.1/input";
const char* kFace = "WenQuanYi Micro Hei Regular";  // CJK-capable, from Debian's fonts-wqy-microhei
const char* kCairoFace = "WenQuanYi Micro Hei";
constexpr int kMaxNamedFacilities = 500;  // more facilities than this: markers without names

void register_mapnik(const std::string& font_dir) {
  static std::once_flag once;
  std::call_once(once, [&] {
    mapnik::datasource_cache::instance().register_datasources(kMapnikInput);
    mapnik::freetype_engine::register_fonts(font_dir, true);
  });
}

json read_summary(const fs::path& dir) {
  // A check run writes report.json (and districts.geojson) instead of summary.json.
  const fs::path p = fs::exists(dir / "summary.json") || !fs::exists(dir / "report.json") ? dir / "summary.json"
                                                                                          : dir / "report.json";
  std::ifstream in(p);
  if (!in) {
    throw InputError(p.string() + ": no summary.json: not the output folder of a coverage, isochrones, propose or check run");
  }
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw InputError(p.string() + ": not a summary this program wrote (" + e.what() + ")");
  }
}

// The OpenStreetMap extract the run read, if any: its basemap.
std::string osm_source(const json& s) {
  auto osm = [](const std::string& p) { return has_suffix(p, ".pbf") || has_suffix(p, ".osm"); };
  if (s.contains("inputs")) {
    for (const auto& f : s["inputs"].value("facilities", json::array())) {
      const std::string p = f.is_string() ? f.get<std::string>() : f.value("source", "");
      if (osm(p)) return p;
    }
    const json& d = s["inputs"].contains("demand") ? s["inputs"]["demand"] : json();
    const std::string dp = d.is_string() ? d.get<std::string>() : d.is_object() ? d.value("source", "") : "";
    if (osm(dp)) return dp;
  }
  if (s.contains("osm_extract")) return s["osm_extract"].get<std::string>();
  const std::string roads = s.value("roads", "");
  const std::string first = roads.substr(0, roads.find(' '));
  return osm(first) ? first : "";
}

mapnik::parameters vector_source(const std::string& path, const std::string& layer) {
  mapnik::parameters p;
  if (has_suffix(path, ".geojson") || has_suffix(path, ".json")) {
    p["type"] = "geojson";
    p["file"] = path;
  } else {
    p["type"] = "ogr";
    p["file"] = path;
    if (!layer.empty()) p["layer"] = layer;
  }
  return p;
}

void add_layer(mapnik::Map& m, const std::string& name, const mapnik::parameters& p, const std::string& srs,
               const std::vector<std::string>& styles, std::vector<std::string>& drawn) {
  mapnik::layer lyr(name, srs);
  lyr.set_datasource(mapnik::datasource_cache::instance().create(p));
  for (const std::string& s : styles) lyr.add_style(s);
  m.add_layer(lyr);
  drawn.push_back(name);
}

mapnik::rule filtered(const std::string& filter) {
  mapnik::rule r;
  if (!filter.empty()) r.set_filter(mapnik::parse_expression(filter));
  return r;
}

mapnik::polygon_symbolizer fill(mapnik::color c, double opacity) {
  mapnik::polygon_symbolizer s;
  mapnik::put(s, mapnik::keys::fill, c);
  mapnik::put(s, mapnik::keys::fill_opacity, opacity);
  return s;
}

mapnik::line_symbolizer stroke(mapnik::color c, double width, double opacity = 1.0) {
  mapnik::line_symbolizer s;
  mapnik::put(s, mapnik::keys::stroke, c);
  mapnik::put(s, mapnik::keys::stroke_width, width);
  mapnik::put(s, mapnik::keys::stroke_opacity, opacity);
  mapnik::put(s, mapnik::keys::stroke_linecap, mapnik::ROUND_CAP);
  mapnik::put(s, mapnik::keys::stroke_linejoin, mapnik::ROUND_JOIN);
  return s;
}

mapnik::markers_symbolizer dot(mapnik::color c, double size, mapnik::color outline, double outline_width) {
  mapnik::markers_symbolizer s;
  mapnik::put(s, mapnik::keys::fill, c);
  mapnik::put(s, mapnik::keys::width, mapnik::value_double(size));
  mapnik::put(s, mapnik::keys::height, mapnik::value_double(size));
  mapnik::put(s, mapnik::keys::stroke, outline);
  mapnik::put(s, mapnik::keys::stroke_width, outline_width);
  mapnik::put(s, mapnik::keys::allow_overlap, true);
  mapnik::put(s, mapnik::keys::ignore_placement, true);
  return s;
}

mapnik::text_symbolizer label(const std::string& expression, double size, mapnik::color c, double dy) {
  mapnik::text_symbolizer s;
  auto placements = std::make_shared<mapnik::text_placements_dummy>();
  mapnik::text_symbolizer_properties& p = placements->defaults;
  p.format_defaults.face_name = kFace;
  p.format_defaults.text_size = size;
  p.format_defaults.fill = c;
  p.format_defaults.halo_fill = mapnik::color(255, 255, 255, 220);
  p.format_defaults.halo_radius = 1.2;
  p.layout_defaults.dy = dy;
  p.set_format_tree(std::make_shared<mapnik::formatting::text_node>(mapnik::parse_expression(expression)));
  mapnik::put<mapnik::text_placements_ptr>(s, mapnik::keys::text_placements_, placements);
  return s;
}

// The basemap: land use, water and buildings from the polygons, roads by class and waterways.
void basemap_styles(mapnik::Map& m) {
  mapnik::feature_type_style areas;
  {
    mapnik::rule green = filtered("[leisure] = 'park' or [leisure] = 'garden' or [landuse] = 'grass' or [landuse] = "
                                  "'forest' or [landuse] = 'recreation_ground' or [natural] = 'wood'");
    green.append(fill(mapnik::color(214, 234, 200), 1.0));
    areas.add_rule(std::move(green));
    mapnik::rule water = filtered("[natural] = 'water' or [landuse] = 'reservoir' or [landuse] = 'basin'");
    water.append(fill(mapnik::color(170, 211, 223), 1.0));
    areas.add_rule(std::move(water));
    mapnik::rule building = filtered("[building] != null and [building] != ''");
    building.append(fill(mapnik::color(217, 208, 201), 1.0));
    areas.add_rule(std::move(building));
  }
  m.insert_style("basemap-areas", std::move(areas));
  mapnik::feature_type_style lines;
  {
    mapnik::rule river = filtered("[waterway] = 'river' or [waterway] = 'canal' or [waterway] = 'stream'");
    river.append(stroke(mapnik::color(140, 190, 215), 1.6));
    lines.add_rule(std::move(river));
    struct Road {
      const char* filter;
      double width;
      int grey;
    };
    const Road roads[] = {
        {"[highway] = 'motorway' or [highway] = 'trunk' or [highway] = 'motorway_link' or [highway] = 'trunk_link'", 3.2, 150},
        {"[highway] = 'primary' or [highway] = 'primary_link'", 2.6, 165},
        {"[highway] = 'secondary' or [highway] = 'tertiary' or [highway] = 'secondary_link' or [highway] = 'tertiary_link'", 1.8, 180},
        {"[highway] = 'residential' or [highway] = 'unclassified' or [highway] = 'living_street' or [highway] = 'service'", 1.0, 195},
        {"[highway] = 'footway' or [highway] = 'path' or [highway] = 'pedestrian' or [highway] = 'steps' or [highway] = 'cycleway'", 0.5, 205},
    };
    for (const Road& r : roads) {
      mapnik::rule rule = filtered(r.filter);
      rule.append(stroke(mapnik::color(static_cast<std::uint8_t>(r.grey), static_cast<std::uint8_t>(r.grey),
                                       static_cast<std::uint8_t>(r.grey)),
                         r.width));
      lines.add_rule(std::move(rule));
    }
  }
  m.insert_style("basemap-lines", std::move(lines));
}

// What the folder holds and how it is drawn.
struct Contents {
  std::string kind;  // coverage, isochrones, propose
  std::vector<std::string> categories;
};

Contents contents_of(const json& s) {
  Contents c;
  if (is_access_summary(s)) {
    c.kind = "access";
    c.categories = access_categories(s);
  } else if (s.contains("results") && s.contains("rules")) {
    c.kind = "check";
  } else if (s.contains("model")) {
    c.kind = "propose";
    c.categories = {s.value("category", "")};
  } else if (s.contains("breaks")) {
    c.kind = "isochrones";
    for (const auto& n : s.value("categories", json::array())) c.categories.push_back(n.get<std::string>());
  } else if (s.contains("categories") && s["categories"].is_object()) {
    c.kind = "coverage";
    if (s.contains("life_circle")) {
      for (const auto& n : s["life_circle"].value("categories", json::array())) c.categories.push_back(n.get<std::string>());
    }
  } else {
    throw InputError("summary.json: not the summary of a coverage, isochrones, propose, check or access run");
  }
  return c;
}

std::string escape_filter(const std::string& s) {
  std::string out;
  for (char ch : s) out += ch == '\'' ? std::string("\\'") : std::string(1, ch);
  return out;
}

// ---- cairo frame ------------------------------------------------------------------------------

void text_at(cairo_t* cr, double x, double y, const std::string& text, double size, bool bold = false) {
  cairo_select_font_face(cr, kCairoFace, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, text.c_str());
}

// Breaks `text` into lines no wider than `width` at spaces (or anywhere for CJK text).
std::vector<std::string> wrap(cairo_t* cr, const std::string& text, double size, double width) {
  cairo_select_font_face(cr, kCairoFace, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  std::vector<std::string> lines;
  std::string line, word;
  auto fits = [&](const std::string& s) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, s.c_str(), &e);
    return e.x_advance <= width;
  };
  // Words wider than the line (CJK text has no spaces) are broken between UTF-8 characters.
  auto add_word = [&](const std::string& w, bool spaced) {
    const std::string tried = line.empty() ? w : line + (spaced ? " " : "") + w;
    if (fits(tried) || line.empty()) {
      line = tried;
    } else {
      lines.push_back(line);
      line = w;
    }
  };
  std::size_t i = 0;
  while (i <= text.size()) {
    const std::size_t sp = text.find(' ', i);
    word = text.substr(i, sp == std::string::npos ? std::string::npos : sp - i);
    if (fits(word)) {
      add_word(word, true);
    } else {
      bool first = true;
      for (std::size_t k = 0; k < word.size();) {
        std::size_t n = 1;
        const unsigned char c = static_cast<unsigned char>(word[k]);
        if (c >= 0xF0) n = 4;
        else if (c >= 0xE0) n = 3;
        else if (c >= 0xC0) n = 2;
        add_word(word.substr(k, n), first);
        first = false;
        k += n;
      }
    }
    if (sp == std::string::npos) break;
    i = sp + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// A scale bar length: 1, 2 or 5 times a power of ten, at most `max_m`.
double nice_length(double max_m) {
  const double p = std::pow(10.0, std::floor(std::log10(max_m)));
  for (double f : {5.0, 2.0, 1.0}) {
    if (f * p <= max_m) return f * p;
  }
  return p;
}

// The fill opacity each isochrone band shows, innermost first: darker near the facilities.
std::vector<double> band_shades(std::size_t bands) {
  std::vector<double> t;
  for (std::size_t k = 0; k < bands; ++k) {
    t.push_back(bands == 1 ? 0.3 : 0.5 - 0.35 * static_cast<double>(k) / static_cast<double>(bands - 1));
  }
  return t;
}

// The opacity to fill each band with so that it shows band_shades(): rings as they are; nested
// disks (each band holds the ones inside it) so that the layers stacked over a band add up to it.
std::vector<double> band_fills(std::size_t bands, bool nested) {
  std::vector<double> t = band_shades(bands), a = t;
  if (nested) {
    for (std::size_t k = 0; k + 1 < bands; ++k) a[k] = 1.0 - (1.0 - t[k]) / (1.0 - t[k + 1]);
  }
  return a;
}


// ---- an access run's layers, built in memory -----------------------------------------------------

std::shared_ptr<mapnik::memory_datasource> memory_source() {
  mapnik::parameters p;
  p["type"] = "memory";
  return std::make_shared<mapnik::memory_datasource>(p);
}

mapnik::geometry::linear_ring<double> ring_of(const json& coordinates) {
  mapnik::geometry::linear_ring<double> r;
  for (const auto& c : coordinates) {
    if (c.is_array() && c.size() >= 2 && c[0].is_number() && c[1].is_number()) r.add_coord(c[0].get<double>(), c[1].get<double>());
  }
  return r;
}

mapnik::geometry::polygon<double> polygon_of(const json& rings) {
  mapnik::geometry::polygon<double> p;
  for (std::size_t k = 0; k < rings.size(); ++k) {
    if (k == 0) p.set_exterior_ring(ring_of(rings[k]));
    else p.add_hole(ring_of(rings[k]));
  }
  return p;
}

// A GeoJSON (Multi)Polygon as Mapnik's geometry; empty for anything else.
mapnik::geometry::geometry<double> area_of(const json& g) {
  if (!g.is_object() || !g.contains("coordinates") || !g["coordinates"].is_array()) return mapnik::geometry::geometry_empty();
  const std::string type = g.value("type", "");
  if (type == "Polygon") return polygon_of(g["coordinates"]);
  if (type == "MultiPolygon") {
    mapnik::geometry::multi_polygon<double> mp;
    for (const auto& p : g["coordinates"]) mp.push_back(polygon_of(p));
    return mp;
  }
  return mapnik::geometry::geometry_empty();
}

// The measure's demand points, or its grid cells, each with the index of its class ("class").
std::shared_ptr<mapnik::memory_datasource> measure_source(const MeasureMap& m) {
  auto ds = memory_source();
  auto ctx = std::make_shared<mapnik::context_type>();
  ctx->push("class");
  mapnik::value_integer id = 1;
  const auto add = [&](std::size_t k, mapnik::geometry::geometry<double> g) {
    if (k == no_class) return;
    mapnik::feature_ptr f = mapnik::feature_factory::create(ctx, id++);
    f->put("class", static_cast<mapnik::value_integer>(k));
    f->set_geometry(std::move(g));
    ds->push(f);
  };
  if (m.grid.size() > 0) {
    const MercatorGrid& g = m.grid;
    for (std::size_t c = 0; c < g.size(); ++c) {
      mapnik::geometry::linear_ring<double> r;
      r.add_coord(g.west[c], g.south[c]);
      r.add_coord(g.east[c], g.south[c]);
      r.add_coord(g.east[c], g.north[c]);
      r.add_coord(g.west[c], g.north[c]);
      r.add_coord(g.west[c], g.south[c]);
      mapnik::geometry::polygon<double> p;
      p.set_exterior_ring(std::move(r));
      add(class_of(m.classes, g.value_mean[c], g.sites_max[c]), std::move(p));
    }
  } else {
    const LonLatPoints& p = m.points;
    for (std::size_t i = 0; i < p.size(); ++i) {
      add(class_of(m.classes, p.value[i], i < p.sites.size() ? p.sites[i] : NAN), mapnik::geometry::point<double>(p.lon[i], p.lat[i]));
    }
  }
  return ds;
}

// The districts of districts.geojson with their names and (by the measure's mean) class; `class`
// is -1 for a district whose mean has no class.
std::shared_ptr<mapnik::memory_datasource> district_source(const json& districts, const json& summary, const MeasureMap& m) {
  auto ds = memory_source();
  auto ctx = std::make_shared<mapnik::context_type>();
  ctx->push("name");
  ctx->push("class");
  const mapnik::transcoder utf8("utf-8");
  mapnik::value_integer id = 1;
  const json features = districts.value("features", json::array());
  for (std::size_t d = 0; d < features.size(); ++d) {
    const json& f = features[d];
    const json props = f.value("properties", json::object());
    mapnik::feature_ptr feature = mapnik::feature_factory::create(ctx, id++);
    const std::string name = props.contains("name") && props["name"].is_string() ? props["name"].get<std::string>() : "";
    feature->put("name", utf8.transcode(name.c_str()));
    const std::size_t k = class_of(m.classes, district_mean(props, summary, d, m), NAN);
    feature->put("class", static_cast<mapnik::value_integer>(k == no_class ? -1 : static_cast<long long>(k)));
    feature->set_geometry(area_of(f.value("geometry", json())));
    ds->push(feature);
  }
  return ds;
}

// The facilities of the mapped category (all of them for proximity's mean), each with its
// marker's size (area by supply) and a label (capacity: the share of its capacity used; else its
// name when names are drawn).
struct AccessSites {
  std::shared_ptr<mapnik::memory_datasource> source;
  std::size_t count = 0;
  double largest = 0.0;  // the largest supply
  bool names = false;    // names drawn
};

AccessSites access_sites(const json& facilities, const MeasureMap& m, bool sized, std::size_t max_named) {
  AccessSites out;
  std::vector<const json*> kept;
  const json features = facilities.is_object() ? facilities.value("features", json::array()) : json::array();
  for (const auto& f : features) {
    const json p = f.value("properties", json::object());
    if (!m.category.empty() && p.value("category", "") != m.category) continue;
    const json& g = f.value("geometry", json());
    if (!g.is_object() || g.value("type", "") != "Point" || !g.contains("coordinates")) continue;
    kept.push_back(&f);
    if (p.contains("supply") && p["supply"].is_number()) out.largest = std::max(out.largest, p["supply"].get<double>());
  }
  out.count = kept.size();
  const bool capacity = m.measure == "capacity";
  out.names = !capacity && out.count <= max_named;
  out.source = memory_source();
  auto ctx = std::make_shared<mapnik::context_type>();
  for (const char* k : {"size", "label"}) ctx->push(k);
  const mapnik::transcoder utf8("utf-8");
  mapnik::value_integer id = 1;
  for (const json* f : kept) {
    const json p = f->value("properties", json::object());
    const json& c = (*f)["geometry"]["coordinates"];
    const double supply = p.contains("supply") && p["supply"].is_number() ? p["supply"].get<double>() : 0.0;
    // Markers' areas in proportion to supply: 5 px across for none, 16 px for the largest.
    const double size = sized && out.largest > 0 ? 5.0 + 11.0 * std::sqrt(std::max(0.0, supply) / out.largest) : 7.0;
    std::string text;
    if (capacity) {
      if (p.contains("capacity_used") && p["capacity_used"].is_number()) text = percent(p["capacity_used"].get<double>());
    } else if (out.names && p.contains("name") && p["name"].is_string()) {
      text = p["name"].get<std::string>();
    }
    mapnik::feature_ptr feature = mapnik::feature_factory::create(ctx, id++);
    feature->put("size", size);
    feature->put("label", utf8.transcode(text.c_str()));
    feature->set_geometry(mapnik::geometry::point<double>(c[0].get<double>(), c[1].get<double>()));
    out.source->push(feature);
  }
  return out;
}

json read_json_file(const fs::path& p) {
  std::ifstream in(p);
  return in ? json::parse(in, nullptr, false) : json();
}

void add_memory_layer(mapnik::Map& m, const std::string& name, std::shared_ptr<mapnik::memory_datasource> ds,
                      const std::string& srs, const std::vector<std::string>& styles, std::vector<std::string>& drawn) {
  mapnik::layer lyr(name, srs);
  lyr.set_datasource(std::move(ds));
  for (const std::string& st : styles) lyr.add_style(st);
  m.add_layer(lyr);
  drawn.push_back(name);
}

}  // namespace

PrintMap write_print_map(const std::string& out_dir, const PrintMapOptions& o) {
  if (!(o.width_mm >= 50 && o.height_mm >= 50 && o.width_mm <= 2000 && o.height_mm <= 2000)) {
    throw UsageError("--size: a page from 50 x 50 mm to 2000 x 2000 mm, e.g. 297x210mm");
  }
  if (!(o.dpi >= 36 && o.dpi <= 1200)) throw UsageError("--dpi: from 36 to 1200");
  const MapWords words = MapWords::of(o.lang);
  enum class Kind { png, svg, pdf } kind;
  if (has_suffix(o.out_path, ".png")) kind = Kind::png;
  else if (has_suffix(o.out_path, ".svg")) kind = Kind::svg;
  else if (has_suffix(o.out_path, ".pdf")) kind = Kind::pdf;
  else throw UsageError("--out " + o.out_path + ": a map is a .png, .svg or .pdf file");
  refuse_if_input(o.out_path);  // a map over one of the run's inputs
  const double px_per_mm = kind == Kind::png ? o.dpi / 25.4 : 72.0 / 25.4;
  const fs::path dir(out_dir);
  const json s = read_summary(dir);
  const Contents contents = contents_of(s);
  const bool access = contents.kind == "access";
  const MeasureMap* measure = o.measure;
  if (access && measure == nullptr) {
    throw InputError(out_dir + ": an access run's folder is drawn with its measure read and classed (api::map)");
  }
  const std::vector<ClassColour> class_rgb = access ? class_colours(measure->classes, measure->measure) : std::vector<ClassColour>();
  const std::vector<std::size_t> slots = palette_slots(contents.categories);
  const auto category_colour = [&](std::size_t k) { return slot_colour(slots[k]); };
  const std::string crs = s.value("crs", "");
  if (crs.rfind("EPSG:", 0) != 0) throw InputError((dir / "summary.json").string() + ": no metric CRS (\"crs\")");
  if (s.contains("output_coords")) {
    throw UsageError((dir / "summary.json").string() + ": the run wrote " + s["output_coords"].get<std::string>() +
                     " coordinates (--output-coords); a print map draws WGS-84 over its OpenStreetMap basemap: draw "
                     "it from a run without --output-coords, or use --html with the web map's own tiles");
  }
  const std::string map_srs = "epsg:" + crs.substr(5);
  const std::string lonlat = "epsg:4326";
  register_mapnik(o.font_dir);

  PrintMap out;
  out.path = o.out_path;
  out.crs = crs;
  out.width = static_cast<int>(std::lround(o.width_mm * px_per_mm));
  out.height = static_cast<int>(std::lround(o.height_mm * px_per_mm));
  const double mm = px_per_mm;
  const double margin = 8 * mm, title_h = 14 * mm, footer_h = 13 * mm, legend_w = std::min(85.0, o.width_mm * 0.32) * mm;
  out.body_x = static_cast<int>(margin);
  out.body_y = static_cast<int>(margin + title_h);
  out.body_width = static_cast<int>(out.width - 2 * margin - legend_w - 5 * mm);
  out.body_height = static_cast<int>(out.height - margin - title_h - footer_h - margin);
  out.legend_x = out.body_x + out.body_width + static_cast<int>(5 * mm);
  out.legend_y = out.body_y;
  out.legend_width = static_cast<int>(legend_w);
  out.legend_height = out.body_height;
  const double scale = kind == Kind::png ? o.dpi / 90.714 : 72.0 / 90.714;  // Mapnik's pixel is 0.28 mm

  // The map body.
  mapnik::Map m(static_cast<unsigned>(out.body_width), static_cast<unsigned>(out.body_height), map_srs);
  m.set_background(mapnik::color(247, 245, 240));
  basemap_styles(m);
  const std::string base = o.basemap.empty() ? osm_source(s) : o.basemap;
  const auto file = [&](const char* name) { return (dir / name).string(); };

  // Data layers first on a map of their own, to find the extent to draw.
  // A large demand is drawn from its grid (out_of_reach_grid.geojson), never read point by point.
  const bool gridded = s.contains("out_of_reach_grid") && fs::exists(dir / "out_of_reach_grid.geojson");
  std::vector<std::string> data_files;
  for (const char* f : {"service_areas.geojson", "isochrones.geojson", "facilities.geojson", "proposed_sites.geojson",
                        gridded ? "out_of_reach_grid.geojson" : "demand.geojson", "districts.geojson"}) {
    if (access && std::string(f) == "demand.geojson") continue;  // an access run's measure: from memory
    if (fs::exists(dir / f)) data_files.push_back(file(f));
  }
  // An access run's demand: its points (or grid cells) with their classes.
  const std::shared_ptr<mapnik::memory_datasource> measure_ds = access ? measure_source(*measure) : nullptr;
  if (data_files.empty() && !(measure_ds && measure_ds->size() > 0)) throw InputError(out_dir + ": no GeoJSON results to draw (a map is drawn from GeoJSON outputs)");
  {
    mapnik::Map probe(static_cast<unsigned>(out.body_width), static_cast<unsigned>(out.body_height), map_srs);
    if (measure_ds && measure_ds->size() > 0) {
      mapnik::layer l("measure", lonlat);
      l.set_datasource(measure_ds);
      probe.add_layer(l);
    }
    for (const std::string& f : data_files) {
      if (has_suffix(f, "service_areas.geojson")) continue;  // areas may reach beyond the data
      mapnik::layer l(f, lonlat);
      l.set_datasource(mapnik::datasource_cache::instance().create(vector_source(f, "")));
      probe.add_layer(l);
    }
    if (probe.layers().empty()) {
      mapnik::layer l(data_files[0], lonlat);
      l.set_datasource(mapnik::datasource_cache::instance().create(vector_source(data_files[0], "")));
      probe.add_layer(l);
    }
    probe.zoom_all();
    mapnik::box2d<double> box = probe.get_current_extent();
    // A part asked for: a lon/lat box, or the named districts' bounds (from districts.geojson).
    const std::vector<double> part = map_part(out_dir, o.bbox, o.districts);
    if (!part.empty()) {
      mapnik::box2d<double> b(part[0], part[1], part[2], part[3]);
      const mapnik::projection from(lonlat), to(map_srs);
      const mapnik::proj_transform tr(from, to);
      if (!tr.forward(b)) throw UsageError("--bbox: PROJ cannot put the box in " + crs);
      box = b;
    }
    const double pad = 0.05 * std::max(box.width(), box.height()) + (part.empty() ? 200.0 : 0.0);
    box.pad(pad);
    m.zoom_to_box(box);
  }

  if (!base.empty()) {
    add_layer(m, "basemap areas", vector_source(base, "multipolygons"), lonlat, {"basemap-areas"}, out.layers);
    add_layer(m, "basemap roads", vector_source(base, "lines"), lonlat, {"basemap-lines"}, out.layers);
  }

  // Service areas (coverage) or isochrone bands, translucent, one colour a category.
  std::vector<std::string> legend;
  // Areas per category: one translucent colour each, outlined.
  std::vector<double> breaks;
  for (const auto& b : s.value("breaks", json::array())) {
    if (b.is_number()) breaks.push_back(b.get<double>());
  }
  const auto category_areas = [&](const char* file_name, const std::string& name, double outline) {
    if (!fs::exists(dir / file_name)) return;
    mapnik::feature_type_style st;
    const bool bands = contents.kind == "isochrones" && !breaks.empty();
    const std::vector<double> fills = band_fills(breaks.size(), s.value("shape", "disks") != "rings");
    for (std::size_t k = 0; k < contents.categories.size(); ++k) {
      const std::string of = "[category] = '" + escape_filter(contents.categories[k]) + "'";
      if (!bands) {
        mapnik::rule r = filtered(of);
        r.append(fill(mcolour(category_colour(k)), 0.22));
        r.append(stroke(mcolour(category_colour(k)), outline, 0.9));
        st.add_rule(std::move(r));
        continue;
      }
      // Isochrones: each band its own shade of the category's colour, darkest nearest.
      for (std::size_t b = 0; b < breaks.size(); ++b) {
        const std::string at = fixed(breaks[b], 6);
        mapnik::rule r = filtered(of + " and [break] > " + at + " - 0.000001 and [break] < " + at + " + 0.000001");
        r.append(fill(mcolour(category_colour(k)), fills[b]));
        r.append(stroke(mcolour(category_colour(k)), outline, 0.9));
        st.add_rule(std::move(r));
      }
    }
    m.insert_style(name, std::move(st));
    add_layer(m, name, vector_source(file(file_name), ""), lonlat, {name}, out.layers);
  };
  category_areas("service_areas.geojson", "service areas", 1.4);
  category_areas("isochrones.geojson", "isochrones", 0.6);

  // Districts (check): failing ones filled and labelled with the number of failing verdicts.
  if (contents.kind == "check" && fs::exists(dir / "districts.geojson")) {
    mapnik::feature_type_style st;
    mapnik::rule fail = filtered("[failing] > 0");
    fail.append(fill(mapnik::color(213, 94, 0), 0.22));
    fail.append(stroke(mapnik::color(160, 50, 0), 1.6));
    fail.append(label(words.zh ? "[name] + '：' + [failing] + ' 项未达标'" : "[name] + ': ' + [failing] + ' failing'", 9.0,
                      mapnik::color(120, 30, 0), 0.0));
    st.add_rule(std::move(fail));
    mapnik::rule pass = filtered("[failing] = 0");
    pass.append(fill(mapnik::color(0, 158, 115), 0.10));
    pass.append(stroke(mapnik::color(0, 120, 90), 1.2));
    pass.append(label("[name]", 9.0, mapnik::color(0, 90, 60), 0.0));
    st.add_rule(std::move(pass));
    m.insert_style("districts", std::move(st));
    add_layer(m, "districts", vector_source(file("districts.geojson"), ""), lonlat, {"districts"}, out.layers);
  }

  // An access run: districts filled by the class of their mean (--by districts), the demand points
  // (or grid cells) coloured by their class, the districts' outlines and names over them, then
  // the mapped category's facilities sized by supply.
  const json access_districts = access && fs::exists(dir / "districts.geojson") ? read_json_file(dir / "districts.geojson") : json();
  const std::size_t district_count = access_districts.is_object() ? access_districts.value("features", json::array()).size() : 0;
  AccessSites sites;
  const std::string supply_field = s.contains("supply_field") && s["supply_field"].is_string() ? s["supply_field"].get<std::string>() : "";
  if (access) {
    const std::shared_ptr<mapnik::memory_datasource> district_ds =
        district_count > 0 ? district_source(access_districts, s, *measure) : nullptr;
    const auto class_colour = [&](std::size_t k, int alpha) {
      return mapnik::color(static_cast<std::uint8_t>(class_rgb[k].r), static_cast<std::uint8_t>(class_rgb[k].g),
                           static_cast<std::uint8_t>(class_rgb[k].b), static_cast<std::uint8_t>(alpha));
    };
    if (district_ds && measure->by_districts) {
      mapnik::feature_type_style st;
      for (std::size_t k = 0; k < measure->classes.classes.size(); ++k) {
        mapnik::rule r = filtered("[class] = " + std::to_string(k));
        r.append(fill(class_colour(k, 255), 0.75));
        st.add_rule(std::move(r));
      }
      m.insert_style("district-classes", std::move(st));
      add_memory_layer(m, "districts by class", district_ds, lonlat, {"district-classes"}, out.layers);
    }
    if (!measure->by_districts && measure_ds->size() > 0) {
      // Points small enough not to hide each other in a city, large enough to read in a town.
      const std::size_t n = measure->points.size();
      const double size = n <= 2000 ? 5.0 : n <= 20000 ? 3.5 : 2.5;
      mapnik::feature_type_style st;
      for (std::size_t k = 0; k < measure->classes.classes.size(); ++k) {
        mapnik::rule r = filtered("[class] = " + std::to_string(k));
        if (measure->grid.size() > 0) r.append(fill(class_colour(k, 255), 0.85));
        else r.append(dot(class_colour(k, 255), size, mapnik::color(60, 60, 60, 160), 0.4));
        st.add_rule(std::move(r));
      }
      m.insert_style("measure", std::move(st));
      add_memory_layer(m, measure->grid.size() > 0 ? "demand by class (grid)" : "demand by class", measure_ds, lonlat,
                       {"measure"}, out.layers);
    }
    if (district_ds) {
      mapnik::feature_type_style st;
      mapnik::rule r;
      r.append(stroke(mapnik::color(70, 70, 70), 1.3, 0.9));
      r.append(label("[name]", 9.0, mapnik::color(50, 50, 50), 0.0));
      st.add_rule(std::move(r));
      m.insert_style("district-outlines", std::move(st));
      add_memory_layer(m, "district outlines", district_ds, lonlat, {"district-outlines"}, out.layers);
    }
    if (fs::exists(dir / "facilities.geojson")) {
      sites = access_sites(read_json_file(dir / "facilities.geojson"), *measure, !supply_field.empty(), kMaxNamedFacilities);
      // White with a dark ring: unlike any class's colour under them.
      mapnik::feature_type_style marks, names;
      mapnik::rule r;
      mapnik::markers_symbolizer d = dot(mapnik::color(255, 255, 255), 7.0, mapnik::color(20, 20, 20), 1.6);
      mapnik::put(d, mapnik::keys::width, mapnik::parse_expression("[size]"));
      mapnik::put(d, mapnik::keys::height, mapnik::parse_expression("[size]"));
      r.append(std::move(d));
      marks.add_rule(std::move(r));
      m.insert_style("access-facilities", std::move(marks));
      mapnik::rule nr = filtered("[label] != ''");
      nr.append(label("[label]", 7.5, mapnik::color(30, 30, 30), -9.0));
      names.add_rule(std::move(nr));
      m.insert_style("access-facility-labels", std::move(names));
      add_memory_layer(m, "facilities", sites.source, lonlat, {"access-facilities", "access-facility-labels"}, out.layers);
    }
  }

  // Population out of reach (coverage): graduated dots at the demand points beyond reach of a
  // category that has facilities (a category with none would mark every point).
  const bool demand_layer = contents.kind == "coverage" && (gridded || fs::exists(dir / "demand.geojson"));
  std::vector<std::string> reachable;  // categories with facilities
  if (contents.kind == "coverage") {
    for (const std::string& c : contents.categories) {
      if (s["categories"][c].value("facility_count", 0) > 0) reachable.push_back(c);
    }
  }
  if (demand_layer && gridded) {
    // One dot a grid cell, sized by the population beyond reach in it.
    mapnik::feature_type_style st;
    const struct {
      const char* filter;
      double size;
    } classes[] = {{"[population] < 100", 3.0}, {"[population] >= 100 and [population] < 1000", 5.0},
                   {"[population] >= 1000 and [population] < 10000", 7.0}, {"[population] >= 10000", 9.5}};
    for (const auto& c : classes) {
      mapnik::rule r = filtered(c.filter);
      r.append(dot(mapnik::color(120, 40, 40, 150), c.size, mapnik::color(255, 255, 255, 0), 0.0));
      st.add_rule(std::move(r));
    }
    m.insert_style("uncovered", std::move(st));
    add_layer(m, "population out of reach (grid)", vector_source(file("out_of_reach_grid.geojson"), ""), lonlat,
              {"uncovered"}, out.layers);
  } else if (demand_layer && !reachable.empty()) {
    std::string out_of_reach;
    for (const std::string& c : reachable) out_of_reach += (out_of_reach.empty() ? "" : " or ") + ("[" + c + "_covered] = false");
    mapnik::feature_type_style st;
    const struct {
      const char* filter;
      double size;
    } classes[] = {{"[population] < 100", 3.0}, {"[population] >= 100 and [population] < 1000", 4.5}, {"[population] >= 1000", 6.5}};
    for (const auto& c : classes) {
      mapnik::rule r = filtered("(" + out_of_reach + ") and " + c.filter);
      r.append(dot(mapnik::color(120, 40, 40, 150), c.size, mapnik::color(255, 255, 255, 0), 0.0));
      st.add_rule(std::move(r));
    }
    m.insert_style("uncovered", std::move(st));
    add_layer(m, "population out of reach", vector_source(file("demand.geojson"), ""), lonlat, {"uncovered"}, out.layers);
  }

  // Facilities by category, names placed where they fit (Mapnik's collision detection); a city
  // of thousands of facilities gets no names: they would hide the map.
  int facility_count = 0;
  if (contents.kind == "coverage") {
    for (const std::string& c : contents.categories) facility_count += s["categories"][c].value("facility_count", 0);
  }
  // Facilities per category in facilities.geojson (isochrones and propose; coverage has them in
  // its summary).
  std::map<std::string, std::size_t> facility_counts;
  std::size_t facility_total = 0;
  if (contents.kind != "coverage" && !access && fs::exists(dir / "facilities.geojson")) {
    std::ifstream in(dir / "facilities.geojson");
    const json d = json::parse(in, nullptr, false);
    for (const auto& f : d.is_object() ? d.value("features", json::array()) : json::array()) {
      if (f.contains("properties") && f["properties"].is_object()) {
        ++facility_counts[f["properties"].value("category", "")];
        ++facility_total;
      }
    }
    facility_count = static_cast<int>(facility_total);
  }
  const auto facilities_of = [&](const std::string& c) {
    const auto it = facility_counts.find(c);
    return it == facility_counts.end() ? std::size_t{0} : it->second;
  };
  const bool names_drawn =
      access ? sites.names || sites.count == 0 || measure->measure == "capacity" : facility_count <= kMaxNamedFacilities;
  if (!access && fs::exists(dir / "facilities.geojson")) {
    mapnik::feature_type_style marks, names;
    for (std::size_t k = 0; k < contents.categories.size(); ++k) {
      mapnik::rule r = filtered("[category] = '" + escape_filter(contents.categories[k]) + "'");
      r.append(dot(mcolour(category_colour(k)), 6.0, mapnik::color(255, 255, 255), 1.0));
      marks.add_rule(std::move(r));
    }
    m.insert_style("facilities", std::move(marks));
    std::vector<std::string> styles = {"facilities"};
    if (names_drawn) {
      mapnik::rule nr = filtered("[name] != ''");
      nr.append(label("[name]", 7.5, mapnik::color(50, 50, 50), -7.0));
      names.add_rule(std::move(nr));
      m.insert_style("facility-names", std::move(names));
      styles.push_back("facility-names");
    }
    add_layer(m, "facilities", vector_source(file("facilities.geojson"), ""), lonlat, styles, out.layers);
  }
  // Proposed sites with their rank.
  if (fs::exists(dir / "proposed_sites.geojson")) {
    mapnik::feature_type_style st;
    mapnik::rule r;
    r.append(dot(mapnik::color(213, 0, 50), 13.0, mapnik::color(255, 255, 255), 1.5));
    r.append(label("[rank]", 8.0, mapnik::color(255, 255, 255), 0.0));
    st.add_rule(std::move(r));
    m.insert_style("proposed", std::move(st));
    add_layer(m, "proposed sites", vector_source(file("proposed_sites.geojson"), ""), lonlat, {"proposed"}, out.layers);
  }
  const mapnik::box2d<double> extent = m.get_current_extent();
  out.min_x = extent.minx();
  out.min_y = extent.miny();
  out.max_x = extent.maxx();
  out.max_y = extent.maxy();

  // The page.
  const fs::path final_path(o.out_path);
  if (final_path.has_parent_path()) fs::create_directories(final_path.parent_path());
  const fs::path temp = final_path.parent_path() / ("." + final_path.filename().string() + ".tmp");
  cairo_surface_t* surface = nullptr;
  switch (kind) {
    case Kind::png: surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, out.width, out.height); break;
    case Kind::svg: surface = cairo_svg_surface_create(temp.c_str(), out.width, out.height); break;
    case Kind::pdf: surface = cairo_pdf_surface_create(temp.c_str(), out.width, out.height); break;
  }
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    throw InputError(o.out_path + ": cairo cannot make the page: " + cairo_status_to_string(cairo_surface_status(surface)));
  }
  mapnik::cairo_surface_ptr surface_ptr(surface, mapnik::cairo_surface_closer());
  mapnik::cairo_ptr context = mapnik::create_context(surface_ptr);
  cairo_t* cr = context.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  {
    // The body is drawn on a surface of its own (raster for PNG, a recording surface that stays
    // vector for SVG and PDF), then placed on the page.
    cairo_surface_t* body = nullptr;
    if (kind == Kind::png) {
      body = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, out.body_width, out.body_height);
    } else {
      const cairo_rectangle_t r{0, 0, static_cast<double>(out.body_width), static_cast<double>(out.body_height)};
      body = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
    }
    mapnik::cairo_surface_ptr body_ptr(body, mapnik::cairo_surface_closer());
    mapnik::cairo_ptr body_context = mapnik::create_context(body_ptr);
    mapnik::cairo_renderer<mapnik::cairo_ptr> renderer(m, body_context, scale);
    try {
      renderer.apply();
    } catch (const std::exception& e) {
      std::error_code ec;
      fs::remove(temp, ec);
      throw InputError(out_dir + ": the map renderer (Mapnik) cannot draw the layers" +
                       (base.empty() ? std::string() : " or the basemap " + base) + ": " + e.what());
    }
    cairo_surface_flush(body);
    cairo_save(cr);
    cairo_rectangle(cr, out.body_x, out.body_y, out.body_width, out.body_height);
    cairo_clip(cr);
    cairo_set_source_surface(cr, body, out.body_x, out.body_y);
    cairo_paint(cr);
    cairo_restore(cr);
  }
  cairo_reset_clip(cr);
  cairo_identity_matrix(cr);
  // Frame around the body.
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 0.3 * mm);
  cairo_rectangle(cr, out.body_x, out.body_y, out.body_width, out.body_height);
  cairo_stroke(cr);

  // Title.
  const std::string title =
      !o.title.empty() ? o.title : access ? words.access_title(s, measure->category) : words.title(contents.kind, s);
  out.title = title;
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text_at(cr, margin, margin + 9 * mm, title, 7.5 * mm, true);

  // Legend.
  double ly = out.legend_y + 6 * mm;
  const double lx = out.legend_x;
  const double fs_ = 3.0 * mm;
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text_at(cr, lx, ly, words.legend(), 4.0 * mm, true);
  ly += 8 * mm;
  auto swatch = [&](Rgb c, double alpha, bool point) {
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, alpha);
    cairo_new_path(cr);
    if (point) {
      cairo_arc(cr, lx + 2.5 * mm, ly - 1.2 * mm, 1.4 * mm, 0, 2 * M_PI);
      cairo_fill(cr);
    } else {
      cairo_rectangle(cr, lx, ly - 3.2 * mm, 5 * mm, 4 * mm);
      cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  };
  auto entry = [&](const std::string& text) {
    for (const std::string& line : wrap(cr, text, fs_, legend_w - 7 * mm)) {
      text_at(cr, lx + 7 * mm, ly, line, fs_);
      ly += 4.4 * mm;
    }
    legend.push_back(text);
    ly += 1.2 * mm;
  };
  // A line of smaller grey text across the legend's width, no swatch.
  auto note = [&](const std::string& text) {
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    for (const std::string& line : wrap(cr, text, 0.85 * fs_, legend_w)) {
      text_at(cr, lx, ly, line, 0.85 * fs_);
      ly += 3.8 * mm;
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    legend.push_back(text);
    ly += 1.2 * mm;
  };
  const std::string mode = s.value("mode", "distance");
  if (access) {
    const std::string& c = measure->category;
    const ValueClasses& classes = measure->classes;
    for (const std::string& line : wrap(cr, words.access_measure_line(s, c), fs_, legend_w)) {
      text_at(cr, lx, ly, line, fs_, true);
      ly += 4.4 * mm;
    }
    legend.push_back(words.access_measure_line(s, c));
    ly += 1.2 * mm;
    note(words.access_classes_line(s, classes));
    const bool dots = !measure->by_districts && measure->grid.size() == 0;
    for (std::size_t k = 0; k < classes.classes.size(); ++k) {
      const ClassColour& rgb = class_rgb[k];
      swatch({rgb.r, rgb.g, rgb.b}, 1.0, dots);
      const double share = classes.weight_total > 0 ? classes.classes[k].weight / classes.weight_total : NAN;
      entry(words.class_label(s, c, classes, k) + " (" + (std::isfinite(share) ? percent(share) : std::string("–")) + ")");
      out.class_colours.push_back({rgb.r, rgb.g, rgb.b});
    }
    entry(words.access_equity_line(s, c));
    if (measure->grid.size() > 0 && !measure->by_districts) note(words.access_grid_line(measure->points.size(), measure->grid.size(), measure->grid.cell_m));
    if (district_count > 0) {
      cairo_set_source_rgb(cr, 70 / 255.0, 70 / 255.0, 70 / 255.0);
      cairo_set_line_width(cr, 0.35 * mm);
      cairo_rectangle(cr, lx + 0.3 * mm, ly - 3.0 * mm, 4.4 * mm, 3.6 * mm);
      cairo_stroke(cr);
      cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
      entry(words.access_districts_line(district_count, measure->by_districts));
    }
    if (sites.count > 0) {
      cairo_new_path(cr);
      cairo_arc(cr, lx + 2.5 * mm, ly - 1.2 * mm, 1.3 * mm, 0, 2 * M_PI);
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 20 / 255.0, 20 / 255.0, 20 / 255.0);
      cairo_set_line_width(cr, 0.45 * mm);
      cairo_stroke(cr);
      cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
      entry(words.access_facilities_line(c, static_cast<double>(sites.count), supply_field, sites.largest,
                                         measure->measure == "capacity"));
    }
    if (!names_drawn) entry(words.names_not_drawn(static_cast<double>(sites.count)));
  } else if (contents.kind == "coverage") {
    for (std::size_t k = 0; k < contents.categories.size(); ++k) {
      const std::string& c = contents.categories[k];
      const json& cj = s["categories"][c];
      swatch(category_colour(k), 0.45, false);
      entry(words.coverage_line(c, cj.value("share", 0.0), cj.value("population_total", 0.0), words.within(cj, mode)));
    }
    if (demand_layer && !reachable.empty()) {
      swatch({120, 40, 40}, 0.6, true);
      entry(words.out_of_reach_line(reachable, gridded ? s["out_of_reach_grid"].value("cell_m", 0.0) : 0.0));
      entry(words.life_circle_line(s["life_circle"].value("share", 0.0)));
    }
    for (std::size_t k = 0; k < contents.categories.size(); ++k) {
      swatch(category_colour(k), 1.0, true);
      entry(words.facilities_line(contents.categories[k], s["categories"][contents.categories[k]].value("facility_count", 0.0)));
    }
    if (!names_drawn) entry(words.names_not_drawn(facility_count));
  } else if (contents.kind == "check") {
    int failing = 0, districts = 0;
    if (fs::exists(dir / "districts.geojson")) {
      std::ifstream in(dir / "districts.geojson");
      const json d = json::parse(in, nullptr, false);
      for (const auto& f : d.value("features", json::array())) {
        ++districts;
        failing += f["properties"].value("failing", 0) > 0 ? 1 : 0;
      }
    }
    swatch({213, 94, 0}, 0.5, false);
    entry(words.districts_failing(failing, districts));
    swatch({0, 158, 115}, 0.3, false);
    entry(words.districts_passing());
    entry(words.verdicts_line(s));
  } else if (contents.kind == "isochrones") {
    // One swatch a band, innermost (darkest) first, as the bands are shaded on the map.
    const std::vector<double> alphas = band_shades(breaks.size());
    for (std::size_t k = 0; k < contents.categories.size(); ++k) {
      const Rgb c = category_colour(k);
      const double w = 5.0 * mm / static_cast<double>(std::max<std::size_t>(1, alphas.size()));
      for (std::size_t b = 0; b < alphas.size(); ++b) {
        cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, alphas[b]);
        cairo_rectangle(cr, lx + static_cast<double>(b) * w, ly - 3.2 * mm, w, 4 * mm);
        cairo_fill(cr);
      }
      cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
      entry(words.isochrone_line(contents.categories[k], breaks, s.value("unit", ""), mode));
    }
    if (facility_total > 0) {
      for (std::size_t k = 0; k < contents.categories.size(); ++k) {
        swatch(category_colour(k), 1.0, true);
        entry(words.facilities_line(contents.categories[k], static_cast<double>(facilities_of(contents.categories[k]))));
      }
    }
  } else {
    const std::string c = s.value("category", "");
    swatch(category_colour(0), 1.0, true);
    entry(words.kept_line(c, static_cast<double>(facilities_of(c))));
    swatch({213, 0, 50}, 1.0, true);
    entry(words.proposed_line(s.contains("selected") && s["selected"].is_array() ? s["selected"].size() : 0));
    entry(words.propose_line(s));
  }
  out.legend = legend;

  // Scale bar and north arrow, under the legend.
  {
    const double m_per_unit = (out.max_x - out.min_x) / out.body_width;
    const double bar_m = nice_length(0.8 * legend_w * m_per_unit);
    const double bar = bar_m / m_per_unit;
    const double by = out.legend_y + out.legend_height - 12 * mm;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_rectangle(cr, lx, by, bar, 1.6 * mm);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, lx + bar / 2, by + 0.3 * mm, bar / 2 - 0.3 * mm, 1.0 * mm);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text_at(cr, lx, by - 1.5 * mm, "0", fs_);
    text_at(cr, lx + bar - 8 * mm, by - 1.5 * mm, bar_m >= 1000 ? fixed(bar_m / 1000, 0) + " km" : fixed(bar_m, 0) + " m", fs_);
    // North: the map is in a UTM zone (grid north, within a degree or two of true north here).
    const double nx = lx + legend_w - 8 * mm, ny = by - 10 * mm;
    cairo_move_to(cr, nx, ny - 6 * mm);
    cairo_line_to(cr, nx + 2.5 * mm, ny + 2 * mm);
    cairo_line_to(cr, nx, ny);
    cairo_line_to(cr, nx - 2.5 * mm, ny + 2 * mm);
    cairo_close_path(cr);
    cairo_fill(cr);
    text_at(cr, nx - 1.3 * mm, ny + 6.5 * mm, "N", 3.5 * mm, true);
  }

  // Footer: population basis and attribution.
  {
    double fy = out.body_y + out.body_height + 5 * mm;
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    std::string basis = s.value("population_basis", "");
    if (words.zh && s.contains("population_basis_zh")) basis = s.value("population_basis_zh", basis);
    if (!basis.empty()) {
      const std::vector<std::string> lines = wrap(cr, (words.zh ? "人口依据：" : "Population basis: ") + basis, 2.4 * mm,
                                                  out.width - 2 * margin);
      text_at(cr, margin, fy, lines.empty() ? "" : lines[0] + (lines.size() > 1 ? " …" : ""), 2.4 * mm);
      fy += 3.6 * mm;
    }
    const std::string version = s.contains("lifecircle_version") ? s.value("lifecircle_version", "") : s.value("lifecircle", "");
    std::string credit = crs + ". lifecircle " + version;
    if (s.contains("attribution") || !base.empty()) credit = "© OpenStreetMap contributors (ODbL). " + credit;
    text_at(cr, margin, fy, credit, 2.4 * mm);
  }

  cairo_surface_flush(surface);
  if (kind == Kind::png) {
    if (cairo_surface_write_to_png(surface, temp.c_str()) != CAIRO_STATUS_SUCCESS) {
      throw InputError(o.out_path + ": cannot write the PNG");
    }
  } else {
    cairo_surface_finish(surface);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) throw InputError(o.out_path + ": cannot write the map");
  }
  context.reset();
  surface_ptr.reset();
  std::error_code ec;
  fs::rename(temp, final_path, ec);
  if (ec) throw InputError(o.out_path + ": cannot write the map: " + ec.message());
  return out;
}

}  // namespace lc::io

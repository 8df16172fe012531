#include "io/map_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/format.hpp"
#include "io/atomic_output.hpp"
#include "io/error.hpp"
#include "io/html_text.hpp"
#include "io/map_part.hpp"
#include "io/map_words.hpp"
#include "io/measure_map.hpp"

#ifndef LIFECIRCLE_LEAFLET_DIR
#define LIFECIRCLE_LEAFLET_DIR ""
#endif

namespace lc::io {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Okabe & Ito's colour-blind-safe palette (as the print map); a category's slot: palette_slots.
const char* const kPalette[] = {"#e69f00", "#56b4e9", "#009e73", "#cc79a7", "#0072b2", "#d55e00", "#f0e442"};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw InputError(p.string() + ": cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json read_json(const fs::path& p, const std::string& what) {
  std::ifstream in(p);
  if (!in) throw InputError(p.string() + ": no " + p.filename().string() + ": " + what);
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw InputError(p.string() + ": not a file this program wrote (" + e.what() + ")");
  }
}

std::string base64(const std::string& in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += t[(v >> 18) & 63], out += t[(v >> 12) & 63], out += t[(v >> 6) & 63], out += t[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += t[(v >> 18) & 63], out += t[(v >> 12) & 63], out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += t[(v >> 18) & 63], out += t[(v >> 12) & 63], out += t[(v >> 6) & 63], out += '=';
  }
  return out;
}

// Leaflet's stylesheet with its images (the layer control's icon, the default marker) inlined as
// data URIs, so that the page fetches nothing.
std::string inline_css_images(const std::string& css, const fs::path& dist) {
  std::string out;
  std::size_t pos = 0;
  const std::string open = "url(images/";
  for (;;) {
    const std::size_t at = css.find(open, pos);
    if (at == std::string::npos) break;
    const std::size_t end = css.find(')', at);
    if (end == std::string::npos) break;
    const std::string name = css.substr(at + open.size(), end - at - open.size());
    out += css.substr(pos, at - pos);
    const fs::path img = dist / "images" / name;
    if (fs::exists(img)) out += "url(data:image/png;base64," + base64(read_file(img)) + ")";
    else out += "none";
    pos = end + 1;
  }
  return out + css.substr(pos);
}

json read_layer(const fs::path& dir, const std::string& file, std::vector<std::string>& drawn) {
  const fs::path p = dir / file;
  if (!fs::exists(p)) return nullptr;
  json fc = read_json(p, "");
  if (!fc.is_object() || !fc.contains("features") || !fc["features"].is_array()) {
    throw InputError(p.string() + ": not a GeoJSON FeatureCollection");
  }
  drawn.push_back(file);
  json out = {{"type", "FeatureCollection"}, {"features", std::move(fc["features"])}};
  return out;
}

// The grid as GeoJSON polygons: population, points and the share whose life circle is complete.
json grid_features(const MercatorGrid& g) {
  json features = json::array();
  for (std::size_t k = 0; k < g.size(); ++k) {
    const double w = g.west[k], e = g.east[k], s = g.south[k], n = g.north[k];
    features.push_back({{"type", "Feature"},
                        {"properties",
                         {{"population", std::round(g.population[k] * 10) / 10},
                          {"points", g.points[k]},
                          {"complete_share", g.population[k] > 0 ? g.complete[k] / g.population[k] : 0.0}}},
                        {"geometry", {{"type", "Polygon"}, {"coordinates", {{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}}}}}});
  }
  return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

// The legend's lines from summary.json (or a check's report.json), in the print map's words.
json legend_of(const json& s, const MapWords& words, std::vector<std::string>& categories, std::string& kind) {
  json legend = {{"lines", json::array()}, {"bars", json::array()}, {"notes", json::array()}};
  const std::string mode = s.value("mode", "distance");
  if (is_access_summary(s)) {
    kind = "access";  // its legend: the page's access block (access_of)
    categories = access_categories(s);
  } else if (s.contains("results") && s.contains("rules")) {
    kind = "check";
    legend["notes"].push_back(words.verdicts_line(s));
  } else if (s.contains("model")) {
    kind = "propose";
    const std::string c = s.value("category", "");
    categories = {c};
    const double before = s.contains("before") ? s["before"].value("share", 0.0) : 0.0;
    const double after = s.contains("after") ? s["after"].value("share", 0.0) : 0.0;
    legend["lines"].push_back({{"category", c}, {"text", words.propose_line(s)}});
    legend["bars"].push_back({{"category", c}, {"label", words.category(c) + (words.zh ? " 新增前" : " before")}, {"share", before}});
    legend["bars"].push_back({{"category", c}, {"label", words.category(c) + (words.zh ? " 新增后" : " after")}, {"share", after}});
  } else if (s.contains("breaks")) {
    kind = "isochrones";
    for (const auto& n : s.value("categories", json::array())) categories.push_back(n.get<std::string>());
    std::vector<double> breaks;
    for (const auto& b : s.value("breaks", json::array())) {
      if (b.is_number()) breaks.push_back(b.get<double>());
    }
    for (const std::string& c : categories) {
      legend["lines"].push_back({{"category", c}, {"text", words.isochrone_line(c, breaks, s.value("unit", ""), mode)}});
    }
  } else if (s.contains("categories") && s["categories"].is_object()) {
    kind = "coverage";
    if (s.contains("life_circle")) {
      for (const auto& n : s["life_circle"].value("categories", json::array())) categories.push_back(n.get<std::string>());
    }
    if (categories.empty()) {
      for (const auto& [name, _] : s["categories"].items()) categories.push_back(name);
    }
    for (const std::string& c : categories) {
      if (!s["categories"].contains(c)) continue;
      const json& cj = s["categories"][c];
      const double share = cj.value("share", 0.0), total = cj.value("population_total", 0.0);
      legend["lines"].push_back({{"category", c},
                                 {"text", words.coverage_line(c, share, total, words.within(cj, mode))},
                                 {"facilities", words.facilities_line(c, cj.value("facility_count", 0.0))}});
      legend["bars"].push_back({{"category", c}, {"label", words.category(c)}, {"share", share}});
    }
    if (s.contains("life_circle")) legend["life_circle"] = words.life_circle_line(s["life_circle"].value("share", 0.0));
  } else {
    throw InputError("summary.json: not the summary of a coverage, isochrones, propose, check or access run");
  }
  for (json& b : legend["bars"]) b["text"] = percent(b["share"].get<double>());
  if (s.contains("population_basis")) {
    const json& b = words.zh && s.contains("population_basis_zh") ? s["population_basis_zh"] : s["population_basis"];
    legend["basis"] = words.population_basis(b.is_string() ? b.get<std::string>() : b.dump());
  }
  if (s.contains("attribution")) {
    const json& a = s["attribution"];
    legend["attribution"] = a.is_string() ? a.get<std::string>() : a.dump();
  }
  return legend;
}

double number_or_nan(const json& props, const std::string& key) {
  return !key.empty() && props.is_object() && props.contains(key) && props[key].is_number() ? props[key].get<double>() : NAN;
}

// An access run's part of the page: the measure mapped, its classes (label, colour, share of the
// weight) and the legend's sentences, in the map's words.
json access_of(const json& s, const MeasureMap& m, const MapWords& words, std::size_t districts, std::size_t facilities,
               double largest) {
  const std::vector<ClassColour> colours = class_colours(m.classes, m.measure);
  json classes = json::array();
  for (std::size_t k = 0; k < m.classes.classes.size(); ++k) {
    const ValueClass& c = m.classes.classes[k];
    const double share = m.classes.weight_total > 0 ? c.weight / m.classes.weight_total : NAN;
    classes.push_back({{"label", words.class_label(s, m.category, m.classes, k)},
                       {"colour", colours[k].hex()},
                       {"share", std::isfinite(share) ? json(share) : json()},
                       {"share_text", std::isfinite(share) ? percent(share) : std::string("–")},
                       {"points", c.points}});
  }
  json columns = json::object();
  for (const std::string& c : access_categories(s)) {
    if (s["categories"].contains(c)) columns[c] = s["categories"][c].value("column", c + "_" + m.measure);
  }
  const std::string supply_field = s.contains("supply_field") && s["supply_field"].is_string() ? s["supply_field"].get<std::string>() : "";
  json a = {{"measure", m.measure},
            {"category", m.category},
            {"column", m.column},
            {"sites_column", m.sites_column},
            {"by_districts", m.by_districts},
            {"gridded", m.grid.size() > 0},
            {"classes", classes},
            {"columns", columns},
            {"supply_field", supply_field},
            {"largest_supply", largest},
            {"measure_line", words.access_measure_line(s, m.category)},
            {"classes_line", words.access_classes_line(s, m.classes)},
            {"equity_line", words.access_equity_line(s, m.category)},
            {"weight", words.weight_words(s)}};
  if (m.grid.size() > 0) a["grid_line"] = words.access_grid_line(m.points.size(), m.grid.size(), m.grid.cell_m);
  if (districts > 0) a["districts_line"] = words.access_districts_line(districts, m.by_districts);
  if (facilities > 0) {
    a["facilities_line"] = words.access_facilities_line(m.category, static_cast<double>(facilities), supply_field, largest,
                                                        m.measure == "capacity");
  }
  return a;
}

// The measure's grid cells as GeoJSON polygons: weight, points, the weighted mean and its class.
json measure_cells(const MeasureMap& m) {
  const MercatorGrid& g = m.grid;
  json features = json::array();
  for (std::size_t k = 0; k < g.size(); ++k) {
    const double w = g.west[k], e = g.east[k], so = g.south[k], n = g.north[k];
    const std::size_t c = class_of(m.classes, g.value_mean[k], g.sites_max[k]);
    features.push_back({{"type", "Feature"},
                        {"properties",
                         {{"population", std::round(g.population[k] * 10) / 10},
                          {"points", g.points[k]},
                          {"value", std::isfinite(g.value_mean[k]) ? json(g.value_mean[k]) : json()},
                          {"lc_class", c == no_class ? json() : json(c)}}},
                        {"geometry", {{"type", "Polygon"}, {"coordinates", {{{w, so}, {e, so}, {e, n}, {w, n}, {w, so}}}}}}});
  }
  return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

const char* kPageCss = R"CSS(
html, body { margin: 0; height: 100%; font: 13px/1.35 system-ui, "Segoe UI", Helvetica, Arial, sans-serif; }
#map { position: absolute; inset: 0; background: #f4f3ef; }
.lc-legend { background: rgba(255,255,255,0.94); padding: 8px 10px; border-radius: 4px; box-shadow: 0 1px 5px rgba(0,0,0,0.35);
  max-width: 320px; max-height: 75vh; overflow: auto; }
.lc-legend h1 { font-size: 15px; margin: 0 0 6px; }
.lc-legend p { margin: 3px 0; }
.sw { display: inline-block; width: 11px; height: 11px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
.sw.dot { border-radius: 50%; }
.lc-legend .small { color: #555; font-size: 11px; }
.lc-bars { margin: 6px 0; }
.lc-bar { display: flex; align-items: center; margin: 2px 0; }
.lc-bar .lab { width: 90px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.lc-bar .track { flex: 1; height: 12px; background: #e6e6e6; border-radius: 2px; margin: 0 6px; }
.lc-bar .fill { height: 100%; border-radius: 2px; }
.lc-bar .val { width: 48px; text-align: right; font-variant-numeric: tabular-nums; }
.lc-pop table { border-collapse: collapse; }
.lc-pop th { text-align: left; font-weight: normal; color: #555; padding: 1px 8px 1px 0; }
.lc-pop td { font-variant-numeric: tabular-nums; padding: 1px 0; }
.lc-pop h2 { font-size: 13px; margin: 0 0 4px; }
.leaflet-tooltip.lc-rank { background: transparent; border: 0; box-shadow: none; padding: 0; color: #fff; font-weight: bold; }
.leaflet-tooltip.lc-rank::before { display: none; }
)CSS";

const char* kPageJs = R"JS(
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('lifecircle-data').textContent);
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function num(v, d) {
    if (v === null || v === undefined || typeof v !== 'number' || !isFinite(v)) return '\u2013';
    d = d || 0;
    return v.toLocaleString('en-US', {minimumFractionDigits: d, maximumFractionDigits: d});
  }
  var W = D.words;
  function yes(v) { return v === true ? W.yes : v === false ? W.no : '\u2013'; }
  function nameOf(c) { return (D.names && D.names[c]) || String(c).replace(/_/g, ' '); }
  function row(key, label, value) {
    return '<tr data-key="' + esc(key) + '"><th>' + esc(label) + '</th><td>' + esc(value) + '</td></tr>';
  }
  function table(title, rows) {
    return '<div class="lc-pop">' + (title ? '<h2>' + esc(title) + '</h2>' : '') + '<table>' + rows.join('') + '</table></div>';
  }
  var colour = {};
  Object.keys(D.colours).forEach(function (c) { colour[c] = D.colours[c]; });
  var nextSlot = D.categories.length;
  function colourOf(c) {  // a category the summary did not list: the next colour
    if (!(c in colour)) colour[c] = D.palette[Math.max(4, nextSlot++) % D.palette.length];
    return colour[c];
  }
  function categoriesIn(fc) {
    var seen = D.categories.slice();
    fc.features.forEach(function (f) {
      var c = f.properties && f.properties.category;
      if (c !== undefined && c !== null && seen.indexOf(String(c)) < 0) seen.push(String(c));
    });
    return seen;
  }
  function genericPopup(title, p) {
    var rows = [];
    Object.keys(p || {}).forEach(function (k) {
      var v = p[k];
      rows.push(row(k, k.replace(/_/g, ' '), typeof v === 'number' ? num(v, Math.abs(v) < 10 && v % 1 ? 3 : 0)
                                            : typeof v === 'boolean' ? yes(v) : v === null ? '\u2013' : v));
    });
    return table(title, rows);
  }

  var map = L.map('map', {preferCanvas: true, zoomSnap: 0.25});
  if (D.tiles) L.tileLayer(D.tiles, {maxZoom: 19}).addTo(map);
  var overlays = {}, counts = {}, all = L.featureGroup(), byId = {};
  function addOverlay(label, layer, key, hidden) {  // hidden: in the layer control, off at first
    if (!hidden) layer.addTo(map);
    all.addLayer(layer);
    overlays[label] = layer;
    counts[key] = (counts[key] || 0) + layer.getLayers().length;
  }
  function swatch(c, dot) { return '<span class="sw' + (dot ? ' dot' : '') + '" style="background:' + esc(c) + '"></span>'; }
  function label(c, text, dot) { return swatch(c, dot) + esc(text); }

  function polygons(key, fc, title, popup, opacity) {
    if (!fc) return;
    counts[key] = 0;
    categoriesIn(fc).forEach(function (c) {
      var layer = L.geoJSON(fc, {
        filter: function (f) { return String(f.properties && f.properties.category) === c; },
        style: function (f) {
          var o = opacity;
          if (key === 'isochrones' && D.breaks.length > 1 && f.properties && typeof f.properties['break'] === 'number') {
            o = 0.08 + 0.3 * (1 - D.breaks.indexOf(f.properties['break']) / D.breaks.length);
          }
          return {color: colourOf(c), weight: 1.2, opacity: 0.9, fillColor: colourOf(c), fillOpacity: o};
        },
        onEachFeature: function (f, l) { l.bindPopup(popup(f.properties || {})); }
      });
      if (layer.getLayers().length) addOverlay(label(colourOf(c), title + (W.lang === 'zh' ? '：' : ': ') + nameOf(c)), layer, key);
    });
  }
  var L_ = D.layers;
  var colon = W.lang === 'zh' ? '：' : ': ';
  polygons('service_areas', L_.service_areas, W.service_area, function (p) {
    var area = typeof p.area_m2 === 'number' ? p.area_m2 : p.area, rows = [row('category', W.category, nameOf(p.category))];
    if (typeof p.within_m === 'number') rows.push(row('within_m', W.within, num(p.within_m) + ' ' + W.m));
    if (typeof p.within_s === 'number') rows.push(row('within_s', W.within, num(p.within_s / 60, 1) + ' ' + W.min));
    if ('facility_count' in p) rows.push(row('facility_count', W.facilities, num(p.facility_count)));
    if (typeof area === 'number') rows.push(row('area_m2', W.area, num(area / 1e6, 2) + ' ' + W.km2));
    if ('population_covered' in p) rows.push(row('population_covered', W.residents_covered, num(p.population_covered)));
    if (typeof p.share === 'number') rows.push(row('share', W.share, num(100 * p.share, 1) + ' %'));
    return table(W.service_area + colon + nameOf(p.category), rows);
  }, 0.2);
  polygons('isochrones', L_.isochrones, W.isochrone, function (p) {
    return genericPopup(W.isochrone + colon + nameOf(p.category), p);
  }, 0.2);

  // Districts of a check: failing ones in red, the others green; a popup lists the verdicts.
  if (L_.districts && !D.access) {
    var districts = L.geoJSON(L_.districts, {
      style: function (f) {
        var bad = f.properties && f.properties.failing > 0;
        return {color: bad ? '#a03200' : '#00785a', weight: 1.6, fillColor: bad ? '#d55e00' : '#009e73', fillOpacity: bad ? 0.25 : 0.1};
      },
      onEachFeature: function (f, l) {
        var p = f.properties || {}, rows = [row('failing', W.failing_verdicts, num(p.failing) + W.of + num(p.evaluated))];
        (p.verdicts || []).forEach(function (v, i) {
          rows.push(row('verdict' + i, v.rule, (v.pass === true ? W.pass : v.pass === false ? W.fail : W.na) +
                                                (v.text ? ': ' + v.text : '')));
        });
        l.bindPopup(table(W.district + ' ' + p.name, rows), {maxHeight: 340, maxWidth: 440});  // many rules: it scrolls
      }
    });
    addOverlay(label('#d55e00', W.districts_layer), districts, 'districts');
  }


  // An access run: its districts (filled by the class of their mean with --by districts), the
  // demand points or grid cells coloured by the class of the measure (as the print map), the
  // mapped category's facilities sized by their supply; popups with every figure.
  function classColour(k) { return typeof k === 'number' && k >= 0 && k < A.classes.length ? A.classes[k].colour : null; }
  function valueText(v) {
    if (typeof v !== 'number' || !isFinite(v)) return W.none;
    if (A.measure === 'capacity') return num(100 * v, 1) + ' %';
    if (A.measure === 'proximity') return num(v, 1) + ' ' + W.min;
    return num(v, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 1 ? 2 : 4);
  }
  function mappedName() { return A.category ? nameOf(A.category) : W.all_categories; }
  function ring(c) {
    return '<span class="sw dot" style="background:#fff;border:2px solid ' + esc(c) + ';box-sizing:border-box"></span>';
  }
  function accessLayers() {
    if (L_.districts) {
      var districts = L.geoJSON(L_.districts, {
        style: function (f) {
          var c = A.by_districts ? classColour(f.properties && f.properties.lc_class) : null;
          return {color: '#464646', weight: 1.5, opacity: 0.9, fillColor: c || '#ffffff', fillOpacity: c ? 0.7 : 0};
        },
        onEachFeature: function (f, l) {
          var p = f.properties || {}, rows = [row('lc_mean', mappedName() + colon + W.mean, valueText(p.lc_mean)),
                                              row('population', W.residents, num(p.population))];
          if (typeof p.weight === 'number' && p.weight !== p.population) rows.push(row('weight', A.weight, num(p.weight)));
          Object.keys(A.columns).forEach(function (c) {
            if ((c + '_mean') in p) rows.push(row(c + '_mean', nameOf(c) + colon + W.mean, valueText(p[c + '_mean'])));
            if ((c + '_gini') in p) {
              rows.push(row(c + '_gini', nameOf(c) + colon + W.gini, typeof p[c + '_gini'] === 'number' ? num(p[c + '_gini'], 3) : W.none));
            }
          });
          if ('proximity_score' in p) {
            rows.push(row('proximity_score', W.proximity_score,
                          typeof p.proximity_score === 'number' ? num(100 * p.proximity_score, 1) + ' %' : W.none));
          }
          l.bindPopup(table(W.district + ' ' + p.name, rows), {maxHeight: 340, maxWidth: 440});
        }
      });
      addOverlay(label('#464646', W.districts_access), districts, 'districts');
    }
    var ramp = 'linear-gradient(90deg, ' + A.classes.map(function (c) { return c.colour; }).join(', ') + ')';
    if (L_.demand_grid) {
      demandLayer = L.geoJSON(L_.demand_grid, {
        style: function (f) {
          var c = classColour(f.properties.lc_class);
          return {stroke: false, fillColor: c || '#bbbbbb', fillOpacity: c ? 0.85 : 0.3};
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          l.bindPopup(table(W.grid_cell, [row('value', mappedName() + colon + W.cell_mean, valueText(p.value)),
            row('population', A.weight, num(p.population)), row('points', W.demand_points, num(p.points))]));
        }
      });
      addOverlay(label(ramp, W.grid_cells_access.replace('{cell}', num(D.grid_cell_m))), demandLayer, 'demand', A.by_districts);
    } else if (L_.demand) {
      var radius = D.demand_points <= 2000 ? 4 : D.demand_points <= 20000 ? 3 : 2;
      demandLayer = L.geoJSON(L_.demand, {
        pointToLayer: function (f, ll) {
          var c = classColour(f.properties && f.properties.lc_class);
          return L.circleMarker(ll, {radius: radius, color: '#3c3c3c', weight: 0.5, opacity: 0.6, fillColor: c || '#bbbbbb', fillOpacity: 0.9});
        },
        onEachFeature: function (f, l) {
          var p = f.properties || {}, k = p.lc_class;
          var rows = [row(A.column, mappedName() + colon + W.value, valueText(p[A.column]))];
          if (typeof k === 'number') rows.push(row('lc_class', W.class_word, A.classes[k].label));
          if (A.sites_column && A.sites_column in p) rows.push(row(A.sites_column, W.in_reach, num(p[A.sites_column])));
          rows.push(row('population', W.residents, num(p.population)));
          if (p.district) rows.push(row('district', W.district, p.district));
          Object.keys(A.columns).forEach(function (c) {
            var col = A.columns[c];
            if (col !== A.column && col in p) rows.push(row(col, nameOf(c), valueText(p[col])));
          });
          if (A.column !== 'proximity' && 'proximity' in p) rows.push(row('proximity', W.all_categories, valueText(p.proximity)));
          l.bindPopup(table(W.demand_point + ' ' + p.id, rows));
          byId[String(p.id)] = l;
        }
      });
      addOverlay(label(ramp, W.residents_access, true), demandLayer, 'demand', A.by_districts);
    }
    if (L_.facilities && L_.facilities.features.length) {
      var sized = A.supply_field && A.largest_supply > 0;
      var sites = L.geoJSON(L_.facilities, {
        pointToLayer: function (f, ll) {
          var s = f.properties && typeof f.properties.supply === 'number' ? f.properties.supply : 0;
          var r = sized ? 3 + 6 * Math.sqrt(Math.max(0, s) / A.largest_supply) : 5;
          return L.circleMarker(ll, {radius: r, color: '#141414', weight: 1.8, fillColor: '#ffffff', fillOpacity: 1});
        },
        onEachFeature: function (f, l) {
          var p = f.properties || {}, rows = [row('category', W.category, nameOf(p.category))];
          if (typeof p.supply === 'number') rows.push(row('supply', A.supply_field || W.supply, num(p.supply, p.supply % 1 ? 2 : 0)));
          if ('demand_in_catchment' in p) rows.push(row('demand_in_catchment', W.demand_in_catchment, num(p.demand_in_catchment)));
          if ('supply_ratio' in p) rows.push(row('supply_ratio', W.supply_ratio, valueText(p.supply_ratio)));
          if ('priority' in p) rows.push(row('priority', W.priority, num(p.priority)));
          if ('capacity_people' in p) rows.push(row('capacity_people', W.capacity_people, num(p.capacity_people)));
          if ('served' in p) rows.push(row('served', W.served, num(p.served)));
          if ('capacity_used' in p) {
            rows.push(row('capacity_used', W.capacity_used, typeof p.capacity_used === 'number' ? num(100 * p.capacity_used, 1) + ' %' : W.none));
          }
          rows.push(row('id', W.id, p.id));
          l.bindPopup(table(p.name ? p.name : W.facility + ' ' + p.id, rows));
        }
      });
      addOverlay(ring('#141414') + esc(W.facilities_layer + mappedName()), sites, 'facilities');
    }
  }
  function accessLegend() {
    var dots = !A.gridded && !A.by_districts;
    var h = '<h1>' + esc(D.title) + '</h1><p><b>' + esc(A.measure_line) + '</b></p><p class="small">' + esc(A.classes_line) + '</p>';
    h += '<div id="lc-classes">';
    A.classes.forEach(function (c, k) {
      h += '<p class="lc-class" data-class="' + k + '">' + swatch(c.colour, dots) + esc(c.label) + ' <span class="small">(' +
           esc(c.share_text) + ')</span></p>';
    });
    h += '</div><p>' + esc(A.equity_line) + '</p>';
    if (A.grid_line) h += '<p class="small">' + esc(A.grid_line) + '</p>';
    if (A.districts_line) h += '<p><span class="sw" style="background:#fff;border:1.5px solid #464646;box-sizing:border-box"></span>' + esc(A.districts_line) + '</p>';
    if (A.facilities_line) h += '<p>' + ring('#141414') + esc(A.facilities_line) + '</p>';
    return h;
  }

  // Demand: points (or grid cells for large folders), under the facilities.
  var demandLayer = null;
  var DONE = '#009e73', NOT = '#c0392b';
  var A = D.access;
  if (A) {
    accessLayers();
  } else if (L_.demand_grid) {
    var most = 0;
    L_.demand_grid.features.forEach(function (f) { most = Math.max(most, f.properties.population); });
    demandLayer = L.geoJSON(L_.demand_grid, {
      pointToLayer: function (f, ll) {  // the run's grid: cell centres, residents beyond reach
        var share = most > 0 ? f.properties.population / most : 0;
        return L.circleMarker(ll, {radius: 2 + 8 * Math.sqrt(share), stroke: false, fillColor: NOT, fillOpacity: 0.75});
      },
      style: function (f) {  // colour: most residents complete or not; opacity: residents in the cell
        var s = f.properties.complete_share, share = most > 0 ? f.properties.population / most : 0;
        return {stroke: false, fillColor: s >= 0.5 ? DONE : NOT, fillOpacity: 0.15 + 0.65 * Math.sqrt(share)};
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        if (p.beyond_reach) {
          l.bindPopup(table(W.grid_cell, [row('population', W.residents_beyond, num(p.population)),
            row('cell_m', W.cell, num(p.cell_m) + ' ' + W.m)]));
          return;
        }
        l.bindPopup(table(W.grid_cell, [row('population', W.residents, num(p.population)), row('points', W.demand_points, num(p.points)),
          row('complete_share', W.life_circle_complete, num(100 * p.complete_share, 1) + ' %')]));
      }
    });
    addOverlay(label('linear-gradient(90deg, ' + DONE + ' 50%, ' + NOT + ' 50%)', W.residents_grid.replace('{cell}', num(D.grid_cell_m))), demandLayer, 'demand');
  } else if (L_.demand) {
    demandLayer = L.geoJSON(L_.demand, {
      pointToLayer: function (f, ll) {
        var done = f.properties && f.properties.life_circle_complete === true;
        return L.circleMarker(ll, {radius: 3, stroke: false, fillColor: done ? DONE : NOT, fillOpacity: 0.75});
      },
      onEachFeature: function (f, l) {
        var p = f.properties || {}, rows = [row('id', W.id, p.id), row('population', W.residents, num(p.population))];
        categoriesIn({features: []}).forEach(function (c) {
          if ((c + '_nearest_m') in p) {
            var d = p[c + '_nearest_m'];
            rows.push(row(c + '_nearest_m', nameOf(c) + colon + W.nearest, typeof d === 'number' ? num(d, d % 1 ? 1 : 0) + ' ' + W.m : W.none));
          }
          if ((c + '_covered') in p) rows.push(row(c + '_covered', nameOf(c) + colon + W.covered, yes(p[c + '_covered'])));
          if ((c + '_count') in p) rows.push(row(c + '_count', nameOf(c) + colon + W.in_reach, num(p[c + '_count'])));
        });
        if ('life_circle_complete' in p) rows.push(row('life_circle_complete', W.life_circle_complete, yes(p.life_circle_complete)));
        l.bindPopup(table(W.demand_point + ' ' + p.id, rows));
        byId[String(p.id)] = l;
      }
    });
    addOverlay(label('linear-gradient(90deg, ' + DONE + ' 50%, ' + NOT + ' 50%)', W.residents_layer, true), demandLayer, 'demand');
  }

  if (L_.facilities && !A) {
    counts.facilities = 0;
    categoriesIn(L_.facilities).forEach(function (c) {
      var layer = L.geoJSON(L_.facilities, {
        filter: function (f) { return String(f.properties && f.properties.category) === c; },
        pointToLayer: function (f, ll) {
          return L.circleMarker(ll, {radius: 6, color: '#222', weight: 1.2, fillColor: colourOf(c), fillOpacity: 0.95});
        },
        onEachFeature: function (f, l) {
          var p = f.properties || {};
          var rows = [row('category', W.category, nameOf(p.category))];
          if ('status' in p) rows.push(row('status', W.status, p.status));
          if ('population_in_reach' in p) rows.push(row('population_in_reach', W.residents_in_reach, num(p.population_in_reach)));
          if ('population_nearest' in p) rows.push(row('population_nearest', W.residents_nearest, num(p.population_nearest)));
          rows.push(row('id', W.id, p.id));
          l.bindPopup(table(p.name ? p.name : W.facility + ' ' + p.id, rows));
        }
      });
      if (layer.getLayers().length) addOverlay(label(colourOf(c), W.facilities_layer + nameOf(c), true), layer, 'facilities');
    });
  }
  if (L_.proposed_sites) {
    var sites = L.geoJSON(L_.proposed_sites, {
      pointToLayer: function (f, ll) {
        var m = L.circleMarker(ll, {radius: 9, color: '#fff', weight: 2, fillColor: '#111', fillOpacity: 1});
        if (f.properties && f.properties.rank !== undefined) {
          m.bindTooltip(String(f.properties.rank), {permanent: true, direction: 'center', className: 'lc-rank'});
        }
        return m;
      },
      onEachFeature: function (f, l) { l.bindPopup(genericPopup(W.proposed_site, f.properties)); }
    });
    addOverlay(label('#000', W.proposed_layer, true), sites, 'proposed_sites');
  }
  L.control.layers(null, overlays, {collapsed: false, position: 'topright'}).addTo(map);
  L.control.scale({imperial: false}).addTo(map);

  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'lc-legend');
    var h = A ? accessLegend() : '<h1>' + esc(D.title) + '</h1>';
    D.legend.lines.forEach(function (l) { h += '<p>' + label(colourOf(l.category), l.text) + '</p>'; });
    if (D.legend.bars.length) {
      h += '<div class="lc-bars" id="lc-bars">';
      D.legend.bars.forEach(function (b) {
        var c = colourOf(b.category);
        h += '<div class="lc-bar"><span class="lab" title="' + esc(b.label) + '">' + esc(b.label) + '</span><span class="track">' +
             '<span class="fill" style="display:block;width:' + (100 * Math.max(0, Math.min(1, b.share))).toFixed(1) +
             '%;background:' + esc(c) + '"></span></span><span class="val">' + esc(b.text) + '</span></div>';
      });
      h += '</div>';
    }
    if (D.legend.life_circle) h += '<p><b>' + esc(D.legend.life_circle) + '</b></p>';
    if (L_.districts && !A) {  // the per-district table of a check
      h += '<table class="lc-districts" id="lc-districts"><tr><th>' + esc(W.district) + '</th><th>' + esc(W.failing) + '</th><th>' + esc(W.evaluated) + '</th></tr>';
      L_.districts.features.forEach(function (f) {
        var p = f.properties || {};
        h += '<tr><td>' + esc(p.name) + '</td><td>' + num(p.failing) + '</td><td>' + num(p.evaluated) + '</td></tr>';
      });
      h += '</table>';
    }
    if (demandLayer && !A) {
      var runGrid = L_.demand_grid && L_.demand_grid.features.length > 0 && L_.demand_grid.features[0].properties.beyond_reach;
      h += runGrid ? '<p>' + label(NOT, W.grid_beyond.replace('{cell}', num(D.grid_cell_m)), true) + '</p>'
         : L_.demand_grid ? '<p>' + label(DONE, W.cells_done) + '<br>' +
                            label(NOT, W.cells_not) + '<br><span class="small">' + esc(W.darker) + '</span></p>'
                          : '<p>' + label(DONE, W.points_done, true) + '<br>' +
                            label(NOT, W.points_not, true) + '</p>';
    }
    D.legend.lines.forEach(function (l) { if (l.facilities) h += '<p>' + label(colourOf(l.category), l.facilities, true) + '</p>'; });
    D.legend.notes.forEach(function (n) { h += '<p class="small">' + esc(n) + '</p>'; });
    if (D.legend.basis) h += '<p class="small">' + esc(D.legend.basis) + '</p>';
    if (D.legend.attribution) h += '<p class="small">' + esc(D.legend.attribution) + '</p>';
    div.innerHTML = h;
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo(map);

  if (D.legend.attribution) map.attributionControl.addAttribution(esc(D.legend.attribution));
  var bounds = all.getBounds();
  var side = legend.getContainer().offsetWidth + 30;
  if (D.view) bounds = L.latLngBounds(D.view);  // --bbox or --districts: that part
  if (bounds.isValid()) map.fitBounds(bounds, {paddingTopLeft: [20, 20], paddingBottomRight: [side, 20]});
  else map.setView([0, 0], 2);
  window.lifecircle = {map: map, counts: counts, overlays: Object.keys(overlays), demandLayer: demandLayer,
                       demandById: function (id) { return byId[String(id)] || null; },
                       demandPoints: D.demand_points, demandAggregated: D.demand_aggregated, ready: true};
})();
)JS";

}  // namespace

std::string default_leaflet_dir() {
  if (const char* e = std::getenv("LIFECIRCLE_LEAFLET_DIR"); e && *e) return e;
  return LIFECIRCLE_LEAFLET_DIR;
}

std::string script_safe_json(const std::string& json_text) {
  std::string out;
  out.reserve(json_text.size());
  for (char c : json_text) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

LonLatPoints demand_to_grid(const std::string& run_dir, std::size_t above) {
  const fs::path dir(run_dir);
  LonLatPoints pts;
  if (!fs::exists(dir / "summary.json") || !fs::exists(dir / "demand.geojson")) return pts;
  const json s = read_json(dir / "summary.json", "not the output folder of a coverage, isochrones or propose run");
  if (s.contains("out_of_reach_grid") && fs::exists(dir / "out_of_reach_grid.geojson")) return pts;
  if (s.contains("demand_points") && s["demand_points"].is_number() && s["demand_points"].get<double>() <= static_cast<double>(above)) {
    return pts;
  }
  const json demand = read_json(dir / "demand.geojson", "");
  if (!demand.is_object() || !demand.contains("features") || !demand["features"].is_array() ||
      demand["features"].size() <= above) {
    return pts;
  }
  for (const auto& f : demand["features"]) {
    if (!f.contains("geometry") || !f["geometry"].is_object()) continue;
    const json& c = f["geometry"].value("coordinates", json());
    if (!c.is_array() || c.size() < 2 || !c[0].is_number() || !c[1].is_number()) continue;
    const json& p = f.contains("properties") && f["properties"].is_object() ? f["properties"] : json::object();
    pts.lon.push_back(c[0].get<double>());
    pts.lat.push_back(c[1].get<double>());
    pts.population.push_back(p.contains("population") && p["population"].is_number() ? p["population"].get<double>() : 0.0);
    pts.complete.push_back(p.value("life_circle_complete", false) ? 1 : 0);
  }
  return pts;
}

HtmlMap write_html_map(const std::string& run_dir, const HtmlMapOptions& o) {
  if (o.out_path.empty()) throw UsageError("--html: give the page's file name, e.g. map.html");
  if (!o.tiles.empty() && (o.tiles.find("{z}") == std::string::npos || o.tiles.find("{x}") == std::string::npos ||
                           o.tiles.find("{y}") == std::string::npos)) {
    throw UsageError("--tiles '" + o.tiles + "': a Leaflet URL template with {z}, {x} and {y}, e.g. https://tiles.example/{z}/{x}/{y}.png");
  }
  const fs::path dist = o.leaflet_dir.empty() ? fs::path(default_leaflet_dir()) : fs::path(o.leaflet_dir);
  if (dist.empty() || !fs::exists(dist / "leaflet.js") || !fs::exists(dist / "leaflet.css")) {
    throw InputError("--html: Leaflet not found (no leaflet.js and leaflet.css in '" + dist.string() +
                     "'): run scripts/setup.sh (npm ci --prefix web), or set LIFECIRCLE_LEAFLET_DIR to Leaflet's dist/ folder");
  }
  const fs::path dir(run_dir);
  // A check run writes report.json (and districts.geojson) instead of summary.json.
  const bool check = !fs::exists(dir / "summary.json") && fs::exists(dir / "report.json");
  const json s = read_json(dir / (check ? "report.json" : "summary.json"),
                           "not the output folder of a coverage, isochrones, propose or check run");

  HtmlMap out;
  out.path = o.out_path;
  std::vector<std::string> categories;
  std::string kind;
  const MapWords words = MapWords::of(o.lang);
  const std::vector<double> part = map_part(run_dir, o.bbox, o.districts);
  json legend = legend_of(s, words, categories, kind);
  const bool access = kind == "access";
  const MeasureMap* measure = o.measure;
  if (access && measure == nullptr) {
    throw InputError(run_dir + ": an access run's folder is drawn with its measure read and classed (api::html_map)");
  }

  json layers = json::object();
  double largest_supply = 0.0;
  for (const char* name : {"service_areas", "isochrones", "facilities", "proposed_sites"}) {
    json fc = read_layer(dir, std::string(name) + ".geojson", out.layers);
    if (access && !fc.is_null() && std::string(name) == "facilities") {
      // An access run's map: the mapped category's facilities, sized by their supply.
      json kept = json::array();
      for (json& f : fc["features"]) {
        const json& p = f.contains("properties") && f["properties"].is_object() ? f["properties"] : json::object();
        if (!measure->category.empty() && p.value("category", "") != measure->category) continue;
        if (p.contains("supply") && p["supply"].is_number()) largest_supply = std::max(largest_supply, p["supply"].get<double>());
        kept.push_back(std::move(f));
      }
      fc["features"] = std::move(kept);
    }
    if (!fc.is_null()) out.features[name] = fc["features"].size();
    layers[name] = std::move(fc);
  }
  // Districts of a check, each with its verdicts (rule, pass, shortfall) from report.json.
  layers["districts"] = nullptr;
  if (check) {
    json d = read_layer(dir, "districts.geojson", out.layers);
    if (!d.is_null()) {
      std::map<std::string, json> verdicts;
      for (const auto& r : s["results"]) {
        if (r.value("scope", "") != "district" || !r.contains("district_id") || !r["district_id"].is_string()) continue;
        verdicts[r["district_id"].get<std::string>()].push_back(
            {{"rule", r.value("rule", "")},
             {"pass", r.contains("pass") ? r["pass"] : json()},
             {"text", r.contains("shortfall") && r["shortfall"].is_object() ? r["shortfall"].value("text", "") : ""}});
      }
      for (json& f : d["features"]) {
        const std::string id = f["properties"].value("id", "");
        f["properties"]["verdicts"] = verdicts.count(id) ? verdicts[id] : json::array();
      }
      out.features["districts"] = d["features"].size();
      layers["districts"] = std::move(d);
    }
  } else if (access) {
    // An access run's districts, each with the mean of the measure mapped and its class.
    json d = read_layer(dir, "districts.geojson", out.layers);
    if (!d.is_null()) {
      for (std::size_t k = 0; k < d["features"].size(); ++k) {
        json& p = d["features"][k]["properties"];
        const double mean = district_mean(p, s, k, *measure);
        const std::size_t c = class_of(measure->classes, mean, NAN);
        p["lc_mean"] = std::isfinite(mean) ? json(mean) : json();
        p["lc_class"] = c == no_class ? json() : json(c);
      }
      out.features["districts"] = d["features"].size();
      layers["districts"] = std::move(d);
    }
  }
  layers["demand"] = nullptr;
  layers["demand_grid"] = nullptr;
  double cell_shown = 0.0;
  // A large coverage run summed its population beyond reach on a grid (out_of_reach_grid.geojson,
  // computed with the run): the page draws those cells and never reads the points.
  const bool run_grid = s.contains("out_of_reach_grid") && fs::exists(dir / "out_of_reach_grid.geojson");
  if (access && measure->grid.size() > 0) {
    // A large access run: its measure's grid, each cell classed by the weighted mean of its points.
    out.demand_points = measure->points.size();
    out.demand_aggregated = true;
    out.features["demand"] = measure->grid.size();
    out.layers.push_back("demand.geojson");
    layers["demand_grid"] = measure_cells(*measure);
    cell_shown = measure->grid.cell_m;
  } else if (run_grid) {
    json grid = read_layer(dir, "out_of_reach_grid.geojson", out.layers);
    const double cell = s["out_of_reach_grid"].value("cell_m", 0.0);
    for (json& f : grid["features"]) f["properties"]["beyond_reach"] = true;
    out.demand_points = s.value("demand_points", std::size_t{0});
    out.demand_aggregated = true;
    out.features["demand"] = grid["features"].size();
    legend["notes"].push_back(words.zh ? thousands(static_cast<double>(out.demand_points)) + " 个需求点：按本次计算的 " +
                                             thousands(static_cast<double>(out.features["demand"])) + " 个 " + thousands(cell) +
                                             " 米网格绘制，显示服务范围外的居民"
                                       : thousands(static_cast<double>(out.demand_points)) + " demand points: drawn as the run's " +
                                             thousands(static_cast<double>(out.features["demand"])) + " grid cells of " +
                                             thousands(cell) + " m holding residents beyond reach of a category");
    layers["demand_grid"] = std::move(grid);
    cell_shown = cell;
  } else if (o.demand_grid) {
    const MercatorGrid& g = *o.demand_grid;
    out.demand_points = s.value("demand_points", std::size_t{0});
    if (out.demand_points == 0) {
      for (std::size_t n : g.points) out.demand_points += n;
    }
    out.demand_aggregated = true;
    out.features["demand"] = g.size();
    out.layers.push_back("demand.geojson");
    legend["notes"].push_back(words.zh ? thousands(static_cast<double>(out.demand_points)) + " 个需求点：汇总为 " +
                                             thousands(static_cast<double>(g.size())) + " 个约 " + thousands(g.cell_m) +
                                             " 米网格（人口合计）"
                                       : thousands(static_cast<double>(out.demand_points)) + " demand points: drawn as " +
                                             thousands(static_cast<double>(g.size())) + " grid cells of about " +
                                             thousands(g.cell_m) + " m with their population sums");
    layers["demand_grid"] = grid_features(g);
    cell_shown = g.cell_m;
  } else {
    json demand = read_layer(dir, "demand.geojson", out.layers);
    if (!demand.is_null() && access) {
      // Each point with the class of its value (as the print map colours it).
      for (json& f : demand["features"]) {
        if (!f.contains("properties") || !f["properties"].is_object()) continue;
        json& p = f["properties"];
        const std::size_t c = class_of(measure->classes, number_or_nan(p, measure->column), number_or_nan(p, measure->sites_column));
        p["lc_class"] = c == no_class ? json() : json(c);
      }
    }
    if (!demand.is_null()) {
      out.demand_points = demand["features"].size();
      out.features["demand"] = out.demand_points;
      layers["demand"] = std::move(demand);
    }
  }
  if (out.layers.empty()) throw InputError(dir.string() + ": no GeoJSON outputs to draw (run with the default --format)");

  std::string title = o.title;
  if (title.empty()) {
    std::string name = fs::absolute(dir).lexically_normal().filename().string();
    if (name.empty()) name = fs::absolute(dir).lexically_normal().parent_path().filename().string();
    title = (access ? words.access_title(s, measure->category) : words.title(kind, s)) + " – " + name;
  }
  json palette = json::array();
  for (const char* c : kPalette) palette.push_back(c);
  json colours = json::object(), names = json::object();
  const std::vector<std::size_t> slots = palette_slots(categories);
  for (std::size_t k = 0; k < categories.size(); ++k) {
    colours[categories[k]] = kPalette[slots[k] % (sizeof kPalette / sizeof kPalette[0])];
    names[categories[k]] = words.category(categories[k]);
  }
  json breaks = json::array();
  for (const auto& b : s.value("breaks", json::array())) breaks.push_back(b);
  const std::size_t district_count = layers["districts"].is_null() ? 0 : layers["districts"]["features"].size();
  const std::size_t facility_count = layers["facilities"].is_null() ? 0 : layers["facilities"]["features"].size();
  const json data = {{"title", title},
                     {"access", access ? access_of(s, *measure, words, district_count, facility_count, largest_supply) : json()},
                     {"kind", kind},
                     {"categories", categories},
                     {"palette", palette},
                     {"colours", colours},
                     {"names", names},
                     {"words", words.page_words()},
                     {"breaks", breaks},
                     {"tiles", o.tiles},
                     {"legend", legend},
                     {"layers", layers},
                     {"demand_points", out.demand_points},
                     {"demand_aggregated", out.demand_aggregated},
                     {"grid_cell_m", cell_shown},
                     {"view", part.empty() ? json() : json::array({json::array({part[1], part[0]}), json::array({part[3], part[2]})})}};

  std::string css = inline_css_images(read_file(dist / "leaflet.css"), dist);
  const std::string js = read_file(dist / "leaflet.js");
  // Neither may end its element early (Leaflet's own files never do).
  if (css.find("</") != std::string::npos || js.find("</script") != std::string::npos) {
    throw InputError(dist.string() + ": a leaflet.js or leaflet.css that cannot be inlined");
  }
  std::string page;
  page.reserve(js.size() + css.size() + 4096);
  page += "<!DOCTYPE html>\n<html lang=\"" + std::string(words.zh ? "zh-CN" : "en") + "\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"lifecircle\">\n<title>" +
          html_escape(title) + "</title>\n<style>\n" + css + "\n</style>\n<style>" + kPageCss +
          "</style>\n</head>\n<body>\n<div id=\"map\"></div>\n"
          "<script type=\"application/json\" id=\"lifecircle-data\">";
  page += script_safe_json(data.dump(-1, ' ', false, json::error_handler_t::replace));
  page += "</script>\n<script>\n";
  page += js;
  page += "\n</script>\n<script>";
  page += kPageJs;
  page += "</script>\n</body>\n</html>\n";
  write_text_atomically(o.out_path, page);
  out.bytes = page.size();
  return out;
}

}  // namespace lc::io

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
  if (s.contains("results") && s.contains("rules")) {
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
    throw InputError("summary.json: not the summary of a coverage, isochrones or propose run");
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
  function addOverlay(label, layer, key) {
    layer.addTo(map);
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
  if (L_.districts) {
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

  // Demand: points (or grid cells for large folders), under the facilities.
  var demandLayer = null;
  var DONE = '#009e73', NOT = '#c0392b';
  if (L_.demand_grid) {
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

  if (L_.facilities) {
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
    var h = '<h1>' + esc(D.title) + '</h1>';
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
    if (L_.districts) {  // the per-district table
      h += '<table class="lc-districts" id="lc-districts"><tr><th>' + esc(W.district) + '</th><th>' + esc(W.failing) + '</th><th>' + esc(W.evaluated) + '</th></tr>';
      L_.districts.features.forEach(function (f) {
        var p = f.properties || {};
        h += '<tr><td>' + esc(p.name) + '</td><td>' + num(p.failing) + '</td><td>' + num(p.evaluated) + '</td></tr>';
      });
      h += '</table>';
    }
    if (demandLayer) {
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

  json layers = json::object();
  for (const char* name : {"service_areas", "isochrones", "facilities", "proposed_sites"}) {
    json fc = read_layer(dir, std::string(name) + ".geojson", out.layers);
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
  }
  layers["demand"] = nullptr;
  layers["demand_grid"] = nullptr;
  double cell_shown = 0.0;
  // A large coverage run summed its population beyond reach on a grid (out_of_reach_grid.geojson,
  // computed with the run): the page draws those cells and never reads the points.
  const bool run_grid = s.contains("out_of_reach_grid") && fs::exists(dir / "out_of_reach_grid.geojson");
  if (run_grid) {
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
    title = words.title(kind, s) + " – " + name;
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
  const json data = {{"title", title},
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

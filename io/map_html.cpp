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

#ifndef LIFECIRCLE_LEAFLET_DIR
#define LIFECIRCLE_LEAFLET_DIR ""
#endif

namespace lc::io {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Okabe & Ito's colour-blind-safe palette, one colour a category in the run's order (as the print map).
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

// Text for an HTML element's content or attribute.
std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string within_words(const json& c, const std::string& mode) {
  if (c.contains("within_s") && c["within_s"].is_number()) {
    const double min = c["within_s"].get<double>() / 60.0;
    return fixed(min, std::fabs(min - std::round(min)) < 1e-9 ? 0 : 1) + " min " + (mode == "drive" ? "drive" : "walk");
  }
  if (c.contains("within_m") && c["within_m"].is_number()) {
    const std::string m = thousands(c["within_m"].get<double>());
    return mode == "walk" || mode == "drive" ? m + " m along roads" : m + " m";
  }
  return "";
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

// Demand as grid cells in Web Mercator, about `cell_m` on the ground at the data's mean latitude:
// population summed, and the population whose life circle is complete.
json demand_grid(const json& demand, double cell_m) {
  constexpr double kR = 6378137.0, kPi = 3.14159265358979323846;
  const json& fs_ = demand["features"];
  double lat_sum = 0;
  std::size_t n = 0;
  for (const auto& f : fs_) {
    const auto& c = f["geometry"]["coordinates"];
    if (c.is_array() && c.size() >= 2) lat_sum += c[1].get<double>(), ++n;
  }
  const double lat0 = n ? lat_sum / static_cast<double>(n) : 0.0;
  const double size = cell_m / std::cos(lat0 * kPi / 180.0);  // Mercator metres a cell
  struct Cell {
    double population = 0, complete = 0;
    std::size_t points = 0;
  };
  std::map<std::pair<long long, long long>, Cell> cells;
  for (const auto& f : fs_) {
    const auto& c = f["geometry"]["coordinates"];
    if (!c.is_array() || c.size() < 2) continue;
    const double x = kR * c[0].get<double>() * kPi / 180.0;
    const double y = kR * std::log(std::tan(kPi / 4 + c[1].get<double>() * kPi / 360.0));
    Cell& cell = cells[{static_cast<long long>(std::floor(x / size)), static_cast<long long>(std::floor(y / size))}];
    const json& p = f["properties"];
    const double pop = p.contains("population") && p["population"].is_number() ? p["population"].get<double>() : 0.0;
    cell.population += pop;
    if (p.value("life_circle_complete", false)) cell.complete += pop;
    ++cell.points;
  }
  auto lon = [&](double x) { return x / kR * 180.0 / kPi; };
  auto lat = [&](double y) { return (2 * std::atan(std::exp(y / kR)) - kPi / 2) * 180.0 / kPi; };
  auto r7 = [](double v) { return std::round(v * 1e7) / 1e7; };
  json features = json::array();
  for (const auto& [key, cell] : cells) {
    const double x0 = static_cast<double>(key.first) * size, y0 = static_cast<double>(key.second) * size;
    const double w = r7(lon(x0)), e = r7(lon(x0 + size)), s = r7(lat(y0)), nn = r7(lat(y0 + size));
    features.push_back({{"type", "Feature"},
                        {"properties",
                         {{"population", std::round(cell.population * 10) / 10},
                          {"points", cell.points},
                          {"complete_share", cell.population > 0 ? cell.complete / cell.population : 0.0}}},
                        {"geometry", {{"type", "Polygon"}, {"coordinates", {{{w, s}, {e, s}, {e, nn}, {w, nn}, {w, s}}}}}}});
  }
  return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

// The legend's lines from summary.json, in the print map's words.
json legend_of(const json& s, std::vector<std::string>& categories, std::string& kind) {
  json legend = {{"lines", json::array()}, {"bars", json::array()}, {"notes", json::array()}};
  const std::string mode = s.value("mode", "distance");
  if (s.contains("results") && s.contains("rules")) {
    kind = "check";
    const json& sum = s["summary"];
    legend["notes"].push_back("Rule set " + s["rules"].value("name", "") + ": " + thousands(sum.value("passed", 0.0)) +
                              " verdicts pass, " + thousands(sum.value("failed", 0.0)) + " fail, " +
                              thousands(sum.value("not_applicable", 0.0)) + " not applicable");
  } else if (s.contains("model")) {
    kind = "propose";
    const std::string c = s.value("category", "");
    categories = {c};
    const double before = s.contains("before") ? s["before"].value("share", 0.0) : 0.0;
    const double after = s.contains("after") ? s["after"].value("share", 0.0) : 0.0;
    std::string within = within_words(s, mode);
    if (within.empty()) within = s.value("within", "");
    legend["lines"].push_back({{"category", c},
                               {"text", c + ": " + percent(before) + " of " + thousands(s.value("total_weight", 0.0)) +
                                            " residents within " + within + " before, " + percent(after) + " after " +
                                            thousands(s.value("selected", json::array()).size()) + " proposed sites (" +
                                            s.value("model", "") + ")"}});
    legend["bars"].push_back({{"label", c + " before"}, {"share", before}});
    legend["bars"].push_back({{"label", c + " after"}, {"share", after}});
  } else if (s.contains("breaks")) {
    kind = "isochrones";
    for (const auto& n : s.value("categories", json::array())) categories.push_back(n.get<std::string>());
    std::string breaks;
    for (const auto& b : s.value("breaks", json::array())) breaks += (breaks.empty() ? "" : ", ") + fixed(b.get<double>(), 0);
    for (const std::string& c : categories) {
      legend["lines"].push_back({{"category", c}, {"text", c + ": isochrones at " + breaks + " " + s.value("unit", "")}});
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
      legend["lines"].push_back(
          {{"category", c},
           {"text", c + ": " + percent(share) + " of " + thousands(total) + " residents within " + within_words(cj, mode)},
           {"facilities", c + " facilities: " + thousands(cj.value("facility_count", 0.0))}});
      legend["bars"].push_back({{"label", c}, {"share", share}, {"text", percent(share)}});
    }
    if (s.contains("life_circle")) {
      legend["life_circle"] = "Every category within reach: " + percent(s["life_circle"].value("share", 0.0)) + " of residents";
    }
  } else {
    throw InputError("summary.json: not the summary of a coverage, isochrones or propose run");
  }
  for (json& b : legend["bars"]) {
    if (!b.contains("text")) b["text"] = percent(b["share"].get<double>());
  }
  if (s.contains("population_basis")) {
    const json& b = s["population_basis"];
    legend["basis"] = b.is_string() ? b.get<std::string>() : b.dump();
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
  function yes(v) { return v === true ? 'yes' : v === false ? 'no' : '\u2013'; }
  function row(key, label, value) {
    return '<tr data-key="' + esc(key) + '"><th>' + esc(label) + '</th><td>' + esc(value) + '</td></tr>';
  }
  function table(title, rows) {
    return '<div class="lc-pop">' + (title ? '<h2>' + esc(title) + '</h2>' : '') + '<table>' + rows.join('') + '</table></div>';
  }
  var colour = {};
  D.categories.forEach(function (c, i) { colour[c] = D.palette[i % D.palette.length]; });
  function colourOf(c) {
    if (!(c in colour)) colour[c] = D.palette[Object.keys(colour).length % D.palette.length];
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
      if (layer.getLayers().length) addOverlay(label(colourOf(c), title + ': ' + c), layer, key);
    });
  }
  var L_ = D.layers;
  polygons('service_areas', L_.service_areas, 'Service area', function (p) {
    var area = typeof p.area_m2 === 'number' ? p.area_m2 : p.area, rows = [row('category', 'category', p.category)];
    if (typeof p.within_m === 'number') rows.push(row('within_m', 'within', num(p.within_m) + ' m'));
    if (typeof p.within_s === 'number') rows.push(row('within_s', 'within', num(p.within_s / 60, 1) + ' min'));
    if ('facility_count' in p) rows.push(row('facility_count', 'facilities', num(p.facility_count)));
    if (typeof area === 'number') rows.push(row('area_m2', 'area', num(area / 1e6, 2) + ' km\u00b2'));
    if ('population_covered' in p) rows.push(row('population_covered', 'residents covered', num(p.population_covered)));
    if (typeof p.share === 'number') rows.push(row('share', 'share', num(100 * p.share, 1) + ' %'));
    return table('Service area: ' + p.category, rows);
  }, 0.2);
  polygons('isochrones', L_.isochrones, 'Isochrones', function (p) {
    return genericPopup('Isochrone: ' + p.category, p);
  }, 0.2);

  // Districts of a check: failing ones in red, the others green; a popup lists the verdicts.
  if (L_.districts) {
    var districts = L.geoJSON(L_.districts, {
      style: function (f) {
        var bad = f.properties && f.properties.failing > 0;
        return {color: bad ? '#a03200' : '#00785a', weight: 1.6, fillColor: bad ? '#d55e00' : '#009e73', fillOpacity: bad ? 0.25 : 0.1};
      },
      onEachFeature: function (f, l) {
        var p = f.properties || {}, rows = [row('failing', 'failing verdicts', num(p.failing) + ' of ' + num(p.evaluated))];
        (p.verdicts || []).forEach(function (v, i) {
          rows.push(row('verdict' + i, v.rule, (v.pass === true ? 'PASS' : v.pass === false ? 'FAIL' : 'n/a') +
                                                (v.text ? ': ' + v.text : '')));
        });
        l.bindPopup(table('District ' + p.name, rows));
      }
    });
    addOverlay(label('#d55e00', 'Districts (red: a rule fails)'), districts, 'districts');
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
          l.bindPopup(table('Grid cell', [row('population', 'residents beyond reach', num(p.population)),
            row('cell_m', 'cell', num(p.cell_m) + ' m')]));
          return;
        }
        l.bindPopup(table('Grid cell', [row('population', 'residents', num(p.population)), row('points', 'demand points', num(p.points)),
          row('complete_share', 'life circle complete', num(100 * p.complete_share, 1) + ' %')]));
      }
    });
    addOverlay(label('linear-gradient(90deg, ' + DONE + ' 50%, ' + NOT + ' 50%)', 'Residents (grid of ' + num(D.grid_cell_m) + ' m cells)'), demandLayer, 'demand');
  } else if (L_.demand) {
    demandLayer = L.geoJSON(L_.demand, {
      pointToLayer: function (f, ll) {
        var done = f.properties && f.properties.life_circle_complete === true;
        return L.circleMarker(ll, {radius: 3, stroke: false, fillColor: done ? DONE : NOT, fillOpacity: 0.75});
      },
      onEachFeature: function (f, l) {
        var p = f.properties || {}, rows = [row('id', 'id', p.id), row('population', 'residents', num(p.population))];
        categoriesIn({features: []}).forEach(function (c) {
          if ((c + '_nearest_m') in p) {
            var d = p[c + '_nearest_m'];
            rows.push(row(c + '_nearest_m', c + ': nearest', typeof d === 'number' ? num(d, d % 1 ? 1 : 0) + ' m' : 'none'));
          }
          if ((c + '_covered') in p) rows.push(row(c + '_covered', c + ': covered', yes(p[c + '_covered'])));
          if ((c + '_count') in p) rows.push(row(c + '_count', c + ': in reach', num(p[c + '_count'])));
        });
        if ('life_circle_complete' in p) rows.push(row('life_circle_complete', 'life circle complete', yes(p.life_circle_complete)));
        l.bindPopup(table('Demand point ' + p.id, rows));
        byId[String(p.id)] = l;
      }
    });
    addOverlay(label('linear-gradient(90deg, ' + DONE + ' 50%, ' + NOT + ' 50%)', 'Residents (green: life circle complete, red: not)', true), demandLayer, 'demand');
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
          var rows = [row('category', 'category', p.category)];
          if ('status' in p) rows.push(row('status', 'status', p.status));
          if ('population_in_reach' in p) rows.push(row('population_in_reach', 'residents in reach', num(p.population_in_reach)));
          if ('population_nearest' in p) rows.push(row('population_nearest', 'residents nearest', num(p.population_nearest)));
          rows.push(row('id', 'id', p.id));
          l.bindPopup(table(p.name ? p.name : 'Facility ' + p.id, rows));
        }
      });
      if (layer.getLayers().length) addOverlay(label(colourOf(c), 'Facilities: ' + c, true), layer, 'facilities');
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
      onEachFeature: function (f, l) { l.bindPopup(genericPopup('Proposed site', f.properties)); }
    });
    addOverlay(label('#000', 'Proposed sites (by rank)', true), sites, 'proposed_sites');
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
        var c = colourOf(b.label.split(' ')[0]);
        h += '<div class="lc-bar"><span class="lab" title="' + esc(b.label) + '">' + esc(b.label) + '</span><span class="track">' +
             '<span class="fill" style="display:block;width:' + (100 * Math.max(0, Math.min(1, b.share))).toFixed(1) +
             '%;background:' + esc(c) + '"></span></span><span class="val">' + esc(b.text) + '</span></div>';
      });
      h += '</div>';
    }
    if (D.legend.life_circle) h += '<p><b>' + esc(D.legend.life_circle) + '</b></p>';
    if (L_.districts) {  // the per-district table
      h += '<table class="lc-districts" id="lc-districts"><tr><th>district</th><th>failing</th><th>evaluated</th></tr>';
      L_.districts.features.forEach(function (f) {
        var p = f.properties || {};
        h += '<tr><td>' + esc(p.name) + '</td><td>' + num(p.failing) + '</td><td>' + num(p.evaluated) + '</td></tr>';
      });
      h += '</table>';
    }
    if (demandLayer) {
      var runGrid = L_.demand_grid && L_.demand_grid.features.length > 0 && L_.demand_grid.features[0].properties.beyond_reach;
      h += runGrid ? '<p>' + label(NOT, 'residents beyond reach of a category, per ' + num(D.grid_cell_m) + ' m cell (larger: more)', true) + '</p>'
         : L_.demand_grid ? '<p>' + label(DONE, 'cells where most residents have every category in reach') + '<br>' +
                            label(NOT, 'cells where most do not') + '<br><span class="small">darker: more residents</span></p>'
                          : '<p>' + label(DONE, 'residents with every category in reach', true) + '<br>' +
                            label(NOT, 'residents missing one or more', true) + '</p>';
    }
    D.legend.lines.forEach(function (l) { if (l.facilities) h += '<p>' + label(colourOf(l.category), l.facilities, true) + '</p>'; });
    D.legend.notes.forEach(function (n) { h += '<p class="small">' + esc(n) + '</p>'; });
    if (D.legend.basis) h += '<p class="small">Population: ' + esc(D.legend.basis) + '</p>';
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
  json legend = legend_of(s, categories, kind);

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
  double cell_shown = o.grid_cell_m;
  // A large coverage run summed its population beyond reach on a grid (out_of_reach_grid.geojson,
  // computed with the run): the page draws those cells and never reads the points.
  const bool run_grid = s.contains("out_of_reach_grid") && fs::exists(dir / "out_of_reach_grid.geojson");
  json demand = run_grid ? json() : read_layer(dir, "demand.geojson", out.layers);
  if (run_grid) {
    json grid = read_layer(dir, "out_of_reach_grid.geojson", out.layers);
    const double cell = s["out_of_reach_grid"].value("cell_m", 0.0);
    for (json& f : grid["features"]) f["properties"]["beyond_reach"] = true;
    out.demand_points = s.value("demand_points", std::size_t{0});
    out.demand_aggregated = true;
    out.features["demand"] = grid["features"].size();
    legend["notes"].push_back(thousands(static_cast<double>(out.demand_points)) + " demand points: drawn as the run's " +
                              thousands(static_cast<double>(out.features["demand"])) + " grid cells of " + thousands(cell) +
                              " m holding residents beyond reach of a category");
    layers["demand_grid"] = std::move(grid);
    cell_shown = cell;
  }
  if (!demand.is_null()) {
    out.demand_points = demand["features"].size();
    if (out.demand_points > o.demand_grid_above) {
      out.demand_aggregated = true;
      json grid = demand_grid(demand, o.grid_cell_m);
      out.features["demand"] = grid["features"].size();
      legend["notes"].push_back(thousands(static_cast<double>(out.demand_points)) + " demand points (more than " +
                                thousands(static_cast<double>(o.demand_grid_above)) + "): drawn as " +
                                thousands(static_cast<double>(out.features["demand"])) + " grid cells of about " +
                                thousands(o.grid_cell_m) + " m with their population sums");
      layers["demand_grid"] = std::move(grid);
    } else {
      out.features["demand"] = out.demand_points;
      layers["demand"] = std::move(demand);
    }
  }
  if (out.layers.empty()) throw InputError(dir.string() + ": no GeoJSON outputs to draw (run with the default --format)");

  std::string title = o.title;
  if (title.empty()) {
    std::string name = fs::absolute(dir).lexically_normal().filename().string();
    if (name.empty()) name = fs::absolute(dir).lexically_normal().parent_path().filename().string();
    title = "lifecircle " + kind + ": " + name;
  }
  json palette = json::array();
  for (const char* c : kPalette) palette.push_back(c);
  json breaks = json::array();
  for (const auto& b : s.value("breaks", json::array())) breaks.push_back(b);
  const json data = {{"title", title},
                     {"kind", kind},
                     {"categories", categories},
                     {"palette", palette},
                     {"breaks", breaks},
                     {"tiles", o.tiles},
                     {"legend", legend},
                     {"layers", layers},
                     {"demand_points", out.demand_points},
                     {"demand_aggregated", out.demand_aggregated},
                     {"grid_cell_m", cell_shown}};

  std::string css = inline_css_images(read_file(dist / "leaflet.css"), dist);
  const std::string js = read_file(dist / "leaflet.js");
  // Neither may end its element early (Leaflet's own files never do).
  if (css.find("</") != std::string::npos || js.find("</script") != std::string::npos) {
    throw InputError(dist.string() + ": a leaflet.js or leaflet.css that cannot be inlined");
  }
  std::string page;
  page.reserve(js.size() + css.size() + 4096);
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
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

#include "api/detail/census.hpp"

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "algorithms/census.hpp"
#include "algorithms/grid_fill.hpp"
#include "core/errors.hpp"
#include "core/format.hpp"
#include "io/read_census.hpp"

namespace lc::api::detail {

namespace {

// Which key the join uses: the one asked for, else the code when both sides have one, else the name.
CensusKey choose_key(CensusKey asked, const CensusTable& t, const CensusUnits& u, const std::string& units_source) {
  const bool codes = !t.code_field.empty() && !u.code_field.empty();
  const bool names = !t.name_field.empty() && !u.name_field.empty();
  const auto lacks = [&](const char* what, bool table_has, bool units_have) {
    return std::string("--census-key ") + what + ": " +
           (!table_has ? t.source + " has no " + what + " column" : "") + (!table_has && !units_have ? " and " : "") +
           (!units_have ? units_source + " has no unit " + what + " field" : "") + " (name " +
           (!table_has ? std::string("it with --census-") + what + "-field" : std::string("it with --unit-") + what + "-field") + ")";
  };
  if (asked == CensusKey::code && !codes) throw UsageError(lacks("code", !t.code_field.empty(), !u.code_field.empty()));
  if (asked == CensusKey::name && !names) throw UsageError(lacks("name", !t.name_field.empty(), !u.name_field.empty()));
  if (asked != CensusKey::automatic) return asked;
  if (codes) return CensusKey::code;
  if (names) return CensusKey::name;
  throw UsageError("--census " + t.source + " and the units of " + units_source +
                   " share neither a code nor a name to join by: the table has " +
                   (t.code_field.empty() ? "the name column '" + t.name_field + "'" : "the code column '" + t.code_field + "'") +
                   ", the units " +
                   (u.code_field.empty() ? "the name field '" + u.name_field + "'" : "the code field '" + u.code_field + "'") +
                   "; name the other with --census-code-field / --census-name-field / --unit-code-field / --unit-name-field");
}

// "'a' (line 2), 'b' (line 5)": up to `most` items.
template <class Item>
std::string listed(const std::vector<Item>& items, std::size_t most, const std::function<std::string(const Item&)>& text) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < most; ++i) out += (i ? ", " : "") + text(items[i]);
  if (items.size() > most) out += ", ... (" + std::to_string(items.size() - most) + " more in summary.json)";
  return out;
}

}  // namespace

void spread_census(Inputs& in, const CensusSource& census, const LoadOptions& options) {
  const CensusTable table = io::read_census_table(census, options.encoding);
  const CensusUnits& units = in.census_units;
  const DemandPolygons& polys = in.demand_polygons;
  const std::string units_source = units.source.empty() ? "--demand" : units.source;
  if (units.size() != polys.size() || polys.size() == 0) {
    throw InputError("--demand: no polygon of sub-districts to join the census " + table.source + " to");
  }
  const CensusKey key = choose_key(census.key, table, units, units_source);
  const bool by_code = key == CensusKey::code;
  const std::vector<std::string>& unit_keys = by_code ? units.code : units.name;
  const std::vector<std::string>& row_keys = by_code ? table.code : table.name;
  const std::string key_word = by_code ? "code" : "name";
  const CensusJoin join = join_census(unit_keys, row_keys, key);
  if (!join.duplicate_rows.empty()) {
    std::string groups;
    for (const auto& g : join.duplicate_rows) {
      std::string rows;
      for (std::size_t r : g) rows += (rows.empty() ? "" : ", ") + table.row[r] + " '" + row_keys[r] + "'";
      groups += (groups.empty() ? "" : "; ") + rows;
    }
    throw InputError(table.source + ": rows with the same " + key_word + " (column '" +
                     (by_code ? table.code_field : table.name_field) + "'): " + groups + "; each unit needs one row");
  }
  if (!join.duplicate_units.empty()) {
    std::string groups;
    for (const auto& g : join.duplicate_units) {
      std::string features;
      for (Id u : g) features += (features.empty() ? "" : ", ") + std::string("feature ") + units.id[u] + " '" + unit_keys[u] + "'";
      groups += (groups.empty() ? "" : "; ") + features;
    }
    throw InputError(units_source + ": units with the same " + key_word + " (field '" +
                     (by_code ? units.code_field : units.name_field) + "'): " + groups +
                     "; merge them into one feature or join by the other key");
  }

  CensusReport rep;
  rep.table = table.source;
  rep.key = key_word;
  rep.rows = table.size();
  rep.units = units.size();
  for (double p : table.population) rep.population_table += p;
  for (std::size_t r : join.unmatched_rows) {
    rep.unmatched_rows.push_back({table.row[r], row_keys[r], table.population[r]});
    rep.population_not_placed += table.population[r];
  }
  for (Id u : join.units_without_row) rep.units_without_row.push_back({units.id[u], unit_keys[u]});
  for (const auto& m : join.near_misses) {
    rep.near_misses.push_back({table.row[m.row], row_keys[m.row], units.id[m.unit], unit_keys[m.unit], m.why});
  }
  rep.matched = units.size() - join.units_without_row.size();
  if (rep.matched == 0) {
    throw InputError(table.source + ": no row joins a unit of " + units_source + " by " + key_word + " (column '" +
                     (by_code ? table.code_field : table.name_field) + "', field '" +
                     (by_code ? units.code_field : units.name_field) + "'); e.g. the table's '" + row_keys.front() +
                     "' and the units' '" + unit_keys.front() + "'");
  }
  rep.columns = "key '" + (by_code ? table.code_field : table.name_field) + "', population '" + table.population_field + "'" +
                (table.aged60_field.empty() ? "" : ", aged 60+ '" + table.aged60_field + "'") +
                (table.aged65_field.empty() ? "" : ", aged 65+ '" + table.aged65_field + "'") + "; units' field '" +
                (by_code ? units.code_field : units.name_field) + "'";

  // The finer basis as weighted points: raster cells as they are, each polygon over the grid cell
  // centres inside it (one point on its surface when none is), its weight split evenly.
  const double cell_m = in.cell_size_m;
  std::vector<double> bx, by, bw;
  if (!census.spread_by.empty()) {
    SpreadBasis basis = io::read_spread_basis(census, in.crs_wkt, options);
    for (std::string& n : basis.notes) in.notes.push_back(std::move(n));
    bx = std::move(basis.x_m), by = std::move(basis.y_m), bw = std::move(basis.weight);
    const DemandPolygons& bp = basis.polygons;
    for (Id i = 0; i < bp.size(); ++i) {
      const auto inside = cell_centres_inside(bp.rings[i], cell_m);
      if (inside.empty()) {
        if (!std::isfinite(bp.surface_x_m[i])) continue;
        bx.push_back(bp.surface_x_m[i]), by.push_back(bp.surface_y_m[i]), bw.push_back(bp.weight[i]);
        continue;
      }
      for (const auto& [x, y] : inside) bx.push_back(x), by.push_back(y), bw.push_back(bp.weight[i] / static_cast<double>(inside.size()));
    }
    rep.basis = "in proportion to " + basis.description;
  } else {
    rep.basis = "evenly over the centres of the " + shortest(cell_m) + " m grid cells inside each unit (--cell-size)";
  }
  std::vector<std::vector<std::size_t>> basis_of_unit(units.size());
  {
    const std::vector<Id> unit_of = assign_to_units(polys.rings, bx, by);
    for (std::size_t i = 0; i < unit_of.size(); ++i) {
      if (unit_of[i] != invalid_id && bw[i] > 0) basis_of_unit[unit_of[i]].push_back(i);
    }
  }

  const bool has60 = !table.aged60_field.empty(), has65 = !table.aged65_field.empty();
  std::vector<double>* elderly = has60 ? &in.demand.attributes["elderly"] : nullptr;
  std::vector<double>* aged65 = has65 ? &in.demand.attributes["aged65"] : nullptr;
  for (Id u = 0; u < units.size(); ++u) {
    const Id r = join.row_of_unit[u];
    if (r == invalid_id) continue;
    const double pop = table.population[r];
    rep.population_placed += pop;
    if (!(pop > 0)) continue;
    std::vector<double> px, py, weights;
    for (std::size_t i : basis_of_unit[u]) px.push_back(bx[i]), py.push_back(by[i]), weights.push_back(bw[i]);
    if (px.empty()) {
      if (!census.spread_by.empty()) rep.fallback_units.push_back(units.id[u] + " '" + unit_keys[u] + "'");
      for (const auto& [x, y] : cell_centres_inside(polys.rings[u], cell_m)) px.push_back(x), py.push_back(y);
      if (px.empty()) {
        if (!std::isfinite(polys.surface_x_m[u])) throw InputError(polys.where[u] + ": no point on the surface of the polygon");
        px.push_back(polys.surface_x_m[u]), py.push_back(polys.surface_y_m[u]);
      }
      weights.assign(px.size(), 1.0);
    }
    const std::vector<double> parts = apportion(pop, weights, pop == std::floor(pop));
    const double share60 = has60 ? table.aged60[r] / pop : NAN, share65 = has65 ? table.aged65[r] / pop : NAN;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      if (!(parts[k] > 0)) continue;
      in.demand.push_back(px[k], py[k], parts[k], units.id[u]);
      if (elderly) elderly->push_back(parts[k] * share60);
      if (aged65) aged65->push_back(parts[k] * share65);
    }
  }
  in.demand_polygons = DemandPolygons{};
  in.census_units = CensusUnits{};

  // In words: the basis, the join and what it left out.
  in.population_basis = "census population (" + table.source + ", column '" + table.population_field + "') of " +
                        std::to_string(rep.matched) + " of " + std::to_string(rep.units) + " units of " + units_source +
                        " joined by " + key_word + ", spread " + rep.basis;
  in.population_basis_zh = "普查人口（" + table.source + "，字段“" + table.population_field + "”）：" + units_source +
                           " 的 " + std::to_string(rep.units) + " 个单元中 " + std::to_string(rep.matched) + " 个按" +
                           (by_code ? "代码" : "名称") + "关联，" +
                           (census.spread_by.empty()
                                ? "在各单元内的 " + shortest(cell_m) + " 米网格中心平均分配（--cell-size）"
                                : "按 " + census.spread_by + " 在各单元内的分布比例分配（--spread-by）");
  in.notes.push_back("census " + table.source + ": columns used: " + rep.columns);
  std::string join_note = "census: " + std::to_string(rep.matched) + " of " + std::to_string(rep.units) + " units joined by " +
                          key_word + " to " + std::to_string(rep.rows) + " table rows";
  if (!rep.unmatched_rows.empty()) {
    join_note += "; " + std::to_string(rep.unmatched_rows.size()) + " rows joined no unit (" +
                 listed<CensusReport::Row>(rep.unmatched_rows, 5, [](const CensusReport::Row& x) { return x.row + " '" + x.key + "'"; }) +
                 "): " + thousands(rep.population_not_placed) + " residents not placed";
  }
  if (!rep.units_without_row.empty()) {
    join_note += "; " + std::to_string(rep.units_without_row.size()) + " units have no row (" +
                 listed<CensusReport::Unit>(rep.units_without_row, 5,
                                            [](const CensusReport::Unit& x) { return "feature " + x.id + " '" + x.key + "'"; }) +
                 ")";
  }
  in.notes.push_back(join_note);
  if (!rep.near_misses.empty()) {
    in.notes.push_back("census: names that nearly match, to check: " +
                       listed<CensusReport::NearMiss>(rep.near_misses, 5, [](const CensusReport::NearMiss& m) {
                         return "row '" + m.row_key + "' (" + m.row + ") and unit '" + m.unit_key + "' (feature " + m.unit_id +
                                "): " + m.why;
                       }));
  }
  if (!rep.fallback_units.empty()) {
    in.notes.push_back("census: no basis of --spread-by inside " + std::to_string(rep.fallback_units.size()) + " units (" +
                       listed<std::string>(rep.fallback_units, 5, [](const std::string& s) { return s; }) +
                       "): their population is spread evenly over the --cell-size grid");
  }
  in.census = std::move(rep);
}

}  // namespace lc::api::detail

#include "algorithms/census.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace lc {

namespace {

// UTF-8 to code points; a byte that starts no valid sequence stands for itself.
std::u32string decode(const std::string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + static_cast<std::size_t>(n) <= s.size();
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; ok && k < n; ++k) {
      const auto t = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      ok = (t >> 6) == 0x2;
      c = (c << 6) | (t & 0x3F);
    }
    if (!ok) {
      out.push_back(b);
      ++i;
      continue;
    }
    out.push_back(c);
    i += static_cast<std::size_t>(n);
  }
  return out;
}

std::string encode(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f' || c == 0x3000 || c == 0xA0 ||
         c == 0xFEFF;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Groups of indices whose key (non-empty) is shared, each group in order.
template <class Index>
std::vector<std::vector<Index>> duplicates(const std::vector<std::string>& keys) {
  std::map<std::string, std::vector<Index>> by_key;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!keys[i].empty()) by_key[keys[i]].push_back(static_cast<Index>(i));
  }
  std::vector<std::vector<Index>> out;
  for (auto& [key, group] : by_key) {
    if (group.size() > 1) out.push_back(std::move(group));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
  return out;
}

}  // namespace

std::string normalise_census_name(const std::string& text) {
  std::u32string out;
  for (char32_t c : decode(text)) {
    if (is_space(c)) continue;
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;  // full-width ASCII
    out.push_back(c);
  }
  return encode(out);
}

std::string strip_unit_suffix(const std::string& normalised) {
  for (const char* suffix : {"街道办事处", "街道办", "街道", "地区办事处", "民族乡", "镇", "乡"}) {
    const std::string s = suffix;
    if (ends_with(normalised, s) && normalised.size() > s.size()) return normalised.substr(0, normalised.size() - s.size());
  }
  return normalised;
}

std::string normalise_census_code(const std::string& text) {
  std::string code = normalise_census_name(text);
  const bool digits = !code.empty() && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && code.size() == 12 && ends_with(code, "000")) code.resize(9);
  return code;
}

std::size_t edit_distance(const std::string& a_text, const std::string& b_text) {
  const std::u32string a = decode(a_text), b = decode(b_text);
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

CensusJoin join_census(const std::vector<std::string>& unit_keys, const std::vector<std::string>& row_keys, CensusKey key) {
  assert(key == CensusKey::code || key == CensusKey::name);
  const bool by_code = key == CensusKey::code;
  std::vector<std::string> units, rows;
  for (const std::string& k : unit_keys) units.push_back(by_code ? normalise_census_code(k) : normalise_census_name(k));
  for (const std::string& k : row_keys) rows.push_back(by_code ? normalise_census_code(k) : normalise_census_name(k));

  CensusJoin out;
  out.duplicate_rows = duplicates<std::size_t>(rows);
  out.duplicate_units = duplicates<Id>(units);
  out.row_of_unit.assign(units.size(), invalid_id);
  if (!out.duplicate_rows.empty() || !out.duplicate_units.empty()) return out;

  std::vector<bool> row_joined(rows.size(), false);
  {
    std::unordered_map<std::string, std::size_t> row_by_key;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (!rows[r].empty()) row_by_key.emplace(rows[r], r);
    }
    for (Id u = 0; u < units.size(); ++u) {
      if (units[u].empty()) continue;
      const auto it = row_by_key.find(units[u]);
      if (it == row_by_key.end()) continue;
      out.row_of_unit[u] = static_cast<Id>(it->second);
      row_joined[it->second] = true;
    }
  }
  std::vector<std::string> row_stripped, unit_stripped;
  if (!by_code) {
    // Then by the names without suffix, where one row and one unit alone have that stripped name.
    for (const std::string& r : rows) row_stripped.push_back(strip_unit_suffix(r));
    for (const std::string& u : units) unit_stripped.push_back(strip_unit_suffix(u));
    std::unordered_map<std::string, std::vector<std::size_t>> row_by_stripped;
    std::unordered_map<std::string, std::vector<Id>> unit_by_stripped;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (!rows[r].empty()) row_by_stripped[row_stripped[r]].push_back(r);
    }
    for (Id u = 0; u < units.size(); ++u) {
      if (!units[u].empty()) unit_by_stripped[unit_stripped[u]].push_back(u);
    }
    for (const auto& [name, us] : unit_by_stripped) {
      const auto it = row_by_stripped.find(name);
      if (us.size() != 1 || it == row_by_stripped.end() || it->second.size() != 1) continue;
      const Id u = us.front();
      const std::size_t r = it->second.front();
      if (out.row_of_unit[u] != invalid_id || row_joined[r]) continue;
      out.row_of_unit[u] = static_cast<Id>(r);
      row_joined[r] = true;
    }
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!row_joined[r]) out.unmatched_rows.push_back(r);
  }
  for (Id u = 0; u < units.size(); ++u) {
    if (out.row_of_unit[u] == invalid_id) out.units_without_row.push_back(u);
  }
  if (!by_code) {
    for (const std::size_t r : out.unmatched_rows) {
      if (rows[r].empty()) continue;
      for (const Id u : out.units_without_row) {
        if (units[u].empty()) continue;
        const std::string& a = row_stripped[r];
        const std::string& b = unit_stripped[u];
        const std::size_t d = edit_distance(a, b);
        const std::size_t shorter = std::min(decode(a).size(), decode(b).size());
        if (d == 0) {
          out.near_misses.push_back({r, u, "the same name without its suffix, shared with another (ambiguous)"});
        } else if (d <= 2 && d < shorter) {
          out.near_misses.push_back({r, u, "edit distance " + std::to_string(d)});
        } else if (rows[r].find(units[u]) != std::string::npos || units[u].find(rows[r]) != std::string::npos ||
                   a.find(b) != std::string::npos || b.find(a) != std::string::npos) {
          out.near_misses.push_back({r, u, "one name contains the other"});
        }
      }
    }
  }
  return out;
}

std::vector<double> apportion(double total, const std::vector<double>& basis, bool whole) {
  const double sum = std::accumulate(basis.begin(), basis.end(), 0.0);
  assert(sum > 0 && total >= 0);
  std::vector<double> out(basis.size());
  if (!whole) {
    for (std::size_t i = 0; i < basis.size(); ++i) out[i] = total * (basis[i] / sum);
    return out;
  }
  assert(total == std::floor(total));
  std::vector<double> remainder(basis.size());
  double given = 0;
  for (std::size_t i = 0; i < basis.size(); ++i) {
    const double quota = total * (basis[i] / sum);
    out[i] = std::floor(quota);
    remainder[i] = quota - out[i];
    given += out[i];
  }
  std::vector<std::size_t> order(basis.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  // The persons left: fewer than the items (the remainders are each below 1), rounding aside.
  auto left = static_cast<long long>(std::llround(total - given));
  for (std::size_t k = 0; left > 0; k = (k + 1) % order.size()) {
    if (basis[order[k]] > 0) out[order[k]] += 1, --left;
  }
  // A quota a hair above a whole number in floating point can give one person too many: taken
  // back from the smallest remainders.
  for (std::size_t k = order.size(); left < 0 && k-- > 0;) {
    if (out[order[k]] >= 1) out[order[k]] -= 1, ++left;
  }
  return out;
}

std::vector<Id> assign_to_units(const std::vector<std::vector<Ring>>& units, const std::vector<double>& x,
                                const std::vector<double>& y) {
  struct Box {
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
  };
  std::vector<Box> boxes(units.size());
  for (std::size_t u = 0; u < units.size(); ++u) {
    for (const Ring& r : units[u]) {
      for (std::size_t k = 0; k + 1 < r.size(); k += 2) {
        Box& b = boxes[u];
        b.x0 = std::min(b.x0, r[k]), b.x1 = std::max(b.x1, r[k]);
        b.y0 = std::min(b.y0, r[k + 1]), b.y1 = std::max(b.y1, r[k + 1]);
      }
    }
  }
  // Even-odd rule over every ring, a point on a left or lower edge counting as inside (as the
  // grid fill does).
  const auto inside = [](const std::vector<Ring>& rings, double px, double py) {
    bool in = false;
    for (const Ring& r : rings) {
      const std::size_t n = r.size() / 2;
      for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const double xi = r[2 * i], yi = r[2 * i + 1], xj = r[2 * j], yj = r[2 * j + 1];
        if ((yi > py) != (yj > py)) {
          const double cross_x = xj + (py - yj) * (xi - xj) / (yi - yj);
          if (px >= cross_x) in = !in;
        }
      }
    }
    return in;
  };
  // The units' boxes in an R-tree; a point tries the units whose box holds it in ascending order,
  // so it goes to the lowest of several that hold it, as a scan of every unit would give.
  namespace bg = boost::geometry;
  namespace bgi = boost::geometry::index;
  using Point = bg::model::d2::point_xy<double>;
  using Rect = bg::model::box<Point>;
  std::vector<std::pair<Rect, Id>> rects;
  rects.reserve(units.size());
  for (std::size_t u = 0; u < units.size(); ++u) {
    const Box& b = boxes[u];
    if (b.x0 <= b.x1 && b.y0 <= b.y1) rects.emplace_back(Rect(Point(b.x0, b.y0), Point(b.x1, b.y1)), static_cast<Id>(u));
  }
  const bgi::rtree<std::pair<Rect, Id>, bgi::rstar<16>> tree(rects.begin(), rects.end());
  std::vector<Id> out(x.size(), invalid_id);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, x.size(), 4096), [&](const tbb::blocked_range<std::size_t>& r) {
    std::vector<std::pair<Rect, Id>> hits;
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      hits.clear();
      tree.query(bgi::intersects(Point(x[i], y[i])), std::back_inserter(hits));
      std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
      for (const auto& [rect, u] : hits) {
        if (inside(units[u], x[i], y[i])) {
          out[i] = u;
          break;
        }
      }
    }
  });
  return out;
}

}  // namespace lc

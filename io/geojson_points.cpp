#include "io/geojson_points.hpp"

#include "io/china_coords.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>

#include "io/crs.hpp"
#include "io/error.hpp"
#include "core/interrupt.hpp"

namespace lc::io {

namespace {

void append_json_string(std::string& out, const std::string& s) {
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;  // UTF-8 bytes pass through
        }
    }
  }
  out += '"';
}

void append_fixed(std::string& out, double v, int decimals) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  // Trim trailing zeros (and a bare '.') to keep files small: 104.0500000 -> 104.05.
  char* end = res.ptr;
  if (decimals > 0) {
    while (end > buf && end[-1] == '0') --end;
    if (end > buf && end[-1] == '.') --end;
  }
  out.append(buf, end);
}

void append_number(std::string& out, double v, int decimals) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  if (decimals >= 0) {
    append_fixed(out, v, decimals);
    return;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  out.append(buf, res.ptr);
}

}  // namespace

PointColumn string_column(std::string name, std::function<std::string(std::size_t)> f) {
  PointColumn c{std::move(name), PointColumn::Type::string, -1, {}, {}, {}, {}};
  c.string_at = std::move(f);
  return c;
}
PointColumn number_column(std::string name, std::function<double(std::size_t)> f, int decimals) {
  PointColumn c{std::move(name), PointColumn::Type::number, decimals, {}, {}, {}, {}};
  c.number_at = std::move(f);
  return c;
}
PointColumn integer_column(std::string name, std::function<long long(std::size_t)> f) {
  PointColumn c{std::move(name), PointColumn::Type::integer, -1, {}, {}, {}, {}};
  c.integer_at = std::move(f);
  return c;
}
PointColumn boolean_column(std::string name, std::function<bool(std::size_t)> f) {
  PointColumn c{std::move(name), PointColumn::Type::boolean, -1, {}, {}, {}, {}};
  c.boolean_at = std::move(f);
  return c;
}

void points_to_lonlat(const OGRSpatialReference& crs, const std::vector<double>& x, const std::vector<double>& y,
                      const std::string& final_name, std::vector<double>& lon, std::vector<double>& lat,
                      WebCoords coords) {
  const std::size_t n = x.size();
  lon = x;
  lat = y;
  if (n > 0) {
    const auto wgs = wgs84_lonlat();
    auto ct = make_transform(crs, *wgs, final_name);
    std::vector<int> ok(n, 0);
    ct->Transform(n, lon.data(), lat.data(), nullptr, ok.data());
    for (std::size_t i = 0; i < n; ++i) {
      if (!ok[i] || !std::isfinite(lon[i]) || !std::isfinite(lat[i])) {
        throw InputError(final_name + ": PROJ cannot transform point " + std::to_string(i) + " to EPSG:4326");
      }
      from_wgs84(coords, lon[i], lat[i]);
    }
  }
}

void write_point_geojson(const std::filesystem::path& path, const std::string& final_name,
                         const OGRSpatialReference& crs, const std::vector<double>& x, const std::vector<double>& y,
                         const std::vector<PointColumn>& columns, WebCoords coords) {
  const std::size_t n = x.size();
  std::vector<double> lon, lat;
  points_to_lonlat(crs, x, y, final_name, lon, lat, coords);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.string().c_str(), "wb"), &std::fclose);
  if (!file) throw InputError(final_name + ": cannot create the file");
  std::string buf;
  buf.reserve(1 << 20);
  auto flush = [&] {
    if (std::fwrite(buf.data(), 1, buf.size(), file.get()) != buf.size()) {
      throw InputError(final_name + ": cannot write the file (disk full?)");
    }
    buf.clear();
  };
  buf += "{\n\"type\": \"FeatureCollection\",\n\"features\": [\n";
  for (std::size_t i = 0; i < n; ++i) {
    buf += "{ \"type\": \"Feature\", \"properties\": { ";
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const PointColumn& c = columns[k];
      if (k) buf += ", ";
      append_json_string(buf, c.name);
      buf += ": ";
      switch (c.type) {
        case PointColumn::Type::string: append_json_string(buf, c.string_at(i)); break;
        case PointColumn::Type::number: append_number(buf, c.number_at(i), c.decimals); break;
        case PointColumn::Type::integer: buf += std::to_string(c.integer_at(i)); break;
        case PointColumn::Type::boolean: buf += c.boolean_at(i) ? "true" : "false"; break;
      }
    }
    buf += " }, \"geometry\": { \"type\": \"Point\", \"coordinates\": [ ";
    append_fixed(buf, lon[i], 7);
    buf += ", ";
    append_fixed(buf, lat[i], 7);
    buf += i + 1 < n ? " ] } },\n" : " ] } }\n";
    if (buf.size() > (1 << 20) - 4096) {
      check_interrupt();
      flush();
    }
  }
  buf += "]\n}\n";
  flush();
  if (std::fflush(file.get()) != 0) throw InputError(final_name + ": cannot write the file (disk full?)");
}

}  // namespace lc::io

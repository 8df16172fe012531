#include "io/write_options.hpp"

#include <cctype>

namespace lc::io {

namespace {

const struct {
  VectorFormat format;
  const char* name;
} kFormats[] = {{VectorFormat::geojson, "geojson"},
                {VectorFormat::gpkg, "gpkg"},
                {VectorFormat::fgb, "fgb"},
                {VectorFormat::shp, "shp"}};

}  // namespace

bool parse_vector_format(const std::string& text, VectorFormat& format) {
  for (const auto& f : kFormats) {
    if (text == f.name) {
      format = f.format;
      return true;
    }
  }
  return false;
}

const char* format_name(VectorFormat format) {
  for (const auto& f : kFormats) {
    if (f.format == format) return f.name;
  }
  return "geojson";
}

bool is_postgres_output(const std::string& out) { return out.rfind("PG:", 0) == 0; }

std::string written_outputs(const std::string& command, const std::vector<std::string>& layers, const std::string& out,
                            const OutputOptions& options) {
  std::string list;
  for (const std::string& l : layers) list += (list.empty() ? "" : ", ") + l;
  if (is_postgres_output(out)) return "tables " + list + " and a row of lifecircle_runs";
  switch (options.format) {
    case VectorFormat::gpkg: return command + ".gpkg (layers " + list + "), summary.json";
    case VectorFormat::geojson:
    case VectorFormat::fgb:
    case VectorFormat::shp: {
      std::string files;
      for (const std::string& l : layers) files += (files.empty() ? "" : ", ") + l + "." + format_name(options.format);
      return files + ", summary.json";
    }
  }
  return list;
}

std::string masked_connection(const std::string& connection) {
  std::string s = connection;
  // key=value form: password=secret, password = 'a secret', password='it''s'
  for (std::size_t at = 0; (at = s.find("password", at)) != std::string::npos;) {
    const bool word_start = at == 0 || !std::isalnum(static_cast<unsigned char>(s[at - 1]));
    std::size_t i = at + 8;
    while (i < s.size() && s[i] == ' ') ++i;
    if (!word_start || i >= s.size() || s[i] != '=') {
      at += 8;
      continue;
    }
    ++i;
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t end = i;
    if (end < s.size() && s[end] == '\'') {
      for (++end; end < s.size(); ++end) {
        if (s[end] == '\\')
          ++end;
        else if (s[end] == '\'')
          break;
      }
      if (end < s.size()) ++end;
    } else {
      while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end]))) ++end;
    }
    s.replace(i, end - i, "***");
    at = i + 3;
  }
  // URI form: postgresql://user:secret@host/db
  for (const char* scheme : {"postgresql://", "postgres://"}) {
    const std::size_t p = s.find(scheme);
    if (p == std::string::npos) continue;
    const std::size_t user = p + std::char_traits<char>::length(scheme);
    const std::size_t at = s.find('@', user);
    const std::size_t colon = s.find(':', user);
    const std::size_t slash = s.find('/', user);
    if (at != std::string::npos && colon != std::string::npos && colon < at &&
        (slash == std::string::npos || at < slash)) {
      s.replace(colon + 1, at - colon - 1, "***");
    }
  }
  return s;
}

}  // namespace lc::io

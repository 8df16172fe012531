#include "io/write_target.hpp"

#include <cctype>
#include <fstream>

#include <unistd.h>

#include "io/error.hpp"
#include "io/gdal_env.hpp"

namespace lc::io {

namespace {

// One key=value of a libpq connection string: where it starts and ends, and its value unquoted.
struct ConnOption {
  std::size_t begin = 0, end = 0;
  std::string key, value;
};

std::vector<ConnOption> conn_options(const std::string& s, std::size_t from) {
  std::vector<ConnOption> out;
  std::size_t i = from;
  const auto space = [&](std::size_t k) { return k < s.size() && std::isspace(static_cast<unsigned char>(s[k])); };
  while (true) {
    while (space(i)) ++i;
    if (i >= s.size()) break;
    ConnOption o;
    o.begin = i;
    while (i < s.size() && s[i] != '=' && !space(i)) o.key += s[i++];
    while (space(i)) ++i;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (space(i)) ++i;
      if (i < s.size() && s[i] == '\'') {
        for (++i; i < s.size() && s[i] != '\''; ++i) {
          if (s[i] == '\\' && i + 1 < s.size()) ++i;
          o.value += s[i];
        }
        if (i < s.size()) ++i;
      } else {
        while (i < s.size() && !space(i)) o.value += s[i++];
      }
    }
    o.end = i;
    out.push_back(o);
  }
  return out;
}

std::string quote_ident(const std::string& s) {
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// A string literal that reads the same whatever standard_conforming_strings says.
std::string quote_literal(const std::string& s) {
  std::string q = "E'";
  for (char c : s) {
    if (c == '\'' || c == '\\') q += c;
    q += c;
  }
  return q + "'";
}

// GDAL's (libpq's) message on one line: runs of white space as one space.
std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

const char* format_title(VectorFormat f) {
  switch (f) {
    case VectorFormat::geojson:
      return "GeoJSON, RFC 7946";
    case VectorFormat::gpkg:
      return "GeoPackage";
    case VectorFormat::fgb:
      return "FlatGeobuf";
    case VectorFormat::shp:
      return "ESRI Shapefile";
  }
  return "GeoJSON, RFC 7946";
}

VectorDriver driver_of(VectorFormat f) {
  switch (f) {
    case VectorFormat::geojson:
      return VectorDriver::geojson;
    case VectorFormat::gpkg:
      return VectorDriver::gpkg;
    case VectorFormat::fgb:
      return VectorDriver::fgb;
    case VectorFormat::shp:
      return VectorDriver::shp;
  }
  return VectorDriver::geojson;
}

// The rest of a DO block renaming the indexes and sequences of table `tbl` whose names start
// with `tmp` to start with `fin` instead, in schema `sch`.
const char* const kRenameDependents = R"sql(
  r record; new_name text;
BEGIN
  FOR r IN SELECT c.relname, 'INDEX' AS kind FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE i.indrelid = tbl
           UNION ALL
           SELECT c.relname, 'SEQUENCE' FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
           WHERE d.refobjid = tbl AND d.classid = 'pg_class'::regclass AND c.relkind = 'S' LOOP
    IF left(r.relname, length(tmp)) = tmp THEN
      new_name := fin || substr(r.relname, length(tmp) + 1);
      IF NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relname = new_name AND n.nspname = sch) THEN
        EXECUTE format('ALTER %s %I.%I RENAME TO %I', r.kind, sch, r.relname, new_name);
      END IF;
    END IF;
  END LOOP;
END $lc$)sql";

}  // namespace

OutputTarget::OutputTarget(const std::string& out, const OutputOptions& options, const std::string& command)
    : options_(options), command_(command) {
  ensure_gdal();
  if (!is_postgres_output(out)) {
    files_ = std::make_unique<AtomicOutputs>(out);
    files_->replace_earlier_run();
    return;
  }
  // schema= is lifecircle's; the rest goes to GDAL (and libpq) as given.
  std::string gdal_connection = out;
  const std::vector<ConnOption> opts = conn_options(out, 3);
  for (auto it = opts.rbegin(); it != opts.rend(); ++it) {
    if (it->key == "schema") {
      schema_ = it->value;
      gdal_connection.erase(it->begin, it->end - it->begin);
    } else if (it->key == "password") {
      password_ = it->value;
    }
  }
  connection_ = masked_connection(out);
  const auto failure = [&](const std::string& what) {
    std::string m = CPLGetLastErrorMsg();
    if (m.empty()) m = "GDAL gave no reason";
    if (!password_.empty()) {
      for (std::size_t p; (p = m.find(password_)) != std::string::npos;) m.replace(p, password_.size(), "***");
    }
    return InputError(connection_ + ": " + what + ": " + one_line(m));
  };
  CPLErrorReset();
  const char* drivers[] = {"PostgreSQL", nullptr};
  db_.reset(GDALDataset::Open(gdal_connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
  if (!db_) throw failure("cannot connect to write the outputs");
  CPLErrorReset();
  if (db_->StartTransaction(FALSE) != OGRERR_NONE) throw failure("cannot start a transaction");
  in_transaction_ = true;
  if (!schema_.empty()) {
    // CREATE SCHEMA IF NOT EXISTS needs the right to create schemas even when it exists.
    sql("DO $lc$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = " + quote_literal(schema_) +
            ") THEN CREATE SCHEMA " + quote_ident(schema_) + "; END IF; END $lc$",
        "cannot create schema " + schema_);
  } else {
    CPLErrorReset();
    OGRLayer* r = db_->ExecuteSQL("SELECT current_schema()", nullptr, nullptr);
    if (r) {
      OGRFeatureUniquePtr f(r->GetNextFeature());
      if (f && f->IsFieldSetAndNotNull(0)) schema_ = f->GetFieldAsString(0);
      db_->ReleaseResultSet(r);
    }
    if (schema_.empty()) throw InputError(connection_ + ": no current schema to write the tables to; give schema=NAME");
  }
}

OutputTarget::~OutputTarget() {
  if (db_ && in_transaction_) {
    CPLErrorReset();
    db_->RollbackTransaction();
  }
}

AtomicOutputs& OutputTarget::files() {
  if (!files_) throw InputError(connection_ + ": this output is a file and needs a folder as --out");
  return *files_;
}

void OutputTarget::sql(const std::string& statement, const std::string& what) {
  CPLErrorReset();
  OGRLayer* r = db_->ExecuteSQL(statement.c_str(), nullptr, nullptr);
  if (r) db_->ReleaseResultSet(r);
  if (CPLGetLastErrorType() >= CE_Failure) {
    std::string m = CPLGetLastErrorMsg();
    throw InputError(connection_ + ": " + what + ": " + one_line(m.empty() ? "GDAL gave no reason" : m));
  }
}

std::string OutputTarget::location(const std::string& name) const {
  if (db_) return "table " + schema_ + "." + name;
  switch (options_.format) {
    case VectorFormat::geojson:
      return name + ".geojson";
    case VectorFormat::gpkg:
      return command_ + ".gpkg";
    case VectorFormat::fgb:
      return name + ".fgb";
    case VectorFormat::shp:
      return name + ".shp";
  }
  return name + ".geojson";
}

std::string OutputTarget::output_crs() const {
  if (options_.coords != WebCoords::wgs84) {
    return std::string(options_.coords == WebCoords::gcj02 ? "GCJ-02" : "BD-09") +
           " longitude/latitude, not EPSG:4326 (" + format_title(options_.format) + ")";
  }
  return std::string("EPSG:4326 (") + (db_ ? "PostGIS" : format_title(options_.format)) + ")";
}

void OutputTarget::describe(nlohmann::json& summary) const {
  if (options_.coords != WebCoords::wgs84) summary["output_coords"] = to_string(options_.coords);
  if (!db_ && options_.format == VectorFormat::geojson) return;  // today's summary, unchanged
  summary["output_format"] = db_ ? "postgresql" : format_name(options_.format);
  nlohmann::json outputs = nlohmann::json::object();
  for (const std::string& name : layers_) {
    outputs[name] = location(name) + (!db_ && options_.format == VectorFormat::gpkg ? ", layer " + name : "");
  }
  summary["outputs"] = outputs;
  if (!db_ && options_.format == VectorFormat::shp) {
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [layer, renamed] : renamed_) {
      nlohmann::json l = nlohmann::json::object();
      for (const auto& [given, written] : renamed) l[given] = written;
      fields[layer] = l;
    }
    summary["shapefile_fields"] = fields;
  }
  if (!db_ && options_.format == VectorFormat::fgb) {
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& [layer, n] : left_out_) counts[layer] = n;
    summary["left_out_without_geometry"] = counts;
  }
}

std::unique_ptr<LayerWriter> OutputTarget::layer(const std::string& name, LayerGeometry geometry,
                                                 const std::string& crs_wkt) {
  std::unique_ptr<LayerWriter> w = new_layer(name, geometry, crs_wkt);
  if (w) w->set_coords(options_.coords);
  return w;
}

std::unique_ptr<LayerWriter> OutputTarget::new_layer(const std::string& name, LayerGeometry geometry,
                                                     const std::string& crs_wkt) {
  layers_.push_back(name);
  if (db_) {
    const std::string temp = name + "_lc_tmp_" + std::to_string(::getpid());
    tables_.emplace_back(temp, name);
    return std::make_unique<LayerWriter>(*db_, VectorDriver::postgres, temp, location(name), geometry, crs_wkt,
                                         std::vector<std::string>{"SCHEMA=" + schema_});
  }
  const VectorDriver driver = driver_of(options_.format);
  switch (options_.format) {
    case VectorFormat::gpkg: {
      const std::string file = command_ + ".gpkg";
      if (!gpkg_) gpkg_ = create_vector_file(driver, files_->temp_for(file), file);
      return std::make_unique<LayerWriter>(*gpkg_, driver, name, file + ", layer " + name, geometry, crs_wkt);
    }
    case VectorFormat::shp: {
      // A Shapefile is a set of files; a spatial index an earlier run left would no longer match.
      const auto shp = files_->temp_for_set(name, {".shp", ".shx", ".dbf", ".prj", ".cpg"});
      for (const char* stale : {".qix", ".sbn", ".sbx"}) files_->remove_on_commit(name + stale);
      return std::make_unique<LayerWriter>(create_vector_file(driver, shp, name + ".shp"), driver, name, name + ".shp",
                                           geometry, crs_wkt);
    }
    case VectorFormat::geojson:
    case VectorFormat::fgb: {
      const std::string file = location(name);
      return std::make_unique<LayerWriter>(create_vector_file(driver, files_->temp_for(file), file), driver, name, file,
                                           geometry, crs_wkt);
    }
  }
  return nullptr;
}

void OutputTarget::points(const std::string& name, const OGRSpatialReference& crs, const std::vector<double>& x,
                          const std::vector<double>& y, const std::vector<PointColumn>& columns) {
  if (!db_ && options_.format == VectorFormat::geojson) {
    layers_.push_back(name);
    write_point_geojson(files_->temp_for(name + ".geojson"), name + ".geojson", crs, x, y, columns, options_.coords);
    return;
  }
  char* wkt = nullptr;
  crs.exportToWkt(&wkt);
  const std::string crs_wkt = wkt ? wkt : "";
  CPLFree(wkt);
  std::unique_ptr<LayerWriter> w = layer(name, LayerGeometry::points, crs_wkt);
  write_point_features(*w, crs, x, y, columns);
  finish(std::move(w));
}

std::unique_ptr<LayerWriter> OutputTarget::polygons(const std::string& name, const std::string& crs_wkt) {
  return layer(name, LayerGeometry::polygons, crs_wkt);
}

void OutputTarget::finish(std::unique_ptr<LayerWriter> layer) {
  layer->close();
  if (!layers_.empty() && !layer->renamed_fields().empty())
    renamed_.emplace_back(layers_.back(), layer->renamed_fields());
  if (!layers_.empty() && layer->left_out() > 0) left_out_.emplace_back(layers_.back(), layer->left_out());
}

void OutputTarget::summary(const std::string& json_text) {
  if (db_) {
    summary_ = json_text;
    return;
  }
  const auto temp = files_->temp_for("summary.json");
  std::ofstream f(temp, std::ios::binary);
  f << json_text;
  f.close();
  if (!f) throw InputError((files_->dir() / "summary.json").string() + ": cannot write the file");
}

void OutputTarget::commit() {
  if (!db_) {
    if (gpkg_) {
      const std::string file = command_ + ".gpkg";
      CPLErrorReset();
      GDALClose(GDALDataset::ToHandle(gpkg_.release()));
      if (CPLGetLastErrorType() >= CE_Failure)
        throw InputError(file + ": cannot finish the file: " + CPLGetLastErrorMsg());
    }
    files_->commit();
    return;
  }
  const std::string s = quote_ident(schema_);
  for (const auto& [temp, final_name] : tables_) {
    const std::string table = s + "." + quote_ident(final_name);
    sql("DROP TABLE IF EXISTS " + table, "cannot replace table " + schema_ + "." + final_name);
    sql("ALTER TABLE " + s + "." + quote_ident(temp) + " RENAME TO " + quote_ident(final_name),
        "cannot rename the new table " + schema_ + "." + temp + " to " + final_name);
    // Its indexes (primary key, GiST) and key sequence carry the temporary name: give them the
    // final one, unless something else in the schema has it.
    sql("DO $lc$ DECLARE tbl regclass := " + quote_literal(table) + "::regclass; tmp text := " + quote_literal(temp) +
            "; fin text := " + quote_literal(final_name) + "; sch text := " + quote_literal(schema_) + ";" +
            kRenameDependents,
        "cannot rename the indexes of " + schema_ + "." + final_name);
  }
  const std::string runs = s + "." + quote_ident("lifecircle_runs");
  sql("CREATE TABLE IF NOT EXISTS " + runs +
          " (id bigserial PRIMARY KEY, run_at timestamptz NOT NULL DEFAULT now(), command text NOT NULL, summary json "
          "NOT NULL)",
      "cannot create table " + schema_ + ".lifecircle_runs");
  sql("INSERT INTO " + runs + " (command, summary) VALUES (" + quote_literal(command_) + ", " +
          quote_literal(summary_) + ")",
      "cannot add the run to " + schema_ + ".lifecircle_runs");
  CPLErrorReset();
  in_transaction_ = false;
  if (db_->CommitTransaction() != OGRERR_NONE) {
    std::string m = CPLGetLastErrorMsg();
    throw InputError(connection_ + ": cannot commit the outputs: " + one_line(m.empty() ? "GDAL gave no reason" : m));
  }
  CPLErrorReset();
  GDALClose(GDALDataset::ToHandle(db_.release()));
  if (CPLGetLastErrorType() >= CE_Failure) {
    throw InputError(connection_ + ": the outputs are committed, but closing the connection failed: " +
                     one_line(CPLGetLastErrorMsg()));
  }
}

void write_facility_points(OutputTarget& out, const Inputs& in, const std::vector<Id>& ids,
                           const std::vector<PointColumn>& extra) {
  OGRSpatialReference crs;
  crs.importFromWkt(in.crs_wkt.c_str());
  crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const Facilities& f = in.facilities;
  std::vector<double> x, y;
  x.reserve(ids.size());
  y.reserve(ids.size());
  for (Id i : ids) {
    x.push_back(f.x_m[i]);
    y.push_back(f.y_m[i]);
  }
  std::vector<PointColumn> cols;
  cols.push_back(string_column("id", [&](std::size_t k) { return f.source_id[ids[k]]; }));
  cols.push_back(string_column("name", [&](std::size_t k) { return f.name[ids[k]]; }));
  cols.push_back(string_column("category", [&](std::size_t k) { return in.categories.names[f.category[ids[k]]]; }));
  cols.push_back(string_column("status", [&](std::size_t k) { return std::string(to_string(f.status[ids[k]])); }));
  cols.insert(cols.end(), extra.begin(), extra.end());
  out.points("facilities", crs, x, y, cols);
}

}  // namespace lc::io

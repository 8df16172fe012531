#pragma once
// Where a run's outputs go, for the io::write_* functions. Internal to io/.
//
// A folder: summary.json, the vector outputs in the chosen format (io/write_options.hpp) and any
// GeoTIFF, each written under a temporary name and all renamed into place only once every one
// is complete (io/atomic_output.hpp); a GeoPackage is closed, and a Shapefile's every file
// written, before anything is renamed.
//
// A PostgreSQL database (`PG:...`): everything happens in one transaction. Each vector output is
// written to a table under a temporary name (<name>_lc_tmp_<pid>); at commit the old table is
// dropped, the new one renamed (with its indexes and key sequence), the run added to
// lifecircle_runs, and the transaction committed. A run that fails at any point rolls back and
// leaves the previous tables as they were.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <nlohmann/json.hpp>

#include "core/inputs.hpp"
#include "io/atomic_output.hpp"
#include "io/gdal_writers.hpp"
#include "io/geojson_points.hpp"
#include "io/write_options.hpp"

namespace lc::io {

class OutputTarget {
 public:
  // `out` is a folder (created when missing) or a PG: connection string. `command` ("coverage",
  // "isochrones", "propose") names the GeoPackage of a folder and the run in lifecircle_runs.
  // Throws InputError when the folder cannot be created or the database not reached (with the
  // connection string, its password masked, and GDAL's message).
  OutputTarget(const std::string& out, const OutputOptions& options, const std::string& command);
  ~OutputTarget();
  OutputTarget(const OutputTarget&) = delete;
  OutputTarget& operator=(const OutputTarget&) = delete;

  bool is_database() const { return db_ != nullptr; }
  // The folder, for outputs that are files in every format (GeoTIFF). Throws InputError for a
  // database.
  AtomicOutputs& files();

  // Writes the point layer `name` (demand, facilities, proposed_sites): with the fast writer for
  // GeoJSON (write_point_geojson), through GDAL otherwise (write_point_features).
  void points(const std::string& name, const OGRSpatialReference& crs, const std::vector<double>& x,
              const std::vector<double>& y, const std::vector<PointColumn>& columns);
  // A polygon layer `name` to fill, then hand back to finish().
  std::unique_ptr<LayerWriter> polygons(const std::string& name, const std::string& crs_wkt);
  void finish(std::unique_ptr<LayerWriter> layer);

  // Where the output `name` is: "demand.geojson", "coverage.gpkg", "demand.shp",
  // "table public.demand".
  std::string location(const std::string& name) const;
  // "EPSG:4326 (GeoJSON, RFC 7946)", "EPSG:4326 (GeoPackage)", ...
  std::string output_crs() const;
  // Adds to a summary what a format other than GeoJSON changes: output_format, outputs (where
  // each layer is), for Shapefiles shapefile_fields (the field names cut to 10 bytes), for
  // FlatGeobuf left_out_without_geometry (features a FlatGeobuf cannot hold, per layer).
  void describe(nlohmann::json& summary) const;

  // Writes the summary: summary.json in the folder, or the run's row in lifecircle_runs.
  void summary(const std::string& json_text);
  // Puts everything in place (renames the files, or swaps the tables and commits). Throws
  // InputError, leaving the previous outputs, when it cannot.
  void commit();

 private:
  std::unique_ptr<LayerWriter> layer(const std::string& name, LayerGeometry geometry, const std::string& crs_wkt);
  std::unique_ptr<LayerWriter> new_layer(const std::string& name, LayerGeometry geometry, const std::string& crs_wkt);
  void sql(const std::string& statement, const std::string& what);

  OutputOptions options_;
  std::string command_;
  std::unique_ptr<AtomicOutputs> files_;  // a folder
  GDALDatasetUniquePtr gpkg_;             // a folder in GeoPackage: the run's one file
  std::vector<std::string> layers_;       // in the order written
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> renamed_;  // per layer
  std::vector<std::pair<std::string, std::size_t>> left_out_;  // per layer, when some were
  // A database:
  GDALDatasetUniquePtr db_;
  std::string connection_;  // masked, for messages
  std::string password_;    // to keep out of messages
  std::string schema_;
  std::vector<std::pair<std::string, std::string>> tables_;  // temporary name, final name
  std::string summary_;
  bool in_transaction_ = false;
};

// Writes the facilities `ids` of `in` as the point layer "facilities" (id, name, category, status,
// then the `extra` columns, indexed like `ids`): what maps draw and label.
void write_facility_points(OutputTarget& out, const Inputs& in, const std::vector<Id>& ids,
                           const std::vector<PointColumn>& extra = {});

}  // namespace lc::io

#pragma once
// Output files are written under temporary names and renamed only when every one is complete.
// The temporary files of every live AtomicOutputs are also listed where a signal handler can
// remove them (remove_live_temporaries), for a process that ends without unwinding.

#include <filesystem>
#include <string>
#include <vector>

namespace lc::io {

class AtomicOutputs {
 public:
  // Creates `dir` when missing; throws InputError when it cannot.
  explicit AtomicOutputs(std::filesystem::path dir);
  ~AtomicOutputs();  // removes every temporary file not committed
  AtomicOutputs(const AtomicOutputs&) = delete;
  AtomicOutputs& operator=(const AtomicOutputs&) = delete;

  // A temporary path in the same folder for the final file `name` (e.g. "summary.json"). It
  // starts with a dot and keeps the extension ("demand.gpkg" -> ".demand.tmp-PID-N.gpkg"), as
  // GDAL picks the layout of some formats by it.
  std::filesystem::path temp_for(const std::string& name);
  // The same for a set of files sharing the stem `stem`, one per extension (a Shapefile:
  // ".shp", ".shx", ".dbf", ...): the temporary files share a stem too. Returns the path for the
  // first extension; every file of the set must exist at commit.
  std::filesystem::path temp_for_set(const std::string& stem, const std::vector<std::string>& extensions);
  // Removes the final file `name`, if there is one, once the others are in place (a sidecar an
  // earlier run left that the new set does not have, such as a stale Shapefile index).
  void remove_on_commit(const std::string& name);
  // The files are a run's whole output in the folder: at commit, the files an earlier run listed
  // in the folder's manifest (.lifecircle-outputs) that this run does not write are removed (a
  // travel_time_scenic.tif of a run that had scenic, a demand.geojson of a coverage run under an
  // isochrones run's summary.json), and the manifest lists this run's files. Files that are not
  // in an earlier manifest are never touched.
  void replace_earlier_run();
  // Renames every temporary file to its final name. Throws Interrupted, moving nothing, when an
  // interrupt was requested before it starts; once started, the renames run to the end.
  void commit();
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::filesystem::path register_temp(const std::string& stem, const std::string& extension, unsigned sequence);

  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> files_;  // temp, final
  std::vector<int> slots_;  // per file, its entry in the list of live temporaries (-1: none)
  std::vector<std::filesystem::path> stale_;
  bool committed_ = false;
  bool whole_run_ = false;
};

// The manifest of a run's outputs in its folder: one file name a line.
inline constexpr const char* run_manifest = ".lifecircle-outputs";

// Removes every temporary file that a live AtomicOutputs has handed out and not yet committed or
// removed (and the journal files SQLite may keep beside a GeoPackage). Async-signal-safe: only
// unlink(2), no allocation, no lock. Returns false, removing nothing, while a commit is moving
// files into place (let it finish: the set is then complete).
bool remove_live_temporaries() noexcept;

// The files this run reads: every opener in io/ registers what it opens (a GDAL source with all
// its files, such as a Shapefile's .dbf and .prj; a rule or mapping file), and no output may
// replace or remove one. Thread-safe.
void register_input(const std::filesystem::path& path);
bool is_input(const std::filesystem::path& path);
// Throws UsageError when `path` is one of the registered inputs.
void refuse_if_input(const std::filesystem::path& path);
// Forgets every registered input (a library caller between runs).
void clear_inputs();

// Writes `text` to `path` through a temporary file and a rename.
void write_text_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace lc::io

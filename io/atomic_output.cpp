#include "io/atomic_output.hpp"

#include <atomic>
#include <cstring>
#include <fstream>
#include <mutex>
#include <set>
#include <system_error>
#include <utility>

#include <unistd.h>

#include "core/interrupt.hpp"
#include "io/error.hpp"

namespace lc::io {

namespace {

// The live temporary files, in fixed storage a signal handler can read: a slot is free (0), being
// filled (1) or holds the path of a live temporary file (2). A path too long for a slot, or more
// files than slots, are still removed by the destructor, only not by remove_live_temporaries.
constexpr std::size_t slot_count = 256, slot_path_bytes = 1024;
struct Slot {
  std::atomic<int> state{0};
  char path[slot_path_bytes];
};
Slot live_slots[slot_count];
std::atomic<int> commits_running{0};

// The inputs, by their canonical paths (symbolic links and "..", resolved).
std::mutex inputs_mutex;
std::set<std::string>& inputs() {
  static std::set<std::string> set;
  return set;
}
std::string canonical_text(const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::path c = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  return ec ? std::filesystem::absolute(path).lexically_normal().string() : c.string();
}

int claim_slot(const std::filesystem::path& path) {
  const std::string& text = path.native();
  if (text.size() + 16 >= slot_path_bytes) return -1;  // room for a "-journal" suffix
  for (std::size_t i = 0; i < slot_count; ++i) {
    int free = 0;
    if (live_slots[i].state.compare_exchange_strong(free, 1)) {
      std::memcpy(live_slots[i].path, text.c_str(), text.size() + 1);
      live_slots[i].state.store(2);
      return static_cast<int>(i);
    }
  }
  return -1;
}

void release_slot(int slot) {
  if (slot >= 0) live_slots[slot].state.store(0);
}

}  // namespace

bool remove_live_temporaries() noexcept {
  if (commits_running.load() > 0) return false;
  for (Slot& s : live_slots) {
    if (s.state.load() != 2) continue;
    ::unlink(s.path);
    // SQLite's files beside a GeoPackage being written.
    for (const char* suffix : {"-journal", "-wal", "-shm"}) {
      char buf[slot_path_bytes];
      std::size_t n = 0;
      while (s.path[n] != '\0' && n < slot_path_bytes - 16) buf[n] = s.path[n], ++n;
      for (std::size_t k = 0; suffix[k] != '\0'; ++k) buf[n++] = suffix[k];
      buf[n] = '\0';
      ::unlink(buf);
    }
  }
  return true;
}

AtomicOutputs::AtomicOutputs(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec || !std::filesystem::is_directory(dir_)) {
    throw InputError(dir_.string() + ": cannot create the output folder" + (ec ? ": " + ec.message() : ""));
  }
}

AtomicOutputs::~AtomicOutputs() {
  for (std::size_t i = 0; i < files_.size(); ++i) {
    if (!committed_) {
      std::error_code ec;
      std::filesystem::remove(files_[i].first, ec);
    }
    release_slot(slots_[i]);
  }
}

namespace {

unsigned next_sequence() {
  static std::atomic<unsigned> sequence{0};
  return sequence++;
}

}  // namespace

std::filesystem::path AtomicOutputs::register_temp(const std::string& stem, const std::string& extension,
                                                   unsigned sequence) {
  const std::filesystem::path temp =
      dir_ / ("." + stem + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(sequence) + extension);
  std::error_code ec;
  std::filesystem::remove(temp, ec);
  files_.emplace_back(temp, dir_ / (stem + extension));
  slots_.push_back(claim_slot(temp));
  return temp;
}

std::filesystem::path AtomicOutputs::temp_for(const std::string& name) {
  const auto dot = name.rfind('.');
  const bool has_extension = dot != std::string::npos && dot > 0;
  return register_temp(has_extension ? name.substr(0, dot) : name, has_extension ? name.substr(dot) : "",
                       next_sequence());
}

std::filesystem::path AtomicOutputs::temp_for_set(const std::string& stem, const std::vector<std::string>& extensions) {
  const unsigned sequence = next_sequence();
  std::filesystem::path first;
  for (const std::string& e : extensions) {
    const auto temp = register_temp(stem, e, sequence);
    if (first.empty()) first = temp;
  }
  return first;
}

void AtomicOutputs::remove_on_commit(const std::string& name) { stale_.push_back(dir_ / name); }

void AtomicOutputs::replace_earlier_run() { whole_run_ = true; }

void AtomicOutputs::commit() {
  check_interrupt();  // stopped before any rename: the previous outputs stay as they were
  if (whole_run_ && !committed_) {
    // The earlier run's files this one does not write go; the manifest then lists this run's.
    std::set<std::string> now;
    for (const auto& [temp, final_path] : files_) now.insert(final_path.filename().string());
    std::ifstream earlier(dir_ / run_manifest);
    for (std::string name; std::getline(earlier, name);) {
      if (name.empty() || name.find('/') != std::string::npos || name == run_manifest || now.count(name)) continue;
      if (std::filesystem::exists(dir_ / name) && !is_input(dir_ / name)) stale_.push_back(dir_ / name);
    }
    std::string list;
    for (const std::string& name : now) list += name + "\n";
    const auto manifest = temp_for(run_manifest);
    std::ofstream f(manifest, std::ios::binary);
    f << list;
    f.close();
    if (!f) throw InputError((dir_ / run_manifest).string() + ": cannot write the list of outputs");
    whole_run_ = false;  // listed once
  }
  // Refuse before moving anything when a final name cannot take a file, or is a file this run
  // read (a --demand out/demand.geojson with --out out).
  for (const auto& [temp, final_path] : files_) refuse_if_input(final_path);
  for (const auto& path : stale_) refuse_if_input(path);
  for (const auto& [temp, final_path] : files_) {
    if (std::filesystem::is_directory(final_path)) {
      throw InputError(final_path.string() + ": cannot write the output: a folder has that name");
    }
    if (!std::filesystem::exists(temp)) {
      throw InputError(final_path.string() + ": cannot move the finished file into place: it was not written");
    }
  }
  struct Running {  // a signal that ends the process at once waits for the renames
    Running() { ++commits_running; }
    ~Running() { --commits_running; }
  } running;
  for (std::size_t i = 0; i < files_.size(); ++i) {
    std::error_code ec;
    std::filesystem::rename(files_[i].first, files_[i].second, ec);
    if (ec) {
      // Take back the files already moved, so no half set of new outputs is left.
      for (std::size_t j = 0; j < i; ++j) {
        std::error_code ignored;
        std::filesystem::remove(files_[j].second, ignored);
      }
      throw InputError(files_[i].second.string() + ": cannot move the finished file into place: " + ec.message());
    }
  }
  committed_ = true;
  for (int& slot : slots_) release_slot(std::exchange(slot, -1));
  for (const auto& path : stale_) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
}

void register_input(const std::filesystem::path& path) {
  if (path.empty() || path.native().rfind("PG:", 0) == 0 || path.native().rfind("/vsi", 0) == 0) return;
  const std::string c = canonical_text(path);
  const std::lock_guard<std::mutex> lock(inputs_mutex);
  inputs().insert(c);
}

bool is_input(const std::filesystem::path& path) {
  const std::string c = canonical_text(path);
  const std::lock_guard<std::mutex> lock(inputs_mutex);
  return inputs().count(c) > 0;
}

void refuse_if_input(const std::filesystem::path& path) {
  if (!is_input(path)) return;
  throw UsageError(path.string() + ": is one of this run's inputs, and an output would replace it; "
                   "write the outputs to another folder (--out) or name the file otherwise");
}

void clear_inputs() {
  const std::lock_guard<std::mutex> lock(inputs_mutex);
  inputs().clear();
}

void write_text_atomically(const std::filesystem::path& path, const std::string& text) {
  AtomicOutputs out(path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path());
  const auto temp = out.temp_for(path.filename().string());
  {
    std::ofstream f(temp, std::ios::binary);
    f << text;
    f.close();
    if (!f) throw InputError(path.string() + ": cannot write the file");
  }
  out.commit();
}

}  // namespace lc::io

#pragma once
// Output files are written under temporary names and renamed only when every one is complete.

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

  // A temporary path in the same folder for the final file `name` (e.g. "summary.json").
  std::filesystem::path temp_for(const std::string& name);
  // Renames every temporary file to its final name.
  void commit();
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> files_;  // temp, final
  bool committed_ = false;
};

// Writes `text` to `path` through a temporary file and a rename.
void write_text_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace lc::io

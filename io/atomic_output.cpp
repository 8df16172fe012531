#include "io/atomic_output.hpp"

#include <atomic>
#include <fstream>
#include <system_error>

#include <unistd.h>

#include "io/error.hpp"

namespace lc::io {

AtomicOutputs::AtomicOutputs(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec || !std::filesystem::is_directory(dir_)) {
    throw InputError(dir_.string() + ": cannot create the output folder" + (ec ? ": " + ec.message() : ""));
  }
}

AtomicOutputs::~AtomicOutputs() {
  if (committed_) return;
  for (const auto& [temp, final_path] : files_) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
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

void AtomicOutputs::commit() {
  // Refuse before moving anything when a final name cannot take a file.
  for (const auto& [temp, final_path] : files_) {
    if (std::filesystem::is_directory(final_path)) {
      throw InputError(final_path.string() + ": cannot write the output: a folder has that name");
    }
    if (!std::filesystem::exists(temp)) {
      throw InputError(final_path.string() + ": cannot move the finished file into place: it was not written");
    }
  }
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
  for (const auto& path : stale_) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
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

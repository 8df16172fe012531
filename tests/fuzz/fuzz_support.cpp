#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <cpl_vsi.h>
#include <unistd.h>

namespace lc::fuzz {

namespace {

// This process's folder under the temporary directory, removed at exit.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() / ("lifecircle-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

void broken_contract(const char* kind, const char* what) {
  std::fprintf(stderr, "fuzz: the input ended in %s%s%s\n", kind, *what ? ": " : "", what);
  std::fflush(stderr);
  std::abort();
}

void require(bool condition, const char* what) {
  if (!condition) broken_contract("a parsed result that breaks a property", what);
}

std::string disk_file(const std::string& name, const std::uint8_t* data, std::size_t size) {
  static const TempDir dir;
  const std::string path = (dir.path / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) broken_contract("a file the fuzz target cannot write", path.c_str());
  return path;
}

MemFile::MemFile(const std::string& name, const std::uint8_t* data, std::size_t size)
    : path_("/vsimem/lifecircle-fuzz/" + name) {
  // GDAL reads the bytes in place (no copy, not freed by GDAL), while this object lives.
  VSILFILE* f = VSIFileFromMemBuffer(path_.c_str(), const_cast<GByte*>(reinterpret_cast<const GByte*>(data)),
                                     static_cast<vsi_l_offset>(size), FALSE);
  if (!f) broken_contract("a /vsimem/ file GDAL cannot make", path_.c_str());
  VSIFCloseL(f);
}

MemFile::~MemFile() { VSIUnlink(path_.c_str()); }

}  // namespace lc::fuzz

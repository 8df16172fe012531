#pragma once
// Helpers for the io/ tests: a fresh temporary folder per test and small fixture writers.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

#include <unistd.h>

#include <gdal_priv.h>
#include <gtest/gtest.h>

namespace lc::io::test {

// A fresh, uniquely named folder under the system temp folder, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "lifecircle_io_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    if (info) name += std::string("_") + info->test_suite_name() + "_" + info->name();
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  ASSERT_TRUE(f.good()) << "cannot write fixture " << path;
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline void register_gdal() {
  static const bool done = [] {
    GDALAllRegister();
    return true;
  }();
  (void)done;
}

// A GeoJSON FeatureCollection in EPSG:32650 (named CRS member, read by GDAL) from feature texts.
inline std::string geojson_32650(const std::string& features) {
  return R"({"type":"FeatureCollection",)"
         R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32650"}},)"
         R"("features":[)" +
         features + "]}";
}

}  // namespace lc::io::test

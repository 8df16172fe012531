#pragma once
// What every fuzz target of tests/fuzz shares: the contract, and the input written where the
// project's readers read it.
//
// The contract: any input either parses or ends in lc::UsageError or lc::InputError with a
// message. Any other exception, or an error without a message, aborts, so libFuzzer (and the
// replay in the normal test run) reports it as a crash, with the exception's text.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "core/errors.hpp"

namespace lc::fuzz {

// Runs `parse`; returns true when it parsed, false when it threw UsageError or InputError with a
// message; aborts on anything else.
template <class F>
bool parses(F&& parse);

// Aborts with `what` unless `condition` holds (a property every parsed result must have).
void require(bool condition, const char* what);

// The input as a file `name` in a folder of this process's own under the temporary directory
// (removed at exit), for readers that take a path on disk. Returns the path.
std::string disk_file(const std::string& name, const std::uint8_t* data, std::size_t size);

// The input as GDAL's in-memory file /vsimem/lifecircle-fuzz/NAME while the object lives, for
// readers that go through GDAL.
class MemFile {
 public:
  MemFile(const std::string& name, const std::uint8_t* data, std::size_t size);
  ~MemFile();
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Reports an exception outside the contract and aborts.
[[noreturn]] void broken_contract(const char* kind, const char* what);

template <class F>
bool parses(F&& parse) {
  try {
    parse();
    return true;
  } catch (const lc::UsageError& e) {
    if (!*e.what()) broken_contract("UsageError without a message", "");
  } catch (const lc::InputError& e) {
    if (!*e.what()) broken_contract("InputError without a message", "");
  } catch (const std::exception& e) {
    broken_contract("an exception other than UsageError or InputError", e.what());
  } catch (...) {
    broken_contract("an exception that is not a std::exception", "");
  }
  return false;
}

}  // namespace lc::fuzz

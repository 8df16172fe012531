#pragma once
// Errors raised at the I/O boundary; each maps to a documented exit code in the CLI.

#include <stdexcept>
#include <string>

namespace lc::io {

// Bad or unreadable input data (exit code 3). The message names the source, layer, feature and
// field where it can.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A request that cannot be carried out as asked: bad option value, unknown category (exit code 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "SOURCE, layer 'L', feature F, field 'X'" with the parts that are known.
std::string where(const std::string& source, const std::string& layer = "", const std::string& feature = "",
                  const std::string& field = "");

}  // namespace lc::io

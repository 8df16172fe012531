#pragma once
// The two kinds of error a request can end in; each maps to a documented exit code. Raised at the
// boundaries (io/ reading data, api/ resolving a request); algorithms/ asserts its preconditions.

#include <stdexcept>

namespace lc {

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

}  // namespace lc

#pragma once
// Errors raised at the I/O boundary (core/errors.hpp), and how a location is written in them.

#include <string>

#include "core/errors.hpp"

namespace lc::io {

using lc::InputError;
using lc::UsageError;

// "SOURCE, layer 'L', feature F, field 'X'" with the parts that are known.
std::string where(const std::string& source, const std::string& layer = "", const std::string& feature = "",
                  const std::string& field = "");

}  // namespace lc::io

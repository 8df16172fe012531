#pragma once
// Dense ids: every entity is an unsigned 32-bit index from 0 to count - 1.

#include <cstdint>
#include <limits>

namespace lc {

using Id = std::uint32_t;
inline constexpr Id invalid_id = std::numeric_limits<Id>::max();

using CategoryId = std::uint16_t;

}  // namespace lc

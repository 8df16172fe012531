#include "core/reach.hpp"

namespace lc {

std::vector<std::uint32_t> Reach::count_by_demand() const {
  std::vector<std::uint32_t> count(n_demand, 0);
  for (Id d : demand) ++count[d];
  return count;
}

}  // namespace lc

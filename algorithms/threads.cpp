#include "algorithms/threads.hpp"

#include <tbb/global_control.h>

namespace lc {

int parallel_threads() {
  return static_cast<int>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
}

}  // namespace lc

#include "core/interrupt.hpp"

#include <csignal>

namespace lc {

const char* Interrupted::what() const noexcept {
  switch (signal_) {
    case SIGINT:
      return "interrupted (SIGINT)";
    case SIGTERM:
      return "interrupted (SIGTERM)";
    default:
      return "interrupted";
  }
}

}  // namespace lc

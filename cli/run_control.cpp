#include "cli/run_control.hpp"

#include <csignal>

#include <unistd.h>

#include <tbb/global_control.h>

#include "core/interrupt.hpp"
#include "io/atomic_output.hpp"

namespace lc::cli {

namespace {

// Async-signal-safe: an atomic store, unlink(2), write(2) and _exit(2) only.
extern "C" void on_stop_signal(int signal) {
  if (interrupt_requested() == 0) {
    request_interrupt(signal);
    return;
  }
  if (io::remove_live_temporaries()) {
    static const char message[] = "lifecircle: interrupted again: stopped at once; no output was changed (temporary files removed)\n";
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, message, sizeof message - 1);
    ::_exit(128 + signal);
  }
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // reads and writes in progress go on; the stages poll the flag
  for (int s : {SIGINT, SIGTERM}) ::sigaction(s, &action, nullptr);
}

std::shared_ptr<void> limit_threads(int threads) {
  if (threads <= 0) return nullptr;
  return std::make_shared<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                               static_cast<std::size_t>(threads));
}

int interrupted_exit_code(int signal) { return 128 + (signal > 0 ? signal : SIGINT); }

}  // namespace lc::cli

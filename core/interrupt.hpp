#pragma once
// Cancellation of a run: a request to stop (SIGINT, SIGTERM, or any caller of request_interrupt)
// is one atomic flag, set without allocating or locking so a signal handler may set it. Every
// long stage polls it with check_interrupt(), which throws Interrupted; the exception unwinds
// through the destructors that remove temporary files, so an interrupted run leaves the outputs
// of the run before it as they were. TBB carries the exception out of parallel loops.

#include <atomic>
#include <exception>

namespace lc {

// Thrown by check_interrupt() once an interrupt was requested. Not an InputError or UsageError:
// the CLI maps it to exit code 128 + signal (130 for SIGINT, 143 for SIGTERM).
class Interrupted : public std::exception {
 public:
  explicit Interrupted(int signal) noexcept : signal_(signal) {}
  int signal() const noexcept { return signal_; }
  const char* what() const noexcept override;

 private:
  int signal_;
};

namespace detail {
inline std::atomic<int> interrupt_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the interrupt flag must be settable from a signal handler");
}  // namespace detail

// Records a request to stop; the first signal number given is kept. Async-signal-safe.
inline void request_interrupt(int signal) noexcept {
  int none = 0;
  detail::interrupt_signal.compare_exchange_strong(none, signal > 0 ? signal : -1);
}

// The signal number of the request (-1 for a request without one), or 0 when none was made.
inline int interrupt_requested() noexcept { return detail::interrupt_signal.load(std::memory_order_relaxed); }

// Throws Interrupted when a stop was requested. One relaxed load: cheap enough for hot loops.
inline void check_interrupt() {
  if (const int s = interrupt_requested()) throw Interrupted(s);
}

// Forgets a request (a library caller running another request after an interrupted one).
inline void clear_interrupt() noexcept { detail::interrupt_signal.store(0); }

}  // namespace lc

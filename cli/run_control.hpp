#pragma once
// How the process runs, apart from what it computes: the signals that stop a run, and the number
// of threads TBB may use.

#include <memory>

namespace lc::cli {

// SIGINT and SIGTERM: the first requests an interrupt (core/interrupt.hpp), which every long stage
// notices within a second, unwinding and removing its temporary files; a second one removes the
// temporary files at once and ends the process with 128 + the signal (unless the outputs are being
// renamed into place, which then finishes).
void install_interrupt_handlers();

// Limits TBB to `threads` threads for as long as the returned object lives (0: TBB's default).
std::shared_ptr<void> limit_threads(int threads);

// Exit status for an interrupt by `signal`: 128 + the signal (130 for SIGINT, 143 for SIGTERM).
int interrupted_exit_code(int signal);

}  // namespace lc::cli

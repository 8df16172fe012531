#pragma once
// The number of threads the parallel stages may use in this run (TBB's limit: one per core, or
// --threads).

namespace lc {

int parallel_threads();

}  // namespace lc

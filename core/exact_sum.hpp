#pragma once
// A sum of doubles that does not depend on the order or grouping of its terms: each term is fixed
// to a grid of 2^-64 (far below any population or weight the engine adds) and added as a 128-bit
// integer, so chunks summed in parallel, or a shard's part of the demand summed on another
// machine, give the same bits as one pass. |sum| must stay below 2^63; terms must be finite.

#include <cmath>

namespace lc {

class ExactSum {
 public:
  void add(double v) { v_ += static_cast<Fixed>(std::nearbyint(v * 0x1p64)); }
  void add(const ExactSum& other) { v_ += other.v_; }
  // The sum, rounded once to the nearest double.
  double value() const { return static_cast<double>(v_) * 0x1p-64; }

 private:
  __extension__ typedef __int128 Fixed;
  Fixed v_ = 0;
};

}  // namespace lc

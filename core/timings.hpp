#pragma once
// Wall-clock seconds per stage of a run (load, graph, snap, search, polygons, write, ...), in the
// order the stages first ran, for the `timings_s` of every summary.json.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace lc {

struct StageTimings {
  std::vector<std::pair<std::string, double>> stages;

  // Adds `seconds` to `stage` (appended the first time).
  void add(const std::string& stage, double seconds) {
    for (auto& [name, s] : stages)
      if (name == stage) {
        s += seconds;
        return;
      }
    stages.emplace_back(stage, seconds);
  }
  // Appends every stage of `other` (added to those of the same name).
  void add(const StageTimings& other) {
    for (const auto& [name, s] : other.stages) add(name, s);
  }
  double total() const {
    double t = 0;
    for (const auto& [name, s] : stages) t += s;
    return t;
  }
};

// Seconds since construction or the last lap().
class StageClock {
 public:
  StageClock() : last_(std::chrono::steady_clock::now()) {}
  double lap() {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point last_;
};

}  // namespace lc

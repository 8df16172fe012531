#pragma once
// A small model builder and the calls into COIN-OR: CBC for mixed-integer programs, Clp for
// linear relaxations. The only translation unit that includes COIN-OR headers. Models are
// minimisations. CBC runs single-threaded with its default strategy (root cuts, heuristics),
// with a wall-clock time limit; a start solution, when given, is installed as the incumbent.

#include <chrono>
#include <cstdint>
#include <vector>

#include "algorithms/detail/siting_problem.hpp"

namespace lc::detail {

struct MipModel {
  std::vector<double> col_lb, col_ub, obj;
  std::vector<std::uint8_t> integer;
  std::vector<double> row_lb, row_ub;
  std::vector<int> el_row, el_col;
  std::vector<double> el_val;

  int add_col(double lb, double ub, double cost, bool is_integer) {
    col_lb.push_back(lb);
    col_ub.push_back(ub);
    obj.push_back(cost);
    integer.push_back(is_integer);
    return static_cast<int>(obj.size()) - 1;
  }
  int add_row(double lb, double ub) {
    row_lb.push_back(lb);
    row_ub.push_back(ub);
    return static_cast<int>(row_lb.size()) - 1;
  }
  void add(int row, int col, double value) {
    el_row.push_back(row);
    el_col.push_back(col);
    el_val.push_back(value);
  }
  int cols() const { return static_cast<int>(obj.size()); }
  int rows() const { return static_cast<int>(row_lb.size()); }
};

// Per-group minimums (siting.hpp) in a model whose candidate columns are x_col[t] for sites
// x_site[t]: a row sum_{j in g} x_j >= need_g for every group short of sites, the candidates of
// those groups without a column getting one (objective `cost`, and in row `card` when >= 0).
void add_group_minimums(MipModel& m, const SitingProblem& p, int card, double cost, std::vector<Id>& x_site,
                        std::vector<int>& x_col);

enum class MipStatus : std::uint8_t {
  optimal,     // proven optimal (within CBC's default gap tolerances)
  feasible,    // stopped (time limit) with a solution
  infeasible,  // proven: no solution (or none below the cutoff)
  unknown      // stopped with no solution
};

struct MipParams {
  double time_limit_s = 60;
  const std::vector<double>* start = nullptr;  // a feasible solution to start from
  double cutoff = siting_inf;                  // only solutions with objective below this count
  bool stop_at_first_solution = false;
};

struct MipSolution {
  MipStatus status = MipStatus::unknown;
  std::vector<double> x;
  double objective = siting_inf;
  double bound = -siting_inf;  // best possible objective (a proven lower bound)
};

MipSolution solve_mip(const MipModel& model, const MipParams& params);

struct LpSolution {
  bool optimal = false;
  double objective = siting_inf;
  std::vector<double> x;         // per column, when optimal
  std::vector<double> row_dual;  // per row, when optimal: d objective / d row bound (<= 0 on a binding <= row)
  std::vector<double> reduced_cost;  // per column, when optimal
};

// The linear relaxation (integrality dropped), solved with Clp's dual simplex; stopped (not
// optimal) at `deadline`.
LpSolution solve_lp(const MipModel& model,
                    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max());

}  // namespace lc::detail

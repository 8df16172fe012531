#include "algorithms/detail/siting_mip.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>

#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <CbcStrategy.hpp>
#include <ClpEventHandler.hpp>
#include <ClpSolve.hpp>
#include <CoinMessageHandler.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include "core/interrupt.hpp"

namespace lc::detail {

namespace {

// Interrupts (core/interrupt.hpp) stop the simplex at its next iteration and the branch and cut at
// its next event; the caller then throws Interrupted rather than report the stopped search. The
// simplex also stops at the solve's deadline: CBC's own time limit is looked at only between the
// nodes of its search, so a root LP of many minutes ran on past --time-limit.
class ClpStopOnInterrupt : public ClpEventHandler {
 public:
  using Clock = std::chrono::steady_clock;
  ClpStopOnInterrupt() = default;
  explicit ClpStopOnInterrupt(Clock::time_point deadline) : deadline_(deadline), has_deadline_(true) {}
  int event(Event) override {  // 0: stop, -1: carry on
    if (interrupt_requested()) return 0;
    return has_deadline_ && Clock::now() > deadline_ ? 0 : -1;
  }
  ClpEventHandler* clone() const override { return new ClpStopOnInterrupt(*this); }

 private:
  Clock::time_point deadline_{};
  bool has_deadline_ = false;
};

class CbcStopOnInterrupt : public CbcEventHandler {
 public:
  CbcAction event(CbcEvent e) override {
    if (!interrupt_requested()) return noAction;
    if (e == beforeSolution1 || e == beforeSolution2) return noAction;  // a solution's fate, not the search's
    if (model_) model_->sayEventHappened();
    return stop;
  }
  CbcEventHandler* clone() const override { return new CbcStopOnInterrupt(*this); }
};

void load(OsiClpSolverInterface& solver, const MipModel& m, bool with_integers, const ClpStopOnInterrupt& stop_lp) {
  assert(m.el_row.size() == m.el_col.size() && m.el_row.size() == m.el_val.size());
  CoinPackedMatrix matrix(true, m.el_row.data(), m.el_col.data(), m.el_val.data(),
                          static_cast<CoinBigIndex>(m.el_val.size()));
  matrix.setDimensions(m.rows(), m.cols());  // rows or columns without elements
  solver.messageHandler()->setLogLevel(0);
  solver.setHintParam(OsiDoReducePrint, true, OsiHintTry);
  // Clp would otherwise catch SIGINT itself during a solve and only end that LP early: the first
  // Ctrl-C was lost and the search went on. Interrupts reach it through the event handler.
  ClpSolve options;
  options.setSpecialOption(2, 1);  // interrupt handling: 1 = none of Clp's own
  solver.setSolveOptions(options);
  solver.getModelPtr()->passInEventHandler(&stop_lp);
  solver.loadProblem(matrix, m.col_lb.data(), m.col_ub.data(), m.obj.data(), m.row_lb.data(), m.row_ub.data());
  if (with_integers)
    for (int j = 0; j < m.cols(); ++j)
      if (m.integer[j]) solver.setInteger(j);
}

}  // namespace

void add_group_minimums(MipModel& m, const SitingProblem& p, int card, double cost, std::vector<Id>& x_site,
                        std::vector<int>& x_col) {
  if (!p.grouped()) return;
  std::vector<int> col_of(p.reach.n_sites, -1);
  for (std::size_t t = 0; t < x_site.size(); ++t) col_of[x_site[t]] = x_col[t];
  std::vector<int> row(p.need.size(), -1);
  for (std::size_t g = 0; g < p.need.size(); ++g)
    if (p.need[g] > 0) row[g] = m.add_row(static_cast<double>(p.need[g]), siting_inf);
  for (Id j : p.candidates) {
    const Id g = p.group_of(j);
    if (g == invalid_id || row[g] < 0) continue;
    if (col_of[j] < 0) {
      col_of[j] = m.add_col(0, 1, cost, true);
      if (card >= 0) m.add(card, col_of[j], 1);
      x_site.push_back(j);
      x_col.push_back(col_of[j]);
    }
    m.add(row[g], col_of[j], 1);
  }
}

MipSolution solve_mip(const MipModel& model, const MipParams& params) {
  MipSolution out;
  OsiClpSolverInterface solver;
  const double limit_s = params.time_limit_s > 0 ? params.time_limit_s : 1e-3;
  const auto deadline = ClpStopOnInterrupt::Clock::now() +
                        std::chrono::duration_cast<ClpStopOnInterrupt::Clock::duration>(std::chrono::duration<double>(limit_s));
  load(solver, model, true, ClpStopOnInterrupt(deadline));

  CbcModel cbc(solver);
  cbc.setLogLevel(0);
  cbc.messageHandler()->setLogLevel(0);
  cbc.solver()->messageHandler()->setLogLevel(0);
  cbc.setUseElapsedTime(true);
  cbc.setMaximumSeconds(limit_s);
  cbc.setNumberThreads(0);  // deterministic, single-threaded search
  CbcStrategyDefault strategy(1, 5, 0, 0);
  cbc.setStrategy(strategy);
  const CbcStopOnInterrupt stop_search;
  cbc.passInEventHandler(&stop_search);
  cbc.initialSolve();  // the root LP first (as CBC's samples do): a quarter faster on p-median
  check_interrupt();
  if (!cbc.solver()->isProvenOptimal()) {
    if (cbc.solver()->isProvenPrimalInfeasible()) {
      out.status = MipStatus::infeasible;
      return out;
    }
    // The root LP stopped at the deadline: no bound (a simplex stopped midway proves none), and
    // the solution given to start from, when there is one, is the best known.
    if (params.start) {
      out.x = *params.start;
      out.objective = 0;
      for (int j = 0; j < model.cols(); ++j) out.objective += model.obj[j] * out.x[j];
      out.status = MipStatus::feasible;
    }
    return out;
  }
  if (params.cutoff < siting_inf) cbc.setCutoff(params.cutoff);
  if (params.stop_at_first_solution) cbc.setMaximumSolutions(1);
  if (params.start) {
    assert(params.start->size() == model.obj.size());
    double value = 0;
    for (int j = 0; j < model.cols(); ++j) value += model.obj[j] * (*params.start)[j];
    cbc.setBestSolution(params.start->data(), model.cols(), value, true);
  }
  cbc.branchAndBound();
  check_interrupt();  // stopped by an interrupt: neither optimal nor the best found in the time limit

  const double* x = cbc.bestSolution();
  if (x) {
    out.x.assign(x, x + model.cols());
    out.objective = cbc.getObjValue();
  }
  out.bound = cbc.getBestPossibleObjValue();
  if (cbc.isProvenOptimal() && x) {
    out.status = MipStatus::optimal;
    out.bound = std::min(out.bound, out.objective);
  } else if (cbc.isProvenInfeasible()) {
    out.status = MipStatus::infeasible;
  } else {
    out.status = x ? MipStatus::feasible : MipStatus::unknown;
  }
  return out;
}

LpSolution solve_lp(const MipModel& model, std::chrono::steady_clock::time_point deadline) {
  LpSolution out;
  OsiClpSolverInterface solver;
  load(solver, model, false,
       deadline == std::chrono::steady_clock::time_point::max() ? ClpStopOnInterrupt() : ClpStopOnInterrupt(deadline));
  solver.initialSolve();
  check_interrupt();
  out.optimal = solver.isProvenOptimal();
  if (out.optimal) {
    out.objective = solver.getObjValue();
    out.x.assign(solver.getColSolution(), solver.getColSolution() + model.cols());
    out.row_dual.assign(solver.getRowPrice(), solver.getRowPrice() + model.rows());
    out.reduced_cost.assign(solver.getReducedCost(), solver.getReducedCost() + model.cols());
  }
  return out;
}

}  // namespace lc::detail

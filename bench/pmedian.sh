#!/usr/bin/env bash
# p-median on the reference siting instances, end to end through the command line (reading the
# full cost matrix included), the way the reference figures in bench/README.md were measured
# (PySAL spopt 0.5 + CBC 2.10.8 on the same files):
#   gen_instance.py 400 60 1   p 6
#   gen_instance.py 2000 200 2 p 10
# each with --exact and with --heuristic, RUNS times (default 3). Prints one line per run: the
# instance, the solver, the wall time of the run, the solve time summary.json reports, the
# objective, the bound, the gap and whether it is proven optimal. Needs /usr/bin/python3 with
# numpy for the generator (the instances are written once into WORK and kept).
#
#   bash bench/pmedian.sh [build/lifecircle] [WORK] [RUNS] [GEN]
#
# GEN: the generator (default ../shared/bench/gen_instance.py next to the repository).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$(realpath "${1:-build/lifecircle}")
WORK=${2:-/tmp/lifecircle-pmedian}
RUNS=${3:-3}
GEN=${4:-$HERE/../../shared/bench/gen_instance.py}
mkdir -p "$WORK"

printf '%-12s %-10s %8s %8s %18s %18s %8s %s\n' instance solver wall_s solve_s objective bound gap proven
for spec in "400 60 1 6" "2000 200 2 10"; do
  read -r nd nc seed p <<<"$spec"
  dir=$WORK/inst-$nd-$nc-$seed
  [ -f "$dir/matrix.csv" ] || /usr/bin/python3 "$GEN" "$nd" "$nc" "$seed" "$dir"
  for solver in exact heuristic; do
    for run in $(seq "$RUNS"); do
      out=$WORK/out-$nd-$nc-$seed-$solver
      start=$(date +%s.%N)
      "$BIN" propose --model pmedian --cost-matrix "$dir/matrix.csv" --demand "$dir/demand.csv" \
        --demand-id-field demand_id --weight-field pop --add "$p" "--$solver" --time-limit 600 \
        --out "$out" >"$out.log" 2>&1
      end=$(date +%s.%N)
      /usr/bin/python3 - "$out/summary.json" "$nd x $nc" "$solver" "$start" "$end" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print("%-12s %-10s %8.2f %8.2f %18.3f %18.3f %7.4f%% %s (%s)" % (
    sys.argv[2], sys.argv[3], float(sys.argv[5]) - float(sys.argv[4]), s["seconds"], s["objective"], s["bound"],
    100 * s["gap"], s["proven_optimal"], s["solver_detail"]))
EOF
    done
  done
done

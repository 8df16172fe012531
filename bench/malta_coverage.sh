#!/usr/bin/env bash
# `coverage --mode walk` on Malta with 10,000 facilities, whole process, service areas drawn
# exact and fast: bench_catchments writes the 10,000 places it searches from (the pgRouting
# comparison's sources) as facilities.csv (lon, lat); each run reads them with the extract's
# buildings as demand and its walkable ways as roads. Prints, per method, the wall time of each
# run, the median, the stage times of the last run (summary.json timings_s) and the service area.
#   bash bench/malta_coverage.sh [BUILD_DIR=build] [EXTRACT=../shared/data/malta.osm.pbf] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
pbf=${2:-../shared/data/malta.osm.pbf}
runs=${3:-3}
cmake --build "$build" --target bench_catchments lifecircle >/dev/null
work=$(mktemp -d /tmp/lifecircle-malta-coverage.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$build/bench/bench_catchments" "$pbf" "$work" 10000 1000 >/dev/null
for method in exact fast; do
  times=()
  for run in $(seq "$runs"); do
    rm -rf "$work/out"
    start=$(date +%s.%N)
    "$build/lifecircle" coverage --facilities "$work/facilities.csv" --category health --demand "$pbf" \
      --roads "$pbf" --mode walk --polygons "$method" --out "$work/out" >/dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -g | paste -sd' ')
  median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  echo "$method: median $median s (runs: $sorted)"
  python3 - "$work/out/summary.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
t = j["timings_s"]
print("  stages: " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(t.items(), key=lambda kv: -kv[1])))
h = j["categories"]["health"]
print(f"  service area {h['service_area_m2'] / 1e6:.3f} km2, population covered {h['population_covered']:.0f} ({100 * h['share']:.2f} %)")
PY
done

#!/usr/bin/env bash
# Peak memory (maximum resident set size) and wall time of every command on the generated
# million-point cities, each run through /usr/bin/time, files in and outputs written:
#   - coverage, distance mode, 4 categories at 1,000 m, on a city of bench_coverage.cpp's sizes
#     (bench/gen_coverage_city.py: 1,000,000 demand points, 40,000 facilities, 40 km x 40 km);
#   - isochrones, walking on a 100 m street grid over that city, 100 health facilities, 5/10/15 min;
#   - propose: greedy MCLP (--heuristic), 100,000 candidate sites, 100 existing, add 50, 1,000 m;
#   - check: the cn-health preset in distance mode on the city of bench_check.cpp
#     (bench/gen_check_city.py: 2,000 districts, 1,000,000 demand points, 9,000 facilities).
# Coverage, check and propose also run on the first 250,000 and 500,000 demand points of the same
# city, and propose on the first 25,000 and 50,000 candidates, to show how peak memory grows with
# each input. The inputs are generated once into $WORK (about 150 MB) and kept for reruns; outputs
# go to $WORK/out (about 1 GB), each run's terminal output to $WORK/out/NAME.log. Runs one command
# at a time.
#
#   bash bench/memory.sh [build/lifecircle] [WORK] [RUNS]
#
# RUNS (default all): a space-separated subset of coverage isochrones propose check.
set -euo pipefail
BIN=$(realpath "${1:-build/lifecircle}")
WORK=${2:-/tmp/lifecircle-memory}
RUNS=${3:-coverage isochrones propose check}
HERE=$(cd "$(dirname "$0")" && pwd)
CITY=$WORK/coverage-city
CHECK=$WORK/check-city
mkdir -p "$CITY" "$CHECK" "$WORK/out"

[ -f "$CITY/roads.geojson" ] || python3 "$HERE/gen_coverage_city.py" "$CITY"
for n in 25000 50000; do
  [ -f "$CITY/candidates_$n.csv" ] || head -n $((n + 1)) "$CITY/candidates.csv" > "$CITY/candidates_$n.csv"
done
if [ ! -f "$CHECK/demand_250000.csv" ]; then
  [ -f "$CHECK/demand.csv" ] || python3 "$HERE/gen_check_city.py" "$CHECK"
  for n in 250000 500000; do head -n $((n + 1)) "$CHECK/demand.csv" > "$CHECK/demand_$n.csv"; done
fi

RESULTS=$WORK/results.tsv
: > "$RESULTS"
# measure NAME INPUT SERIES ARGS...: one run of the binary with ARGS; appends the name, the input,
# the scaling series the run belongs to ("SERIES|N|UNIT", several separated by ";", or "-"), the
# peak KiB, the wall seconds and the exit code to $RESULTS.
measure() {
  local name=$1 input=$2 series=$3
  shift 3
  local log=$WORK/out/$name.log
  set +e
  /usr/bin/time -f '%M %e' -o "$WORK/out/$name.time" "$BIN" "$@" > "$log" 2>&1
  local code=$?
  set -e
  # (time writes "Command exited with non-zero status N" first when the exit code is not 0)
  read -r kib secs < <(tail -n 1 "$WORK/out/$name.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$input" "$series" "$kib" "$secs" "$code" >> "$RESULTS"
  printf '%-22s %9.0f MiB %8.1f s  exit %s\n' "$name" "$(echo "$kib / 1024" | bc -l)" "$secs" "$code"
}

for run in $RUNS; do
  case $run in
    coverage)
      for n in 250000 500000 1000000; do
        measure "coverage_$n" "$n demand points, 40,000 facilities" "coverage|$n|demand points" coverage \
          --facilities "$CITY/facilities.csv" --category-field kind --category-map "$CITY/kinds.yaml" \
          --demand "$CITY/demand_$n.csv" --population-field pop --source-crs EPSG:32650 \
          --within 1000m --out "$WORK/out/coverage_$n"
      done ;;
    isochrones)
      measure isochrones "1,000,000 demand points, 100 facilities, 320,800 street segments" - isochrones \
        --facilities "$CITY/health_100.csv" --category-field kind --category-map "$CITY/kinds.yaml" \
        --demand "$CITY/demand_1000000.csv" --population-field pop --source-crs EPSG:32650 \
        --categories health --roads "$CITY/roads.geojson" --road-class-field highway --mode walk --breaks 5,10,15 \
        --out "$WORK/out/isochrones" ;;
    propose)
      for n in 250000 500000 1000000; do
        measure "propose_mclp_$n" "$n demand points, 100,000 candidates, add 50" \
          "propose (MCLP) by demand|$n|demand points$([ "$n" = 1000000 ] && echo ';propose (MCLP) by candidates|100000|candidates')" propose \
          --model mclp --heuristic --category health --add 50 --within 1000m \
          --facilities "$CITY/health_100.csv" --category-field kind --category-map "$CITY/kinds.yaml" \
          --candidates "$CITY/candidates.csv" \
          --demand "$CITY/demand_$n.csv" --weight-field pop --source-crs EPSG:32650 \
          --out "$WORK/out/propose_mclp_$n"
      done
      for n in 25000 50000; do
        measure "propose_mclp_candidates_$n" "1,000,000 demand points, $n candidates, add 50" \
          "propose (MCLP) by candidates|$n|candidates" propose \
          --model mclp --heuristic --category health --add 50 --within 1000m \
          --facilities "$CITY/health_100.csv" --category-field kind --category-map "$CITY/kinds.yaml" \
          --candidates "$CITY/candidates_$n.csv" \
          --demand "$CITY/demand_1000000.csv" --weight-field pop --source-crs EPSG:32650 \
          --out "$WORK/out/propose_mclp_candidates_$n"
      done ;;
    check)
      for n in 250000 500000 1000000; do
        demand=$CHECK/demand_$n.csv
        [ "$n" = 1000000 ] && demand=$CHECK/demand.csv
        measure "check_$n" "$n demand points, 2,000 districts, 9,000 facilities" "check|$n|demand points" check \
          --preset cn-health --mode distance \
          --facilities "$CHECK/facilities.csv" --category-field kind --category-map "$CHECK/kinds.yaml" \
          --source-crs EPSG:32650 --demand "$demand" --population-field pop --demand-field elderly=pop60 \
          --districts "$CHECK/districts.geojson" --out "$WORK/out/check_$n"
      done ;;
    *) echo "unknown run: $run" >&2; exit 2 ;;
  esac
done

echo
python3 - "$RESULTS" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("| run | input | peak RSS | wall time | exit |")
print("|---|---|---|---|---|")
for name, inp, series, kib, secs, code in rows:
    print("| %s | %s | %.0f MiB | %.1f s | %s |" % (name, inp, int(kib) / 1024, float(secs), code))
groups = {}
for name, inp, series, kib, secs, code in rows:
    for s in series.split(";"):
        if s != "-":
            title, n, unit = s.split("|")
            groups.setdefault((title, unit), []).append((int(n), int(kib)))
for (title, unit), runs in groups.items():
    if len(runs) < 2:
        continue
    runs.sort()
    print("\n%s: peak RSS against %s" % (title, unit))
    print("| %s | peak RSS | per one | added per one added |" % unit)
    print("|---|---|---|---|")
    prev = None
    for n, kib in runs:
        extra = "" if prev is None else "%.0f B" % ((kib - prev[1]) * 1024 / (n - prev[0]))
        print("| {:,} | {:.0f} MiB | {:.0f} B | {} |".format(n, kib / 1024, kib * 1024 / n, extra))
        prev = (n, kib)
PY

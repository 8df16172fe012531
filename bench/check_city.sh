#!/usr/bin/env bash
# End-to-end `lifecircle check` on a generated city, files in and reports out: the city of
# bench_check.cpp (2,000 wavy 1 km districts over 50 km x 40 km, 1,000,000 demand points with
# residents and people aged 60+, 2,000 health, 5,000 fitness and 2,000 elderly-care facilities with
# beds and areas) written as CSV and GeoJSON in EPSG:32650, then the full cn-health preset in
# distance mode. Prints the wall time of the check; the inputs are kept in $WORK for reruns.
#
#   bash bench/check_city.sh [build/lifecircle] [WORK]
set -euo pipefail
BIN=${1:-build/lifecircle}
WORK=${2:-/tmp/lifecircle-check-city}
mkdir -p "$WORK"
if [ ! -f "$WORK/demand.csv" ]; then
  python3 "$(dirname "$0")/gen_check_city.py" "$WORK"
fi
start=$(date +%s.%N)
set +e
"$BIN" check --preset cn-health --mode distance \
  --facilities "$WORK/facilities.csv" --category-field kind --category-map "$WORK/kinds.yaml" --source-crs EPSG:32650 \
  --demand "$WORK/demand.csv" --population-field pop --demand-field elderly=pop60 \
  --districts "$WORK/districts.geojson" --out "$WORK/out" > "$WORK/check.log"
code=$?
set -e
end=$(date +%s.%N)
tail -n 20 "$WORK/check.log"
echo "exit code $code; wall time $(echo "$end - $start" | bc) s"

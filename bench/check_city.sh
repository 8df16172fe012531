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
  python3 - "$WORK" <<'PY'
import json, math, random, sys
work = sys.argv[1]
X0, Y0 = 300000.0, 3300000.0
cols, rows, cell = 50, 40, 1000.0
def border(ex, ey, frac, vertical):
    h = 80.0 * math.sin(ex / 137.0 + ey / 71.0) * math.sin(math.pi * frac)
    return (ex + h, ey + frac * cell) if vertical else (ex + frac * cell, ey + h)
feats = []
for r in range(rows):
    for c in range(cols):
        x0, y0 = c * cell, r * cell
        x1, y1 = x0 + cell, y0 + cell
        ring = [border(x0, y0, k / 10, False) for k in range(10)]
        ring += [border(x1, y0, k / 10, True) for k in range(10)]
        ring += [border(x0, y1, k / 10, False) for k in range(10, 0, -1)]
        ring += [border(x0, y0, k / 10, True) for k in range(10, 0, -1)]
        ring.append(ring[0])
        feats.append({"type": "Feature", "properties": {"name": "d%d" % (r * cols + c)},
                      "geometry": {"type": "Polygon", "coordinates": [[[round(X0 + x, 3), round(Y0 + y, 3)] for x, y in ring]]}})
json.dump({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32650"}},
           "features": feats}, open(work + "/districts.geojson", "w"))
rng = random.Random(42)
with open(work + "/demand.csv", "w") as f:
    f.write("id,x,y,pop,pop60\n")
    for i in range(1000000):
        p = rng.uniform(1, 50)
        f.write("p%d,%.2f,%.2f,%.3f,%.3f\n" % (i, X0 + rng.uniform(0, cols * cell), Y0 + rng.uniform(0, rows * cell), p, 0.19 * p))
with open(work + "/facilities.csv", "w") as f:
    f.write("id,x,y,kind,beds,nursing_beds,private_beds,area_m2\n")
    n = 0
    for kind, count in (("health", 2000), ("fitness", 5000), ("elderly_care", 2000)):
        for _ in range(count):
            x, y = X0 + rng.uniform(0, cols * cell), Y0 + rng.uniform(0, rows * cell)
            beds = round(rng.uniform(20, 200)) if kind == "elderly_care" else ""
            nursing = round(beds * rng.uniform(0.3, 0.8)) if kind == "elderly_care" else ""
            private = round(rng.uniform(20, 200)) if kind == "health" else ""
            area = "%.1f" % (rng.uniform(80, 2000) if kind == "elderly_care" else rng.uniform(500, 20000)) if kind != "health" else ""
            f.write("f%d,%.2f,%.2f,%s,%s,%s,%s,%s\n" % (n, x, y, kind, beds, nursing, private, area))
            n += 1
open(work + "/kinds.yaml", "w").write("health: health\nfitness: fitness\nelderly_care: elderly_care\n")
PY
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

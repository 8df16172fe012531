#!/usr/bin/env bash
# Per-facility isochrones split by district, against one process on the same data: Malta
# (../shared/data/malta.osm.pbf), every category of its own facilities, `isochrones --mode walk
# --merge split` (breaks 5, 10, 15 minutes), its roads and OSM population proxy as GeoPackages (a
# shard reads them within its boxes). The districts are the grid of 4 km squares of
# shard_network.sh, planned with `shard plan --mode walk --halo 15min --roads` (1,000 m).
#
# Prints, each under /usr/bin/time (wall time, peak resident memory): the one process, every shard
# in turn (one at a time: each task, not a cluster) with the road lines it read, the merge, and
# whether the merged files equal the one process's (summary.json without its timings, threads and
# command line).
#
#   bash bench/shard_isochrones.sh [BUILD_DIR=build] [EXTRACT=../shared/data/malta.osm.pbf] [SHARDS=8]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
pbf=$(readlink -f "${2:-../shared/data/malta.osm.pbf}")
shards=${3:-8}
cmake --build "$build" --target lifecircle >/dev/null
bin=$(readlink -f "$build/lifecircle")
work=$(mktemp -d /tmp/lifecircle-shard-isochrones.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

. bench/shard_common.sh
grid_districts "$pbf" "$work/districts.geojson"

ogr2ogr -f GPKG "$work/roads.gpkg" "$pbf" lines -where "highway IS NOT NULL" -nln roads -t_srs EPSG:32633 2>/dev/null
"$bin" coverage --facilities "$pbf" --demand "$pbf" --crs EPSG:32633 --format gpkg --out "$work/demand" >/dev/null
run=(isochrones --facilities "$pbf" --demand "$work/demand/coverage.gpkg" --demand-layer demand --population-field population
     --roads "$work/roads.gpkg" --road-class-field highway --mode walk --merge split --crs EPSG:32633)
timed "one process" "$bin" "${run[@]}" --out "$work/one"
timed "shard plan" "$bin" shard plan --districts "$work/districts.geojson" --demand "$pbf" --halo 15min --mode walk \
  --roads "$pbf" --shards "$shards" --crs EPSG:32633 --out "$work/plan"
lines=$(ogrinfo -ro -so "$work/roads.gpkg" roads | sed -n 's/^Feature Count: //p')
start=$(date +%s.%N)
for k in $(seq 0 $((shards - 1))); do
  timed "shard $k" "$bin" "${run[@]}" --out "$work/split" --shard "$work/plan:$k"
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print('  owns', j['facilities_owned'], 'facilities; read', j['road_lines_read'], 'of', sys.argv[2], 'road lines and', j['demand_points_read'], 'points')" \
    "$work/split/shard-$k/shard.json" "$lines"
done
shards_end=$(date +%s.%N)
timed "merge" "$bin" shard merge "$work/plan" --out "$work/split"
end=$(date +%s.%N)
echo "shards one after another: $(echo "$shards_end - $start" | bc) s; with the merge: $(echo "$end - $start" | bc) s"
python3 - "$work/one/summary.json" "$work/split/summary.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
print("one process stages: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(a["timings_s"].items(), key=lambda kv: -kv[1]) if v >= 0.01))
print("polygons:", a["polygons"])
for j in (a, b):
    for k in ("timings_s", "threads", "command"):
        j.pop(k, None)
print("summary.json:", "the same" if a == b else "DIFFERENT")
PY
for f in isochrones.geojson facilities.geojson; do
  if cmp -s "$work/one/$f" "$work/split/$f"; then echo "$f: the same"; else echo "$f: DIFFERENT"; fi
done

#!/usr/bin/env bash
# A walking coverage run split by district, against one process on the same data: Malta
# (../shared/data/malta.osm.pbf) with the 10,000 facilities of bench/malta_coverage.sh, its OSM
# population proxy as demand and its walkable ways as roads, `coverage --mode walk --within 15min`.
# The districts are a grid of 4 km squares over the extract's extent in UTM 33N (those holding no
# demand are dropped by nothing: a district may be empty), planned with `shard plan --mode walk
# --halo 15min --roads` (the halo is 15 minutes at the fastest a walker goes, 1,000 m).
#
# Runs, each under /usr/bin/time (wall time, peak resident memory):
#   1. one process;
#   2. every shard in turn (one at a time: this measures each task, not a cluster), then the merge;
#   3. the merged files compared with the one process's, byte for byte (summary.json without its
#      timings, threads and command line).
# Three times: from the extract itself (every shard reads it whole), from the extract cut per
# shard (`shard extract`, timed too), and from GeoPackages of its roads and demand points (a shard
# reads them within its halo).
#
#   bash bench/shard_network.sh [BUILD_DIR=build] [EXTRACT=../shared/data/malta.osm.pbf] [SHARDS=8]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
pbf=$(readlink -f "${2:-../shared/data/malta.osm.pbf}")
shards=${3:-8}
cmake --build "$build" --target bench_catchments lifecircle >/dev/null
bin=$(readlink -f "$build/lifecircle")
work=$(mktemp -d /tmp/lifecircle-shard-network.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$build/bench/bench_catchments" "$pbf" "$work" 10000 1000 >/dev/null

. bench/shard_common.sh
grid_districts "$pbf" "$work/districts.geojson"

# One variant: the run's sources (after --facilities), one process, the plan, the shards, the merge.
variant() {
  local name=$1
  shift
  local run=(coverage --facilities "$work/facilities.csv" --category health "$@" --mode walk --within 15min --crs EPSG:32633)
  local dir=$work/$name
  echo "== $name"
  timed "one process" "$bin" "${run[@]}" --out "$dir/one/run"
  timed "shard plan" "$bin" shard plan --districts "$work/districts.geojson" --demand "$pbf" --halo 15min --mode walk \
    --roads "$pbf" --shards "$shards" --crs EPSG:32633 --out "$dir/plan"
  if [ "$name" = extract ]; then  # the extract cut per shard, each shard reading its own
    timed "shard extract" "$bin" shard extract "$dir/plan" --source "$pbf"
    du -b "$dir/plan/extracts"/*/*.osm.pbf | awk '{printf "  %s: %.2f MB\n", $2, $1 / 1e6}' | sed "s|$dir/plan/||"
  fi
  local start shards_end end
  start=$(date +%s.%N)
  for k in $(seq 0 $((shards - 1))); do
    timed "shard $k" "$bin" "${run[@]}" --out "$dir/split/run" --shard "$dir/plan:$k"
    python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print('  owns', j['demand_points_owned'], 'points, read', j['demand_points_read'], 'points and', j['road_lines_read'], 'road lines')" \
      "$dir/split/run/shard-$k/shard.json"
  done
  shards_end=$(date +%s.%N)
  timed "merge" "$bin" shard merge "$dir/plan" --out "$dir/split/run"
  end=$(date +%s.%N)
  echo "shards one after another: $(echo "$shards_end - $start" | bc) s; with the merge: $(echo "$end - $start" | bc) s"
  python3 - "$dir/one/run/summary.json" "$dir/split/run/summary.json" <<'PY'
import json, sys
for path, label in zip(sys.argv[1:], ("one process", "merge")):
    j = json.load(open(path))
    t = j["timings_s"]
    print(label + " stages: " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(t.items(), key=lambda kv: -kv[1]) if v >= 0.01))
print("roads: " + json.load(open(sys.argv[1]))["network"]["roads"])
a, b = (json.load(open(p)) for p in sys.argv[1:])
for j in (a, b):
    for k in ("timings_s", "threads", "command"):
        j.pop(k, None)
print("summary.json:", "the same" if a == b else "DIFFERENT")
PY
  for f in demand.geojson facilities.geojson service_areas.geojson; do
    if cmp -s "$dir/one/run/$f" "$dir/split/run/$f"; then echo "$f: the same"; else echo "$f: DIFFERENT"; fi
  done
}

# The extract itself, read whole by every shard (GDAL's OSM driver has no spatial index).
variant osm --demand "$pbf" --roads "$pbf"
# The extract cut per shard (`shard extract`): each shard reads its own.
variant extract --demand "$pbf" --roads "$pbf"
# Indexed GeoPackages, which a shard reads only within its halo: the extract's highways
# (ogr2ogr, their highway=* value as the class) and the demand points the extract's proxy makes
# (a distance run's coverage.gpkg, layer demand).
ogr2ogr -f GPKG "$work/roads.gpkg" "$pbf" lines -where "highway IS NOT NULL" -nln roads -t_srs EPSG:32633 2>/dev/null
"$bin" coverage --facilities "$pbf" --demand "$pbf" --crs EPSG:32633 --format gpkg --out "$work/demand" >/dev/null
variant gpkg --demand "$work/demand/coverage.gpkg" --demand-layer demand --population-field population \
  --roads "$work/roads.gpkg" --road-class-field highway

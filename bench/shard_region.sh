#!/usr/bin/env bash
# A province-sized coverage run, split into shards on a throwaway single-node Slurm cluster
# (tests/support/slurm_cluster.sh; as root), against one process on the same data.
#
# The region is bench/gen_region.py's: 10,000,000 demand points (50,000,000 people) in a
# GeoPackage, 2,000 districts, 100,000 facilities in four categories, EPSG:32649. Generated once
# into WORK (about 1.5 GB, some 5 minutes). The run is `coverage --within 1000m --format fgb` (an
# indexed demand source, so each shard reads only its halo's points).
#
#   1. one process, under /usr/bin/time (wall time, peak resident memory);
#   2. `shard plan --demand ... --shards SHARDS --halo 1000m` (the demand counted per shard), then
#      `shard slurm PLAN --cpus 1 -- coverage ...` writes the job array and the merge job, their
#      memory sized from the plan's counts (--mem auto); each script's `exec lifecircle` is run
#      under /usr/bin/time (the cluster keeps no accounting database, so no sacct MaxRSS), and the
#      two scripts are submitted as `--submit` does (the merge with --dependency=afterok);
#   3. the merged files compared with the one process's, byte for byte (summary.json without its
#      timings, threads and command line).
# Prints the one process's and every task's wall time and peak memory, and the split run's total
# (first submission to the merge's end).
#
# With MODE walk: the same on foot, on the region's road grid (bench/gen_region_roads.py: a 250 m
# grid of 2 km ways, 480,350 of them, in a GeoPackage), `coverage --mode walk --within 15min
# --polygons fast --polygon-cell 50m`, planned with `--mode walk --halo 15min --roads` (1,000 m at
# 4 km/h); each shard reads the demand and the roads within its halo.
#
#   bash bench/shard_region.sh [BUILD_DIR=build] [WORK=/tmp/lifecircle-region] [SHARDS=16] [MODE=distance|walk]
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
bin=$(readlink -f "${1:-build}/lifecircle")
work=${2:-/tmp/lifecircle-region}
shards=${3:-16}
mode=${4:-distance}
mkdir -p "$work"
work=$(readlink -f "$work")

if [ ! -s "$work/demand.gpkg" ]; then
  echo "generating the region into $work"
  python3 "$src/bench/gen_region.py" "$work"
  ogr2ogr -f GPKG "$work/demand.gpkg.part" "$work/demand.csv" -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y \
    -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=YES -a_srs EPSG:32649 -nln demand -gt 100000 \
    --config OGR_SQLITE_SYNCHRONOUS OFF
  mv "$work/demand.gpkg.part" "$work/demand.gpkg"
fi
run=(coverage --facilities "$work/facilities.csv" --category-field kind --category-map "$work/kinds.yaml"
     --source-crs EPSG:32649 --demand "$work/demand.gpkg" --population-field pop --crs EPSG:32649 --format fgb)
halo=(--halo 1000m)
if [ "$mode" = walk ]; then
  if [ ! -s "$work/roads.gpkg" ]; then
    python3 "$src/bench/gen_region_roads.py" "$work"
    ogr2ogr -f GPKG "$work/roads.gpkg.part" "$work/roads.csv" -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO \
      -a_srs EPSG:32649 -nln roads -nlt LINESTRING -gt 100000 --config OGR_SQLITE_SYNCHRONOUS OFF
    mv "$work/roads.gpkg.part" "$work/roads.gpkg"
  fi
  run+=(--roads "$work/roads.gpkg" --road-class-field class --mode walk --within 15min --polygons fast --polygon-cell 50m)
  halo=(--halo 15min --mode walk --roads "$work/roads.gpkg" --road-class-field class)
else
  run+=(--within 1000m)
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
one=one-$mode split=split-$mode plan=plan-$mode
rm -rf "$work/$one" "$work/$split" "$work/$plan"
/usr/bin/time -f '%e %M' -o "$work/$one.time" "$bin" "${run[@]}" --out "$work/$one" >"$work/$one.log"
read -r one_s one_kb <"$work/$one.time"
printf 'one process: %s s, %s MiB\n' "$one_s" "$((one_kb / 1024))"

/usr/bin/time -f '%e %M' -o "$work/$plan.time" "$bin" shard plan --districts "$work/districts.geojson" \
  --demand "$work/demand.gpkg" --population-field pop "${halo[@]}" --shards "$shards" --crs EPSG:32649 --out "$work/$plan" \
  >"$work/$plan.log"
read -r plan_s plan_kb <"$work/$plan.time"
printf 'shard plan (counting the demand): %s s, %s MiB\n' "$plan_s" "$((plan_kb / 1024))"

. "$src/tests/support/slurm_cluster.sh" lifecircle-region
cd "$work"
"$bin" shard slurm "$plan" --cpus 1 -- "${run[@]}" --out "$split" | grep '^Memory'
# Each task's lifecircle under /usr/bin/time: its wall time and peak memory in $split/slurm/time-*.
sed -i "s|^exec '$bin'|exec /usr/bin/time -f '%e %M' -o $work/$split/slurm/time-\"\$SLURM_ARRAY_TASK_ID\" '$bin'|" \
  $split/slurm/shards.sbatch
sed -i "s|^exec '$bin'|exec /usr/bin/time -f '%e %M' -o $work/$split/slurm/time-merge '$bin'|" $split/slurm/merge.sbatch
grep -q /usr/bin/time $split/slurm/shards.sbatch && grep -q /usr/bin/time $split/slurm/merge.sbatch
start=$(date +%s.%N)
array=$(sbatch --parsable $split/slurm/shards.sbatch | cut -d';' -f1)
merge=$(sbatch --parsable --dependency=afterok:"$array" $split/slurm/merge.sbatch | cut -d';' -f1)
slurm_wait_job "$array" 3600 >"$work/array.states"
shards_end=$(date +%s.%N)
slurm_wait_job "$merge" 3600 >"$work/merge.states"
end=$(date +%s.%N)
if grep -v COMPLETED "$work/array.states" "$work/merge.states"; then
  cat $split/slurm/*.log >&2
  exit 1
fi

echo "shard  wall s  peak MiB  demand points read  owned  road lines read"
for k in $(seq 0 $((shards - 1))); do
  read -r s kb <"$split/slurm/time-$k"
  python3 - "$k" "$s" "$kb" "$split/shard-$k/shard.json" <<'PY'
import json, sys
k, s, kb, path = sys.argv[1:]
j = json.load(open(path))
roads = j.get("road_lines_read")
print(f"{k:>5}  {float(s):6.1f}  {int(kb) // 1024:8}  {j['demand_points_read']:>18,}  {j['demand_points_owned']:>9,}"
      + (f"  {roads:>15,}" if roads is not None else ""))
PY
done
read -r merge_s merge_kb <$split/slurm/time-merge
printf 'merge: %s s, %s MiB\n' "$merge_s" "$((merge_kb / 1024))"
printf 'split run: %.1f s in all (array %.1f s, then the merge), against %s s in one process\n' \
  "$(echo "$end - $start" | bc)" "$(echo "$shards_end - $start" | bc)" "$one_s"

summary_body() { sed -e '/"timings_s": {/,/}/d' -e '/"threads":/d' -e '/"command":/d' "$1"; }
for f in $one/*.fgb; do
  cmp "$split/${f#$one/}" "$f"
done
[ "$(summary_body $split/summary.json)" = "$(summary_body $one/summary.json)" ]
echo "merged files byte-identical to the one process's (summary.json without its run fields)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# A split run through Slurm, for real: the bundled city planned into 4 shards, `shard slurm
# --submit` on a throwaway single-node cluster (tests/support/slurm_cluster.sh), and the merged
# files compared with a one-machine run, file by file (summary.json without its timings, threads
# and command). Then one shard's results are removed, the merge job refuses to finish without
# them, and `--only` runs that shard alone before the merge writes the same files again. Last, a
# check split the same way, its merged reports and exit code against a one-machine check; a
# siting run (propose) split the same way, its solve the dependent job; a walking coverage run;
# per-facility isochrones on foot.
# Usage: shard_slurm_test.sh LIFECIRCLE DATA_DIR
set -euo pipefail
bin=$(readlink -f "$1")
data=$(readlink -f "$2")
. "$(dirname "$0")/../support/slurm_cluster.sh" lifecircle-shards

fail() {
  echo "FAIL: $*" >&2
  slurm_logs >&2
  for f in "$tmp"/split/slurm/*.log; do [ -f "$f" ] && { echo "== $f" >&2; cat "$f" >&2; }; done
  exit 1
}
# summary.json without the fields of the run itself.
summary_body() { sed -e '/"timings_s": {/,/}/d' -e '/"threads":/d' -e '/"command":/d' "$1"; }
same_outputs() { # what [SPLIT_DIR ONE_DIR]
  local split=${2:-split} one=${3:-one}
  for f in demand.geojson facilities.geojson service_areas.geojson; do
    cmp -s $split/$f $one/$f || fail "$1: $f differs from the one-machine run"
  done
  [ "$(summary_body $split/summary.json)" = "$(summary_body $one/summary.json)" ] || fail "$1: summary.json differs"
  echo "ok: $1: demand, facilities, service areas and summary as one machine writes them"
}

cd "$tmp"
pbf="$data/chengdu_central_2018.osm.pbf"
run=(coverage --facilities "$pbf" --demand "$pbf" --within 1000m --crs EPSG:4523)
"$bin" shard plan --districts "$data/chengdu_grid_districts.geojson" --demand "$pbf" --halo 1000m --shards 4 \
  --crs EPSG:4523 --out plan >/dev/null
"$bin" "${run[@]}" --out one >/dev/null

# 1. The whole split run: the array, then the merge after it.
out=$("$bin" shard slurm plan --submit --mem 1500M -- "${run[@]}" --out split)
echo "$out"
jobs=$(echo "$out" | sed -n 's/^Submitted: shards job \([0-9]*\), merge job \([0-9]*\).*/\1 \2/p')
read -r array merge <<<"$jobs"
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in: $out"
states=$(slurm_wait_job "$array" 120) || fail "array $array did not finish"
[ "$states" = "0 COMPLETED 0:0
1 COMPLETED 0:0
2 COMPLETED 0:0
3 COMPLETED 0:0" ] || fail "array $array: $states"
states=$(slurm_wait_job "$merge" 120) || fail "merge $merge did not finish"
[ "$states" = "- COMPLETED 0:0" ] || fail "merge $merge: $states"
grep -q -- '--mem=1500M' split/slurm/shards.sbatch || fail "the tasks' memory request is not in the script"
same_outputs "4 shards through Slurm"

# 2. Shard 2's results lost: a merge alone fails and names it; --only 2 runs it alone, then merges.
rm -rf split/shard-2 split/demand.geojson
"$bin" shard merge plan --out split 2>err.txt && fail "the merge ran without shard 2"
grep -q "no results for shard(s) 2" err.txt || fail "the merge did not name shard 2: $(cat err.txt)"
out=$("$bin" shard slurm plan --submit --only 2 -- "${run[@]}" --out split)
read -r array merge <<<"$(echo "$out" | sed -n 's/^Submitted: shards job \([0-9]*\), merge job \([0-9]*\).*/\1 \2/p')"
states=$(slurm_wait_job "$array" 120) || fail "array $array did not finish"
[ "$states" = "2 COMPLETED 0:0" ] || fail "--only 2 ran: $states"
states=$(slurm_wait_job "$merge" 120) || fail "merge $merge did not finish"
[ "$states" = "- COMPLETED 0:0" ] || fail "merge $merge: $states"
same_outputs "shard 2 run again alone"

# 3. A check split the same way: the tasks succeed, the merge writes the one-machine reports and
# exits as the check does (1: the 2018 extract fails the preset's circles), so its job FAILED 1:0.
# The one-machine check runs in the split folder first (report.md records the command line, --out
# included) and its reports are moved aside.
check=(check --preset cn-health --mode distance --facilities "$pbf" --demand "$pbf" \
  --districts "$data/chengdu_grid_districts.geojson" --crs EPSG:4523 --out csplit)
code=0
"$bin" "${check[@]}" >/dev/null || code=$?
[ "$code" = 1 ] || fail "the one-machine check exited $code, not 1"
mkdir cone
mv csplit/report.json csplit/junit.xml csplit/report.md csplit/districts.geojson cone/
out=$("$bin" shard slurm plan --submit -- "${check[@]}")
read -r array merge <<<"$(echo "$out" | sed -n 's/^Submitted: shards job \([0-9]*\), merge job \([0-9]*\).*/\1 \2/p')"
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in: $out"
states=$(slurm_wait_job "$array" 120) || fail "array $array did not finish"
[ "$states" = "0 COMPLETED 0:0
1 COMPLETED 0:0
2 COMPLETED 0:0
3 COMPLETED 0:0" ] || fail "check array $array: $states"
states=$(slurm_wait_job "$merge" 120) || fail "merge $merge did not finish"
[ "$states" = "- FAILED 1:0" ] || fail "check merge $merge: $states (the check's exit code is 1)"
for f in junit.xml report.md districts.geojson; do
  cmp -s csplit/$f cone/$f || fail "check: $f differs from the one-machine run"
done
report_body() { sed -e '/"timings_s": {/,/}/d' -e '/"threads":/d' "$1"; }
[ "$(report_body csplit/report.json)" = "$(report_body cone/report.json)" ] || fail "check: report.json differs"
echo "ok: a check through Slurm: its reports as one machine writes them, its exit code 1"

# 4. A siting run: the shards' Reach rows as the array, the solve after it.
prop=(propose --model mclp --add 3 --category health --facilities "$pbf" --demand "$pbf" --candidate-grid 400m
      --within 500m --crs EPSG:4523)
"$bin" "${prop[@]}" --out prop-one >/dev/null
out=$("$bin" shard slurm plan --submit -- "${prop[@]}" --out prop-split)
read -r array merge <<<"$(echo "$out" | sed -n 's/^Submitted: shards job \([0-9]*\), merge job \([0-9]*\).*/\1 \2/p')"
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in: $out"
states=$(slurm_wait_job "$array" 120) || fail "array $array did not finish"
[ "$(echo "$states" | grep -c COMPLETED)" = 4 ] || fail "propose array $array: $states"
states=$(slurm_wait_job "$merge" 120) || fail "solve $merge did not finish"
[ "$states" = "- COMPLETED 0:0" ] || fail "solve $merge: $states"
for f in proposed_sites.geojson facilities.geojson; do
  cmp -s prop-split/$f prop-one/$f || fail "propose: $f differs from the one-machine run"
done
# (and the solver's seconds)
[ "$(summary_body prop-split/summary.json | sed '/"seconds":/d')" = "$(summary_body prop-one/summary.json | sed '/"seconds":/d')" ] ||
  fail "propose: summary.json differs"
echo "ok: propose in 4 shards through Slurm: proposed sites, facilities and summary as one machine writes them"

# 5. A walking run: planned with a 15-minute walking halo; each task reads the roads within it.
walk=(coverage --facilities "$pbf" --demand "$pbf" --mode walk --within 15min --crs EPSG:4523)
"$bin" shard plan --districts "$data/chengdu_grid_districts.geojson" --demand "$pbf" --halo 15min --mode walk \
  --roads "$pbf" --shards 4 --crs EPSG:4523 --out wplan >/dev/null
"$bin" "${walk[@]}" --out wone >/dev/null
out=$("$bin" shard slurm wplan --submit -- "${walk[@]}" --out wsplit)
read -r array merge <<<"$(echo "$out" | sed -n 's/^Submitted: shards job \([0-9]*\), merge job \([0-9]*\).*/\1 \2/p')"
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in: $out"
states=$(slurm_wait_job "$array" 120) || fail "array $array did not finish"
[ "$(echo "$states" | grep -c COMPLETED)" = 4 ] || fail "walk array $array: $states"
states=$(slurm_wait_job "$merge" 120) || fail "merge $merge did not finish"
[ "$states" = "- COMPLETED 0:0" ] || fail "walk merge $merge: $states"
same_outputs "a walking run in 4 shards through Slurm" wsplit wone

# 6. Per-facility isochrones on foot: each task draws the split areas of the facilities it owns.
iso=(isochrones --facilities "$pbf" --demand "$pbf" --mode walk --merge split --shape rings --crs EPSG:4523)
"$bin" "${iso[@]}" --out ione >/dev/null
out=$("$bin" shard slurm wplan --submit -- "${iso[@]}" --out isplit)
read -r array merge <<<"$(echo "$out" | sed -n 's/^Submitted: shards job \([0-9]*\), merge job \([0-9]*\).*/\1 \2/p')"
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in: $out"
states=$(slurm_wait_job "$array" 120) || fail "array $array did not finish"
[ "$(echo "$states" | grep -c COMPLETED)" = 4 ] || fail "isochrones array $array: $states"
states=$(slurm_wait_job "$merge" 120) || fail "merge $merge did not finish"
[ "$states" = "- COMPLETED 0:0" ] || fail "isochrones merge $merge: $states"
for f in isochrones.geojson facilities.geojson; do
  cmp -s isplit/$f ione/$f || fail "isochrones: $f differs from the one-machine run"
done
[ "$(summary_body isplit/summary.json)" = "$(summary_body ione/summary.json)" ] || fail "isochrones: summary.json differs"
echo "ok: split isochrones in 4 shards through Slurm: every facility's rings as one machine draws them"
echo "shard slurm: all checks passed"

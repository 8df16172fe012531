#!/usr/bin/env bash
# Walking catchments side by side with pgRouting, on the same graph and the same sources:
# bench_catchments (bench/catchment_compare.cpp) writes lifecircle's walking graph of EXTRACT as
# an edge table and N source nodes, and times lifecircle's bounded searches on one thread; the
# same edges go into a throwaway PostgreSQL server (tests/support/pg_server.sh: Unix socket only,
# removed at exit) with pgRouting, where pgr_drivingDistance runs from the same sources to the
# same limit (one backend: one core), 3 runs each. Prints both engines' times, their ratio and the
# (source, node) pairs each found.
#   bash bench/pgrouting.sh [BUILD_DIR=build] [EXTRACT=../shared/data/malta.osm.pbf] [N=10000] [LIMIT_M=1000]
# Needs postgresql-15-pgrouting (installed here when missing, as root; the test set-up does not).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
pbf=${2:-../shared/data/malta.osm.pbf}
n=${3:-10000}
limit=${4:-1000}

if ! dpkg-query -W -f='${Status}' postgresql-15-pgrouting 2>/dev/null | grep -q "install ok installed"; then
  apt-get install -y -q postgresql-15 postgresql-15-postgis-3 postgresql-15-pgrouting >/dev/null
fi
cmake --build "$build" --target bench_catchments >/dev/null

work=$(mktemp -d /tmp/lifecircle-pgr-data.XXXXXX)
chmod 755 "$work"
"$build/bench/bench_catchments" "$pbf" "$work" "$n" "$limit" | tee "$work/lifecircle.txt"

. tests/support/pg_server.sh lifecircle-pgr
trap 'pg_stop; rm -rf "$work"' EXIT
q() { psql -X -q -t -A -h "$tmp" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
q -c 'CREATE EXTENSION pgrouting' >/dev/null
q -c 'CREATE TABLE edges (id bigint, source bigint, target bigint, cost float8, reverse_cost float8)'
q -c "\\copy edges FROM '$work/edges.csv' CSV HEADER"
q -c 'ANALYZE edges'
sources=$(cat "$work/sources.txt")

for count in 1000 "$n"; do
  subset=$(echo "$sources" | tr ',' '\n' | head -n "$count" | paste -sd,)
  times=()
  pairs=0
  for run in 1 2 3; do
    # The query's own time, from psql's \timing (milliseconds), the edges read by pgRouting included.
    out=$(q -c '\timing on' -c "SELECT count(*) FROM pgr_drivingDistance(
             'SELECT id, source, target, cost, reverse_cost FROM edges', ARRAY[$subset]::bigint[], $limit,
             directed => false)")
    pairs=$(echo "$out" | head -n 1)
    times+=("$(echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -g | paste -sd' ')
  median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
  ours=$(grep "^lifecircle $count catchments" "$work/lifecircle.txt" | sed 's/.*median \([0-9.]*\) s.*/\1/')
  our_pairs=$(grep "^lifecircle $count catchments" "$work/lifecircle.txt" | sed 's/.*, \([0-9]*\) pairs/\1/')
  awk -v c="$count" -v m="$median" -v all="$sorted" -v o="$ours" -v p="$pairs" -v op="$our_pairs" 'BEGIN {
    printf "pgRouting %s catchments: median %.4f s (runs: %s ms), %s pairs\n", c, m / 1000, all, p
    printf "ratio pgRouting / lifecircle (one core each): %.1f; pairs differ by %d\n", (m / 1000) / o, p - op
  }'
done

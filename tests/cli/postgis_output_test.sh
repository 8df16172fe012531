#!/usr/bin/env bash
# Outputs written to PostgreSQL (--out PG:...), in a throwaway PostGIS database (Unix socket
# only, no TCP; the set-up of tests/io/postgis_source_test.sh). Each run's tables are compared
# with the GeoJSON outputs of the same command, loaded into the database with ogr2ogr (GDAL's
# GeoJSON reader, not lifecircle's code):
#   1. coverage into the connection's schema: tables demand, facilities, service_areas with the
#      GeoJSON run's rows (every id, population, <category>_covered, ..., the point to 1e-7
#      degrees), a row in lifecircle_runs, no temporary table left, the indexes named after the
#      tables; a password given in the connection is masked in the stored command;
#   2. a second run (--within 300m) replaces the tables: the 300 m GeoJSON run's values, two rows
#      in lifecircle_runs;
#   3. a run with a bad input (after the server is up) fails and leaves the tables of run 2;
#   4. a run that fails inside the transaction, after its tables are written and the old ones
#      dropped (lifecircle_runs made unusable in schema trap), leaves trap's previous tables;
#   5. isochrones and propose into schema=plan: tables isochrones and proposed_sites.
set -euo pipefail
bin=$1
pbf=$2
. "$(dirname "$0")/../support/pg_server.sh" lifecircle-pgout
q() { psql -X -q -t -A -h "$tmp" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "$1"; }
# Trust authentication ignores the password: it is there to be masked.
pg="PG:host=$tmp user=postgres dbname=postgres password=not-a-secret"
pg_ogr="PG:host=$tmp user=postgres dbname=postgres"
src=(--facilities "$pbf" --demand "$pbf")

fail=0
passed=0
expect() {  # expect WHAT GOT WANTED
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1: got '$2', expected '$3'"
    fail=1
  else
    passed=$((passed + 1))
  fi
}
run() {  # run NAME ARGS...: lifecircle, its exit code in $code, output in $tmp/NAME.out/.err
  local name=$1
  shift
  set +e
  "$bin" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  code=$?
  set -e
}
load_ref() {  # load_ref SCHEMA FOLDER FILE...: the GeoJSON outputs as tables of SCHEMA
  local schema=$1 dir=$2
  shift 2
  q "CREATE SCHEMA IF NOT EXISTS $schema"
  for f in "$@"; do
    ogr2ogr -f PostgreSQL "$pg_ogr" "$dir/$f.geojson" -nln "$schema.$f" -lco GEOMETRY_NAME=geom -lco PRECISION=NO
  done
}
# The rows of TABLE that have no equal in REF (same KEY columns, same values of COLS, the same
# point to 1e-7 degrees, a geometry where REF has one), plus the difference in row counts.
mismatches() {  # mismatches TABLE REF "KEY" "COLS"
  local t=$1 r=$2 key=$3 cols=$4 on="" c
  for c in $key $cols; do on="$on AND t.\"$c\" IS NOT DISTINCT FROM r.\"$c\""; done
  q "SELECT (SELECT count(*) FROM $t) - (SELECT count(*) FROM $r)
          + (SELECT count(*) FROM $t t WHERE NOT EXISTS (SELECT 1 FROM $r r WHERE true $on
               AND ((t.geom IS NULL AND r.geom IS NULL)
                    OR (ST_GeometryType(t.geom) <> 'ST_Point' AND r.geom IS NOT NULL)
                    OR ST_Distance(t.geom, r.geom) <= 1e-7)))"
}
demand_cols="population health_nearest_m health_covered health_count elderly_care_covered fitness_covered
  fitness_count scenic_covered scenic_count life_circle_complete"

# 1. coverage
run ref1 coverage "${src[@]}" --out "$tmp/ref1"
expect "GeoJSON reference run" "$code" 0
load_ref ref1 "$tmp/ref1" demand facilities service_areas
run cov1 coverage "${src[@]}" --out "$pg"
expect "coverage into PostgreSQL" "$code" 0
[ "$code" -eq 0 ] || cat "$tmp/cov1.err"
expect "demand rows" "$(q 'SELECT count(*) FROM demand')" "$(q 'SELECT count(*) FROM ref1.demand')"
expect "demand rows unlike the GeoJSON's" "$(mismatches public.demand ref1.demand id "$demand_cols")" 0
expect "population" "$(q 'SELECT round(sum(population)::numeric, 3) FROM demand')" \
  "$(q 'SELECT round(sum(population)::numeric, 3) FROM ref1.demand')"
expect "facilities unlike the GeoJSON's" \
  "$(mismatches public.facilities ref1.facilities 'id category' 'name status population_in_reach population_nearest')" 0
expect "service areas unlike the GeoJSON's" \
  "$(mismatches public.service_areas ref1.service_areas category 'within_m facility_count area_m2 population_covered share')" 0
expect "service area geometry type" "$(q "SELECT DISTINCT GeometryType(geom) FROM service_areas WHERE geom IS NOT NULL")" MULTIPOLYGON
expect "service area SRID" "$(q "SELECT Find_SRID('public', 'service_areas', 'geom')")" 4326
expect "runs after run 1" "$(q "SELECT count(*) || ' ' || string_agg(command, ',') FROM lifecircle_runs")" "1 coverage"
expect "stored summary" "$(q "SELECT summary->>'output_format' || ' ' || (summary->'categories'->'health'->>'facility_count')
                             FROM lifecircle_runs")" "postgresql $(grep -A1 '"health"' "$tmp/ref1/summary.json" | grep -o '[0-9]*' | head -n 1)"
expect "password in the stored command" "$(q "SELECT summary->>'command' LIKE '%password=***%' AND summary::text NOT LIKE '%not-a-secret%' FROM lifecircle_runs")" t
! grep -q not-a-secret "$tmp/cov1.out" "$tmp/cov1.err" || { echo "FAIL: the password is printed"; fail=1; }
expect "temporary tables left" "$(q "SELECT count(*) FROM pg_class WHERE relname LIKE '%\_lc\_tmp\_%'")" 0
expect "indexes of demand" "$(q "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'demand' AND schemaname = 'public'")" \
  "demand_geom_geom_idx demand_pkey"

# 2. a second run replaces the tables
run ref2 coverage "${src[@]}" --within 300m --out "$tmp/ref2"
load_ref ref2 "$tmp/ref2" demand
run cov2 coverage "${src[@]}" --within 300m --out "$pg"
expect "second coverage run" "$code" 0
expect "demand rows unlike the 300 m GeoJSON's" "$(mismatches public.demand ref2.demand id "$demand_cols")" 0
expect "health covered changed" "$(q 'SELECT (SELECT count(*) FROM demand WHERE health_covered) < (SELECT count(*) FROM ref1.demand WHERE health_covered)')" t
expect "runs after run 2" "$(q 'SELECT count(*) FROM lifecircle_runs')" 2

# 3. a bad input: the run fails before writing, the tables stay those of run 2
run bad coverage --facilities "$pbf" --demand "$tmp/no-such-demand.geojson" --out "$pg"
expect "run with a bad input" "$code" 3
expect "demand after the failed run" "$(mismatches public.demand ref2.demand id "$demand_cols")" 0
expect "runs after the failed run" "$(q 'SELECT count(*) FROM lifecircle_runs')" 2

# 4. a failure inside the transaction, after the new tables are written and the old dropped
run trap1 coverage "${src[@]}" --out "$pg schema=trap"
expect "coverage into schema trap" "$code" 0
expect "trap demand unlike the GeoJSON's" "$(mismatches trap.demand ref1.demand id "$demand_cols")" 0
q 'ALTER TABLE trap.lifecircle_runs RENAME COLUMN summary TO something_else'
run trap2 coverage "${src[@]}" --within 300m --out "$pg schema=trap"
expect "run that cannot record itself" "$code" 3
grep -q 'cannot add the run to trap.lifecircle_runs' "$tmp/trap2.err" || { echo "FAIL: message: $(cat "$tmp/trap2.err")"; fail=1; }
grep -q 'password=\*\*\*' "$tmp/trap2.err" || { echo "FAIL: connection not named (masked): $(cat "$tmp/trap2.err")"; fail=1; }
expect "trap demand after the failed run" "$(mismatches trap.demand ref1.demand id "$demand_cols")" 0
expect "trap tables after the failed run" "$(q "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'trap'")" \
  "demand facilities lifecircle_runs service_areas"
expect "temporary tables after the failed run" "$(q "SELECT count(*) FROM pg_class WHERE relname LIKE '%\_lc\_tmp\_%'")" 0

# 5. isochrones and propose, into schema plan
run refi isochrones "${src[@]}" --breaks 5,10 --categories health --out "$tmp/refi"
load_ref refi "$tmp/refi" isochrones
run iso isochrones "${src[@]}" --breaks 5,10 --categories health --out "$pg schema=plan"
expect "isochrones into PostgreSQL" "$code" 0
expect "isochrones unlike the GeoJSON's" \
  "$(mismatches plan.isochrones refi.isochrones 'category break' 'facility_id lower unit population area_m2')" 0
expect "isochrones polygon areas" "$(q "SELECT count(*) FROM plan.isochrones t JOIN refi.isochrones r USING (category, break)
                                     WHERE abs(ST_Area(t.geom) - ST_Area(r.geom)) > 1e-7 * ST_Perimeter(r.geom)")" 0
run refp propose "${src[@]}" --category health --add 3 --candidate-grid 400m --out "$tmp/refp"
load_ref refp "$tmp/refp" proposed_sites
run prop propose "${src[@]}" --category health --add 3 --candidate-grid 400m --out "$pg schema=plan"
expect "propose into PostgreSQL" "$code" 0
expect "proposed sites unlike the GeoJSON's" \
  "$(mismatches plan.proposed_sites refp.proposed_sites rank 'id category marginal covered_weight_after')" 0
expect "plan runs" "$(q "SELECT string_agg(command, ',' ORDER BY id) FROM plan.lifecircle_runs")" "isochrones,propose"

if [ $fail -eq 0 ]; then
  echo "PostGIS output: $passed passed, 0 failed"
else
  echo "PostGIS output: failures above; server log:"
  tail -n 20 "$tmp/server.log"
  exit 1
fi

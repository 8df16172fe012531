#!/usr/bin/env bash
# PostGIS as a source: facilities and demand loaded into a throwaway PostGIS database (Unix
# socket only, no TCP) and read by `lifecircle coverage` through GDAL's PG driver.
#
# Fixture (EPSG:32650, metres): one health facility F at (500000, 1000); demand
#   d1 (500300, 1400), 10 people:  500 m from F (a 300-400-500 triangle)  -> covered
#   d2 (501000, 1000), 20 people: 1000 m from F (on the circle)           -> covered
#   d3 (500000, 2500), 40 people: 1500 m from F                           -> not covered
# so within 1000 m: 30 of 70 people, share 3/7 = 0.428571...
set -euo pipefail
bin=$1
. "$(dirname "$0")/../support/pg_server.sh" lifecircle-pg

crs='"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32650"}}'
cat > "$tmp/fac.geojson" <<JSON
{"type": "FeatureCollection", $crs, "features": [
 {"type": "Feature", "properties": {"id": "F", "name": "社区卫生服务中心"}, "geometry": {"type": "Point", "coordinates": [500000, 1000]}}]}
JSON
cat > "$tmp/dem.geojson" <<JSON
{"type": "FeatureCollection", $crs, "features": [
 {"type": "Feature", "properties": {"id": "d1", "pop": 10}, "geometry": {"type": "Point", "coordinates": [500300, 1400]}},
 {"type": "Feature", "properties": {"id": "d2", "pop": 20}, "geometry": {"type": "Point", "coordinates": [501000, 1000]}},
 {"type": "Feature", "properties": {"id": "d3", "pop": 40}, "geometry": {"type": "Point", "coordinates": [500000, 2500]}}]}
JSON
pg="PG:host=$tmp user=postgres dbname=postgres"
ogr2ogr -f PostgreSQL "$pg" "$tmp/fac.geojson" -nln fac
ogr2ogr -f PostgreSQL "$pg" "$tmp/dem.geojson" -nln dem

"$bin" coverage --facilities "$pg" --facilities-layer fac --category health \
  --demand "$pg" --demand-layer dem --population-field pop --within 1000m --out "$tmp/out" >"$tmp/stdout"

summary="$tmp/out/summary.json"
fail=0
expect() {  # expect KEY VALUE: the first "KEY": VALUE in summary.json
  local got
  got=$(grep -o "\"$1\": [^,}]*" "$summary" | head -n 1 | sed 's/.*: //')
  if [ "$got" != "$2" ]; then
    echo "FAIL: $1 = $got, expected $2"
    fail=1
  fi
}
expect crs '"EPSG:32650"'
expect facility_count 1
expect population_covered 30.0
expect population_total 70.0
grep -q '"share": 0.42857142857142' "$summary" || { echo "FAIL: share is not 3/7"; fail=1; }
grep -q '"id": "d3"' "$tmp/out/demand.geojson" || { echo "FAIL: demand ids not kept"; fail=1; }
grep -q '"name": "社区卫生服务中心"' "$tmp/out/facilities.geojson" || { echo "FAIL: facility name not UTF-8"; fail=1; }
[ $fail -eq 0 ] && echo "PostGIS source: 1 passed, 0 failed" || { cat "$tmp/stdout"; cat "$summary"; exit 1; }

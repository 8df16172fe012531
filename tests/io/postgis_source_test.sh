#!/usr/bin/env bash
# PostGIS as a source: facilities and demand loaded into a throwaway PostGIS database (Unix
# socket only, no TCP) and read by `lifecircle coverage` through GDAL's PG driver, whole and split
# into two shards that each read the demand within their halo.
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
[ $fail -eq 0 ] || { cat "$tmp/stdout"; cat "$summary"; exit 1; }

# A split run reading PostGIS through GDAL's spatial filter: the demand again with d4 (503000,
# 1000), 5 people, 3000 m from F; districts west x 499000-501500 and east 501500-504000 (y 0-3000),
# a shard each, a 1000 m halo. West reads within x 498000-502500: d1, d2, d3 (3 points); east
# within 500500-505000: d2 and d4 (2), not d1 (500300) nor d3 (500000). Merged: 30 of 75 covered.
cat > "$tmp/dem4.geojson" <<JSON
{"type": "FeatureCollection", $crs, "features": [
 {"type": "Feature", "properties": {"id": "d1", "pop": 10}, "geometry": {"type": "Point", "coordinates": [500300, 1400]}},
 {"type": "Feature", "properties": {"id": "d2", "pop": 20}, "geometry": {"type": "Point", "coordinates": [501000, 1000]}},
 {"type": "Feature", "properties": {"id": "d3", "pop": 40}, "geometry": {"type": "Point", "coordinates": [500000, 2500]}},
 {"type": "Feature", "properties": {"id": "d4", "pop": 5}, "geometry": {"type": "Point", "coordinates": [503000, 1000]}}]}
JSON
cat > "$tmp/districts.geojson" <<JSON
{"type": "FeatureCollection", $crs, "features": [
 {"type": "Feature", "properties": {"name": "west"}, "geometry": {"type": "Polygon", "coordinates": [[[499000, 0], [501500, 0], [501500, 3000], [499000, 3000], [499000, 0]]]}},
 {"type": "Feature", "properties": {"name": "east"}, "geometry": {"type": "Polygon", "coordinates": [[[501500, 0], [504000, 0], [504000, 3000], [501500, 3000], [501500, 0]]]}}]}
JSON
ogr2ogr -f PostgreSQL "$pg" "$tmp/dem4.geojson" -nln dem4
"$bin" shard plan --districts "$tmp/districts.geojson" --demand "$pg" --demand-layer dem4 --population-field pop \
  --halo 1000m --shards 2 --crs EPSG:32650 --out "$tmp/plan" >/dev/null
run=(coverage --facilities "$pg" --facilities-layer fac --category health --demand "$pg" --demand-layer dem4
     --population-field pop --within 1000m --crs EPSG:32650)
"$bin" "${run[@]}" --out "$tmp/one" >/dev/null
for k in 0 1; do "$bin" "${run[@]}" --out "$tmp/split" --shard "$tmp/plan:$k" >/dev/null; done
"$bin" shard merge "$tmp/plan" --out "$tmp/split" >/dev/null
west=$(python3 -c "
import json, sys
p = json.load(open(sys.argv[1]))
print(0 if p['shards'][0]['district_names'] == ['west'] else 1)" "$tmp/plan/plan.json")
read_count() { python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['demand_points_read'])" "$1"; }
[ "$(read_count "$tmp/split/shard-$west/shard.json")" = 3 ] || { echo "FAIL: the west shard read $(read_count "$tmp/split/shard-$west/shard.json") points, not 3"; fail=1; }
[ "$(read_count "$tmp/split/shard-$((1 - west))/shard.json")" = 2 ] || { echo "FAIL: the east shard did not read 2 points"; fail=1; }
summary="$tmp/split/summary.json"
expect population_covered 30.0
expect population_total 75.0
for f in demand.geojson facilities.geojson service_areas.geojson; do
  cmp -s "$tmp/split/$f" "$tmp/one/$f" || { echo "FAIL: split $f differs from the one-machine run"; fail=1; }
done
[ $fail -eq 0 ] && echo "PostGIS source: 2 passed, 0 failed" || { cat "$tmp/stdout"; cat "$summary"; exit 1; }

# Shared by shard_network.sh and shard_isochrones.sh (sourced; $work is the run's folder).

# grid_districts PBF OUT: districts of 4 km squares over the extract's bounds (ogrinfo's extent of
# its lines layer, in UTM 33N) as a GeoJSON in EPSG:32633; those holding no demand are kept.
grid_districts() {
  local pbf=$1 out=$2 x0 y0 x1 y1 ex0 ey0 ex1 ey1
  read -r x0 y0 x1 y1 < <(ogrinfo -ro -so -al "$pbf" lines 2>/dev/null | sed -n 's/^Extent: (\(.*\), \(.*\)) - (\(.*\), \(.*\))$/\1 \2 \3 \4/p')
  read -r ex0 ey0 _ < <(echo "$x0 $y0" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32633)
  read -r ex1 ey1 _ < <(echo "$x1 $y1" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32633)
  python3 - "$out" "$ex0" "$ey0" "$ex1" "$ey1" <<'PY'
import json, sys
out, ex0, ey0, ex1, ey1 = sys.argv[1], *map(float, sys.argv[2:])
side, feats, y = 4000.0, [], ey0
while y < ey1:
    x = ex0
    while x < ex1:
        ring = [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]
        feats.append({"type": "Feature", "properties": {"id": "D%03d" % len(feats), "name": "square %d" % len(feats)},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
        x += side
    y += side
json.dump({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32633"}},
           "features": feats}, open(out, "w"))
print(f"{len(feats)} districts of {side / 1000:g} km")
PY
}

timed() {  # label, command...: prints "label: S s, M MiB"
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  read -r s kb < "$work/time"
  printf '%s: %s s, %d MiB\n' "$label" "$s" $((kb / 1024))
}

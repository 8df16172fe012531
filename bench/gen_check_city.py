# The city of bench_check.cpp written as files in EPSG:32650 (districts.geojson, demand.csv,
# facilities.csv, kinds.yaml), for bench/check_city.sh and bench/memory.sh.
#
#   python3 bench/gen_check_city.py WORK
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
# The road grid of bench/gen_region.py's region (400 km x 300 km from (350000, 2450000) in
# EPSG:32649), for its walk runs (bench/shard_region.sh walk): streets every SPACING metres both
# ways, each street cut into ways of WAY metres (as OSM ways are: a shard then reads the ways near
# it, not whole streets across the province), class `residential`. Written as roads.csv (id,
# class, WKT LineString), which the benchmark turns into a GeoPackage with a spatial index. No
# random numbers: the grid is regular.
#
#   python3 bench/gen_region_roads.py WORK [SPACING=250] [WAY=2000]
import os, sys

work = sys.argv[1]
spacing = float(sys.argv[2]) if len(sys.argv) > 2 else 250.0
way = float(sys.argv[3]) if len(sys.argv) > 3 else 2000.0
X0, Y0, W, H = 350000.0, 2450000.0, 400000.0, 300000.0
os.makedirs(work, exist_ok=True)
per_way = max(1, int(round(way / spacing)))
n = 0
with open(os.path.join(work, "roads.csv"), "w") as f:
    f.write("id,class,WKT\n")
    cols, rows = int(round(W / spacing)), int(round(H / spacing))
    for c in range(cols + 1):  # north-south streets
        x = X0 + c * spacing
        for r0 in range(0, rows, per_way):
            pts = ",".join("%.1f %.1f" % (x, Y0 + r * spacing) for r in range(r0, min(r0 + per_way, rows) + 1))
            f.write('r%d,residential,"LINESTRING (%s)"\n' % (n, pts))
            n += 1
    for r in range(rows + 1):  # east-west streets
        y = Y0 + r * spacing
        for c0 in range(0, cols, per_way):
            pts = ",".join("%.1f %.1f" % (X0 + c * spacing, y) for c in range(c0, min(c0 + per_way, cols) + 1))
            f.write('r%d,residential,"LINESTRING (%s)"\n' % (n, pts))
            n += 1
print("%d ways of a %g m grid" % (n, spacing))

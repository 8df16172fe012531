# A city of bench_coverage.cpp's sizes (its own random numbers) written as files in EPSG:32650,
# for bench/memory.sh: over a 40 km x 40 km square, 1,000,000 demand points with 1-50 residents
# (demand_1000000.csv, and its first 250,000 and 500,000 rows as demand_250000.csv and
# demand_500000.csv: the same city less densely lived in), 10,000 facilities in each of four
# categories (facilities.csv, kinds.yaml), 100 health facilities for the network and siting runs
# (health_100.csv), 100,000 candidate sites (candidates.csv), and a street grid 100 m apart
# (roads.geojson: 401 streets each way, one residential line per 1 km of street, 32,080 lines,
# 160,801 crossings, 320,800 segments of 100 m).
#
#   python3 bench/gen_coverage_city.py WORK
import os, random, sys

work = sys.argv[1]
os.makedirs(work, exist_ok=True)
X0, Y0, SIDE = 300000.0, 3300000.0, 40000.0
rng = random.Random(20261123)
u = lambda: rng.uniform(0.0, SIDE)

counts = (250000, 500000, 1000000)
files = {n: open(os.path.join(work, "demand_%d.csv" % n), "w") for n in counts}
for f in files.values():
    f.write("id,x,y,pop\n")
for i in range(counts[-1]):
    line = "p%d,%.2f,%.2f,%.3f\n" % (i, X0 + u(), Y0 + u(), rng.uniform(1.0, 50.0))
    for n, f in files.items():
        if i < n:
            f.write(line)
for f in files.values():
    f.close()

with open(os.path.join(work, "facilities.csv"), "w") as f:
    f.write("id,x,y,kind\n")
    n = 0
    for kind in ("health", "elderly_care", "fitness", "scenic"):
        for _ in range(10000):
            f.write("f%d,%.2f,%.2f,%s\n" % (n, X0 + u(), Y0 + u(), kind))
            n += 1
with open(os.path.join(work, "kinds.yaml"), "w") as f:
    f.write("health: health\nelderly_care: elderly_care\nfitness: fitness\nscenic: scenic\n")

with open(os.path.join(work, "health_100.csv"), "w") as f:
    f.write("id,x,y,kind\n")
    for i in range(100):
        f.write("h%d,%.2f,%.2f,health\n" % (i, X0 + u(), Y0 + u()))

with open(os.path.join(work, "candidates.csv"), "w") as f:
    f.write("id,x,y\n")
    for i in range(100000):
        f.write("c%d,%.2f,%.2f\n" % (i, X0 + u(), Y0 + u()))

BLOCK, STREETS, STRETCH = 100.0, 401, 10
with open(os.path.join(work, "roads.geojson"), "w") as f:
    f.write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32650"}},'
            '"features":[\n')
    first = True
    for horizontal in (False, True):
        for street in range(STREETS):
            across = street * BLOCK
            for start in range(0, STREETS - 1, STRETCH):
                pts = []
                for k in range(start, min(start + STRETCH, STREETS - 1) + 1):
                    along = k * BLOCK
                    x, y = (along, across) if horizontal else (across, along)
                    pts.append("[%.1f,%.1f]" % (X0 + x, Y0 + y))
                f.write(("" if first else ",\n") + '{"type":"Feature","properties":{"highway":"residential"},'
                        '"geometry":{"type":"LineString","coordinates":[' + ",".join(pts) + "]}}")
                first = False
    f.write("\n]}\n")

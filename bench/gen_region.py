# A generated region of province size for the split-run benchmark (bench/shard_region.sh), in
# EPSG:32649 (UTM 49N, over Guangxi's longitudes), with its own random numbers:
#   districts.geojson  2,000 districts, a 50 x 40 grid of 8 km x 7.5 km rectangles over
#                      400 km x 300 km, each with an id, a name and its population `pop`:
#                      lognormal (sigma 1), 50,000,000 people in all
#   demand.csv         10,000,000 demand points (id, x, y, pop), each district's share of them in
#                      proportion to its people, their weights its people spread over them (times
#                      0.5-1.5); 70 % of a district's points around one to three towns (normal,
#                      sigma 800 m, kept inside the district), the rest uniform over it. Written
#                      district by district.
#   facilities.csv     100,000 facilities (id, x, y, kind), 25,000 in each of four kinds (health,
#                      elderly_care, fitness, scenic), in districts drawn in proportion to their
#                      people and placed as the points are; kinds.yaml maps kind to category
#
#   python3 bench/gen_region.py WORK [POINTS=10000000] [FACILITIES=100000]
import math, os, random, sys

work = sys.argv[1]
points = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
facilities = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
os.makedirs(work, exist_ok=True)
X0, Y0, COLS, ROWS, W, H = 350000.0, 2450000.0, 50, 40, 8000.0, 7500.0
PEOPLE = 50_000_000
rng = random.Random(20261204)

districts = []  # (x0, y0, population, towns)
raw = [rng.lognormvariate(0.0, 1.0) for _ in range(COLS * ROWS)]
scale = PEOPLE / sum(raw)
for r in range(ROWS):
    for c in range(COLS):
        x0, y0 = X0 + c * W, Y0 + r * H
        towns = [(x0 + rng.uniform(0.15, 0.85) * W, y0 + rng.uniform(0.15, 0.85) * H) for _ in range(rng.randint(1, 3))]
        districts.append((x0, y0, raw[r * COLS + c] * scale, towns))


def place(d):
    x0, y0, _, towns = d
    if rng.random() < 0.7:
        tx, ty = rng.choice(towns)
        while True:
            x, y = rng.gauss(tx, 800.0), rng.gauss(ty, 800.0)
            if x0 < x < x0 + W and y0 < y < y0 + H:
                return x, y
    return x0 + rng.uniform(0.0, W), y0 + rng.uniform(0.0, H)


with open(os.path.join(work, "districts.geojson"), "w") as f:
    f.write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32649"}},'
            '"features":[\n')
    for k, (x0, y0, pop, _) in enumerate(districts):
        ring = [[x0, y0], [x0 + W, y0], [x0 + W, y0 + H], [x0, y0 + H], [x0, y0]]
        f.write('%s{"type":"Feature","properties":{"id":"D%04d","name":"district %d","pop":%d},'
                '"geometry":{"type":"Polygon","coordinates":[%s]}}\n'
                % ("," if k else "", k, k, round(pop), str(ring).replace(" ", "")))
    f.write("]}\n")

# Points per district in proportion to its people (largest remainders), at least one each.
shares = [d[2] / PEOPLE * points for d in districts]
count = [max(1, math.floor(s)) for s in shares]
order = sorted(range(len(districts)), key=lambda k: shares[k] - math.floor(shares[k]), reverse=True)
for k in order[: points - sum(count)]:
    count[k] += 1
with open(os.path.join(work, "demand.csv"), "w") as f:
    f.write("id,x,y,pop\n")
    n = 0
    for d, m in zip(districts, count):
        per = d[2] / m
        for _ in range(m):
            x, y = place(d)
            f.write("p%d,%.2f,%.2f,%.3f\n" % (n, x, y, per * rng.uniform(0.5, 1.5)))
            n += 1

kinds = ("health", "elderly_care", "fitness", "scenic")
weights = [d[2] for d in districts]
with open(os.path.join(work, "facilities.csv"), "w") as f:
    f.write("id,x,y,kind\n")
    n = 0
    for kind in kinds:
        for d in rng.choices(districts, weights=weights, k=facilities // len(kinds)):
            x, y = place(d)
            f.write("f%d,%.2f,%.2f,%s\n" % (n, x, y, kind))
            n += 1
with open(os.path.join(work, "kinds.yaml"), "w") as f:
    f.write("".join("%s: %s\n" % (k, k) for k in kinds))

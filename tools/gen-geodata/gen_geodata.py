#!/usr/bin/python3
"""Generate the sample GIS layers of Shayibake District (沙依巴克区, 650103) into geodata/.

What is real and what is made up (geodata/README.md says the same, per layer):
  real       the district outline (geodata/sources/shayibake-boundary-gcj02.geojson, GCJ-02,
             converted here to WGS84), the 18 sub-district codes and names
             (geodata/sources/shayibake-subdistricts-2022.csv), 11 approximate office points
             (GCJ-02, +-1 km) and the 6 waterlogging spots named by the traffic police.
  generated  the committee polygons (Voronoi cells of the 18 office points clipped to the
             outline, so that they tile it exactly), the 179 communities and their population
             (700,000 in total), 27 shelters, 5 geohazards, 30 team bases (2,797 people),
             the relief-stock warehouses. The office's own survey replaces them (README).

Usage (from the repository root):
  tools/gen-geodata/gen_geodata.py                       # boundary from the GCJ-02 source
  tools/gen-geodata/gen_geodata.py --boundary-from geodata/boundary.geojson
                                                          # boundary already in WGS84 (e.g. the
                                                          # output of `eoc import boundary ...`)
  options: --out DIR (default geodata/), --seed N (default 650103)

The output is deterministic: one seeded random generator, a fixed draw order, fixed rounding,
and a fixed GeoPackage timestamp. Needs GDAL's Python bindings (Debian python3-gdal); if they
are missing the script re-runs itself under /usr/bin/python3 and, failing that, apt-installs them.
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path


def _import_gdal():
    try:
        from osgeo import gdal, ogr, osr  # noqa: F401
        return
    except ImportError:
        pass
    # A pyenv/venv python lacks the Debian bindings: try the system interpreter first.
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and \
            os.path.exists("/usr/bin/python3"):
        probe = subprocess.run(["/usr/bin/python3", "-c", "import osgeo.ogr"], capture_output=True)
        if probe.returncode == 0:
            os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "python3-gdal", "gdal-bin"], check=True)
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])


_import_gdal()
from osgeo import gdal, ogr, osr  # noqa: E402

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "geodata" / "sources"
DISTRICT_CODE = "650103"
DISTRICT_NAME = "沙依巴克区"
TOTAL_POPULATION = 700_000
COMMUNITY_COUNT = 179
TEAM_HEADCOUNT = 2_797
CORE = (87.590, 43.805)  # WGS84 centre of the dense north-east core (docs/design.md, "The district")
INTERIOR = (87.560, 43.800)  # WGS84, well inside the outline; edge offices are pulled towards it

# ---------------------------------------------------------------------------------------------
# GCJ-02 <-> WGS84 (public algorithm, Krasovsky 1940 ellipsoid)

KRASOVSKY_A = 6378245.0
KRASOVSKY_EE = 0.00669342162296594323


def _shift_lat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _shift_lon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon, lat):
    d_lat = _shift_lat(lon - 105.0, lat - 35.0)
    d_lon = _shift_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1.0 - KRASOVSKY_EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = d_lat * 180.0 / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = d_lon * 180.0 / (KRASOVSKY_A / sqrt_magic * math.cos(rad) * math.pi)
    return lon + d_lon, lat + d_lat


def gcj02_to_wgs84(lon, lat):
    """Inverse by fixed-point iteration on the forward transform (converges to < 1e-10 deg)."""
    w_lon, w_lat = lon, lat
    for _ in range(30):
        g_lon, g_lat = wgs84_to_gcj02(w_lon, w_lat)
        e_lon, e_lat = g_lon - lon, g_lat - lat
        w_lon, w_lat = w_lon - e_lon, w_lat - e_lat
        if abs(e_lon) < 1e-11 and abs(e_lat) < 1e-11:
            break
    return w_lon, w_lat


# ---------------------------------------------------------------------------------------------
# Spatial references and geometry helpers

def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)  # lon/lat, never lat/lon
    return s


WGS84 = srs(4326)
GK87 = srs(4538)  # CGCS2000 / 3-degree Gauss-Kruger CM 87E
TO_GK = osr.CoordinateTransformation(WGS84, GK87)


def area_m2(geom):
    g = geom.Clone()
    g.Transform(TO_GK)
    return g.GetArea()


def point(lon, lat):
    p = ogr.Geometry(ogr.wkbPoint)
    p.AddPoint_2D(lon, lat)
    return p


def as_multipolygon(geom):
    """Keeps only the polygonal parts (an intersection may add stray lines or points)."""
    out = ogr.Geometry(ogr.wkbMultiPolygon)
    t = ogr.GT_Flatten(geom.GetGeometryType())
    if t == ogr.wkbPolygon:
        out.AddGeometry(geom)
    elif t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        for i in range(geom.GetGeometryCount()):
            part = geom.GetGeometryRef(i)
            if ogr.GT_Flatten(part.GetGeometryType()) in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
                sub = as_multipolygon(part)
                for k in range(sub.GetGeometryCount()):
                    out.AddGeometry(sub.GetGeometryRef(k))
    return out


def round_geometry(geom, digits):
    """Rounds every vertex; 7 decimals of a degree is ~1 cm."""
    def walk(g):
        if g.GetGeometryCount() == 0:
            for i in range(g.GetPointCount()):
                x, y = g.GetX(i), g.GetY(i)
                g.SetPoint_2D(i, round(x, digits), round(y, digits))
        for i in range(g.GetGeometryCount()):
            walk(g.GetGeometryRef(i))
    g = geom.Clone()
    walk(g)
    return g


def signed_area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def multipolygon_coordinates(geom):
    """RFC 7946 orientation: outer rings counter-clockwise, holes clockwise."""
    coords = []
    for i in range(geom.GetGeometryCount()):
        poly = geom.GetGeometryRef(i)
        rings = []
        for k in range(poly.GetGeometryCount()):
            ring = poly.GetGeometryRef(k)
            pts = [[ring.GetX(j), ring.GetY(j)] for j in range(ring.GetPointCount())]
            if (signed_area(pts) > 0) != (k == 0):
                pts.reverse()
            rings.append(pts)
        coords.append(rings)
    return coords


# ---------------------------------------------------------------------------------------------
# Boundary

def boundary_from_gcj02_source():
    data = json.loads((SOURCES / "shayibake-boundary-gcj02.geojson").read_text(encoding="utf-8"))
    geom = data["features"][0]["geometry"]
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    converted = [[[list(gcj02_to_wgs84(x, y)) for x, y in ring] for ring in poly] for poly in polys]
    return ogr.CreateGeometryFromJson(json.dumps({"type": "MultiPolygon", "coordinates": converted}))


def boundary_from_file(path):
    """An already converted boundary in any OGR format; all features are unioned."""
    ds = ogr.Open(str(path))
    layer = ds.GetLayer(0)
    union = None
    for feature in layer:
        g = feature.GetGeometryRef().Clone()
        union = g if union is None else union.Union(g)
    if union is None:
        sys.exit(f"{path}: no features")
    layer_srs = layer.GetSpatialRef()
    if layer_srs is not None:
        layer_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        if not layer_srs.IsSame(WGS84):
            union.Transform(osr.CoordinateTransformation(layer_srs, WGS84))
    return union


# ---------------------------------------------------------------------------------------------
# Committees: Voronoi cells of the office points, clipped to the boundary

# Approximate office points of the committees (GCJ-02, +-1 km; docs/design.md "The district").
GCJ02_OFFICES = {
    "650103001": (87.6017, 43.7974),  # 长江路
    "650103002": (87.6092, 43.7981),  # 和田街
    "650103003": (87.6051, 43.8063),  # 扬子江路
    "650103004": (87.5955, 43.8177),  # 友好南路
    "650103005": (87.6013, 43.8287),  # 友好北路
    "650103007": (87.6001, 43.7827),  # 炉院街
    "650103008": (87.5451, 43.8083),  # 西山
    "650103009": (87.5885, 43.7873),  # 雅玛里克山
    "650103010": (87.5816, 43.8352),  # 红庙子
    "650103006": (87.5927, 43.8240),  # 八一
    "650103015": (87.5715, 43.7532),  # 仓房沟
}
# The other seven are placed by us (WGS84): the western plain north of the mountains, the
# south station, and the mountain districts that carry the long southern arm toward 乌拉泊.
PLACED_OFFICES = {
    "650103011": (87.5620, 43.8290),  # 长胜东: between 西山 and 红庙子
    "650103012": (87.4880, 43.8250),  # 长胜西: the north-west lobe
    "650103013": (87.5250, 43.7960),  # 长胜南: south of 西山, foot of the hills
    "650103014": (87.5760, 43.7720),  # 火车南站: south of 乌鲁木齐南站
    "650103016": (87.5700, 43.8110),  # 环卫路: east of 西山
    "650103017": (87.4200, 43.7500),  # 骑马山: the western hills
    "650103018": (87.4900, 43.6600),  # 平顶山: the southern arm
}


def nudge_inside(boundary, code, office, margin_deg=0.0025):
    """The given points are +-1 km and several sit on the district's edge: such a point is moved
    in 50 m steps towards the middle of the built-up area until it is ~250 m inside."""
    lon, lat = office
    dx, dy = INTERIOR[0] - lon, INTERIOR[1] - lat
    step = 0.05 / (km_between(office, INTERIOR))
    moved = 0
    while not inside_with_margin(boundary, lon, lat, margin_deg):
        moved += 1
        lon, lat = round(office[0] + dx * step * moved, 6), round(office[1] + dy * step * moved, 6)
        if moved > 100:
            sys.exit(f"office of {code} at {office} is far outside the boundary")
    if moved:
        print(f"office of {code} {NAMES[code]} moved {km_between(office, (lon, lat)) * 1000:.0f} m "
              f"inwards to lie inside the boundary")
    return lon, lat


def read_subdistricts():
    rows = {}
    lines = (SOURCES / "shayibake-subdistricts-2022.csv").read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        code, name = line.split(",")[:2]
        code, name = code.strip(), name.strip().strip('"')
        if code.startswith(DISTRICT_CODE) and 1 <= int(code[6:]) <= 18:
            rows[code] = name
    if len(rows) != 18:
        sys.exit(f"expected 18 sub-districts 650103001..018 in the CSV, found {len(rows)}")
    return dict(sorted(rows.items()))


def office_points():
    offices = {code: gcj02_to_wgs84(*p) for code, p in GCJ02_OFFICES.items()}
    offices.update(PLACED_OFFICES)
    return {code: (round(lon, 6), round(lat, 6)) for code, (lon, lat) in sorted(offices.items())}


# The bisectors are drawn in a locally isotropic plane (x = lon * cos(lat0), y = lat) so the
# cells are the Voronoi cells by ground distance; lines stay lines under that affine map.
COS_LAT0 = math.cos(math.radians(43.75))


def half_plane(p, q, reach=5.0):
    """The side of the bisector of p and q that holds p, as a big quadrilateral (lon/lat)."""
    px, py, qx, qy = p[0] * COS_LAT0, p[1], q[0] * COS_LAT0, q[1]
    mx, my = (px + qx) / 2, (py + qy) / 2
    length = math.hypot(qx - px, qy - py)
    nx, ny = (qx - px) / length, (qy - py) / length  # towards q
    tx, ty = -ny, nx
    corners = [(mx + tx * reach, my + ty * reach), (mx - tx * reach, my - ty * reach),
               (mx - tx * reach - nx * reach, my - ty * reach - ny * reach),
               (mx + tx * reach - nx * reach, my + ty * reach - ny * reach)]
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in corners + corners[:1]:
        ring.AddPoint_2D(x / COS_LAT0, y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def voronoi_committees(boundary, offices):
    cells = {}
    for code, p in offices.items():
        cell = None
        for other, q in offices.items():
            if other == code:
                continue
            h = half_plane(p, q)
            cell = h if cell is None else cell.Intersection(h)
        clipped = as_multipolygon(cell.Intersection(boundary))
        clipped = round_geometry(clipped, 7)
        if not clipped.IsValid():
            clipped = as_multipolygon(clipped.MakeValid())
        cells[code] = clipped
    return cells


# ---------------------------------------------------------------------------------------------
# Random placement helpers

def largest_remainder(total, weights):
    """Integers proportional to weights that sum exactly to total."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def core_weight(lon, lat):
    """1 in the dense north-east core, falling off over ~4 km outside it."""
    dx = (lon - CORE[0]) * COS_LAT0 * 111.32
    dy = (lat - CORE[1]) * 111.32
    return math.exp(-math.hypot(dx, dy) / 4.0)


def inside_with_margin(poly, lon, lat, margin_deg=0.0006):
    p = point(lon, lat)
    if not poly.Contains(p):
        return False
    return poly.Boundary().Distance(p) > margin_deg


def sample_near(rng, poly, centre, sigma_km, taken, min_km, tries=4000):
    """A point inside poly, Gaussian around centre, at least min_km from every point taken."""
    for attempt in range(tries):
        s = sigma_km * (1.0 + attempt / 400.0)
        lon = centre[0] + rng.gauss(0, s) / (111.32 * COS_LAT0)
        lat = centre[1] + rng.gauss(0, s) / 111.32
        lon, lat = round(lon, 6), round(lat, 6)
        if not inside_with_margin(poly, lon, lat):
            continue
        if any(km_between((lon, lat), t) < min_km for t in taken):
            continue
        return lon, lat
    raise RuntimeError(f"could not place a point near {centre}")


def km_between(a, b):
    dx = (a[0] - b[0]) * COS_LAT0 * 111.32
    dy = (a[1] - b[1]) * 111.32
    return math.hypot(dx, dy)


def containing_committee(committees, lon, lat, what=""):
    p = point(lon, lat)
    for code, poly in committees.items():
        if poly.Contains(p):
            return code
    raise RuntimeError(f"{what} ({lon}, {lat}) lies in no committee")


def short_name(name):
    for suffix in ("片区街道", "街道"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


# ---------------------------------------------------------------------------------------------
# Communities

COMMUNITY_STEMS = [
    "和平", "友谊", "团结", "幸福", "阳光", "青年", "建设", "光明", "红星", "新华", "胜利", "育才",
    "文化", "丰收", "园林", "铁路", "机电", "西站", "雅山", "翠泉", "华山", "泰山", "衡山", "黄河",
    "珠江", "赣江", "福海", "富康", "西域", "天山", "昆仑", "明园", "西虹", "钢城", "金桥", "银川",
    "玉泉", "南湖", "北湖", "星光", "朝阳", "春晖", "松林", "枫林", "果园", "红山", "石油", "电力",
    "邮电", "医学", "师范", "农机", "棉纺", "水泥", "火车头", "公园", "西湖", "百花", "泉水", "新兴",
    "安居", "嘉和", "康乐", "兴园", "城西", "山水", "绿洲", "丝路", "晨光", "凤凰",
]
COMMUNITY_MODIFIERS = ["", "东", "西", "南", "北", "新村", "第一", "第二"]


def community_names(rng, count):
    names = [s + m + "社区" for m in COMMUNITY_MODIFIERS for s in COMMUNITY_STEMS]
    first = names[: len(COMMUNITY_STEMS)]
    rest = names[len(COMMUNITY_STEMS):]
    rng.shuffle(first)
    rng.shuffle(rest)
    return (first + rest)[:count]  # plain stems first, modified ones only when needed


def community_counts(committees, offices):
    """Three per committee, the rest by core weight and size, at most one per ~0.07 km2."""
    codes = list(committees)
    areas = [area_m2(committees[c]) / 1e6 for c in codes]
    weights = [core_weight(*offices[c]) ** 2 * math.sqrt(a) for c, a in zip(codes, areas)]
    caps = [max(3, math.floor(a / 0.07)) for a in areas]
    counts = [3] * len(codes)
    while sum(counts) < COMMUNITY_COUNT:
        open_ = [i for i in range(len(codes)) if counts[i] < caps[i]]
        share = largest_remainder(COMMUNITY_COUNT - sum(counts), [weights[i] for i in open_])
        for i, extra in zip(open_, share):
            counts[i] = min(caps[i], counts[i] + extra)
    return dict(zip(codes, counts))


def make_communities(rng, committees, offices):
    counts = community_counts(committees, offices)
    names = community_names(rng, COMMUNITY_COUNT)
    communities, raw_pop, taken = [], [], []
    for code, n in counts.items():
        poly = committees[code]
        sigma = max(0.5, 0.3 * math.sqrt(area_m2(poly) / 1e6))
        # The id has the shape of a 12-digit statistical division code: the 9-digit street
        # (committee) code and a village part, 001-199 being residents' committees. Generated,
        # not the real codes; upstream warnings naming a community are relayed by it.
        assert n <= 199, f"{code}: more communities than 12-digit codes of residents' committees"
        for serial in range(1, n + 1):
            lon, lat = sample_near(rng, poly, offices[code], sigma, taken, min_km=0.18)
            taken.append((lon, lat))
            communities.append({"id": f"{code}{serial:03d}", "name": names[len(communities)],
                                "committee": code, "lon": lon, "lat": lat})
            raw_pop.append((0.25 + core_weight(lon, lat)) * rng.uniform(0.7, 1.3))
    for c, pop in zip(communities, largest_remainder(TOTAL_POPULATION, raw_pop)):
        c["population"] = pop
    return communities


# ---------------------------------------------------------------------------------------------
# Shelters (乌政办〔2014〕75号 classes, GB 21734-2008 capacity)

SHELTER_CLASSES = {  # class: (count, min area m2, max area m2, service radius m)
    "I": (4, 20_000, 60_000, 5000),
    "II": (10, 4_000, 15_000, 1000),
    "III": (13, 2_000, 3_900, 500),
}
SHELTER_KINDS = {  # named after the committee they stand in: 红庙子公园, 西山小学, ...
    "I": ["公园", "体育中心", "文化广场", "森林公园"],
    "II": ["广场", "中学", "体育场", "公园", "全民健身广场"],
    "III": ["小学", "社区广场", "街心花园", "中学", "幼儿园", "学校"],
}
SHELTER_FACILITIES = {
    "I": "供水,供电,厕所,医疗点,指挥中心,物资储备,直升机停机坪,广播",
    "II": "供水,供电,厕所,医疗点,物资储备,广播",
    "III": "供水,供电,厕所,医疗点",
}


def make_shelters(rng, committees, communities):
    """Greedy cover: each shelter goes where it serves the most population not yet served."""
    candidates = []
    for c in communities:
        poly = committees[c["committee"]]
        for _ in range(3):
            lon = round(c["lon"] + rng.uniform(-0.002, 0.002), 6)
            lat = round(c["lat"] + rng.uniform(-0.0015, 0.0015), 6)
            if inside_with_margin(poly, lon, lat):
                candidates.append((lon, lat))
                break
    shelters, names = [], set()
    for cls, (count, lo, hi, radius) in SHELTER_CLASSES.items():
        # Each class covers on its own: a class I site 5 km away does not make a 500 m one moot.
        served = [0.0] * len(communities)
        for k in range(count):
            best, best_gain = None, -1.0
            for cand in candidates:
                if any(km_between(cand, (s["lon"], s["lat"])) < 0.6 for s in shelters):
                    continue
                gain = sum(c["population"] * (1.0 - served[i]) for i, c in enumerate(communities)
                           if km_between(cand, (c["lon"], c["lat"])) * 1000 <= radius)
                if gain > best_gain:
                    best, best_gain = cand, gain
            for i, c in enumerate(communities):
                if km_between(best, (c["lon"], c["lat"])) * 1000 <= radius:
                    served[i] = 1.0
            area = round(rng.uniform(lo, hi), 1)
            place = short_name(NAMES[containing_committee(committees, *best)])
            name = next(place + kind for kind in SHELTER_KINDS[cls] + [f"第{n}广场" for n in range(2, 9)]
                        if place + kind not in names)
            names.add(name)
            shelters.append({"class": cls, "lon": best[0], "lat": best[1], "area_m2": area,
                             "capacity": math.floor(area / 1.5), "service_radius_m": radius,
                             "name": name + "应急避难场所",
                             "facilities": SHELTER_FACILITIES[cls]})
    closed = set(rng.sample(range(SHELTER_CLASSES["I"][0], len(shelters)), 3))
    out = []
    for n, s in enumerate(shelters, start=1):
        out.append({"id": f"S{n:02d}", "name": s["name"], "class": s["class"], "area_m2": s["area_m2"],
                    "capacity": s["capacity"], "service_radius_m": s["service_radius_m"],
                    "facilities": s["facilities"],
                    "committee": containing_committee(committees, s["lon"], s["lat"]),
                    "status": "closed" if n - 1 in closed else "open",
                    "lon": s["lon"], "lat": s["lat"]})
    near = sum(c["population"] for c in communities
               if any(km_between((s["lon"], s["lat"]), (c["lon"], c["lat"])) * 1000 <= s["service_radius_m"]
                      for s in shelters if s["class"] != "I"))
    print(f"shelters: {near / TOTAL_POPULATION:.1%} of the population within a class II/III service radius")
    return out


# ---------------------------------------------------------------------------------------------
# Waterlogging spots (the names are the traffic police list; positions are ours, WGS84)

WATERLOGGING = [
    ("雅山北路月明楼市场门口", "雅山北路", "rainstorm", "monitored", 300.0, (87.5868, 43.7915)),
    ("火车站上盘道桥下", "火车站上盘道", "rainstorm", "monitored", 500.0, (87.5858, 43.7806)),
    ("火车站下盘道桥下", "火车站下盘道", "rainstorm", "monitored", 500.0, (87.5795, 43.7792)),
    ("仓房沟路雅山中路路口西南角", "仓房沟路", "rainstorm", "eliminated", 200.0, (87.5805, 43.7735)),
    ("福海路与赣江路交会路口", "福海路", "rainstorm", "monitored", 250.0, (87.5968, 43.8032)),
    ("西山立交桥下", "西山立交", "snowmelt", "monitored", 400.0, (87.5525, 43.8118)),
]


def make_waterlogging(committees):
    out = []
    for n, (name, road, cause, status, pump, (lon, lat)) in enumerate(WATERLOGGING, start=1):
        out.append({"id": f"W{n:02d}", "name": name, "road": road, "cause": cause, "status": status,
                    "pump_capacity_m3h": pump, "committee": containing_committee(committees, lon, lat),
                    "lon": lon, "lat": lat})
    return out


# ---------------------------------------------------------------------------------------------
# Geohazards: slopes of 雅玛里克山 (ridge 43.7622 N 87.5544 E) and 西山

GEOHAZARDS = [
    ("雅玛里克山北坡不稳定斜坡", "landslide", 320, "王建国 139****0001", "monitored", (87.5600, 43.7720)),
    ("雅玛里克山东坡危岩体", "collapse", 150, "李秀英 138****0002", "monitored", (87.5700, 43.7640)),
    ("雅玛里克山南沟泥石流沟", "debris_flow", 85, "马志强 137****0003", "treated", (87.5480, 43.7520)),
    ("西山路北侧滑坡", "landslide", 260, "艾力·买买提 135****0004", "monitored", (87.5300, 43.8000)),
    ("西山煤矿沟崩塌点", "collapse", 60, "张桂兰 136****0005", "treated", (87.5050, 43.7900)),
]


def make_geohazards(committees):
    out = []
    for n, (name, kind, people, monitor, status, (lon, lat)) in enumerate(GEOHAZARDS, start=1):
        out.append({"id": f"G{n:02d}", "name": name, "type": kind, "threatened_people": people,
                    "monitor": monitor, "status": status,
                    "committee": containing_committee(committees, lon, lat), "lon": lon, "lat": lat})
    return out


# ---------------------------------------------------------------------------------------------
# Teams (30 home bases, 2,797 people: 16 committees + fire, urban management, landscaping)

SURNAMES = "王李张刘陈杨赵黄周吴马孙胡朱高林何郭罗"
GIVEN = ["建国", "秀英", "志强", "桂兰", "海燕", "德胜", "玉梅", "文军", "新华", "丽娜", "卫东", "红霞",
         "国庆", "晓东", "春燕", "永刚", "金花", "振华", "淑琴", "立新"]

DEPARTMENT_TEAMS = [
    # unit, name, (headcount lo, hi), specialties, equipment, vehicles, report interval, base
    ("fire", "区消防救援大队", (90, 110), "fire,search_rescue,hazmat,medical,comms",
     "消防车,云梯车,抢险救援车,生命探测仪,破拆工具组", 12, 60, (87.5960, 43.8000)),
    ("fire", "西山消防救援站", (50, 60), "fire,search_rescue,hazmat",
     "水罐消防车,泡沫消防车,抢险救援车", 6, 60, (87.5400, 43.8060)),
    ("fire", "红庙子消防救援站", (45, 55), "fire,search_rescue,medical",
     "水罐消防车,抢险救援车,担架", 5, 60, (87.5830, 43.8330)),
    ("fire", "南站消防救援站", (45, 55), "fire,hazmat,search_rescue",
     "泡沫消防车,化学洗消车,防化服", 5, 60, (87.5840, 43.7760)),
    ("fire", "区危化品专业救援队", (35, 45), "hazmat,fire,medical",
     "化学洗消车,气体检测仪,堵漏工具,防化服", 4, 60, (87.5500, 43.8150)),
    ("fire", "区地震救援队", (60, 70), "search_rescue,medical,comms",
     "生命探测仪,破拆工具组,液压顶撑,卫星电话", 4, 60, (87.5920, 43.8180)),
    ("urban_management", "区城市管理局应急抢险队", (180, 220), "flood,snow,logistics",
     "抽水泵车,铲雪车,撒布机,发电机", 20, 60, (87.5900, 43.8100)),
    ("urban_management", "区城市管理局排水抢险队", (140, 170), "flood,logistics",
     "大流量排水车,抽水泵,沙袋,发电机", 14, 60, (87.5870, 43.7890)),
    ("urban_management", "区城市管理局除雪保障队", (230, 270), "snow,logistics",
     "铲雪车,推雪板装载机,融雪剂撒布机", 24, 60, (87.5700, 43.8200)),
    ("urban_management", "区城市管理局通信保障队", (25, 35), "comms,logistics",
     "应急通信车,卫星电话,无人机", 3, 60, (87.5940, 43.8030)),
    ("landscaping", "区园林绿化中心应急队", (70, 90), "fire,snow,logistics",
     "风力灭火机,油锯,高空作业车", 6, 120, (87.5850, 43.7970)),
    ("landscaping", "雅山公园护林防火队", (35, 45), "fire,search_rescue",
     "风力灭火机,水袋,灭火拖把", 3, 120, (87.5650, 43.7800)),
    ("landscaping", "西山林场护林防火队", (40, 50), "fire,search_rescue",
     "风力灭火机,细水雾灭火器,对讲机", 4, 120, (87.5200, 43.7950)),
    ("landscaping", "区园林绿化中心倒伏树木清障队", (30, 40), "snow,logistics",
     "油锯,吊车,高空作业车", 3, 120, (87.5920, 43.8260)),
]
COMMITTEE_SPECIALTIES = ["flood,snow,logistics", "flood,search_rescue,logistics",
                         "snow,logistics,medical", "flood,snow,comms"]


def phone(rng):
    return f"{rng.choice(['133', '135', '137', '138', '139', '150', '186', '189'])}****{rng.randint(0, 9999):04d}"


def leader(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def make_teams(rng, committees, offices, communities):
    population = {code: 0 for code in committees}
    for c in communities:
        population[c["committee"]] += c["population"]
    # The two least populous committees rely on the department teams.
    with_teams = sorted(sorted(committees, key=lambda c: -population[c])[:16])
    teams = []
    for code in with_teams:
        poly = committees[code]
        lon, lat = sample_near(rng, poly, offices[code], 0.3, [], 0)
        teams.append({"name": short_name(NAMES[code]) + "片区管委会应急抢险队", "unit": code,
                      "size": rng.randint(60, 110), "specialties": rng.choice(COMMITTEE_SPECIALTIES),
                      "equipment": "抽水泵,发电机,铁锹,沙袋,照明灯", "vehicles": rng.randint(1, 3),
                      "report_interval_s": 300, "lon": lon, "lat": lat})
    for unit, name, (lo, hi), spec, equip, vehicles, interval, (lon, lat) in DEPARTMENT_TEAMS:
        teams.append({"name": name, "unit": unit, "size": rng.randint(lo, hi), "specialties": spec,
                      "equipment": equip, "vehicles": vehicles, "report_interval_s": interval,
                      "lon": lon, "lat": lat})
    headcounts = largest_remainder(TEAM_HEADCOUNT, [t["size"] for t in teams])
    out = []
    for n, (t, heads) in enumerate(zip(teams, headcounts), start=1):
        out.append({"id": f"T{n:02d}", "name": t["name"], "unit": t["unit"], "headcount": heads,
                    "specialties": t["specialties"], "equipment": t["equipment"],
                    "vehicles": t["vehicles"], "leader": leader(rng), "phone": phone(rng),
                    "report_interval_s": t["report_interval_s"],
                    "committee": containing_committee(committees, t["lon"], t["lat"], t["name"]),
                    "lon": t["lon"], "lat": t["lat"]})
    return out


# ---------------------------------------------------------------------------------------------
# Relief stock

RELIEF_STOCK = [
    ("区救灾物资储备库", "帐篷300顶,棉被2000床,折叠床800张,发电机20台,应急照明灯500盏", 2400.0,
     (87.5760, 43.8150)),
    ("雅山救灾物资储备点", "帐篷120顶,棉被800床,饮用水2000箱,方便食品1500箱", 800.0, (87.5900, 43.7930)),
    ("西山救灾物资储备点", "帐篷150顶,棉被1000床,棉大衣600件,取暖炉80台", 950.0, (87.5380, 43.8090)),
    ("红庙子防汛物资仓库", "沙袋20000条,抽水泵40台,救生衣500件,雨衣800件", 600.0, (87.5860, 43.8300)),
    ("仓房沟除雪防寒物资仓库", "融雪剂300吨,铁锹1500把,防滑链200副,棉被600床", 700.0, (87.5690, 43.7560)),
]


def make_relief_stock(committees):
    out = []
    for n, (name, items, cap, (lon, lat)) in enumerate(RELIEF_STOCK, start=1):
        out.append({"id": f"R{n:02d}", "name": name,
                    "committee": containing_committee(committees, lon, lat), "items": items,
                    "capacity_m2": cap, "lon": lon, "lat": lat})
    return out


# ---------------------------------------------------------------------------------------------
# Writers

def write_geojson(path, name, features):
    """One feature per line: small, diffable, stable."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","name":' + json.dumps(name) + ',"features":[\n'
    text += ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def point_features(rows):
    feats = []
    for r in rows:
        props = {k: v for k, v in r.items() if k not in ("lon", "lat")}
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]}})
    return feats


def write_geohazards_gpkg(path, rows):
    """GeoPackage in EPSG:4538: the layer that proves reprojection on load."""
    if path.exists():
        path.unlink()
    gdal.SetConfigOption("OGR_CURRENT_DATE", "2026-01-01T00:00:00.000Z")  # reproducible bytes
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("geohazards", GK87, ogr.wkbPoint, options=["FID=fid"])
    for name, kind in (("id", ogr.OFTString), ("name", ogr.OFTString), ("type", ogr.OFTString),
                       ("threatened_people", ogr.OFTInteger), ("monitor", ogr.OFTString),
                       ("status", ogr.OFTString), ("committee", ogr.OFTString)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for r in rows:
        f = ogr.Feature(layer.GetLayerDefn())
        for k in ("id", "name", "type", "threatened_people", "monitor", "status", "committee"):
            f.SetField(k, r[k])
        g = point(r["lon"], r["lat"])
        g.Transform(TO_GK)
        g = point(round(g.GetX(), 3), round(g.GetY(), 3))
        f.SetGeometry(g)
        layer.CreateFeature(f)
    ds = None


def field(name, kind, required=True):
    f = {"name": name, "type": kind}
    if not required:
        f["required"] = False
    return f


def manifest(counts):
    s, i, r = "string", "integer", "real"
    layers = [
        {"id": "boundary", "title": "沙依巴克区行政区界",
         "description": "区行政区界，公开的 DataV 行政区划轮廓（GCJ-02）转换为 WGS84。",
         "file": "boundary.geojson", "geometry": "Polygon", "id_field": "code",
         "fields": [field("code", s), field("name", s)], "inside_district": False, "count": 1},
        {"id": "committees", "title": "片区管委会/街道",
         "description": "18个片区管委会（街道）辖区。代码和名称为2022年统计用区划代码；辖区范围为各办公地点的泰森多边形，按区界裁剪，示意用。",
         "file": "committees.geojson", "geometry": "Polygon", "id_field": "code",
         "fields": [field("code", s), field("name", s), field("office_lon", r),
                    field("office_lat", r), field("population", i)], "count": 18},
        {"id": "communities", "title": "社区",
         "description": "社区（居委会）位置及人口，生成的示意数据，总人口70万。",
         "file": "communities.geojson", "geometry": "Point", "id_field": "id",
         "fields": [field("id", s), field("name", s), field("committee", s), field("population", i)],
         "count": counts["communities"]},
        {"id": "shelters", "title": "应急避难场所",
         "description": "应急避难场所（乌政办〔2014〕75号分级，GB 21734-2008 人均1.5平方米），生成的示意数据。",
         "file": "shelters.geojson", "geometry": "Point", "id_field": "id",
         "fields": [field("id", s), field("name", s), field("class", s), field("area_m2", r),
                    field("capacity", i), field("service_radius_m", i), field("facilities", s),
                    field("committee", s), field("status", s)], "count": counts["shelters"]},
        {"id": "waterlogging", "title": "易积水点",
         "description": "城市道路易积水点，名称来自交警公布的积水点名单，位置为示意。",
         "file": "waterlogging.geojson", "geometry": "Point", "id_field": "id",
         "fields": [field("id", s), field("name", s), field("road", s), field("cause", s),
                    field("status", s), field("pump_capacity_m3h", r), field("committee", s)],
         "count": counts["waterlogging"]},
        {"id": "geohazards", "title": "地质灾害隐患点",
         "description": "雅玛里克山、西山地质灾害隐患点，生成的示意数据，CGCS2000 3度带高斯-克吕格投影（EPSG:4538）。",
         "file": "geohazards.gpkg", "crs": "EPSG:4538", "geometry": "Point", "id_field": "id",
         "fields": [field("id", s), field("name", s), field("type", s),
                    field("threatened_people", i), field("monitor", s, False), field("status", s),
                    field("committee", s)], "count": counts["geohazards"]},
        {"id": "teams", "title": "应急救援队伍",
         "description": "30支应急救援队伍驻地，共2797人：16个片区管委会及消防、城管、园林部门，生成的示意数据。",
         "file": "teams.geojson", "geometry": "Point", "id_field": "id",
         "fields": [field("id", s), field("name", s), field("unit", s), field("headcount", i),
                    field("specialties", s), field("equipment", s), field("vehicles", i),
                    field("leader", s), field("phone", s), field("report_interval_s", i),
                    field("committee", s)], "count": counts["teams"]},
        {"id": "relief_stock", "title": "救灾物资储备库",
         "description": "救灾物资储备库（点），生成的示意数据。",
         "file": "relief_stock.geojson", "geometry": "Point", "id_field": "id",
         "fields": [field("id", s), field("name", s), field("committee", s), field("items", s),
                    field("capacity_m2", r)], "count": counts["relief_stock"]},
    ]
    return {"district": {"code": DISTRICT_CODE, "name": DISTRICT_NAME, "boundary_layer": "boundary",
                         "tolerance_m": 200},
            "layers": layers}


# ---------------------------------------------------------------------------------------------

NAMES = {}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--boundary-from", type=Path,
                        help="an already converted WGS84 boundary (any OGR format)")
    parser.add_argument("--out", type=Path, default=REPO / "geodata")
    parser.add_argument("--seed", type=int, default=650103)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)

    NAMES.update(read_subdistricts())
    boundary = boundary_from_file(args.boundary_from) if args.boundary_from else boundary_from_gcj02_source()
    boundary = as_multipolygon(round_geometry(boundary, 7))
    if not boundary.IsValid():
        sys.exit("boundary geometry is invalid")
    offices = {code: nudge_inside(boundary, code, p) for code, p in office_points().items()}

    committees = voronoi_committees(boundary, offices)
    total = sum(area_m2(g) for g in committees.values())
    print(f"boundary {area_m2(boundary) / 1e6:.1f} km2, committees {total / 1e6:.1f} km2")

    communities = make_communities(rng, committees, offices)
    shelters = make_shelters(rng, committees, communities)
    waterlogging = make_waterlogging(committees)
    geohazards = make_geohazards(committees)
    teams = make_teams(rng, committees, offices, communities)
    stock = make_relief_stock(committees)

    population = {code: 0 for code in committees}
    for c in communities:
        population[c["committee"]] += c["population"]

    write_geojson(out / "boundary.geojson", "boundary", [
        {"type": "Feature", "properties": {"code": DISTRICT_CODE, "name": DISTRICT_NAME},
         "geometry": {"type": "MultiPolygon", "coordinates": multipolygon_coordinates(boundary)}}])
    write_geojson(out / "committees.geojson", "committees", [
        {"type": "Feature",
         "properties": {"code": code, "name": NAMES[code], "office_lon": offices[code][0],
                        "office_lat": offices[code][1], "population": population[code]},
         "geometry": {"type": "MultiPolygon", "coordinates": multipolygon_coordinates(g)}}
        for code, g in committees.items()])
    write_geojson(out / "communities.geojson", "communities", point_features(
        [{k: c[k] for k in ("id", "name", "committee", "population", "lon", "lat")}
         for c in communities]))
    write_geojson(out / "shelters.geojson", "shelters", point_features(shelters))
    write_geojson(out / "waterlogging.geojson", "waterlogging", point_features(waterlogging))
    write_geohazards_gpkg(out / "geohazards.gpkg", geohazards)
    write_geojson(out / "teams.geojson", "teams", point_features(teams))
    write_geojson(out / "relief_stock.geojson", "relief_stock", point_features(stock))

    counts = {"communities": len(communities), "shelters": len(shelters),
              "waterlogging": len(waterlogging), "geohazards": len(geohazards),
              "teams": len(teams), "relief_stock": len(stock)}
    (out / "layers.json").write_text(
        json.dumps(manifest(counts), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("wrote " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f" into {out}")


if __name__ == "__main__":
    main()

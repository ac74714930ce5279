#!/usr/bin/env python3
"""gen-points.py DIR N: writes a geodata folder (boundary + a `points` layer of N random points in
the district's bounding box) for benchmarks of nearest-neighbour queries. Deterministic (seed 42)."""
import json
import random
import shutil
import sys
from pathlib import Path

out = Path(sys.argv[1])
n = int(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
root = Path(__file__).resolve().parent.parent
shutil.copy(root / "geodata" / "boundary.geojson", out / "boundary.geojson")
rng = random.Random(42)
with open(out / "points.geojson", "w") as f:
    f.write('{"type":"FeatureCollection","features":[\n')
    for i in range(n):
        lon = rng.uniform(87.343, 87.606)
        lat = rng.uniform(43.562, 43.864)
        sep = "," if i else ""
        f.write(f'{sep}{{"type":"Feature","properties":{{"id":"P{i}"}},'
                f'"geometry":{{"type":"Point","coordinates":[{lon:.6f},{lat:.6f}]}}}}\n')
    f.write("]}\n")
manifest = {
    "district": {"code": "650103", "name": "沙依巴克区", "boundary_layer": "boundary", "tolerance_m": 200},
    "layers": [
        {"id": "boundary", "title": "boundary", "description": "", "file": "boundary.geojson",
         "geometry": "Polygon", "id_field": "code",
         "fields": [{"name": "code", "type": "string"}, {"name": "name", "type": "string"}],
         "inside_district": False, "count": 1},
        {"id": "points", "title": "benchmark points", "description": "", "file": "points.geojson",
         "geometry": "Point", "id_field": "id", "fields": [{"name": "id", "type": "string"}],
         "inside_district": False, "count": n},
    ],
}
(out / "layers.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))

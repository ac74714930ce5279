#!/usr/bin/env python3
"""gen-points.py DIR N [--capacity]: writes a geodata folder (the bundled layers + a `points` layer of N
random points in the district's bounding box) for benchmarks of nearest-neighbour queries and, with
--capacity, of CQL2 filters (each point then also has an integer `capacity`, uniform 0..6000).
Deterministic (seed 42)."""
import json
import random
import shutil
import sys
from pathlib import Path

out = Path(sys.argv[1])
n = int(sys.argv[2])
with_capacity = "--capacity" in sys.argv[3:]
root = Path(__file__).resolve().parent.parent
# The bundled layers (plans refer to them) plus one extra layer of N points.
shutil.copytree(root / "geodata", out, dirs_exist_ok=True)
rng = random.Random(42)
with open(out / "points.geojson", "w") as f:
    f.write('{"type":"FeatureCollection","features":[\n')
    for i in range(n):
        lon = rng.uniform(87.343, 87.606)
        lat = rng.uniform(43.562, 43.864)
        sep = "," if i else ""
        extra = f',"capacity":{rng.randint(0, 6000)}' if with_capacity else ""
        f.write(f'{sep}{{"type":"Feature","properties":{{"id":"P{i}"{extra}}},'
                f'"geometry":{{"type":"Point","coordinates":[{lon:.6f},{lat:.6f}]}}}}\n')
    f.write("]}\n")
manifest = json.loads((out / "layers.json").read_text(encoding="utf-8"))
manifest["layers"].append(
    {"id": "points", "title": "benchmark points", "description": f"{n} random points for benchmarks",
     "file": "points.geojson", "geometry": "Point", "id_field": "id",
     "fields": [{"name": "id", "type": "string"}] + ([{"name": "capacity", "type": "integer"}] if with_capacity else []),
     "inside_district": False, "count": n})
(out / "layers.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")

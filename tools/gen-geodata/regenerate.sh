#!/usr/bin/env bash
# Regenerates geodata/ end to end:
#  1. the district boundary is converted from GCJ-02 to WGS84 by eoc's own converter
#     (`eoc import boundary ... --from-crs gcj02`), after renaming the source's adcode to code;
#  2. the generated layers are rebuilt around that boundary.
# Usage: tools/gen-geodata/regenerate.sh [path/to/eoc]   (default: build/eoc, built if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
eoc=${1:-build/eoc}
if [ ! -x "$eoc" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DEOC_TESTS=OFF >/dev/null
  cmake --build build -j "$(nproc)" --target eoc
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ogr2ogr -f GeoJSON "$tmp/boundary-gcj02.geojson" geodata/sources/shayibake-boundary-gcj02.geojson \
  -sql 'SELECT CAST(adcode AS character(6)) AS code, name FROM "shayibake-boundary-gcj02"'
"$eoc" import boundary "$tmp/boundary-gcj02.geojson" --from-crs gcj02 --geodata geodata
python3 tools/gen-geodata/gen_geodata.py --boundary-from geodata/boundary.geojson

#!/usr/bin/env bash
# CQL2 filter benchmark (prints figures; not part of the test suite): on an eoc serving the
# 1,000,000-point layer of `tools/gen-points.py DIR 1000000 --capacity`, the plain items request
# (the pre-rendered first page) and `filter=capacity > 3000 AND S_INTERSECTS(geometry, POLYGON(…))`
# are measured in the same run, one after the other, against the same server; the ratio is printed.
# Two polygons: a neighbourhood (≈2 km × 2 km, ≈0.6 % of the points inside) and a large part of the
# district (≈8 km × 11 km, ≈12 %): the filter's cost is the R-tree candidates it must test.
# Also the same first page reprojected to EPSG:4538, for the cost of a non-default crs.
# Usage: tools/bench-filter.sh PORT [seconds per run, default 10]   (tools/bench-http.sh calls it)
set -euo pipefail
port=$1
secs=${2:-10}
base="http://127.0.0.1:$port/collections/points/items"
rps() { awk '/Requests\/sec/ {print $2}'; }
lat() { awk '/Latency/ {print $2}'; }
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
matched() { curl -sf "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["numberMatched"])'; }

small="capacity > 3000 AND S_INTERSECTS(geometry, POLYGON((87.45 43.70, 87.475 43.70, 87.475 43.718, 87.45 43.718, 87.45 43.70)))"
large="capacity > 3000 AND S_INTERSECTS(geometry, POLYGON((87.40 43.60, 87.50 43.60, 87.50 43.70, 87.40 43.70, 87.40 43.60)))"

echo "== CQL2 filter over 1,000,000 points vs the plain items request (same server, same run), wrk -t2 -c32 -d${secs}s"
plain_out=$(wrk -t2 -c32 -d"${secs}s" "$base")
plain_rps=$(echo "$plain_out" | rps)
printf "%-44s %10s req/s  latency %s\n" "plain /collections/points/items" "$plain_rps" "$(echo "$plain_out" | lat)"
for name in small large; do
  expression=${!name}
  url="$base?filter=$(urlencode "$expression")"
  n=$(matched "$url")
  out=$(wrk -t2 -c32 -d"${secs}s" --timeout 10s "$url")
  r=$(echo "$out" | rps)
  printf "%-44s %10s req/s  latency %s  (numberMatched %s)\n" "filter, $name polygon" "$r" "$(echo "$out" | lat)" "$n"
  awk -v a="$r" -v b="$plain_rps" -v n="$name" 'BEGIN {printf "ratio filter (%s polygon) / plain: %.4f\n", n, a / b}'
done
# Reprojection, for scale: the same first page transformed to EPSG:4538 per request (the default
# CRS84 page above stays pre-rendered).
crs_url="$base?crs=$(urlencode http://www.opengis.net/def/crs/EPSG/0/4538)"
out=$(wrk -t2 -c32 -d"${secs}s" --timeout 10s "$crs_url")
r=$(echo "$out" | rps)
printf "%-44s %10s req/s  latency %s\n" "crs=EPSG:4538, first page (100 features)" "$r" "$(echo "$out" | lat)"
awk -v a="$r" -v b="$plain_rps" 'BEGIN {printf "ratio crs=EPSG:4538 / plain: %.4f\n", a / b}'
echo "filter: $large"

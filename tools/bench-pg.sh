#!/usr/bin/env bash
# The PostgreSQL store's benchmarks (issue 17) in one run, figures printed (tools/bench-pg.py):
# issue -> 18 webhooks p50/p99 on SQLite and PostgreSQL, write throughput with one and two
# instances on PostgreSQL, failover time after kill -9 of an instance. Not part of the test suite.
#
#   tools/bench-pg.sh [seconds per throughput run, default 10]
#   EOC_BIN=build-test/eoc   measure this binary instead of building build/eoc (Release)
#   EOC_BENCH_PARTS=failover only some of: issue,writes,failover
#
# The database is a throw-away cluster (tools/pg-test-cluster.sh) under /tmp, removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
eoc=${EOC_BIN:-./build/eoc}
if [ -z "${EOC_BIN:-}" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DEOC_TESTS=OFF >/dev/null
  cmake --build build -j "$(nproc)" --target eoc
fi
state=$(mktemp -d /tmp/eoc-bench-pg-state.XXXXXX)
trap 'tools/pg-test-cluster.sh stop "$state" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
url=$(env -u EOC_TEST_PG_URL tools/pg-test-cluster.sh start "$state" | tail -n 1)
python3 tools/bench-pg.py --eoc "$eoc" --source . --pg-url "$url" --seconds "$secs" ${EOC_BENCH_PARTS:+--parts "$EOC_BENCH_PARTS"}

#!/usr/bin/env bash
# Relay benchmark (prints figures; not part of the test suite): upstream feed publish → relay
# draft on the desk (the warning.drafted event), target < 2 × interval_seconds (issue 13).
# Usage: tools/bench-relay.sh [--interval 2] [--rounds 10]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DEOC_TESTS=OFF >/dev/null
cmake --build build-bench -j "$(nproc)" --target bench-relay >/dev/null
echo "== bench-relay on $(nproc) cores ($(date -Iseconds))"
./build-bench/tools/bench/relay/bench-relay "$PWD" "$@"

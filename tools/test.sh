#!/usr/bin/env bash
# Installs what is missing, builds a Debug build with ASan+UBSan into build-test/, runs every test.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh test
build=${EOC_TEST_BUILD_DIR:-build-test}
# The PostgreSQL tests' ctest fixture starts a throw-away cluster (tools/pg-test-cluster.sh) and
# stops it after them; stop it here too, so that an interrupted run leaves no server behind.
trap 'tools/pg-test-cluster.sh stop "$build/pg-test-cluster" >/dev/null 2>&1 || true' EXIT
jobs=$(nproc)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DEOC_SANITIZE=ON -DEOC_TESTS=ON >/dev/null
cmake --build "$build" -j "$jobs"
if [ -f web/package.json ]; then tools/build-web.sh; fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 600

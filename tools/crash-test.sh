#!/usr/bin/env bash
# The long crash-consistency run (the suite runs a short one): kill -9 during concurrent writes,
# many times, on the sanitizer build. Prints the seed; rerun a failure with --seed N.
#   tools/crash-test.sh [--writes 1000] [--kills 10] [--seed N] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh test
build=${EOC_CRASH_BUILD_DIR:-build-test}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DEOC_SANITIZE=ON -DEOC_TESTS=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target eoc
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
args=("$@")
[[ " ${args[*]} " == *" --writes "* ]] || args+=(--writes 1000)
[[ " ${args[*]} " == *" --kills "* ]] || args+=(--kills 10)
exec python3 tests/system/crash_consistency.py --eoc "$build/eoc" --source "$PWD" "${args[@]}"

#!/usr/bin/env bash
# A ThreadSanitizer build of the suites where threads meet — HTTP (the server's pool, the page
# cache, SSE streams, live drills), broadcast (the delivery pump and the Scheduler) and store (the
# writer mutex and the read pool) — in its own build directory (build-tsan/), then a run of each.
# Exits non-zero on any failing test or data race report (halt_on_error). Not part of
# tools/test.sh: the build takes about as long again as the test build.
#
#   tools/tsan.sh                              build and run the three suites
#   tools/tsan.sh --gtest_filter='PageCache*'  arguments go to every test binary
#   EOC_TSAN_SUITES="store" tools/tsan.sh      only these suites (of http, broadcast, store, service)
#
# Its last result is recorded in docs/design.md §13.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${EOC_TSAN_BUILD_DIR:-build-tsan}
jobs=${EOC_TSAN_JOBS:-$(nproc)}
read -r -a suites <<< "${EOC_TSAN_SUITES:-http broadcast store}"
targets=()
for s in "${suites[@]}"; do targets+=("eoc_${s}_tests"); done
# The service suite's command-line tests run the eoc binary of the same build.
if [[ " ${suites[*]} " == *" service "* ]]; then targets+=(eoc); fi
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEOC_TSAN=ON -DEOC_SANITIZE=OFF -DEOC_TESTS=ON >/dev/null
cmake --build "$build" --target "${targets[@]}" -j "$jobs"
# halt_on_error: the first race fails the run; second_deadlock_stack: both stacks of a lock-order
# inversion; tools/tsan.supp: reports inside third-party libraries, each with its reason.
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tools/tsan.supp}
status=0
for s in "${suites[@]}"; do
  echo "== tsan: eoc_${s}_tests"
  if ! "$build/tests/$s/eoc_${s}_tests" "$@"; then
    echo "== tsan: eoc_${s}_tests FAILED"
    status=1
  fi
done
exit $status

#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser with libFuzzer (clang, -fsanitize=fuzzer,address), in
# its own build dir. The suite only replays tests/fuzz/corpus/<target> plus fixed mutations; this
# runs the real fuzzer, grows a working corpus under build-fuzz/corpus/<target>, and leaves any
# crash input in build-fuzz/crashes/<target>/ (add the minimised input to tests/fuzz/corpus/ with
# the fix).
#   tools/fuzz.sh [SECONDS_PER_TARGET=600] [TARGET...]
#   targets: warning_json cap_ingest geojson_area query_string position_report roster_spreadsheet cql2
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(warning_json cap_ingest geojson_area query_string position_report roster_spreadsheet cql2)
tools/install-deps.sh test
command -v clang++ >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang >/dev/null; }
build=build-fuzz
# -Werror stays for our code, but clang warns differently from g++ on third-party headers; the
# launcher appends -Wno-error so a new clang warning does not stop a fuzzing session.
launcher="$PWD/$build/no-werror.sh"
mkdir -p "$build"
printf '#!/bin/sh\nexec "$@" -Wno-error\n' > "$launcher"
chmod +x "$launcher"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEOC_TESTS=ON -DEOC_LIBFUZZER=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" -j "$(nproc)" --target $(printf 'eoc_fuzz_%s ' "${targets[@]}")
status=0
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t" "$build/crashes/$t"
  touch "$build/run-started-$t"
  echo "== $t: ${seconds}s"
  # Seeds are read from the checked-in corpus; new inputs go to the working corpus only.
  if ! "$build/tests/fuzz/eoc_fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$build/crashes/$t/" -print_final_stats=1 \
      "$build/corpus/$t" "tests/fuzz/corpus/$t" 2>&1 | tail -n 15; then
    status=1
  fi
  # Only what this run found counts; inputs left by an earlier run stay for reference.
  if [ -n "$(find "$build/crashes/$t" -type f -newer "$build/run-started-$t" 2>/dev/null)" ]; then
    echo "$t: crash inputs in $build/crashes/$t/"
    status=1
  fi
done
exit $status

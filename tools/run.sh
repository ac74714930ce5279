#!/usr/bin/env bash
# Installs what is missing, builds Release into build/, checks the bundled data and serves it.
#   tools/run.sh                 serve on 127.0.0.1:8080 with plans/, geodata/ and a store in var/
#   EOC_LISTEN=0.0.0.0:9000 tools/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DEOC_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc)" --target eoc
if [ -f web/package.json ]; then tools/build-web.sh; fi
./build/eoc check --plans plans --geodata geodata
listen=${EOC_LISTEN:-127.0.0.1:8080}
data_dir=${EOC_DATA_DIR:-var}
mkdir -p "$data_dir"
token=$(./build/eoc token create --role duty_officer --name "local duty officer" --data-dir "$data_dir" | tail -n 1)
echo
echo "eoc: serving http://$listen/"
echo "eoc: duty-officer token for local use (Authorization: Bearer ...):"
echo "$token"
echo
exec ./build/eoc serve --listen "$listen" --data-dir "$data_dir" --plans plans --geodata geodata "$@"

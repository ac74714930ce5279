#!/usr/bin/env bash
# Installs the Debian packages eoc needs, only those missing; quiet when everything is present.
# Usage: tools/install-deps.sh [build|test|cluster]
#   build    what tools/run.sh needs (the embedded SQLite store)
#   cluster  + PostgreSQL 15 with PostGIS and nginx (tools/run-cluster.sh)
#   test     + what tools/test.sh needs (the cluster's packages included)
set -euo pipefail
kind=${1:-build}
packages=(build-essential cmake pkg-config libgdal-dev gdal-bin libboost-dev libcpp-httplib-dev
          nlohmann-json3-dev libsqlite3-dev libssl-dev libxml2-dev libxml2-utils sqlite3 curl ca-certificates
          libpq-dev libmosquitto-dev)
if [ "$kind" = test ] || [ "$kind" = cluster ]; then
  # The PostgreSQL backend's tests start their own cluster (tools/pg-test-cluster.sh, which needs
  # python3); several eoc instances sit behind nginx.
  packages+=(postgresql postgresql-15-postgis-3 nginx python3)
fi
if [ "$kind" = test ]; then
  # mosquitto: the real broker the MQTT channel tests publish to; mosquitto-clients for people checking by hand.
  # lld: the sanitizer test build links with it (CMakeLists.txt), about 3.7 times faster than ld.bfd.
  packages+=(libgtest-dev clang libclang-rt-14-dev lld chromium fonts-wqy-microhei mosquitto mosquitto-clients)
  # Node.js may come from another Debian-format source (with npm inside); add Debian's only if absent.
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "eoc: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

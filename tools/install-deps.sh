#!/usr/bin/env bash
# Installs the Debian packages eoc needs, only those missing; quiet when everything is present.
# Usage: tools/install-deps.sh [build|test]
set -euo pipefail
kind=${1:-build}
packages=(build-essential cmake pkg-config libgdal-dev gdal-bin libboost-dev libcpp-httplib-dev
          nlohmann-json3-dev libsqlite3-dev libssl-dev libxml2-dev libxml2-utils sqlite3 curl ca-certificates
          libmosquitto-dev)
if [ "$kind" = test ]; then
  # mosquitto: the real broker the MQTT channel tests publish to; mosquitto-clients for people checking by hand.
  packages+=(libgtest-dev clang libclang-rt-14-dev python3 chromium fonts-wqy-microhei mosquitto mosquitto-clients)
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

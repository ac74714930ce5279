#!/usr/bin/env bash
# Builds the duty-desk dashboard into web/dist/ (served by eoc) and installs the browser-test
# dependencies in tests/browser/. npm packages come from the registry through npm itself (npm ci
# with the committed lock files); the bundle is self-contained: no CDN, works offline.
# Idempotent and quick when nothing changed: installs only when a lock file is newer than the
# installed tree, bundles only when a source is newer than web/dist/index.html.
set -euo pipefail
cd "$(dirname "$0")/.."

install_packages() {  # $1: folder with package.json
  local dir=$1
  if [ -f "$dir/package-lock.json" ]; then
    if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
      echo "web: npm ci in $dir" >&2
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  elif [ ! -d "$dir/node_modules" ] || [ "$dir/package.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "web: npm install in $dir (no lock file yet)" >&2
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
  fi
}

install_packages web
if [ -f tests/browser/package.json ]; then install_packages tests/browser; fi

stamp=web/dist/index.html
if [ -f "$stamp" ] && [ -z "$(find web/src web/index.html web/build.mjs web/package-lock.json web/site-config.json \
    -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  exit 0
fi
(cd web && node build.mjs)

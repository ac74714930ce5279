#!/usr/bin/env bash
# Restores an eoc store from tools/backup.sh output. Stop eoc first: the store must not be in
# use. The backup's checksum and integrity are verified before anything is touched; the current
# store (if any) is kept next to it as eoc.sqlite.before-restore-<time>; the new store is moved
# into place atomically, and the next `eoc serve` runs any newer migrations on it.
#   tools/restore.sh BACKUP_FILE [DATA_DIR]     (DATA_DIR: $EOC_DATA_DIR or var)
set -euo pipefail
backup=${1:?usage: tools/restore.sh BACKUP_FILE [DATA_DIR]}
data_dir=${2:-${EOC_DATA_DIR:-var}}
command -v sqlite3 >/dev/null || { echo "restore: needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 1; }
[ -f "$backup" ] || { echo "restore: no backup at $backup" >&2; exit 1; }
if [ -f "$backup.sha256" ]; then
  (cd "$(dirname "$backup")" && sha256sum --quiet -c "$(basename "$backup").sha256") ||
    { echo "restore: $backup does not match its checksum" >&2; exit 1; }
else
  echo "restore: warning: no $backup.sha256; relying on integrity_check alone" >&2
fi
check=$(sqlite3 "file:$backup?mode=ro" "PRAGMA integrity_check;")
[ "$check" = "ok" ] || { echo "restore: $backup fails integrity_check: $check" >&2; exit 1; }
sqlite3 "file:$backup?mode=ro" "SELECT 1 FROM schema_version LIMIT 1;" >/dev/null ||
  { echo "restore: $backup is not an eoc store (no schema_version)" >&2; exit 1; }
mkdir -p "$data_dir"
store="$data_dir/eoc.sqlite"
# A live eoc holds the store open; restoring under it would be overwritten or corrupted.
in_use() {  # any process with the file open (Linux /proc; no psmisc needed)
  local target fd
  target=$(readlink -f "$1")
  for fd in /proc/[0-9]*/fd/*; do
    [ "$(readlink "$fd" 2>/dev/null)" = "$target" ] && return 0
  done
  return 1
}
if [ -f "$store" ] && in_use "$store"; then
  echo "restore: $store is in use (is eoc running?); stop it first" >&2
  exit 1
fi
tmp="$data_dir/.eoc.sqlite.restore.$$"
trap 'rm -f "$tmp"' EXIT
cp "$backup" "$tmp"
sync "$tmp"
if [ -f "$store" ]; then
  keep="$store.before-restore-$(TZ=Asia/Shanghai date +%Y%m%dT%H%M%S)"
  # Fold the old WAL into the old store first, so the kept copy is whole on its own.
  sqlite3 "$store" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  mv "$store" "$keep"
  echo "restore: previous store kept as $keep"
fi
rm -f "$store-wal" "$store-shm"
mv "$tmp" "$store"
trap - EXIT
echo "restore: $store restored from $backup"

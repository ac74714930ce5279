#!/usr/bin/env bash
# Online backup of the eoc store: a consistent snapshot taken with SQLite's backup API while eoc
# keeps serving (WAL readers are not blocked), checked with integrity_check, written atomically,
# with a SHA-256 file next to it.
#   tools/backup.sh [DATA_DIR] [BACKUP_FILE]
#   defaults: DATA_DIR=$EOC_DATA_DIR or var, BACKUP_FILE=backups/eoc-<YYYYmmddTHHMMSS+0800>.sqlite
set -euo pipefail
case "${EOC_STORE:-}" in
  postgres://*|postgresql://*)
    # A PostgreSQL store is backed up with PostgreSQL's own tools, against the server eoc uses.
    echo "backup: EOC_STORE is a PostgreSQL store; back it up with pg_dump --format=custom (or" \
         "pg_basebackup + WAL archiving for point-in-time recovery); this script copies SQLite stores" >&2
    exit 2 ;;
esac
data_dir=${1:-${EOC_DATA_DIR:-var}}
store="$data_dir/eoc.sqlite"
[ -f "$store" ] || { echo "backup: no store at $store" >&2; exit 1; }
out=${2:-backups/eoc-$(TZ=Asia/Shanghai date +%Y%m%dT%H%M%S%z).sqlite}
command -v sqlite3 >/dev/null || { echo "backup: needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
tmp="$out.partial.$$"
trap 'rm -f "$tmp"' EXIT
# .backup copies page by page under a read transaction: the snapshot is one committed state,
# never a half-written one, even while eoc writes. A busy timeout rides out a checkpoint.
sqlite3 -cmd ".timeout 10000" "file:$store?mode=ro" ".backup '$tmp'"
check=$(sqlite3 "$tmp" "PRAGMA integrity_check;")
[ "$check" = "ok" ] || { echo "backup: the snapshot fails integrity_check: $check" >&2; exit 1; }
version=$(sqlite3 "$tmp" "SELECT coalesce(max(version), 0) FROM schema_version;")
mv "$tmp" "$out"
trap - EXIT
(cd "$(dirname "$out")" && sha256sum "$(basename "$out")" > "$(basename "$out").sha256")
echo "backup: $out ($(stat -c %s "$out") bytes, schema version $version, integrity ok)"

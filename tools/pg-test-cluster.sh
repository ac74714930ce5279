#!/usr/bin/env bash
# A throw-away PostgreSQL 15 + PostGIS cluster for tests and demonstrations, owned by this script.
#
#   tools/pg-test-cluster.sh start STATE_DIR   initdb + start; prints the client URL as the last line
#   tools/pg-test-cluster.sh url STATE_DIR     prints the URL of the running cluster
#   tools/pg-test-cluster.sh stop STATE_DIR    stops the server and removes its data
#   tools/pg-test-cluster.sh down STATE_DIR    stops the server as a crash would (immediate: no
#                                              checkpoint, every connection cut), keeping its data
#   tools/pg-test-cluster.sh up STATE_DIR      starts it again on the same port (crash recovery)
#
# STATE_DIR (e.g. build-test/pg-test-cluster) only records where the cluster lives: `url` (mode
# 0600, it holds the password), `datadir`. The cluster itself lives in a fresh `mktemp -d` under
# /tmp, owned by the user that runs the server, so that user never needs to reach STATE_DIR:
#   - as root, the server runs as the `postgres` user (initdb refuses root) through runuser;
#   - as anyone else, as that user.
# The server listens on 127.0.0.1 on a free port and on a unix socket inside its own directory
# (never /var/run/postgresql, so it meets no system cluster). Clients use the TCP URL
#   postgresql://eoc:<random password>@127.0.0.1:<port>/eoc_test
# with SCRAM authentication; role `eoc` owns database `eoc_test` (not a superuser, so privilege
# rules are really checked), where PostGIS is already created (creating it needs a superuser).
# Also role `eoc_app` (no ownership, same password) for tests of the grants.
#
# Starting again with the same STATE_DIR stops and removes a cluster left by an earlier run.
# Setting EOC_TEST_PG_URL makes `start` and `stop` no-ops that print/forget that URL instead:
# tests then use a server someone else runs.
set -euo pipefail

usage() { echo "usage: $0 start|url|stop|down|up STATE_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
state=$(realpath -m "$2")
# The server's user (postgres, when run as root) may not be allowed into the caller's directory.
cd /tmp

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "pg-test-cluster: PostgreSQL server binaries not found under /usr/lib/postgresql (tools/install-deps.sh test installs them)" >&2
    exit 1
  fi
  echo "$dir"
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

stop_cluster() {
  [ -f "$state/datadir" ] || return 0
  local data
  data=$(cat "$state/datadir")
  if [ -d "$data/pgdata" ]; then
    # -m immediate: no shutdown checkpoint, the data is deleted next anyway.
    as_owner "$(bindir)/pg_ctl" stop -D "$data/pgdata" -m immediate -w -t 60 >/dev/null 2>&1 || true
  fi
  case "$data" in /tmp/eoc-pg.*) rm -rf "$data" ;; esac
  rm -f "$state/datadir" "$state/url"
}

case "$action" in
  start)
    mkdir -p "$state"
    if [ -n "${EOC_TEST_PG_URL:-}" ]; then echo "$EOC_TEST_PG_URL"; exit 0; fi
    stop_cluster
    bin=$(bindir)
    data=$(mktemp -d /tmp/eoc-pg.XXXXXX)
    echo "$data" > "$state/datadir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data"
    chmod 700 "$data"
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    superuser=$(if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi)
    printf '%s\n' "$password" > "$data/pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data/pwfile"
    # Local (socket) connections: peer, for this script's superuser; TCP: SCRAM for everyone.
    as_owner "$bin/initdb" -D "$data/pgdata" -U "$superuser" --auth-local=peer --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 --no-instructions >"$data/initdb.log" 2>&1 ||
      { cat "$data/initdb.log" >&2; exit 1; }
    mkdir -p "$data/socket"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$data/socket"
    # A small server: tests open a few dozen connections at most. Everything else stays at its
    # default (fsync on: these are the durability rules eoc relies on in production).
    cat >> "$data/pgdata/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data/socket'
max_connections = 200
shared_buffers = 32MB
log_min_messages = warning
EOF
    started=""
    for _ in 1 2 3 4 5; do
      port=$(free_port)
      if as_owner "$bin/pg_ctl" start -D "$data/pgdata" -o "-p $port" -l "$data/server.log" -w -t 60 >/dev/null 2>&1; then
        started=yes
        break
      fi
    done
    if [ -z "$started" ]; then
      echo "pg-test-cluster: the server did not start; its log:" >&2
      cat "$data/server.log" >&2
      exit 1
    fi
    psql_super=(as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$data/socket" -p "$port" -U "$superuser")
    "${psql_super[@]}" -d postgres <<EOF
CREATE ROLE eoc LOGIN PASSWORD '$password';
CREATE ROLE eoc_app LOGIN PASSWORD '$password';
CREATE DATABASE eoc_test OWNER eoc;
EOF
    "${psql_super[@]}" -d eoc_test <<EOF
CREATE EXTENSION postgis;
GRANT ALL ON SCHEMA public TO eoc;
EOF
    url="postgresql://eoc:$password@127.0.0.1:$port/eoc_test"
    (umask 077; printf '%s\n' "$url" > "$state/url")
    echo "$url"
    ;;
  url)
    if [ -n "${EOC_TEST_PG_URL:-}" ]; then echo "$EOC_TEST_PG_URL"; exit 0; fi
    [ -f "$state/url" ] || { echo "pg-test-cluster: no cluster recorded in $state" >&2; exit 1; }
    cat "$state/url"
    ;;
  stop)
    if [ -n "${EOC_TEST_PG_URL:-}" ]; then exit 0; fi
    stop_cluster
    ;;
  down | up)
    # Only a cluster this script started (a server someone else runs is not ours to stop).
    [ -f "$state/datadir" ] && [ -f "$state/url" ] || { echo "pg-test-cluster: no cluster recorded in $state" >&2; exit 1; }
    data=$(cat "$state/datadir")
    port=$(sed -E 's|.*@127\.0\.0\.1:([0-9]+)/.*|\1|' "$state/url")
    if [ "$action" = down ]; then
      as_owner "$(bindir)/pg_ctl" stop -D "$data/pgdata" -m immediate -w -t 60 >/dev/null
    else
      as_owner "$(bindir)/pg_ctl" start -D "$data/pgdata" -o "-p $port" -l "$data/server.log" -w -t 60 >/dev/null
    fi
    ;;
  *) usage ;;
esac

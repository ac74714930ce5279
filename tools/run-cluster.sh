#!/usr/bin/env bash
# A demonstration of eoc without a single point of failure, on one machine: PostgreSQL 15 +
# PostGIS (a throw-away cluster, tools/pg-test-cluster.sh), two eoc instances sharing it, and
# nginx in front of both.
#
#   tools/run-cluster.sh          start everything, print the URL and a token, stop on Ctrl-C
#   tools/run-cluster.sh stop     stop what an interrupted run left (by the PIDs it recorded)
#
#   EOC_LISTEN=127.0.0.1:8080     where nginx listens (the instances take free loopback ports)
#   EOC_CLUSTER_DIR=var/cluster   pids, logs, nginx config; the database lives under /tmp
#   EOC_BIN=build-test/eoc        run this eoc binary instead of building build/eoc (Release)
#
# Kill one instance (kill -9 "$(cat var/cluster/eoc-a.pid)") and keep using the URL: nginx sends
# requests to the other, which takes over the dead one's pending deliveries once their lease lapses.
# Needs an eoc that takes --store (issue 17); an older one is refused with a message.
set -euo pipefail
cd "$(dirname "$0")/.."
state=${EOC_CLUSTER_DIR:-var/cluster}
listen=${EOC_LISTEN:-127.0.0.1:8080}

stop_all() {
  for name in eoc-a eoc-b; do
    if [ -f "$state/$name.pid" ]; then
      pid=$(cat "$state/$name.pid")
      kill "$pid" 2>/dev/null || true
      # SIGTERM lets requests in flight finish; give it the documented 30 s.
      for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$state/$name.pid"
    fi
  done
  if [ -f "$state/nginx.pid" ]; then
    kill -QUIT "$(cat "$state/nginx.pid")" 2>/dev/null || true
    rm -f "$state/nginx.pid"
  fi
  tools/pg-test-cluster.sh stop "$state/postgres" >/dev/null 2>&1 || true
}

if [ "${1:-}" = stop ]; then
  stop_all
  exit 0
fi

eoc=${EOC_BIN:-./build/eoc}
if [ -z "${EOC_BIN:-}" ]; then
  tools/install-deps.sh cluster
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DEOC_TESTS=OFF >/dev/null
  cmake --build build -j "$(nproc)" --target eoc
  if [ -f web/package.json ]; then tools/build-web.sh; fi
fi
"$eoc" check --plans plans --geodata geodata

mkdir -p "$state"
stop_all
trap stop_all EXIT
trap 'exit 130' INT TERM

url=$(tools/pg-test-cluster.sh start "$state/postgres" | tail -n 1)
if ! "$eoc" token create --role duty_officer --name "local duty officer" --store "$url" \
     >"$state/token.out" 2>"$state/token.err"; then
  if grep -q "unknown option --store" "$state/token.err"; then
    echo "run-cluster: this eoc has no --store option yet (issue 17 wires the PostgreSQL store); stopping" >&2
  else
    cat "$state/token.err" >&2
  fi
  exit 1
fi
token=$(tail -n 1 "$state/token.out")

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
ports=()
for name in eoc-a eoc-b; do
  port=$(free_port)
  ports+=("$port")
  "$eoc" serve --store "$url" --listen "127.0.0.1:$port" --plans plans --geodata geodata \
    >"$state/$name.log" 2>&1 &
  echo $! > "$state/$name.pid"
done
for port in "${ports[@]}"; do
  ready=""
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ready=yes; break; fi
    sleep 0.1
  done
  [ -n "$ready" ] || { echo "run-cluster: eoc on port $port did not become ready; see $state/*.log" >&2; exit 1; }
done

abs_state=$(cd "$state" && pwd)
mkdir -p "$abs_state/nginx-tmp"
cat > "$abs_state/nginx.conf" <<CONF
worker_processes 1;
pid $abs_state/nginx.pid;
error_log $abs_state/nginx-error.log warn;
$( [ "$(id -u)" -eq 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $abs_state/nginx-tmp/body;
  proxy_temp_path $abs_state/nginx-tmp/proxy;
  fastcgi_temp_path $abs_state/nginx-tmp/fastcgi;
  uwsgi_temp_path $abs_state/nginx-tmp/uwsgi;
  scgi_temp_path $abs_state/nginx-tmp/scgi;
  # A refused connection (an instance that died) moves the request to the other instance; a
  # request already sent is not repeated (nginx never retries a POST unless told to).
  upstream eoc {
    server 127.0.0.1:${ports[0]} max_fails=1 fail_timeout=5s;
    server 127.0.0.1:${ports[1]} max_fails=1 fail_timeout=5s;
    keepalive 16;
  }
  server {
    listen $listen;
    client_max_body_size 2m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    location / { proxy_pass http://eoc; }
    # Server-sent events: no buffering, long reads (eoc sends keep-alive comments).
    location /events { proxy_pass http://eoc; proxy_buffering off; proxy_read_timeout 1h; }
  }
}
CONF
nginx -c "$abs_state/nginx.conf" -p "$abs_state"

echo
echo "eoc cluster: http://$listen/ (nginx) -> eoc on ports ${ports[*]}, store $(echo "$url" | sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#')"
echo "eoc cluster: duty-officer token for local use (Authorization: Bearer ...):"
echo "$token"
echo "eoc cluster: Ctrl-C stops everything; logs in $state/"
wait

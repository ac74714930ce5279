# Ports for the benchmark scripts (source it): never a fixed port, and never a figure measured on a
# process the script did not start. A benchmark run beside another eoc (or anything else on a
# well-known port) must fail loudly instead of measuring that.
#
#   port=$(free_port)                     a port nothing listens on now (the kernel's choice)
#   owns_port PID PORT                    true when process PID (or a child of it) listens on PORT
#   wait_owned PID PORT SECONDS [URL]     waits until PID listens on PORT (and URL answers); fails
#                                         if PID died or someone else holds the port

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Socket inodes of listening TCP sockets on PORT (IPv4 and IPv6), from the kernel's tables.
_listening_inodes() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v port="$hex" 'NR > 1 { split($2, local, ":"); if (local[2] == port && $4 == "0A") print $10 }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# PID and its descendants (nginx and postgres listen from the processes they fork).
_family() {
  local pid=$1 child
  echo "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do _family "$child"; done
}

owns_port() {  # pid, port
  local inodes pid fd
  inodes=$(_listening_inodes "$2")
  [ -n "$inodes" ] || return 1
  for pid in $(_family "$1"); do
    for fd in /proc/"$pid"/fd/*; do
      local target
      target=$(readlink "$fd" 2>/dev/null) || continue
      case "$target" in socket:\[*\])
        grep -qx "${target//[^0-9]/}" <<<"$inodes" && return 0 ;;
      esac
    done
  done
  return 1
}

wait_owned() {  # pid, port, seconds, [url]
  local pid=$1 port=$2 deadline=$((SECONDS + $3)) url=${4:-}
  until owns_port "$pid" "$port" && { [ -z "$url" ] || curl -sf "$url" >/dev/null 2>&1; }; do
    kill -0 "$pid" 2>/dev/null || { echo "the process started for port $port ($pid) exited" >&2; return 1; }
    if [ $SECONDS -ge "$deadline" ]; then
      if [ -n "$(_listening_inodes "$port")" ]; then
        echo "port $port is held by a process this script did not start: nothing measured" >&2
      else
        echo "nothing listens on $port after $3 s" >&2
      fi
      return 1
    fi
    sleep 0.05
  done
}

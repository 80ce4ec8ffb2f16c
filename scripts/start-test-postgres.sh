#!/usr/bin/env bash
# Starts a private, throwaway PostgreSQL cluster on 127.0.0.1 for the tests and prints its connection string.
# Usage: scripts/start-test-postgres.sh DIR PORT   (stop it with: pg_ctl -D DIR/data stop)
set -euo pipefail
dir=$1; port=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "PostgreSQL server binaries not found; installing Debian's postgresql package" >&2
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; } >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1
# Default durability settings on purpose: tests and benchmarks must see real commit costs.
# max_connections 1000: the host suite runs many hosts at once, each with its own pool and background loops (timers,
# live events, metrics gauges); 300 ran out.
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=1000" start >/dev/null
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100"

#!/usr/bin/env bash
# The benchmark, in one command: builds the host and the harness in Release, starts a private PostgreSQL cluster
# (default durability settings), runs the benchmarks of issues 8 and 17 and prints the table, also written to
# bench/results/latest.md. Takes about 10 minutes on the 2-core machine. Extra arguments go to the harness,
# e.g. `bench/run.sh --levels 1,4 --seconds 5 --tasks 100000 --audit 100000 --timers 1000` for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

work=$(mktemp -d /tmp/approvalengine-bench.XXXXXX)
pg_dir=$(mktemp -d /tmp/approvalengine-bench-pg.XXXXXX)  # its own folder: start-test-postgres.sh hands it to the postgres user
pg_started=""
cleanup() {
  if [ -n "$pg_started" ]; then
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
    else "$bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true; fi
  fi
  rm -rf "$pg_dir"
  # Host logs stay for a look after a failure; everything else goes.
  if [ -d "$work/logs" ]; then mkdir -p bench/results/logs && cp "$work"/logs/*.log bench/results/logs/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Others may be editing src/ while we build: a failed build is retried after a pause before giving up.
build() {
  for attempt in 1 2 3; do
    if dotnet build "$1" -c Release -nologo -v q >"$work/build.log" 2>&1; then return 0; fi
    echo "build of $1 failed (attempt $attempt); retrying in 60 s" >&2; tail -5 "$work/build.log" >&2; sleep 60
  done
  cat "$work/build.log" >&2; return 1
}
echo "[bench] building Release…" >&2
build src/ApprovalEngine.Host/ApprovalEngine.Host.csproj
build bench/ApprovalEngine.Bench/ApprovalEngine.Bench.csproj
# Run a private copy of the host: a concurrent build (./test.sh) rewriting bin/Release must not swap DLLs under it.
cp -r src/ApprovalEngine.Host/bin/Release/net10.0 "$work/host"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55434)
postgres=$(scripts/start-test-postgres.sh "$pg_dir" "$port")
pg_started=yes
echo "[bench] PostgreSQL on 127.0.0.1:$port" >&2

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
dotnet bench/ApprovalEngine.Bench/bin/Release/net10.0/ApprovalEngine.Bench.dll \
  --host-dll "$work/host/ApprovalEngine.Host.dll" --postgres "$postgres" --work "$work" \
  --out "$root/bench/results/latest.md" --commit "$commit" --postmaster-pid "$(head -n 1 "$pg_dir/data/postmaster.pid")" "$@"

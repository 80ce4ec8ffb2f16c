#!/usr/bin/env bash
# Runs every test suite against real parts: SQLite files and a private PostgreSQL cluster that this script
# starts (unless APPROVALENGINE_TEST_POSTGRES already names one). Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/TestResults"
rm -rf "$results"; mkdir -p "$results"

pg_dir=""
cleanup() {
  if [ -n "$pg_dir" ]; then
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1
    else "$bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1; fi
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT

if [ -z "${APPROVALENGINE_TEST_POSTGRES:-}" ]; then
  pg_dir=$(mktemp -d /tmp/approvalengine-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55433)
  if ! APPROVALENGINE_TEST_POSTGRES=$(scripts/start-test-postgres.sh "$pg_dir" "$port"); then
    echo "could not start a local PostgreSQL cluster (see $pg_dir/*.log)"; cat "$pg_dir"/*.log 2>/dev/null | tail -20
    echo "0 passed, 1 failed"; exit 1
  fi
  export APPROVALENGINE_TEST_POSTGRES
  echo "PostgreSQL test cluster on 127.0.0.1:$port"
fi

# The browser tests drive the real Elsa Studio and the office front end in Debian's chromium (Playwright never
# downloads a browser here); fonts-noto-cjk so that screenshots show Chinese.
missing=""
command -v chromium >/dev/null || missing="chromium"
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -qi cjk || missing="$missing fonts-noto-cjk"
if [ -n "$missing" ]; then
  echo "installing Debian's$missing for the browser tests"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing; } >/dev/null 2>&1 || echo "could not install$missing"
fi

# The document tests read PDFs back: the CJK font they are set in (fonts-noto-cjk, the host's default
# Documents:FontPath) and poppler's pdftoppm, which renders a page to decode its QR code.
if [ ! -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || ! command -v pdftoppm >/dev/null; then
  echo "installing Debian's fonts-noto-cjk and poppler-utils for the document tests"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk poppler-utils; } >/dev/null 2>&1 || echo "could not install fonts-noto-cjk/poppler-utils"
fi

dotnet tool restore >/dev/null
if ! dotnet build ApprovalEngine.sln -c Release -nologo -v q; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi
# The server suites run side by side; the browser suite runs after them, alone: sharing two cores with the 18-minute
# host suite, chromium and Blazor WebAssembly grew slow enough to lose clicks (two CI runs failed that way).
run_tests() {
  dotnet test "$1" -c Release --no-build -nologo --logger "trx;LogFilePrefix=run" --results-directory "$results" \
    -- RunConfiguration.TreatNoTestsAsError=true 2>&1 | tee -a "$results/console.log"
  return "${PIPESTATUS[0]}"
}
status=0
for project in tests/*/*.Tests.csproj; do  # a new test project must join one of the two runs, or it would never run
  case "$project" in */ApprovalEngine.Browser.Tests.csproj) ;; *)
    grep -q "$(basename "$project")" tests/ServerSuites.slnf || { echo "$project is not listed in tests/ServerSuites.slnf"; status=1; } ;; esac
done
run_tests tests/ServerSuites.slnf || status=1
run_tests tests/ApprovalEngine.Browser.Tests/ApprovalEngine.Browser.Tests.csproj || status=1

# Each test assembly prints one summary line: "Passed!  - Failed:     0, Passed:    16, Skipped: ..."
passed=0; failed=0
while read -r f p; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -n 's/.*\(Passed\|Failed\)!  *- Failed: *\([0-9]*\), Passed: *\([0-9]*\),.*/\2 \3/p' "$results/console.log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a crashed test host counts as a failure

# The office front end's unit tests (vitest): its summary goes to a JSON file whose counts join the total.
client="$root/src/ApprovalEngine.Host/ClientApp"
[ -d "$client/node_modules" ] || (cd "$client" && npm ci --no-audit --no-fund --loglevel=error)
(cd "$client" && npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json") 2>&1 | tee "$results/vitest.log"
if read -r vp vf < <(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + (r.success || r.numFailedTests ? 0 : 1))' "$results/vitest.json" 2>/dev/null); then
  passed=$((passed + vp)); failed=$((failed + vf))
else
  echo "vitest did not report"; failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

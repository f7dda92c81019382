#!/usr/bin/env bash
# Browser end-to-end test of the Zvonok web UI: builds the server and the UI, starts the
# server with the demo school on 127.0.0.1, and drives Chromium through the teacher's and the
# parent's screens (browser.mjs). Screenshots go to ${ZVONOK_ARTIFACTS:-$PWD/artifacts}/web/.
#
#   bash tests/web/run.sh                         the end-to-end story (browser.mjs)
#   bash tests/web/run.sh bench-today.mjs [runs]  the time-to-Today benchmark instead
#   bash tests/web/run.sh bench-timetable.mjs [runs]  the timetable editor's checks in the browser
#   bash tests/web/run.sh wizard.mjs              the setup wizard on an empty server
#   bash tests/web/run.sh reports.mjs             closing a quarter, the locked journal, the reports
#                                                 (ZVONOK_READ_REPORT: a prebuilt zvonok-read-report)
set -euo pipefail
SCRIPT="${1:-browser.mjs}"
shift || true

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zvonok-target}"
ART="${ZVONOK_ARTIFACTS:-$PWD/artifacts}/web"
mkdir -p "$ART"
ART="$(cd "$ART" && pwd)"

# Chromium and a font with Cyrillic.
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
fi

# playwright-core (no browser download: it drives the system Chromium).
cd "$HERE"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund playwright-core@1
fi

cd "$ROOT"
# ZVONOK_SERVER_BIN: use this server binary (e.g. a release build for the benchmark).
if [ -z "${ZVONOK_SERVER_BIN:-}" ]; then
  cargo build -p zvonok-server --bin zvonok-server
fi
bash scripts/build-ui.sh
# reports.mjs parses the downloaded XLSX and PDF back with a small binary of the tests crate.
if [ "$SCRIPT" = "reports.mjs" ] && [ -z "${ZVONOK_READ_REPORT:-}" ]; then
  cargo build -p zvonok-tests --bin zvonok-read-report
  export ZVONOK_READ_REPORT="$CARGO_TARGET_DIR/debug/zvonok-read-report"
fi
SERVER="${ZVONOK_SERVER_BIN:-$CARGO_TARGET_DIR/debug/zvonok-server}"
WEB="${ZVONOK_UI_DIST:-$CARGO_TARGET_DIR/ui-dist}"
[ -f "$WEB/index.html" ] || { echo "no UI build in $WEB" >&2; exit 1; }

DATA="$(mktemp -d)"
LOG="$ART/server.log"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT INT TERM

# wizard.mjs starts from an empty server (no demo) whose admin has a known password.
START=(--demo)
if [ "$SCRIPT" = "wizard.mjs" ]; then
  ADMIN_PASSWORD="wizard-admin-$PORT"
  START=(--admin-password "$ADMIN_PASSWORD")
  set -- "$ADMIN_PASSWORD" "$@"
fi
"$SERVER" "${START[@]}" --listen "127.0.0.1:$PORT" --data-dir "$DATA" --web-dir "$WEB" >"$LOG" 2>&1 &
SERVER_PID=$!

# Wait (bounded) for «listening on http://ADDR».
BASE=""
for _ in $(seq 1 240); do
  line="$(grep -m1 -o 'listening on http://[^ ]*' "$LOG" || true)"
  if [ -n "$line" ]; then BASE="${line#listening on }"; break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited:" >&2; cat "$LOG" >&2; exit 1; }
  sleep 0.5
done
[ -n "$BASE" ] || { echo "server did not start within 120 s:" >&2; cat "$LOG" >&2; exit 1; }
case "$BASE" in http://127.0.0.1:*) ;; *) echo "unexpected address $BASE" >&2; exit 1 ;; esac
echo "server at $BASE (log: $LOG)"

cd "$HERE"
timeout 600 node "$SCRIPT" "$BASE" "$ART" "$@"
echo "$SCRIPT passed; output in $ART"

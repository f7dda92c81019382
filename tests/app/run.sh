#!/usr/bin/env bash
# The real-app-window test: builds the app (scripts/build-app.sh), the server and the CLI,
# installs tauri-driver 2.1.0 if missing, starts Xvfb, tauri-driver and (from the Node script)
# zvonok-server --demo on 127.0.0.1, and runs tests/app/app-window.mjs, which signs in through
# the UI, marks attendance offline and checks that the app's background sync delivered it.
# Screenshots and logs go to ${ZVONOK_ARTIFACTS:-$PWD/artifacts}/app/.
# Environment: CARGO_TARGET_DIR, ZVONOK_TOOLS (default ~/.cache/zvonok-tools),
# ZVONOK_APP_BIN (skip building the app, use this binary), ZVONOK_SERVER_BIN (likewise for the
# server), ZVONOK_SKIP_SETUP=1, ZVONOK_BENCH_TAPS=N (then measure N taps: tap-bench.mjs).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zvonok-target}"
tools="${ZVONOK_TOOLS:-$HOME/.cache/zvonok-tools}"
artifacts="${ZVONOK_ARTIFACTS:-$root/artifacts}/app"
mkdir -p "$artifacts" "$tools"
artifacts=$(cd "$artifacts" && pwd)

say() { printf '\n==> %s\n' "$*"; }

# ---- build what the test runs
if [[ -n ${ZVONOK_APP_BIN:-} ]]; then
    app="$ZVONOK_APP_BIN"
else
    app=$(bash scripts/build-app.sh | tail -n 1)
fi
[[ -x $app ]] || { echo "app-window: no app binary at $app" >&2; exit 1; }
if [[ -n ${ZVONOK_SERVER_BIN:-} ]]; then
    server_bin="$ZVONOK_SERVER_BIN"
else
    say "cargo build -p zvonok-server"
    cargo build -p zvonok-server --bin zvonok-server
    server_bin="$CARGO_TARGET_DIR/debug/zvonok-server"
fi

# ---- tools
if ! "$tools/bin/tauri-driver" --help >/dev/null 2>&1 \
    || [[ ! -f $tools/.tauri-driver-2.1.0 ]]; then
    say "cargo install tauri-driver 2.1.0 into $tools"
    # Its own temporary target directory: no waiting for the shared one.
    env -u CARGO_TARGET_DIR cargo install --root "$tools" tauri-driver --version 2.1.0 --locked
    touch "$tools/.tauri-driver-2.1.0"
fi
for tool in WebKitWebDriver Xvfb node; do
    command -v "$tool" >/dev/null || {
        echo "app-window: $tool is missing (scripts/build-app.sh installs webkit2gtk-driver and xvfb; Node 20 is needed)" >&2
        exit 1
    }
done

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

work=$(mktemp -d "${TMPDIR:-/tmp}/zvonok-app-test.XXXXXX")
pids=()
cleanup() {
    local rc=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT

# ---- a display: the first free one from :99 on
display=""
for n in $(seq 99 120); do
    if [[ ! -e /tmp/.X$n-lock && ! -e /tmp/.X11-unix/X$n ]]; then
        display=$n
        break
    fi
done
[[ -n $display ]] || { echo "app-window: no free X display between :99 and :120" >&2; exit 1; }
say "Xvfb :$display"
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$artifacts/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    [[ -e /tmp/.X11-unix/X$display ]] && break
    sleep 0.1
done
[[ -e /tmp/.X11-unix/X$display ]] || { echo "app-window: Xvfb did not start (see $artifacts/xvfb.log)" >&2; exit 1; }
export DISPLAY=":$display"

# ---- tauri-driver; the app it launches inherits ZVONOK_DATA_DIR
wd_port=$(free_port)
native_port=$(free_port)
mkdir -p "$work/app-data" "$work/server-data"
say "tauri-driver on 127.0.0.1:$wd_port (native $native_port)"
ZVONOK_DATA_DIR="$work/app-data" RUST_LOG="${RUST_LOG:-zvonok_app_lib=info,zvonok_client=info}" \
    "$tools/bin/tauri-driver" --port "$wd_port" --native-port "$native_port" \
    >"$artifacts/tauri-driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$wd_port/status" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$wd_port/status" >/dev/null 2>&1 \
    || { echo "app-window: tauri-driver did not answer (see $artifacts/tauri-driver.log)" >&2; exit 1; }

say "app-window story (app $app)"
rm -f "$artifacts"/*.png
WEBDRIVER="http://127.0.0.1:$wd_port" APP="$app" SERVER_BIN="$server_bin" \
    SERVER_DATA="$work/server-data" SERVER_PORT="$(free_port)" ARTIFACTS="$artifacts" \
    timeout 600 node tests/app/app-window.mjs

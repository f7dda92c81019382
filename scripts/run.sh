#!/usr/bin/env bash
# Builds Zvonok (server, CLI and the web UI) and starts the sync server with a demo school and
# the web UI, in the foreground (Ctrl-C stops it). The server prints its address and the demo logins; the `zvonok` CLI path is printed below.
#
#   bash scripts/run.sh             debug build (shares the build cache with scripts/test.sh)
#   bash scripts/run.sh --release   optimised build
#
# Environment: ZVONOK_DATA_DIR (default ~/.local/share/zvonok-demo), ZVONOK_LISTEN
# (default 127.0.0.1:8080), CARGO_TARGET_DIR (default ~/.cache/zvonok-target).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

profile=debug
cargo_profile=()
for arg in "$@"; do
    case "$arg" in
        --release) profile=release; cargo_profile=(--release) ;;
        -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done

data_dir="${ZVONOK_DATA_DIR:-$HOME/.local/share/zvonok-demo}"
listen="${ZVONOK_LISTEN:-127.0.0.1:8080}"

zvonok_setup 1 0 0
say "building zvonok-server and zvonok ($profile)"
cargo build "${cargo_profile[@]}" --locked -p zvonok-server -p zvonok-client --bins
say "building the web UI (WebAssembly)"
ui_dist="${ZVONOK_UI_DIST:-$CARGO_TARGET_DIR/ui-dist}"
ZVONOK_UI_DIST="$ui_dist" bash scripts/build-ui.sh

bin="$CARGO_TARGET_DIR/$profile"
mkdir -p "$data_dir"
cat <<MSG

==> starting the demo server (data in $data_dir)
    Open http://$listen/ in a browser (teacher / parent, password zvonok-demo),
    or build the desktop app: bash scripts/build-app.sh.
    In another terminal, use the CLI:
      $bin/zvonok login http://$listen teacher     # password: zvonok-demo
      $bin/zvonok today
      $bin/zvonok --help
    Ctrl-C stops the server; the data directory is kept (delete it for a fresh demo).

MSG
exec "$bin/zvonok-server" --demo --listen "$listen" --data-dir "$data_dir" --web-dir "$ui_dist"

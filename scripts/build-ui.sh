#!/usr/bin/env bash
# Builds the Leptos UI (ui/, crate zvonok-ui) into a static directory the sync server can serve
# (--web-dir) and the Tauri app can embed. No trunk and no wasm-opt (Debian's binaryen breaks
# the wasm for Chromium): cargo → wasm-bindgen → copy the static files.
#
#   ZVONOK_TOOLS    where wasm-bindgen-cli is installed   (default ~/.cache/zvonok-tools)
#   ZVONOK_UI_DIST  output directory                      (default $CARGO_TARGET_DIR/ui-dist)
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${ZVONOK_TOOLS:-$HOME/.cache/zvonok-tools}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="${ZVONOK_UI_DIST:-$TARGET_DIR/ui-dist}"

rustup target add wasm32-unknown-unknown >/dev/null

BINDGEN="$TOOLS/bin/wasm-bindgen"
if ! "$BINDGEN" --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION into $TOOLS"
  # No --locked: the CLI's own lock file pins a crate this registry does not carry.
  cargo install --root "$TOOLS" wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

cd "$ROOT"
# Size over speed for the shipped wasm (the workspace's release profile is tuned for the server);
# set ZVONOK_UI_FAST=1 to skip LTO while iterating.
if [ -z "${ZVONOK_UI_FAST:-}" ]; then
  export CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=true \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_DEBUG=false
fi
CARGO_TARGET_DIR="$TARGET_DIR" cargo build -p zvonok-ui --target wasm32-unknown-unknown --release --locked

rm -rf "$DIST"
mkdir -p "$DIST/icons"
"$BINDGEN" --target web --no-typescript --remove-name-section --remove-producers-section --out-dir "$DIST" \
  "$TARGET_DIR/wasm32-unknown-unknown/release/zvonok_ui.wasm"
cp ui/index.html ui/boot.js ui/style.css ui/manifest.webmanifest ui/sw.js "$DIST/"
cp ui/icons/*.png "$DIST/icons/"

WASM="$DIST/zvonok_ui_bg.wasm"
RAW=$(wc -c <"$WASM")
GZ=$(gzip -9 -c "$WASM" | wc -c)
echo "UI built: $DIST"
echo "wasm: $RAW bytes raw, $GZ bytes gzipped"

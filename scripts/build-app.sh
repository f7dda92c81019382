#!/usr/bin/env bash
# Builds the Zvonok app (src-tauri/, binary zvonok-app) with the UI embedded:
#   1. installs the Debian packages the app and its window test need, if missing;
#   2. builds the Leptos UI with scripts/build-ui.sh (if present) into
#      ${ZVONOK_UI_DIST:-$CARGO_TARGET_DIR/ui-dist} and copies it to src-tauri/dist (gitignored);
#   3. cargo build -p zvonok-app (debug; --release for an optimised build with the production
#      asset protocol) and prints the binary's path as the last line.
# Environment: CARGO_TARGET_DIR (default ~/.cache/zvonok-target), ZVONOK_UI_DIST,
# ZVONOK_SKIP_SETUP=1 (install nothing), ZVONOK_SKIP_UI=1 (keep src-tauri/dist as it is).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zvonok-target}"
profile=debug
cargo_args=(build -p zvonok-app)
for arg in "$@"; do
    case "$arg" in
        --release)
            profile=release
            cargo_args+=(--release --features custom-protocol)
            ;;
        *)
            echo "build-app: unknown argument $arg (only --release)" >&2
            exit 2
            ;;
    esac
done

say() { printf '\n==> %s\n' "$*" >&2; }

# WebKitGTK, GTK and friends for building and running the app; webkit2gtk-driver, Xvfb and
# xauth for its WebDriver test; librsvg2-bin and imagemagick for scripts/make-icons.sh.
app_packages=(build-essential pkg-config file libssl-dev
    libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev libgtk-3-dev
    webkit2gtk-driver xvfb xauth librsvg2-bin imagemagick)

if [[ ${ZVONOK_SKIP_SETUP:-0} != 1 ]]; then
    missing=()
    for p in "${app_packages[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$p")
        fi
    done
    if ((${#missing[@]} > 0)); then
        sudo=()
        if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
        say "installing Debian packages: ${missing[*]}"
        "${sudo[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
fi

if [[ ${ZVONOK_SKIP_UI:-0} != 1 && -f scripts/build-ui.sh ]]; then
    ui_dist="${ZVONOK_UI_DIST:-$CARGO_TARGET_DIR/ui-dist}"
    say "building the UI (scripts/build-ui.sh) into $ui_dist"
    ZVONOK_UI_DIST="$ui_dist" bash scripts/build-ui.sh >&2
    if [[ ! -f $ui_dist/index.html ]]; then
        echo "build-app: the UI build left no $ui_dist/index.html" >&2
        exit 1
    fi
    # Replace the embedded UI only when it changed, so that cargo does not rebuild for nothing.
    if ! diff -rq "$ui_dist" src-tauri/dist >/dev/null 2>&1; then
        rm -rf src-tauri/dist.new
        cp -r "$ui_dist" src-tauri/dist.new
        rm -rf src-tauri/dist
        mv src-tauri/dist.new src-tauri/dist
    fi
elif [[ ! -f src-tauri/dist/index.html ]]; then
    say "no scripts/build-ui.sh: the app will show a page saying the UI is not built"
fi

say "cargo ${cargo_args[*]}"
cargo "${cargo_args[@]}" >&2
echo "$CARGO_TARGET_DIR/$profile/zvonok-app"

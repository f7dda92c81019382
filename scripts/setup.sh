# shellcheck shell=bash
# Shared set-up for scripts/run.sh and scripts/test.sh: installs what a fresh Debian 12 machine
# with a rustup toolchain lacks, idempotently, and sets the shared cargo target directory.
# Source it; do not run it. Respects ZVONOK_SKIP_SETUP=1 (install nothing, only set variables).

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zvonok-target}"
# Incremental caches of every crate grew past 20 GB in the shared target directory and win
# nothing for a build from a clean clone: off unless the caller asks for them.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '\n==> %s\n' "$*"; }

# Debian packages: a C compiler and make (the bundled SQLite, ring and aws-lc build C code),
# pkg-config, CA certificates for the package registries.
zvonok_apt_packages=(build-essential pkg-config ca-certificates)
# The Tauri app (src-tauri/) links WebKitGTK and GTK: their -dev packages, for building the
# whole workspace.
zvonok_app_packages=(libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
    librsvg2-dev libgtk-3-dev file)

zvonok_install_apt() {
    local want_app="$1" missing=() p wanted=("${zvonok_apt_packages[@]}")
    if [[ $want_app == 1 && -f src-tauri/Cargo.toml ]]; then
        wanted+=("${zvonok_app_packages[@]}")
    fi
    for p in "${wanted[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$p")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "missing packages ${missing[*]} and no apt-get: install them by hand" >&2
        return 1
    fi
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
    say "installing Debian packages: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Rust pieces: the wasm target (core must build for it) and rustfmt and clippy, as asked.
zvonok_install_rust() {
    local want_wasm="$1" want_lints="$2"
    if ! command -v cargo >/dev/null 2>&1; then
        echo "cargo not found: install Rust with rustup first" >&2
        return 1
    fi
    if ! command -v rustup >/dev/null 2>&1; then
        echo "rustup not found: assuming the toolchain already has what is needed" >&2
        return 0
    fi
    if [[ $want_wasm == 1 ]] && ! rustup target list --installed | grep -x 'wasm32-unknown-unknown' >/dev/null; then
        say "rustup target add wasm32-unknown-unknown"
        rustup target add wasm32-unknown-unknown
    fi
    if [[ $want_lints == 1 ]]; then
        local c
        for c in rustfmt clippy; do
            if ! rustup component list --installed | grep "^$c" >/dev/null; then
                say "rustup component add $c"
                rustup component add "$c"
            fi
        done
    fi
}

# The shared target directory grows with every checkout that builds into it (each path gets its
# own copies of the workspace's crates and test binaries, hundreds of MB each with debug info).
# When the disk holding it has less than ZVONOK_MIN_FREE_GB (default 25) free, drop what cargo
# rebuilds cheaply: the incremental caches and the linked test and binary executables (the
# compiled dependencies stay, so the next build only relinks).
zvonok_prune_target() {
    local min_gb="${ZVONOK_MIN_FREE_GB:-25}" dir="$CARGO_TARGET_DIR" free_kb
    [[ -d $dir ]] || return 0
    free_kb=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
    if [[ -z $free_kb ]] || ((free_kb >= min_gb * 1024 * 1024)); then
        return 0
    fi
    say "less than ${min_gb} GB free next to $dir: pruning incremental caches and linked executables"
    rm -rf "$dir"/debug/incremental "$dir"/release/incremental
    find "$dir"/debug/deps "$dir"/release/deps -maxdepth 1 -type f -perm -u+x \
        ! -name '*.so' ! -name '*.rlib' ! -name '*.rmeta' -delete 2>/dev/null || true
    find "$dir"/debug/deps "$dir"/release/deps -maxdepth 1 -type f \
        \( -name 'libzvonok*' -o -name 'libzvonok_app_lib.a' \) -mmin +60 -delete 2>/dev/null || true
    df -Ph "$dir" | awk 'NR == 2 { print "free now: " $4 }'
}

# zvonok_setup WASM LINTS APP (each 0 or 1): what to make sure of beyond a C toolchain.
zvonok_setup() {
    if [[ ${ZVONOK_SKIP_SETUP:-0} == 1 ]]; then
        return 0
    fi
    zvonok_install_apt "$3"
    zvonok_install_rust "$1" "$2"
    zvonok_prune_target
}

#!/usr/bin/env bash
# THE test command of Zvonok: formatting, lints, the wasm build of core, the binaries, and every
# test of the workspace, including the end-to-end scenarios (real server process + CLI devices).
# Installs what it needs first (idempotent). Prints which step failed and exits non-zero.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

started=$SECONDS
current_step=""
trap 'rc=$?; if [[ $rc -ne 0 && -n $current_step ]]; then printf "\nFAILED: step \"%s\" (exit code %s)\n" "$current_step" "$rc" >&2; fi' EXIT

step() {
    current_step="$1"
    shift
    say "[$current_step] $*"
    local t0=$SECONDS
    "$@"
    printf -- '--- [%s] ok in %ds\n' "$current_step" $((SECONDS - t0))
}

step "set-up" zvonok_setup 1 1 1
echo "CARGO_TARGET_DIR=$CARGO_TARGET_DIR"
cargo --version
step "fmt" cargo fmt --all --check
step "clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
step "wasm" cargo build -p zvonok-core --target wasm32-unknown-unknown --locked
# Binaries (the end-to-end tests run them) and test targets in one build: the same features as
# `cargo test` (dev-dependencies unified), so the next step compiles nothing twice.
step "build" cargo build --workspace --bins --tests --locked
step "test" cargo test --workspace --locked
step "app window" bash tests/app/run.sh
step "browser" bash tests/web/run.sh
step "wizard" bash tests/web/run.sh wizard.mjs
step "coordinator" bash tests/web/run.sh admin.mjs
step "reports" bash tests/web/run.sh reports.mjs
current_step=""
printf '\nAll steps passed in %ds.\n' $((SECONDS - started))

#!/usr/bin/env bash
# Portability check: a program written against the client generated from the fragment
# (tests/portability/program.rs, against generated/) compiles unchanged against clients
# generated from the full upstream specs: same type, variant, field and method names.
#
# The program is built once per client, each time with that client as the dependency `atlas`
# (`atlas = { package = "…", path = "…" }`) and the features of the operations that client has:
#   - the fragment (generated/): all five operations;
#   - raw 2026-05-05 --only the three private-endpoint operations it has;
#   - raw 2025-06-30 --only createServerlessInstance and the two private-endpoint operations it has;
#   - with --whole: the whole raw 2026-05-05 and 2025-06-30 clients .ci/upstream-check.sh
#     generated (target/upstream-check/…), so `--only` is shown not to change a name either.
# Everything goes under target/portability/ (its own CARGO_TARGET_DIR unless one is set).
#
# usage: bash .ci/portability-check.sh [--whole]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=target/portability
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/$work/target}"
export CARGO_TERM_COLOR=never
mkdir -p "$work"

step() { printf '\n==> %s\n' "$*"; }

raw2026=spec/upstream/atlas-admin-v2.raw.2026-05-05.yaml
raw2025=spec/upstream/atlas-admin-v2.raw.2025-06-30.yaml

step "generate the upstream clients (--only the operations of the program)"
env -u CARGO_TARGET_DIR cargo xtask generate --spec "$raw2026" --out "$work/raw-2026-only" \
    --crate-name atlas-raw-2026-only \
    --only createServerlessPrivateEndpoint,createBackupPrivateEndpoint,createPrivateEndpoint
env -u CARGO_TARGET_DIR cargo xtask generate --spec "$raw2025" --out "$work/raw-2025-only" \
    --crate-name atlas-raw-2025-only \
    --only createServerlessInstance,createServerlessPrivateEndpoint,createPrivateEndpoint

# check NAME CRATE_DIR PACKAGE FEATURES…: cargo check the program against one client.
check() {
    local name=$1 crate=$2 package=$3
    shift 3
    local dir="$work/program-$name" features
    features=$(printf '"%s", ' "$@")
    mkdir -p "$dir"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "portability-$name"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[[bin]]
name = "portability"
path = "$root/tests/portability/program.rs"

[dependencies]
atlas = { package = "$package", path = "$root/$crate" }
serde_json = "1"

[features]
default = [${features%, }]
private_endpoint = []
backup_private_endpoint = []
serverless_private_endpoint = []
serverless_instance = []
legacy_v1 = []
EOF
    cp Cargo.lock "$dir/Cargo.lock"
    step "the program against $name ($package: $*)"
    local output
    if ! output=$(cd "$dir" && cargo check --quiet 2>&1) || [ -n "$output" ]; then
        printf 'the program does not compile cleanly against %s:\n%s\n' "$name" "$output"
        return 1
    fi
    echo "    compiles"
}

all_v2="private_endpoint backup_private_endpoint serverless_private_endpoint serverless_instance"
check fragment generated atlas-admin-client $all_v2 legacy_v1
check raw-2026-only "$work/raw-2026-only" atlas-raw-2026-only \
    private_endpoint backup_private_endpoint serverless_private_endpoint
check raw-2025-only "$work/raw-2025-only" atlas-raw-2025-only \
    private_endpoint serverless_private_endpoint serverless_instance

if [ "${1:-}" = "--whole" ]; then
    check raw-2026-whole target/upstream-check/atlas-admin-v2.raw.2026-05-05 atlas-admin-upstream \
        private_endpoint backup_private_endpoint serverless_private_endpoint
    check raw-2025-whole target/upstream-check/atlas-admin-v2.raw.2025-06-30 atlas-admin-upstream \
        private_endpoint serverless_private_endpoint serverless_instance
fi

step "portability check passed"

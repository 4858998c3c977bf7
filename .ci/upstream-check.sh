#!/usr/bin/env bash
# Upstream check: the generator handles the whole Atlas Admin API, not just the fragment.
#
# 1. The full (transformed) upstream spec, with one cargo feature per tag: clippy -D warnings on
#    the client with every tag and the typed mock server (feature `mock`; ~70k lines), clippy on
#    one tag's feature alone, and `cargo check` of every tag's feature alone and of none (any
#    warning fails). Its command-line client (binary `atlas-admin`) is generated and linted.
# 2. The golden crate of tests/fixtures/reserved_tags.yaml (tags named `Mock`, `Default`, …,
#    generated --split-by-tag): every tag's feature alone, none, and `mock`, without warnings
#    (the workspace builds it only with all of them).
# 3. Both raw specs (oneOf / discriminator / allOf polymorphism): the client (~130k and ~165k
#    lines, with `mock`) and its command-line client (454 and 543 commands, ~45k and ~55k
#    lines) are generated and `cargo check`ed together, warnings failing.
# Everything goes under target/upstream-check/ (its own CARGO_TARGET_DIR: the first run builds
# the dependencies, later runs reuse them).
# Time on 2 cores shared with other builds (load 3–5), dependencies built, every generated crate
# changed: 5.3 minutes. Checking each raw spec's client
# and CLI together takes 47 s (2025) and 65 s (2026) in that run; the CLI alone, measured by
# re-checking only it under a load of 4, 68 s and 93 s. The reserved-tags golden takes a few
# seconds once the runtime is built for it.
#
# usage: bash .ci/upstream-check.sh [SPEC]   (default: the transformed spec, the smallest)
set -euo pipefail
cd "$(dirname "$0")/.."

spec="${1:-spec/upstream/atlas-admin-v2.transformed.2026-02-04.yaml}"
out=target/upstream-check/client
export CARGO_TARGET_DIR="$PWD/target/upstream-check/target"
export CARGO_TERM_COLOR=never
tag=clusters

step() { printf '\n==> %s\n' "$*"; }
timed() {
    local started=$SECONDS
    "$@"
    printf '    (%ss)\n' "$((SECONDS - started))"
}

step "generate $spec (--split-by-tag) into $out"
# The xtask itself builds in the workspace's own target directory (a debug build, which
# .ci/run has already made; the generator is optimised even there, see Cargo.toml).
timed env -u CARGO_TARGET_DIR cargo xtask \
    generate --spec "$spec" --out "$out" --crate-name atlas-admin-upstream --split-by-tag
# Pin dependency versions to the workspace's lock file (cargo drops what the crate does not use).
cp Cargo.lock "$out/Cargo.lock"

step "cargo clippy -D warnings, every tag and the mock server"
(cd "$out" && timed cargo clippy --quiet --all-targets --features mock -- -D warnings)

step "cargo clippy -D warnings, only the \`$tag\` feature"
(cd "$out" && timed cargo clippy --quiet --all-targets --no-default-features --features "$tag" -- -D warnings)

step "cargo check, each tag's feature alone and none at all (any warning fails)"
sweep() {
    local features tags
    tags=$(sed -n '/^\[features\]/,$p' Cargo.toml | grep ' = \[\]$' | cut -d' ' -f1)
    for features in "" $tags; do
        if ! output=$(cargo check --quiet --no-default-features ${features:+--features "$features"} 2>&1) \
            || [ -n "$output" ]; then
            printf 'feature set [%s] does not build cleanly:\n%s\n' "$features" "$output"
            return 1
        fi
    done
    printf '    %s feature sets build cleanly\n' "$(($(wc -w <<<"$tags") + 1))"
}
(cd "$out" && timed sweep)

cli_out=target/upstream-check/cli
step "generate the command-line client of $spec into $cli_out, then cargo clippy -D warnings"
timed env -u CARGO_TARGET_DIR cargo xtask \
    generate --spec "$spec" --out "$cli_out" --crate-name atlas-admin-upstream-cli --cli-for "$out"
cp Cargo.lock "$cli_out/Cargo.lock"
(cd "$cli_out" && timed cargo clippy --quiet -- -D warnings)

# `cargo check` in the current directory with `$@`; any output (a warning) fails.
check_clean() {
    local output
    if ! output=$(cargo check --quiet "$@" 2>&1) || [ -n "$output" ]; then
        printf 'does not build cleanly:\n%s\n' "$output"
        return 1
    fi
}

golden=tests/goldens/reserved_tags
step "$golden: each tag's feature alone, none, and the mock server (any warning fails)"
(cd "$golden" && timed sweep && timed check_clean --features mock)

# The two raw specs (~200k and ~260k lines of YAML): the client and its command-line client
# must generate and compile too. One `cargo check` of the CLI crate with the client's `mock`
# feature checks both crates (warnings of the client, a path dependency, are shown too), so the
# client is checked once; no per-tag sweep.
for raw in spec/upstream/atlas-admin-v2.raw.2025-06-30.yaml spec/upstream/atlas-admin-v2.raw.2026-05-05.yaml; do
    name=$(basename "$raw" .yaml)
    raw_out=target/upstream-check/$name
    raw_cli=target/upstream-check/$name-cli
    step "generate $raw into $raw_out and its command-line client into $raw_cli"
    timed env -u CARGO_TARGET_DIR cargo xtask \
        generate --spec "$raw" --out "$raw_out" --crate-name atlas-admin-upstream --split-by-tag
    cp Cargo.lock "$raw_out/Cargo.lock"
    timed env -u CARGO_TARGET_DIR cargo xtask \
        generate --spec "$raw" --out "$raw_cli" --crate-name atlas-admin-upstream-cli --cli-for "$raw_out"
    cp Cargo.lock "$raw_cli/Cargo.lock"
    step "cargo check the client (with its mock server) and the command-line client (warnings are errors)"
    (cd "$raw_cli" && timed check_clean --features atlas-admin-upstream/mock)
done

step "upstream check passed"

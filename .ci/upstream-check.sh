#!/usr/bin/env bash
# Upstream check: the generator handles the whole Atlas Admin API, not just the fragment.
#
# Generates a client from the full (transformed) upstream spec with one cargo feature per tag,
# then lints the result with clippy -D warnings (all tags: ~70k lines), lints one tag's feature
# on its own, and checks that every tag's feature (and none) builds alone without warnings. Everything goes under target/upstream-check/ (its own
# CARGO_TARGET_DIR: the first run builds the dependencies, later runs reuse them).
# The typed mock server (feature `mock`) is linted with all tags. The command-line client over
# the transformed crate (binary `atlas-admin`) is generated and linted too.
# Then generates both raw specs and `cargo check`s them with their mocks (warnings fail).
# Budget on 2 cores: about 6–8 minutes cold, under 4 minutes warm.
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

check_clean() {
    local output
    if ! output=$(cargo check --quiet --features mock 2>&1) || [ -n "$output" ]; then
        printf 'does not build cleanly:\n%s\n' "$output"
        return 1
    fi
}

# The two raw specs (oneOf / discriminator / allOf polymorphism, ~200k and ~260k lines): they must
# generate and compile too. `cargo check -D warnings` on the whole crate, no per-tag sweep.
for raw in spec/upstream/atlas-admin-v2.raw.2025-06-30.yaml spec/upstream/atlas-admin-v2.raw.2026-05-05.yaml; do
    name=$(basename "$raw" .yaml)
    raw_out=target/upstream-check/$name
    step "generate $raw into $raw_out, then cargo check (warnings are errors)"
    timed env -u CARGO_TARGET_DIR cargo xtask \
        generate --spec "$raw" --out "$raw_out" --crate-name atlas-admin-upstream --split-by-tag
    cp Cargo.lock "$raw_out/Cargo.lock"
    (cd "$raw_out" && timed check_clean)
done

step "upstream check passed"

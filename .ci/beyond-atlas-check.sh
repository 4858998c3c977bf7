#!/usr/bin/env bash
# Beyond Atlas: public OpenAPI 3.0 and 3.1 specs of other styles (spec/beyond/, provenance and
# licences in spec/README.md) generate into crates that pass `cargo clippy -- -D warnings`, with
# their typed mock servers (feature `mock`).
# (That every declared operation is generated is tests/tests/beyond_atlas.rs, run by
# `cargo test`.) The crates share the upstream check's target directory, so the runtime's
# dependencies are built once.
#
# usage: bash .ci/beyond-atlas-check.sh [SPEC...]   (default: every spec in spec/beyond/)
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="$PWD/target/upstream-check/target"
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }
timed() {
    local started=$SECONDS
    "$@"
    printf '    (%ss)\n' "$((SECONDS - started))"
}

if [ "$#" -eq 0 ]; then
    set -- spec/beyond/*.json spec/beyond/*.yaml
fi
for spec in "$@"; do
    name=$(basename "${spec%.*}")
    out=target/upstream-check/beyond/$name
    step "generate $spec into $out, then cargo clippy -D warnings"
    timed env -u CARGO_TARGET_DIR cargo xtask \
        generate --spec "$spec" --out "$out" --crate-name "beyond-$name" --force
    # Pin dependency versions to the workspace's lock file (cargo drops what the crate does not use).
    cp Cargo.lock "$out/Cargo.lock"
    (cd "$out" && timed cargo clippy --quiet --features mock -- -D warnings)
done

step "beyond-atlas check passed ($# specs)"

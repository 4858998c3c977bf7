#!/usr/bin/env bash
# Portable check: the runtime is publishable, the generator installs with `cargo install`, and a
# crate it generates outside this repository builds from its own directory with nothing but a
# version dependency on the runtime.
#
#  1. `cargo publish --dry-run` of atlas-admin-runtime (complete metadata, README, no path-only
#     dependency), then `cargo package` it: the .crate is what crates.io would serve.
#  2. `cargo install --path cli` (a debug build here, to reuse the workspace's artifacts; users
#     install the release build) into a temporary root.
#  3. The installed `atlas-codegen` generates the fragment into a temporary directory outside the
#     repository, with its defaults: crate name from info.title, `atlas-admin-runtime = "X.Y.Z"`.
#  4. `cargo check` there, with crates.io's atlas-admin-runtime replaced by the unpacked .crate
#     (`--config patch.crates-io…`, the manifest untouched) and the workspace's Cargo.lock to pin
#     the other dependencies.
#
# Shares target/upstream-check/target with .ci/upstream-check.sh (same dependencies, checked).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

step "cargo publish --dry-run -p atlas-admin-runtime (metadata and packaging; the build is step 4)"
cargo publish --dry-run --no-verify --allow-dirty -p atlas-admin-runtime
cargo package --no-verify --allow-dirty -p atlas-admin-runtime
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
tar xzf "target/package/atlas-admin-runtime-$version.crate" -C "$work"

step "cargo install --path cli"
cargo install --quiet --locked --debug --path cli --root "$work/install"
"$work/install/bin/atlas-codegen" --version

step "generate the fragment outside the repository with the installed binary"
"$work/install/bin/atlas-codegen" generate --spec spec/atlas-admin-fragment.yaml --out "$work/client"
if ! grep -qx "atlas-admin-runtime = \"$version\"" "$work/client/Cargo.toml"; then
    echo "the generated manifest does not depend on atlas-admin-runtime = \"$version\" alone:" >&2
    cat "$work/client/Cargo.toml" >&2
    exit 1
fi

step "cargo check from the generated crate's directory, the runtime from its packaged sources"
cp Cargo.lock "$work/client/Cargo.lock"
(
    cd "$work/client"
    CARGO_TARGET_DIR="$root/target/upstream-check/target" cargo check --quiet \
        --config "patch.crates-io.atlas-admin-runtime.path='$work/atlas-admin-runtime-$version'"
)

step "portable check passed"

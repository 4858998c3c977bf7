//! What the generator says about the specs it reads: its warnings (each with a JSON pointer),
//! for the repo's fragment and for each fixture spec. The generated code itself is committed
//! (`generated/`, `tests/goldens/`) and checked byte for byte by `goldens.rs`; these snapshots
//! hold what a reviewer reads as text. CI runs with `INSTA_UPDATE=no`, so a missing or stale
//! snapshot fails; review changes with `cargo insta review`.

use atlas_tests::generate;

fn diagnostics(spec: &str) -> String {
    let generated = generate(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
    generated
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn fragment_diagnostics() {
    insta::assert_snapshot!(
        "fragment__diagnostics",
        diagnostics("spec/atlas-admin-fragment.yaml")
    );
}

#[test]
fn fixture_diagnostics() {
    let root = xtask::repo_root();
    for (name, spec) in xtask::goldens() {
        let spec = spec.strip_prefix(&root).expect("in the repository");
        let spec = spec.to_string_lossy().replace('\\', "/");
        insta::assert_snapshot!(format!("fixture__{name}__diagnostics"), diagnostics(&spec));
    }
}

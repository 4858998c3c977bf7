//! Shared support for the test suites: where the repo's files are, and how to generate from a
//! spec in memory.

use std::path::{Path, PathBuf};

use atlas_codegen::{Document, EmitOptions, Generated, Selection};

pub mod simulator;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the repo")
        .to_path_buf()
}

/// Options as `cargo xtask generate` uses them for the repo's own crate.
pub fn options(origin: &str) -> EmitOptions {
    EmitOptions {
        crate_name: "atlas-admin-client".to_string(),
        crate_version: "0.1.0".to_string(),
        runtime_path: "../runtime".to_string(),
        origin: origin.to_string(),
        split_by_tag: false,
        standalone: false,
    }
}

/// Generates from a repo-relative spec path.
pub fn generate(relative: &str) -> Result<Generated, atlas_codegen::Error> {
    let doc = Document::from_path(&repo_root().join(relative))?;
    let doc = Document::from_value(doc.root, relative);
    atlas_codegen::generate(&doc, &Selection::default(), &options(relative))
}

/// All Rust files of a generation, concatenated with `// ==== path` markers (for snapshots).
pub fn concat_sources(generated: &Generated) -> String {
    generated
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(path, contents)| format!("// ==== {path}\n{contents}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks a committed fixture crate (`tests/<dir>/`, a workspace member the tests depend on,
/// so the workspace's clippy and test runs build it) against what the generator makes of its
/// spec now: panics naming every stale, missing or extra file and the command that rewrites
/// them.
pub fn assert_fixture_crate_current(spec: &str, dir: &str, crate_name: &str) {
    let doc = Document::from_path(&repo_root().join(spec)).expect("fixture spec loads");
    let doc = Document::from_value(doc.root, spec);
    let options = EmitOptions {
        crate_name: crate_name.to_string(),
        runtime_path: "../../runtime".to_string(),
        ..options(spec)
    };
    let generated =
        atlas_codegen::generate(&doc, &Selection::default(), &options).expect("fixture generates");
    let out = repo_root().join("tests").join(dir);
    let mut stale: Vec<String> = generated
        .files
        .iter()
        .filter(|(path, contents)| {
            std::fs::read_to_string(out.join(path)).ok().as_ref() != Some(*contents)
        })
        .map(|(path, _)| path.clone())
        .collect();
    let mut on_disk = Vec::new();
    let mut pending = vec![out.clone()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(&out) {
                on_disk.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    stale.extend(
        on_disk
            .into_iter()
            .filter(|path| !generated.files.contains_key(path)),
    );
    assert!(
        stale.is_empty(),
        "tests/{dir}: stale, missing or extra {stale:?}: run `cargo xtask generate --spec {spec} --out tests/{dir} --crate-name {crate_name}`"
    );
}

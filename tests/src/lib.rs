//! Shared support for the test suites: where the repo's files are, and how to generate from a
//! spec in memory.

use std::path::{Path, PathBuf};

use atlas_codegen::{Document, EmitOptions, Generated, Selection};

pub mod capture;
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

/// Asserts that the fixture crate committed at `dir` (repo-relative) is exactly what the
/// generator makes of `spec` with package name `crate_name` (and the runtime at
/// `../../runtime`). `UPDATE_FIXTURES=1` writes it instead.
pub fn check_fixture_crate(spec: &str, dir: &str, crate_name: &str) {
    let doc = Document::from_path(&repo_root().join(spec)).unwrap();
    let doc = Document::from_value(doc.root, spec);
    let options = EmitOptions {
        crate_name: crate_name.to_string(),
        runtime_path: "../../runtime".to_string(),
        ..options(spec)
    };
    let generated = atlas_codegen::generate(&doc, &Selection::default(), &options).unwrap();
    let out = repo_root().join(dir);
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    for (path, contents) in &generated.files {
        let file = out.join(path);
        if update {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, contents).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            committed == *contents,
            "{dir}/{path} is stale: run `UPDATE_FIXTURES=1 cargo test -p atlas-tests --test …` or `cargo xtask generate --spec {spec} --out {dir} --crate-name {crate_name}`"
        );
    }
}

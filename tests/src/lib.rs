//! Shared support for the test suites: where the repo's files are, and how to generate from a
//! spec in memory.

use std::path::{Path, PathBuf};

use atlas_codegen::{
    Document, EmitOptions, Generated, RuntimeDependency, RuntimeSource, Selection,
};

pub mod capture;
pub mod simulator;

/// README.md's Rust code blocks, compiled as this crate's doc-tests (with its dev-dependencies:
/// the generated client and tokio). The usage example is `no_run`: it would talk to Atlas.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

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
        license: None,
        runtime: RuntimeDependency {
            version: "0.1.0".to_string(),
            source: RuntimeSource::Path("../runtime".to_string()),
        },
        origin: origin.to_string(),
        regenerate: "cargo xtask generate".to_string(),
        split_by_tag: false,
        standalone: false,
    }
}

/// Generates from a repo-relative spec path.
pub fn generate(relative: &str) -> Result<Generated, atlas_codegen::Error> {
    let doc = Document::load(&repo_root().join(relative), relative)?;
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

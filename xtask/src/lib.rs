//! The repository's maintainer tasks, as a library: where the repository is, and which crates
//! it commits as generator output (used by `cargo xtask generate` and by the golden-file test
//! in `tests/`, so both agree on what "up to date" means).

use std::path::{Path, PathBuf};

use atlas_codegen_cli::{Generate, Runtime};

/// The command the headers of every committed generated crate name.
pub const REGENERATE: &str = "cargo xtask generate";

/// The repository root (the parent of this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repo")
        .to_path_buf()
}

/// A spec path as shown in generated headers: repo-relative when inside the repository, else
/// the file name only (an absolute path would make the output depend on the checkout's place).
pub fn display_origin(spec: &Path) -> String {
    let root = repo_root();
    let spec = spec.canonicalize().unwrap_or_else(|_| spec.to_path_buf());
    match spec.strip_prefix(&root) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// A run of the generator as this repository makes them: the runtime from `runtime/` (by
/// path, with its version), headers naming the repo-relative spec and `cargo xtask generate`.
pub fn repo_job(spec: PathBuf, out: PathBuf) -> Generate {
    let root = repo_root();
    let origin = display_origin(&spec);
    let mut job = Generate::new(spec, out);
    job.runtime = Runtime::Path(root.join("runtime"));
    job.origin = Some(origin);
    job.regenerate = REGENERATE.to_string();
    job
}

/// Every crate the repository commits as generator output, in write mode: the client in
/// `generated/` (package `atlas-admin-client`) from the fragment, and one golden crate per
/// fixture spec, `tests/fixtures/NAME.yaml` → `tests/goldens/NAME/` (package `golden-NAME`,
/// with `_` as `-`), each a workspace member, so CI compiles and lints what the generator
/// makes of every construct.
pub fn repo_outputs() -> Vec<Generate> {
    let root = repo_root();
    let mut client = repo_job(
        root.join("spec/atlas-admin-fragment.yaml"),
        root.join("generated"),
    );
    client.crate_name = Some("atlas-admin-client".to_string());
    let mut outputs = vec![client];
    outputs.extend(fixtures().into_iter().map(|(name, spec)| {
        let mut golden = repo_job(spec, root.join("tests/goldens").join(&name));
        golden.crate_name = Some(format!("golden-{}", name.replace('_', "-")));
        golden
    }));
    outputs
}

/// `tests/fixtures/*.yaml` as (file stem, path), sorted.
pub fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = repo_root().join("tests/fixtures");
    let mut fixtures: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let stem = path.file_stem()?.to_str()?.to_string();
            (path.extension()? == "yaml").then_some((stem, path))
        })
        .collect();
    fixtures.sort();
    fixtures
}

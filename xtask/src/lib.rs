//! The repository's maintainer tasks, as a library: where the repository is, and which crates
//! it commits as generator output (used by `cargo xtask generate` and by the golden-file test
//! in `tests/`, so both agree on what "up to date" means).

use std::path::{Path, PathBuf};

use atlas_codegen_cli::{CliTarget, Generate, Runtime};

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
/// `generated/` (package `atlas-admin-client`) from the fragment, its command-line client in
/// `generated-cli/` (package `atlas-admin-cli`, binary `atlas-admin`), one golden crate per
/// fixture spec ([`fixtures`]: `tests/fixtures/NAME.yaml` or the multi-file
/// `tests/fixtures/NAME/openapi.yaml` → `tests/goldens/NAME/`) and one per real public spec
/// ([`third_party_specs`]: `spec/third-party/NAME.yaml` → `tests/goldens/NAME/`), each
/// package `golden-NAME` (with `_` as `-`) and a workspace member, so CI compiles and lints
/// what the generator makes of every construct, and the command line of one of them
/// ([`CLI_GOLDEN`]). The fixtures of [`SPLIT_BY_TAG_GOLDENS`] are
/// generated with `--split-by-tag`.
pub fn repo_outputs() -> Vec<Generate> {
    let root = repo_root();
    let mut client = repo_job(
        root.join("spec/atlas-admin-fragment.yaml"),
        root.join("generated"),
    );
    client.crate_name = Some("atlas-admin-client".to_string());
    // The command-line client over it (binary `atlas-admin`), from the same spec.
    let mut cli = repo_job(
        root.join("spec/atlas-admin-fragment.yaml"),
        root.join("generated-cli"),
    );
    cli.crate_name = Some("atlas-admin-cli".to_string());
    cli.cli = Some(CliTarget {
        client: root.join("generated"),
        bin_name: Some("atlas-admin".to_string()),
    });
    let mut outputs = vec![client, cli];
    outputs.extend(goldens().into_iter().map(|(name, spec)| {
        let mut golden = repo_job(spec, root.join("tests/goldens").join(&name));
        golden.crate_name = Some(golden_package(&name));
        golden.split_by_tag = SPLIT_BY_TAG_GOLDENS.contains(&name.as_str());
        golden
    }));
    // A command line over a golden client whose spec is not Atlas's (binary
    // `security-schemes`): its environment variables are `SECURITY_SCHEMES_*`, its credentials
    // those of the fixture's security schemes.
    let (name, spec) = CLI_GOLDEN;
    let mut cli = repo_job(root.join(spec), root.join("tests/goldens").join(name));
    cli.crate_name = Some(golden_package(name));
    cli.cli = Some(CliTarget {
        client: root.join("tests/goldens/security_schemes"),
        bin_name: Some("security-schemes".to_string()),
    });
    outputs.push(cli);
    outputs
}

/// The golden command-line crate (`tests/goldens/NAME`, package `golden-NAME`) and its spec:
/// the command line of the `security_schemes` golden client.
pub const CLI_GOLDEN: (&str, &str) = (
    "security_schemes_cli",
    "tests/fixtures/security_schemes.yaml",
);

/// The golden crates generated with `--split-by-tag` (one cargo feature per tag): those whose
/// fixture is about the names of tag modules and features.
pub const SPLIT_BY_TAG_GOLDENS: &[&str] = &["reserved_tags"];

/// The package name of the golden crate `tests/goldens/NAME`.
pub fn golden_package(name: &str) -> String {
    format!("golden-{}", name.replace('_', "-"))
}

/// Every golden crate as (directory name under `tests/goldens/`, spec path): the
/// [`fixtures`], then the [`third_party_specs`].
pub fn goldens() -> Vec<(String, PathBuf)> {
    let mut all = fixtures();
    all.extend(third_party_specs());
    all
}

/// The fixture specs as (name, root file), sorted: `tests/fixtures/NAME.yaml`, and for a
/// multi-file fixture the directory `tests/fixtures/NAME/` with its root file `openapi.yaml`
/// (the other files there are what its `$ref`s name).
pub fn fixtures() -> Vec<(String, PathBuf)> {
    specs_in(&repo_root().join("tests/fixtures"))
}

/// The real public specs copied into `spec/third-party/` (licence and provenance in
/// `spec/README.md`) as (name, path), sorted.
pub fn third_party_specs() -> Vec<(String, PathBuf)> {
    specs_in(&repo_root().join("spec/third-party"))
}

/// `DIR/NAME.yaml` and `DIR/NAME/openapi.yaml` as (NAME, path), sorted.
fn specs_in(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut specs: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let stem = path.file_stem()?.to_str()?.to_string();
            if path.is_dir() {
                let root_file = path.join("openapi.yaml");
                return root_file.is_file().then_some((stem, root_file));
            }
            // JSON when YAML cannot hold it: `deep_nesting.json` nests past the YAML reader's
            // 128 levels.
            let extension = path.extension()?;
            (extension == "yaml" || extension == "json").then_some((stem, path))
        })
        .collect();
    specs.sort();
    specs
}

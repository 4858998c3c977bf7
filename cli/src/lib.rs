//! The front end of `atlas-codegen`: everything between a spec file on disk and a generated
//! crate (or module) on disk. The command line (`atlas-codegen generate`), the repository's
//! `cargo xtask generate`, build scripts ([`build::Builder`]) and the golden-file tests all go
//! through here, so they read specs, name crates, pick the runtime dependency and write (or
//! check) files the same way.
//!
//! - [`Generate`] describes one run (spec, output directory, package metadata, selection) and
//!   [`Generate::run`] performs it, returning an [`Outcome`] or a [`Failure`] whose
//!   [`Failure::exit_code`] is the command line's exit status.
//! - [`output::write_or_check`] writes a generated file map into a directory, or (in
//!   [`Mode::Check`]) reports every stale, missing or extra file without writing anything.
//! - [`build::Builder`] generates into `OUT_DIR` from a `build.rs`, as one module file for
//!   `include!`.
//!
//! Exit codes of the command line: 0 success; 1 `--check` found drift; 2 invalid command line
//! (unknown flag or tag, bad crate name or version); 3 the spec cannot be read or is not an
//! OpenAPI 3.0 or 3.1 document the generator supports; 4 the output directory was refused or could not
//! be written; 5 internal error (a generator bug: the emitted code did not parse).

pub mod build;
#[cfg(feature = "cli")]
pub mod cli;
mod metadata;
pub mod output;
mod select;
mod spec;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use atlas_codegen::{Diagnostic, EmitOptions, RuntimeDependency, RuntimeSource};

pub use atlas_codegen::GitReference;
pub use metadata::{
    check_crate_name, check_crate_version, crate_name_from_title, License, Runtime,
};
pub use output::{Drift, Mode};

/// The `atlas-admin-runtime` version this generator writes code for. The generator and the
/// runtime are released together (one workspace version), so this is the generator's own.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One generation run: which spec, where to, with which package metadata.
#[derive(Debug, Clone)]
pub struct Generate {
    /// The OpenAPI 3.0 or 3.1 document (YAML or JSON; relative `$ref`s to other files are followed).
    pub spec: PathBuf,
    /// The crate directory to write (its `Cargo.toml` and `src/` belong to the generator).
    pub out: PathBuf,
    /// Package name; `None` derives it from `info.title` ([`crate_name_from_title`]).
    pub crate_name: Option<String>,
    /// Package version of the generated crate (semver).
    pub crate_version: String,
    /// Package license; [`License::FromSpec`] reads `info.license`.
    pub license: License,
    /// Where the generated crate gets `atlas-admin-runtime` from.
    pub runtime: Runtime,
    /// Keep only these operations (`operationId`, `x-xgen-operation-id-override`, or the Rust
    /// method name); empty keeps all.
    pub only: Vec<String>,
    /// Keep only operations with one of these tags (the tag as written or its module/feature
    /// spelling, e.g. `Clusters` or `clusters`); empty keeps all.
    pub tags: Vec<String>,
    /// One cargo feature per tag.
    pub split_by_tag: bool,
    /// Add an empty `[workspace]` table to the generated manifest.
    pub standalone: bool,
    /// How the spec is named in generated headers; `None` uses its file name. Never an
    /// absolute path, so the output does not depend on where it is generated.
    pub origin: Option<String>,
    /// The command the generated headers tell readers to run to regenerate.
    pub regenerate: String,
    /// Write the files, or only compare them.
    pub mode: Mode,
    /// Write even into a directory holding files the generator did not make (and delete those
    /// under `src/`).
    pub force: bool,
    /// Generate a command-line client crate over a client crate instead of the client crate
    /// itself (see [`CliTarget`]).
    pub cli: Option<CliTarget>,
}

/// What a command-line client crate ([`Generate::cli`]) sends through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliTarget {
    /// The directory of the client crate generated from the same spec and selection; its
    /// package name and version are read from its `Cargo.toml`, and the CLI depends on it by
    /// path (relative) and version.
    pub client: PathBuf,
    /// The binary's name; `None`: the CLI's package name without a trailing `-cli`.
    pub bin_name: Option<String>,
}

impl Generate {
    /// A run with the defaults of the command line: crate name from the title, version
    /// 0.1.0, license from the spec, the runtime from crates.io at [`RUNTIME_VERSION`].
    pub fn new(spec: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Generate {
            spec: spec.into(),
            out: out.into(),
            crate_name: None,
            crate_version: "0.1.0".to_string(),
            license: License::FromSpec,
            runtime: Runtime::default(),
            only: Vec::new(),
            tags: Vec::new(),
            split_by_tag: false,
            standalone: false,
            origin: None,
            regenerate: "atlas-codegen generate".to_string(),
            mode: Mode::Write,
            force: false,
            cli: None,
        }
    }

    /// Loads the spec, generates, and writes or checks the output directory.
    ///
    /// # Errors
    /// A [`Failure`] saying which step failed: the options ([`Failure::Usage`]), the spec
    /// ([`Failure::Spec`], naming the file and the JSON pointer), the output directory
    /// ([`Failure::Output`]) or the generator itself ([`Failure::Internal`]).
    pub fn run(&self) -> Result<Outcome, Failure> {
        let started = Instant::now();
        let prepared = self.prepare()?;
        let out = output::absolute(&self.out)
            .map_err(|e| Failure::Output(format!("{}: {e}", self.out.display())))?;
        let runtime_source = self.runtime.source(&out)?;
        let options = EmitOptions {
            runtime: RuntimeDependency {
                version: self.runtime.version().to_string(),
                source: runtime_source,
            },
            standalone: self.standalone,
            ..prepared.options
        };
        let generated = match &self.cli {
            None => generate(
                &prepared.document,
                &prepared.selection,
                &options,
                &self.spec,
            )?,
            Some(target) => {
                let cli_options = cli_options(target, &options, &out)?;
                atlas_codegen::generate_cli(&prepared.document, &prepared.selection, &cli_options)
                    .map_err(|e| Failure::Spec(format!("{}: {e}", self.spec.display())))?
            }
        };
        let report = output::write_or_check(&generated.files, &out, self.mode, self.force)
            .map_err(|e| Failure::Output(e.to_string()))?;
        Ok(Outcome {
            out,
            origin: options.origin,
            operations: generated.operations,
            types: generated.types,
            rust_lines: generated.rust_lines(),
            files: generated.files.len(),
            diagnostics: generated.diagnostics,
            warnings: prepared.warnings,
            report,
            elapsed: started.elapsed(),
        })
    }

    /// Everything up to the generator: options checked, spec loaded, names resolved.
    pub(crate) fn prepare(&self) -> Result<Prepared, Failure> {
        if let Some(name) = &self.crate_name {
            check_crate_name(name).map_err(Failure::Usage)?;
        }
        check_crate_version(&self.crate_version).map_err(Failure::Usage)?;
        let document = spec::load(&self.spec)?;
        let selection = select::resolve(&document, &self.spec, &self.only, &self.tags)?;
        let info = document.root.get("info");
        let title = info
            .and_then(|i| i.get("title"))
            .and_then(|t| t.as_str())
            .unwrap_or("");
        let crate_name = match &self.crate_name {
            Some(name) => name.clone(),
            // A command-line client is named after the title too, with `-cli`.
            None if self.cli.is_some() => crate_name_from_title(title)
                .map(|name| format!("{name}-cli"))
                .ok_or_else(|| {
                    Failure::Usage(format!(
                        "{}: cannot make a crate name from info.title {title:?}: pass --crate-name",
                        self.spec.display()
                    ))
                })?,
            None => crate_name_from_title(title).ok_or_else(|| {
                Failure::Usage(format!(
                    "{}: cannot make a crate name from info.title {title:?}: pass --crate-name",
                    self.spec.display()
                ))
            })?,
        };
        let mut warnings = Vec::new();
        let license = match &self.license {
            License::FromSpec => {
                let (license, warning) = metadata::license_from_info(info);
                warnings.extend(warning);
                license
            }
            License::None => None,
            License::Spdx(expression) => Some(expression.clone()),
        };
        let origin = self.origin.clone().unwrap_or_else(|| {
            self.spec
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        Ok(Prepared {
            document,
            selection,
            warnings,
            options: EmitOptions {
                crate_name,
                crate_version: self.crate_version.clone(),
                license,
                runtime: RuntimeDependency {
                    version: RUNTIME_VERSION.to_string(),
                    source: RuntimeSource::Registry,
                },
                origin,
                regenerate: self.regenerate.clone(),
                split_by_tag: self.split_by_tag,
                standalone: self.standalone,
            },
        })
    }
}

/// A loaded spec and the options derived from it.
pub(crate) struct Prepared {
    pub(crate) document: atlas_codegen::Document,
    pub(crate) selection: atlas_codegen::Selection,
    pub(crate) options: EmitOptions,
    pub(crate) warnings: Vec<String>,
}

/// Runs the generator, turning its errors into [`Failure`]s that name the spec file.
pub(crate) fn generate(
    document: &atlas_codegen::Document,
    selection: &atlas_codegen::Selection,
    options: &EmitOptions,
    spec: &Path,
) -> Result<atlas_codegen::Generated, Failure> {
    atlas_codegen::generate(document, selection, options).map_err(|e| match e {
        atlas_codegen::Error::Format { .. } => Failure::Internal(format!(
            "{}: {e} (a generator bug: please report it with the spec)",
            spec.display()
        )),
        atlas_codegen::Error::Syntax { .. } | atlas_codegen::Error::Read { .. } => {
            Failure::Spec(e.to_string())
        }
        _ => Failure::Spec(format!("{}: {e}", spec.display())),
    })
}

/// The CLI crate's options: its package metadata from `options`, the client crate's name and
/// version from its manifest.
fn cli_options(
    target: &CliTarget,
    options: &EmitOptions,
    out: &Path,
) -> Result<atlas_codegen::emit::cli::CliOptions, Failure> {
    let client = output::absolute(&target.client)
        .map_err(|e| Failure::Usage(format!("{}: {e}", target.client.display())))?;
    let manifest_path = client.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|e| {
        Failure::Usage(format!(
            "{}: {e} (generate the client crate there first)",
            manifest_path.display()
        ))
    })?;
    let field = |key: &str| {
        let mut in_package = false;
        for line in manifest.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_package = line == "[package]";
            } else if let Some((k, v)) = line.split_once('=').filter(|_| in_package) {
                if k.trim() == key {
                    return Ok(v.trim().trim_matches('"').to_string());
                }
            }
        }
        Err(Failure::Usage(format!(
            "{}: no [package] {key}",
            manifest_path.display()
        )))
    };
    let client_crate = field("name")?;
    let client_version = field("version")?;
    let crate_name = options.crate_name.clone();
    let bin_name = target.bin_name.clone().unwrap_or_else(|| {
        crate_name
            .strip_suffix("-cli")
            .unwrap_or(&crate_name)
            .to_string()
    });
    Ok(atlas_codegen::emit::cli::CliOptions {
        crate_name,
        crate_version: options.crate_version.clone(),
        bin_name,
        license: options.license.clone(),
        client_crate,
        client_version,
        client_path: Some(output::relative(out, &client)),
        runtime: options.runtime.clone(),
        origin: options.origin.clone(),
        regenerate: options.regenerate.clone(),
        standalone: options.standalone,
    })
}

/// What a run did.
#[derive(Debug)]
pub struct Outcome {
    /// The output directory (absolute).
    pub out: PathBuf,
    /// The spec's label in the generated headers.
    pub origin: String,
    pub operations: usize,
    pub types: usize,
    /// Lines of Rust emitted.
    pub rust_lines: usize,
    /// Files the crate consists of.
    pub files: usize,
    /// The generator's warnings, each with a JSON pointer.
    pub diagnostics: Vec<Diagnostic>,
    /// The front end's own warnings (e.g. a license that is not an SPDX expression).
    pub warnings: Vec<String>,
    /// Files written and removed, or the drift found by `--check`.
    pub report: output::Report,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Outcome {
    /// Whether `--check` found the directory out of date.
    pub fn is_stale(&self) -> bool {
        matches!(&self.report, output::Report::Checked(drift) if !drift.is_empty())
    }
}

/// Why a run stopped. [`Failure::exit_code`] is the command line's exit status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    /// The command line or the options are invalid (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The spec cannot be read, parsed or generated from (exit 3). Names the file and, for
    /// problems inside the document, the JSON pointer.
    #[error("{0}")]
    Spec(String),
    /// The output directory was refused or could not be written (exit 4).
    #[error("{0}")]
    Output(String),
    /// A generator bug (exit 5).
    #[error("{0}")]
    Internal(String),
}

impl Failure {
    /// 2 usage, 3 spec, 4 output, 5 internal (1 is `--check` finding drift, 0 success).
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Spec(_) => 3,
            Failure::Output(_) => 4,
            Failure::Internal(_) => 5,
        }
    }
}

//! The `generate` command line (options, output, exit status), shared by the `atlas-codegen`
//! binary and the repository's `cargo xtask generate`.

use crate::output::Report;
use crate::{check_crate_name, check_crate_version, Failure, Generate, License, Mode, Runtime};
use std::path::PathBuf;

/// The exit statuses, as printed under `--help`.
pub const EXIT_CODES: &str = "\
Exit status:
  0  success (with --check: the directory is up to date)
  1  --check: a file is stale, missing or not generated (each is listed)
  2  invalid command line: unknown option, tag or operation, bad crate name or version
  3  the spec cannot be read, is not an OpenAPI 3.0 or 3.1 document, or has an unsupported construct
     (the message names the file and the JSON pointer)
  4  the output directory holds files the generator did not make (see --force), or cannot be
     written
  5  internal error: the generated code did not parse (a generator bug)";

fn crate_name(text: &str) -> Result<String, String> {
    check_crate_name(text).map(|()| text.to_string())
}

fn crate_version(text: &str) -> Result<String, String> {
    check_crate_version(text).map(|()| text.to_string())
}

/// The options of `generate`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// The OpenAPI 3.0 or 3.1 document to generate from (YAML or JSON; relative `$ref`s to other files are followed).
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,

    /// The crate directory to write. The generator owns its Cargo.toml and src/; other files
    /// there (examples/, tests/, README) are left alone.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Package name of the generated crate [default: from the spec's info.title, lower-case
    /// words joined by `-`].
    #[arg(long, value_name = "NAME", value_parser = crate_name)]
    pub crate_name: Option<String>,

    /// Package version of the generated crate.
    #[arg(long, value_name = "VERSION", default_value = "0.1.0", value_parser = crate_version)]
    pub crate_version: String,

    /// Where the generated crate gets atlas-admin-runtime: a version requirement (crates.io),
    /// path:DIR, or git:URL[#branch=B|#tag=T|#rev=R]. With a path or git source the manifest
    /// also carries the runtime version, so the crate can be published [default: the
    /// runtime version this generator writes code for, from crates.io].
    #[arg(long, value_name = "SOURCE", value_parser = clap::value_parser!(Runtime))]
    pub runtime: Option<Runtime>,

    /// Package license: an SPDX expression, or `none` [default: the spec's info.license when
    /// it is an SPDX expression, else none].
    #[arg(long, value_name = "SPDX", value_parser = clap::value_parser!(License))]
    pub license: Option<License>,

    /// Keep only these operations (operationId, x-xgen-operation-id-override, or the Rust
    /// method name) and the types they reach.
    #[arg(long, value_name = "OP,...", value_delimiter = ',')]
    pub only: Vec<String>,

    /// Keep only the operations with one of these tags (as written, e.g. `Clusters`, or as
    /// their module/feature name, e.g. `clusters`) and the types they reach.
    #[arg(long, value_name = "TAG,...", value_delimiter = ',')]
    pub tag: Vec<String>,

    /// One cargo feature per tag (all on by default), so a user can compile only the areas
    /// they call.
    #[arg(long)]
    pub split_by_tag: bool,

    /// Add an empty [workspace] table, so the crate builds inside another workspace's
    /// directory without being its member.
    #[arg(long)]
    pub standalone: bool,

    /// Write nothing (not even the directory); exit 1 listing every stale, missing or extra
    /// file.
    #[arg(long, conflicts_with = "force")]
    pub check: bool,

    /// Write into a directory even when it holds files the generator did not make,
    /// overwriting its Cargo.toml and deleting other files under src/.
    #[arg(long)]
    pub force: bool,

    /// Generate a command-line client crate (binary, `clap`) instead of a client crate: its
    /// commands send through the client crate in DIR, generated from the same spec and
    /// selection (its package name and version are read from DIR/Cargo.toml).
    #[arg(long, value_name = "DIR")]
    pub cli_for: Option<PathBuf>,

    /// With --cli-for: the binary's name [default: the package name without `-cli`].
    #[arg(long, value_name = "NAME", requires = "cli_for")]
    pub bin_name: Option<String>,

    /// List every warning (by default the first 20).
    #[arg(long, short)]
    pub verbose: bool,
}

impl GenerateArgs {
    /// The run these options describe, writing `spec` into `out` (the caller's defaults for
    /// the two are applied already).
    pub fn job(&self, spec: PathBuf, out: PathBuf) -> Generate {
        let mut job = Generate::new(spec, out);
        job.crate_name = self.crate_name.clone();
        job.crate_version = self.crate_version.clone();
        if let Some(runtime) = &self.runtime {
            job.runtime = runtime.clone();
        }
        if let Some(license) = &self.license {
            job.license = license.clone();
        }
        job.only = self.only.clone();
        job.tags = self.tag.clone();
        job.split_by_tag = self.split_by_tag;
        job.standalone = self.standalone;
        job.mode = if self.check { Mode::Check } else { Mode::Write };
        job.force = self.force;
        job.cli = self.cli_for.clone().map(|client| crate::CliTarget {
            client,
            bin_name: self.bin_name.clone(),
        });
        job
    }
}

/// Runs `job`, prints what happened (warnings on stderr, a summary on stdout, errors as
/// `error: …`) and returns the exit status ([`EXIT_CODES`]).
pub fn run(job: &Generate, verbose: bool) -> u8 {
    match job.run() {
        Ok(outcome) => {
            print_warnings(&outcome.warnings, &outcome.diagnostics, verbose);
            match &outcome.report {
                Report::Checked(drift) if drift.is_empty() => {
                    println!(
                        "up to date: {} files in {} match {}",
                        outcome.files,
                        outcome.out.display(),
                        outcome.origin
                    );
                    0
                }
                Report::Checked(drift) => {
                    for d in drift {
                        eprintln!("{d}");
                    }
                    eprintln!(
                        "generated code in {} is out of date: run `{}`",
                        outcome.out.display(),
                        job.regenerate
                    );
                    1
                }
                Report::Written { written, removed } => {
                    for path in removed {
                        println!("removed {}", path.display());
                    }
                    let count = |n: usize, one: &str, many: &str| {
                        format!("{n} {}", if n == 1 { one } else { many })
                    };
                    println!(
                        "{}, {}, {} of Rust, {} ({} written) in {} — {:.2?}",
                        count(outcome.operations, "operation", "operations"),
                        count(outcome.types, "type", "types"),
                        count(outcome.rust_lines, "line", "lines"),
                        count(outcome.files, "file", "files"),
                        written,
                        outcome.out.display(),
                        outcome.elapsed
                    );
                    0
                }
            }
        }
        Err(failure) => report_failure(&failure),
    }
}

/// Prints `error: …` and returns the failure's exit status.
pub fn report_failure(failure: &Failure) -> u8 {
    eprintln!("error: {failure}");
    failure.exit_code()
}

fn print_warnings(warnings: &[String], diagnostics: &[atlas_codegen::Diagnostic], verbose: bool) {
    let limit = if verbose { usize::MAX } else { 20 };
    let all: Vec<String> = warnings
        .iter()
        .cloned()
        .chain(diagnostics.iter().map(ToString::to_string))
        .collect();
    for warning in all.iter().take(limit) {
        eprintln!("warning: {warning}");
    }
    if all.len() > limit {
        eprintln!(
            "warning: … and {} more (--verbose lists all)",
            all.len() - limit
        );
    }
}

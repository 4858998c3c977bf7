//! Maintainer tasks. `cargo xtask generate` regenerates the committed generated crates;
//! `cargo xtask generate --check` fails (naming the file) when one is stale.

mod bench;
mod bench_compile;
mod bench_peers;
mod conformance;
mod generate;
mod msrv;
mod peers;
mod reference;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;

use atlas_codegen_cli::cli::{GenerateArgs, EXIT_CODES};
use clap::{CommandFactory, FromArgMatches, Parser};

/// Maintainer tasks of the atlas-codegen repository.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
enum Task {
    /// Generate a client crate, or check one. Without --spec and --out: every crate the
    /// repository commits (spec/atlas-admin-fragment.yaml → generated/, the crate
    /// atlas-admin-client; tests/fixtures/NAME.yaml or NAME/openapi.yaml and spec/third-party/NAME.yaml → tests/goldens/NAME/). The options are those of the `atlas-codegen generate` command;
    /// here the runtime defaults to the repository's runtime/ by path, and a crate generated
    /// outside the repository (or under target/) gets its own [workspace] table.
    #[command(after_help = EXIT_CODES)]
    Generate(GenerateArgs),
    /// Time parse-only vs load + generate on the upstream specs, then `cargo check` each
    /// generated crate; or, with --callgrind, count instructions; or, with --compile, time
    /// `cargo check`/`cargo build` of the generated crates against a plain-serde reference.
    /// Builds and runs itself in release mode (the options are checked first).
    Bench(bench::Args),
    /// Decode and re-encode generated JSON instances of every schema (hypothesis-jsonschema,
    /// installed into target/conformance/venv from tests/conformance/requirements.txt) and a
    /// minimal instance of every discriminator tag, through the generated types. Exits 1 when
    /// any case fails; target/conformance/report.json lists every failure.
    Conformance(ConformanceArgs),
    /// Fail when a locked dependency needs a newer Rust than the workspace's rust-version, or
    /// when generated/Cargo.toml or README.md state another floor.
    Msrv,
}

/// Options of `cargo xtask conformance` (turned into [`conformance::Args`]).
#[derive(Debug, Clone, clap::Args)]
struct ConformanceArgs {
    /// The fragment, the fixtures and all three upstream specs, fully (default: the fragment
    /// and every fixture fully, and every Nth operation of the raw 2026 upstream spec).
    #[arg(long)]
    full: bool,
    /// Only the discriminator tags of the three upstream specs.
    #[arg(long)]
    mappings: bool,
    /// Only these specs (fully, or every Nth operation with --sample).
    #[arg(long, value_name = "FILE")]
    spec: Vec<PathBuf>,
    /// Every Nth operation of a sampled spec [default: 40].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    sample: Option<u64>,
    /// Instances per schema [default: 20].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    count: Option<u64>,
    /// Seed of the instance generator [default: 1].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    seed: Option<u64>,
}

fn main() -> ExitCode {
    let command = Task::command().mut_subcommand("generate", |generate| {
        generate
            .mut_arg("spec", |a| {
                a.help("The OpenAPI 3.0 document to generate from (YAML or JSON) [default: spec/atlas-admin-fragment.yaml]")
            })
            .mut_arg("out", |a| {
                a.help("The crate directory to write [default: generated/]. The generator owns its Cargo.toml and src/; other files there (examples/, tests/, README) are left alone")
            })
            .mut_arg("crate_name", |a| {
                a.help("Package name of the generated crate [default: atlas-admin-client in generated/, else from the spec's info.title]")
            })
            .mut_arg("runtime", |a| {
                a.help("Where the generated crate gets atlas-admin-runtime: a version requirement (crates.io), path:DIR, or git:URL[#branch=B|#tag=T|#rev=R]; the manifest always carries the version too [default: path:runtime/ of this repository]")
            })
    });
    let task = match Task::from_arg_matches(&command.get_matches()) {
        Ok(task) => task,
        Err(e) => e.exit(),
    };
    let result = match task {
        Task::Generate(args) => return ExitCode::from(generate::run(&args)),
        Task::Bench(args) => bench::run(&args),
        Task::Conformance(args) => conformance::run(&conformance::Args {
            full: args.full,
            mappings: args.mappings,
            specs: args.spec,
            count: args.count.map_or(20, |n| n as usize),
            seed: args.seed.unwrap_or(1),
            sample: args.sample.map(|n| n as usize),
        }),
        Task::Msrv => msrv::run(),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Task;
    use clap::Parser;

    #[test]
    fn every_bench_mode_and_conformance_option_parses() {
        for args in [
            &["bench"][..],
            &[
                "bench",
                "--runs",
                "9",
                "--spec",
                "a.yaml",
                "--spec",
                "b.yaml",
                "--no-check",
            ],
            &["bench", "--compile"],
            &[
                "bench",
                "--compile",
                "--rounds",
                "2",
                "--tag",
                "clusters",
                "--check-only",
                "--tag-only",
            ],
            &[
                "bench",
                "--compile",
                "--peers",
                "--target-dir",
                "/tmp/x",
                "--spec",
                "a.yaml",
            ],
            &["bench", "--callgrind", "--spec", "a.yaml"],
            &["bench", "--once", "generate", "a.yaml"],
            &["bench", "--peers"],
            &["bench", "--peers", "--rounds", "5", "--spec", "a.yaml"],
            &["conformance"],
            &["conformance", "--full", "--count", "5", "--seed", "3"],
            &["conformance", "--spec", "a.yaml", "--sample", "10"],
            &["msrv"],
        ] {
            let argv = std::iter::once("cargo xtask").chain(args.iter().copied());
            if let Err(e) = Task::try_parse_from(argv) {
                panic!("{args:?}: {e}");
            }
        }
        // A mode's options only: the modes read nothing else, so anything else is refused.
        for args in [
            &["bench", "--callgrind", "--tag", "clusters"][..],
            &["bench", "--callgrind", "--once", "parse", "a.yaml"],
            &["bench", "--compile", "--once", "parse", "a.yaml"],
            &["bench", "--compile", "--runs", "3"],
            &["bench", "--rounds", "2"],
            &["bench", "--peers", "--runs", "3"],
            &["bench", "--peers", "--no-check"],
            &["bench", "--peers", "--callgrind"],
            &["bench", "--peers", "--tag-only"],
            &["conformance", "--count", "0"],
        ] {
            let argv = std::iter::once("cargo xtask").chain(args.iter().copied());
            assert!(Task::try_parse_from(argv).is_err(), "{args:?} is refused");
        }
    }
}

//! Maintainer tasks. `cargo xtask generate` regenerates the committed generated crates;
//! `cargo xtask generate --check` fails (naming the file) when one is stale.

mod bench;
mod generate;
mod msrv;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use atlas_codegen_cli::cli::{GenerateArgs, EXIT_CODES};
use clap::{CommandFactory, FromArgMatches, Parser};

/// Maintainer tasks of the atlas-codegen repository.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
enum Task {
    /// Generate a client crate, or check one. Without --spec and --out: every crate the
    /// repository commits (spec/atlas-admin-fragment.yaml → generated/, the crate
    /// atlas-admin-client; tests/fixtures/NAME.yaml → tests/goldens/NAME/). The options are those of the `atlas-codegen generate` command;
    /// here the runtime defaults to the repository's runtime/ by path, and a crate generated
    /// outside the repository (or under target/) gets its own [workspace] table.
    #[command(after_help = EXIT_CODES)]
    Generate(GenerateArgs),
    /// Time parse-only vs load + generate on the upstream specs, then `cargo check` each
    /// generated crate. Builds and runs itself in release mode.
    Bench(bench::Args),
    /// Fail when a locked dependency needs a newer Rust than the workspace's rust-version, or
    /// when generated/Cargo.toml or README.md state another floor.
    Msrv,
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

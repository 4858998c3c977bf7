//! `atlas-codegen`: generate a typed async Rust client crate from an OpenAPI 3.0 or 3.1 document.

use std::process::ExitCode;

use atlas_codegen_cli::cli::{self, GenerateArgs, EXIT_CODES};
use atlas_codegen_cli::Failure;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate a typed async Rust client crate from an OpenAPI 3.0 or 3.1 document (YAML or JSON).
///
/// The crate calls its API through the atlas-admin-runtime crate (transport, authentication,
/// retries, errors, validation). Generating twice gives byte-identical files.
#[derive(Debug, Parser)]
#[command(name = "atlas-codegen", version, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a client crate from a spec, or check that a directory holds exactly that crate.
    #[command(after_help = EXIT_CODES)]
    Generate(GenerateArgs),
}

fn main() -> ExitCode {
    // --spec and --out have defaults in the repository's `cargo xtask generate`; here they are
    // required.
    let command = Cli::command().mut_subcommand("generate", |generate| {
        generate
            .mut_arg("spec", |a| a.required(true))
            .mut_arg("out", |a| a.required(true))
    });
    let cli = match Cli::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Generate(args) => {
            let (Some(spec), Some(out)) = (args.spec.clone(), args.out.clone()) else {
                let missing = Failure::Usage("generate needs --spec FILE and --out DIR".into());
                return ExitCode::from(cli::report_failure(&missing));
            };
            ExitCode::from(cli::run(&args.job(spec, out), args.verbose))
        }
    }
}

//! `cargo xtask generate`: the `atlas-codegen generate` command with this repository's
//! defaults. Without `--spec` and `--out` it regenerates (or with `--check`, checks) every crate
//! the repository commits as generator output ([`xtask::repo_outputs`]).

use atlas_codegen_cli::cli::{self, GenerateArgs};
use atlas_codegen_cli::{output, Failure, Mode};
use xtask::{repo_job, repo_outputs, repo_root, REGENERATE};

/// The exit status (see `atlas_codegen_cli::cli::EXIT_CODES`).
pub fn run(args: &GenerateArgs) -> u8 {
    let root = repo_root();
    if args.spec.is_none() && args.out.is_none() {
        if let Some(option) = crate_option(args) {
            return cli::report_failure(&Failure::Usage(format!(
                "{option} shapes one crate: give --spec and/or --out with it (without them, \
                 `cargo xtask generate` regenerates every committed crate with its own options)"
            )));
        }
        let mut status = 0;
        for mut job in repo_outputs() {
            job.mode = if args.check { Mode::Check } else { Mode::Write };
            job.force = args.force;
            let code = cli::run(&job, args.verbose);
            if status == 0 {
                status = code;
            }
        }
        return status;
    }
    let spec = args
        .spec
        .clone()
        .unwrap_or_else(|| root.join("spec/atlas-admin-fragment.yaml"));
    let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
    let repo = repo_job(spec.clone(), out.clone());
    let mut job = args.job(spec, out.clone());
    job.origin = repo.origin;
    job.regenerate = REGENERATE.to_string();
    if args.runtime.is_none() {
        job.runtime = repo.runtime;
    }
    let out = match output::absolute(&out) {
        Ok(out) => out,
        Err(e) => return cli::report_failure(&Failure::Output(format!("{}: {e}", out.display()))),
    };
    if job.crate_name.is_none() && out == root.join("generated") {
        job.crate_name = Some("atlas-admin-client".to_string());
    }
    // Inside the repo (but not under target/) the crate is a workspace member or a path
    // dependency of one; anywhere else it gets its own empty `[workspace]` table.
    let inside_workspace = out.starts_with(&root) && !out.starts_with(root.join("target"));
    job.standalone = args.standalone || !inside_workspace;
    cli::run(&job, args.verbose)
}

/// The first option given that only makes sense for one crate.
fn crate_option(args: &GenerateArgs) -> Option<&'static str> {
    [
        (args.crate_name.is_some(), "--crate-name"),
        (args.crate_version != "0.1.0", "--crate-version"),
        (args.runtime.is_some(), "--runtime"),
        (args.license.is_some(), "--license"),
        (!args.only.is_empty(), "--only"),
        (!args.tag.is_empty(), "--tag"),
        (args.split_by_tag, "--split-by-tag"),
        (args.standalone, "--standalone"),
        (args.cli_for.is_some(), "--cli-for"),
    ]
    .into_iter()
    .find_map(|(given, name)| given.then_some(name))
}

//! Maintainer tasks. `cargo xtask generate` regenerates `generated/` from `spec/`;
//! `cargo xtask generate --check` fails (naming the file) when the committed output is stale.

mod bench;
mod conformance;
mod generate;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  generate [--check] [--spec FILE] [--out DIR] [--crate-name NAME]
           [--only OP,...] [--tag TAG,...] [--split-by-tag] [--standalone] [--verbose]
      Generate a client crate (default: spec/atlas-admin-fragment.yaml -> generated/).
      --check writes nothing and exits 1 naming every stale, missing or extra file.
      A crate generated inside the repo (not under target/) is meant to be a workspace member
      or path dependency; elsewhere, or with --standalone, it gets its own [workspace] table.
  bench [--runs N] [--spec FILE]... [--no-check] [--tag TAG]
      Time parse-only vs load + generate (median of N runs, default 5) on the upstream specs
      (or the given ones), then `cargo check` each generated crate: first check (cold or with
      cached dependencies), the crate alone from scratch, incremental, and one tag's feature
      alone (default: clusters). Builds and runs itself in release mode.
  conformance [--full | --mappings | --spec FILE...] [--sample N] [--count N] [--seed N]
      Decode and re-encode generated JSON instances of every schema (hypothesis-jsonschema,
      installed into target/conformance/venv from tests/conformance/requirements.txt) and a
      minimal instance of every discriminator tag, through the generated types.
      Default (CI): the fragment and every fixture spec fully, and every Nth operation of the
      raw 2026 upstream spec with the types they reach (--sample N, default 40).
      --full: the fragment, the fixtures and all three upstream specs, fully.
      --mappings: only the discriminator tags of the three upstream specs.
      --spec: only these specs (fully, or every Nth operation with --sample).
      --count: instances per schema (default 20); --seed (default 1).
      Exits 1 when any case fails; target/conformance/report.json lists every failure.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => generate::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("conformance") => conformance::run(&args[1..]),
        Some("help") | Some("--help") | Some("-h") | None => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

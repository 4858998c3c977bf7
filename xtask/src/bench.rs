//! `cargo xtask bench`: how fast the generator is on the full upstream specs, and how long the
//! generated crates take to `cargo check`.
//!
//! For each spec: parse-only time (YAML → JSON tree), load + generate time (parse, IR, emit,
//! format), lines emitted, and the ratio of the two, each the median of `--runs` repetitions
//! measured side by side in one process. Then, unless `--no-check`, the crate is generated with
//! `--split-by-tag` into `target/bench/<name>` and checked with a shared `CARGO_TARGET_DIR`
//! (`target/bench/target`): the first check (cold when that directory did not exist yet: it
//! includes building the dependencies), the generated crate alone from scratch (after
//! `cargo clean -p`), an incremental re-check after touching it, and one tag's feature alone
//! from scratch (`--no-default-features --features TAG`).
//!
//! Timings are only meaningful for a release build: a debug `cargo xtask bench` re-runs itself
//! with `cargo run --release`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use atlas_codegen::{Document, EmitOptions, RuntimeDependency, RuntimeSource, Selection};

use xtask::repo_root;

const DEFAULT_SPECS: [&str; 3] = [
    "spec/upstream/atlas-admin-v2.transformed.2026-02-04.yaml",
    "spec/upstream/atlas-admin-v2.raw.2025-06-30.yaml",
    "spec/upstream/atlas-admin-v2.raw.2026-05-05.yaml",
];

/// Options of `cargo xtask bench`, parsed before anything is built.
#[derive(Debug, Clone, clap::Args)]
#[command(group(clap::ArgGroup::new("rounds_of").args(["compile", "peers"]).multiple(true)))]
pub struct Args {
    /// Repetitions per spec (the median is reported).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// A spec to time (repeatable) [default: the three upstream specs].
    #[arg(long = "spec", value_name = "FILE")]
    specs: Vec<PathBuf>,
    /// Only time the generator; do not `cargo check` the generated crates.
    #[arg(long)]
    no_check: bool,
    /// The tag whose feature is checked alone.
    #[arg(long, default_value = "clusters")]
    tag: String,
    /// Count instructions (valgrind --tool=callgrind) of one parse-only run and one load +
    /// generate run per spec, and their ratio: load-independent, so small regressions show.
    #[arg(long, conflicts_with_all = ["compile", "peers", "runs", "no_check", "tag", "once"])]
    callgrind: bool,
    /// Crate-only `cargo check` and `cargo build` (dependencies built, CARGO_INCREMENTAL=0) of
    /// the crate generated from each spec, all features and one tag, against a reference crate
    /// of the same models as plain serde derives; medians of interleaved rounds and
    /// ours/reference ratios.
    #[arg(long, conflicts_with_all = ["runs", "no_check", "once"])]
    compile: bool,
    /// With --compile or --peers: interleaved rounds [default: 3].
    #[arg(long, requires = "rounds_of", value_parser = clap::value_parser!(u32).range(1..))]
    rounds: Option<u32>,
    /// With --compile: `cargo check` only, no `cargo build`.
    #[arg(long, requires = "compile")]
    check_only: bool,
    /// With --compile: only the --tag feature alone, not all features (a quick comparison).
    #[arg(long, requires = "compile")]
    tag_only: bool,
    /// Alone: generation time and peak memory of ours against progenitor and openapi-generator
    /// (their generators must be installed; see README), each as a process, side by side in
    /// --rounds interleaved rounds, on every spec the repo holds [or --spec]. With --compile: add
    /// their crates of the transformed spec to the compile-time rounds.
    #[arg(long, conflicts_with_all = ["runs", "no_check", "once"])]
    peers: bool,
    /// With --compile: the target directory [default: target/bench-compile/target].
    #[arg(long, requires = "compile", value_name = "DIR")]
    target_dir: Option<PathBuf>,
    /// One parse (`parse`) or one load + generate (`generate`) of FILE, nothing else: the unit
    /// --callgrind measures.
    #[arg(long, hide = true, num_args = 2, value_names = ["WHAT", "FILE"])]
    once: Option<Vec<String>>,
}

pub fn run(args: &Args) -> Result<ExitCode, String> {
    if cfg!(debug_assertions) {
        // The options were parsed (and a bad one refused) before this release build starts.
        // Timing a debug build of the generator would measure the wrong thing.
        eprintln!("bench: re-running with a release build of xtask");
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
            .args([
                "run",
                "--release",
                "--quiet",
                "--package",
                "xtask",
                "--",
                "bench",
            ])
            .args(std::env::args_os().skip(2))
            .current_dir(repo_root())
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        return Ok(if status.success() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    let root = repo_root();
    let specs: Vec<PathBuf> = if !args.specs.is_empty() {
        args.specs.clone()
    } else if args.peers && !args.compile {
        crate::bench_peers::ALL_SPECS
            .iter()
            .map(|s| root.join(s))
            .collect()
    } else {
        DEFAULT_SPECS.iter().map(|s| root.join(s)).collect()
    };
    if args.peers && !args.compile {
        return crate::bench_peers::run(&specs, args.rounds.map_or(3, |n| n as usize));
    }
    if args.compile {
        return crate::bench_compile::run(&crate::bench_compile::Args {
            rounds: args.rounds.map_or(3, |n| n as usize),
            specs,
            tag: args.tag.clone(),
            tag_only: args.tag_only,
            build: !args.check_only,
            peers: args.peers,
            target_dir: args.target_dir.clone(),
        });
    }
    if let Some(once_args) = &args.once {
        return once(once_args.first().map(String::as_str), &once_args[1..]);
    }
    if args.callgrind {
        return callgrind(&specs);
    }
    println!(
        "generator (release build, median of {} runs, measured side by side per spec)\n",
        args.runs
    );
    println!(
        "{:<44} {:>4} {:>5} {:>7} {:>9} {:>9} {:>9} {:>9} {:>6}",
        "spec", "ops", "types", "lines", "parse", "ir", "emit", "load+gen", "ratio"
    );
    let mut crates = Vec::new();
    for spec in &specs {
        let label = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
        let options = EmitOptions {
            crate_name: crate_name(&label),
            crate_version: "0.1.0".to_string(),
            license: None,
            // target/bench/<name> → runtime/
            runtime: RuntimeDependency {
                version: atlas_codegen_cli::RUNTIME_VERSION.to_string(),
                source: RuntimeSource::Path("../../../runtime".to_string()),
            },
            origin: label.clone(),
            regenerate: "cargo xtask bench".to_string(),
            split_by_tag: true,
            standalone: true,
        };
        let (mut parse, mut ir, mut emit, mut total) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut last = None;
        for _ in 0..args.runs {
            // Parse only.
            let started = Instant::now();
            let doc = Document::from_text(&text, &label).map_err(|e| e.to_string())?;
            parse.push(started.elapsed());
            drop(doc);
            // Load + generate, as `cargo xtask generate` does it (minus writing files), with
            // the IR / emit split for profiling.
            let started = Instant::now();
            let doc = Document::from_text(&text, &label).map_err(|e| e.to_string())?;
            let loaded = started.elapsed();
            let api =
                atlas_codegen::build_ir(&doc, &Selection::default()).map_err(|e| e.to_string())?;
            let built = started.elapsed();
            let files = atlas_codegen::emit::emit(&api, &options).map_err(|e| e.to_string())?;
            let done = started.elapsed();
            total.push(done);
            ir.push(built - loaded);
            emit.push(done - built);
            last = Some((api.operations.len(), api.types.len(), files));
        }
        let (ops, types, files) = last.expect("runs > 0");
        let lines: usize = files
            .iter()
            .filter(|(p, _)| p.ends_with(".rs"))
            .map(|(_, c)| c.lines().count())
            .sum();
        let (parse, total) = (median(&mut parse), median(&mut total));
        println!(
            "{:<44} {:>4} {:>5} {:>7} {:>9} {:>9} {:>9} {:>9} {:>5.2}×",
            label,
            ops,
            types,
            lines,
            secs(parse),
            secs(median(&mut ir)),
            secs(median(&mut emit)),
            secs(total),
            total.as_secs_f64() / parse.as_secs_f64()
        );
        crates.push((label, options.crate_name, files));
    }
    println!("\nratio = (load + generate) / parse-only; target: at most 3× on the largest spec.");
    if args.no_check {
        return Ok(ExitCode::SUCCESS);
    }

    let bench_dir = root.join("target/bench");
    let target_dir = bench_dir.join("target");
    println!(
        "\ncargo check of the generated crates (--split-by-tag; CARGO_TARGET_DIR={}; one run each)\n",
        target_dir.display()
    );
    println!(
        "{:<44} {:>27} {:>12} {:>12} {:>17}",
        "spec",
        "first check",
        "crate alone",
        "incremental",
        format!("`{}` tag alone", args.tag)
    );
    for (label, name, files) in crates {
        let out = bench_dir.join(&name);
        write_crate(&out, &files)?;
        let cold = !target_dir.exists();
        // 1. Whatever this target directory needs: every dependency too when it is new.
        let first = cargo_check(&out, &target_dir, &[])?;
        // 2. The generated crate from scratch, dependencies already built.
        cargo_clean(&out, &target_dir, &name)?;
        let alone = cargo_check(&out, &target_dir, &[])?;
        // 3. Again after touching it: incremental compilation reuses most of the work.
        touch(&out.join("src/lib.rs"))?;
        let incremental = cargo_check(&out, &target_dir, &[])?;
        // 4. One tag's feature alone, from scratch.
        let has_tag = files["Cargo.toml"].contains(&format!("\n{} = []\n", args.tag));
        let one = if has_tag {
            cargo_clean(&out, &target_dir, &name)?;
            let features = ["--no-default-features", "--features", args.tag.as_str()];
            secs(cargo_check(&out, &target_dir, &features)?)
        } else {
            "no such tag".to_string()
        };
        let first = format!(
            "{} ({})",
            secs(first),
            if cold {
                "cold, with deps"
            } else {
                "deps cached"
            }
        );
        println!(
            "{:<44} {:>27} {:>12} {:>12} {:>17}",
            label,
            first,
            secs(alone),
            secs(incremental),
            one
        );
    }
    println!(
        "\n`cold, with deps` compiles every dependency (runtime, reqwest, serde, chrono…) once; \
         `crate alone` and the tag column compile the generated crate from scratch with the \
         dependencies built; `incremental` re-checks it after a touch. Delete {} for a cold run.",
        target_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `bench --callgrind [--spec FILE]...`: instructions (valgrind's callgrind) of one parse-only
/// run and one load + generate run per spec, each in its own process (`bench --once`), and
/// their ratio. Instruction counts do not depend on the machine's load, so a regression of a
/// few percent shows; the emitter's worker threads are counted together.
fn callgrind(specs: &[PathBuf]) -> Result<ExitCode, String> {
    let root = repo_root();
    let exe = std::env::current_exe().map_err(|e| format!("cannot find xtask itself: {e}"))?;
    let out_dir = root.join("target/bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    println!("instructions of one run (valgrind --tool=callgrind; release build of xtask)\n");
    println!(
        "{:<44} {:>16} {:>18} {:>6}",
        "spec", "parse only", "load + generate", "ratio"
    );
    for spec in specs {
        let label = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut counts = Vec::new();
        for what in ["parse", "generate"] {
            let out_file = out_dir.join(format!("callgrind.{what}.{label}.out"));
            let output = Command::new("valgrind")
                .arg("--tool=callgrind")
                .arg(format!("--callgrind-out-file={}", out_file.display()))
                .arg(&exe)
                .args(["bench", "--once", what])
                .arg(spec)
                .output()
                .map_err(|e| format!("cannot run valgrind (is it installed?): {e}"))?;
            let stderr = String::from_utf8_lossy(&output.stderr);
            if !output.status.success() {
                return Err(format!("valgrind … bench --once {what} failed:\n{stderr}"));
            }
            let collected = stderr
                .lines()
                .find_map(|l| {
                    l.split_once("Collected :")
                        .map(|(_, n)| n.trim().to_string())
                })
                .and_then(|n| n.parse::<u64>().ok())
                .ok_or_else(|| format!("no `Collected :` line from callgrind:\n{stderr}"))?;
            counts.push(collected);
        }
        println!(
            "{:<44} {:>14.3} G {:>16.3} G {:>5.2}×",
            label,
            counts[0] as f64 / 1e9,
            counts[1] as f64 / 1e9,
            counts[1] as f64 / counts[0] as f64
        );
    }
    println!(
        "\nper-function profiles: callgrind_annotate {}/callgrind.<parse|generate>.<spec>.out",
        out_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `bench --once parse|generate FILE`: one parse, or one load + generate (IR and emitted
/// files, not written), and nothing else: the unit `--callgrind` measures.
fn once(what: Option<&str>, rest: &[String]) -> Result<ExitCode, String> {
    let spec = rest
        .first()
        .ok_or("bench --once needs parse|generate and a spec file")?;
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{spec}: {e}"))?;
    let doc = Document::from_text(&text, spec).map_err(|e| e.to_string())?;
    match what {
        Some("parse") => {}
        Some("generate") => {
            let api =
                atlas_codegen::build_ir(&doc, &Selection::default()).map_err(|e| e.to_string())?;
            let options = EmitOptions {
                crate_name: "bench-once".to_string(),
                crate_version: "0.1.0".to_string(),
                license: None,
                runtime: RuntimeDependency {
                    version: atlas_codegen_cli::RUNTIME_VERSION.to_string(),
                    source: RuntimeSource::Path("../runtime".to_string()),
                },
                origin: spec.clone(),
                regenerate: "cargo xtask bench".to_string(),
                split_by_tag: true,
                standalone: true,
            };
            let files = atlas_codegen::emit::emit(&api, &options).map_err(|e| e.to_string())?;
            std::hint::black_box(files);
        }
        _ => return Err("bench --once needs parse or generate".to_string()),
    }
    Ok(ExitCode::SUCCESS)
}

/// A valid cargo package name from a spec file name.
fn crate_name(label: &str) -> String {
    let stem = label
        .strip_suffix(".yaml")
        .or_else(|| label.strip_suffix(".json"))
        .unwrap_or(label);
    let name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("bench-{}", name.trim_matches('-'))
}

fn median(samples: &mut [Duration]) -> Duration {
    median_by(samples, Ord::cmp)
}

/// The median of `samples` by `compare` (the upper middle one of an even count); every bench
/// reports this. `samples` must not be empty.
pub(crate) fn median_by<T: Copy>(
    samples: &[T],
    compare: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> T {
    let mut sorted = samples.to_vec();
    sorted.sort_by(compare);
    sorted[sorted.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn write_crate(
    out: &Path,
    files: &std::collections::BTreeMap<String, String>,
) -> Result<(), String> {
    if out.join("src").exists() {
        std::fs::remove_dir_all(out.join("src")).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    for (path, contents) in files {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&target, contents).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn cargo_clean(dir: &Path, target_dir: &Path, package: &str) -> Result<(), String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args(["clean", "--quiet", "--package", package])
        .env("CARGO_TARGET_DIR", target_dir)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo clean -p {package} failed in {}",
            dir.display()
        ))
    }
}

fn cargo_check(dir: &Path, target_dir: &Path, extra: &[&str]) -> Result<Duration, String> {
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args(["check", "--quiet"])
        .args(extra)
        .env("CARGO_TARGET_DIR", target_dir)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "cargo check {} failed in {}",
            extra.join(" "),
            dir.display()
        ));
    }
    Ok(started.elapsed())
}

//! `cargo xtask bench --compile`: how long the generated crates take to compile, against a
//! reference crate of the same models as plain serde derives (see [`crate::reference`]), and
//! optionally against the crates other generators make from the same spec (`--peers`).
//!
//! For each spec the generated crate (`--split-by-tag`) and its reference are written to
//! `target/bench-compile/<spec>/{ours,reference}`, with the workspace's `Cargo.lock`, and share
//! one `CARGO_TARGET_DIR` (`target/bench-compile/target`). A warm-up `cargo check` and
//! `cargo build` of each builds the dependencies; after that every measurement is **crate-only**:
//! `cargo clean -p <crate>` and then `cargo check` (or `cargo build`) of that crate, with
//! `CARGO_INCREMENTAL=0` (as when the crate is a dependency). Each crate is measured with all
//! features (the default) and with one tag's feature alone (`--no-default-features --features
//! TAG`; `--tag-only` measures only the latter). Each round measures every crate once, in an order rotated by one each round, so a
//! burst of load on the shared machine falls on different crates; the figures are medians over
//! the rounds, and the ratios are medians of the per-round ratios (a crate and its reference are
//! measured minutes apart at most).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use atlas_codegen::{Document, EmitOptions, Selection};
use atlas_codegen_cli::output;

use xtask::repo_root;

/// The generated crate's typed mock server, compiled only with its `mock` feature.
const MOCK_MODULE: &str = "src/mock.rs";

/// The spec the peers generate from (the one the issue compares on).
const PEER_SPEC: &str = "spec/upstream/atlas-admin-v2.transformed.2026-02-04.yaml";

/// The options of `bench --compile`, from `cargo xtask bench`'s command line (checked there).
pub struct Args {
    /// Interleaved rounds (`--rounds`, at least 1).
    pub rounds: usize,
    /// The specs (`--spec`, else the three upstream specs).
    pub specs: Vec<PathBuf>,
    /// The tag whose feature is measured alone (`--tag`).
    pub tag: String,
    /// Measure only the tag's feature alone, not all features (`--tag-only`).
    pub tag_only: bool,
    /// `cargo build` too (not `--check-only`).
    pub build: bool,
    /// Add the peers' crates (`--peers`).
    pub peers: bool,
    /// Shared `CARGO_TARGET_DIR` (default `target/bench-compile/target`).
    pub target_dir: Option<PathBuf>,
}

/// One crate measured in every round, with one feature selection.
struct Unit {
    /// Row label: spec short name and feature selection.
    group: String,
    /// `ours`, `reference`, or a peer's name.
    who: String,
    dir: PathBuf,
    package: String,
    features: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Mode {
    Check,
    Build,
}

impl Mode {
    fn cargo(self) -> &'static str {
        match self {
            Mode::Check => "check",
            Mode::Build => "build",
        }
    }
}

pub fn run(args: &Args) -> Result<ExitCode, String> {
    let root = repo_root();
    let bench_dir = root.join("target/bench-compile");
    let target_dir = args
        .target_dir
        .clone()
        .unwrap_or_else(|| bench_dir.join("target"));
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;

    // Generate our crate and the reference for each spec.
    let mut units = Vec::new();
    let mut sizes = Vec::new();
    for spec in &args.specs {
        let label = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let short = short_name(&label);
        let doc = Document::from_path(spec).map_err(|e| e.to_string())?;
        let api = atlas_codegen::build_ir(&doc, &Selection::default())
            .map_err(|e| format!("{}: {e}", spec.display()))?;
        let ours_name = format!("cb-{short}-ours");
        let ref_name = format!("cb-{short}-ref");
        let runtime = "../../../../runtime";
        let options = EmitOptions {
            crate_name: ours_name.clone(),
            crate_version: "0.1.0".to_string(),
            license: None,
            runtime: atlas_codegen::RuntimeDependency {
                version: atlas_codegen_cli::RUNTIME_VERSION.to_string(),
                source: atlas_codegen::RuntimeSource::Path(runtime.to_string()),
            },
            origin: label.clone(),
            regenerate: "cargo xtask bench --compile".to_string(),
            split_by_tag: true,
            standalone: true,
        };
        let ours = atlas_codegen::emit::emit(&api, &options).map_err(|e| e.to_string())?;
        let reference = crate::reference::files(&api, &ref_name, runtime);
        let ours_dir = bench_dir.join(&short).join("ours");
        let ref_dir = bench_dir.join(&short).join("reference");
        write_crate(&ours_dir, &ours, &lock)?;
        write_crate(&ref_dir, &reference, &lock)?;
        // The typed mock server is behind the `mock` feature, which no measurement enables:
        // counted apart from the crate that is compiled.
        let (compiled, mock) = split_mock(ours);
        sizes.push((
            short.clone(),
            api.operations.len(),
            api.types.len(),
            Size::of(&compiled)?,
            Size::of(&mock)?,
            Size::of(&reference)?,
        ));
        let has_tag = api.tag_types.contains_key(&args.tag);
        for (who, dir, package) in [
            ("ours", &ours_dir, &ours_name),
            ("reference", &ref_dir, &ref_name),
        ] {
            if !(args.tag_only && has_tag) {
                units.push(Unit {
                    group: format!("{short}, all features"),
                    who: who.to_string(),
                    dir: dir.clone(),
                    package: package.clone(),
                    features: Vec::new(),
                });
            }
            if has_tag {
                units.push(Unit {
                    group: format!("{short}, `{}` alone", args.tag),
                    who: who.to_string(),
                    dir: dir.clone(),
                    package: package.clone(),
                    features: vec![
                        "--no-default-features".to_string(),
                        "--features".to_string(),
                        args.tag.clone(),
                    ],
                });
            }
        }
    }
    let mut peer_notes = Vec::new();
    if args.peers {
        let spec = root.join(PEER_SPEC);
        let short = short_name(&spec.file_name().unwrap_or_default().to_string_lossy());
        for peer in crate::peers::all() {
            match peer.prepare(&spec, &bench_dir.join("peers")) {
                Ok(prepared) => {
                    let size = Size::of(&read_sources(&prepared.dir.join("src"))?)?;
                    peer_notes.push(format!(
                        "{}: {} lines, {} items, {} fns; {} — `{}`",
                        peer.name,
                        size.lines,
                        size.items,
                        size.fns,
                        prepared.version,
                        prepared.command
                    ));
                    units.push(Unit {
                        group: format!("{short}, all features"),
                        who: peer.name.to_string(),
                        dir: prepared.dir,
                        package: prepared.package,
                        features: prepared.features,
                    });
                }
                Err(reason) => peer_notes.push(format!("{}: not measured — {reason}", peer.name)),
            }
        }
    }

    println!("crates emitted (whole crate, all features)\n");
    println!(
        "{:<24} {:>5} {:>6} {:>8} {:>7} {:>7} {:>10} {:>10} {:>9} {:>8}",
        "spec",
        "ops",
        "types",
        "lines",
        "items",
        "fns",
        "mock lines",
        "ref lines",
        "ref items",
        "ref fns"
    );
    for (short, ops, types, ours, mock, reference) in &sizes {
        println!(
            "{:<24} {:>5} {:>6} {:>8} {:>7} {:>7} {:>10} {:>10} {:>9} {:>8}",
            short,
            ops,
            types,
            ours.lines,
            ours.items,
            ours.fns,
            mock.lines,
            reference.lines,
            reference.items,
            reference.fns
        );
    }
    println!(
        "(ours without {MOCK_MODULE}, the typed mock server behind the `mock` feature, which no \
         measurement enables: its lines are the `mock lines` column)"
    );
    for note in &peer_notes {
        println!("peer {note}");
    }

    let modes: Vec<Mode> = if args.build {
        vec![Mode::Check, Mode::Build]
    } else {
        vec![Mode::Check]
    };
    // Warm-up: builds every dependency once (not measured).
    eprintln!(
        "\nwarm-up: building dependencies into {} …",
        target_dir.display()
    );
    for unit in &units {
        for &mode in &modes {
            cargo(mode, unit, &target_dir)?;
        }
    }

    let mut samples: BTreeMap<(Mode, usize), Vec<Sample>> = BTreeMap::new();
    for round in 0..args.rounds {
        for &mode in &modes {
            let n = units.len();
            for k in 0..n {
                let i = (k + round) % n;
                let unit = &units[i];
                cargo_clean(unit, &target_dir)?;
                let took = cargo(mode, unit, &target_dir)?;
                eprintln!(
                    "round {}/{}: cargo {} {} [{}]: {:.1} s CPU, {:.1} s wall",
                    round + 1,
                    args.rounds,
                    mode.cargo(),
                    unit.who,
                    unit.group,
                    took.cpu.as_secs_f64(),
                    took.wall.as_secs_f64()
                );
                samples.entry((mode, i)).or_default().push(took);
            }
        }
    }

    println!(
        "\ncrate-only compile time (dependencies built; CARGO_INCREMENTAL=0): CPU time (user + sys \
         of cargo and rustc), median of {} interleaved rounds (min–max); ratios are medians of \
         per-round ratios, of CPU time and of wall time\n",
        args.rounds
    );
    println!(
        "{:<42} {:<6} {:>22} {:>22} {:>9} {:>9}",
        "crate", "cargo", "ours CPU", "reference CPU", "ours/ref", "(wall)"
    );
    let groups: Vec<&String> = {
        let mut seen = Vec::new();
        for u in &units {
            if !seen.contains(&&u.group) {
                seen.push(&u.group);
            }
        }
        seen
    };
    let find = |group: &str, who: &str| units.iter().position(|u| u.group == group && u.who == who);
    for &mode in &modes {
        for group in &groups {
            let (Some(o), Some(r)) = (find(group, "ours"), find(group, "reference")) else {
                continue;
            };
            let (os, rs) = (&samples[&(mode, o)], &samples[&(mode, r)]);
            println!(
                "{:<42} {:<6} {:>22} {:>22} {:>8.2}× {:>8.2}×",
                group,
                mode.cargo(),
                spread(os),
                spread(rs),
                paired_ratio(os, rs, |s| s.cpu),
                paired_ratio(os, rs, |s| s.wall)
            );
        }
    }
    if args.peers {
        println!("\npeers (same rounds; CPU time, ratios of CPU time)\n");
        println!(
            "{:<42} {:<18} {:<6} {:>22} {:>10} {:>10}",
            "crate", "generator", "cargo", "CPU", "ours/peer", "peer/ref"
        );
        for &mode in &modes {
            for (i, unit) in units.iter().enumerate() {
                if unit.who == "ours" || unit.who == "reference" {
                    continue;
                }
                let ps = &samples[&(mode, i)];
                let ratio = |who: &str, peer_first: bool| {
                    find(&unit.group, who)
                        .map(|j| {
                            let xs = &samples[&(mode, j)];
                            let r = if peer_first {
                                paired_ratio(ps, xs, |s| s.cpu)
                            } else {
                                paired_ratio(xs, ps, |s| s.cpu)
                            };
                            format!("{r:.2}×")
                        })
                        .unwrap_or_else(|| "–".to_string())
                };
                println!(
                    "{:<42} {:<18} {:<6} {:>22} {:>10} {:>10}",
                    unit.group,
                    unit.who,
                    mode.cargo(),
                    spread(ps),
                    ratio("ours", false),
                    ratio("reference", true)
                );
            }
        }
    }
    println!(
        "\nreference = the same models as plain `#[derive(Serialize, Deserialize)]` types, no \
         operations (xtask/src/reference.rs); ratios are medians of per-round ratios."
    );
    Ok(ExitCode::SUCCESS)
}

/// Lines and items of a crate's Rust files.
#[derive(Default)]
struct Size {
    lines: usize,
    /// Top-level items other than `use` and `mod` declarations (a macro call is one item).
    items: usize,
    /// Functions, free or in an `impl` or trait.
    fns: usize,
}

impl Size {
    fn of(files: &BTreeMap<String, String>) -> Result<Size, String> {
        let mut size = Size::default();
        for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".rs")) {
            size.lines += text.lines().count();
            let file = syn::parse_file(text).map_err(|e| format!("{path}: {e}"))?;
            size.count(&file.items);
        }
        Ok(size)
    }

    fn count(&mut self, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Use(_) => {}
                syn::Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        self.count(inner);
                    }
                }
                syn::Item::Fn(_) => {
                    self.items += 1;
                    self.fns += 1;
                }
                syn::Item::Impl(i) => {
                    self.items += 1;
                    self.fns += i
                        .items
                        .iter()
                        .filter(|x| matches!(x, syn::ImplItem::Fn(_)))
                        .count();
                }
                syn::Item::Trait(t) => {
                    self.items += 1;
                    self.fns += t
                        .items
                        .iter()
                        .filter(|x| matches!(x, syn::TraitItem::Fn(_)))
                        .count();
                }
                _ => self.items += 1,
            }
        }
    }
}

/// A generated crate's files without the mock module, and the mock module.
fn split_mock(
    files: BTreeMap<String, String>,
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    files.into_iter().partition(|(path, _)| path != MOCK_MODULE)
}

/// Every `.rs` file under `dir`, keyed by path.
fn read_sources(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            files.extend(read_sources(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            files.insert(path.to_string_lossy().into_owned(), text);
        }
    }
    Ok(files)
}

/// `transformed-2026-02-04` from `atlas-admin-v2.transformed.2026-02-04.yaml`.
fn short_name(label: &str) -> String {
    let stem = label
        .strip_suffix(".yaml")
        .or_else(|| label.strip_suffix(".json"))
        .unwrap_or(label);
    let stem = stem.strip_prefix("atlas-admin-v2.").unwrap_or(stem);
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .to_string()
}

fn median(samples: &[f64]) -> f64 {
    crate::bench::median_by(samples, f64::total_cmp)
}

/// The CPU times: `12.3 s (11.9–14.0)`.
fn spread(samples: &[Sample]) -> String {
    let secs: Vec<f64> = samples.iter().map(|s| s.cpu.as_secs_f64()).collect();
    let min = secs.iter().copied().fold(f64::INFINITY, f64::min);
    let max = secs.iter().copied().fold(0.0, f64::max);
    format!("{:.1} s ({:.1}–{:.1})", median(&secs), min, max)
}

/// Median over rounds of `a[round] / b[round]`, of the time `which` picks.
fn paired_ratio(a: &[Sample], b: &[Sample], which: fn(&Sample) -> Duration) -> f64 {
    let ratios: Vec<f64> = a
        .iter()
        .zip(b)
        .map(|(a, b)| which(a).as_secs_f64() / which(b).as_secs_f64())
        .collect();
    median(&ratios)
}

fn write_crate(out: &Path, files: &BTreeMap<String, String>, lock: &str) -> Result<(), String> {
    // Only files that changed are written, and only stale ones removed (the generator's own
    // writer), so that rewriting a crate another run is compiling (same output: generation is
    // deterministic) is harmless.
    output::write_or_check(files, out, output::Mode::Write, true).map_err(|e| e.to_string())?;
    // The workspace's lock file pins the same dependency versions as the repo's own builds
    // (cargo drops the entries this crate does not use).
    let lock_path = out.join("Cargo.lock");
    if !lock_path.exists() {
        std::fs::write(&lock_path, lock).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    }
    Ok(())
}

fn cargo_command(dir: &Path, target_dir: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()));
    command
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(dir);
    command
}

fn cargo_clean(unit: &Unit, target_dir: &Path) -> Result<(), String> {
    let output = cargo_command(&unit.dir, target_dir)
        .args(["clean", "--quiet", "--package", &unit.package])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo clean -p {} failed in {}:\n{}",
            unit.package,
            unit.dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// One timed cargo run.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    /// User + system CPU time of cargo and the rustc processes it waited for: less sensitive
    /// than wall time to other work on a shared machine.
    cpu: Duration,
}

/// CPU time (user + system) of the terminated children of this process so far.
#[cfg(unix)]
fn children_cpu() -> Duration {
    // SAFETY: `getrusage` only writes the `rusage` it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Elsewhere CPU time is not measured: wall time stands in for it.
#[cfg(not(unix))]
fn children_cpu() -> Duration {
    Duration::ZERO
}

fn cargo(mode: Mode, unit: &Unit, target_dir: &Path) -> Result<Sample, String> {
    let cpu_before = children_cpu();
    let started = Instant::now();
    let output = cargo_command(&unit.dir, target_dir)
        .args([mode.cargo(), "--quiet", "--lib"])
        .args(&unit.features)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let wall = started.elapsed();
    let cpu = children_cpu() - cpu_before;
    let took = Sample {
        wall,
        cpu: if cpu.is_zero() { wall } else { cpu },
    };
    if !output.status.success() {
        return Err(format!(
            "cargo {} {} failed in {}:\n{}",
            mode.cargo(),
            unit.features.join(" "),
            unit.dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(took)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mock_module_is_counted_apart_from_the_compiled_crate() {
        let files = BTreeMap::from([
            (
                "src/lib.rs".to_string(),
                "pub mod models;\nuse std::fmt;\npub struct Client;\nimpl Client {\n    pub fn new() -> Self { Client }\n    fn a(&self) {}\n}\n"
                    .to_string(),
            ),
            ("Cargo.toml".to_string(), "[package]\n".to_string()),
            (
                "src/mock.rs".to_string(),
                "pub struct MockServer;\npub fn start() {}\n".to_string(),
            ),
        ]);
        let (compiled, mock) = split_mock(files);
        assert_eq!(
            compiled.keys().collect::<Vec<_>>(),
            ["Cargo.toml", "src/lib.rs"]
        );
        let size = Size::of(&compiled).unwrap();
        // `mod models;` and `use` are not items; the struct and the impl are; two fns.
        assert_eq!((size.lines, size.items, size.fns), (7, 2, 2));
        let mock = Size::of(&mock).unwrap();
        assert_eq!((mock.lines, mock.items, mock.fns), (2, 2, 1));
    }
}

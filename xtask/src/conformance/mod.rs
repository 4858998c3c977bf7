//! `cargo xtask conformance`: every valid payload survives a decode and re-encode.
//!
//! For each spec, an off-the-shelf JSON-Schema instance generator (`hypothesis-jsonschema`,
//! driven by `tests/conformance/oracle.py`, installed into `target/conformance/venv` from the
//! hash-pinned `tests/conformance/requirements.txt`) writes valid instances of every schema
//! that has a generated type, with a fixed seed, and a minimal instance per discriminator tag.
//! A harness crate per spec (under `target/conformance/work/`, depending on a client crate
//! generated there) decodes each instance into its Rust type and encodes it back; the result
//! must be the same JSON, key order and number spelling aside. Failures are grouped by cause.
//!
//! Which Rust type stands for which schema comes from the IR (`ir.rs`, the only module that
//! reads it); what a valid instance is comes from the spec alone (the oracle never sees the IR).

mod compare;
mod harness;
mod ir;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use atlas_codegen::{Document, EmitOptions};
use serde_json::{json, Value};

use atlas_codegen_cli::output::relative;
use xtask::{display_origin, repo_root};

const FRAGMENT: &str = "spec/atlas-admin-fragment.yaml";
const FIXTURES: &str = "tests/fixtures";
const UPSTREAM: [&str; 3] = [
    "spec/upstream/atlas-admin-v2.raw.2025-06-30.yaml",
    "spec/upstream/atlas-admin-v2.raw.2026-05-05.yaml",
    "spec/upstream/atlas-admin-v2.transformed.2026-02-04.yaml",
];
/// The upstream spec CI samples: the newest raw one (the most polymorphism).
const SAMPLED: &str = "spec/upstream/atlas-admin-v2.raw.2026-05-05.yaml";
/// CI keeps every this-many-th of its operations.
const DEFAULT_SAMPLE: usize = 40;
/// A case with no answer for this long is reported as a hang.
const CASE_TIMEOUT: Duration = Duration::from_secs(60);

struct Args {
    full: bool,
    mappings: bool,
    specs: Vec<PathBuf>,
    count: usize,
    seed: u64,
    /// `--sample N`: keep every Nth operation (the raw 2026 spec in CI, `--spec` ones when set).
    sample: Option<usize>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        full: false,
        mappings: false,
        specs: Vec::new(),
        count: 20,
        seed: 1,
        sample: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let number = |name: &str, v: String| -> Result<u64, String> {
            v.parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{name} needs a positive number"))
        };
        match arg.as_str() {
            "--full" => parsed.full = true,
            "--mappings" => parsed.mappings = true,
            "--spec" => parsed.specs.push(PathBuf::from(value("--spec")?)),
            "--count" => parsed.count = number("--count", value("--count")?)? as usize,
            "--seed" => parsed.seed = number("--seed", value("--seed")?)?,
            "--sample" => parsed.sample = Some(number("--sample", value("--sample")?)? as usize),
            other => {
                return Err(format!(
                    "unknown argument `{other}` (see `cargo xtask help`)"
                ))
            }
        }
    }
    Ok(parsed)
}

/// One spec (or a sample of its operations) to test.
struct Unit {
    /// Directory and crate-name stem.
    name: String,
    spec: PathBuf,
    /// What to call it in the output.
    label: String,
    only: Option<BTreeSet<String>>,
    /// Whether to generate instances of every target (else only the discriminator tags).
    instances: bool,
    targets: Vec<ir::Target>,
    not_generated: Vec<String>,
}

impl Unit {
    fn dir(&self, work: &Path) -> PathBuf {
        work.join(&self.name)
    }
}

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let args = parse(args)?;
    let started = Instant::now();
    let root = repo_root();
    let base = root.join("target/conformance");
    let work = base.join("work");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;

    let mut units = plan(&root, &args)?;
    step("generate the client crates and their harnesses");
    for unit in &mut units {
        prepare(&root, &work, unit)?;
    }
    write_workspace(&root, &work, &units)?;

    step("install the instance generator (tests/conformance/requirements.txt)");
    let python = ensure_venv(&root, &base)?;
    step("oracle self-test (tests/conformance/test_oracle.py)");
    run_checked(
        Command::new(&python)
            .args([
                "-m",
                "unittest",
                "--quiet",
                "tests/conformance/test_oracle.py",
            ])
            .current_dir(&root),
        "the oracle's self-test",
    )?;

    // The harnesses build while the oracle writes instances (cargo on the cores, Python on one).
    step("build the harnesses (cargo build) while the oracle writes instances");
    let build = {
        let root = root.clone();
        let work = work.clone();
        std::thread::spawn(move || build_harnesses(&root, &work))
    };
    for unit in &units {
        oracle(&root, &python, &work, unit, &args)?;
    }
    build
        .join()
        .map_err(|_| "the build thread panicked".to_string())??;

    step("decode and re-encode");
    let mut report = Report::default();
    for unit in &units {
        run_unit(&root, &work, unit, &mut report)?;
    }
    let path = base.join("report.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&report.json()).expect("JSON"),
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    report.print(&path);
    println!("    ({:.0?} in all)", started.elapsed());
    Ok(if report.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn step(what: &str) {
    println!("\n==> {what}");
}

/// The specs to run, each fully or sampled.
fn plan(root: &Path, args: &Args) -> Result<Vec<Unit>, String> {
    let full = |spec: &Path, label: String| Unit {
        name: slug(spec),
        spec: spec.to_path_buf(),
        label,
        only: None,
        instances: true,
        targets: Vec::new(),
        not_generated: Vec::new(),
    };
    if args.mappings {
        return UPSTREAM
            .iter()
            .map(|s| mapping_unit(&root.join(s), s))
            .collect();
    }
    if !args.specs.is_empty() {
        return args
            .specs
            .iter()
            .map(|s| match args.sample {
                Some(n) => sampled_unit(s, &s.display().to_string(), n),
                None => Ok(full(s, s.display().to_string())),
            })
            .collect();
    }
    let mut specs = vec![root.join(FRAGMENT)];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join(FIXTURES))
        .map_err(|e| format!("{FIXTURES}: {e}"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    fixtures.sort();
    specs.extend(fixtures);
    let mut units: Vec<Unit> = specs.iter().map(|s| full(s, rel(root, s))).collect();
    if args.full {
        units.extend(UPSTREAM.iter().map(|s| full(&root.join(s), s.to_string())));
    } else {
        units.push(sampled_unit(
            &root.join(SAMPLED),
            SAMPLED,
            args.sample.unwrap_or(DEFAULT_SAMPLE),
        )?);
    }
    Ok(units)
}

/// Every Nth operation of a spec (by operation id) and the types they reach.
fn sampled_unit(spec: &Path, label: &str, every: usize) -> Result<Unit, String> {
    let doc = load(spec)?;
    let ids = ir::operation_ids(&doc).map_err(|e| format!("{label}: {e}"))?;
    let only: BTreeSet<String> = ids.iter().step_by(every).cloned().collect();
    Ok(Unit {
        name: format!("{}-sample-{every}", slug(spec)),
        spec: spec.to_path_buf(),
        label: format!(
            "{label} (sample: every {every}th of {} operations, {} kept, and the types they reach)",
            ids.len(),
            only.len()
        ),
        only: Some(only),
        instances: true,
        targets: Vec::new(),
        not_generated: Vec::new(),
    })
}

/// The discriminator tags of a spec, alone: a few operations that reach every discriminated
/// schema (and mapping target) some operation reaches, no instances of the other types.
fn mapping_unit(spec: &Path, label: &str) -> Result<Unit, String> {
    let doc = load(spec)?;
    let pointers = discriminator_pointers(&doc.root, "#");
    let (only, covered) =
        ir::operations_reaching(&doc, &pointers).map_err(|e| format!("{label}: {e}"))?;
    Ok(Unit {
        name: format!("{}-mappings", slug(spec)),
        spec: spec.to_path_buf(),
        label: format!(
            "{label} (discriminator tags: {} operations reaching {covered} of its {} discriminated schemas and mapping targets)",
            only.len(),
            pointers.len()
        ),
        only: Some(only),
        instances: false,
        targets: Vec::new(),
        not_generated: Vec::new(),
    })
}

/// Pointers of every schema with a `discriminator`, and of every `mapping` target, found by
/// walking the document (examples, defaults and enums are data, not schemas).
fn discriminator_pointers(node: &Value, pointer: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    match node {
        Value::Object(map) => {
            if let Some(disc) = map.get("discriminator").and_then(Value::as_object) {
                out.insert(pointer.to_string());
                for target in disc
                    .get("mapping")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|m| m.values())
                    .filter_map(Value::as_str)
                {
                    out.insert(if target.starts_with('#') {
                        target.to_string()
                    } else {
                        atlas_codegen::load::child("#/components/schemas", target)
                    });
                }
            }
            for (k, v) in map {
                if !matches!(k.as_str(), "example" | "examples" | "default" | "enum") {
                    out.extend(discriminator_pointers(
                        v,
                        &atlas_codegen::load::child(pointer, k),
                    ));
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                out.extend(discriminator_pointers(v, &format!("{pointer}/{i}")));
            }
        }
        _ => {}
    }
    out
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

fn slug(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn load(spec: &Path) -> Result<Document, String> {
    Document::from_path(spec).map_err(|e| e.to_string())
}

/// Writes the client crate, the harness crate and the target list of one unit.
fn prepare(root: &Path, work: &Path, unit: &mut Unit) -> Result<(), String> {
    let dir = unit.dir(work);
    let client_dir = dir.join("client");
    std::fs::create_dir_all(&client_dir).map_err(|e| format!("{}: {e}", client_dir.display()))?;
    let options = EmitOptions {
        crate_name: format!("conformance-client-{}", unit.name),
        crate_version: "0.0.0".to_string(),
        license: None,
        runtime: atlas_codegen::RuntimeDependency {
            version: atlas_codegen_cli::RUNTIME_VERSION.to_string(),
            source: atlas_codegen::RuntimeSource::Path(relative(
                &client_dir,
                &root.join("runtime"),
            )),
        },
        origin: display_origin(&unit.spec),
        regenerate: "cargo xtask conformance".to_string(),
        split_by_tag: false,
        standalone: false,
    };
    let doc = load(&unit.spec)?;
    let prepared = ir::prepare(&doc, unit.only.clone(), &options)
        .map_err(|e| format!("{}: {e}", unit.spec.display()))?;
    write_tree(&client_dir, &prepared.files)?;
    let mut harness = BTreeMap::new();
    harness.insert(
        "Cargo.toml".to_string(),
        harness::manifest(
            &format!("conformance-harness-{}", unit.name),
            &options.crate_name,
        ),
    );
    harness.insert(
        "src/main.rs".to_string(),
        harness::main_rs(&prepared.targets),
    );
    write_tree(&dir.join("harness"), &harness)?;
    let targets: Vec<Value> = prepared
        .targets
        .iter()
        .map(|t| {
            json!({"id": t.id, "pointer": t.pointer, "nullable": t.nullable, "direction": t.direction})
        })
        .collect();
    write_if_changed(
        &dir.join("targets.json"),
        &serde_json::to_string_pretty(&targets).expect("JSON"),
    )?;
    println!(
        "    {}: {} schemas with a Rust type",
        unit.label,
        prepared.targets.len()
    );
    unit.targets = prepared.targets;
    unit.not_generated = prepared.not_generated;
    Ok(())
}

/// Writes `files` under `dir`, touching only what changed (so cargo rebuilds only that), and
/// removes other files under `dir/src`.
fn write_tree(dir: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    let wanted: BTreeSet<PathBuf> = files.keys().map(|p| dir.join(p)).collect();
    for (path, contents) in files {
        write_if_changed(&dir.join(path), contents)?;
    }
    let mut stack = vec![dir.join("src")];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if !wanted.contains(&path) {
                std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
    }
    Ok(())
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

/// One workspace for every client and harness of the run, with the repository's lock file and
/// profile settings, built in `target/conformance/target` (its own: the harnesses need other
/// feature sets than the repository's workspace, so nothing could be shared with `target/debug`,
/// and `rm -rf target/conformance` removes everything the run made).
fn write_workspace(root: &Path, work: &Path, units: &[Unit]) -> Result<(), String> {
    let members: Vec<String> = units
        .iter()
        .flat_map(|u| [format!("{}/client", u.name), format!("{}/harness", u.name)])
        .map(|m| format!("    {m:?},\n"))
        .collect();
    let root_manifest =
        std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    let profiles = profile_tables(&root_manifest);
    let manifest = format!(
        "# Written by `cargo xtask conformance`; not part of the repository.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n{}]\n\n\
         # No debug info: the harnesses of the full specs would take hundreds of megabytes each.\n\
         [profile.dev]\ndebug = false\n\n\
         # The repository's own profile settings (optimised regex engines).\n{profiles}",
        members.concat()
    );
    write_if_changed(&work.join("Cargo.toml"), &manifest)?;
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let current = std::fs::read_to_string(work.join("Cargo.lock")).unwrap_or_default();
    // cargo prunes the copy to what this workspace uses; only re-copy when the source moved on.
    let stamp = work.join("Cargo.lock.source");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(lock.as_str()) || current.is_empty()
    {
        write_if_changed(&work.join("Cargo.lock"), &lock)?;
        write_if_changed(&stamp, &lock)?;
    }
    Ok(())
}

/// The `[profile.…]` tables of a manifest, verbatim.
fn profile_tables(manifest: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            inside = line.starts_with("[profile.");
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn build_harnesses(root: &Path, work: &Path) -> Result<(), String> {
    let started = Instant::now();
    // Warnings of the generated crates are not this run's business (clippy on generated code
    // is checked elsewhere): the output is shown only when the build fails.
    let output = Command::new(cargo())
        .args(["build", "--quiet", "--workspace", "--bins"])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", target_dir(root))
        .output()
        .map_err(|e| format!("cargo build: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the harness workspace {} does not build ({}):\n{}",
            work.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    println!("    harnesses built in {:.0?}", started.elapsed());
    Ok(())
}

fn target_dir(root: &Path) -> PathBuf {
    root.join("target/conformance/target")
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// A virtualenv under `target/` with the pinned generator; reinstalled when
/// `requirements.txt` changes.
fn ensure_venv(root: &Path, base: &Path) -> Result<PathBuf, String> {
    let requirements = root.join("tests/conformance/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)
        .map_err(|e| format!("{}: {e}", requirements.display()))?;
    let venv = base.join("venv");
    let python = venv.join("bin/python");
    let stamp = venv.join("installed-requirements.txt");
    if python.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        println!("    up to date: {}", venv.display());
        return Ok(python);
    }
    let interpreter = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    run_checked(
        Command::new(&interpreter)
            .args(["-m", "venv", "--clear"])
            .arg(&venv),
        "python3 -m venv",
    )?;
    run_checked(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--require-hashes",
                "--only-binary",
                ":all:",
                "-r",
            ])
            .arg(&requirements),
        "pip install -r tests/conformance/requirements.txt",
    )?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
    println!("    installed into {}", venv.display());
    Ok(python)
}

fn run_checked(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command.status().map_err(|e| format!("{what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Runs the oracle for one unit: instances of every target, minimal instances per tag.
fn oracle(root: &Path, python: &Path, work: &Path, unit: &Unit, args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let dir = unit.dir(work);
    let script = root.join("tests/conformance/oracle.py");
    if unit.instances {
        run_checked(
            Command::new(python)
                .arg(&script)
                .arg("instances")
                .arg(&unit.spec)
                .arg(dir.join("targets.json"))
                .arg(dir.join("instances.jsonl"))
                .args(["--count", &args.count.to_string()])
                .args(["--seed", &args.seed.to_string()])
                .args(["--jobs", &jobs().to_string()]),
            &format!("oracle.py instances {}", unit.spec.display()),
        )?;
    }
    run_checked(
        Command::new(python)
            .arg(&script)
            .arg("mappings")
            .arg(&unit.spec)
            .arg(dir.join("mappings.jsonl")),
        &format!("oracle.py mappings {}", unit.spec.display()),
    )?;
    println!(
        "    oracle done for {} in {:.0?}",
        unit.label,
        started.elapsed()
    );
    Ok(())
}

/// Worker processes for the oracle: one per core.
fn jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn read_jsonl(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("{}: {e}", path.display())))
        .collect()
}

/// What a case checks.
#[derive(Clone)]
struct Case {
    target: usize,
    /// "instance" or "mapping TAG (owner|target)".
    kind: String,
    instance: Value,
}

/// An answer from the harness.
enum Answer {
    Encoded(String),
    Error(String),
    Panic(String),
    Crash(String),
}

fn run_unit(root: &Path, work: &Path, unit: &Unit, report: &mut Report) -> Result<(), String> {
    let dir = unit.dir(work);
    let index: BTreeMap<&str, usize> = unit
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut by_pointer: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, t) in unit.targets.iter().enumerate() {
        by_pointer.entry(t.pointer.as_str()).or_insert(i);
    }
    let mut stats = SpecStats {
        label: unit.label.clone(),
        targets: unit.targets.len(),
        not_generated: unit.not_generated.len(),
        ..SpecStats::default()
    };
    let mut cases = Vec::new();
    let instances = if unit.instances {
        read_jsonl(&dir.join("instances.jsonl"))?
    } else {
        Vec::new()
    };
    for line in instances {
        let id = line["id"].as_str().unwrap_or_default();
        let Some(&target) = index.get(id) else {
            return Err(format!("the oracle answered for an unknown target `{id}`"));
        };
        if let Some(error) = line["error"].as_str() {
            stats.oracle_errors += 1;
            report.oracle_errors.push(json!({
                "spec": unit.label, "pointer": unit.targets[target].pointer, "error": error,
            }));
            continue;
        }
        for instance in line["instances"].as_array().into_iter().flatten() {
            cases.push(Case {
                target,
                kind: "instance".into(),
                instance: instance.clone(),
            });
        }
    }
    stats.instances = cases.len();
    for line in read_jsonl(&dir.join("mappings.jsonl"))? {
        let owner = line["owner"].as_str().unwrap_or_default();
        let tag = line["tag"].as_str().unwrap_or_default();
        let target = line["target"].as_str().unwrap_or_default();
        stats.mapping_tags += 1;
        let Some(&owner_type) = by_pointer.get(owner) else {
            stats.mapping_not_generated += 1;
            continue;
        };
        if let Some(error) = line["error"].as_str() {
            stats.oracle_errors += 1;
            report.oracle_errors.push(json!({
                "spec": unit.label, "pointer": owner, "tag": tag, "target": target, "error": error,
            }));
            continue;
        }
        let instance = line["instance"].clone();
        cases.push(Case {
            target: owner_type,
            kind: format!("mapping {tag} → {target} (decoded as the discriminated type)"),
            instance: instance.clone(),
        });
        stats.mapping_cases += 1;
        if let Some(&target_type) = by_pointer.get(target) {
            if target_type != owner_type {
                cases.push(Case {
                    target: target_type,
                    kind: format!("mapping {tag} → {target} (decoded as the target type)"),
                    instance,
                });
                stats.mapping_cases += 1;
            }
        }
    }
    let binary = target_dir(root)
        .join("debug")
        .join(format!("conformance-harness-{}", unit.name));
    let answers = run_harness(&binary, &cases)?;
    for (case, answer) in cases.iter().zip(answers) {
        let t = &unit.targets[case.target];
        let failure = |cause: String, detail: Value| Failure {
            spec: unit.label.clone(),
            pointer: t.pointer.clone(),
            rust_type: t.rust_type.clone(),
            kind: case.kind.clone(),
            instance: case.instance.clone(),
            cause,
            detail,
        };
        let failures: Vec<Failure> = match answer {
            Answer::Encoded(text) => match serde_json::from_str::<Value>(&text) {
                Ok(encoded) => {
                    let diffs = compare::differences(&case.instance, &encoded);
                    let causes: BTreeSet<&str> = diffs.iter().map(|d| d.cause).collect();
                    causes
                        .into_iter()
                        .map(|cause| {
                            let detail: Vec<Value> = diffs
                                .iter()
                                .filter(|d| d.cause == cause)
                                .map(|d| json!({"path": d.path, "change": d.detail}))
                                .collect();
                            failure(
                                cause.to_string(),
                                json!({"encoded": encoded, "differences": detail}),
                            )
                        })
                        .collect()
                }
                Err(e) => vec![failure(
                    "encoded text is not JSON".into(),
                    json!({"encoded": text, "error": e.to_string()}),
                )],
            },
            Answer::Error(message) => vec![failure(
                compare::error_cause(&message),
                json!({"error": message}),
            )],
            Answer::Panic(message) => vec![failure(
                format!("panic: {}", compare::error_cause(&message)),
                json!({"panic": message}),
            )],
            Answer::Crash(message) => vec![failure(message.clone(), json!({"crash": message}))],
        };
        let mapping = case.kind.starts_with("mapping");
        match (failures.is_empty(), mapping) {
            (true, false) => stats.instances_passed += 1,
            (true, true) => stats.mapping_passed += 1,
            (false, false) => stats.instances_failed += 1,
            (false, true) => stats.mapping_failed += 1,
        }
        report.failures.extend(failures);
    }
    println!("    {}", stats.line());
    report.specs.push(stats);
    Ok(())
}

/// Feeds every case to the harness; restarts it after a crash (marking the case that was
/// running) or after a case that takes longer than [`CASE_TIMEOUT`].
fn run_harness(binary: &Path, cases: &[Case]) -> Result<Vec<Answer>, String> {
    let mut answers: Vec<Answer> = Vec::with_capacity(cases.len());
    while answers.len() < cases.len() {
        let start = answers.len();
        let mut input = String::new();
        for (i, case) in cases.iter().enumerate().skip(start) {
            input.push_str(&format!("{i}\t{}\t{}\n", case.target, case.instance));
        }
        let mut child = Command::new(binary)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{}: {e}", binary.display()))?;
        let mut stdin = child.stdin.take().expect("piped");
        let writer = std::thread::spawn(move || {
            // A crash closes the pipe early; the rest is resent to the next process.
            let _ = stdin.write_all(input.as_bytes());
        });
        let stderr = child.stderr.take().expect("piped");
        let errors = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut text);
            text
        });
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("piped");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut hung = false;
        loop {
            match rx.recv_timeout(CASE_TIMEOUT) {
                Ok(line) => {
                    let mut parts = line.splitn(3, '\t');
                    let (Some(case), Some(status), Some(rest)) =
                        (parts.next(), parts.next(), parts.next())
                    else {
                        return Err(format!("the harness wrote a malformed line: {line}"));
                    };
                    if case.parse::<usize>().ok() != Some(answers.len()) {
                        return Err(format!("the harness answered out of order: {line}"));
                    }
                    let text = || {
                        serde_json::from_str::<String>(rest).unwrap_or_else(|_| rest.to_string())
                    };
                    answers.push(match status {
                        "ok" => Answer::Encoded(rest.to_string()),
                        "err" => Answer::Error(text()),
                        "panic" => Answer::Panic(text()),
                        other => return Err(format!("unknown harness status `{other}`")),
                    });
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    hung = true;
                    let _ = child.kill();
                    break;
                }
            }
        }
        let status = child
            .wait()
            .map_err(|e| format!("{}: {e}", binary.display()))?;
        let _ = writer.join();
        let stderr = errors.join().unwrap_or_default();
        if answers.len() < cases.len() {
            let cause = if hung {
                format!("hang: no answer within {CASE_TIMEOUT:?}")
            } else if stderr.contains("has overflowed its stack") {
                "crash: stack overflow".to_string()
            } else {
                format!(
                    "crash: {status}: {}",
                    stderr.lines().last().unwrap_or_default()
                )
            };
            answers.push(Answer::Crash(cause));
        }
    }
    Ok(answers)
}

/// Counts for one spec.
#[derive(Default)]
struct SpecStats {
    label: String,
    targets: usize,
    not_generated: usize,
    oracle_errors: usize,
    instances: usize,
    instances_passed: usize,
    instances_failed: usize,
    mapping_tags: usize,
    mapping_not_generated: usize,
    mapping_cases: usize,
    mapping_passed: usize,
    mapping_failed: usize,
}

impl SpecStats {
    fn line(&self) -> String {
        format!(
            "{}: {} schemas with a Rust type ({} component schemas have none: no selected operation reaches them), \
             {} instances: {} pass, {} fail; discriminator tags: {} ({} of a schema with no Rust type), \
             {} decodes: {} pass, {} fail; oracle could not generate: {}",
            self.label,
            self.targets,
            self.not_generated,
            self.instances,
            self.instances_passed,
            self.instances_failed,
            self.mapping_tags,
            self.mapping_not_generated,
            self.mapping_cases,
            self.mapping_passed,
            self.mapping_failed,
            self.oracle_errors
        )
    }

    fn json(&self) -> Value {
        json!({
            "spec": self.label,
            "targets": self.targets,
            "componentSchemasWithoutType": self.not_generated,
            "instances": self.instances,
            "instancesPassed": self.instances_passed,
            "instancesFailed": self.instances_failed,
            "mappingTags": self.mapping_tags,
            "mappingTagsWithoutType": self.mapping_not_generated,
            "mappingDecodes": self.mapping_cases,
            "mappingPassed": self.mapping_passed,
            "mappingFailed": self.mapping_failed,
            "oracleErrors": self.oracle_errors,
        })
    }
}

/// One failed case under one cause (a case with several causes is listed under each).
struct Failure {
    spec: String,
    pointer: String,
    rust_type: String,
    kind: String,
    instance: Value,
    cause: String,
    detail: Value,
}

impl Failure {
    fn json(&self) -> Value {
        json!({
            "spec": self.spec,
            "pointer": self.pointer,
            "rustType": self.rust_type,
            "case": self.kind,
            "cause": self.cause,
            "instance": self.instance,
            "detail": self.detail,
        })
    }
}

#[derive(Default)]
struct Report {
    specs: Vec<SpecStats>,
    failures: Vec<Failure>,
    oracle_errors: Vec<Value>,
}

impl Report {
    /// Failed cases (each counted once) plus targets the oracle could not generate for.
    fn failed(&self) -> usize {
        self.specs
            .iter()
            .map(|s| s.instances_failed + s.mapping_failed + s.oracle_errors)
            .sum()
    }

    fn passed(&self) -> usize {
        self.specs
            .iter()
            .map(|s| s.instances_passed + s.mapping_passed)
            .sum()
    }

    fn by_cause(&self) -> BTreeMap<&str, Vec<&Failure>> {
        let mut out: BTreeMap<&str, Vec<&Failure>> = BTreeMap::new();
        for f in &self.failures {
            out.entry(f.cause.as_str()).or_default().push(f);
        }
        out
    }

    fn json(&self) -> Value {
        let causes: Vec<Value> = self
            .by_cause()
            .into_iter()
            .map(|(cause, list)| {
                let schemas: BTreeSet<(&str, &str)> = list
                    .iter()
                    .map(|f| (f.spec.as_str(), f.pointer.as_str()))
                    .collect();
                json!({
                    "cause": cause,
                    "cases": list.len(),
                    "schemas": schemas.len(),
                    "failures": list.iter().map(|f| f.json()).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "specs": self.specs.iter().map(SpecStats::json).collect::<Vec<_>>(),
            "causes": causes,
            "oracleErrors": self.oracle_errors,
        })
    }

    fn print(&self, path: &Path) {
        let by_cause = self.by_cause();
        if !by_cause.is_empty() {
            step("failures by cause (a case can have several causes)");
        }
        let mut ranked: Vec<(&&str, &Vec<&Failure>)> = by_cause.iter().collect();
        ranked.sort_by_key(|(cause, list)| (std::cmp::Reverse(list.len()), **cause));
        for (cause, list) in ranked {
            let schemas: BTreeSet<(&str, &str)> = list
                .iter()
                .map(|f| (f.spec.as_str(), f.pointer.as_str()))
                .collect();
            println!(
                "\n  {cause}: {} cases, {} schemas",
                list.len(),
                schemas.len()
            );
            let mut shown = BTreeSet::new();
            for f in list
                .iter()
                .filter(|f| shown.insert(f.pointer.as_str()))
                .take(2)
            {
                println!(
                    "    {} ({}) — {}: {}",
                    f.pointer, f.spec, f.rust_type, f.kind
                );
                println!("      instance: {}", clip(&f.instance.to_string(), 400));
                println!("      {}", clip(&f.detail_summary(), 400));
            }
        }
        if !self.oracle_errors.is_empty() {
            step("schemas the oracle could not generate instances for");
            for e in self.oracle_errors.iter().take(20) {
                println!("    {e}");
            }
            if self.oracle_errors.len() > 20 {
                println!(
                    "    … and {} more (see the report)",
                    self.oracle_errors.len() - 20
                );
            }
        }
        step("summary");
        for s in &self.specs {
            println!("    {}", s.line());
        }
        println!("    every failure: {}", path.display());
        println!(
            "conformance: {} passed, {} failed",
            self.passed(),
            self.failed()
        );
    }
}

impl Failure {
    fn detail_summary(&self) -> String {
        match self.detail.get("differences") {
            Some(Value::Array(diffs)) => diffs
                .iter()
                .map(|d| {
                    format!(
                        "{}: {}",
                        d["path"].as_str().unwrap_or_default(),
                        d["change"].as_str().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            _ => self
                .detail
                .as_object()
                .and_then(|o| o.values().next())
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
                .unwrap_or_default(),
        }
    }
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

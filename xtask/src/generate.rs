//! `cargo xtask generate`: spec → crate, or a drift check of the committed crate.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use atlas_codegen::{Document, EmitOptions, Selection};

pub struct Args {
    pub check: bool,
    pub spec: PathBuf,
    pub out: PathBuf,
    pub crate_name: String,
    pub selection: Selection,
    pub split_by_tag: bool,
    /// Force an empty `[workspace]` table even inside the repo.
    pub standalone: bool,
    pub verbose: bool,
}

/// The repository root (the parent of this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repo")
        .to_path_buf()
}

fn parse(args: &[String]) -> Result<Args, String> {
    let root = repo_root();
    let mut parsed = Args {
        check: false,
        spec: root.join("spec/atlas-admin-fragment.yaml"),
        out: root.join("generated"),
        crate_name: "atlas-admin-client".to_string(),
        selection: Selection::default(),
        split_by_tag: false,
        standalone: false,
        verbose: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let list = |v: String| -> BTreeSet<String> {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--spec" => parsed.spec = PathBuf::from(value("--spec")?),
            "--out" => parsed.out = PathBuf::from(value("--out")?),
            "--crate-name" => parsed.crate_name = value("--crate-name")?,
            "--only" => parsed.selection.only = Some(list(value("--only")?)),
            "--tag" => parsed.selection.tags = Some(list(value("--tag")?)),
            "--split-by-tag" => parsed.split_by_tag = true,
            "--standalone" => parsed.standalone = true,
            "--verbose" | "-v" => parsed.verbose = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let args = parse(args)?;
    check_crate_name(&args.crate_name)?;
    let started = Instant::now();
    let root = repo_root();
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let out = args
        .out
        .canonicalize()
        .map_err(|e| format!("{}: {e}", args.out.display()))?;
    // Inside the repo (but not under target/) the crate is a workspace member or a path
    // dependency of one; anywhere else it gets its own empty `[workspace]` table.
    let inside_workspace = out.starts_with(&root) && !out.starts_with(root.join("target"));
    let options = EmitOptions {
        crate_name: args.crate_name.clone(),
        crate_version: "0.1.0".to_string(),
        runtime_path: relative(&out, &root.join("runtime")),
        origin: display_origin(&args.spec, &root),
        split_by_tag: args.split_by_tag,
        standalone: args.standalone || !inside_workspace,
    };
    let doc = Document::from_path(&args.spec).map_err(|e| e.to_string())?;
    let generated = atlas_codegen::generate(&doc, &args.selection, &options)
        .map_err(|e| format!("{}: {e}", args.spec.display()))?;
    for d in generated
        .diagnostics
        .iter()
        .take(if args.verbose { usize::MAX } else { 20 })
    {
        eprintln!("warning: {d}");
    }
    if generated.diagnostics.len() > 20 && !args.verbose {
        eprintln!(
            "warning: … and {} more (--verbose lists all)",
            generated.diagnostics.len() - 20
        );
    }

    // The generator owns every file under src/: anything else there is stale.
    let produced: BTreeSet<PathBuf> = generated.files.keys().map(|p| out.join(p)).collect();
    let existing: BTreeSet<PathBuf> = walk(&out.join("src")).into_iter().collect();
    let extra: Vec<&PathBuf> = existing.difference(&produced).collect();

    if args.check {
        let mut stale = Vec::new();
        for (path, contents) in &generated.files {
            match std::fs::read_to_string(out.join(path)) {
                Ok(current) if current == *contents => {}
                Ok(_) => stale.push(format!("stale: {}", out.join(path).display())),
                Err(_) => stale.push(format!("missing: {}", out.join(path).display())),
            }
        }
        stale.extend(
            extra
                .iter()
                .map(|p| format!("not generated (remove it): {}", p.display())),
        );
        if stale.is_empty() {
            println!(
                "up to date: {} files in {} match {}",
                generated.files.len(),
                out.display(),
                options.origin
            );
            return Ok(ExitCode::SUCCESS);
        }
        for line in &stale {
            eprintln!("{line}");
        }
        eprintln!("generated code is out of date: run `cargo xtask generate`");
        return Ok(ExitCode::FAILURE);
    }

    let mut written = 0;
    for (path, contents) in &generated.files {
        let target = out.join(path);
        if std::fs::read_to_string(&target).ok().as_deref() == Some(contents.as_str()) {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&target, contents).map_err(|e| format!("{}: {e}", target.display()))?;
        written += 1;
    }
    for path in extra {
        std::fs::remove_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("removed {}", path.display());
    }
    println!(
        "{} operations, {} types, {} lines of Rust, {} files ({} written) in {} — {:.2?}",
        generated.operations,
        generated.types,
        generated.rust_lines(),
        generated.files.len(),
        written,
        out.display(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

/// Cargo's rules for a package name, checked before anything is written.
fn check_crate_name(name: &str) -> Result<(), String> {
    let valid = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter"
        ))
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The spec path as shown in generated headers: repo-relative when inside the repo, else the
/// file name only (an absolute path would make the output depend on the checkout location).
pub(crate) fn display_origin(spec: &Path, root: &Path) -> String {
    let spec = spec.canonicalize().unwrap_or_else(|_| spec.to_path_buf());
    match spec.strip_prefix(root) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// `to` relative to `from` (both absolute), with `/` separators.
pub(crate) fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

//! Other generators' crates for `cargo xtask bench --compile --peers`: each is generated from
//! the same spec with its published generator (which must be installed: see README's
//! Benchmarks section for the pinned versions) and compiled in the same rounds as ours.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Peer {
    pub name: &'static str,
    generate: fn(&Path, &Path) -> Result<Prepared, String>,
}

/// A generated peer crate, ready to compile.
pub struct Prepared {
    pub dir: PathBuf,
    pub package: String,
    /// Extra cargo arguments (feature selection).
    pub features: Vec<String>,
    pub version: String,
    /// The commands that made the crate, as run.
    pub command: String,
}

impl Peer {
    /// Generates this peer's crate from `spec` under `dir`, or says why it cannot.
    pub fn prepare(&self, spec: &Path, dir: &Path) -> Result<Prepared, String> {
        (self.generate)(spec, dir)
    }
}

pub fn all() -> [Peer; 2] {
    [
        Peer {
            name: "progenitor",
            generate: progenitor,
        },
        Peer {
            name: "openapi-generator",
            generate: openapi_generator,
        },
    ]
}

fn run(program: &str, args: &[&str]) -> Result<String, String> {
    let output = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let tail: Vec<&str> = stderr.lines().chain(stdout.lines()).collect();
        let tail = tail[tail.len().saturating_sub(8)..].join("\n");
        Err(format!("`{program} {}` failed:\n{tail}", args.join(" ")))
    }
}

/// A generated crate sits under this repo's `target/`: an empty `[workspace]` table keeps
/// cargo from taking it for a member of the repo's workspace.
fn make_standalone(manifest: &Path) -> Result<(), String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    if !text.lines().any(|l| l.trim() == "[workspace]") {
        std::fs::write(manifest, format!("{text}\n[workspace]\n"))
            .map_err(|e| format!("{}: {e}", manifest.display()))?;
    }
    Ok(())
}

fn path_str(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// openapi-generator's `rust` generator (reqwest library, the default), from the PyPI package
/// `openapi-generator-cli`, which bundles the jar (needs a Java runtime).
fn openapi_generator(spec: &Path, dir: &Path) -> Result<Prepared, String> {
    let version = run("openapi-generator-cli", &["version"])
        .map_err(|e| format!("{e}\n(install: pip install openapi-generator-cli==7.26.0)"))?;
    let out = dir.join("openapi-generator");
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let args = [
        "generate",
        "-g",
        "rust",
        "-i",
        &path_str(spec),
        "-o",
        &path_str(&out),
        "--package-name",
        "oag-atlas",
    ]
    .map(|s| s.to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run("openapi-generator-cli", &args)?;
    make_standalone(&out.join("Cargo.toml"))?;
    Ok(Prepared {
        dir: out,
        package: "oag-atlas".to_string(),
        features: Vec::new(),
        version: format!("openapi-generator-cli {version}"),
        command: format!("openapi-generator-cli {}", args.join(" ")),
    })
}

/// Oxide's progenitor through its CLI (`cargo install cargo-progenitor --version 0.15.1`).
fn progenitor(spec: &Path, dir: &Path) -> Result<Prepared, String> {
    let version = run("cargo-progenitor", &["--version"])
        .map_err(|e| format!("{e}\n(install: cargo install --locked cargo-progenitor@0.15.1)"))?;
    let out = dir.join("progenitor");
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let args = [
        "progenitor",
        "-i",
        &path_str(spec),
        "-o",
        &path_str(&out),
        "-n",
        "progenitor-atlas",
        "-v",
        "0.1.0",
    ]
    .map(|s| s.to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run("cargo-progenitor", &args)?;
    make_standalone(&out.join("Cargo.toml"))?;
    Ok(Prepared {
        dir: out,
        package: "progenitor-atlas".to_string(),
        features: Vec::new(),
        version,
        command: format!("cargo {}", args.join(" ")),
    })
}

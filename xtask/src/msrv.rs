//! `cargo xtask msrv`: the toolchain floor the workspace declares is the one its locked
//! dependencies need.
//!
//! Reads `cargo metadata --locked` (every package of `Cargo.lock`, all platforms, normal, build
//! and dev dependencies) and compares the highest `rust-version` a dependency declares with the
//! workspace's `rust-version`. Fails when a dependency needs a newer toolchain than declared (an
//! update raised the floor: raise `rust-version`, the README and the generated manifests, or
//! keep the older dependency), and when a generated crate or the README states another floor.
//! A declared floor above what the dependencies need is allowed (our own code may need it;
//! clippy's `incompatible_msrv` lint checks the standard library APIs we call against it).

use std::process::{Command, ExitCode};

use serde_json::Value;

use xtask::repo_root;

/// `1.88`, `1.85.0` → comparable triples.
fn parse_version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.trim().split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().unwrap_or(Some(0))?;
    let patch = parts.next().unwrap_or(Some(0))?;
    Some((major, minor, patch))
}

pub fn run() -> Result<ExitCode, String> {
    let root = repo_root();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(&root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata printed invalid JSON: {e}"))?;
    let read =
        |path: &str| std::fs::read_to_string(root.join(path)).map_err(|e| format!("{path}: {e}"));
    let report = check(
        &metadata,
        &read("generated/Cargo.toml")?,
        &read("README.md")?,
    )?;
    if report.failures.is_empty() {
        println!("{}", report.summary);
        Ok(ExitCode::SUCCESS)
    } else {
        for failure in report.failures {
            eprintln!("error: {failure}");
        }
        Ok(ExitCode::FAILURE)
    }
}

struct Report {
    summary: String,
    failures: Vec<String>,
}

/// The comparison itself, on `cargo metadata` output and the texts that state the floor.
fn check(metadata: &Value, generated_manifest: &str, readme: &str) -> Result<Report, String> {
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .map(|m| m.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let packages = metadata["packages"].as_array().ok_or("no packages")?;

    let mut declared: Option<((u64, u64, u64), String, String)> = None;
    let mut needed: Vec<((u64, u64, u64), String)> = Vec::new();
    for package in packages {
        let name = package["name"].as_str().unwrap_or("?");
        let version = package["version"].as_str().unwrap_or("?");
        let Some(rust_version) = package["rust_version"].as_str() else {
            continue;
        };
        let parsed = parse_version(rust_version)
            .ok_or_else(|| format!("{name} {version}: unreadable rust-version `{rust_version}`"))?;
        if members.contains(&package["id"].as_str().unwrap_or("")) {
            match &declared {
                None => declared = Some((parsed, rust_version.to_string(), name.to_string())),
                Some((floor, _, first)) if *floor != parsed => {
                    return Err(format!(
                        "workspace members disagree on rust-version: {first} and {name} ({rust_version})"
                    ))
                }
                Some(_) => {}
            }
        } else {
            needed.push((
                parsed,
                format!("{name} {version} (rust-version {rust_version})"),
            ));
        }
    }
    let (floor, floor_text, _) = declared
        .ok_or("no workspace member declares rust-version (set it in [workspace.package])")?;
    needed.sort();
    let highest = needed.last().map(|(v, _)| *v).unwrap_or((0, 0, 0));
    let mut failures = Vec::new();
    if highest > floor {
        let raising: Vec<&str> = needed
            .iter()
            .filter(|(v, _)| *v > floor)
            .map(|(_, p)| p.as_str())
            .collect();
        failures.push(format!(
            "the workspace declares rust-version {floor_text}, but these locked dependencies need more:\n  {}",
            raising.join("\n  ")
        ));
    }
    // What the repo tells users must say the same.
    if !generated_manifest.contains(&format!("rust-version = \"{floor_text}\"")) {
        failures.push(format!(
            "generated/Cargo.toml does not declare rust-version = \"{floor_text}\" (the generator's manifest template does not match the workspace)"
        ));
    }
    if !readme.contains(&format!("Rust {floor_text} or newer")) {
        failures.push(format!(
            "README.md does not say `Rust {floor_text} or newer`"
        ));
    }
    Ok(Report {
        summary: format!(
            "rust-version {floor_text}: the {} locked dependencies that declare one need at most {}.{}",
            needed.len(),
            highest.0,
            highest.1
        ),
        failures,
    })
}

#[cfg(test)]
mod tests {
    use super::{check, parse_version};
    use serde_json::json;

    fn metadata(dependency_floor: &str) -> serde_json::Value {
        json!({
            "workspace_members": ["path+file:///repo/runtime#0.1.0"],
            "packages": [
                {"id": "path+file:///repo/runtime#0.1.0", "name": "atlas-admin-runtime", "version": "0.1.0", "rust_version": "1.88"},
                {"id": "registry+x#url@2.5.0", "name": "url", "version": "2.5.0", "rust_version": "1.63"},
                {"id": "registry+x#icu@2.4.0", "name": "icu_normalizer", "version": "2.4.0", "rust_version": dependency_floor},
                {"id": "registry+x#old@1.0.0", "name": "old", "version": "1.0.0", "rust_version": null}
            ]
        })
    }

    const MANIFEST: &str = "rust-version = \"1.88\"\n";
    const README: &str = "the Rust toolchain (Rust 1.88 or newer)";

    #[test]
    fn passes_when_the_declared_floor_covers_every_dependency() {
        let report = check(&metadata("1.88"), MANIFEST, README).unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        assert!(
            report.summary.contains("need at most 1.88"),
            "{}",
            report.summary
        );
    }

    #[test]
    fn fails_when_a_dependency_raises_the_floor() {
        let report = check(&metadata("1.90.1"), MANIFEST, README).unwrap();
        assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
        assert!(report.failures[0].contains("icu_normalizer 2.4.0 (rust-version 1.90.1)"));
        assert!(!report.failures[0].contains("url"));
    }

    #[test]
    fn fails_when_the_generated_manifest_or_readme_states_another_floor() {
        let report = check(
            &metadata("1.88"),
            "rust-version = \"1.85\"\n",
            "Rust 1.85 or newer",
        )
        .unwrap();
        assert_eq!(report.failures.len(), 2, "{:?}", report.failures);
    }

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(parse_version("1.88"), Some((1, 88, 0)));
        assert_eq!(parse_version("1.85.0"), Some((1, 85, 0)));
        assert!(parse_version("1.9").unwrap() < parse_version("1.10").unwrap());
        assert_eq!(parse_version("1.x"), None);
    }
}

//! Writing a generated crate into a directory, or checking that the directory holds exactly
//! what the generator would write.
//!
//! The generator owns two things in its output directory: `Cargo.toml` and everything under
//! `src/`. Anything else there (`examples/`, `tests/`, a README, `Cargo.lock`, `target/`)
//! belongs to the user and is never touched.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Write changed files, delete files under `src/` the generator no longer makes.
    #[default]
    Write,
    /// Write nothing (not even the directory) and report every difference.
    Check,
}

/// One difference between a directory and what the generator would write there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The file exists with other contents.
    Stale(PathBuf),
    /// The file does not exist.
    Missing(PathBuf),
    /// A file under `src/` that the generator does not make.
    Extra(PathBuf),
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::Stale(p) => write!(f, "stale: {}", p.display()),
            Drift::Missing(p) => write!(f, "missing: {}", p.display()),
            Drift::Extra(p) => write!(f, "not generated (remove it): {}", p.display()),
        }
    }
}

/// What [`write_or_check`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// [`Mode::Write`]: how many files were (re)written, and which were removed.
    Written {
        written: usize,
        removed: Vec<PathBuf>,
    },
    /// [`Mode::Check`]: every difference; empty when the directory is up to date.
    Checked(Vec<Drift>),
}

/// Why the directory was not written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `files` (paths relative to `out` → contents) into `out`, or checks them.
///
/// [`Mode::Write`] creates `out` if needed, rewrites only files whose contents differ, and
/// deletes files under `src/` that are not in `files`. [`Mode::Check`] writes nothing and
/// creates nothing; a missing directory reports every file as missing.
///
/// # Errors
/// An I/O error naming the path.
pub fn write_or_check(
    files: &BTreeMap<String, String>,
    out: &Path,
    mode: Mode,
) -> Result<Report, OutputError> {
    let existing: Vec<PathBuf> = walk(&out.join("src"))?;
    let extra: Vec<PathBuf> = existing
        .iter()
        .filter(|path| {
            path.strip_prefix(out)
                .ok()
                .map(|rel| !files.contains_key(&slash_path(rel)))
                .unwrap_or(true)
        })
        .cloned()
        .collect();

    if mode == Mode::Check {
        let mut drift = Vec::new();
        for (path, contents) in files {
            let target = out.join(path);
            match std::fs::read(&target) {
                Ok(current) if current == contents.as_bytes() => {}
                Ok(_) => drift.push(Drift::Stale(target)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    drift.push(Drift::Missing(target))
                }
                Err(e) => return Err(io(&target)(e)),
            }
        }
        drift.extend(extra.into_iter().map(Drift::Extra));
        return Ok(Report::Checked(drift));
    }

    let mut written = 0;
    for (path, contents) in files {
        let target = out.join(path);
        if std::fs::read(&target).ok().as_deref() == Some(contents.as_bytes()) {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&target, contents).map_err(io(&target))?;
        written += 1;
    }
    for path in &extra {
        std::fs::remove_file(path).map_err(io(path))?;
    }
    Ok(Report::Written {
        written,
        removed: extra,
    })
}

/// Every file under `dir` (none when it does not exist), sorted.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io(dir)(e)),
    };
    for entry in entries {
        let path = entry.map_err(io(dir))?.path();
        if path.is_dir() {
            out.extend(walk(&path)?);
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// A relative path with `/` separators (the keys of a generated file map).
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` made absolute without requiring it to exist: the longest existing ancestor is
/// canonicalised (resolving symlinks), the rest appended with `.` and `..` resolved.
///
/// # Errors
/// When the current directory cannot be read.
pub fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    other => out.push(other.as_os_str()),
                }
            }
            return Ok(out);
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return Ok(path.clone()),
        }
    }
}

/// `to` relative to `from` (both absolute), with `/` separators.
pub fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    }

    const MANIFEST: &str = "# @generated by atlas-codegen from x.yaml.\n[package]\n";
    const LIB: &str = "// @generated by atlas-codegen from x.yaml.\npub mod models;\n";

    #[test]
    fn check_mode_creates_nothing_and_reports_everything() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/crate");
        let report = write_or_check(
            &files(&[("Cargo.toml", MANIFEST), ("src/lib.rs", LIB)]),
            &out,
            Mode::Check,
        )
        .unwrap();
        assert_eq!(
            report,
            Report::Checked(vec![
                Drift::Missing(out.join("Cargo.toml")),
                Drift::Missing(out.join("src/lib.rs")),
            ])
        );
        assert!(!dir.path().join("new").exists());
    }

    #[test]
    fn write_then_check_then_drift() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("crate");
        let generated = files(&[("Cargo.toml", MANIFEST), ("src/lib.rs", LIB)]);
        let first = write_or_check(&generated, &out, Mode::Write).unwrap();
        assert_eq!(
            first,
            Report::Written {
                written: 2,
                removed: vec![]
            }
        );
        let again = write_or_check(&generated, &out, Mode::Write).unwrap();
        assert_eq!(
            again,
            Report::Written {
                written: 0,
                removed: vec![]
            }
        );
        assert_eq!(
            write_or_check(&generated, &out, Mode::Check).unwrap(),
            Report::Checked(vec![])
        );
        // A stale file, and an old generated module the generator no longer makes.
        std::fs::write(out.join("src/lib.rs"), format!("{LIB}// edited\n")).unwrap();
        std::fs::write(out.join("src/old.rs"), LIB).unwrap();
        assert_eq!(
            write_or_check(&generated, &out, Mode::Check).unwrap(),
            Report::Checked(vec![
                Drift::Stale(out.join("src/lib.rs")),
                Drift::Extra(out.join("src/old.rs")),
            ])
        );
        let rewritten = write_or_check(&generated, &out, Mode::Write).unwrap();
        assert_eq!(
            rewritten,
            Report::Written {
                written: 1,
                removed: vec![out.join("src/old.rs")]
            }
        );
        assert_eq!(
            std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
            LIB
        );
    }

    #[test]
    fn paths() {
        assert_eq!(
            relative(Path::new("/a/b/c"), Path::new("/a/runtime")),
            "../../runtime"
        );
        assert_eq!(relative(Path::new("/a"), Path::new("/a")), ".");
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        assert_eq!(
            absolute(&base.join("x/../y/./z")).unwrap(),
            base.join("y/z")
        );
    }
}

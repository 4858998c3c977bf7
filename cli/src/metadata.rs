//! Package metadata of a generated crate: its name, version and license, and where its
//! `atlas-admin-runtime` dependency comes from.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use atlas_codegen::{GitReference, RuntimeSource};
use serde_json::Value;

use crate::{output, Failure, RUNTIME_VERSION};

/// A crate name from a spec's `info.title`: its ASCII letters and digits, lower-cased, words
/// joined by `-` (`MongoDB Atlas Administration API` → `mongodb-atlas-administration-api`,
/// `Swagger Petstore - OpenAPI 3.0` → `swagger-petstore-openapi-3-0`). A title starting with a
/// digit gets an `api-` prefix; the name is cut at a word boundary to crates.io's 64
/// characters. `None` when the title has no ASCII letter or digit.
pub fn crate_name_from_title(title: &str) -> Option<String> {
    let mut name = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        let extra = usize::from(!name.is_empty()) + word.len();
        if !name.is_empty() && name.len() + extra > 64 {
            break;
        }
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(&word);
    }
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "api-");
    }
    name.truncate(64);
    Some(name.trim_end_matches('-').to_string())
}

/// Cargo's rules for a package name: ASCII letters, digits, `-` and `_`, starting with a
/// letter, at most 64 characters (crates.io's limit).
///
/// # Errors
/// The message names the rule the name breaks.
pub fn check_crate_name(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic());
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter (at most 64 characters)"
        ))
    }
}

/// A package version must be a semver version (`0.1.0`, `1.2.3-beta.1`).
///
/// # Errors
/// The message quotes the version and semver's reason.
pub fn check_crate_version(version: &str) -> Result<(), String> {
    semver::Version::parse(version)
        .map(|_| ())
        .map_err(|e| format!("`{version}` is not a semver version (like 0.1.0): {e}"))
}

/// The `license` of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum License {
    /// From the spec: `info.license.identifier` (OpenAPI 3.1) or `info.license.name` when it
    /// is (or canonicalises to) an SPDX expression; none otherwise, with a warning.
    #[default]
    FromSpec,
    /// No `license` field.
    None,
    /// This SPDX expression.
    Spdx(String),
}

impl FromStr for License {
    type Err = String;

    /// `none`, or an SPDX license expression (`MIT OR Apache-2.0`).
    fn from_str(text: &str) -> Result<Self, String> {
        if text == "none" {
            return Ok(License::None);
        }
        spdx::Expression::parse(text).map_err(|e| {
            format!("`{text}` is not an SPDX license expression (like `MIT OR Apache-2.0`), nor `none`: {e}")
        })?;
        Ok(License::Spdx(text.to_string()))
    }
}

/// The SPDX expression of `info.license`, and a warning when there is a license that is not
/// one (then the crate gets no `license` field rather than a wrong one).
pub(crate) fn license_from_info(info: Option<&Value>) -> (Option<String>, Option<String>) {
    let Some(license) = info.and_then(|i| i.get("license")) else {
        return (None, None);
    };
    let field = |key: &str| license.get(key).and_then(Value::as_str).map(str::trim);
    let (pointer, text) = match (field("identifier"), field("name")) {
        (Some(id), _) if !id.is_empty() => ("#/info/license/identifier", id),
        (_, Some(name)) if !name.is_empty() => ("#/info/license/name", name),
        _ => return (None, None),
    };
    if spdx::Expression::parse(text).is_ok() {
        return (Some(text.to_string()), None);
    }
    if let Ok(Some(canonical)) = spdx::Expression::canonicalize(text) {
        if spdx::Expression::parse(&canonical).is_ok() {
            return (Some(canonical), None);
        }
    }
    (
        None,
        Some(format!(
            "{pointer}: `{text}` is not an SPDX license expression, so the generated Cargo.toml has no `license` field (pass --license to set one)"
        )),
    )
}

/// Where a generated crate gets `atlas-admin-runtime` (the `--runtime` option).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// From crates.io, with this version requirement (`0.1.0`, `=0.1.2`, `^0.1`).
    Version(String),
    /// From a directory (relative to the current directory, or absolute); the manifest gets
    /// the path relative to the generated crate, and [`RUNTIME_VERSION`] next to it.
    Path(PathBuf),
    /// From a git repository, at a branch, tag or revision; [`RUNTIME_VERSION`] next to it.
    Git {
        url: String,
        reference: Option<GitReference>,
    },
}

impl Default for Runtime {
    /// crates.io, the version this generator writes code for.
    fn default() -> Self {
        Runtime::Version(RUNTIME_VERSION.to_string())
    }
}

impl FromStr for Runtime {
    type Err = String;

    /// `VERSION` (a semver requirement), `path:DIR`, or `git:URL` with an optional
    /// `#branch=NAME`, `#tag=NAME` or `#rev=REV` (a bare `#REV` is a revision).
    fn from_str(text: &str) -> Result<Self, String> {
        if let Some(path) = text.strip_prefix("path:") {
            if path.is_empty() {
                return Err("`path:` needs a directory, e.g. path:../runtime".to_string());
            }
            return Ok(Runtime::Path(PathBuf::from(path)));
        }
        if let Some(rest) = text.strip_prefix("git:") {
            let (url, reference) = match rest.rsplit_once('#') {
                None => (rest, None),
                Some((url, fragment)) => {
                    let reference = if let Some(b) = fragment.strip_prefix("branch=") {
                        GitReference::Branch(b.to_string())
                    } else if let Some(t) = fragment.strip_prefix("tag=") {
                        GitReference::Tag(t.to_string())
                    } else {
                        GitReference::Rev(
                            fragment
                                .strip_prefix("rev=")
                                .unwrap_or(fragment)
                                .to_string(),
                        )
                    };
                    (url, Some(reference))
                }
            };
            if url.is_empty() {
                return Err("`git:` needs a repository URL, e.g. git:https://example.com/atlas-codegen.git#tag=v0.1.0".to_string());
            }
            return Ok(Runtime::Git {
                url: url.to_string(),
                reference,
            });
        }
        semver::VersionReq::parse(text).map_err(|e| {
            format!("`{text}` is neither a version requirement (0.1.0), path:DIR nor git:URL[#tag=…]: {e}")
        })?;
        Ok(Runtime::Version(text.to_string()))
    }
}

impl Runtime {
    /// The version requirement written into the manifest.
    pub fn version(&self) -> &str {
        match self {
            Runtime::Version(v) => v,
            Runtime::Path(_) | Runtime::Git { .. } => RUNTIME_VERSION,
        }
    }

    /// The source for a crate generated into `out` (absolute).
    pub(crate) fn source(&self, out: &Path) -> Result<RuntimeSource, Failure> {
        Ok(match self {
            Runtime::Version(_) => RuntimeSource::Registry,
            Runtime::Path(dir) => {
                let dir = output::absolute(dir).map_err(|e| {
                    Failure::Usage(format!("--runtime path:{}: {e}", dir.display()))
                })?;
                if !dir.join("Cargo.toml").is_file() {
                    return Err(Failure::Usage(format!(
                        "--runtime path:{}: no Cargo.toml there (give the directory of the atlas-admin-runtime crate)",
                        dir.display()
                    )));
                }
                RuntimeSource::Path(output::relative(out, &dir))
            }
            Runtime::Git { url, reference } => RuntimeSource::Git {
                url: url.clone(),
                reference: reference.clone(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn crate_names_from_titles() {
        let cases = [
            (
                "MongoDB Atlas Administration API",
                Some("mongodb-atlas-administration-api"),
            ),
            (
                "Swagger Petstore - OpenAPI 3.0",
                Some("swagger-petstore-openapi-3-0"),
            ),
            (
                "  oneOf without discriminator fixture ",
                Some("oneof-without-discriminator-fixture"),
            ),
            ("3D printing", Some("api-3d-printing")),
            ("Café API", Some("caf-api")),
            ("—", None),
        ];
        for (title, expected) in cases {
            assert_eq!(crate_name_from_title(title).as_deref(), expected, "{title}");
        }
        let long = "word ".repeat(30);
        let name = crate_name_from_title(&long).unwrap();
        assert!(name.len() <= 64 && !name.ends_with('-'), "{name}");
        check_crate_name(&name).unwrap();
    }

    #[test]
    fn crate_name_rules() {
        check_crate_name("atlas-admin-client").unwrap();
        check_crate_name("a_b").unwrap();
        for bad in ["", "1abc", "-x", "has space", "ünïcode", &"x".repeat(65)] {
            assert!(check_crate_name(bad).is_err(), "{bad:?}");
        }
        check_crate_version("0.1.0").unwrap();
        check_crate_version("1.2.3-beta.1").unwrap();
        assert!(check_crate_version("0.1").unwrap_err().contains("`0.1`"));
    }

    #[test]
    fn licenses_from_the_spec() {
        let info = |license: Value| json!({ "title": "t", "license": license });
        let cases = [
            (json!({"name": "Apache-2.0"}), Some("Apache-2.0"), false),
            (
                json!({"name": "MIT OR Apache-2.0"}),
                Some("MIT OR Apache-2.0"),
                false,
            ),
            // Imprecise names are canonicalised.
            (json!({"name": "Apache 2.0"}), Some("Apache-2.0"), false),
            (
                json!({"name": "whatever", "identifier": "MIT"}),
                Some("MIT"),
                false,
            ),
            // Not SPDX: no license rather than a wrong one, and a warning naming the pointer.
            (json!({"name": "CC BY-NC-SA 3.0 US"}), None, true),
        ];
        for (license, expected, warns) in cases {
            let (got, warning) = license_from_info(Some(&info(license.clone())));
            assert_eq!(got.as_deref(), expected, "{license}");
            assert_eq!(warning.is_some(), warns, "{license}: {warning:?}");
            if let Some(w) = warning {
                assert!(
                    w.starts_with("#/info/license/name: `CC BY-NC-SA 3.0 US`"),
                    "{w}"
                );
            }
        }
        assert_eq!(
            license_from_info(Some(&json!({"title": "t"}))),
            (None, None)
        );
        assert_eq!(license_from_info(None), (None, None));
    }

    #[test]
    fn license_option() {
        assert_eq!("none".parse::<License>(), Ok(License::None));
        assert_eq!(
            "MIT OR Apache-2.0".parse::<License>(),
            Ok(License::Spdx("MIT OR Apache-2.0".to_string()))
        );
        assert!("Apache 2"
            .parse::<License>()
            .unwrap_err()
            .contains("not an SPDX"));
    }

    #[test]
    fn runtime_option() {
        assert_eq!("0.1.0".parse(), Ok(Runtime::Version("0.1.0".to_string())));
        assert_eq!("=0.1.2".parse(), Ok(Runtime::Version("=0.1.2".to_string())));
        assert_eq!(
            "path:../runtime".parse(),
            Ok(Runtime::Path("../runtime".into()))
        );
        assert_eq!(
            "git:https://example.com/r.git#tag=v0.1.0".parse(),
            Ok(Runtime::Git {
                url: "https://example.com/r.git".to_string(),
                reference: Some(GitReference::Tag("v0.1.0".to_string())),
            })
        );
        assert_eq!(
            "git:ssh://git@example.com/r.git#0123abc".parse(),
            Ok(Runtime::Git {
                url: "ssh://git@example.com/r.git".to_string(),
                reference: Some(GitReference::Rev("0123abc".to_string())),
            })
        );
        assert_eq!(
            "git:https://example.com/r.git"
                .parse::<Runtime>()
                .unwrap()
                .version(),
            RUNTIME_VERSION
        );
        assert!("runtime"
            .parse::<Runtime>()
            .unwrap_err()
            .contains("path:DIR"));
        assert!("path:".parse::<Runtime>().is_err());
    }
}

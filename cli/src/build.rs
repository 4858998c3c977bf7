//! Generating a client from a build script: one module file in `OUT_DIR`, for `include!`.
//!
//! ```no_run
//! // build.rs — with `atlas-codegen-cli = { version = "0.1", default-features = false }` under
//! // [build-dependencies]
//! fn main() -> Result<(), atlas_codegen_cli::build::BuildError> {
//!     atlas_codegen_cli::build::Builder::new("openapi/petstore.yaml")
//!         .generate_to_out_dir()?; // writes $OUT_DIR/petstore.rs
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod petstore {
//!     include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
//! }
//! // petstore::Client, petstore::models::…, petstore::operations::…, petstore::Error
//! ```
//!
//! The crate that includes the module depends on what a generated crate depends on:
//! `atlas-admin-runtime`, `serde` (with `derive`), `serde_json`, and `chrono` (with `serde`)
//! when the spec has `format: date` (a `date-time` is the runtime's `DateTime`).
//!
//! Why one file: `include!` pastes items, so the included text cannot carry the inner
//! attributes and `//!` docs a crate root has, and `mod x;` declarations inside it would be
//! looked up next to the including file, not in `OUT_DIR`. The module form therefore inlines
//! every module of the generated crate (`mod models { … }`), turns the crate root's `//!` docs
//! into plain comments, and writes paths relative to the module (`super::`) where the crate
//! form says `crate::`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::{Failure, Generate};

/// Generates a client module from a build script (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    file_name: Option<String>,
    only: Vec<String>,
    tags: Vec<String>,
}

/// A generated module, in memory.
#[derive(Debug, Clone)]
pub struct Module {
    /// The module's source: items for `include!`.
    pub source: String,
    /// Operations generated.
    pub operations: usize,
    /// The generator's warnings, each naming a JSON pointer of the spec.
    pub warnings: Vec<String>,
    /// The other files of a multi-file spec (those its relative `$ref`s name), absolute.
    pub files: Vec<PathBuf>,
}

/// Why a build-script generation failed: the message names the spec file and, for a problem
/// inside it, the JSON pointer and the reason. `Debug` shows the same text, so `unwrap()` and
/// `fn main() -> Result<…>` print it readably.
#[derive(Clone, PartialEq, Eq)]
pub struct BuildError(pub Failure);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for BuildError {}

impl From<Failure> for BuildError {
    fn from(failure: Failure) -> Self {
        BuildError(failure)
    }
}

impl Builder {
    /// Generation from `spec` (YAML or JSON). A relative path is relative to the package's
    /// directory (`CARGO_MANIFEST_DIR`, which is also a build script's working directory).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Builder {
            spec: spec.into(),
            file_name: None,
            only: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// The file written into `OUT_DIR` (default: the spec's file stem with `.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Keep only these operations (`operationId`, override, or method name).
    pub fn only<I: IntoIterator<Item = S>, S: Into<String>>(mut self, operations: I) -> Self {
        self.only.extend(operations.into_iter().map(Into::into));
        self
    }

    /// Keep only the operations with one of these tags (as written or as module names).
    pub fn tags<I: IntoIterator<Item = S>, S: Into<String>>(mut self, tags: I) -> Self {
        self.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// The spec's path, resolved against `CARGO_MANIFEST_DIR` when relative.
    fn spec_path(&self) -> PathBuf {
        match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(dir) if self.spec.is_relative() => Path::new(&dir).join(&self.spec),
            _ => self.spec.clone(),
        }
    }

    fn default_file_name(&self) -> String {
        let stem = self
            .spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("{}.rs", if stem.is_empty() { "api" } else { &stem })
    }

    /// Generates the module in memory.
    ///
    /// # Errors
    /// [`BuildError`] naming the spec file and the JSON pointer of the problem.
    pub fn generate_module(&self) -> Result<Module, BuildError> {
        let spec = self.spec_path();
        let mut job = Generate::new(&spec, "");
        // The crate name only titles the crate root's docs (comments in the module form):
        // the module's file name stands in.
        let file_name = self
            .file_name
            .clone()
            .unwrap_or_else(|| self.default_file_name());
        let stem = file_name.trim_end_matches(".rs");
        job.crate_name = Some(if crate::check_crate_name(stem).is_ok() {
            stem.to_string()
        } else {
            "api".to_string()
        });
        job.only = self.only.clone();
        job.tags = self.tags.clone();
        job.origin = Some(
            self.spec
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        job.regenerate = "cargo build".to_string();
        let prepared = job.prepare()?;
        let generated = crate::generate(
            &prepared.document,
            &prepared.selection,
            &prepared.options,
            &spec,
        )?;
        let source = module_form(&generated.files, &prepared.options.origin)?;
        let mut warnings = prepared.warnings;
        warnings.extend(generated.diagnostics.iter().map(ToString::to_string));
        Ok(Module {
            source,
            operations: generated.operations,
            warnings,
            files: prepared.document.files.clone(),
        })
    }

    /// Generates the module into `OUT_DIR` and returns the file's path; prints
    /// `cargo:rerun-if-changed` for the spec (first, so that fixing a broken spec reruns the
    /// build script) and for every other file of a multi-file spec, and up to ten of the
    /// generator's warnings as `cargo:warning`.
    ///
    /// # Errors
    /// [`BuildError`] naming the spec and the JSON pointer; also when `OUT_DIR` is not set
    /// (not running from a build script) or the file cannot be written.
    pub fn generate_to_out_dir(self) -> Result<PathBuf, BuildError> {
        let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
            BuildError(Failure::Usage(
                "OUT_DIR is not set: generate_to_out_dir runs from a build script (use generate_to_file elsewhere)"
                    .to_string(),
            ))
        })?;
        let target = Path::new(&out_dir).join(
            self.file_name
                .clone()
                .unwrap_or_else(|| self.default_file_name()),
        );
        println!("cargo:rerun-if-changed={}", self.spec_path().display());
        let module = self.generate_module()?;
        for file in &module.files {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        self.write(&module, &target)
    }

    /// Generates the module into `path` (its directory must exist) and returns the path,
    /// printing up to ten warnings as `cargo:warning` lines.
    ///
    /// # Errors
    /// As [`Builder::generate_module`], or when the file cannot be written.
    pub fn generate_to_file(&self, path: &Path) -> Result<PathBuf, BuildError> {
        let module = self.generate_module()?;
        self.write(&module, path)
    }

    /// Prints the module's warnings (up to ten) as `cargo:warning` and writes it to `path`
    /// unless it already holds the same text.
    fn write(&self, module: &Module, path: &Path) -> Result<PathBuf, BuildError> {
        for warning in module.warnings.iter().take(10) {
            println!("cargo:warning={}: {warning}", self.spec.display());
        }
        if module.warnings.len() > 10 {
            println!(
                "cargo:warning={}: … and {} more warnings",
                self.spec.display(),
                module.warnings.len() - 10
            );
        }
        if std::fs::read_to_string(path).ok().as_deref() != Some(module.source.as_str()) {
            std::fs::write(path, &module.source)
                .map_err(|e| BuildError(Failure::Output(format!("{}: {e}", path.display()))))?;
        }
        Ok(path.to_path_buf())
    }
}

/// The generated crate's files as one module file (see the [module docs](self)).
///
/// # Errors
/// [`Failure::Internal`] when the crate layout is not one the module form knows (an inner
/// attribute at the crate root, a module file missing, a `crate::` path left).
pub fn module_form(files: &BTreeMap<String, String>, origin: &str) -> Result<String, Failure> {
    let mut out = format!(
        "// @generated by atlas-codegen from {origin}, as one module for `include!`.\n\
         // Written by the build script at each build: change the spec, not this file.\n"
    );
    // The typed mock server is a cargo feature of a client crate (`mock`); a module a build
    // script includes has no such feature, so it is left out.
    let mut files = files.clone();
    files.remove("src/mock.rs");
    if let Some(lib) = files.get_mut("src/lib.rs") {
        *lib = without_module(lib, "mock");
    }
    let files = &files;
    inline(files, "src/lib.rs", 0, false, &mut out)?;
    for (number, line) in out.lines().enumerate() {
        if !line.trim_start().starts_with("//") && line.contains("crate::") {
            return Err(Failure::Internal(format!(
                "module form of {origin}: line {} still names `crate::`: {line}",
                number + 1
            )));
        }
    }
    Ok(out)
}

/// `text` without the declaration `pub mod <name>;` and the doc and attribute lines above it.
fn without_module(text: &str, name: &str) -> String {
    let declaration = format!("pub mod {name};");
    let lines: Vec<&str> = text.lines().collect();
    let Some(end) = lines.iter().position(|l| l.trim() == declaration) else {
        return text.to_string();
    };
    let mut start = end;
    while start > 0 {
        let above = lines[start - 1].trim_start();
        if above.starts_with("///") || above.starts_with("#[") {
            start -= 1;
        } else {
            break;
        }
    }
    let mut out: Vec<&str> = lines[..start].to_vec();
    out.extend(&lines[end + 1..]);
    let mut joined = out.join("\n");
    joined.push('\n');
    joined
}

/// Appends the file at `path` (a module `depth` levels below the root), inlining its
/// out-of-line `mod` declarations.
///
/// When the declaration carries outer docs (`outer_docs`), the file's own `//!` docs become
/// plain comments: an inline module with both is linted (`clippy::mixed_attributes_style`).
fn inline(
    files: &BTreeMap<String, String>,
    path: &str,
    depth: usize,
    outer_docs: bool,
    out: &mut String,
) -> Result<(), Failure> {
    let text = files
        .get(path)
        .ok_or_else(|| Failure::Internal(format!("module form: {path} is not generated")))?;
    let supers = if depth == 0 {
        "self::".to_string()
    } else {
        "super::".repeat(depth)
    };
    // Whether the item being declared has `///` docs (seen since the last item ended).
    let mut documented = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("// @generated by") || trimmed.starts_with("// Do not edit by hand")
        {
            continue;
        }
        if depth == 0 && is_lint_level(trimmed) {
            // `include!` cannot take an inner attribute; lint levels are the including
            // crate's to set (the generated crate warns on missing docs).
            out.push_str(&format!(
                "// The crate has `{trimmed}`: the including crate sets lint levels.\n"
            ));
            continue;
        }
        if depth == 0 && trimmed.starts_with("#![") {
            return Err(Failure::Internal(format!(
                "module form: {path} has an inner attribute, which `include!` cannot take: {line}"
            )));
        }
        if let Some((visibility, name)) = out_of_line_module(trimmed) {
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(&format!("{indent}{visibility}mod {name} {{\n"));
            let child = child_path(files, path, name)?;
            inline(files, &child, depth + 1, documented, out)?;
            out.push_str(&format!("{indent}}}\n"));
            documented = false;
            continue;
        }
        if trimmed.starts_with("///") {
            documented = true;
        } else if !trimmed.starts_with("#[") && !trimmed.is_empty() {
            documented = false;
        }
        let mut line = if (depth == 0 || outer_docs) && trimmed.starts_with("//!") {
            line.replacen("//!", "//", 1)
        } else if trimmed.starts_with("use crate::") {
            line.replacen("crate::", &supers, 1)
        } else {
            line.to_string()
        };
        if line.contains("[`crate::") {
            line = line.replace("[`crate::", &format!("[`{supers}"));
        }
        // The operation examples name the generated crate (`atlas_admin_client::Client`);
        // included into another crate at a path the generator does not know, they are shown
        // but not compiled.
        if trimmed == "/// ```no_run" {
            line = line.replacen("```no_run", "```ignore", 1);
        }
        out.push_str(&line);
        out.push('\n');
    }
    Ok(())
}

/// Whether `line` is a crate-level lint attribute (`#![warn(…)]`, `#![allow(…)]`, …).
fn is_lint_level(line: &str) -> bool {
    [
        "#![allow(",
        "#![warn(",
        "#![deny(",
        "#![forbid(",
        "#![expect(",
    ]
    .iter()
    .any(|prefix| line.starts_with(prefix))
}

/// `mod name;` or `pub mod name;` → (`""` or `"pub "`, name).
fn out_of_line_module(line: &str) -> Option<(&'static str, &str)> {
    let (visibility, rest) = match line.strip_prefix("pub ") {
        Some(rest) => ("pub ", rest),
        None => ("", line),
    };
    let name = rest.strip_prefix("mod ")?.strip_suffix(';')?;
    let valid = !name.is_empty()
        && name
            .trim_start_matches("r#")
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((visibility, name))
}

/// Where the module `name` declared in the file at `parent` lives.
fn child_path(
    files: &BTreeMap<String, String>,
    parent: &str,
    name: &str,
) -> Result<String, Failure> {
    let dir = match parent.rsplit_once('/') {
        Some((dir, file)) if file == "lib.rs" || file == "mod.rs" => dir.to_string(),
        _ => parent.trim_end_matches(".rs").to_string(),
    };
    let name = name.trim_start_matches("r#");
    [format!("{dir}/{name}.rs"), format!("{dir}/{name}/mod.rs")]
        .into_iter()
        .find(|p| files.contains_key(p))
        .ok_or_else(|| {
            Failure::Internal(format!(
                "module form: {parent} declares `mod {name};` but neither {dir}/{name}.rs nor {dir}/{name}/mod.rs is generated"
            ))
        })
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

    #[test]
    fn modules_are_inlined_and_crate_paths_made_relative() {
        let crate_files = files(&[
            (
                "src/lib.rs",
                "// @generated by atlas-codegen from x.yaml.\n// Do not edit by hand: run it.\n\n//! # x\n#[rustfmt::skip]\nmod client;\npub mod operations;\npub use client::Client;\n",
            ),
            ("src/client.rs", "//! See [`crate::operations`].\npub struct Client;\n"),
            ("src/operations/mod.rs", "//! Each is a method on [`crate::Client`].\n/// Pets.\n#[cfg(all())]\npub mod pets;\npub use pets::*;\n"),
            ("src/operations/pets.rs", "//! Pets.\n#![allow(clippy::too_many_arguments)]\nuse crate::{models, Client};\n"),
        ]);
        let module = module_form(&crate_files, "x.yaml").unwrap();
        assert_eq!(
            module,
            "// @generated by atlas-codegen from x.yaml, as one module for `include!`.\n\
             // Written by the build script at each build: change the spec, not this file.\n\
             \n// # x\n#[rustfmt::skip]\nmod client {\n//! See [`super::operations`].\npub struct Client;\n}\n\
             pub mod operations {\n//! Each is a method on [`super::Client`].\n/// Pets.\n#[cfg(all())]\npub mod pets {\n\
             // Pets.\n#![allow(clippy::too_many_arguments)]\nuse super::super::{models, Client};\n}\npub use pets::*;\n}\n\
             pub use client::Client;\n"
        );
    }

    /// An operation's example names the generated crate, which an `include!`d module is not
    /// part of: it stays in the docs, not compiled.
    #[test]
    fn operation_examples_are_not_compiled_in_the_module_form() {
        let crate_files = files(&[(
            "src/lib.rs",
            "impl Client {\n    /// ```no_run\n    /// x::Client::f();\n    /// ```\n    pub fn f() {}\n}\n",
        )]);
        let module = module_form(&crate_files, "x.yaml").unwrap();
        assert!(
            module.contains("    /// ```ignore\n    /// x::Client::f();\n"),
            "{module}"
        );
        assert!(!module.contains("no_run"), "{module}");
    }

    #[test]
    fn crate_lint_levels_become_comments() {
        let crate_files = files(&[(
            "src/lib.rs",
            "//! # x\n#![warn(missing_docs)]\npub struct X;\n",
        )]);
        let module = module_form(&crate_files, "x.yaml").unwrap();
        assert!(module.ends_with(
            "// # x\n// The crate has `#![warn(missing_docs)]`: the including crate sets lint levels.\npub struct X;\n"
        ), "{module}");
    }

    #[test]
    fn the_mock_feature_module_is_left_out() {
        let crate_files = files(&[
            (
                "src/lib.rs",
                "pub mod models;\n/// The mock.\n#[cfg(feature = \"mock\")]\n#[rustfmt::skip]\npub mod mock;\npub use models::X;\n",
            ),
            ("src/models.rs", "pub struct X;\n"),
            ("src/mock.rs", "pub struct MockServer;\n"),
        ]);
        let module = module_form(&crate_files, "x.yaml").unwrap();
        assert!(
            module.ends_with("pub mod models {\npub struct X;\n}\npub use models::X;\n"),
            "{module}"
        );
        assert!(!module.contains("mock"), "{module}");
    }

    #[test]
    fn an_unknown_layout_is_an_error_not_broken_code() {
        let missing = files(&[("src/lib.rs", "pub mod models;\n")]);
        assert!(
            matches!(module_form(&missing, "x"), Err(Failure::Internal(m)) if m.contains("src/models.rs"))
        );
        let inner = files(&[("src/lib.rs", "#![no_std]\n")]);
        assert!(matches!(
            module_form(&inner, "x"),
            Err(Failure::Internal(_))
        ));
        let left = files(&[("src/lib.rs", "pub fn f() -> crate::X { todo!() }\n")]);
        assert!(
            matches!(module_form(&left, "x"), Err(Failure::Internal(m)) if m.contains("line 3"))
        );
    }

    #[test]
    fn a_multi_file_spec_lists_the_files_to_rerun_on() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/multi_file");
        let module = Builder::new(root.join("openapi.yaml"))
            .generate_module()
            .expect("the multi-file fixture generates");
        assert_eq!(module.operations, 3);
        assert!(module.source.contains("pub struct Pet"));
        let names: Vec<String> = module
            .files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "parameters.yaml",
                "pet.json",
                "pets.yaml",
                "error.json",
                "tag.json",
                "owner.yaml",
                "pet.yaml"
            ]
        );
        assert!(module.files.iter().all(|f| f.is_absolute() && f.is_file()));
    }
}

//! `atlas-codegen`: an OpenAPI 3.0 → Rust client generator, built for the MongoDB Atlas
//! Administration API v2 and its vendor media types, polymorphism and cycles.
//!
//! One direction of flow: [`load`] (YAML 1.2 / JSON → JSON tree) → [`operations`] and
//! [`types`] (resolve `$ref`s, name types, build the [`ir`]) → [`emit`] (tokens → formatted
//! files). The IR is plain data; a second output would be a new emitter over it.

pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod naming;
pub mod operations;
pub mod types;

use std::collections::BTreeMap;

pub use emit::{EmitOptions, GitReference, RuntimeDependency, RuntimeSource};
pub use error::{Error, Result};
pub use ir::{Api, Diagnostic};
pub use load::Document;
pub use operations::Selection;

/// Everything one generation run produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// File path relative to the crate root → contents.
    pub files: BTreeMap<String, String>,
    pub operations: usize,
    pub types: usize,
    /// Things generated in a reduced form or skipped, each with a JSON pointer.
    pub diagnostics: Vec<Diagnostic>,
}

impl Generated {
    /// Lines of Rust emitted.
    pub fn rust_lines(&self) -> usize {
        self.files
            .iter()
            .filter(|(p, _)| p.ends_with(".rs"))
            .map(|(_, c)| c.lines().count())
            .sum()
    }
}

/// Resolves the document into the IR for the selected operations.
pub fn build_ir(doc: &Document, selection: &Selection) -> Result<Api> {
    operations::build(doc, selection)
}

/// Generates a client crate from a loaded document.
pub fn generate(doc: &Document, selection: &Selection, options: &EmitOptions) -> Result<Generated> {
    let api = build_ir(doc, selection)?;
    let files = emit::emit(&api, options)?;
    Ok(Generated {
        files,
        operations: api.operations.len(),
        types: api.types.len(),
        diagnostics: api.diagnostics,
    })
}

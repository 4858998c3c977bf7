//! `atlas-codegen`: an OpenAPI 3.0 / 3.1 → Rust client generator, built for the MongoDB Atlas
//! Administration API v2 and its vendor media types, polymorphism and cycles.
//!
//! One direction of flow, one folder per step:
//!
//! 1. [`load`]: YAML 1.2 / JSON text → a JSON tree (the files of a multi-file spec bundled,
//!    OpenAPI 3.1 rewritten into the 3.0 forms), JSON pointers, the OpenAPI version check;
//! 2. [`lower`]: operations and schemas → the [`ir`] (resolve `$ref`s, name types);
//! 3. [`passes`]: whole-API decisions over the IR (cycles, pagination, reachability,
//!    validation needs; shared enums run before lowering);
//! 4. [`emit`]: the IR → files ([`emit::client`], formatted by [`emit::format`]).
//!
//! The IR is plain data; a second output would be a new emitter over it.

pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod passes;
pub mod profile;

use std::collections::BTreeMap;

pub use emit::{EmitOptions, GitReference, RuntimeDependency, RuntimeSource};
pub use error::{Error, Result};
pub use ir::{Api, Diagnostic};
pub use load::Document;
pub use lower::{Options, Selection};
pub use profile::Profile;

/// Everything one generation run produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// File path relative to the crate root → contents.
    pub files: BTreeMap<String, String>,
    /// Operations generated.
    pub operations: usize,
    /// Types the client crate defines ([`emit::client::emitted_types`]; the IR may hold more,
    /// reached only from responses the client does not decode).
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

/// The options [`build_ir`] uses: the Atlas profile (the generator's behaviour on every spec;
/// see [`profile`]) and the client emitter's naming rules.
pub const CLIENT_OPTIONS: Options = Options {
    profile: Profile::Atlas,
    naming: &emit::client::naming::RULES,
};

/// Resolves the document into the IR for the selected operations, for the client emitter
/// ([`CLIENT_OPTIONS`]).
pub fn build_ir(doc: &Document, selection: &Selection) -> Result<Api> {
    build_ir_with(doc, selection, &CLIENT_OPTIONS)
}

/// Resolves the document into the IR for the selected operations, applying a profile's
/// conventions on top of OpenAPI ([`Profile::OpenApi`] applies none) and an emitter's naming
/// rules.
///
/// Errors and [`Api::diagnostics`] name places as written ([`Document::locate`]: `#/…` in the
/// root document, `file#/…` in another file of a multi-file spec); the pointers inside the IR
/// ([`ir::TypeDef::pointer`], [`ir::Operation::pointer`]) are into [`Document::root`].
pub fn build_ir_with(doc: &Document, selection: &Selection, options: &Options) -> Result<Api> {
    let build = || -> Result<Api> {
        let paths = load::version::check(doc)?;
        let mut api = lower::lower(doc, paths, selection, options)?;
        passes::run(&mut api, options.profile)?;
        Ok(api)
    };
    let mut api = build().map_err(|e| doc.locate_error(e))?;
    if !doc.sources.is_empty() || !doc.diagnostics.is_empty() {
        for diagnostic in &mut api.diagnostics {
            diagnostic.pointer = doc.locate(&diagnostic.pointer);
        }
        api.diagnostics.extend(doc.diagnostics.iter().cloned());
        api.diagnostics.sort();
        api.diagnostics.dedup();
    }
    Ok(api)
}

/// Generates a command-line client crate ([`emit::cli`]) from a loaded document: its commands
/// call the client crate `options.client_crate`, generated from the same document and
/// selection.
pub fn generate_cli(
    doc: &Document,
    selection: &Selection,
    options: &emit::cli::CliOptions,
) -> Result<Generated> {
    let api = build_ir(doc, selection)?;
    let files = emit::cli::emit(&api, options)?;
    Ok(Generated {
        files,
        operations: api.operations.len(),
        types: 0,
        diagnostics: api.diagnostics,
    })
}

/// Generates a client crate from a loaded document.
pub fn generate(doc: &Document, selection: &Selection, options: &EmitOptions) -> Result<Generated> {
    let api = build_ir(doc, selection)?;
    let files = emit::emit(&api, options)?;
    Ok(Generated {
        files,
        operations: api.operations.len(),
        types: emit::client::emitted_types(&api).len(),
        diagnostics: api.diagnostics,
    })
}

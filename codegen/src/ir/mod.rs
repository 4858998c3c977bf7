//! The intermediate representation: plain data, built once by [`crate::lower`] (and completed
//! by [`crate::passes`]), then only read by the emitters. Maps are `BTreeMap`s and lists are in
//! spec order or sorted, so the IR (and therefore the output) never depends on hash or input
//! map order.

mod operations;
mod types;

use std::collections::{BTreeMap, BTreeSet};

pub use operations::*;
pub use types::*;

/// The whole API to generate.
#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Operations keyed by their Rust method name.
    pub operations: BTreeMap<String, Operation>,
    /// Named types keyed by their Rust type name.
    pub types: BTreeMap<String, TypeDef>,
    /// Names of the types a request (body or parameter) can contain: they get validation.
    pub request_types: BTreeSet<String>,
    /// The request types a value of which can fail validation: with a constraint of its own,
    /// a string enum (unknown values are refused), or containing such a type. Validation only
    /// descends into these.
    pub checked_types: BTreeSet<String>,
    /// Tag (Rust module name) → the types its operations reach, for per-tag features.
    pub tag_types: BTreeMap<String, BTreeSet<String>>,
    /// Things the generator noticed and worked around, each at a JSON pointer.
    pub diagnostics: Vec<Diagnostic>,
}

/// A warning about a part of the spec that was generated in a reduced form or skipped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

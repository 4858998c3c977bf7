//! Step 1, loading: YAML (1.2 semantics) or JSON text → a JSON value tree ([`Document`]), the
//! JSON-pointer helpers every later step names places with ([`mod@pointer`]), and the checks that
//! the document is an OpenAPI 3.0 one we can generate from ([`version`]).
//!
//! Everything downstream works on [`serde_json::Value`] so that every node has a JSON pointer
//! and any unsupported construct can be reported precisely. Object keys are kept in a sorted
//! map, so the order of keys in the input never influences the output.

pub mod pointer;
pub mod version;
mod yaml;

use serde_json::Value;
use std::path::Path;

use crate::error::{Error, Result};

pub use pointer::{child, escape_pointer};

/// A loaded OpenAPI document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The whole document as a JSON value.
    pub root: Value,
    /// Where it came from (a file path or a label), for messages and generated headers.
    pub origin: String,
}

impl Document {
    /// Reads a `.json`, `.yaml` or `.yml` file. JSON is tried first when the extension says so.
    pub fn from_path(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_text(&text, &path.display().to_string())
    }

    /// Parses JSON or YAML text. JSON is valid YAML 1.2, but parsing it as JSON is faster and
    /// gives better messages, so text that starts with `{` is read as JSON.
    pub fn from_text(text: &str, origin: &str) -> Result<Self> {
        let root = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| Error::Syntax {
                origin: origin.to_string(),
                format: "JSON",
                message: e.to_string(),
            })?
        } else {
            let yaml: yaml_serde::Value =
                yaml_serde::from_str(text).map_err(|e| Error::Syntax {
                    origin: origin.to_string(),
                    format: "YAML",
                    message: e.to_string(),
                })?;
            yaml::to_json(yaml, "#")?
        };
        if !root.is_object() {
            return Err(Error::spec(
                "#",
                "an OpenAPI document must be a mapping at the top level",
            ));
        }
        Ok(Document {
            root,
            origin: origin.to_string(),
        })
    }

    /// Wraps an already parsed value (used by tests that mutate specs).
    pub fn from_value(root: Value, origin: &str) -> Self {
        Document {
            root,
            origin: origin.to_string(),
        }
    }

    /// The node at a `#/a/b` pointer.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        let path = pointer.strip_prefix('#').unwrap_or(pointer);
        if path.is_empty() {
            return Some(&self.root);
        }
        self.root.pointer(path)
    }
}

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

/// How deeply a JSON document's arrays and objects may nest: room for
/// [`crate::lower::MAX_DEPTH`] levels of inline objects (two each) under the deepest place a
/// schema sits in a document, and small enough that parsing, which recurses once per level,
/// stays far from a thread's stack limit.
pub const MAX_JSON_DEPTH: usize = 256;

/// The deepest nesting of arrays and objects in JSON text (brackets inside strings do not
/// count). Unbalanced text gives some number; the parser reports the syntax error.
fn json_depth(text: &str) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
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
            let syntax = |message: String| Error::Syntax {
                origin: origin.to_string(),
                format: "JSON",
                message,
            };
            // serde_json refuses more than 128 nested arrays and objects by default, which is
            // 63 levels of inline objects (each takes two: the schema and its `properties`).
            // The nesting is bounded here instead, before a recursive parse.
            let depth = json_depth(text);
            if depth > MAX_JSON_DEPTH {
                return Err(syntax(format!(
                    "arrays and objects nest {depth} deep; at most {MAX_JSON_DEPTH} are read"
                )));
            }
            let mut parser = serde_json::Deserializer::from_str(text);
            parser.disable_recursion_limit();
            serde::Deserialize::deserialize(&mut parser)
                .and_then(|root| parser.end().map(|()| root))
                .map_err(|e| syntax(e.to_string()))?
        } else {
            yaml::parse(text, origin)?
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

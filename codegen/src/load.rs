//! Loading: YAML (1.2 semantics) or JSON text → a JSON value tree, plus JSON-pointer helpers.
//!
//! Everything downstream works on [`serde_json::Value`] so that every node has a JSON pointer
//! and any unsupported construct can be reported precisely. Object keys are kept in a sorted
//! map, so the order of keys in the input never influences the output.

use serde_json::{Map, Value};
use std::path::Path;

use crate::error::{Error, Result};

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
            yaml_to_json(yaml, "#")?
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

/// Converts YAML to JSON. Keys that are not strings (`200:` unquoted, `true:`) become their
/// textual form; YAML 1.2 already keeps `2023-01-01` and `off` as strings.
fn yaml_to_json(value: yaml_serde::Value, pointer: &str) -> Result<Value> {
    use yaml_serde::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| {
                        Error::spec(pointer, format!("number {n} cannot be represented in JSON"))
                    })?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| yaml_to_json(v, &format!("{pointer}/{i}")))
                .collect::<Result<_>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Bool(b) => b.to_string(),
                    Y::Number(n) => n.to_string(),
                    Y::Null => "null".to_string(),
                    other => {
                        return Err(Error::spec(
                            pointer,
                            format!("unsupported mapping key {other:?}: keys must be scalars"),
                        ))
                    }
                };
                let child = format!("{pointer}/{}", escape_pointer(&key));
                out.insert(key, yaml_to_json(v, &child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

/// Escapes one reference token for a JSON pointer (RFC 6901).
pub fn escape_pointer(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_string()
    }
}

/// `#/a` + `b/c` → `#/a/b~1c`.
pub fn child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    if token.contains(['~', '/']) {
        out.push_str(&escape_pointer(token));
    } else {
        out.push_str(token);
    }
    out
}

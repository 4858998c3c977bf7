//! What a document must be before lowering starts: OpenAPI 3.0.x, with a `paths` mapping.

use serde_json::{Map, Value};

use super::Document;
use crate::error::{Error, Result};

/// Checks the `openapi` version (3.0.x) and returns the `paths` mapping.
///
/// Errors: `#/openapi` when the version is missing or not 3.0.x (3.1 changes the schema
/// dialect: type lists, `const`, `$ref` siblings), `#/paths` when `paths` is missing or not a
/// mapping.
pub fn check(doc: &Document) -> Result<&Map<String, Value>> {
    let root = &doc.root;
    match root.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) => {
            return Err(Error::spec(
                "#/openapi",
                format!("OpenAPI {v} is not supported (3.0.x is)"),
            ))
        }
        None => {
            return Err(Error::spec(
                "#/openapi",
                "missing `openapi` version: not an OpenAPI 3.0 document",
            ))
        }
    }
    match root.get("paths") {
        Some(Value::Object(p)) => Ok(p),
        Some(_) => Err(Error::spec("#/paths", "paths must be a mapping")),
        None => Err(Error::spec("#/paths", "missing `paths`")),
    }
}

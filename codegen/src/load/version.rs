//! What a document must be before lowering starts: OpenAPI 3.0.x or 3.1.x (3.1 already
//! rewritten into the 3.0 forms by [`super::normalize31`]), with a `paths` mapping.

use serde_json::{Map, Value};

use super::Document;
use crate::error::{Error, Result};

/// Checks the `openapi` version (3.0.x or 3.1.x) and returns the `paths` mapping.
///
/// Errors: `#/openapi` when the version is missing or neither 3.0.x nor 3.1.x, `#/paths` when
/// `paths` is missing or not a mapping (a 3.1 document without `paths` has an empty one).
pub fn check(doc: &Document) -> Result<&Map<String, Value>> {
    let root = &doc.root;
    match root.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") || super::normalize31::is_31(root) => {}
        Some(v) => {
            return Err(Error::spec(
                "#/openapi",
                format!("OpenAPI {v} is not supported (3.0.x and 3.1.x are)"),
            ))
        }
        None => {
            return Err(Error::spec(
                "#/openapi",
                "missing `openapi` version: not an OpenAPI 3.0 or 3.1 document",
            ))
        }
    }
    match root.get("paths") {
        Some(Value::Object(p)) => Ok(p),
        Some(_) => Err(Error::spec("#/paths", "paths must be a mapping")),
        None => Err(Error::spec("#/paths", "missing `paths`")),
    }
}

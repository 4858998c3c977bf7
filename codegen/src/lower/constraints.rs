//! Validation rules of a schema (`pattern`, lengths, bounds, item counts) → [`Constraints`].

use serde_json::Value;
use std::collections::HashMap;

use super::diagnostics::Diagnostics;
use crate::ir::{Bound, Constraints};
use crate::load::child;

/// Whether each pattern seen compiles as ECMAScript (the same few recur hundreds of times).
#[derive(Debug, Default)]
pub struct Patterns {
    compiled: HashMap<String, Result<(), String>>,
}

/// Validation rules of a schema. A pattern the ECMAScript engine (`regress`) cannot compile is
/// dropped with a diagnostic (the request is still sent; the server validates).
pub fn constraints(
    schema: &Value,
    pointer: &str,
    patterns: &mut Patterns,
    diags: &mut Diagnostics,
) -> Constraints {
    let num = |key: &str| schema.get(key).and_then(Value::as_f64);
    let count = |key: &str| schema.get(key).and_then(Value::as_u64);
    let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool).unwrap_or(false);
    let pattern = match schema.get("pattern").and_then(Value::as_str) {
        Some(p) => match patterns
            .compiled
            .entry(p.to_string())
            .or_insert_with(|| {
                // As the runtime compiles it (`validate::Pattern`): Unicode mode (`\p{L}`),
                // else the older mode for what Unicode mode refuses (`\-` outside a class).
                regress::Regex::with_flags(p, "u")
                    .or_else(|_| regress::Regex::new(p))
                    .map(drop)
                    .map_err(|e| e.to_string())
            })
            .clone()
        {
            Ok(()) => Some(p.to_string()),
            Err(e) => {
                diags.warn(
                    &child(pointer, "pattern"),
                    format!("pattern is not a valid ECMAScript regex ({e}); not validated"),
                );
                None
            }
        },
        None => None,
    };
    Constraints {
        pattern,
        min_length: count("minLength"),
        max_length: count("maxLength"),
        minimum: num("minimum").map(|value| Bound {
            value,
            exclusive: exclusive("exclusiveMinimum"),
        }),
        maximum: num("maximum").map(|value| Bound {
            value,
            exclusive: exclusive("exclusiveMaximum"),
        }),
        min_items: count("minItems"),
        max_items: count("maxItems"),
    }
}

//! YAML text → JSON value tree.

use serde_json::{Map, Value};

use super::pointer::escape_pointer;
use crate::error::{Error, Result};

/// Converts YAML to JSON. Keys that are not strings (`200:` unquoted, `true:`) become their
/// textual form; YAML 1.2 already keeps `2023-01-01` and `off` as strings.
pub(super) fn to_json(value: yaml_serde::Value, pointer: &str) -> Result<Value> {
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
                .map(|(i, v)| to_json(v, &format!("{pointer}/{i}")))
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
                out.insert(key, to_json(v, &child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => to_json(tagged.value, pointer)?,
    })
}

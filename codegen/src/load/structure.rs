//! The shape of an OpenAPI document: which object kind sits under which key (a path item under
//! `paths/*`, a schema under `content/*/schema`, …). Loading needs it to tell a schema's
//! `examples` (a list of values) from a media type's (a map of Example Objects), and a schema
//! `$ref` (pulled into `#/components/schemas`) from a parameter's (inlined).
//!
//! Covers OpenAPI 3.0 and 3.1 and the JSON Schema 2020-12 keywords that hold schemas.
//! Extensions (`x-…`) are never descended into, except as property names of a schema.

use serde_json::Value;

use super::pointer::escape_pointer;

/// The kind of an OpenAPI object: what its keys mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The root OpenAPI Object.
    Document,
    /// The Components Object.
    Components,
    /// A Path Item Object (under `paths`, `webhooks`, `components/pathItems`, callbacks).
    PathItem,
    /// An Operation Object.
    Operation,
    /// A Callback Object (expression → path item).
    Callback,
    /// A Parameter Object.
    Parameter,
    /// A Header Object.
    Header,
    /// A Request Body Object.
    RequestBody,
    /// A Response Object.
    Response,
    /// A Media Type Object.
    MediaType,
    /// An Encoding Object.
    Encoding,
    /// An Example Object (its `value` is data, never descended into).
    Example,
    /// A Link Object.
    Link,
    /// A Security Scheme Object.
    SecurityScheme,
    /// A Schema Object (or a boolean schema).
    Schema,
}

/// How the values under a key relate to it.
#[derive(Clone, Copy)]
enum Slot {
    /// The value itself is of this kind.
    One(Kind),
    /// Each value of the mapping is.
    Map(Kind),
    /// Each item of the list is.
    List(Kind),
}

use Kind::*;
use Slot::*;

const OPERATION_KEYS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The kind of what sits under `key` in an object of `kind`.
fn slot(kind: Kind, key: &str) -> Option<Slot> {
    Some(match (kind, key) {
        (Document, "paths" | "webhooks") => Map(PathItem),
        (Document, "components") => One(Components),
        (Components, "schemas") => Map(Schema),
        (Components, "responses") => Map(Response),
        (Components, "parameters") => Map(Parameter),
        (Components, "examples") => Map(Example),
        (Components, "requestBodies") => Map(RequestBody),
        (Components, "headers") => Map(Header),
        (Components, "securitySchemes") => Map(SecurityScheme),
        (Components, "links") => Map(Link),
        (Components, "callbacks") => Map(Callback),
        (Components, "pathItems") => Map(PathItem),
        (PathItem, "parameters") => List(Parameter),
        (PathItem, k) if OPERATION_KEYS.contains(&k) => One(Operation),
        (Operation, "parameters") => List(Parameter),
        (Operation, "requestBody") => One(RequestBody),
        (Operation, "responses") => Map(Response),
        (Operation, "callbacks") => Map(Callback),
        (Callback, k) if !k.starts_with("x-") => One(PathItem),
        (Parameter | Header, "schema") => One(Schema),
        (Parameter | Header, "content") => Map(MediaType),
        (Parameter | Header, "examples") => Map(Example),
        (RequestBody, "content") => Map(MediaType),
        (Response, "headers") => Map(Header),
        (Response, "content") => Map(MediaType),
        (Response, "links") => Map(Link),
        (MediaType, "schema") => One(Schema),
        (MediaType, "examples") => Map(Example),
        (MediaType, "encoding") => Map(Encoding),
        (Encoding, "headers") => Map(Header),
        (
            Schema,
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
        ) => Map(Schema),
        (Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => List(Schema),
        (
            Schema,
            "items"
            | "additionalProperties"
            | "additionalItems"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema",
        ) => One(Schema),
        _ => return None,
    })
}

/// The kind of each value of the mapping under `key` in an object of `kind` (`properties` of a
/// schema → schemas, `responses` of an operation → responses), or `None` when `key` holds no
/// such mapping.
pub fn map_entries(kind: Kind, key: &str) -> Option<Kind> {
    match slot(kind, key)? {
        Map(k) => Some(k),
        One(_) | List(_) => None,
    }
}

/// The structural children of `node` (an object of `kind`): each with its pointer relative to
/// `node` (escaped reference tokens, starting with `/`), itself, and its kind. Keys are visited
/// in the node's (sorted) order.
pub fn children_mut(node: &mut Value, kind: Kind) -> Vec<(String, &mut Value, Kind)> {
    let mut out = Vec::new();
    let Some(obj) = node.as_object_mut() else {
        return out;
    };
    for (key, value) in obj.iter_mut() {
        let Some(slot) = slot(kind, key) else {
            continue;
        };
        let base = format!("/{}", escape_pointer(key));
        match (slot, value) {
            (One(k), v) => out.push((base, v, k)),
            (Map(k), Value::Object(map)) => {
                for (name, v) in map.iter_mut() {
                    // Extensions sit beside the entries of OpenAPI maps (`paths`, `responses`);
                    // in a schema's `properties`, `x-…` is an ordinary property name.
                    if kind != Schema && name.starts_with("x-") {
                        continue;
                    }
                    out.push((format!("{base}/{}", escape_pointer(name)), v, k));
                }
            }
            (List(k), Value::Array(items)) => {
                for (i, v) in items.iter_mut().enumerate() {
                    out.push((format!("{base}/{i}"), v, k));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_examples_and_media_type_examples_are_told_apart() {
        let mut media = json!({
            "schema": {"type": "string", "examples": ["a"]},
            "examples": {"one": {"value": {"$ref": "not-a-ref"}}, "x-ext": {}}
        });
        let kids: Vec<(String, Kind)> = children_mut(&mut media, MediaType)
            .into_iter()
            .map(|(p, _, k)| (p, k))
            .collect();
        assert_eq!(
            kids,
            vec![
                ("/examples/one".into(), Example),
                ("/schema".into(), Schema)
            ]
        );
        let mut schema = json!({"examples": ["a"], "properties": {"x-a": {}}, "items": {}});
        let kids: Vec<String> = children_mut(&mut schema, Schema)
            .into_iter()
            .map(|(p, _, _)| p)
            .collect();
        assert_eq!(kids, vec!["/items", "/properties/x-a"]);
    }
}

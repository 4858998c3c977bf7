//! OpenAPI 3.1 → the 3.0 forms lowering reads: one rewrite of the loaded document, so a 3.1
//! document goes through exactly the same lowering as a 3.0 one. 3.0 documents are never
//! touched (see [`super::Document`]).
//!
//! | 3.1 | becomes |
//! |---|---|
//! | `type: [T, "null"]`, `type: "null"`, `enum: [.., null]` | `type: T` + `nullable: true` |
//! | `type: [A, B]` (several non-null types) | `oneOf: [{type: A, title: A, <A's keywords>}, …]` (`integer` + `number` is `number`) |
//! | `anyOf`/`oneOf` with a `{type: "null"}` member | the other members + `nullable: true`; one member left: merged into the schema, or `allOf: [member]` for a `$ref` |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, …]` (schemas) | `example: a` |
//! | `$ref` with sibling keywords | annotations (`description`, `title`, `readOnly`, …) stay beside it; any other keyword: `allOf: [{$ref}]` with the siblings |
//! | `exclusiveMinimum: n` | `minimum: n` + `exclusiveMinimum: true` (or the stricter inclusive `minimum` alone); same for the maximum |
//! | `prefixItems` | `items` when every entry is the same schema (`maxItems` when closed by `items: false`); else a list of JSON values, with a warning |
//! | `$defs` | hoisted into `#/components/schemas` (named after the entry, numbered if taken); references follow |
//! | `contentEncoding: base64` / a non-JSON `contentMediaType` | `format: byte` / `format: binary` |
//! | a path item `$ref: '#/components/pathItems/X'` | the path item itself |
//! | `webhooks` | dropped, with a warning |
//! | `jsonSchemaDialect` | read as the OpenAPI 3.1 dialect; another dialect gets a warning |
//! | no `paths` | `paths: {}` |
//!
//! Every move is recorded in the [`SourceMap`], so errors and diagnostics keep naming the node
//! as written in the 3.1 document. The rewrite is idempotent and never fails: what it cannot
//! rewrite stays as written, for lowering to report.

use serde_json::{json, Map, Value};

use super::pointer::{child, percent_decode};
use super::source_map::SourceMap;
use super::structure::{children_mut, Kind};
use crate::ir::Diagnostic;

/// Whether a document is OpenAPI 3.1.x (the only documents [`normalize`] rewrites).
pub fn is_31(root: &Value) -> bool {
    root.get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v == "3.1" || v.starts_with("3.1."))
}

/// Rewrites a 3.1 document into the 3.0 forms (see the module docs), recording moves in
/// `sources` and warnings (at their original pointers) in `diagnostics`.
pub fn normalize(root: &mut Value, sources: &mut SourceMap, diagnostics: &mut Vec<Diagnostic>) {
    let mut cx = Cx {
        sources,
        diagnostics,
    };
    let Some(obj) = root.as_object_mut() else {
        return;
    };
    if let Some(webhooks) = obj.remove("webhooks") {
        let count = webhooks.as_object().map_or(0, Map::len);
        cx.warn(
            "#/webhooks",
            format!(
                "webhooks are not generated ({count} ignored): they describe requests the API \
                 sends, not operations a client calls"
            ),
        );
    }
    if let Some(dialect) = obj.get("jsonSchemaDialect").and_then(Value::as_str) {
        if !KNOWN_DIALECTS.contains(&dialect) {
            cx.warn(
                "#/jsonSchemaDialect",
                format!("schemas are read as the OpenAPI 3.1 dialect, not `{dialect}`"),
            );
        }
    }
    if !obj.contains_key("paths") {
        obj.insert("paths".to_string(), Value::Object(Map::new()));
    }
    inline_path_item_refs(root, &mut cx);
    hoist_defs(root, &mut cx);
    walk(root, Kind::Document, "#", &mut cx);
}

/// The dialects read as what they are: OpenAPI 3.1's, and the JSON Schema 2020-12 it extends.
const KNOWN_DIALECTS: [&str; 3] = [
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://spec.openapis.org/oas/3.1/dialect/2024-10-25",
    "https://json-schema.org/draft/2020-12/schema",
];

/// Keywords that only annotate a schema: beside a `$ref` they are read as they are.
const ANNOTATIONS: [&str; 15] = [
    "description",
    "title",
    "summary",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "default",
    "$comment",
    "externalDocs",
    "xml",
    "$schema",
    "$id",
    "$anchor",
];

fn is_annotation(key: &str) -> bool {
    ANNOTATIONS.contains(&key) || key.starts_with("x-")
}

struct Cx<'a> {
    sources: &'a mut SourceMap,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Cx<'_> {
    /// The subtree now at `new` was at `old` (a pointer of the document before this move).
    fn moved(&mut self, new: String, old: &str) {
        let original = self.sources.locate(old);
        self.sources.insert(new, original);
    }

    fn warn(&mut self, at: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            pointer: self.sources.locate(at),
            message: message.into(),
        });
    }
}

/// `paths` entries that are `$ref: '#/components/pathItems/X'` are replaced by their target,
/// so operations are named (and their errors placed) where they are written.
fn inline_path_item_refs(root: &mut Value, cx: &mut Cx<'_>) {
    let Some(Value::Object(paths)) = root.get("paths") else {
        return;
    };
    let mut replacements = Vec::new();
    for (path, item) in paths {
        let mut node = item;
        let mut target = None;
        for _ in 0..8 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                break;
            };
            if !reference.starts_with("#/components/pathItems/") {
                break;
            }
            let decoded = percent_decode(reference);
            let Some(next) = root.pointer(&decoded[1..]) else {
                break;
            };
            node = next;
            target = Some(decoded);
        }
        if let (Some(target), Value::Object(found)) = (target, node) {
            let mut found = found.clone();
            for (key, value) in item.as_object().into_iter().flatten() {
                if key != "$ref" {
                    found.insert(key.clone(), value.clone());
                }
            }
            replacements.push((path.clone(), target, Value::Object(found)));
        }
    }
    for (path, target, item) in replacements {
        cx.moved(child("#/paths", &path), &target);
        root["paths"][&path] = item;
    }
}

/// Moves every `$defs` entry to `#/components/schemas` (see the module docs), outermost first,
/// and points the references to it (or into it) there.
fn hoist_defs(root: &mut Value, cx: &mut Cx<'_>) {
    while let Some(owner) = find_defs(root, Kind::Document, "#") {
        let Some(Value::Object(defs)) = root
            .pointer_mut(&owner[1..])
            .and_then(Value::as_object_mut)
            .and_then(|o| o.remove("$defs"))
        else {
            continue;
        };
        let mut taken: Vec<String> = root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|s| s.keys().cloned().collect())
            .unwrap_or_default();
        let mut moves = Vec::new();
        let mut hoisted = Vec::new();
        for (key, schema) in defs {
            let mut name = key.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{key}_{n}");
                n += 1;
            }
            taken.push(name.clone());
            let old = child(&child(&owner, "$defs"), &key);
            let new = child("#/components/schemas", &name);
            cx.moved(new.clone(), &old);
            moves.push((old, new));
            hoisted.push((name, schema));
        }
        let Some(components) = root.as_object_mut().map(|r| {
            r.entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
        }) else {
            return;
        };
        let Some(schemas) = components.as_object_mut().map(|c| {
            c.entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()))
        }) else {
            return;
        };
        let Some(schemas) = schemas.as_object_mut() else {
            return;
        };
        for (name, schema) in hoisted {
            schemas.insert(name, schema);
        }
        rewrite_refs(root, &moves);
    }
}

/// The pointer of the first schema (in document order) that has `$defs`.
fn find_defs(node: &mut Value, kind: Kind, at: &str) -> Option<String> {
    if kind == Kind::Schema && node.get("$defs").is_some_and(Value::is_object) {
        return Some(at.to_string());
    }
    children_mut(node, kind)
        .into_iter()
        .find_map(|(suffix, value, kind)| find_defs(value, kind, &format!("{at}{suffix}")))
}

/// Rewrites every `$ref` (and local discriminator mapping target) that names `old` or a place
/// under it to the same place under `new`.
fn rewrite_refs(node: &mut Value, moves: &[(String, String)]) {
    let retarget = |text: &str| -> Option<String> {
        if !text.starts_with('#') {
            return None;
        }
        let decoded = percent_decode(text);
        moves.iter().find_map(|(old, new)| {
            let rest = decoded.strip_prefix(old.as_str())?;
            (rest.is_empty() || rest.starts_with('/')).then(|| format!("{new}{rest}"))
        })
    };
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(text) if key == "$ref" => {
                        if let Some(new) = retarget(text) {
                            *text = new;
                        }
                    }
                    Value::Object(mapping) if key == "mapping" => {
                        for target in mapping.values_mut() {
                            if let Some(new) = target.as_str().and_then(retarget) {
                                *target = Value::String(new);
                            }
                        }
                    }
                    other => rewrite_refs(other, moves),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite_refs(item, moves);
            }
        }
        _ => {}
    }
}

/// Rewrites every schema under `node`, each before its subschemas (which are then reached at
/// their new places).
fn walk(node: &mut Value, kind: Kind, at: &str, cx: &mut Cx<'_>) {
    if kind == Kind::Schema {
        if let Value::Object(obj) = node {
            schema(obj, at, cx);
        }
    }
    for (suffix, value, kind) in children_mut(node, kind) {
        walk(value, kind, &format!("{at}{suffix}"), cx);
    }
}

/// Rewrites one schema object at `at` (not its subschemas).
fn schema(obj: &mut Map<String, Value>, at: &str, cx: &mut Cx<'_>) {
    examples(obj, at, cx);
    if let Some(value) = obj.remove("const") {
        obj.insert("enum".to_string(), Value::Array(vec![value]));
        cx.moved(child(at, "enum"), &child(at, "const"));
    }
    exclusive_bounds(obj, at, cx);
    null_in_enum(obj);
    let types = type_list(obj);
    null_members(obj, at, cx);
    ref_siblings(obj, at, cx);
    prefix_items(obj, at, cx);
    content(obj);
    if types.len() > 1 {
        split_types(obj, &types, at, cx);
    }
}

/// `examples: [a, …]` → `example: a` (unless the schema has an `example`).
fn examples(obj: &mut Map<String, Value>, at: &str, cx: &mut Cx<'_>) {
    if !obj.get("examples").is_some_and(Value::is_array) {
        return;
    }
    let Some(Value::Array(list)) = obj.remove("examples") else {
        return;
    };
    if let (false, Some(first)) = (obj.contains_key("example"), list.into_iter().next()) {
        obj.insert("example".to_string(), first);
        cx.moved(child(at, "example"), &child(&child(at, "examples"), "0"));
    }
}

/// Numeric `exclusiveMinimum`/`exclusiveMaximum` (3.1) → the 3.0 boolean form.
fn exclusive_bounds(obj: &mut Map<String, Value>, at: &str, cx: &mut Cx<'_>) {
    for (exclusive, bound, min) in [
        ("exclusiveMinimum", "minimum", true),
        ("exclusiveMaximum", "maximum", false),
    ] {
        let Some(limit) = obj.get(exclusive).filter(|v| v.is_number()).cloned() else {
            continue;
        };
        let x = limit.as_f64().unwrap_or_default();
        let inclusive_is_stricter =
            obj.get(bound)
                .and_then(Value::as_f64)
                .is_some_and(|b| if min { b > x } else { b < x });
        if inclusive_is_stricter {
            obj.remove(exclusive);
        } else {
            obj.insert(bound.to_string(), limit);
            obj.insert(exclusive.to_string(), Value::Bool(true));
            cx.moved(child(at, bound), &child(at, exclusive));
        }
    }
}

/// `null` among the `enum` values → `nullable: true`.
fn null_in_enum(obj: &mut Map<String, Value>) {
    let Some(Value::Array(values)) = obj.get_mut("enum") else {
        return;
    };
    if !values.iter().any(Value::is_null) {
        return;
    }
    values.retain(|v| !v.is_null());
    if values.is_empty() {
        obj.remove("enum");
    }
    obj.insert("nullable".to_string(), Value::Bool(true));
}

/// A `type` list (or `type: "null"`): `"null"` becomes `nullable: true`, one type is left as
/// a plain `type`. Returns the non-null types when several are left (the caller splits them).
fn type_list(obj: &mut Map<String, Value>) -> Vec<String> {
    let mut types: Vec<String> = match obj.get("type") {
        Some(Value::String(t)) if t == "null" => vec![t.clone()],
        Some(Value::Array(list)) if list.iter().all(Value::is_string) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => return Vec::new(),
    };
    let mut seen = Vec::new();
    types.retain(|t| {
        let first = !seen.contains(t);
        seen.push(t.clone());
        first
    });
    if let Some(i) = types.iter().position(|t| t == "null") {
        types.remove(i);
        obj.insert("nullable".to_string(), Value::Bool(true));
    }
    if types.iter().any(|t| t == "number") {
        types.retain(|t| t != "integer"); // every integer is a number
    }
    match types.len() {
        0 => {
            obj.remove("type");
        }
        1 => {
            obj.insert("type".to_string(), Value::String(types[0].clone()));
        }
        _ => return types,
    }
    Vec::new()
}

/// Whether a union member only says "null" (`{type: "null"}`, `{const: null}`, …, with
/// annotations at most).
fn is_null_schema(member: &Value) -> bool {
    let Some(obj) = member.as_object() else {
        return false;
    };
    let null = match (obj.get("type"), obj.get("const"), obj.get("enum")) {
        (Some(Value::String(t)), None, None) => t == "null",
        (Some(Value::Array(t)), None, None) => t.len() == 1 && t[0] == "null",
        (None, Some(Value::Null), None) => true,
        (None, None, Some(Value::Array(e))) => e.len() == 1 && e[0].is_null(),
        _ => false,
    };
    null && obj
        .keys()
        .all(|k| matches!(k.as_str(), "type" | "const" | "enum") || is_annotation(k))
}

/// `anyOf`/`oneOf` members that only say "null" → `nullable: true` (see the module docs).
fn null_members(obj: &mut Map<String, Value>, at: &str, cx: &mut Cx<'_>) {
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = obj.get(keyword) else {
            continue;
        };
        if !members.iter().any(is_null_schema) {
            continue;
        }
        let Some(Value::Array(members)) = obj.remove(keyword) else {
            continue;
        };
        obj.insert("nullable".to_string(), Value::Bool(true));
        let list = child(at, keyword);
        let kept: Vec<(usize, Value)> = members
            .into_iter()
            .enumerate()
            .filter(|(_, m)| !is_null_schema(m))
            .collect();
        let alone = kept.len() == 1
            && !obj.contains_key("discriminator")
            && !obj.contains_key(if keyword == "anyOf" { "oneOf" } else { "anyOf" });
        if alone {
            let (i, member) = kept.into_iter().next().expect("one member");
            let member_at = child(&list, &i.to_string());
            match member {
                Value::Object(m) if !m.contains_key("$ref") && mergeable(obj, &m) => {
                    for (key, value) in m {
                        if !obj.contains_key(&key) {
                            cx.moved(child(at, &key), &child(&member_at, &key));
                            obj.insert(key, value);
                        }
                    }
                }
                member => add_all_of(obj, member, at, &member_at, cx),
            }
        } else if !kept.is_empty() {
            let mut out = Vec::with_capacity(kept.len());
            for (i, (old, member)) in kept.into_iter().enumerate() {
                if i != old {
                    cx.moved(
                        child(&list, &i.to_string()),
                        &child(&list, &old.to_string()),
                    );
                }
                out.push(member);
            }
            obj.insert(keyword.to_string(), Value::Array(out));
        }
    }
}

/// Whether a union's only non-null member can be merged into the schema itself: no keyword
/// they both have says something different (annotations of the schema win).
fn mergeable(obj: &Map<String, Value>, member: &Map<String, Value>) -> bool {
    member
        .iter()
        .all(|(k, v)| obj.get(k).is_none_or(|mine| mine == v || is_annotation(k)))
}

/// Adds `member` (written at `member_at`) to the schema's `allOf`.
fn add_all_of(
    obj: &mut Map<String, Value>,
    member: Value,
    at: &str,
    member_at: &str,
    cx: &mut Cx<'_>,
) {
    let list = obj
        .entry("allOf")
        .or_insert_with(|| Value::Array(Vec::new()));
    if !list.is_array() {
        return; // lowering reports the malformed allOf
    }
    let items = list.as_array_mut().expect("checked");
    cx.moved(
        child(&child(at, "allOf"), &items.len().to_string()),
        member_at,
    );
    items.push(member);
}

/// A `$ref` with keywords beside it that are not annotations → `allOf: [{$ref}]` with them.
fn ref_siblings(obj: &mut Map<String, Value>, at: &str, cx: &mut Cx<'_>) {
    if !obj.contains_key("$ref") || obj.keys().all(|k| k == "$ref" || is_annotation(k)) {
        return;
    }
    let reference = obj.remove("$ref").expect("checked");
    add_all_of(obj, json!({ "$ref": reference }), at, at, cx);
}

/// `prefixItems` (tuples) → `items` when every entry is the same schema.
fn prefix_items(obj: &mut Map<String, Value>, at: &str, cx: &mut Cx<'_>) {
    if !obj.get("prefixItems").is_some_and(Value::is_array) {
        return;
    }
    let Some(Value::Array(prefix)) = obj.remove("prefixItems") else {
        return;
    };
    let closed = obj.get("items") == Some(&Value::Bool(false));
    let same = prefix.windows(2).all(|w| w[0] == w[1])
        && obj
            .get("items")
            .is_none_or(|items| closed || Some(items) == prefix.first());
    let count = prefix.len() as u64;
    match prefix.into_iter().next() {
        Some(first) if same => {
            obj.insert("items".to_string(), first);
            cx.moved(child(at, "items"), &child(&child(at, "prefixItems"), "0"));
            let max = obj.get("maxItems").and_then(Value::as_u64);
            if closed && max.is_none_or(|m| m > count) {
                obj.insert("maxItems".to_string(), Value::from(count));
            }
        }
        _ => {
            cx.warn(
                &child(at, "prefixItems"),
                "a tuple of different schemas (prefixItems) is generated as a list of JSON values",
            );
            obj.insert("items".to_string(), Value::Object(Map::new()));
        }
    }
}

/// `contentEncoding: base64` → `format: byte`; a non-JSON, non-text `contentMediaType` →
/// `format: binary` (strings without a `format` only).
fn content(obj: &mut Map<String, Value>) {
    if obj.contains_key("format") || obj.get("type").and_then(Value::as_str) != Some("string") {
        return;
    }
    let encoding = obj.get("contentEncoding").and_then(Value::as_str);
    let media = obj.get("contentMediaType").and_then(Value::as_str);
    let format = match (encoding, media) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(m)) if !m.starts_with("text/") && !m.contains("json") => "binary",
        _ => return,
    };
    obj.insert("format".to_string(), Value::String(format.to_string()));
}

/// The keywords that apply to one JSON type (the rest apply to every type).
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &[
            "minLength",
            "maxLength",
            "pattern",
            "contentEncoding",
            "contentMediaType",
        ],
        "integer" | "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &[
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
            "minContains",
            "maxContains",
            "unevaluatedItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "propertyNames",
            "dependentRequired",
            "dependentSchemas",
            "unevaluatedProperties",
            "discriminator",
        ],
        _ => &[],
    }
}

/// Whether an `enum` value or a `format` belongs to a JSON type.
fn value_has_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

/// Numeric `format`s; any other format is a string's.
const NUMERIC_FORMATS: [&str; 6] = ["int32", "int64", "float", "double", "uint32", "uint64"];

/// Several non-null types → `oneOf` one member per type (see the module docs).
fn split_types(obj: &mut Map<String, Value>, types: &[String], at: &str, cx: &mut Cx<'_>) {
    let Some(keyword) = ["oneOf", "anyOf"]
        .into_iter()
        .find(|k| !obj.contains_key(*k))
    else {
        cx.warn(
            &child(at, "type"),
            "a list of types beside both oneOf and anyOf is not supported; using any JSON value",
        );
        obj.remove("type");
        return;
    };
    let format = obj
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_string);
    let enum_values = obj.get("enum").and_then(Value::as_array).cloned();
    let mut members = Vec::new();
    let mut moved_keys = vec!["type".to_string()];
    for ty in types {
        let mut member = Map::new();
        member.insert("type".to_string(), Value::String(ty.clone()));
        let mut title = ty.clone();
        title[..1].make_ascii_uppercase();
        member.insert("title".to_string(), Value::String(title));
        for key in keywords_of(ty) {
            if let Some(value) = obj.get(*key) {
                member.insert(key.to_string(), value.clone());
                moved_keys.push(key.to_string());
            }
        }
        if let Some(format) = &format {
            let numeric = NUMERIC_FORMATS.contains(&format.as_str());
            if (numeric && matches!(ty.as_str(), "integer" | "number"))
                || (!numeric && ty == "string")
            {
                member.insert("format".to_string(), Value::String(format.clone()));
                moved_keys.push("format".to_string());
            }
        }
        if let Some(values) = &enum_values {
            let mine: Vec<Value> = values
                .iter()
                .filter(|v| value_has_type(v, ty))
                .cloned()
                .collect();
            if mine.is_empty() {
                continue; // no allowed value has this type
            }
            member.insert("enum".to_string(), Value::Array(mine));
            moved_keys.push("enum".to_string());
        }
        members.push(Value::Object(member));
    }
    for key in moved_keys {
        obj.remove(&key);
    }
    for i in 0..members.len() {
        cx.moved(child(&child(at, keyword), &i.to_string()), at);
    }
    obj.insert(keyword.to_string(), Value::Array(members));
}

#[cfg(test)]
mod tests {
    use super::super::Document;
    use serde_json::{json, Value};

    /// A 3.1 document with `schema` as its only component schema, `S`, loaded.
    fn load(schema: Value) -> Document {
        Document::from_value(
            json!({
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "components": {"schemas": {"S": schema}},
            }),
            "t.yaml",
        )
    }

    fn s(doc: &Document) -> &Value {
        doc.get("#/components/schemas/S").expect("S")
    }

    #[test]
    fn a_type_list_with_null_is_a_nullable_type() {
        let doc = load(json!({"type": ["string", "null"], "maxLength": 3}));
        assert_eq!(
            s(&doc),
            &json!({"type": "string", "nullable": true, "maxLength": 3})
        );
        let doc = load(json!({"type": "null"}));
        assert_eq!(s(&doc), &json!({"nullable": true}));
        let doc = load(json!({"type": "string", "enum": ["a", null]}));
        assert_eq!(
            s(&doc),
            &json!({"type": "string", "enum": ["a"], "nullable": true})
        );
    }

    #[test]
    fn several_types_become_one_of_with_each_types_keywords() {
        let doc = load(json!({
            "type": ["integer", "string", "null"],
            "minimum": 1, "maxLength": 8, "format": "int64", "description": "d",
        }));
        assert_eq!(
            s(&doc),
            &json!({
                "nullable": true,
                "description": "d",
                "oneOf": [
                    {"type": "integer", "title": "Integer", "minimum": 1, "format": "int64"},
                    {"type": "string", "title": "String", "maxLength": 8},
                ],
            })
        );
        // Every integer is a number: `[integer, number]` is one type.
        let doc = load(json!({"type": ["integer", "number"]}));
        assert_eq!(s(&doc), &json!({"type": "number"}));
    }

    #[test]
    fn const_is_a_one_value_enum_and_examples_give_the_example() {
        let doc = load(json!({"type": "string", "const": "widget", "examples": ["x", "y"]}));
        assert_eq!(
            s(&doc),
            &json!({"type": "string", "enum": ["widget"], "example": "x"})
        );
        // The source map places the rewritten keywords where they were written.
        assert_eq!(
            doc.locate("#/components/schemas/S/enum/0"),
            "#/components/schemas/S/const/0"
        );
        assert_eq!(
            doc.locate("#/components/schemas/S/example"),
            "#/components/schemas/S/examples/0"
        );
    }

    #[test]
    fn numeric_exclusive_bounds_take_the_boolean_form() {
        let doc = load(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}));
        assert_eq!(
            s(&doc),
            &json!({
                "type": "number",
                "minimum": 0, "exclusiveMinimum": true,
                "maximum": 1, "exclusiveMaximum": true,
            })
        );
        // An inclusive bound that is stricter wins alone.
        let doc = load(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 0}));
        assert_eq!(s(&doc), &json!({"type": "integer", "minimum": 5}));
        // A weaker inclusive bound gives way to the exclusive one.
        let doc = load(json!({"type": "integer", "maximum": 10, "exclusiveMaximum": 5}));
        assert_eq!(
            s(&doc),
            &json!({"type": "integer", "maximum": 5, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn a_ref_keeps_annotations_and_wraps_other_siblings_in_all_of() {
        let doc = load(json!({"$ref": "#/components/schemas/T", "description": "d"}));
        assert_eq!(
            s(&doc),
            &json!({"$ref": "#/components/schemas/T", "description": "d"})
        );
        let doc = load(json!({
            "$ref": "#/components/schemas/T",
            "required": ["b"],
            "properties": {"b": {"type": "string"}},
        }));
        assert_eq!(
            s(&doc),
            &json!({
                "allOf": [{"$ref": "#/components/schemas/T"}],
                "required": ["b"],
                "properties": {"b": {"type": "string"}},
            })
        );
    }

    #[test]
    fn null_members_of_unions_make_them_nullable() {
        let doc = load(json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}));
        assert_eq!(
            s(&doc),
            &json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        let doc = load(json!({"oneOf": [{"type": "string", "minLength": 2}, {"const": null}]}));
        assert_eq!(
            s(&doc),
            &json!({"nullable": true, "type": "string", "minLength": 2})
        );
        let doc =
            load(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}));
        assert_eq!(
            s(&doc),
            &json!({"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn prefix_items_of_one_schema_are_items_and_others_a_warned_list() {
        let doc = load(json!({
            "type": "array",
            "prefixItems": [{"type": "number"}, {"type": "number"}],
            "items": false,
        }));
        assert_eq!(
            s(&doc),
            &json!({"type": "array", "items": {"type": "number"}, "maxItems": 2})
        );
        assert!(doc.diagnostics.is_empty());
        let doc = load(json!({
            "type": "array",
            "prefixItems": [{"type": "string"}, {"type": "integer"}],
        }));
        assert_eq!(s(&doc), &json!({"type": "array", "items": {}}));
        assert_eq!(doc.diagnostics.len(), 1);
        assert_eq!(
            doc.diagnostics[0].pointer,
            "#/components/schemas/S/prefixItems"
        );
    }

    #[test]
    fn webhooks_are_dropped_with_a_warning() {
        let doc = Document::from_value(
            json!({
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "webhooks": {"a": {"post": {}}, "b": {"post": {}}},
            }),
            "t.yaml",
        );
        assert!(doc.root.get("webhooks").is_none());
        assert_eq!(doc.root["paths"], json!({}), "paths are optional in 3.1");
        assert_eq!(doc.diagnostics.len(), 1);
        assert_eq!(doc.diagnostics[0].pointer, "#/webhooks");
        assert!(
            doc.diagnostics[0].message.contains("2 ignored"),
            "{}",
            doc.diagnostics[0].message
        );
    }

    #[test]
    fn defs_move_to_components_and_references_follow() {
        let doc = load(json!({
            "type": "object",
            "properties": {"a": {"$ref": "#/components/schemas/S/$defs/A"}},
            "$defs": {"A": {"type": "object", "properties": {
                "next": {"$ref": "#/components/schemas/S/$defs/A"},
                "bad": {"type": "strin"},
            }}},
        }));
        assert_eq!(
            s(&doc)["properties"]["a"],
            json!({"$ref": "#/components/schemas/A"})
        );
        let a = doc.get("#/components/schemas/A").expect("hoisted");
        assert_eq!(
            a["properties"]["next"],
            json!({"$ref": "#/components/schemas/A"})
        );
        // An error in the moved schema names it where it was written.
        assert_eq!(
            doc.locate("#/components/schemas/A/properties/bad/type"),
            "#/components/schemas/S/$defs/A/properties/bad/type"
        );
    }

    #[test]
    fn a_30_document_is_not_rewritten() {
        let schema = json!({"type": ["string", "null"], "const": "x"});
        let doc = Document::from_value(
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "components": {"schemas": {"S": schema.clone()}},
            }),
            "t.yaml",
        );
        assert_eq!(s(&doc), &schema);
        assert!(doc.sources.is_empty());
    }
}

//! The one place the conformance run reads the generator's IR (`atlas_codegen::build_ir`).
//!
//! It answers two questions, and nothing else: which Rust type stands for the schema at a JSON
//! pointer (every named type's `TypeDef::pointer`, and the request/response bodies whose type
//! has no name of its own), and which files make up the client crate for a selection. The
//! instances themselves never come from here: `tests/conformance/oracle.py` reads the spec on
//! its own. When the IR is renamed or reorganised, this file is what needs updating.

use std::collections::{BTreeMap, BTreeSet};

use atlas_codegen::ir::{Api, BodyKind, ResponseStatus, TypeKind, TypeRef};
use atlas_codegen::load::child;
use atlas_codegen::{build_ir, Document, EmitOptions, Selection};

/// A schema to test and the Rust type that should carry it.
#[derive(Debug, Clone)]
pub struct Target {
    /// Unique within a spec: the type name, or `operation.request` / `operation.response`.
    pub id: String,
    /// JSON pointer (`#/…`) of the schema in the spec; may pass through `$ref`s.
    pub pointer: String,
    /// The Rust type, with named types as `models::Name`.
    pub rust_type: String,
    /// Whether `null` is a value of this target when its schema says `nullable: true`. Not for
    /// a named type: `null` is carried by whatever refers to it (an `Option` field, list item
    /// or map value), and tested through the referring schema. A body's type carries it.
    pub nullable: bool,
    /// Whose instances to draw: `"response"` (what a server sends) for every type decoded from
    /// an answer, `"request"` (what a client sends: no `readOnly` property, `writeOnly` ones
    /// required like any other) for a type only ever sent, whose generated struct has no
    /// read-only field (in `Api::request_types` but not `Api::response_types`).
    pub direction: &'static str,
}

/// The IR-derived facts about one spec and selection.
pub struct Prepared {
    pub targets: Vec<Target>,
    /// Files of the generated client crate (path relative to its root → contents).
    pub files: BTreeMap<String, String>,
    /// `#/components/schemas/…` entries with no generated type (no selected operation reaches
    /// them): nothing to decode them into.
    pub not_generated: Vec<String>,
}

/// Every operation id of the document, sorted (what `Selection::only` takes).
pub fn operation_ids(doc: &Document) -> Result<Vec<String>, String> {
    let api = build_ir(doc, &Selection::default()).map_err(|e| e.to_string())?;
    let mut ids: Vec<String> = api
        .operations
        .values()
        .map(|o| o.operation_id.clone())
        .collect();
    ids.sort();
    Ok(ids)
}

/// A few operations that together reach a type for each of `pointers` that any operation
/// reaches (greedy: the operation reaching the most not yet covered first; ties by id), and how
/// many of `pointers` they cover.
pub fn operations_reaching(
    doc: &Document,
    pointers: &BTreeSet<String>,
) -> Result<(BTreeSet<String>, usize), String> {
    let api = build_ir(doc, &Selection::default()).map_err(|e| e.to_string())?;
    let mut reach: Vec<(String, BTreeSet<&str>)> = api
        .operations
        .values()
        .map(|op| {
            let mut roots: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
            roots.extend(op.body.iter().map(|b| &b.ty));
            roots.extend(
                op.responses
                    .iter()
                    .filter_map(|r| r.content.as_ref().and_then(|c| c.ty.as_ref())),
            );
            let covered = reached(&api, roots)
                .into_iter()
                .map(|name| api.types[name].pointer.as_str())
                .filter(|p| pointers.contains(*p))
                .collect();
            (op.operation_id.clone(), covered)
        })
        .collect();
    reach.sort_by(|a, b| a.0.cmp(&b.0));
    let mut chosen = BTreeSet::new();
    let mut covered: BTreeSet<&str> = BTreeSet::new();
    loop {
        let best = reach
            .iter()
            .map(|(id, set)| (set.difference(&covered).count(), id, set))
            .filter(|(gain, _, _)| *gain > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)));
        let Some((_, id, set)) = best else { break };
        chosen.insert(id.clone());
        covered.extend(set.iter().copied());
    }
    Ok((chosen, covered.len()))
}

/// The names of the types reachable from `roots`.
fn reached<'a>(api: &'a Api, roots: Vec<&'a TypeRef>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(t) = stack.pop() {
        let Some(name) = t.named() else { continue };
        let Some((name, def)) = api.types.get_key_value(name) else {
            continue;
        };
        if !seen.insert(name.as_str()) {
            continue;
        }
        match &def.kind {
            TypeKind::Struct(s) => {
                stack.extend(s.fields.iter().map(|f| &f.ty));
                stack.extend(s.additional.iter());
            }
            TypeKind::Tagged(t) => stack.extend(t.variants.iter().map(|v| &v.ty)),
            TypeKind::Untagged(vs) | TypeKind::AnyOf(vs) => stack.extend(vs.iter().map(|v| &v.ty)),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => stack.push(t),
            TypeKind::Enum(_) => {}
        }
    }
    seen
}

/// Builds the IR for `only` (every operation when `None`), lists the targets and emits the
/// client crate (no per-tag features: every type compiles).
pub fn prepare(
    doc: &Document,
    only: Option<BTreeSet<String>>,
    options: &EmitOptions,
) -> Result<Prepared, String> {
    let selection = Selection {
        only,
        ..Selection::default()
    };
    let api = build_ir(doc, &selection).map_err(|e| e.to_string())?;
    // The client crate defines only the types its operations need (not those only an error
    // or other non-decoded response reaches): those are the ones a harness can name.
    let emitted = atlas_codegen::emit::client::emitted_types(&api);
    let names: BTreeSet<&str> = emitted.iter().map(|(n, _)| n.as_str()).collect();
    let mut targets: Vec<Target> = emitted
        .iter()
        .map(|(name, def)| Target {
            id: name.to_string(),
            pointer: def.pointer.clone(),
            rust_type: format!("models::{name}"),
            nullable: false,
            direction: if api.request_types.contains(name.as_str())
                && !api.response_types.contains(name.as_str())
            {
                "request"
            } else {
                "response"
            },
        })
        .collect();
    targets.extend(body_targets(&api, &names));
    let generated: BTreeSet<&str> = emitted.iter().map(|(_, d)| d.pointer.as_str()).collect();
    let not_generated = doc.root["components"]["schemas"]
        .as_object()
        .map(|schemas| {
            schemas
                .keys()
                .map(|k| child("#/components/schemas", k))
                .filter(|p| !generated.contains(p.as_str()))
                .collect()
        })
        .unwrap_or_default();
    let files = atlas_codegen::emit::emit(&api, options).map_err(|e| e.to_string())?;
    Ok(Prepared {
        targets,
        files,
        not_generated,
    })
}

/// JSON request and response bodies (every documented response) whose type has no name of its
/// own (a list, a map, a primitive): named ones are already targets through their `TypeDef`.
fn body_targets(api: &Api, emitted: &BTreeSet<&str>) -> Vec<Target> {
    let mut out = Vec::new();
    for op in api.operations.values() {
        if let Some(body) = &op.body {
            if body.kind == BodyKind::Json && !matches!(body.ty, TypeRef::Named(_)) {
                let pointer = child(
                    &child(&child(&op.pointer, "requestBody"), "content"),
                    &body.content_type,
                );
                out.push(Target {
                    id: format!("{}.request", op.rust_name),
                    pointer: child(&pointer, "schema"),
                    rust_type: rust_type(&body.ty),
                    nullable: true,
                    direction: "request",
                });
            }
        }
        for response in &op.responses {
            let Some(content) = &response.content else {
                continue;
            };
            let Some(ty) = &content.ty else { continue };
            if content.kind != BodyKind::Json
                || matches!(ty, TypeRef::Named(_))
                || ty.named().is_some_and(|n| !emitted.contains(n))
            {
                continue;
            }
            let status = match response.status {
                ResponseStatus::Code(code) => code.to_string(),
                ResponseStatus::Range(digit) => format!("{digit}XX"),
                ResponseStatus::Default => "default".to_string(),
            };
            let pointer = child(&child(&response.pointer, "content"), &content.media_type);
            out.push(Target {
                id: format!("{}.response.{status}", op.rust_name),
                pointer: child(&pointer, "schema"),
                rust_type: rust_type(ty),
                nullable: true,
                direction: "response",
            });
        }
    }
    out
}

/// The Rust type the generated code uses for a [`TypeRef`], as seen from outside `models`.
fn rust_type(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => format!("models::{n}"),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I8 => "i8".into(),
        TypeRef::I16 => "i16".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U8 => "u8".into(),
        TypeRef::U16 => "u16".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F32 => "f64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::DateTime => "client::DateTime".into(),
        TypeRef::Date => "chrono::NaiveDate".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Map(inner) => {
            format!("std::collections::BTreeMap<String, {}>", rust_type(inner))
        }
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(inner)),
    }
}

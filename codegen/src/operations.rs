//! Paths and operations → [`ir::Operation`]s, and the assembly of the whole [`ir::Api`].

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::ir::{
    Api, Body, BodyKind, Deprecation, Field, Operation, PageField, Pagination, Param,
    ParamLocation, PathPart, Response, TypeDef, TypeKind, TypeRef,
};
use crate::load::{child, Document};
use crate::naming::{self, Scope};
use crate::types::{box_cycles, break_alias_cycles, description, TypeBuilder};

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Names a request builder already uses for its own methods.
const BUILDER_RESERVED: &[&str] = &[
    "body",
    "client",
    "send",
    "into_future",
    "into_stream",
    "request",
];

/// Which operations to generate.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Operation ids (upstream `operationId` or the `x-xgen-operation-id-override` name).
    pub only: Option<BTreeSet<String>>,
    /// Tag names; an operation is kept when one of its tags is listed.
    pub tags: Option<BTreeSet<String>>,
}

/// Builds the IR for the selected operations and the types they reach.
pub fn build(doc: &Document, selection: &Selection) -> Result<Api> {
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
    let paths = match root.get("paths") {
        Some(Value::Object(p)) => p,
        Some(_) => return Err(Error::spec("#/paths", "paths must be a mapping")),
        None => return Err(Error::spec("#/paths", "missing `paths`")),
    };
    let info = root.get("info");
    let text = |v: Option<&Value>, k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };

    let mut types = TypeBuilder::new(doc);
    let mut fn_names = Scope::with_reserved(&["builder", "transport", "new", "from", "clone"]);
    // Operation modules import `Client` and `Cow` (and `Error`, which `type_name` never gives).
    let mut builder_names = Scope::with_reserved(&["Client", "Cow"]);
    let mut operations = BTreeMap::new();
    let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut matched_selection = BTreeSet::new();

    for (path, item) in paths {
        let item_pointer = child("#/paths", path);
        let (item, _) = types.deref(item, &item_pointer)?;
        let Some(item_obj) = item.as_object() else {
            return Err(Error::spec(item_pointer, "a path item must be a mapping"));
        };
        for method in METHODS {
            let Some(op) = item_obj.get(*method) else {
                continue;
            };
            let op_pointer = child(&item_pointer, method);
            if !op.is_object() {
                return Err(Error::spec(op_pointer, "an operation must be a mapping"));
            }
            let upstream_id = op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string);
            let preferred = op
                .get("x-xgen-operation-id-override")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| upstream_id.clone());
            let tags: Vec<String> = op
                .get("tags")
                .and_then(Value::as_array)
                .map(|t| {
                    t.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            if !selected(
                selection,
                &upstream_id,
                &preferred,
                &tags,
                &mut matched_selection,
            ) {
                continue;
            }
            let name = match &preferred {
                Some(n) if !n.trim().is_empty() => n.clone(),
                _ => {
                    let derived = format!("{method} {path}");
                    types.warn(
                        &op_pointer,
                        format!("no operationId; named `{}`", naming::field_name(&derived)),
                    );
                    derived
                }
            };
            if let Some(previous) = seen_ids.insert(name.clone(), op_pointer.clone()) {
                types.warn(&op_pointer, format!("operationId `{name}` is also used at {previous}; this one gets a numbered name"));
            }
            let rust_name = fn_names.claim(&naming::field_name(&name));
            let builder_name = builder_names.claim(&naming::type_name(&name));
            let operation = operation(
                &mut types,
                path,
                method,
                item,
                op,
                &op_pointer,
                upstream_id.unwrap_or(name),
                rust_name.clone(),
                builder_name,
                tags,
            )?;
            operations.insert(rust_name, operation);
        }
    }
    check_selection(selection, &matched_selection)?;
    types.finish()?;

    let mut api = Api {
        title: text(info, "title").unwrap_or_else(|| "API".to_string()),
        version: text(info, "version").unwrap_or_default(),
        description: text(info, "description"),
        operations,
        ..Api::default()
    };
    let mut type_defs = std::mem::take(&mut types.types);
    break_alias_cycles(&mut type_defs)?;
    box_cycles(&mut type_defs);
    for op in api.operations.values_mut() {
        op.pagination = pagination(op, &type_defs);
    }
    types.types = type_defs;
    let request_roots = api.operations.values().flat_map(|op| {
        op.params
            .iter()
            .filter_map(|p| p.ty.named())
            .chain(op.body.as_ref().and_then(|b| b.ty.named()))
            .map(str::to_string)
            .collect::<Vec<_>>()
    });
    api.request_types = types.reachable(request_roots.collect::<Vec<_>>());
    api.checked_types = crate::ir::checked_types(&types.types, &api.request_types);
    // One walk per module, from the roots of all its operations.
    let mut module_roots: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for op in api.operations.values() {
        module_roots
            .entry(op.module.as_str())
            .or_default()
            .extend(op_type_roots(op));
    }
    let tag_types: BTreeMap<String, BTreeSet<String>> = module_roots
        .into_iter()
        .map(|(module, roots)| (module.to_string(), types.reachable(roots)))
        .collect();
    for (module, reached) in tag_types {
        api.tag_types.entry(module).or_default().extend(reached);
    }
    api.types = std::mem::take(&mut types.types);
    let mut diagnostics = std::mem::take(&mut types.diagnostics);
    diagnostics.sort();
    diagnostics.dedup();
    api.diagnostics = diagnostics;
    Ok(api)
}

/// The paging facts of a list operation: a GET with integer `pageNum` and `itemsPerPage` query
/// parameters whose JSON answer is an object with a `results` array (and usually an integer
/// `totalCount`), as Atlas's `Paginated…` types are. Aliases of the answer type are followed.
fn pagination(op: &Operation, types: &BTreeMap<String, TypeDef>) -> Option<Pagination> {
    if op.method != "GET" {
        return None;
    }
    let integer = |t: &TypeRef| matches!(t, TypeRef::I32 | TypeRef::I64);
    let query = |wire: &str| {
        op.params.iter().position(|p| {
            p.location == ParamLocation::Query && p.wire_name == wire && integer(&p.ty)
        })
    };
    let page_num = query("pageNum")?;
    let items_per_page = query("itemsPerPage")?;
    let Some((BodyKind::Json, TypeRef::Named(mut name))) = op.response.body.clone() else {
        return None;
    };
    let fields = loop {
        match &types.get(&name)?.kind {
            TypeKind::Alias(TypeRef::Named(target)) if *target != name => name = target.clone(),
            TypeKind::Struct(s) => break &s.fields,
            _ => return None,
        }
    };
    let field = |wire: &str| fields.iter().find(|f| f.wire_name == wire && !f.boxed);
    let page_field = |f: &Field| PageField {
        rust_name: f.rust_name.clone(),
        optional: !f.required || f.nullable,
    };
    let results = field("results")?;
    let TypeRef::Vec(item) = &results.ty else {
        return None;
    };
    let total_count = field("totalCount").filter(|f| integer(&f.ty));
    let default_items_per_page = op.params[items_per_page]
        .default
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .filter(|n| *n > 0)
        .unwrap_or(100);
    Some(Pagination {
        page_num,
        items_per_page,
        default_items_per_page,
        item: (**item).clone(),
        results: page_field(results),
        total_count: total_count.map(page_field),
    })
}

fn op_type_roots(op: &Operation) -> Vec<String> {
    op.params
        .iter()
        .filter_map(|p| p.ty.named())
        .chain(op.body.as_ref().and_then(|b| b.ty.named()))
        .chain(op.response.body.as_ref().and_then(|(_, t)| t.named()))
        .map(str::to_string)
        .collect()
}

fn selected(
    selection: &Selection,
    upstream_id: &Option<String>,
    preferred: &Option<String>,
    tags: &[String],
    matched: &mut BTreeSet<String>,
) -> bool {
    let mut keep = true;
    if let Some(only) = &selection.only {
        let hit: Vec<&String> = [upstream_id, preferred]
            .into_iter()
            .flatten()
            .filter(|id| only.contains(*id))
            .collect();
        matched.extend(hit.iter().map(|s| s.to_string()));
        keep &= !hit.is_empty();
    }
    if let Some(wanted) = &selection.tags {
        let hit: Vec<&String> = tags.iter().filter(|t| wanted.contains(*t)).collect();
        matched.extend(hit.iter().map(|t| format!("tag:{t}")));
        keep &= !hit.is_empty();
    }
    keep
}

fn check_selection(selection: &Selection, matched: &BTreeSet<String>) -> Result<()> {
    let mut missing: Vec<String> = Vec::new();
    if let Some(only) = &selection.only {
        missing.extend(only.iter().filter(|id| !matched.contains(*id)).cloned());
    }
    if let Some(tags) = &selection.tags {
        missing.extend(
            tags.iter()
                .filter(|t| !matched.contains(&format!("tag:{t}")))
                .map(|t| format!("tag `{t}`")),
        );
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::spec(
            "#/paths",
            format!("no operation matches {}", missing.join(", ")),
        ))
    }
}

#[allow(clippy::too_many_arguments)]
fn operation<'d>(
    types: &mut TypeBuilder<'d>,
    path: &str,
    method: &str,
    item: &'d Value,
    op: &'d Value,
    pointer: &str,
    operation_id: String,
    rust_name: String,
    builder_name: String,
    tags: Vec<String>,
) -> Result<Operation> {
    let params = parameters(types, item, op, pointer, &builder_name)?;
    let path_parts = path_parts(path, &params, pointer)?;
    for (i, p) in params.iter().enumerate() {
        if p.location == ParamLocation::Path && !path_parts.contains(&PathPart::Param(i)) {
            types.warn(
                pointer,
                format!(
                    "path parameter `{}` does not appear in the path template; it is not sent",
                    p.wire_name
                ),
            );
        }
    }
    let body = request_body(types, op, pointer, &builder_name)?;
    let response = response(types, op, pointer, &builder_name)?;
    let deprecated = op
        .get("deprecated")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let sunset = op
        .get("x-sunset")
        .and_then(Value::as_str)
        .map(str::to_string);
    let tag = tags.first().cloned();
    Ok(Operation {
        operation_id,
        rust_name,
        builder_name,
        method: method.to_ascii_uppercase(),
        path: path.to_string(),
        path_parts,
        summary: op
            .get("summary")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        description: op
            .get("description")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        deprecated: (deprecated || sunset.is_some()).then_some(Deprecation { sunset }),
        module: tag
            .as_deref()
            .map(naming::field_name)
            .unwrap_or_else(|| "untagged".to_string()),
        tag,
        params,
        body,
        response,
        pointer: pointer.to_string(),
        pagination: None,
    })
}

fn parameters<'d>(
    types: &mut TypeBuilder<'d>,
    item: &'d Value,
    op: &'d Value,
    pointer: &str,
    builder: &str,
) -> Result<Vec<Param>> {
    // Path-level parameters first, then operation-level ones replacing them by (name, in).
    let mut raw: Vec<(&'d Value, String)> = Vec::new();
    let item_pointer = pointer
        .rsplit_once('/')
        .map(|(p, _)| p.to_string())
        .unwrap_or_default();
    for (source, base) in [(item, item_pointer), (op, pointer.to_string())] {
        let Some(list) = source.get("parameters") else {
            continue;
        };
        let list = list
            .as_array()
            .ok_or_else(|| Error::spec(child(&base, "parameters"), "parameters must be a list"))?;
        for (i, p) in list.iter().enumerate() {
            let p_pointer = child(&child(&base, "parameters"), &i.to_string());
            let (resolved, resolved_pointer) = types.deref(p, &p_pointer)?;
            let key = |v: &Value| (v.get("name").cloned(), v.get("in").cloned());
            raw.retain(|(existing, _)| key(existing) != key(resolved));
            raw.push((resolved, resolved_pointer));
        }
    }
    let mut scope = Scope::with_reserved(BUILDER_RESERVED);
    let mut params = Vec::new();
    for (p, p_pointer) in raw {
        let name = p.get("name").and_then(Value::as_str).ok_or_else(|| {
            Error::spec(
                child(&p_pointer, "name"),
                "a parameter needs a string `name`",
            )
        })?;
        let location = match p.get("in").and_then(Value::as_str) {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => {
                types.warn(
                    &p_pointer,
                    format!("cookie parameter `{name}` is not supported; it is not sent"),
                );
                continue;
            }
            _ => {
                return Err(Error::spec(
                    child(&p_pointer, "in"),
                    "`in` must be path, query, header or cookie",
                ))
            }
        };
        let hint = format!("{builder}{}", naming::type_name(name));
        let (ty, constraints, default) = match p.get("schema") {
            Some(schema) => {
                let schema_pointer = child(&p_pointer, "schema");
                let ty = types.type_ref(schema, &schema_pointer, &hint)?;
                let (resolved, resolved_pointer) = types.deref(schema, &schema_pointer)?;
                let default = resolved.get("default").cloned();
                (ty, types.constraints(resolved, &resolved_pointer), default)
            }
            None => {
                types.warn(
                    &p_pointer,
                    format!("parameter `{name}` has no schema; sent as a string"),
                );
                (TypeRef::String, Default::default(), None)
            }
        };
        let ty = match (&ty, location) {
            (t, _) if t.is_scalar() || matches!(t, TypeRef::Named(_)) => ty,
            (TypeRef::Vec(inner), ParamLocation::Query)
                if !matches!(**inner, TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json) =>
            {
                ty
            }
            _ => {
                types.warn(
                    &p_pointer,
                    format!(
                        "parameter `{name}` has a structured schema; it is sent as its JSON text"
                    ),
                );
                TypeRef::Json
            }
        };
        params.push(Param {
            wire_name: name.to_string(),
            rust_name: scope.claim(&naming::field_name(name)),
            location,
            required: location == ParamLocation::Path
                || p.get("required").and_then(Value::as_bool).unwrap_or(false),
            ty,
            doc: description(p),
            deprecated: p
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            constraints,
            default,
        });
    }
    // Required first (they become method arguments in this order), path before query.
    params.sort_by_key(|p| (!p.required, p.location));
    Ok(params)
}

fn path_parts(path: &str, params: &[Param], pointer: &str) -> Result<Vec<PathPart>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err(Error::spec(
                pointer,
                format!("unbalanced `{{` in path `{path}`"),
            ));
        };
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_string()));
        }
        let name = &rest[open + 1..close];
        let index = params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
            .ok_or_else(|| {
                Error::spec(
                    pointer,
                    format!("path parameter `{name}` in `{path}` is not declared"),
                )
            })?;
        parts.push(PathPart::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_string()));
    }
    Ok(parts)
}

/// How a media type is read and written.
fn body_kind(media: &str) -> BodyKind {
    let m = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    if m == "application/json" || m.ends_with("+json") {
        BodyKind::Json
    } else if m.starts_with("text/") || m.ends_with("+csv") {
        BodyKind::Text
    } else {
        BodyKind::Binary
    }
}

/// Picks one media type from a `content` map: JSON first, then text, then binary; within a
/// kind, a dated Atlas version (`application/vnd.atlas.YYYY-MM-DD+json`) wins over an undated
/// one (`application/vnd.atlas.preview+json`, `application/json`), and the newest date wins.
/// Ties are broken by the name, so the choice never depends on the order of the map.
pub fn pick_media(content: &serde_json::Map<String, Value>) -> Option<(&String, &Value)> {
    content
        .iter()
        .min_by(|(a, _), (b, _)| media_rank(a).cmp(&media_rank(b)).then_with(|| a.cmp(b)))
}

/// Sort key of a media type for [`pick_media`]: smaller is preferred.
fn media_rank(media: &str) -> (u8, u8, std::cmp::Reverse<String>) {
    let kind = match body_kind(media) {
        BodyKind::Json => 0,
        BodyKind::Text => 1,
        BodyKind::Binary => 2,
    };
    let essence = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    match media_date(&essence) {
        Some(date) => (kind, 0, std::cmp::Reverse(date.to_string())),
        None if essence.contains("preview") => (kind, 2, std::cmp::Reverse(String::new())),
        None => (kind, 1, std::cmp::Reverse(String::new())),
    }
}

/// The `YYYY-MM-DD` version date in a vendor media type such as
/// `application/vnd.atlas.2023-01-01+json`.
fn media_date(essence: &str) -> Option<&str> {
    let subtype = essence.split_once('/')?.1;
    let version = subtype.split('+').next()?.rsplit('.').next()?;
    let b = version.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    shape.then_some(version)
}

fn request_body<'d>(
    types: &mut TypeBuilder<'d>,
    op: &'d Value,
    pointer: &str,
    builder: &str,
) -> Result<Option<Body>> {
    let Some(body) = op.get("requestBody") else {
        return Ok(None);
    };
    let body_pointer = child(pointer, "requestBody");
    let (body, body_pointer) = types.deref(body, &body_pointer)?;
    let content = body
        .get("content")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            Error::spec(
                child(&body_pointer, "content"),
                "a request body needs a `content` mapping",
            )
        })?;
    let Some((media, media_obj)) = pick_media(content) else {
        types.warn(
            &body_pointer,
            "request body has no media type; no body is sent".to_string(),
        );
        return Ok(None);
    };
    if content.len() > 1 {
        let others: Vec<&str> = content
            .keys()
            .filter(|k| *k != media)
            .map(String::as_str)
            .collect();
        types.warn(
            &child(&body_pointer, "content"),
            format!(
                "request body sent as `{media}`; also offered: {}",
                others.join(", ")
            ),
        );
    }
    let kind = body_kind(media);
    let media_pointer = child(&child(&body_pointer, "content"), media);
    let ty = match (kind, media_obj.get("schema")) {
        (BodyKind::Json, Some(schema)) => types.type_ref(
            schema,
            &child(&media_pointer, "schema"),
            &format!("{builder}Body"),
        )?,
        (BodyKind::Json, None) => TypeRef::Json,
        (BodyKind::Text, _) => TypeRef::String,
        (BodyKind::Binary, _) => TypeRef::Bytes,
    };
    Ok(Some(Body {
        content_type: media.clone(),
        kind,
        ty,
        required: body
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        doc: description(body),
    }))
}

fn response<'d>(
    types: &mut TypeBuilder<'d>,
    op: &'d Value,
    pointer: &str,
    builder: &str,
) -> Result<Response> {
    let responses_pointer = child(pointer, "responses");
    let responses = match op.get("responses") {
        Some(Value::Object(r)) => r,
        Some(_) => {
            return Err(Error::spec(
                responses_pointer,
                "responses must be a mapping",
            ))
        }
        None => {
            return Err(Error::spec(
                responses_pointer,
                "an operation needs `responses`",
            ))
        }
    };
    let mut success: Vec<(u16, &String, &'d Value)> = responses
        .iter()
        .filter_map(|(code, r)| {
            let status = if code.eq_ignore_ascii_case("2XX") {
                200
            } else {
                code.parse().ok()?
            };
            (200..300).contains(&status).then_some((status, code, r))
        })
        .collect();
    success.sort_by_key(|(status, _, _)| *status);
    let mut chosen: Option<Response> = None;
    let mut chosen_schema: Option<&'d Value> = None;
    let mut first_status = None;
    for (status, code, r) in success {
        let r_pointer = child(&responses_pointer, code);
        let (r, r_pointer) = types.deref(r, &r_pointer)?;
        first_status.get_or_insert(status);
        let Some(content) = r.get("content").and_then(Value::as_object) else {
            continue;
        };
        let Some((media, media_obj)) = pick_media(content) else {
            continue;
        };
        if let Some(existing) = &chosen {
            if existing.body.is_some() {
                let schema = media_obj.get("schema");
                if schema.is_some() && schema != chosen_schema {
                    types.warn(&r_pointer,
                        format!(
                            "a {code} answer is decoded with the type of the {} response; its own, different schema is not generated",
                            existing.status.unwrap_or(200)
                        ),
                    );
                }
                continue;
            }
        }
        let kind = body_kind(media);
        let media_pointer = child(&child(&r_pointer, "content"), media);
        let body = match (kind, media_obj.get("schema")) {
            (BodyKind::Json, Some(schema)) => Some((
                kind,
                types.type_ref(
                    schema,
                    &child(&media_pointer, "schema"),
                    &format!("{builder}Response"),
                )?,
            )),
            (BodyKind::Json, None) => None,
            (BodyKind::Text, _) => Some((kind, TypeRef::String)),
            (BodyKind::Binary, _) => Some((kind, TypeRef::Bytes)),
        };
        chosen_schema = media_obj.get("schema");
        chosen = Some(Response {
            status: Some(status),
            accept: media.clone(),
            body,
            doc: description(r),
        });
    }
    Ok(chosen.unwrap_or(Response {
        status: first_status,
        accept: "application/json".to_string(),
        body: None,
        doc: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(media: &[&str]) -> String {
        let content: serde_json::Map<String, Value> = media
            .iter()
            .map(|m| (m.to_string(), Value::Object(Default::default())))
            .collect();
        pick_media(&content)
            .map(|(m, _)| m.clone())
            .unwrap_or_default()
    }

    #[test]
    fn dated_versions_beat_preview_and_the_newest_wins() {
        let preview = "application/vnd.atlas.preview+json";
        let old = "application/vnd.atlas.2023-01-01+json";
        let new = "application/vnd.atlas.2024-08-05+json";
        assert_eq!(pick(&[preview, old]), old);
        assert_eq!(pick(&[old, preview, new]), new);
        assert_eq!(pick(&[preview]), preview);
        assert_eq!(pick(&["application/json", old]), old);
        assert_eq!(pick(&["application/vnd.atlas.2023-01-01+gzip", old]), old);
        assert_eq!(
            pick(&[
                "application/vnd.atlas.2023-01-01+csv",
                "application/vnd.atlas.2023-01-01+gzip"
            ]),
            "application/vnd.atlas.2023-01-01+csv"
        );
        assert_eq!(
            media_date("application/vnd.atlas.2023-01-01+json"),
            Some("2023-01-01")
        );
        assert_eq!(media_date("application/vnd.atlas.preview+json"), None);
        assert_eq!(
            body_kind("application/vnd.atlas.2023-01-01+csv"),
            BodyKind::Text
        );
        assert_eq!(
            body_kind("application/vnd.atlas.2023-01-01+gzip"),
            BodyKind::Binary
        );
    }
}

//! Media types (how a body is read or written, and which of a `content` map is used) and
//! request bodies → [`Body`]: JSON, text, bytes, `application/x-www-form-urlencoded` and
//! `multipart/form-data` (→ [`MultipartForm`]). Responses are in `responses.rs`.

use serde_json::Value;

use super::naming::body_name;
use super::schema::{description, Lowerer};
use crate::error::{Error, Result};
use crate::ir::{Body, BodyKind, FormField, MultipartForm, PartKind, TypeRef};
use crate::load::child;
use crate::naming::Scope;
use crate::profile::Profile;

/// How a media type is read and written: JSON (`application/json`, `…+json`), text
/// (`text/…`, and what the profile calls text), a form (`application/x-www-form-urlencoded`,
/// `multipart/form-data`) or bytes (anything else).
pub fn body_kind(profile: Profile, media: &str) -> BodyKind {
    let m = essence(media);
    if m == "application/json" || m.ends_with("+json") {
        BodyKind::Json
    } else if m.starts_with("text/") || profile.is_text(&m) {
        BodyKind::Text
    } else if m == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if m == "multipart/form-data" {
        BodyKind::Multipart
    } else {
        BodyKind::Binary
    }
}

/// A media type without its parameters, lower-case (`Application/JSON; charset=utf-8` →
/// `application/json`).
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

/// Picks one media type from a `content` map: JSON first, then text, then binary; within a
/// kind, the profile's rank (for Atlas: the newest dated version,
/// `application/vnd.atlas.YYYY-MM-DD+json`, first); ties are broken by the name, so the choice
/// never depends on the order of the map.
pub fn pick_media(
    profile: Profile,
    content: &serde_json::Map<String, Value>,
) -> Option<(&String, &Value)> {
    content.iter().min_by(|(a, _), (b, _)| {
        media_rank(profile, a)
            .cmp(&media_rank(profile, b))
            .then_with(|| a.cmp(b))
    })
}

/// Sort key of a media type for [`pick_media`]: smaller is preferred.
fn media_rank(profile: Profile, media: &str) -> (u8, (u8, std::cmp::Reverse<String>)) {
    let kind = match body_kind(profile, media) {
        BodyKind::Json => 0,
        BodyKind::Text => 1,
        BodyKind::Form => 2,
        BodyKind::Multipart => 3,
        BodyKind::Binary => 4,
    };
    (kind, profile.media_rank(&essence(media)))
}

impl<'d> Lowerer<'d> {
    /// The request body of an operation, sent as the [`pick_media`] choice (the others are
    /// reported). The `x-sunset` date of that media type (by the profile) goes to `sunsets`.
    pub(super) fn request_body(
        &mut self,
        op: &'d Value,
        pointer: &str,
        builder: &str,
        sunsets: &mut Vec<String>,
    ) -> Result<Option<Body>> {
        let Some(body) = op.get("requestBody") else {
            return Ok(None);
        };
        let body_pointer = child(pointer, "requestBody");
        let (body, body_pointer) = self.refs.deref(body, &body_pointer)?;
        let content = body
            .get("content")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                Error::spec(
                    child(&body_pointer, "content"),
                    "a request body needs a `content` mapping",
                )
            })?;
        let Some((media, media_obj)) = pick_media(self.profile, content) else {
            self.warn(
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
            self.warn(
                &child(&body_pointer, "content"),
                format!(
                    "request body sent as `{media}`; also offered: {}",
                    others.join(", ")
                ),
            );
        }
        sunsets.extend(self.profile.sunset(media_obj));
        let mut kind = body_kind(self.profile, media);
        let media_pointer = child(&child(&body_pointer, "content"), media);
        let schema_pointer = child(&media_pointer, "schema");
        if matches!(kind, BodyKind::Form | BodyKind::Multipart) && media_obj.get("schema").is_none()
        {
            self.warn(
                &media_pointer,
                format!("`{media}` body without a schema; it is sent as bytes"),
            );
            kind = BodyKind::Binary;
        }
        let mut form = None;
        let ty = match (kind, media_obj.get("schema")) {
            (BodyKind::Json | BodyKind::Form, Some(schema)) => {
                if kind == BodyKind::Form {
                    self.check_form_schema(schema, &schema_pointer, media_obj, &media_pointer)?;
                }
                self.type_ref(schema, &schema_pointer, &body_name(builder))?
            }
            (BodyKind::Multipart, Some(schema)) => {
                form = Some(self.multipart_form(
                    schema,
                    &schema_pointer,
                    media_obj,
                    &media_pointer,
                    builder,
                )?);
                TypeRef::Bytes
            }
            (BodyKind::Json, None) => TypeRef::Json,
            (BodyKind::Text, _) => TypeRef::String,
            (BodyKind::Binary | BodyKind::Form | BodyKind::Multipart, _) => TypeRef::Bytes,
        };
        Ok(Some(Body {
            content_type: media.clone(),
            kind,
            ty,
            form,
            required: body
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            doc: description(body),
        }))
    }
}

impl<'d> Lowerer<'d> {
    /// Checks an `application/x-www-form-urlencoded` body's schema: its properties are sent as
    /// `name=value` pairs (OpenAPI's default `form` style, lists as repeated names); an
    /// `encoding` asking for anything else, and properties holding objects (which the form
    /// does not define), are reported.
    fn check_form_schema(
        &mut self,
        schema: &'d Value,
        schema_pointer: &str,
        media_obj: &'d Value,
        media_pointer: &str,
    ) -> Result<()> {
        if let Some(encoding) = media_obj.get("encoding").and_then(Value::as_object) {
            for (property, e) in encoding {
                let style = e.get("style").and_then(Value::as_str).unwrap_or("form");
                let explode = e
                    .get("explode")
                    .and_then(Value::as_bool)
                    .unwrap_or(style == "form");
                let reserved = e
                    .get("allowReserved")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                if style != "form" || !explode || reserved {
                    self.warn(
                        &child(&child(media_pointer, "encoding"), property),
                        format!("the encoding of form property `{property}` (style `{style}`, explode {explode}, allowReserved {reserved}) is not supported; it is sent in style `form` with explode"),
                    );
                }
            }
        }
        for (name, prop, pointer) in self.form_properties(schema, schema_pointer)? {
            let (prop, _) = self.refs.deref(prop, &pointer)?;
            let ty = prop.get("type").and_then(Value::as_str);
            let items_object = prop.get("items").is_some_and(|items| {
                self.refs
                    .deref(items, &child(&pointer, "items"))
                    .is_ok_and(|(i, _)| {
                        matches!(
                            i.get("type").and_then(Value::as_str),
                            Some("object" | "array")
                        ) || i.get("properties").is_some()
                    })
            });
            if ty == Some("object") || prop.get("properties").is_some() || items_object {
                self.warn(
                    &pointer,
                    format!("form property `{name}` holds objects, which `application/x-www-form-urlencoded` does not define; a value that holds one is refused before sending"),
                );
            }
        }
        Ok(())
    }

    /// The properties of a form body's schema (`$ref`s followed, `allOf` members merged), in
    /// schema order, with their pointers.
    fn form_properties(
        &self,
        schema: &'d Value,
        pointer: &str,
    ) -> Result<Vec<(String, &'d Value, String)>> {
        let (schema, pointer) = self.refs.deref(schema, pointer)?;
        let mut out: Vec<(String, &'d Value, String)> = Vec::new();
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            for (i, m) in members.iter().enumerate() {
                let at = child(&child(&pointer, "allOf"), &i.to_string());
                for p in self.form_properties(m, &at)? {
                    out.retain(|(n, _, _)| *n != p.0);
                    out.push(p);
                }
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                out.retain(|(n, _, _)| n != name);
                let at = child(&child(&pointer, "properties"), name);
                out.push((name.clone(), prop, at));
            }
        }
        Ok(out)
    }

    /// The `required` list of a form body's schema (`allOf` members' included).
    fn form_required(&self, schema: &'d Value, pointer: &str) -> Result<Vec<String>> {
        let (schema, pointer) = self.refs.deref(schema, pointer)?;
        let mut out: Vec<String> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            for (i, m) in members.iter().enumerate() {
                let at = child(&child(&pointer, "allOf"), &i.to_string());
                out.extend(self.form_required(m, &at)?);
            }
        }
        Ok(out)
    }

    /// A `multipart/form-data` body: one field per property of its schema (a text part for
    /// primitives and lists of them, a file part for `format: binary`, a JSON part for the
    /// rest), with the `encoding` object's `contentType`. Its `rust_name` is set by the
    /// caller, which owns the builders' names.
    fn multipart_form(
        &mut self,
        schema: &'d Value,
        schema_pointer: &str,
        media_obj: &'d Value,
        media_pointer: &str,
        builder: &str,
    ) -> Result<MultipartForm> {
        let (resolved, _) = self.refs.deref(schema, schema_pointer)?;
        let properties = self.form_properties(schema, schema_pointer)?;
        if properties.is_empty() {
            self.warn(
                schema_pointer,
                "a multipart body without properties; it is sent with no parts".to_string(),
            );
        }
        let required = self.form_required(schema, schema_pointer)?;
        let encoding = media_obj.get("encoding").and_then(Value::as_object);
        let mut scope = Scope::with_reserved(self.naming.reserved_fields);
        let mut fields = Vec::new();
        for (name, prop, pointer) in properties {
            let (resolved_prop, resolved_pointer) = self.refs.deref(prop, &pointer)?;
            let part = match file_part(self, resolved_prop, &resolved_pointer)? {
                Some(many) => PartKind::File { many },
                None => {
                    let hint = format!("{builder}Form{}", self.naming.type_name(&name));
                    let ty = self.type_ref(prop, &pointer, &hint)?;
                    if self.holds_structure(resolved_prop, &resolved_pointer)? {
                        PartKind::Json(ty)
                    } else {
                        PartKind::Text(ty)
                    }
                }
            };
            let e = encoding.and_then(|e| e.get(&name));
            if let Some(headers) = e.and_then(|e| e.get("headers")) {
                if headers.as_object().is_some_and(|h| !h.is_empty()) {
                    self.warn(
                        &child(&child(&child(media_pointer, "encoding"), &name), "headers"),
                        format!("the part headers of `{name}` are not sent"),
                    );
                }
            }
            fields.push(FormField {
                rust_name: scope.claim(&self.naming.field_name(&name)),
                part,
                required: required.contains(&name),
                content_type: e
                    .and_then(|e| e.get("contentType"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                doc: description(resolved_prop),
                constraints: self.constraints(resolved_prop, &resolved_pointer),
                wire_name: name,
            });
        }
        Ok(MultipartForm {
            rust_name: String::new(),
            doc: description(resolved),
            fields,
        })
    }

    /// Whether a (resolved) property schema holds an object or a list of objects: a JSON
    /// part rather than text.
    fn holds_structure(&self, prop: &'d Value, pointer: &str) -> Result<bool> {
        let object = |s: &Value| {
            s.get("type").and_then(Value::as_str) == Some("object")
                || s.get("properties").is_some()
                || s.get("allOf").is_some()
                || (s.get("type").is_none()
                    && (s.get("oneOf").is_some() || s.get("anyOf").is_some()))
        };
        if object(prop) {
            return Ok(true);
        }
        if let Some(items) = prop.get("items") {
            let (items, _) = self.refs.deref(items, &child(pointer, "items"))?;
            return Ok(object(items) || items.get("items").is_some());
        }
        Ok(false)
    }
}

/// `Some(many)` when a (resolved) property schema is a file (`type: string, format: binary`)
/// or a list of files.
fn file_part<'d>(lowerer: &Lowerer<'d>, prop: &'d Value, pointer: &str) -> Result<Option<bool>> {
    let binary = |s: &Value| {
        s.get("type").and_then(Value::as_str) == Some("string")
            && s.get("format").and_then(Value::as_str) == Some("binary")
    };
    if binary(prop) {
        return Ok(Some(false));
    }
    if let Some(items) = prop.get("items") {
        let (items, _) = lowerer.refs.deref(items, &child(pointer, "items"))?;
        if binary(items) {
            return Ok(Some(true));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(media: &[&str]) -> String {
        pick_in(Profile::Atlas, media)
    }

    fn pick_in(profile: Profile, media: &[&str]) -> String {
        let content: serde_json::Map<String, Value> = media
            .iter()
            .map(|m| (m.to_string(), Value::Object(Default::default())))
            .collect();
        pick_media(profile, &content)
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
            body_kind(Profile::Atlas, "application/vnd.atlas.2023-01-01+csv"),
            BodyKind::Text
        );
        assert_eq!(
            body_kind(Profile::Atlas, "application/vnd.atlas.2023-01-01+gzip"),
            BodyKind::Binary
        );
    }

    #[test]
    fn without_the_atlas_profile_versions_are_names_and_csv_is_bytes() {
        let preview = "application/vnd.atlas.preview+json";
        let old = "application/vnd.atlas.2023-01-01+json";
        let new = "application/vnd.atlas.2024-08-05+json";
        // By name alone: `2023…` < `2024…` < `preview`.
        assert_eq!(pick_in(Profile::OpenApi, &[preview, new, old]), old);
        assert_eq!(
            pick_in(Profile::OpenApi, &["application/json", old]),
            "application/json"
        );
        assert_eq!(
            body_kind(Profile::OpenApi, "application/vnd.atlas.2023-01-01+csv"),
            BodyKind::Binary
        );
        assert_eq!(body_kind(Profile::OpenApi, "text/csv"), BodyKind::Text);
    }
}

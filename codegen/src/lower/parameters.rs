//! Parameters → [`Param`]s (path, query, header and cookie; `style`, `explode`,
//! `allowReserved` and `content`) and the path template → [`PathPart`]s.

use serde_json::Value;

use super::bodies::body_kind;
use super::naming::parameter_name;
use super::schema::{description, Lowerer};
use crate::error::{Error, Result};
use crate::ir::{
    BodyKind, Constraints, Param, ParamEncoding, ParamLocation, ParamStyle, PathPart, TypeRef,
};
use crate::load::child;
use crate::naming::Scope;

impl<'d> Lowerer<'d> {
    /// The parameters of an operation: path-level ones first, then operation-level ones
    /// replacing them by (`name`, `in`); sorted required first (they become method arguments
    /// in this order), path before query before header before cookie.
    pub(super) fn parameters(
        &mut self,
        item: &'d Value,
        op: &'d Value,
        pointer: &str,
        builder: &str,
    ) -> Result<Vec<Param>> {
        let mut scope = Scope::with_reserved(self.naming.reserved_builder_members);
        let mut params = Vec::new();
        for (p, p_pointer) in self.declared_parameters(item, op, pointer)? {
            params.push(self.parameter(p, &p_pointer, builder, &mut scope)?);
        }
        params.sort_by_key(|p| (!p.required, p.location));
        Ok(params)
    }

    /// The parameter objects that apply to an operation, `$ref`s resolved, with their pointers.
    fn declared_parameters(
        &self,
        item: &'d Value,
        op: &'d Value,
        pointer: &str,
    ) -> Result<Vec<(&'d Value, String)>> {
        let mut raw: Vec<(&'d Value, String)> = Vec::new();
        let item_pointer = pointer
            .rsplit_once('/')
            .map(|(p, _)| p.to_string())
            .unwrap_or_default();
        for (source, base) in [(item, item_pointer), (op, pointer.to_string())] {
            let Some(list) = source.get("parameters") else {
                continue;
            };
            let list = list.as_array().ok_or_else(|| {
                Error::spec(child(&base, "parameters"), "parameters must be a list")
            })?;
            for (i, p) in list.iter().enumerate() {
                let p_pointer = child(&child(&base, "parameters"), &i.to_string());
                let (resolved, resolved_pointer) = self.refs.deref(p, &p_pointer)?;
                let key = |v: &Value| (v.get("name").cloned(), v.get("in").cloned());
                raw.retain(|(existing, _)| key(existing) != key(resolved));
                raw.push((resolved, resolved_pointer));
            }
        }
        Ok(raw)
    }

    /// One parameter.
    fn parameter(
        &mut self,
        p: &'d Value,
        p_pointer: &str,
        builder: &str,
        scope: &mut Scope,
    ) -> Result<Param> {
        let name = p.get("name").and_then(Value::as_str).ok_or_else(|| {
            Error::spec(
                child(p_pointer, "name"),
                "a parameter needs a string `name`",
            )
        })?;
        let location = match p.get("in").and_then(Value::as_str) {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => ParamLocation::Cookie,
            _ => {
                return Err(Error::spec(
                    child(p_pointer, "in"),
                    "`in` must be path, query, header or cookie",
                ))
            }
        };
        let example = match p.get("example") {
            Some(e) => Some(e.clone()),
            None => match p.get("schema") {
                Some(schema) => self
                    .refs
                    .deref(schema, &child(p_pointer, "schema"))?
                    .0
                    .get("example")
                    .cloned(),
                None => None,
            },
        };
        let (ty, constraints, default, encoding) = match p.get("content") {
            Some(content) if p.get("schema").is_none() => {
                self.parameter_content(content, p, p_pointer, name, builder, location)?
            }
            _ => {
                let (ty, constraints, default) =
                    self.parameter_schema(p, p_pointer, name, builder)?;
                let encoding = self.parameter_style(p, p_pointer, name, location);
                (ty, constraints, default, encoding)
            }
        };
        Ok(Param {
            wire_name: name.to_string(),
            rust_name: scope.claim(&self.naming.field_name(name)),
            location,
            required: location == ParamLocation::Path
                || p.get("required").and_then(Value::as_bool).unwrap_or(false),
            ty,
            encoding,
            doc: description(p),
            deprecated: p
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            constraints,
            default,
            example,
        })
    }

    /// The type, rules and default of a parameter's schema (a string when it has none).
    fn parameter_schema(
        &mut self,
        p: &'d Value,
        p_pointer: &str,
        name: &str,
        builder: &str,
    ) -> Result<(TypeRef, Constraints, Option<Value>)> {
        let Some(schema) = p.get("schema") else {
            self.warn(
                p_pointer,
                format!("parameter `{name}` has no schema; sent as a string"),
            );
            return Ok((TypeRef::String, Default::default(), None));
        };
        let schema_pointer = child(p_pointer, "schema");
        // A parameter is absent rather than `null`: `nullable` does not change its type.
        let ty = self
            .type_ref(
                schema,
                &schema_pointer,
                &parameter_name(self.naming, builder, name),
            )?
            .into_non_null();
        let (resolved, resolved_pointer) = self.refs.deref(schema, &schema_pointer)?;
        let default = resolved.get("default").cloned();
        if let Some(what) = self.nested_values(schema, &schema_pointer, 0, 0)? {
            self.warn(
                &schema_pointer,
                format!(
                    "parameter `{name}` can hold {what}, which OpenAPI's parameter styles do not define; a value that holds one is refused before sending"
                ),
            );
        }
        Ok((ty, self.constraints(resolved, &resolved_pointer), default))
    }

    /// `style`, `explode` and `allowReserved` of a parameter, with OpenAPI 3.0's defaults for
    /// its location; a style the location does not allow is reported and replaced by the
    /// default.
    fn parameter_style(
        &mut self,
        p: &Value,
        p_pointer: &str,
        name: &str,
        location: ParamLocation,
    ) -> ParamEncoding {
        let (default_style, _) = location.default_style();
        let style = match p.get("style") {
            None => default_style,
            Some(Value::String(s)) => match ParamStyle::from_name(s) {
                Some(style) if style.allowed_in(location) => style,
                found => {
                    let reason = if found.is_some() {
                        "is not defined for parameters in"
                    } else {
                        "is not an OpenAPI 3.0 style for"
                    };
                    self.warn(
                        &child(p_pointer, "style"),
                        format!(
                            "style `{s}` of parameter `{name}` {reason} `{}`; it is sent in style `{}`",
                            location_name(location),
                            default_style.as_str()
                        ),
                    );
                    default_style
                }
            },
            Some(_) => {
                self.warn(
                    &child(p_pointer, "style"),
                    format!(
                        "`style` of parameter `{name}` is not a string; it is sent in style `{}`",
                        default_style.as_str()
                    ),
                );
                default_style
            }
        };
        let explode = p
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(style == ParamStyle::Form);
        let allow_reserved = location == ParamLocation::Query
            && p.get("allowReserved").and_then(Value::as_bool) == Some(true);
        ParamEncoding::Style {
            style,
            explode,
            allow_reserved,
        }
    }

    /// A parameter declared with `content` (one media type): a JSON media type sends the
    /// value's JSON text; any other is reported and the value is sent in the location's
    /// default style.
    fn parameter_content(
        &mut self,
        content: &'d Value,
        p: &'d Value,
        p_pointer: &str,
        name: &str,
        builder: &str,
        location: ParamLocation,
    ) -> Result<(TypeRef, Constraints, Option<Value>, ParamEncoding)> {
        let content_pointer = child(p_pointer, "content");
        let map = content
            .as_object()
            .ok_or_else(|| Error::spec(content_pointer.clone(), "content must be a mapping"))?;
        let Some((media, media_obj)) = map.iter().next() else {
            return Err(Error::spec(
                content_pointer,
                "a parameter's content needs one media type",
            ));
        };
        if map.len() > 1 {
            self.warn(
                &content_pointer,
                format!("parameter `{name}` lists several media types; it is sent as `{media}`"),
            );
        }
        let media_pointer = child(&content_pointer, media);
        let ty = match media_obj.get("schema") {
            Some(schema) => self.type_ref(
                schema,
                &child(&media_pointer, "schema"),
                &parameter_name(self.naming, builder, name),
            )?,
            None => TypeRef::Json,
        };
        let constraints = match media_obj.get("schema") {
            Some(schema) => {
                let (resolved, resolved_pointer) =
                    self.refs.deref(schema, &child(&media_pointer, "schema"))?;
                self.constraints(resolved, &resolved_pointer)
            }
            None => Constraints::default(),
        };
        if body_kind(self.profile, media) == BodyKind::Json {
            return Ok((ty, constraints, None, ParamEncoding::Content(media.clone())));
        }
        self.warn(
            &media_pointer,
            format!(
                "parameter `{name}` is declared as `{media}`, which is not JSON; it is sent in style `{}`",
                location.default_style().0.as_str()
            ),
        );
        let encoding = self.parameter_style(p, p_pointer, name, location);
        Ok((ty, constraints, None, encoding))
    }

    /// What a parameter schema can hold that no style writes (a list or object inside a
    /// list or object), or `None`. `level` 0 is the parameter's value, 1 an item or property.
    fn nested_values(
        &self,
        schema: &'d Value,
        pointer: &str,
        level: u8,
        depth: u8,
    ) -> Result<Option<&'static str>> {
        // Combinators that refer to themselves are reported elsewhere; stop looking.
        if depth > 16 {
            return Ok(None);
        }
        let (schema, pointer) = self.refs.deref(schema, pointer)?;
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(members) = schema.get(key).and_then(Value::as_array) {
                for (i, m) in members.iter().enumerate() {
                    let at = child(&child(&pointer, key), &i.to_string());
                    if let Some(what) = self.nested_values(m, &at, level, depth + 1)? {
                        return Ok(Some(what));
                    }
                }
            }
        }
        // A `oneOf` / `anyOf` value is one of its members (checked above), whatever `type`
        // says next to them (Atlas writes `type: object` over `oneOf`s of string enums).
        let union = schema.get("oneOf").is_some() || schema.get("anyOf").is_some();
        let ty = schema
            .get("type")
            .and_then(Value::as_str)
            .filter(|_| !union);
        let list = ty == Some("array") || schema.get("items").is_some();
        let object = ty == Some("object")
            || schema.get("properties").is_some()
            || schema
                .get("additionalProperties")
                .is_some_and(Value::is_object);
        if level > 0 && list {
            return Ok(Some("lists inside a list or object"));
        }
        if level > 0 && object {
            return Ok(Some("objects inside a list or object"));
        }
        if list {
            if let Some(items) = schema.get("items") {
                return self.nested_values(items, &child(&pointer, "items"), 1, depth + 1);
            }
        }
        if object {
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, v) in props {
                    let at = child(&child(&pointer, "properties"), k);
                    if let Some(what) = self.nested_values(v, &at, 1, depth + 1)? {
                        return Ok(Some(what));
                    }
                }
            }
            if let Some(extra) = schema.get("additionalProperties").filter(|v| v.is_object()) {
                return self.nested_values(
                    extra,
                    &child(&pointer, "additionalProperties"),
                    1,
                    depth + 1,
                );
            }
        }
        Ok(None)
    }
}

/// The `in` value of a location.
fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The path template (`/groups/{groupId}`) as literal text and references to path parameters.
/// Errors when a `{` is unbalanced or names no declared path parameter.
pub fn path_parts(path: &str, params: &[Param], pointer: &str) -> Result<Vec<PathPart>> {
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

//! Parameters → [`Param`]s (path, query and header; cookies are reported) and the path
//! template → [`PathPart`]s.

use serde_json::Value;

use super::naming::parameter_name;
use super::schema::{description, Lowerer};
use crate::error::{Error, Result};
use crate::ir::{Constraints, Param, ParamLocation, PathPart, TypeRef};
use crate::load::child;
use crate::naming::Scope;

impl<'d> Lowerer<'d> {
    /// The parameters of an operation: path-level ones first, then operation-level ones
    /// replacing them by (`name`, `in`); sorted required first (they become method arguments
    /// in this order), path before query before header.
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
            if let Some(param) = self.parameter(p, &p_pointer, builder, &mut scope)? {
                params.push(param);
            }
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

    /// One parameter; `None` for a cookie parameter (reported, not sent).
    fn parameter(
        &mut self,
        p: &'d Value,
        p_pointer: &str,
        builder: &str,
        scope: &mut Scope,
    ) -> Result<Option<Param>> {
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
            Some("cookie") => {
                self.warn(
                    p_pointer,
                    format!("cookie parameter `{name}` is not supported; it is not sent"),
                );
                return Ok(None);
            }
            _ => {
                return Err(Error::spec(
                    child(p_pointer, "in"),
                    "`in` must be path, query, header or cookie",
                ))
            }
        };
        let (ty, constraints, default) = self.parameter_schema(p, p_pointer, name, builder)?;
        let ty = self.sendable(ty, location, p_pointer, name);
        Ok(Some(Param {
            wire_name: name.to_string(),
            rust_name: scope.claim(&self.naming.field_name(name)),
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
        }))
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
        Ok((ty, self.constraints(resolved, &resolved_pointer), default))
    }

    /// The type a parameter is sent as: scalars, named types and (in a query) lists of
    /// non-nested values as they are; anything else as its JSON text.
    fn sendable(
        &mut self,
        ty: TypeRef,
        location: ParamLocation,
        p_pointer: &str,
        name: &str,
    ) -> TypeRef {
        match (&ty, location) {
            (t, _) if t.is_scalar() || matches!(t, TypeRef::Named(_)) => ty,
            (TypeRef::Vec(inner), ParamLocation::Query)
                if !matches!(**inner, TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json) =>
            {
                ty
            }
            _ => {
                self.warn(
                    p_pointer,
                    format!(
                        "parameter `{name}` has a structured schema; it is sent as its JSON text"
                    ),
                );
                TypeRef::Json
            }
        }
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

//! Schemas → type references and named types: the converter every other lowering file
//! extends.
//!
//! Like typify, every `#/components/schemas/*` entry gets its Rust name *before* any conversion
//! (see [`Registry`]), so a `$ref` is turned into [`TypeRef::Named`] without looking at its
//! target; targets are converted later from a work queue. That makes cycles (a oneOf whose
//! variants `allOf` the parent) ordinary. Only schemas reached from the chosen operations are
//! converted.
//!
//! Which file lowers what: primitives, arrays and maps here ([`Lowerer::type_ref`]); objects in
//! `objects.rs` (their `allOf` members merged by `all_of.rs`); string enums in `enums.rs`;
//! `oneOf`/`anyOf`/discriminators in `unions.rs`; names of inline types in `naming.rs`.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

use super::constraints::Patterns;
use super::diagnostics::Diagnostics;
use super::inheritance::Inheritance;
use super::naming::{inline_name, Step};
use super::refs::Refs;
use super::registry::Registry;
use super::responses::ResponseTypes;
use super::{enums, unions, MAX_DEPTH};
use crate::error::{Error, Result};
use crate::ir::{Constraints, Diagnostic, TypeDef, TypeKind, TypeRef};
use crate::load::{child, Document};
use crate::naming::NamingRules;
use crate::profile::Profile;

/// The state of one lowering run, in focused parts: each lowering file uses the parts it needs.
pub struct Lowerer<'d> {
    /// `$ref` resolution (cached).
    pub refs: Refs<'d>,
    /// Type names, the work queue and the types lowered so far.
    pub registry: Registry,
    /// Which components `allOf` which (for discriminated inheritance).
    pub inheritance: Inheritance,
    /// Warnings, each at a JSON pointer.
    pub diags: Diagnostics,
    /// Which patterns compile.
    pub patterns: Patterns,
    /// The types response schemas were lowered to.
    pub response_types: ResponseTypes,
    /// The conventions applied on top of OpenAPI.
    pub profile: Profile,
    /// How identifiers are made (the target emitter's reserved words).
    pub naming: &'static NamingRules,
    /// How deep the current conversion is nested, and which non-component `$ref` targets are
    /// being inlined (a cycle through them cannot be named).
    nesting: Nesting,
}

#[derive(Default)]
struct Nesting {
    depth: usize,
    inlining: Vec<String>,
}

impl<'d> Lowerer<'d> {
    /// A lowering run over `doc` (names every component schema and runs the shared-enum
    /// pre-pass).
    pub fn new(doc: &'d Document, profile: Profile, naming: &'static NamingRules) -> Self {
        Lowerer {
            profile,
            naming,
            refs: Refs::new(doc),
            registry: Registry::new(doc, profile, naming),
            inheritance: Inheritance::new(doc),
            diags: Diagnostics::default(),
            patterns: Patterns::default(),
            response_types: ResponseTypes::default(),
            nesting: Nesting::default(),
        }
    }

    /// Records a warning at `pointer`.
    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diags.warn(pointer, message);
    }

    /// Validation rules of the schema at `pointer` (see [`super::constraints::constraints`]).
    pub fn constraints(&mut self, schema: &Value, pointer: &str) -> Constraints {
        super::constraints::constraints(schema, pointer, &mut self.patterns, &mut self.diags)
    }

    /// The types lowered and the warnings, sorted.
    pub fn into_parts(self) -> (BTreeMap<String, TypeDef>, Vec<Diagnostic>) {
        (self.registry.into_types(), self.diags.into_sorted())
    }

    /// Converts every queued component schema (and whatever they reach).
    pub fn finish(&mut self) -> Result<()> {
        while let Some((pointer, name)) = self.registry.next_queued() {
            let schema = self
                .refs
                .doc()
                .get(&pointer)
                .ok_or_else(|| Error::spec(&pointer, "schema disappeared"))?;
            let kind = self.define(&name, schema, &pointer)?;
            let doc = description(schema);
            self.registry.define(name, TypeDef { doc, pointer, kind });
        }
        Ok(())
    }

    /// The Rust type for a schema at `pointer`; inline types that need a name get `hint`.
    /// [`TypeRef::Nullable`] when the schema allows `null` (see [`Lowerer::allows_null`]).
    pub fn type_ref(&mut self, schema: &'d Value, pointer: &str, hint: &str) -> Result<TypeRef> {
        let ty = self.non_null_type_ref(schema, pointer, hint)?;
        Ok(if self.allows_null(schema, pointer) {
            ty.nullable()
        } else {
            ty
        })
    }

    /// Whether a schema allows `null`: `nullable: true` on it (also next to a `$ref`, which
    /// OpenAPI 3.0 would ignore but authors mean), on what its `$ref` names, on the member of
    /// a one-member `allOf` it stands for, or on a member of its `oneOf`/`anyOf` (then the
    /// union allows `null`, and its variants do not). Each `$ref` target is looked at once,
    /// and at most 32 of them.
    pub fn allows_null(&self, schema: &'d Value, pointer: &str) -> bool {
        self.allows_null_within(schema, pointer, &mut Vec::new())
    }

    /// [`Lowerer::allows_null`], each `$ref` target visited once (`seen`).
    fn allows_null_within(&self, schema: &'d Value, pointer: &str, seen: &mut Vec<String>) -> bool {
        if flag(schema, "nullable") {
            return true;
        }
        if let Some(r) = schema.get("$ref") {
            return match self.refs.resolve(r, pointer) {
                Ok((target, target_pointer)) => {
                    if seen.contains(&target_pointer) || seen.len() >= 32 {
                        return false;
                    }
                    seen.push(target_pointer.clone());
                    self.allows_null_within(target, &target_pointer, seen)
                }
                Err(_) => false,
            };
        }
        let Some(obj) = schema.as_object() else {
            return false;
        };
        if let Some(member) = self.trivial_all_of(obj, pointer) {
            return self.allows_null_within(member, &Step::AllOf(0).pointer(pointer), seen);
        }
        ["oneOf", "anyOf"].into_iter().any(|keyword| {
            let Some(Value::Array(members)) = obj.get(keyword) else {
                return false;
            };
            let members_pointer = child(pointer, keyword);
            members.iter().enumerate().any(|(i, member)| {
                self.allows_null_within(member, &child(&members_pointer, &i.to_string()), seen)
            })
        })
    }

    /// [`Lowerer::type_ref`] without `null`: what a named type or a non-null place is.
    fn non_null_type_ref(
        &mut self,
        schema: &'d Value,
        pointer: &str,
        hint: &str,
    ) -> Result<TypeRef> {
        if let Some(r) = schema.get("$ref") {
            return self.ref_type(r, pointer, hint);
        }
        let Some(obj) = schema.as_object() else {
            return match schema {
                Value::Bool(true) => Ok(TypeRef::Json),
                _ => Err(Error::spec(pointer, "a schema must be an object")),
            };
        };
        if let Some(member) = self.trivial_all_of(obj, pointer) {
            return self.nested(
                |this| this.type_ref(member, &Step::AllOf(0).pointer(pointer), hint),
                pointer,
            );
        }
        if let Some(named) = self.inline_enum(obj, pointer) {
            return Ok(named);
        }
        if needs_name(obj) {
            let name = self.registry.claim(hint);
            let kind = self.nested(|this| this.define(&name, schema, pointer), pointer)?;
            self.registry.define(
                name.clone(),
                TypeDef {
                    doc: description(schema),
                    pointer: pointer.to_string(),
                    kind,
                },
            );
            return Ok(TypeRef::Named(name));
        }
        self.plain_type(obj, pointer, hint)
    }

    /// Runs a nested conversion with a depth guard.
    pub(super) fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T>,
        pointer: &str,
    ) -> Result<T> {
        if self.nesting.depth >= MAX_DEPTH {
            return Err(Error::spec(
                pointer,
                format!("schemas nest deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.nesting.depth += 1;
        let out = f(self);
        self.nesting.depth -= 1;
        out
    }

    /// The type a `$ref` (at `pointer`) stands for: a component schema's name, else the
    /// target converted in place (with a guard against cycles that cannot be named). Whether
    /// the target allows `null` is not part of it (see [`Lowerer::type_ref`]): a
    /// discriminated variant is an object whatever its schema says.
    pub(super) fn ref_type(
        &mut self,
        reference: &Value,
        pointer: &str,
        hint: &str,
    ) -> Result<TypeRef> {
        let (schema, target) = self.refs.resolve(reference, pointer)?;
        if let Some(name) = self.registry.use_component(&target) {
            return Ok(TypeRef::Named(name));
        }
        if self.nesting.inlining.contains(&target) {
            return Err(Error::spec(
                child(pointer, "$ref"),
                "cyclic $ref outside #/components/schemas cannot be given a type name",
            ));
        }
        self.nesting.inlining.push(target.clone());
        let out = self.nested(|this| this.type_ref(schema, &target, hint), pointer);
        self.nesting.inlining.pop();
        out
    }

    /// Types that need no name of their own: primitives, arrays, maps, free-form JSON.
    fn plain_type(
        &mut self,
        obj: &'d Map<String, Value>,
        pointer: &str,
        hint: &str,
    ) -> Result<TypeRef> {
        let ty = match obj.get("type") {
            None => None,
            Some(Value::String(t)) => Some(t.as_str()),
            Some(Value::Array(_)) => {
                self.warn(
                    pointer,
                    "a list of types (OpenAPI 3.1) is not supported; using any JSON value",
                );
                return Ok(TypeRef::Json);
            }
            Some(_) => {
                return Err(Error::spec(
                    child(pointer, "type"),
                    "`type` must be a string",
                ))
            }
        };
        let format = obj.get("format").and_then(Value::as_str);
        Ok(match ty {
            Some("string") => match format {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                _ => TypeRef::String,
            },
            Some("integer") => self.integer(format, pointer),
            Some("number") => self.number(format, pointer),
            Some("boolean") => TypeRef::Bool,
            Some("array") => match obj.get("items") {
                Some(items) => {
                    let item_hint = inline_name(self.naming, hint, Step::Items);
                    let item = self.nested(
                        |this| this.type_ref(items, &Step::Items.pointer(pointer), &item_hint),
                        pointer,
                    )?;
                    TypeRef::Vec(Box::new(item))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            Some("object") | None => match obj.get("additionalProperties") {
                Some(Value::Bool(true)) => TypeRef::Map(Box::new(TypeRef::Json)),
                Some(ap @ Value::Object(_)) => {
                    let value_hint = inline_name(self.naming, hint, Step::Values);
                    let value = self.nested(
                        |this| this.type_ref(ap, &Step::Values.pointer(pointer), &value_hint),
                        pointer,
                    )?;
                    TypeRef::Map(Box::new(value))
                }
                _ => TypeRef::Json,
            },
            Some(other) => {
                return Err(Error::spec(
                    child(pointer, "type"),
                    format!("unknown type `{other}` (expected string, integer, number, boolean, array or object)"),
                ))
            }
        })
    }

    /// The Rust integer type of `format` (OpenAPI's `int32`/`int64` and the registry's sized
    /// and unsigned ones), each holding its format's whole range; no format is `i64`, and an
    /// unknown one is `i64` with a warning.
    fn integer(&mut self, format: Option<&str>, pointer: &str) -> TypeRef {
        match format {
            Some("int8") => TypeRef::I8,
            Some("int16") => TypeRef::I16,
            Some("int32") => TypeRef::I32,
            None | Some("int64") => TypeRef::I64,
            Some("uint8") => TypeRef::U8,
            Some("uint16") => TypeRef::U16,
            Some("uint32") => TypeRef::U32,
            Some("uint64") => TypeRef::U64,
            Some(other) => {
                self.warn(
                    &child(pointer, "format"),
                    format!("unknown integer format `{other}`; using i64"),
                );
                TypeRef::I64
            }
        }
    }

    /// The floating-point type of `format`: `float` is [`TypeRef::F32`]; `double`, no format
    /// and `decimal` are `f64` (`decimal` with a warning: digits beyond an `f64`'s 15–17
    /// significant ones are rounded); an unknown format is `f64` with a warning.
    fn number(&mut self, format: Option<&str>, pointer: &str) -> TypeRef {
        match format {
            Some("float") => TypeRef::F32,
            None | Some("double") => TypeRef::F64,
            Some(f @ ("decimal" | "decimal128")) => {
                self.warn(
                    &child(pointer, "format"),
                    format!("format `{f}` is decoded as f64: digits beyond its 15–17 significant ones are rounded"),
                );
                TypeRef::F64
            }
            Some(other) => {
                self.warn(
                    &child(pointer, "format"),
                    format!("unknown number format `{other}`; using f64"),
                );
                TypeRef::F64
            }
        }
    }

    /// The definition of a named type: never nullable itself (the references to it are, see
    /// [`TypeRef`]).
    pub(super) fn define(
        &mut self,
        name: &str,
        schema: &'d Value,
        pointer: &str,
    ) -> Result<TypeKind> {
        Ok(match self.define_kind(name, schema, pointer)? {
            TypeKind::Alias(t) => TypeKind::Alias(t.into_non_null()),
            kind => kind,
        })
    }

    fn define_kind(&mut self, name: &str, schema: &'d Value, pointer: &str) -> Result<TypeKind> {
        if let Some(r) = schema.get("$ref") {
            return Ok(TypeKind::Alias(self.ref_type(r, pointer, name)?));
        }
        let Some(obj) = schema.as_object() else {
            return Ok(TypeKind::Alias(self.type_ref(schema, pointer, name)?));
        };
        if let Some(member) = self.trivial_all_of(obj, pointer) {
            let member_pointer = Step::AllOf(0).pointer(pointer);
            return Ok(TypeKind::Alias(self.type_ref(
                member,
                &member_pointer,
                name,
            )?));
        }
        if self.inheritance.is_union(obj, pointer) {
            if let Some(kind) = self.polymorphic(name, obj, pointer)? {
                return Ok(kind);
            }
        }
        if let Some(values) = enums::string_enum(obj) {
            return Ok(TypeKind::Enum(enums::enum_values(self.naming, &values)));
        }
        if obj.contains_key("allOf")
            || obj.contains_key("properties")
            || self.inheritance.is_union(obj, pointer)
        {
            return Ok(TypeKind::Struct(self.structure(name, schema, pointer)?));
        }
        Ok(TypeKind::Alias(self.plain_type(obj, pointer, name)?))
    }
}

/// Whether an inline schema needs a named type: a union, an `allOf`, a string enum or an
/// object with properties.
fn needs_name(obj: &Map<String, Value>) -> bool {
    unions::is_polymorphic(obj)
        || obj.contains_key("allOf")
        || enums::string_enum(obj).is_some()
        || obj
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
}

/// A boolean keyword of a schema (`readOnly`, `nullable`, …); absent is `false`.
pub fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The doc text of a schema (or parameter, body, answer): its description, else its title.
pub fn description(schema: &Value) -> Option<String> {
    schema
        .get("description")
        .or_else(|| schema.get("title"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

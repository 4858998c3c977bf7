//! `oneOf` / `anyOf` / a discriminator with a mapping → the Rust shape of a union:
//!
//! - a discriminator → a tagged enum (chosen by the discriminator property);
//! - every member a string enum (Atlas's region names per provider, instance sizes, event
//!   types) → **one string enum** with the values of all members, in member order, each once.
//!   The wire form of every member is a string, so nothing is lost, and `"US_EAST_1".into()`
//!   works as for any string enum;
//! - an `anyOf` with two members that can match the same object (not told apart by a
//!   required single-value property, like a `type` const in each) → a struct with one
//!   `Option` per member, each set when the value matches that member (a value may match
//!   several: `{"email", "phone"}` sets both an email and a phone member), encoded by merging
//!   the members that are set ([`TypeKind::AnyOf`]);
//! - any other `oneOf`/`anyOf` → an untagged enum (chosen by the shape of the value; an
//!   `anyOf` whose members cannot match the same value is one too).
//!
//! **Variant names** of untagged unions (and field names of `anyOf` structs), never
//! `VariantN`: the member's `title` (or that of the schema its `$ref` names); else, for a `$ref`, the referenced schema's type name;
//! else the member's shape: `Object`, `Enum` (a string enum), `OneOf`/`AnyOf` (a nested
//! union), `String`, `DateTime`, `Date`, `Bool`, the Rust type of a number (`I64`, `F64`, …),
//! `Json` (no type), `{Item}List` for an array and `{Value}Map` for a map (`StringList`,
//! `EmailContactList`, `ObjectList`). Names that collide are numbered (`Object`, `Object2`).
//! An inline member's own type is named `{Union}{Label}` with the same label
//! ([`member_label`], used by [`crate::lower::naming::Step::Member`]).

use serde_json::{Map, Value};
use std::collections::BTreeSet;

use super::all_of;
use super::enums::{enum_values, string_enum};
use super::naming::{inline_name, Step};
use super::schema::Lowerer;
use crate::error::{Error, Result};
use crate::ir::{Shape, ShapeConst, Tagged, TypeKind, TypeRef, Variant};
use crate::load::child;

/// How deep unions of string enums may nest (a member that is itself such a union).
const ENUM_UNION_DEPTH: usize = 8;

/// The label of a union member, for its variant name and its inline type's name: its
/// `title`, else the last token of its `$ref`, else its shape (see the module docs). A
/// number's label here is `Number`/`Integer`; variant names use the Rust type instead.
pub fn member_label(member: &Value) -> &str {
    if let Some(title) = member.get("title").and_then(Value::as_str) {
        if !title.trim().is_empty() {
            return title;
        }
    }
    if let Some(r) = member.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or("Ref");
    }
    let Some(obj) = member.as_object() else {
        return "Json";
    };
    if obj.contains_key("oneOf") {
        return "OneOf";
    }
    if obj.contains_key("anyOf") {
        return "AnyOf";
    }
    if string_enum(obj).is_some() {
        return "Enum";
    }
    match obj.get("type").and_then(Value::as_str) {
        Some("string") => match obj.get("format").and_then(Value::as_str) {
            Some("date-time") => "DateTime",
            Some("date") => "Date",
            _ => "String",
        },
        Some("integer") => "Integer",
        Some("number") => "Number",
        Some("boolean") => "Bool",
        Some("array") => "List",
        Some("object") => "Object",
        _ if obj.contains_key("properties")
            || obj.contains_key("allOf")
            || obj.contains_key("additionalProperties") =>
        {
            "Object"
        }
        _ => "Json",
    }
}

/// The values of a string enum, or of a union without discriminator whose members are all
/// inline string enums (or such unions): the members' values in order, each once. A union
/// with `$ref` members is not resolved here (the converter resolves them, see
/// `Lowerer::enum_union_values`); this is the form the shared-enum pre-pass records.
pub fn string_values(obj: &Map<String, Value>) -> Option<Vec<String>> {
    if !is_polymorphic(obj) {
        return string_enum(obj);
    }
    enum_union(obj, &mut |m| Ok(Some(m)), 0).ok().flatten()
}

/// The values of a union of string enums; `resolve` gives a member's schema (`None`: not
/// an enum union).
fn enum_union<'d>(
    obj: &'d Map<String, Value>,
    resolve: &mut dyn FnMut(&'d Value) -> Result<Option<&'d Value>>,
    depth: usize,
) -> Result<Option<Vec<String>>> {
    let union_only = !obj.contains_key("discriminator")
        && !obj.contains_key("properties")
        && !obj.contains_key("allOf")
        && !obj.contains_key("enum");
    let members = match (obj.get("oneOf"), obj.get("anyOf")) {
        (Some(Value::Array(m)), None) | (None, Some(Value::Array(m))) => m,
        _ => return Ok(None),
    };
    if !union_only || members.is_empty() || depth > ENUM_UNION_DEPTH {
        return Ok(None);
    }
    let mut values = Vec::new();
    for member in members {
        let Some(Value::Object(resolved)) = resolve(member)? else {
            return Ok(None);
        };
        let member_values = if is_polymorphic(resolved) {
            enum_union(resolved, resolve, depth + 1)?
        } else {
            string_enum(resolved)
        };
        let Some(member_values) = member_values else {
            return Ok(None);
        };
        for v in member_values {
            if !values.contains(&v) {
                values.push(v);
            }
        }
    }
    Ok(Some(values))
}

/// Whether a member can match an object (so two such members of an `anyOf` can match the
/// same value).
fn matches_objects(member: &Value) -> bool {
    let Some(obj) = member.as_object() else {
        return true;
    };
    if string_enum(obj).is_some() {
        return false;
    }
    match obj.get("type").and_then(Value::as_str) {
        Some("object") | None => true,
        Some(_) => false,
    }
}

/// A label as a name part: `Integer`/`Number` become the member's Rust type (`I64`, `F64`,
/// …); containers are named after their contents.
fn type_label(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::I8 => "I8".into(),
        TypeRef::I16 => "I16".into(),
        TypeRef::I32 => "I32".into(),
        TypeRef::I64 => "I64".into(),
        TypeRef::U8 => "U8".into(),
        TypeRef::U16 => "U16".into(),
        TypeRef::U32 => "U32".into(),
        TypeRef::U64 => "U64".into(),
        TypeRef::F32 => "F32".into(),
        TypeRef::F64 => "F64".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Vec(inner) => format!("{}List", type_label(inner)),
        TypeRef::Map(inner) => format!("{}Map", type_label(inner)),
        // `null` or the inner type: named after the inner type.
        TypeRef::Nullable(inner) => type_label(inner),
    }
}

/// Whether a schema is a union: a non-empty `oneOf` or `anyOf`, or a discriminator with a
/// non-empty mapping (Atlas's `PrivateLinkEndpoint` has one without `oneOf`).
pub fn is_polymorphic(obj: &Map<String, Value>) -> bool {
    let non_empty_list = |k: &str| {
        obj.get(k)
            .is_some_and(|v| !matches!(v, Value::Array(a) if a.is_empty()))
    };
    non_empty_list("oneOf")
        || non_empty_list("anyOf")
        || obj
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
}

/// The tag of a variant without a mapping entry (OpenAPI's implicit mapping): the name of its
/// component schema, the last token of its pointer.
fn implicit_tag(pointer: &str) -> String {
    crate::load::pointer::unescape_token(pointer.rsplit('/').next().unwrap_or_default())
}

/// The members of a union and the keyword they are under (`oneOf` wins over `anyOf`).
fn members<'d>(obj: &'d Map<String, Value>, pointer: &str) -> Result<(&'d [Value], &'static str)> {
    match (obj.get("oneOf"), obj.get("anyOf")) {
        (Some(Value::Array(m)), _) => Ok((m, "oneOf")),
        (None, Some(Value::Array(m))) => Ok((m, "anyOf")),
        (Some(_), _) => Err(Error::spec(child(pointer, "oneOf"), "oneOf must be a list")),
        (None, Some(_)) => Err(Error::spec(child(pointer, "anyOf"), "anyOf must be a list")),
        (None, None) => Ok((&[], "oneOf")),
    }
}

impl<'d> Lowerer<'d> {
    /// oneOf / anyOf / discriminator-with-mapping → a tagged or untagged enum. `None` when
    /// there turn out to be no usable variants (the caller falls back to a struct).
    pub(super) fn polymorphic(
        &mut self,
        name: &str,
        obj: &'d Map<String, Value>,
        pointer: &str,
    ) -> Result<Option<TypeKind>> {
        let (members, keyword) = members(obj, pointer)?;
        let property = obj
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(property) = property {
            if self.tags_collide(obj, pointer, members, keyword, &property)? {
                self.warn(
                    &child(pointer, "discriminator"),
                    format!("two members allow only the same value of `{property}` and no mapping tells them apart; the union is decoded by the shape of each member instead"),
                );
            } else {
                let variants =
                    self.tagged_variants(name, obj, pointer, members, keyword, &property)?;
                if variants.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(TypeKind::Tagged(Tagged { property, variants })));
            }
        }
        if members.is_empty() {
            return Ok(None);
        }
        if let Some(values) = self.enum_union_values(obj, pointer)? {
            return Ok(Some(TypeKind::Enum(enum_values(self.naming, &values))));
        }
        let overlapping = keyword == "anyOf" && self.members_overlap(members, pointer)?;
        let variants = self.untagged_variants(name, pointer, members, keyword, overlapping)?;
        self.check_parent_properties(obj, pointer, &variants);
        Ok(Some(if overlapping {
            TypeKind::AnyOf(variants)
        } else {
            TypeKind::Untagged(variants)
        }))
    }

    /// Whether two members of an `anyOf` can match the same value: both can match objects,
    /// and they are not told apart by a required property with a different single value in
    /// each (like the `type` of Atlas's search token filters, which makes them exclusive).
    fn members_overlap(&self, members: &'d [Value], pointer: &str) -> Result<bool> {
        let mut shapes = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_pointer = child(&child(pointer, "anyOf"), &i.to_string());
            let (resolved, resolved_pointer) = self.refs.deref(member, &member_pointer)?;
            if matches_objects(resolved) {
                shapes.push(self.shape(resolved, &resolved_pointer)?);
            }
        }
        let exclusive = |a: &Shape, b: &Shape| {
            a.consts.iter().any(|ca| {
                b.consts.iter().any(|cb| {
                    ca.property == cb.property
                        && ca.value != cb.value
                        && a.required.contains(&ca.property)
                        && b.required.contains(&cb.property)
                })
            })
        };
        Ok(shapes
            .iter()
            .enumerate()
            .any(|(i, a)| shapes[i + 1..].iter().any(|b| !exclusive(a, b))))
    }

    /// The values of a union whose members are all string enums (inline or through `$ref`),
    /// see [`string_values`].
    pub(super) fn enum_union_values(
        &self,
        obj: &'d Map<String, Value>,
        pointer: &str,
    ) -> Result<Option<Vec<String>>> {
        // A member that does not resolve is reported, at its own pointer, by the lowering of
        // the union as variants.
        let refs = &self.refs;
        let mut resolve = |member: &'d Value| -> Result<Option<&'d Value>> {
            Ok(refs.deref(member, pointer).ok().map(|(schema, _)| schema))
        };
        enum_union(obj, &mut resolve, 0)
    }

    /// The variants of a discriminated union: one per `discriminator.mapping` entry (a target
    /// may be a `$ref` or a bare schema name; one that resolves to the union itself is
    /// ignored), then one per member not mapped, then (without `oneOf`/`anyOf`) one per
    /// component that `allOf`s the union.
    ///
    /// An unmapped member's tag is the one value its own schema allows for the discriminator
    /// property (`const`, or an `enum` of one value), when it has one: the value a payload of
    /// that member can carry (OpenAI's spec, for one, writes `type: {const: message}` in each
    /// member and no mapping). Otherwise it is the member's schema name (OpenAPI's implicit
    /// mapping); an inline member without such a value is only reachable as `Unknown`.
    fn tagged_variants(
        &mut self,
        name: &str,
        obj: &'d Map<String, Value>,
        pointer: &str,
        members: &'d [Value],
        keyword: &'static str,
        property: &str,
    ) -> Result<Vec<Variant>> {
        let mut variant_names = self.naming.variant_scope();
        let mut variants = Vec::new();
        let disc_pointer = child(pointer, "discriminator");
        let mut targets = BTreeSet::new();
        if let Some(mapping) = obj.get("discriminator").and_then(|d| d.get("mapping")) {
            let mapping = mapping.as_object().ok_or_else(|| {
                Error::spec(child(&disc_pointer, "mapping"), "mapping must be a mapping")
            })?;
            for (tag, target) in mapping {
                let entry_pointer = child(&child(&disc_pointer, "mapping"), tag);
                let Some(text) = target.as_str() else {
                    return Err(Error::spec(
                        entry_pointer,
                        "a mapping target must be a string",
                    ));
                };
                let text = if text.starts_with('#') {
                    text.to_string()
                } else {
                    format!("#/components/schemas/{text}")
                };
                let target_pointer = self
                    .refs
                    .target_at(&Value::String(text.clone()), &entry_pointer)?;
                if self.resolves_to(&target_pointer, pointer) {
                    self.warn(
                        &entry_pointer,
                        "a discriminator mapping to the schema itself is ignored",
                    );
                    continue;
                }
                targets.insert(target_pointer);
                let ty = self.ref_type(&Value::String(text), &entry_pointer, name)?;
                variants.push(Variant {
                    rust_name: variant_names.claim(&self.naming.variant_name(tag)),
                    ty,
                    tag: Some(tag.clone()),
                    boxed: false,
                    shape: Shape::default(),
                });
            }
        }
        let members_pointer = child(pointer, keyword);
        for (i, member) in members.iter().enumerate() {
            let member_pointer = child(&members_pointer, &i.to_string());
            let (resolved, resolved_pointer) = self.refs.deref(member, &member_pointer)?;
            let own = self.own_tag(resolved, &resolved_pointer, property)?;
            let (tag, ty) = match member.get("$ref") {
                Some(r) => {
                    let target = self.refs.target(r, &member_pointer)?;
                    if targets.contains(&target) {
                        continue;
                    }
                    let tag = own.unwrap_or_else(|| implicit_tag(&target));
                    (tag, self.ref_type(r, &member_pointer, name)?)
                }
                // A mapping entry named this inline member (by a pointer into the union):
                // that entry is its variant.
                None if targets.contains(&member_pointer) => continue,
                None => {
                    let Some(tag) = own else {
                        self.warn(
                            &member_pointer,
                            format!("an inline oneOf member allows no single value of the discriminator property `{property}`; it is only reachable as the Unknown variant"),
                        );
                        continue;
                    };
                    let step = Step::Member {
                        keyword,
                        index: i,
                        label: member_label(member),
                    };
                    (tag, self.member_type(name, step, member, &member_pointer)?)
                }
            };
            if variants
                .iter()
                .any(|v| v.tag.as_deref() == Some(tag.as_str()))
            {
                self.warn(
                    &member_pointer,
                    format!("another member already has the discriminator value `{tag}`; this one is only reachable as the Unknown variant"),
                );
                continue;
            }
            variants.push(Variant {
                rust_name: variant_names.claim(&self.naming.variant_name(&tag)),
                ty,
                tag: Some(tag),
                boxed: false,
                shape: Shape::default(),
            });
        }
        for child_pointer in self.inheritance.implicit_children(obj, pointer).to_vec() {
            if targets.contains(&child_pointer) {
                continue;
            }
            let (schema, target) = self
                .refs
                .resolve(&Value::String(child_pointer.clone()), pointer)?;
            let tag = self
                .own_tag(schema, &target, property)?
                .unwrap_or_else(|| implicit_tag(&child_pointer));
            let ty = self.ref_type(&Value::String(child_pointer.clone()), pointer, name)?;
            variants.push(Variant {
                rust_name: variant_names.claim(&self.naming.variant_name(&tag)),
                ty,
                tag: Some(tag),
                boxed: false,
                shape: Shape::default(),
            });
        }
        Ok(variants)
    }

    /// The variants of a union without discriminator, each with the [`Shape`] used to pick it
    /// for a value, named by the rule of the module docs. For an `anyOf` struct (`fields`),
    /// `rust_name` is the member's field name (snake_case; `unknown` is the struct's own).
    fn untagged_variants(
        &mut self,
        name: &str,
        pointer: &str,
        members: &'d [Value],
        keyword: &'static str,
        fields: bool,
    ) -> Result<Vec<Variant>> {
        let mut variant_names = self.naming.variant_scope();
        let mut field_names = crate::naming::Scope::with_reserved(&["unknown"]);
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let label = member_label(member);
            let step = Step::Member {
                keyword,
                index: i,
                label,
            };
            let member_pointer = step.pointer(pointer);
            let (resolved, resolved_pointer) = self.refs.deref(member, &member_pointer)?;
            let ty = self.member_type(name, step, member, &member_pointer)?;
            // The title of the member, or of the schema its `$ref` names.
            let title = resolved
                .get("title")
                .and_then(Value::as_str)
                .filter(|t| !t.trim().is_empty());
            let base = match &ty {
                _ if title.is_some() => title.unwrap_or_default().to_string(),
                TypeRef::Named(n) if member.get("$ref").is_some() => n.clone(),
                // An inline member with a type of its own: its label (`Object`, `Enum`, …).
                TypeRef::Named(_) => label.to_string(),
                // A list of inline types: named after the items' label (`ObjectList`).
                TypeRef::Vec(item) if matches!(**item, TypeRef::Named(_)) => {
                    match resolved.get("items") {
                        Some(items) if items.get("$ref").is_none() => {
                            format!("{}List", member_label(items))
                        }
                        _ => type_label(&ty),
                    }
                }
                other => type_label(other),
            };
            let shape = self.shape(resolved, &resolved_pointer)?;
            let rust_name = if fields {
                field_names.claim(&self.naming.field_name(&base))
            } else {
                variant_names.claim(&self.naming.variant_name(&base))
            };
            variants.push(Variant {
                rust_name,
                ty,
                tag: None,
                boxed: false,
                shape,
            });
        }
        Ok(variants)
    }

    /// The type of a union member at `pointer`, an inline one named after its place in the
    /// union `name` (`step`). A member that allows `null` makes the union allow it (the
    /// reference to the union is nullable, see `Lowerer::allows_null`): the variant holds a
    /// value.
    fn member_type(
        &mut self,
        name: &str,
        step: Step<'_>,
        member: &'d Value,
        pointer: &str,
    ) -> Result<TypeRef> {
        let hint = inline_name(self.naming, name, step);
        Ok(self
            .nested(|this| this.type_ref(member, pointer, &hint), pointer)?
            .into_non_null())
    }

    /// Properties declared next to a oneOf are expected to be repeated in each variant (as
    /// Atlas does). Say so when a variant lacks one, rather than dropping it silently.
    fn check_parent_properties(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        variants: &[Variant],
    ) {
        let Some(Value::Object(props)) = obj.get("properties") else {
            return;
        };
        for variant in variants {
            if variant.shape.properties.is_empty() {
                continue;
            }
            for key in props.keys() {
                if !variant.shape.properties.contains(key) {
                    self.warn(
                        &child(&child(pointer, "properties"), key),
                        format!("property `{key}` of the oneOf parent is not in variant {}; it is not generated there", variant.rust_name),
                    );
                }
            }
        }
    }

    /// Whether, without a `discriminator.mapping`, two members allow only the same one value of
    /// the discriminator `property` (OpenAI's `ItemResource`: an input and an output message,
    /// both `type: message`): no tag can tell them apart.
    fn tags_collide(
        &self,
        obj: &'d Map<String, Value>,
        pointer: &str,
        members: &'d [Value],
        keyword: &'static str,
        property: &str,
    ) -> Result<bool> {
        let mapped = obj
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty());
        if mapped {
            return Ok(false);
        }
        let members_pointer = child(pointer, keyword);
        let mut seen = BTreeSet::new();
        for (i, member) in members.iter().enumerate() {
            let member_pointer = child(&members_pointer, &i.to_string());
            let (resolved, resolved_pointer) = self.refs.deref(member, &member_pointer)?;
            if let Some(tag) = self.own_tag(resolved, &resolved_pointer, property)? {
                if !seen.insert(tag) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// The one value a (resolved) union member allows for the discriminator `property`
    /// (`const`, or an `enum` of one value, here or through `allOf`), if it has one.
    fn own_tag(&self, schema: &'d Value, pointer: &str, property: &str) -> Result<Option<String>> {
        let shape = self.shape(schema, pointer)?;
        Ok(shape
            .consts
            .into_iter()
            .find(|c| c.property == property)
            .map(|c| c.value))
    }

    /// What objects of an (object) variant look like.
    fn shape(&self, schema: &'d Value, pointer: &str) -> Result<Shape> {
        let merged = all_of::merge(
            &self.refs,
            &self.registry,
            &self.inheritance,
            schema,
            pointer,
        )?;
        let mut consts = Vec::new();
        for (key, (prop, prop_pointer)) in &merged.properties {
            let (resolved, _) = self.refs.deref(prop, prop_pointer)?;
            if let Some(values) = resolved.as_object().and_then(string_enum) {
                if values.len() == 1 {
                    consts.push(ShapeConst {
                        property: key.clone(),
                        value: values[0].clone(),
                    });
                }
            }
        }
        Ok(Shape {
            properties: merged.properties.keys().cloned().collect(),
            required: merged
                .required
                .into_iter()
                .filter(|r| merged.properties.contains_key(r))
                .collect(),
            consts,
        })
    }
}

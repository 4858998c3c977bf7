//! `oneOf` / `anyOf` / a discriminator with a mapping → a tagged enum (chosen by the
//! discriminator property) or an untagged one (chosen by the shape of the payload).

use serde_json::{Map, Value};
use std::collections::BTreeSet;

use super::all_of;
use super::enums::string_enum;
use super::naming::{inline_name, Step};
use super::schema::Lowerer;
use crate::error::{Error, Result};
use crate::ir::{Shape, ShapeConst, Tagged, TypeKind, TypeRef, Variant};
use crate::load::child;

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
    pointer
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .replace("~1", "/")
        .replace("~0", "~")
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
            let variants = self.tagged_variants(name, obj, pointer, members, keyword)?;
            if variants.is_empty() {
                return Ok(None);
            }
            return Ok(Some(TypeKind::Tagged(Tagged { property, variants })));
        }
        if members.is_empty() {
            return Ok(None);
        }
        let variants = self.untagged_variants(name, pointer, members, keyword)?;
        self.check_parent_properties(obj, pointer, &variants);
        Ok(Some(TypeKind::Untagged(variants)))
    }

    /// The variants of a discriminated union: one per `discriminator.mapping` entry (a target
    /// may be a `$ref` or a bare schema name; one that resolves to the union itself is
    /// ignored), then one per `$ref` member not mapped, then (without `oneOf`/`anyOf`) one per
    /// component that `allOf`s the union; unmapped ones are tagged with their schema name (the
    /// implicit mapping).
    fn tagged_variants(
        &mut self,
        name: &str,
        obj: &'d Map<String, Value>,
        pointer: &str,
        members: &'d [Value],
        keyword: &'static str,
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
                    .target(&Value::String(text.clone()), &entry_pointer)?;
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
            let Some(r) = member.get("$ref") else {
                self.warn(
                    &member_pointer,
                    "an inline oneOf member has no discriminator value; it is only reachable as the Unknown variant",
                );
                continue;
            };
            let target = self.refs.target(r, &member_pointer)?;
            if targets.contains(&target) {
                continue;
            }
            let tag = implicit_tag(&target);
            let ty = self.ref_type(r, &member_pointer, name)?;
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
            let tag = implicit_tag(&child_pointer);
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
    /// for a payload. A variant is named by its title, else its schema name, else
    /// `Variant{i}`.
    fn untagged_variants(
        &mut self,
        name: &str,
        pointer: &str,
        members: &'d [Value],
        keyword: &'static str,
    ) -> Result<Vec<Variant>> {
        let mut variant_names = self.naming.variant_scope();
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let step = |title| Step::Member {
                keyword,
                index: i,
                title,
            };
            let member_pointer = step(None).pointer(pointer);
            let (resolved, resolved_pointer) = self.refs.deref(member, &member_pointer)?;
            let title = resolved.get("title").and_then(Value::as_str);
            let hint = inline_name(self.naming, name, step(title));
            // A member that allows `null` makes the union allow it (the reference to the union
            // is nullable, see `Lowerer::allows_null`): the variant holds a value.
            let ty = self
                .nested(
                    |this| this.type_ref(member, &member_pointer, &hint),
                    &member_pointer,
                )?
                .into_non_null();
            let base = match (&ty, title) {
                (_, Some(title)) => title.to_string(),
                (TypeRef::Named(n), None) if member.get("$ref").is_some() => n.clone(),
                _ => format!("Variant{i}"),
            };
            let shape = self.shape(resolved, &resolved_pointer)?;
            variants.push(Variant {
                rust_name: variant_names.claim(&self.naming.variant_name(&base)),
                ty,
                tag: None,
                boxed: false,
                shape,
            });
        }
        Ok(variants)
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

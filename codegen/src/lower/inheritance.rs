//! Discriminated inheritance: which schemas are unions through `allOf` children, and which
//! one-member `allOf`s are variants of their parent rather than aliases of it.
//!
//! OpenAPI 3.0 lets a discriminator without `oneOf` take as variants the components that
//! `allOf` it (the implicit mapping: the tag is the child schema's name). And a variant that is
//! only `allOf: [{$ref: Parent}]` must become a struct of the parent's own properties, never an
//! alias of the parent: a variant that decodes as its own union recurses without end.

use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};

use super::all_of;
use super::schema::Lowerer;
use super::unions::is_polymorphic;
use crate::load::pointer::percent_decode;
use crate::load::{child, Document};

/// Component pointer → the components whose `allOf` has a `$ref` to it, in document order.
#[derive(Debug, Default)]
pub struct Inheritance {
    children: HashMap<String, Vec<String>>,
}

impl Inheritance {
    /// Indexes the `allOf` references between the components of `doc`.
    pub fn new(doc: &Document) -> Self {
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        let Some(Value::Object(schemas)) = doc.get("#/components/schemas") else {
            return Inheritance { children };
        };
        for (key, schema) in schemas {
            let Some(Value::Array(members)) = schema.get("allOf") else {
                continue;
            };
            let own = child("#/components/schemas", key);
            for reference in members
                .iter()
                .filter_map(|m| m.get("$ref"))
                .filter_map(Value::as_str)
            {
                if reference.starts_with("#/components/schemas/") {
                    let parent = percent_decode(reference);
                    let list = children.entry(parent).or_default();
                    if !list.contains(&own) {
                        list.push(own.clone());
                    }
                }
            }
        }
        Inheritance { children }
    }

    /// Whether the schema at `pointer` becomes a union: a `oneOf`/`anyOf`, a discriminator
    /// with a mapping, or a discriminator whose variants are the components that `allOf` it
    /// (OpenAPI 3.0's implicit mapping: the tag is the child schema's name).
    pub fn is_union(&self, obj: &Map<String, Value>, pointer: &str) -> bool {
        is_polymorphic(obj) || !self.implicit_children(obj, pointer).is_empty()
    }

    /// The components that `allOf` the schema at `pointer` when it has a discriminator and
    /// neither `oneOf` nor `anyOf` (with a `oneOf`, its members are the variants).
    pub fn implicit_children(&self, obj: &Map<String, Value>, pointer: &str) -> &[String] {
        let discriminated = obj
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .is_some_and(Value::is_string);
        if !discriminated || obj.contains_key("oneOf") || obj.contains_key("anyOf") {
            return &[];
        }
        self.children
            .get(pointer)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Every schema pointer a union names as a variant: mapping targets, `$ref` members of its
    /// `oneOf`/`anyOf`, and its implicit children.
    fn variant_targets(&self, obj: &Map<String, Value>, pointer: &str) -> BTreeSet<String> {
        let mut targets = BTreeSet::new();
        if let Some(Value::Object(mapping)) =
            obj.get("discriminator").and_then(|d| d.get("mapping"))
        {
            for target in mapping.values().filter_map(Value::as_str) {
                let text = if target.starts_with('#') {
                    target.to_string()
                } else {
                    format!("#/components/schemas/{target}")
                };
                targets.insert(percent_decode(&text));
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = obj.get(key) {
                for r in members
                    .iter()
                    .filter_map(|m| m.get("$ref"))
                    .filter_map(Value::as_str)
                {
                    targets.insert(percent_decode(r));
                }
            }
        }
        targets.extend(self.implicit_children(obj, pointer).iter().cloned());
        targets
    }
}

impl Lowerer<'_> {
    /// A schema that is only `allOf: [{$ref: U}]` where `U` is a union listing this schema as
    /// one of its variants: it must become a struct of `U`'s own properties, never an alias of
    /// `U` (a variant that decodes as its own union recurses without end).
    pub(super) fn is_variant_of(&self, member: &Value, pointer: &str) -> bool {
        let Some(reference) = member.get("$ref") else {
            return false;
        };
        let Ok((parent, parent_pointer)) = self
            .refs
            .resolve(reference, pointer)
            .and_then(|(first, at)| self.refs.deref(first, &at))
        else {
            return false;
        };
        let Some(parent) = parent.as_object() else {
            return false;
        };
        if !self.inheritance.is_union(parent, &parent_pointer) {
            return false;
        }
        let Some(own) = self.component_pointer_of(pointer) else {
            return false;
        };
        self.inheritance
            .variant_targets(parent, &parent_pointer)
            .contains(&own)
    }

    /// The one-member `allOf` of a schema that stands for its member (an alias), unless the
    /// schema is a variant of that member (see [`Lowerer::is_variant_of`]).
    pub(super) fn trivial_all_of<'v>(
        &self,
        obj: &'v Map<String, Value>,
        pointer: &str,
    ) -> Option<&'v Value> {
        all_of::trivial(obj).filter(|m| !self.is_variant_of(m, pointer))
    }

    /// The component a pointer inside it (e.g. `…/X/allOf/0`) belongs to.
    fn component_pointer_of(&self, pointer: &str) -> Option<String> {
        let rest = pointer.strip_prefix("#/components/schemas/")?;
        let key = rest.split('/').next()?;
        let own = format!("#/components/schemas/{key}");
        self.registry.is_component(&own).then_some(own)
    }

    /// Whether `target` is `own`, or reaches it through schemas that are only a `$ref` (or a
    /// one-member `allOf` that is not a variant of its own): a variant that is its union.
    pub(super) fn resolves_to(&self, target: &str, own: &str) -> bool {
        let mut pointer = target.to_string();
        for _ in 0..32 {
            if pointer == own {
                return true;
            }
            let Some(schema) = self.refs.doc().get(&pointer) else {
                return false;
            };
            let next = match schema.get("$ref") {
                Some(r) => r,
                None => match schema
                    .as_object()
                    .and_then(|obj| self.trivial_all_of(obj, &pointer))
                {
                    Some(member) => match member.get("$ref") {
                        Some(r) => r,
                        None => return false,
                    },
                    None => return false,
                },
            };
            match self.refs.target(next, &pointer) {
                Ok(t) => pointer = t,
                Err(_) => return false,
            }
        }
        false
    }
}

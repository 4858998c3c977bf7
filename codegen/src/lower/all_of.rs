//! `allOf` merging: the properties, required names and `additionalProperties` of a schema,
//! its `allOf` members and the parents they reference, gathered into one object.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

use super::inheritance::Inheritance;
use super::naming::Step;
use super::refs::Refs;
use super::registry::Registry;
use super::MAX_DEPTH;
use crate::error::{Error, Result};
use crate::load::child;

/// Properties and required names gathered from a schema and its `allOf` members.
#[derive(Default)]
pub struct Merged<'d> {
    /// Wire name → (schema, pointer), sorted by wire name.
    pub properties: BTreeMap<String, (&'d Value, String)>,
    /// Names listed in any `required`.
    pub required: BTreeSet<String>,
    /// The same names in spec order: the `required` lists of the `allOf` members (in member
    /// order, depth first) before the schema's own, each name once.
    pub required_order: Vec<String>,
    /// `additionalProperties` (a schema or `true`), the last one met.
    pub additional: Option<(&'d Value, String)>,
}

/// `allOf: [X]` with nothing else that shapes the type: just X.
pub fn trivial(obj: &Map<String, Value>) -> Option<&Value> {
    let members = obj.get("allOf")?.as_array()?;
    let shaping = [
        "properties",
        "oneOf",
        "anyOf",
        "discriminator",
        "enum",
        "additionalProperties",
    ];
    (members.len() == 1 && !shaping.iter().any(|k| obj.contains_key(*k))).then(|| &members[0])
}

/// The merged object of the schema at `pointer` (see `collect`). When the schema is a
/// component, a member that refers back to it is not expanded again.
pub fn merge<'d>(
    refs: &Refs<'d>,
    registry: &Registry,
    inheritance: &Inheritance,
    schema: &'d Value,
    pointer: &str,
) -> Result<Merged<'d>> {
    let mut merged = Merged::default();
    let mut visited = BTreeSet::new();
    if registry.is_component(pointer) {
        visited.insert(pointer.to_string());
    }
    collect(
        refs,
        inheritance,
        schema,
        pointer,
        &mut merged,
        &mut visited,
        true,
    )?;
    Ok(merged)
}

/// Gathers properties from a schema, its `allOf` members and referenced parents. A parent
/// that is itself a union contributes only its own properties (this is what breaks the
/// oneOf ↔ allOf cycle).
fn collect<'d>(
    refs: &Refs<'d>,
    inheritance: &Inheritance,
    schema: &'d Value,
    pointer: &str,
    out: &mut Merged<'d>,
    visited: &mut BTreeSet<String>,
    root: bool,
) -> Result<()> {
    let (schema, pointer) = match schema.get("$ref") {
        Some(r) => {
            let (node, target) = refs.resolve(r, pointer)?;
            if !visited.insert(target.clone()) {
                return Ok(());
            }
            (node, target)
        }
        None => (schema, pointer.to_string()),
    };
    let Some(obj) = schema.as_object() else {
        return Ok(());
    };
    let parent_of_variants = inheritance.is_union(obj, &pointer) && !root;
    if let Some(all_of) = obj.get("allOf") {
        let members = all_of
            .as_array()
            .ok_or_else(|| Error::spec(child(&pointer, "allOf"), "allOf must be a list"))?;
        if !parent_of_variants {
            for (i, member) in members.iter().enumerate() {
                let member_pointer = Step::AllOf(i).pointer(&pointer);
                if visited.len() > MAX_DEPTH {
                    return Err(Error::spec(member_pointer, "allOf nests too deeply"));
                }
                collect(
                    refs,
                    inheritance,
                    member,
                    &member_pointer,
                    out,
                    visited,
                    false,
                )?;
            }
        }
    }
    own_members(obj, &pointer, out)
}

/// The properties, `required` and `additionalProperties` a schema declares itself.
fn own_members<'d>(obj: &'d Map<String, Value>, pointer: &str, out: &mut Merged<'d>) -> Result<()> {
    if let Some(props) = obj.get("properties") {
        let props = props.as_object().ok_or_else(|| {
            Error::spec(child(pointer, "properties"), "properties must be a mapping")
        })?;
        let base = child(pointer, "properties");
        for (key, value) in props {
            out.properties
                .insert(key.clone(), (value, child(&base, key)));
        }
    }
    if let Some(required) = obj.get("required") {
        let list = required
            .as_array()
            .ok_or_else(|| Error::spec(child(pointer, "required"), "required must be a list"))?;
        for name in list.iter().filter_map(Value::as_str) {
            if out.required.insert(name.to_string()) {
                out.required_order.push(name.to_string());
            }
        }
    }
    match obj.get("additionalProperties") {
        Some(ap @ Value::Object(_)) => {
            out.additional = Some((ap, child(pointer, "additionalProperties")))
        }
        Some(ap @ Value::Bool(true)) => {
            out.additional = Some((ap, child(pointer, "additionalProperties")))
        }
        _ => {}
    }
    Ok(())
}

//! Objects → structs: one field per (merged) property, `additionalProperties` as a map.

use serde_json::Value;

use super::all_of;
use super::naming::{inline_name, Step};
use super::schema::{description, flag, Lowerer};
use crate::error::Result;
use crate::ir::{Field, Struct};
use crate::load::child;
use crate::naming::Scope;

impl<'d> Lowerer<'d> {
    /// The struct for an object schema named `name`: its properties merged with those of its
    /// `allOf` members, sorted by wire name. A property's type is nullable when its schema
    /// allows `null` ([`Lowerer::type_ref`]); `readOnly` / `writeOnly` are recorded here and
    /// applied by direction in [`crate::passes::directions`].
    pub(super) fn structure(
        &mut self,
        name: &str,
        schema: &'d Value,
        pointer: &str,
    ) -> Result<Struct> {
        let merged = all_of::merge(
            &self.refs,
            &self.registry,
            &self.inheritance,
            schema,
            pointer,
        )?;
        for name_required in &merged.required {
            if !merged.properties.contains_key(name_required) && merged.additional.is_none() {
                self.warn(
                    &child(pointer, "required"),
                    format!("required property `{name_required}` is not defined; ignored"),
                );
            }
        }
        let mut scope = Scope::new();
        let mut fields = Vec::with_capacity(merged.properties.len());
        for (wire, (prop, prop_pointer)) in &merged.properties {
            let hint = inline_name(self.naming, name, Step::Property(wire));
            let ty = self.nested(
                |this| this.type_ref(prop, prop_pointer, &hint),
                prop_pointer,
            )?;
            let (resolved, resolved_pointer) = self.refs.deref(prop, prop_pointer)?;
            // An annotation holds when the property's schema, the one it references, or one of
            // its `allOf` members (or what that member references) sets it:
            // `allOf: [{readOnly: true}, {$ref: Connection}]` is read-only (DigitalOcean,
            // PagerDuty write it so).
            let members: Vec<&Value> = match prop.get("allOf") {
                Some(Value::Array(members)) => members
                    .iter()
                    .flat_map(|m| [Some(m), self.refs.deref(m, prop_pointer).ok().map(|r| r.0)])
                    .flatten()
                    .collect(),
                _ => Vec::new(),
            };
            let flag = |key: &str| {
                flag(prop, key) || flag(resolved, key) || members.iter().any(|m| flag(m, key))
            };
            let read_only = flag("readOnly");
            let constraints = self.constraints(resolved, &resolved_pointer);
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name: scope.claim(&self.naming.field_name(wire)),
                ty,
                required: merged.required.contains(wire) && !read_only,
                required_in_requests: false,
                read_only,
                write_only: flag("writeOnly"),
                deprecated: flag("deprecated"),
                boxed: false,
                doc: description(prop).or_else(|| description(resolved)),
                constraints,
            });
        }
        let additional = match merged.additional {
            Some((ap, ap_pointer)) => {
                let hint = inline_name(self.naming, name, Step::Values);
                Some(self.type_ref(ap, &ap_pointer, &hint)?)
            }
            None => None,
        };
        let required_order = merged
            .required_order
            .into_iter()
            .filter(|wire| merged.properties.contains_key(wire))
            .collect();
        Ok(Struct {
            fields,
            required_order,
            additional,
        })
    }
}

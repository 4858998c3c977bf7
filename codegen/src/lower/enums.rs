//! String enums → enums with one variant per value; inline ones are named (and shared) by the
//! pre-pass, [`crate::passes::shared_enums`].

use serde_json::{Map, Value};
use std::collections::BTreeSet;

use super::schema::Lowerer;
use super::unions::string_values;
use crate::ir::{EnumValue, TypeRef};
use crate::naming::NamingRules;

impl Lowerer<'_> {
    /// The type of the inline string enum (or union of inline string enums) at `pointer`,
    /// named by the pre-pass; a type whose
    /// name was taken by another value list is reported (its numbered name depends on the
    /// other places of the document).
    pub(super) fn inline_enum(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
    ) -> Option<TypeRef> {
        if obj.contains_key("allOf") || string_values(obj).is_none() {
            return None;
        }
        let (ty, renamed_from) = self.registry.inline_enum(pointer)?;
        if let (Some(rule_name), Some(name)) = (renamed_from, ty.named()) {
            self.warn(
                pointer,
                format!(
                    "inline enum named `{name}`: `{rule_name}`, the name of its place, is taken by \
                     another type, so this name depends on the rest of the document"
                ),
            );
        }
        Some(ty)
    }
}

/// The values of a string enum (null entries, allowed by `nullable`, are skipped).
pub fn string_enum(obj: &Map<String, Value>) -> Option<Vec<String>> {
    let values = obj.get("enum")?.as_array()?;
    if obj.get("type").is_some_and(|t| t != "string") {
        return None;
    }
    let strings: Vec<String> = values
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let non_null = values.iter().filter(|v| !v.is_null()).count();
    (!strings.is_empty() && strings.len() == non_null).then_some(strings)
}

/// The variants of a string enum: each distinct value once, in spec order, with a unique
/// PascalCase name (never a reserved one: the client emitter keeps `Unknown` for values it does
/// not know).
pub fn enum_values(rules: &NamingRules, values: &[String]) -> Vec<EnumValue> {
    let mut scope = rules.variant_scope();
    let mut seen = BTreeSet::new();
    values
        .iter()
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| EnumValue {
            wire: v.clone(),
            rust_name: scope.claim(&rules.variant_name(v)),
        })
        .collect()
}

//! Validation needs: which request types can fail validation, so the client validates only
//! where something can fail.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// The request types whose values can fail validation (see [`crate::ir::Api::checked_types`]): a fixed
/// point over the type graph, so recursive types are handled.
pub fn checked_types(
    types: &BTreeMap<String, TypeDef>,
    request_types: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut checked = BTreeSet::new();
    loop {
        let mut changed = false;
        for name in request_types {
            if checked.contains(name) {
                continue;
            }
            let Some(def) = types.get(name) else { continue };
            let reaches = |t: &TypeRef| t.named().is_some_and(|n| checked.contains(n));
            let fails = match &def.kind {
                TypeKind::Enum(_) => true,
                TypeKind::Struct(s) => s.fields.iter().filter(|f| !f.read_only).any(|f| {
                    f.required_in_requests || f.constraints.apply_to(&f.ty) || reaches(&f.ty)
                }),
                TypeKind::Tagged(t) => t.variants.iter().any(|v| reaches(&v.ty)),
                TypeKind::Untagged(vs) | TypeKind::AnyOf(vs) => vs.iter().any(|v| reaches(&v.ty)),
                TypeKind::Alias(t) | TypeKind::Newtype(t) => reaches(t),
            };
            if fails {
                checked.insert(name.clone());
                changed = true;
            }
        }
        if !changed {
            return checked;
        }
    }
}

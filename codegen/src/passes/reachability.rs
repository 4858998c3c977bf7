//! Reachability: the named types a set of roots reaches through fields, variants, aliases,
//! items and map values; the request and response types of an API and the types of each tag
//! module.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Operation, TypeDef, TypeRef};

/// Every named type reachable from `roots` (through fields, variants, aliases, items).
pub fn reachable(
    types: &BTreeMap<String, TypeDef>,
    roots: impl IntoIterator<Item = String>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.into_iter().collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(def) = types.get(&name) {
            stack.extend(def.kind.references().into_iter().map(str::to_string));
        }
    }
    seen
}

/// The types a request (a parameter or the body of any operation) can contain.
pub fn request_types<'a>(
    types: &BTreeMap<String, TypeDef>,
    operations: impl IntoIterator<Item = &'a Operation>,
) -> BTreeSet<String> {
    let roots = operations.into_iter().flat_map(|op| {
        op.params
            .iter()
            .filter_map(|p| p.ty.named())
            .chain(
                op.body
                    .iter()
                    .flat_map(|b| b.types())
                    .filter_map(TypeRef::named),
            )
            .map(str::to_string)
            .collect::<Vec<_>>()
    });
    reachable(types, roots.collect::<Vec<_>>())
}

/// The types an answer can contain: those reached from the decoded answer
/// ([`Operation::success`]) and every documented response's content.
pub fn response_types<'a>(
    types: &BTreeMap<String, TypeDef>,
    operations: impl IntoIterator<Item = &'a Operation>,
) -> BTreeSet<String> {
    let roots = operations.into_iter().flat_map(|op| {
        op.success
            .body
            .as_ref()
            .and_then(|b| b.ty.named())
            .into_iter()
            .chain(
                op.responses
                    .iter()
                    .filter_map(|r| r.content.as_ref()?.ty.as_ref()?.named()),
            )
            .map(str::to_string)
            .collect::<Vec<_>>()
    });
    reachable(types, roots.collect::<Vec<_>>())
}

/// Module (tag) → the types its operations reach from their parameters, request bodies and
/// decoded answers ([`Operation::success`]): one walk per module, from the roots of all its
/// operations.
pub fn module_types<'a>(
    types: &BTreeMap<String, TypeDef>,
    operations: impl IntoIterator<Item = &'a Operation>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut module_roots: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for op in operations {
        module_roots
            .entry(op.module.as_str())
            .or_default()
            .extend(type_roots(op));
    }
    module_roots
        .into_iter()
        .map(|(module, roots)| (module.to_string(), reachable(types, roots)))
        .collect()
}

/// The named types an operation mentions directly.
fn type_roots(op: &Operation) -> Vec<String> {
    op.params
        .iter()
        .filter_map(|p| p.ty.named())
        .chain(
            op.body
                .iter()
                .flat_map(|b| b.types())
                .filter_map(TypeRef::named),
        )
        .chain(op.success.bodies().into_iter().filter_map(|b| b.ty.named()))
        .map(str::to_string)
        .collect()
}

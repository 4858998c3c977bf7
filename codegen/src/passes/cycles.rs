//! Cycles: alias cycles become newtypes (or an error when they describe no value), and fields
//! and variants that close a cycle of directly contained types are boxed.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Type aliases cannot be recursive in Rust. An alias that reaches itself through other aliases
/// becomes a newtype when the cycle passes through a list or map; a cycle of bare references
/// (`A: {$ref: B}`, `B: {$ref: A}`) describes no value at all and is an error.
pub fn break_alias_cycles(types: &mut BTreeMap<String, TypeDef>) -> Result<()> {
    let alias_edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .filter_map(|(name, def)| match &def.kind {
            TypeKind::Alias(t) => Some((
                name.clone(),
                t.named()
                    .filter(|n| matches!(types.get(*n).map(|d| &d.kind), Some(TypeKind::Alias(_))))
                    .map(str::to_string)
                    .into_iter()
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    let component = strongly_connected(&alias_edges);
    let mut members: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (name, id) in &component {
        members.entry(*id).or_default().push(name.clone());
    }
    for names in members.values() {
        let self_loop = names.len() == 1
            && alias_edges
                .get(&names[0])
                .is_some_and(|e| e.contains(&names[0]));
        if names.len() < 2 && !self_loop {
            continue;
        }
        let all_bare = names.iter().all(|n| {
            matches!(
                types.get(n).map(|d| &d.kind),
                Some(TypeKind::Alias(TypeRef::Named(_)))
            )
        });
        if all_bare {
            let def = &types[&names[0]];
            return Err(Error::spec(
                &def.pointer,
                format!(
                    "schemas {} refer to each other with nothing else: they describe no value",
                    names.join(", ")
                ),
            ));
        }
        for n in names {
            if let Some(def) = types.get_mut(n) {
                if let TypeKind::Alias(t) = &def.kind {
                    def.kind = TypeKind::Newtype(t.clone());
                }
            }
        }
    }
    Ok(())
}

/// Marks fields and variants that must be boxed: those whose type is in the same strongly
/// connected component of *directly contained* types (a `Vec` or map already puts its items on
/// the heap, so it breaks a cycle by itself).
pub fn box_cycles(types: &mut BTreeMap<String, TypeDef>) {
    // A nullable value (`Option<T>`) holds its type directly too.
    let direct = |ty: &TypeRef| match ty.non_null() {
        TypeRef::Named(n) => Some(n.clone()),
        _ => None,
    };
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|(name, def)| {
            let targets = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
                TypeKind::Tagged(t) => t.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
                TypeKind::Untagged(vs) | TypeKind::AnyOf(vs) => {
                    vs.iter().filter_map(|v| direct(&v.ty)).collect()
                }
                TypeKind::Alias(t) | TypeKind::Newtype(t) => direct(t).into_iter().collect(),
                TypeKind::Enum(_) => Vec::new(),
            };
            (name.clone(), targets)
        })
        .collect();
    let component = strongly_connected(&edges);
    for (name, def) in types.iter_mut() {
        let own = component.get(name);
        let cyclic =
            |ty: &TypeRef| matches!(ty.non_null(), TypeRef::Named(n) if component.get(n) == own);
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| f.boxed = cyclic(&f.ty)),
            TypeKind::Tagged(t) => t.variants.iter_mut().for_each(|v| v.boxed = cyclic(&v.ty)),
            TypeKind::Untagged(vs) | TypeKind::AnyOf(vs) => {
                vs.iter_mut().for_each(|v| v.boxed = cyclic(&v.ty))
            }
            TypeKind::Alias(_) | TypeKind::Newtype(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// Kosaraju's algorithm, iterative: node → component id. Deterministic for a `BTreeMap` graph.
fn strongly_connected(edges: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, usize> {
    let mut order = Vec::with_capacity(edges.len());
    let mut seen = BTreeSet::new();
    for start in edges.keys() {
        if !seen.insert(start.as_str()) {
            continue;
        }
        let mut stack = vec![(start.as_str(), 0usize)];
        while let Some((node, next)) = stack.pop() {
            let targets = edges.get(node).map(Vec::as_slice).unwrap_or_default();
            if let Some(target) = targets.get(next) {
                stack.push((node, next + 1));
                if edges.contains_key(target) && seen.insert(target.as_str()) {
                    stack.push((target.as_str(), 0));
                }
            } else {
                order.push(node);
            }
        }
    }
    let mut reverse: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, targets) in edges {
        for to in targets {
            reverse.entry(to.as_str()).or_default().push(from.as_str());
        }
    }
    let mut component = BTreeMap::new();
    for (id, root) in order.into_iter().rev().enumerate() {
        if component.contains_key(root) {
            continue;
        }
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if component.contains_key(node) {
                continue;
            }
            component.insert(node.to_string(), id);
            stack.extend(
                reverse
                    .get(node)
                    .into_iter()
                    .flatten()
                    .filter(|n| !component.contains_key(**n)),
            );
        }
    }
    component
}

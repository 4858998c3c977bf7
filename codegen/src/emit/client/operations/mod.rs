//! One module per tag: an inherent method on `Client` per operation, and its request builder
//! (`builder.rs`), parameter values (`values.rs`) and `into_stream()` (`pagination.rs`).

mod builder;
mod pagination;
mod values;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::client::tokens::{all_moved, ident};
use crate::emit::client::validation::{
    constraint_checks, has_pattern, nests_validation, pattern_static,
};
use crate::ir::{Api, BodyKind, Operation, PathPart, TypeRef};

pub fn emit_module(api: &Api, tag: Option<&str>, ops: &[&Operation]) -> TokenStream {
    let module_doc = match tag {
        Some(tag) => format!(" Operations tagged `{tag}`."),
        None => " Operations without a tag.".to_string(),
    };
    // One `static` per distinct parameter pattern in the module (most operations share the
    // `groupId` one), named after the first parameter using it.
    let mut patterns: BTreeMap<&str, proc_macro2::Ident> = BTreeMap::new();
    let mut pattern_names = crate::naming::Scope::new();
    let mut statics = Vec::new();
    for op in ops {
        for p in &op.params {
            let Some(pattern) = p.constraints.pattern.as_deref() else {
                continue;
            };
            if !has_pattern(&p.constraints, &p.ty) || patterns.contains_key(pattern) {
                continue;
            }
            let name =
                pattern_names.claim(&format!("{}_PATTERN", p.rust_name.to_ascii_uppercase()));
            let name = quote::format_ident!("{name}");
            statics.push(pattern_static(&name, pattern));
            patterns.insert(pattern, name);
        }
    }
    let checks: Vec<Vec<TokenStream>> = ops
        .iter()
        .map(|op| argument_checks(api, op, &patterns))
        .collect();
    let validates = checks.iter().any(|c| !c.is_empty());
    let items = all_moved(
        ops.iter()
            .zip(checks)
            .map(|(op, checks)| builder::operation(api, op, checks)),
    );
    let statics = all_moved(statics);
    let uses_cow = ops
        .iter()
        .any(|op| op.params.iter().any(|p| p.ty == TypeRef::String));
    // The runtime items the module's code names, imported only when used.
    let mut used = Vec::new();
    if ops.iter().any(|op| {
        op.path_parts
            .iter()
            .any(|p| matches!(p, PathPart::Param(_)))
    }) {
        used.push(quote!(
            use atlas_admin_runtime::path::segment;
        ));
    }
    if !statics.is_empty() {
        used.push(quote!(
            use atlas_admin_runtime::validate::Pattern;
        ));
    }
    if validates {
        used.push(quote!(
            use atlas_admin_runtime::validate::Validator;
        ));
    }
    let uses = quote!(#(#used)*);
    let cow = uses_cow.then(|| {
        quote!(
            use std::borrow::Cow;
        )
    });
    quote! {
        #![doc = #module_doc]
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::too_many_arguments)]

        #cow

        use crate::{models, Client};
        use atlas_admin_runtime::{Error, Method, Request};
        #uses

        #(#statics)*

        #(#items)*
    }
}

/// The validation statements of an operation's `send()`: one per rule of each argument, and
/// one per argument whose type validates itself. Empty when nothing can fail.
fn argument_checks(
    api: &Api,
    op: &Operation,
    patterns: &BTreeMap<&str, proc_macro2::Ident>,
) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    for p in &op.params {
        let name = ident(&p.rust_name);
        let wire = &p.wire_name;
        let path = quote!(#wire);
        let value = quote!(&self.#name);
        let pattern = p
            .constraints
            .pattern
            .as_deref()
            .and_then(|p| patterns.get(p));
        checks.extend(constraint_checks(
            &p.constraints,
            &p.ty,
            &path,
            &value,
            pattern,
        ));
        if nests_validation(api, &p.ty) {
            checks.push(quote!(v.nested(#path, #value);));
        }
    }
    if let Some(b) = &op.body {
        if b.kind == BodyKind::Json && nests_validation(api, &b.ty) {
            checks.push(quote!(v.nested("body", &self.body);));
        }
    }
    checks
}

//! One module per tag: an inherent method on `Client` per operation, and its request builder
//! and `Operation` impl (`builder.rs`), method docs (`docs.rs`), parameter values
//! (`values.rs`) and `into_stream()` (`pagination.rs`).

mod builder;
mod docs;
mod pagination;
mod values;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::client::tokens::{all_moved, ident};
use crate::emit::client::validation::{
    constraint_checks, has_pattern, nests_validation, pattern_static,
};
use crate::ir::{Api, BodyKind, Operation, PartKind, PathPart, TypeRef};

/// The module of one tag's operations; `krate` is the crate's name as a path (for doc
/// examples).
pub fn emit_module(api: &Api, tag: Option<&str>, ops: &[&Operation], krate: &str) -> TokenStream {
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
        let form_fields = op
            .body
            .iter()
            .flat_map(|b| b.form.iter())
            .flat_map(|f| f.fields.iter())
            .filter_map(|f| Some((&f.rust_name, &f.constraints, f.part.ty()?)));
        let rules = op
            .params
            .iter()
            .map(|p| (&p.rust_name, &p.constraints, &p.ty))
            .chain(form_fields);
        for (rust_name, constraints, ty) in rules {
            let Some(pattern) = constraints.pattern.as_deref() else {
                continue;
            };
            if !has_pattern(constraints, ty) || patterns.contains_key(pattern) {
                continue;
            }
            let name = pattern_names.claim(&format!("{}_PATTERN", rust_name.to_ascii_uppercase()));
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
            .map(|(op, checks)| builder::operation(api, op, checks, krate)),
    );
    let statics = all_moved(statics);
    let uses_cow = ops
        .iter()
        .any(|op| op.params.iter().any(|p| p.ty == TypeRef::String));
    // The runtime items the module's code names, imported only when used.
    let mut used = Vec::new();
    if ops.iter().any(|op| {
        op.path_parts.iter().any(|part| match part {
            PathPart::Param(i) => builder::segment_param(api, &op.params[*i]),
            PathPart::Literal(_) => false,
        })
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
    // `models` only when a parameter, body or answer names a model.
    let crate_items = if ops.iter().any(|op| mentions_models(op)) {
        quote!(
            use crate::{models, Client};
        )
    } else {
        quote!(
            use crate::Client;
        )
    };
    let cow = uses_cow.then(|| {
        quote!(
            use std::borrow::Cow;
        )
    });
    quote! {
        #![doc = #module_doc]
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::too_many_arguments)]

        #cow

        #crate_items
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
        if matches!(b.kind, BodyKind::Json | BodyKind::Form) && nests_validation(api, &b.ty) {
            checks.push(quote!(v.nested("body", &self.body);));
        }
        if let Some(form) = &b.form {
            let mut field_checks = Vec::new();
            for f in &form.fields {
                let Some(ty) = f.part.ty() else {
                    continue;
                };
                let name = ident(&f.rust_name);
                let path = format!("body.{}", f.wire_name);
                let path = quote!(#path);
                let value = quote!(&body.#name);
                let pattern = f
                    .constraints
                    .pattern
                    .as_deref()
                    .and_then(|p| patterns.get(p));
                field_checks.extend(constraint_checks(
                    &f.constraints,
                    ty,
                    &path,
                    &value,
                    pattern,
                ));
                if matches!(f.part, PartKind::Text(_) | PartKind::Json(_))
                    && nests_validation(api, ty)
                {
                    field_checks.push(quote!(v.nested(#path, #value);));
                }
            }
            if !field_checks.is_empty() {
                checks.push(if b.required {
                    quote! { { let body = &self.body; #(#field_checks)* } }
                } else {
                    quote! { if let Some(body) = &self.body { #(#field_checks)* } }
                });
            }
        }
    }
    checks
}

/// Whether an operation's code names a type of `models`.
fn mentions_models(op: &Operation) -> bool {
    op.params.iter().any(|p| p.ty.named().is_some())
        || op
            .body
            .iter()
            .flat_map(|b| b.types())
            .any(|t| t.named().is_some())
        || op.success.bodies().iter().any(|b| b.ty.named().is_some())
}

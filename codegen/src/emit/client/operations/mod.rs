//! One module per tag: an inherent method on `Client` per operation, and its request builder
//! and `Operation` impl (`builder.rs`), method docs (`docs.rs`), parameter values
//! (`values.rs`) and `into_stream()` (`pagination.rs`).

mod builder;
mod docs;
mod pagination;
mod values;

pub(crate) use builder::{path_expr, uses_segment, PathSite};

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::client::tokens::{ident, moved};
use crate::emit::client::validation::{
    constraint_checks, has_pattern, nests_validation, pattern_static,
};
use crate::emit::doc_text::code_span;
use crate::ir::{Api, BodyKind, Operation, PartKind};

/// The module of one tag's operations; `krate` is the crate's name as a path (for doc
/// examples).
pub fn emit_module(api: &Api, tag: Option<&str>, ops: &[&Operation], krate: &str) -> TokenStream {
    let module_doc = match tag {
        Some(tag) => format!(" Operations tagged {}.", code_span(tag)),
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
    let mut items = TokenStream::new();
    for (op, checks) in ops.iter().zip(checks) {
        items.extend(builder::operation(api, op, checks, krate));
    }
    let statics: TokenStream = statics.into_iter().collect();
    let uses = imports(&[&statics, &items]);
    let (statics, items) = (moved(statics), moved(items));
    quote! {
        #![doc = #module_doc]
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::too_many_arguments)]

        #uses

        #statics

        #items
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

/// The `use` lines an operation module may have, in the order they are written: a path and
/// the names imported from it.
const IMPORT_LINES: [(&str, &[&str]); 6] = [
    ("std::borrow", &["Cow"]),
    ("crate", &["models", "Client"]),
    ("atlas_admin_runtime", &["Error", "Method", "Request"]),
    ("atlas_admin_runtime::path", &["segment"]),
    ("atlas_admin_runtime::validate", &["Pattern"]),
    ("atlas_admin_runtime::validate", &["Validator"]),
];

/// The `use` lines of an operation module: each item only when the module's code names it
/// (a module whose operations reach no model does not import `models`, which would be an
/// `unused_imports` warning), in a fixed order and grouping.
fn imports(code: &[&TokenStream]) -> TokenStream {
    let mut named = BTreeSet::new();
    for tokens in code {
        path_roots(tokens, &mut named);
    }
    let mut out = TokenStream::new();
    for (path, names) in IMPORT_LINES {
        let root = syn::Path {
            leading_colon: None,
            segments: path
                .split("::")
                .map(|segment| syn::PathSegment::from(quote::format_ident!("{segment}")))
                .collect(),
        };
        let names: Vec<proc_macro2::Ident> = names
            .iter()
            .filter(|n| named.contains(**n))
            .map(|n| quote::format_ident!("{n}"))
            .collect();
        out.extend(match names.as_slice() {
            [] => TokenStream::new(),
            [one] => quote!(use #root::#one;),
            _ => quote!(use #root::{#(#names),*};),
        });
    }
    out
}

/// Adds to `named` each name of [`IMPORT_LINES`] that `tokens` use as the first segment of a
/// path (not after `::` or `.`), at any depth: the names an import must provide. Identifiers
/// are compared in place, no string is built per token (a module has tens of thousands).
fn path_roots(tokens: &TokenStream, named: &mut BTreeSet<&'static str>) {
    use proc_macro2::TokenTree;
    let mut after_separator = false;
    let mut previous_colon = false;
    for tree in tokens.clone() {
        match &tree {
            TokenTree::Ident(ident) => {
                if !after_separator {
                    let importable = IMPORT_LINES.iter().flat_map(|(_, names)| names.iter());
                    if let Some(name) = importable.into_iter().find(|name| ident == **name) {
                        named.insert(*name);
                    }
                }
                after_separator = false;
                previous_colon = false;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                after_separator = c == '.' || (c == ':' && previous_colon);
                previous_colon = c == ':' && p.spacing() == proc_macro2::Spacing::Joint;
            }
            TokenTree::Group(g) => {
                path_roots(&g.stream(), named);
                after_separator = false;
                previous_colon = false;
            }
            TokenTree::Literal(_) => {
                after_separator = false;
                previous_colon = false;
            }
        }
    }
}

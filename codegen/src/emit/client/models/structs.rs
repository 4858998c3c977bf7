//! Structs: fields with serde names for the derived `Serialize`, the flattened
//! `additionalProperties` map, the `deserialize_struct!` line that gives them `Deserialize`
//! through the runtime's shared visitor, and their `Validate` impl.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::client::tokens::{constant_tokens, ident, moved, paragraphs, ty, Scope};
use crate::emit::client::validation::struct_validate;
use crate::emit::format::docs;
use crate::ir::{Api, Field, Struct};

/// How a field holds its property (the table of `atlas_admin_runtime::fields`).
#[derive(Clone, Copy, PartialEq)]
enum Holding {
    /// Required, not nullable: `T`.
    Plain,
    /// Required and nullable (`Option<T>`, always sent), or optional (`Option<T>`, not sent
    /// when `None`).
    Option,
    /// Optional and nullable: `Nullable<T>` (absent, `null` or a value).
    Nullable,
}

fn holding(f: &Field) -> Holding {
    match (f.required, f.ty.is_nullable()) {
        (true, false) => Holding::Plain,
        (false, true) => Holding::Nullable,
        _ => Holding::Option,
    }
}

fn field_type(f: &Field) -> TokenStream {
    let base = ty(f.ty.non_null(), Scope::Models);
    let base = if f.boxed { quote!(Box<#base>) } else { base };
    match holding(f) {
        Holding::Plain => base,
        Holding::Option => quote!(Option<#base>),
        Holding::Nullable => quote!(atlas_admin_runtime::Nullable<#base>),
    }
}

/// The serde attribute arguments (for the derived `Serialize`) that say when a field is left
/// out: never for a required one, when absent for an optional one, and also in request bodies
/// for a read-only one of a type that is sent (`sent`).
fn skip(f: &Field, sent: bool) -> Option<TokenStream> {
    let read_only = f.read_only && sent;
    match (holding(f), f.required, read_only) {
        (_, true, _) => None,
        (Holding::Nullable, _, false) => Some(quote!(
            skip_serializing_if = "atlas_admin_runtime::Nullable::is_absent"
        )),
        (_, _, true) => Some(quote!(
            skip_serializing_if = "atlas_admin_runtime::fields::skip_read_only"
        )),
        _ => Some(quote!(skip_serializing_if = "Option::is_none")),
    }
}

/// A struct, its constructor and (for a type that is sent, `sent`) its `Validate` impl.
pub fn structure(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    s: &Struct,
    sent: bool,
) -> TokenStream {
    let derive = if s.fields.iter().all(|f| !f.required) {
        constant_tokens!(#[derive(Clone, Debug, PartialEq, Default, serde::Serialize)])
    } else {
        constant_tokens!(#[derive(Clone, Debug, PartialEq, serde::Serialize)])
    };
    // `rename_all = "camelCase"` when it names at least one field that would otherwise need a
    // `rename`; every field it would name wrongly keeps its own `rename`.
    let rename_all = s
        .fields
        .iter()
        .any(|f| f.rust_name != f.wire_name && serde_camel_case(&f.rust_name) == f.wire_name);
    let container_serde = rename_all.then(|| quote!(#[serde(rename_all = "camelCase")]));
    let fields = s.fields.iter().map(|f| {
        let field_ident = ident(&f.rust_name);
        let field_ty = field_type(f);
        let mut notes = Vec::new();
        if f.read_only {
            notes.push(if sent {
                "Read-only: set by the server, never sent in a request."
            } else {
                "Read-only: set by the server."
            });
        }
        if f.write_only {
            notes.push(if f.required_in_requests {
                "Write-only: required in requests, left out of answers."
            } else {
                "Write-only: sent in requests, left out of answers."
            });
        }
        if f.deprecated {
            notes.push("Deprecated.");
        }
        let notes = notes.join(" ");
        let own = f.doc.clone().unwrap_or_else(|| super::docs::field_doc(f));
        let doc = docs(paragraphs([Some(own.as_str()), Some(notes.as_str())]).as_deref());
        let implied = if rename_all {
            serde_camel_case(&f.rust_name)
        } else {
            f.rust_name.clone()
        };
        let rename = (implied != f.wire_name).then(|| {
            let wire = &f.wire_name;
            quote!(rename = #wire)
        });
        let serde = match (rename, skip(f, sent)) {
            (None, None) => quote!(),
            (Some(rename), None) => quote!(#[serde(#rename)]),
            // The most common attribute by far: built once.
            (None, Some(_)) if holding(f) == Holding::Option && !(f.read_only && sent) => {
                constant_tokens!(#[serde(skip_serializing_if = "Option::is_none")])
            }
            (None, Some(skip)) => quote!(#[serde(#skip)]),
            (Some(rename), Some(skip)) => quote!(#[serde(#rename, #skip)]),
        };
        quote! {
            #doc
            #serde
            pub #field_ident: #field_ty,
        }
    });
    let fields = moved(fields.collect());
    let additional_field = s.additional.as_ref().map(|_| {
        if s.fields
            .iter()
            .any(|f| f.rust_name == "additional_properties")
        {
            format_ident!("additional_properties_map")
        } else {
            format_ident!("additional_properties")
        }
    });
    let additional = s.additional.as_ref().map(|t| {
        let value = ty(t, Scope::Models);
        let field = &additional_field;
        quote! {
            /// Properties not named in the schema (`additionalProperties`).
            #[serde(flatten, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
            pub #field: std::collections::BTreeMap<String, #value>,
        }
    });
    let deserialize = moved(deserialize(name, s, additional_field.as_ref()));
    let constructor = moved(constructor(name, s, additional_field.as_ref()));
    let validate_impl = sent.then(|| moved(struct_validate(api, name, s)));
    quote! {
        #doc
        #derive
        #container_serde
        pub struct #name {
            #fields
            #additional
        }
        #deserialize
        #constructor
        #validate_impl
    }
}

/// The struct's `Deserialize` impl: one `deserialize_struct!` line (the runtime's shared
/// visitor over the wire names) instead of `#[derive(Deserialize)]`. A required, non-nullable
/// field is `required` (missing: `missing field` error); any other is `optional` (missing: its
/// `Default`, i.e. `None` or `Nullable::Absent`); `..additional` names the map that takes every
/// other key.
fn deserialize(
    name: &proc_macro2::Ident,
    s: &Struct,
    additional: Option<&proc_macro2::Ident>,
) -> TokenStream {
    let fields = s.fields.iter().enumerate().map(|(index, f)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let field = ident(&f.rust_name);
        let kind = if holding(f) == Holding::Plain {
            format_ident!("required")
        } else {
            format_ident!("optional")
        };
        let wire = &f.wire_name;
        quote!(#index => #field = #kind(#wire))
    });
    let additional = additional.map(|field| quote!(..#field));
    quote! {
        atlas_admin_runtime::deserialize_struct!(#name { #(#fields),* } #additional);
    }
}

/// `new(…)`: the struct from exactly its required fields, in the order of the schema's
/// `required` lists ([`Struct::required_order`]), every other field absent. Each argument is
/// `impl Into<T>` (a `&str` for a `String`, a value for a `Box` or a required nullable
/// field's `Option`). A struct with no required field also derives `Default`.
fn constructor(
    name: &proc_macro2::Ident,
    s: &Struct,
    additional: Option<&proc_macro2::Ident>,
) -> TokenStream {
    let required: Vec<&Field> = s
        .required_order
        .iter()
        .filter_map(|wire| s.fields.iter().find(|f| f.wire_name == *wire && f.required))
        .collect();
    if required.is_empty() {
        let doc = docs(Some("Every property absent (the same as `Default`)."));
        return quote! {
            impl #name {
                #doc
                pub fn new() -> Self {
                    Self::default()
                }
            }
        };
    }
    let listed: Vec<String> = required
        .iter()
        .map(|f| format!("`{}`", f.wire_name))
        .collect();
    let doc = docs(Some(&format!(
        "From the required properties ({}); every other one absent.",
        listed.join(", ")
    )));
    let params = required.iter().map(|f| {
        let field = ident(&f.rust_name);
        let t = field_type(f);
        quote!(#field: impl Into<#t>)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        if f.required {
            quote!(#field: #field.into())
        } else if holding(f) == Holding::Option {
            quote!(#field: None)
        } else {
            quote!(#field: Default::default())
        }
    });
    let additional = additional.map(|field| quote!(#field: Default::default()));
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            #doc
            #allow
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#inits,)*
                    #additional
                }
            }
        }
    }
}

/// The wire name serde's `rename_all = "camelCase"` gives a snake-case field (serde's own
/// rule: drop each `_` and upper-case the letter after it; lower-case the first letter).
fn serde_camel_case(field: &str) -> String {
    let mut pascal = String::with_capacity(field.len());
    let mut capitalize = true;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => pascal,
    }
}

//! Structs: fields, the `additionalProperties` map, the `serde_struct!` line that gives them
//! `Serialize` and `Deserialize` through the runtime's shared writer and visitor, and their
//! `Validate` impl.

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

/// How `serde_struct!` decodes and encodes a field (see the runtime's `serde_struct!`):
/// `required` (required, not nullable: a `missing field` error when missing, always sent),
/// `nullable` (required and nullable: `None` when missing, always sent, `None` as `null`),
/// `read_only` (optional and read-only in a type that is sent (`sent`): left out when absent
/// and in request bodies) or `optional` (left out when absent).
fn kind(f: &Field, sent: bool) -> &'static str {
    match (holding(f), f.required, f.read_only && sent) {
        (Holding::Plain, _, _) => "required",
        (_, true, _) => "nullable",
        (_, false, true) => "read_only",
        (_, false, false) => "optional",
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
        constant_tokens!(#[derive(Clone, Debug, PartialEq, Default)])
    } else {
        constant_tokens!(#[derive(Clone, Debug, PartialEq)])
    };
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
        quote! {
            #doc
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
            pub #field: std::collections::BTreeMap<String, #value>,
        }
    });
    let serde_impls = moved(serde_impls(name, s, sent, additional_field.as_ref()));
    let constructor = moved(constructor(name, s, additional_field.as_ref()));
    let validate_impl = sent.then(|| moved(struct_validate(api, name, s)));
    quote! {
        #doc
        #derive
        pub struct #name {
            #fields
            #additional
        }
        #serde_impls
        #constructor
        #validate_impl
    }
}

/// The struct's `Serialize` and `Deserialize` impls: one `serde_struct!` line (the runtime's
/// shared writer and visitor over the fields' wire names) instead of `#[derive(Serialize)]`
/// with serde attributes and `#[derive(Deserialize)]`: per field its index, name, [`kind`] and
/// wire name; `..additional` names the map that takes every other key and whose entries are
/// written after the named properties.
fn serde_impls(
    name: &proc_macro2::Ident,
    s: &Struct,
    sent: bool,
    additional: Option<&proc_macro2::Ident>,
) -> TokenStream {
    let fields = s.fields.iter().enumerate().map(|(index, f)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let field = ident(&f.rust_name);
        let kind = format_ident!("{}", kind(f, sent));
        let wire = &f.wire_name;
        quote!(#index => #field = #kind(#wire))
    });
    let additional = additional.map(|field| quote!(..#field));
    quote! {
        atlas_admin_runtime::serde_struct!(#name { #(#fields),* } #additional);
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

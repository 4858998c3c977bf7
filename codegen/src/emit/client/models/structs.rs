//! Structs: fields with serde names, the flattened `additionalProperties` map, and their
//! `Validate` impl.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::client::tokens::{constant_tokens, ident, moved, paragraphs, ty, Scope};
use crate::emit::client::validation::struct_validate;
use crate::emit::format::docs;
use crate::ir::{Api, Field, Struct};

fn field_type(f: &Field) -> TokenStream {
    let base = ty(&f.ty, Scope::Models);
    let base = if f.boxed { quote!(Box<#base>) } else { base };
    if f.required && !f.nullable {
        base
    } else {
        quote!(Option<#base>)
    }
}

pub fn structure(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    s: &Struct,
    validate: bool,
) -> TokenStream {
    let derive = if s.fields.iter().all(|f| !f.required) {
        constant_tokens!(#[derive(Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)])
    } else {
        constant_tokens!(#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)])
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
            notes.push("Read-only: set by the server, ignored in requests.");
        }
        if f.write_only {
            notes.push("Write-only: sent in requests, not returned.");
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
        // A missing `Option` field deserializes as `None` without `default`.
        let skip = (!f.required).then(|| quote!(skip_serializing_if = "Option::is_none"));
        let serde = match (rename, skip) {
            (None, None) => quote!(),
            (Some(rename), None) => quote!(#[serde(#rename)]),
            // The most common attribute by far: built once.
            (None, Some(_)) => {
                constant_tokens!(#[serde(skip_serializing_if = "Option::is_none")])
            }
            (Some(rename), Some(skip)) => quote!(#[serde(#rename, #skip)]),
        };
        quote! {
            #doc
            #serde
            pub #field_ident: #field_ty,
        }
    });
    let fields = moved(fields.collect());
    let additional = s.additional.as_ref().map(|t| {
        let value = ty(t, Scope::Models);
        let field = if s
            .fields
            .iter()
            .any(|f| f.rust_name == "additional_properties")
        {
            format_ident!("additional_properties_map")
        } else {
            format_ident!("additional_properties")
        };
        quote! {
            /// Properties not named in the schema (`additionalProperties`).
            #[serde(flatten, default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
            pub #field: std::collections::BTreeMap<String, #value>,
        }
    });
    let validate_impl = validate.then(|| moved(struct_validate(api, name, s)));
    quote! {
        #doc
        #derive
        #container_serde
        pub struct #name {
            #fields
            #additional
        }
        #validate_impl
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

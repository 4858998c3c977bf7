//! Token helpers shared by the emitters: identifiers, type tokens, doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::TypeRef;
use crate::naming;

/// An identifier, raw (`r#type`) when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if naming::needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Where named types live relative to the code being emitted.
#[derive(Clone, Copy)]
pub enum Scope {
    /// Inside `models.rs`.
    Models,
    /// Anywhere else: named types are `models::X`.
    Outside,
}

/// The Rust type for a [`TypeRef`].
pub fn ty(t: &TypeRef, scope: Scope) -> TokenStream {
    match t {
        TypeRef::Named(n) => {
            let n = ident(n);
            match scope {
                Scope::Models => quote!(#n),
                Scope::Outside => quote!(models::#n),
            }
        }
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Bytes => quote!(atlas_admin_runtime::Bytes),
        TypeRef::Vec(inner) => {
            let inner = ty(inner, scope);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = ty(inner, scope);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
    }
}

/// `#[doc = " …"]` lines for a text. Leading indentation is dropped (so spec prose never
/// becomes an indented code block, i.e. a doctest) and fenced blocks are marked `text`.
pub fn docs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let mut in_fence = false;
    let lines = text.lines().map(|line| {
        let trimmed = line.trim();
        let line = if trimmed.starts_with("```") {
            in_fence = !in_fence;
            if in_fence {
                "```text".to_string()
            } else {
                "```".to_string()
            }
        } else {
            trimmed.to_string()
        };
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    let mut lines: Vec<String> = lines.collect();
    if in_fence {
        lines.push(" ```".to_string());
    }
    quote!(#(#[doc = #lines])*)
}

/// Joins doc paragraphs, skipping empty ones.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let text: Vec<&str> = parts
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    (!text.is_empty()).then(|| text.join("\n\n"))
}

/// Whether a type's values can be turned into a string with `to_string()`.
pub fn is_displayable(t: &TypeRef) -> bool {
    matches!(
        t,
        TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Json
            | TypeRef::Date
    )
}

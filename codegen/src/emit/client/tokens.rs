//! Token helpers of the client emitter: identifiers, type tokens, moved token streams.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::TypeRef;

/// A token stream to interpolate into `quote!` by moving it. `quote!` interpolates a
/// `TokenStream` by reference, which copies its tokens (and allocates every identifier and
/// literal again); nested emitters did that once per level. A `Moved` hands its tokens over
/// instead, so it must be interpolated once (a second use is empty).
pub struct Moved(std::cell::Cell<Option<TokenStream>>);

/// See [`Moved`].
pub fn moved(tokens: TokenStream) -> Moved {
    Moved(std::cell::Cell::new(Some(tokens)))
}

/// Every stream of an iterator as [`Moved`], for `#(#items)*`.
pub fn all_moved(items: impl IntoIterator<Item = TokenStream>) -> Vec<Moved> {
    items.into_iter().map(moved).collect()
}

impl quote::ToTokens for Moved {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        if let Some(own) = self.0.take() {
            tokens.extend(own);
        }
    }
}

/// A constant token snippet, built (and its literals lexed) once per thread, then cloned.
macro_rules! constant_tokens {
    ($($t:tt)*) => {{
        thread_local! {
            static TOKENS: proc_macro2::TokenStream = quote::quote!($($t)*);
        }
        TOKENS.with(Clone::clone)
    }};
}
pub(crate) use constant_tokens;

/// An identifier, raw (`r#type`) when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if super::naming::needs_raw(name) {
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

/// The Rust type for a [`TypeRef`]: a nullable one is `Option<T>` (an optional nullable
/// struct field is `Nullable<T>` instead: see `models/structs.rs`).
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
        TypeRef::I8 => quote!(i8),
        TypeRef::I16 => quote!(i16),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        // `format: float` as `f64`: see `TypeRef::F32`.
        TypeRef::F32 => quote!(f64),
        TypeRef::F64 => quote!(f64),
        // Kept as written, so an answer re-encodes as it came (offset, fraction digits).
        TypeRef::DateTime => quote!(atlas_admin_runtime::DateTime),
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
        TypeRef::Nullable(inner) => {
            let inner = ty(inner, scope);
            quote!(Option<#inner>)
        }
    }
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
    t.is_scalar() || *t == TypeRef::Json
}

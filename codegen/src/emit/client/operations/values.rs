//! How parameter values are typed in a builder and written on the wire.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::client::tokens::{is_displayable, ty, Scope};
use crate::ir::{Api, TypeKind, TypeRef};

/// The argument type a caller passes for a parameter or body.
pub fn arg_type(t: &TypeRef) -> TokenStream {
    let inner = param_type(t);
    quote!(impl Into<#inner>)
}

/// The builder field type of a parameter. Strings are `Cow<'a, str>`, so a borrowed argument
/// (the common case: an id the caller already holds) is not copied.
pub fn param_type(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => quote!(Cow<'a, str>),
        other => ty(other, Scope::Outside),
    }
}

/// An owned `String` of a parameter value as sent on the wire; `value` is a reference.
pub fn wire_owned(api: &Api, t: &TypeRef, value: &TokenStream) -> TokenStream {
    match t {
        TypeRef::String => quote!(#value.to_string()),
        TypeRef::Named(_) if api.is_string_enum(t) => quote!(#value.to_string()),
        TypeRef::Named(n) => match api.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Alias(target)) if is_displayable(target) => {
                wire_owned(api, target, value)
            }
            _ => quote!(serde_json::to_string(#value).map_err(Error::Encode)?),
        },
        _ => quote!(#value.to_string()),
    }
}

/// Whether the runtime writes values of this parameter type itself (`ParamValue`: scalars,
/// strings, dates, and lists of them).
pub fn runtime_param(t: &TypeRef) -> bool {
    match t {
        TypeRef::Vec(inner) => inner.is_scalar(),
        other => other.is_scalar(),
    }
}

/// A `&str` of a parameter value as sent on the wire; `value` is a place (`self.x`).
pub fn wire_borrowed(api: &Api, t: &TypeRef, value: &TokenStream) -> TokenStream {
    match t {
        TypeRef::String => quote!(&#value),
        TypeRef::Named(_) if api.is_string_enum(t) => quote!(#value.as_str()),
        _ => {
            let owned = wire_owned(api, t, &quote!((&#value)));
            quote!(&#owned)
        }
    }
}

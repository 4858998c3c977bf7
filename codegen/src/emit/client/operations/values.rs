//! How parameter values are typed in a builder, and the `Style` they are written in.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::client::tokens::{ty, Scope};
use crate::ir::{ParamStyle, TypeRef};

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

/// The runtime's `Style` value for a parameter style (`atlas_admin_runtime::Style::Form {
/// explode: false }`).
pub fn style_tokens(style: ParamStyle, explode: bool) -> TokenStream {
    match style {
        ParamStyle::Matrix => quote!(atlas_admin_runtime::Style::Matrix { explode: #explode }),
        ParamStyle::Label => quote!(atlas_admin_runtime::Style::Label { explode: #explode }),
        ParamStyle::Form => quote!(atlas_admin_runtime::Style::Form { explode: #explode }),
        ParamStyle::Simple => quote!(atlas_admin_runtime::Style::Simple { explode: #explode }),
        ParamStyle::SpaceDelimited => {
            quote!(atlas_admin_runtime::Style::SpaceDelimited { explode: #explode })
        }
        ParamStyle::PipeDelimited => {
            quote!(atlas_admin_runtime::Style::PipeDelimited { explode: #explode })
        }
        ParamStyle::DeepObject => quote!(atlas_admin_runtime::Style::DeepObject),
    }
}

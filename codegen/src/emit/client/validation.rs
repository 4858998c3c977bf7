//! Validation code: the checks of a value's own constraints, pattern statics, and the
//! `Validate` impl of a struct.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{all_moved, ident};
use crate::ir::{Api, Bound, Constraints, Struct, TypeRef};

/// Whether values of this type have anything to validate beyond their own constraints.
pub fn nests_validation(api: &Api, t: &TypeRef) -> bool {
    t.named().is_some_and(|n| api.checked_types.contains(n))
}

/// The `Validate` impl of a struct: its fields' rules (`readOnly` fields are never sent, so
/// never checked), and the presence of the `writeOnly` fields a request must set
/// ([`crate::ir::Field::required_in_requests`]).
pub fn struct_validate(api: &Api, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let mut statics = Vec::new();
    let mut checks = Vec::new();
    for f in s.fields.iter().filter(|f| !f.read_only) {
        let field_ident = ident(&f.rust_name);
        let wire = &f.wire_name;
        let path = quote!(path.field(#wire));
        let value = quote!(&self.#field_ident);
        if f.required_in_requests {
            checks.push(quote!(v.required(path, #wire, #value);));
        }
        let pattern = has_pattern(&f.constraints, &f.ty).then(|| {
            // Field names are unique lowercase snake case, so this is unique too.
            let name = format_ident!("{}_PATTERN", f.rust_name.to_ascii_uppercase());
            statics.push(pattern_static(
                &name,
                f.constraints.pattern.as_deref().unwrap_or_default(),
            ));
            name
        });
        checks.extend(constraint_checks(
            &f.constraints,
            &f.ty,
            &path,
            &value,
            pattern.as_ref(),
        ));
        if nests_validation(api, &f.ty) {
            checks.push(quote!(v.field(path, #wire, #value);));
        }
    }
    let (path_arg, v_arg) = if checks.is_empty() {
        (quote!(_path), quote!(_v))
    } else {
        (quote!(path), quote!(v))
    };
    let (statics, checks) = (all_moved(statics), all_moved(checks));
    quote! {
        impl Validate for #name {
            fn validate(&self, #path_arg: &Path<'_>, #v_arg: &mut Validator) {
                #(#statics)*
                #(#checks)*
            }
        }
    }
}

/// The `static` a pattern check uses: `static NAME: Pattern = Pattern::new("…");`.
pub fn pattern_static(name: &proc_macro2::Ident, pattern: &str) -> TokenStream {
    quote! {
        static #name: Pattern = Pattern::new(#pattern);
    }
}

/// Whether a value of this type and these constraints is checked against a pattern.
pub fn has_pattern(c: &Constraints, t: &TypeRef) -> bool {
    c.pattern.is_some() && *t.non_null() == TypeRef::String
}

/// Checks of a value's own constraints: `v.rule(path, value, …);` where `path` and `value`
/// are expressions for a `Path` (or a top-level name) and a reference to the (possibly
/// optional or nullable) value, and `v` is in scope. A pattern check uses the `static` named
/// `pattern` (see [`pattern_static`]; declared by the caller).
pub fn constraint_checks(
    c: &Constraints,
    t: &TypeRef,
    path: &TokenStream,
    value: &TokenStream,
    pattern: Option<&proc_macro2::Ident>,
) -> Vec<TokenStream> {
    let mut out = Vec::new();
    match t.non_null() {
        TypeRef::String => {
            if let (Some(_), Some(pattern)) = (&c.pattern, pattern) {
                out.push(quote!(v.pattern(#path, #value, &#pattern);));
            }
            if let Some(n) = c.min_length {
                out.push(quote!(v.min_length(#path, #value, #n);));
            }
            if let Some(n) = c.max_length {
                out.push(quote!(v.max_length(#path, #value, #n);));
            }
        }
        t if t.is_number() => {
            if let Some(Bound {
                value: m,
                exclusive,
            }) = c.minimum
            {
                out.push(quote!(v.minimum(#path, #value, #m, #exclusive);));
            }
            if let Some(Bound {
                value: m,
                exclusive,
            }) = c.maximum
            {
                out.push(quote!(v.maximum(#path, #value, #m, #exclusive);));
            }
        }
        TypeRef::Vec(_) => {
            if let Some(n) = c.min_items {
                out.push(quote!(v.min_items(#path, #value, #n);));
            }
            if let Some(n) = c.max_items {
                out.push(quote!(v.max_items(#path, #value, #n);));
            }
        }
        _ => {}
    }
    out
}

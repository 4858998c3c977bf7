//! Unions: tagged enums (decoded by their discriminator property) and untagged ones (decoded
//! by ranking the variants' shapes), with `From` and `Validate` impls.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::client::tokens::{ident, moved, ty, Scope};
use crate::emit::format::docs;
use crate::ir::{Api, Tagged, TypeKind, TypeRef, Variant};

fn variant_payload(v: &Variant) -> TokenStream {
    let t = ty(&v.ty, Scope::Models);
    if v.boxed {
        quote!(Box<#t>)
    } else {
        t
    }
}

/// The type an alias (chain) stands for; any other type as it is.
fn resolve_alias<'a>(api: &'a Api, t: &'a TypeRef) -> &'a TypeRef {
    let mut t = t;
    for _ in 0..64 {
        match t {
            TypeRef::Named(n) => match api.types.get(n).map(|d| &d.kind) {
                Some(TypeKind::Alias(target)) => t = target,
                _ => break,
            },
            _ => break,
        }
    }
    t
}

/// The enum, `From` and (optional) `Validate` shared by tagged and untagged enums; an untagged
/// one also derives `Serialize`.
fn variant_enum(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    variants: &[Variant],
    unknown_doc: &str,
    validate: bool,
    tag_property: Option<&str>,
) -> TokenStream {
    let untagged = tag_property.is_none();
    let defs = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let payload = variant_payload(v);
        let doc = docs(Some(&super::docs::variant_doc(api, tag_property, v)));
        quote! {
            #doc
            #variant(#payload),
        }
    });
    let defs = moved(defs.collect());
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
    // `From` each variant's type, so a variant value can be passed where the union is expected;
    // only for types that appear in exactly one variant and are not JSON values. Aliases are
    // followed first: two variants naming one type, or a variant that is the union itself (a
    // variant schema that only `allOf`s its parent), would give conflicting impls.
    let own = TypeRef::Named(name.to_string());
    let from_impls = variants
        .iter()
        .filter(|v| {
            let target = resolve_alias(api, &v.ty);
            !matches!(target, TypeRef::Json)
                && *target != own
                && variants
                    .iter()
                    .filter(|o| resolve_alias(api, &o.ty) == target)
                    .count()
                    == 1
        })
        .collect::<Vec<_>>();
    // Unboxed variants of a plain type: one `union_from!` line (a generic type would print as
    // loose tokens in a macro's arguments); the others written out.
    let (listed, written): (Vec<&Variant>, Vec<&Variant>) = from_impls.into_iter().partition(|v| {
        !v.boxed && !matches!(v.ty, TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::DateTime)
    });
    let listed = (!listed.is_empty()).then(|| {
        let pairs = listed.iter().map(|v| {
            let variant = ident(&v.rust_name);
            let payload = ty(&v.ty, Scope::Models);
            quote!(#variant(#payload))
        });
        quote!(atlas_admin_runtime::union_from!(#name; #(#pairs),*);)
    });
    let written = written.into_iter().map(|v| {
        let variant = ident(&v.rust_name);
        let payload = ty(&v.ty, Scope::Models);
        let wrap = if v.boxed {
            quote!(Box::new(value))
        } else {
            quote!(value)
        };
        quote! {
            impl From<#payload> for #name {
                fn from(value: #payload) -> Self {
                    Self::#variant(#wrap)
                }
            }
        }
    });
    let from_impls = moved(quote!(#listed #(#written)*));

    let unknown_doc = docs(Some(unknown_doc));
    let validate_impl = validate.then(|| {
        quote! {
            impl Validate for #name {
                fn validate(&self, path: &Path<'_>, v: &mut Validator) {
                    match self {
                        #(Self::#idents(value) => v.nested(path, value),)*
                        Self::Unknown(_) => {}
                    }
                }
            }
        }
    });
    // An untagged union serializes each variant as it is: serde's derive does exactly that.
    let derive = if untagged {
        quote!(#[derive(Clone, Debug, PartialEq, serde::Serialize)] #[serde(untagged)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq)])
    };
    quote! {
        #doc
        #derive
        pub enum #name {
            #defs
            #unknown_doc
            Unknown(serde_json::Value),
        }

        #from_impls

        #validate_impl
    }
}

pub fn tagged(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    t: &Tagged,
    validate: bool,
) -> TokenStream {
    let property = &t.property;
    let unknown_doc = format!("A `{property}` value this client did not know when it was generated; the object is kept as received.");
    let def = moved(variant_enum(
        api,
        name,
        doc,
        &t.variants,
        &unknown_doc,
        validate,
        Some(property),
    ));
    let idents: Vec<_> = t.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let tags: Vec<&str> = t
        .variants
        .iter()
        .map(|v| v.tag.as_deref().unwrap_or_default())
        .collect();
    let constructors: Vec<TokenStream> = t
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.rust_name);
            if v.boxed {
                quote!(|v| Self::#variant(Box::new(v)))
            } else {
                quote!(Self::#variant)
            }
        })
        .collect();
    let unbox: Vec<TokenStream> = t
        .variants
        .iter()
        .map(|v| {
            if v.boxed {
                quote!(&**value)
            } else {
                quote!(value)
            }
        })
        .collect();
    quote! {
        #def

        impl #name {
            /// The discriminator property.
            pub const DISCRIMINATOR: &'static str = #property;
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#idents(value) => de::serialize_tagged(#unbox, #property, #tags, serializer),)*
                    Self::Unknown(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                match de::tag(&value, #property) {
                    #(Some(#tags) => de::variant(&value, #constructors),)*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }
    }
}

pub fn untagged(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    variants: &[Variant],
    validate: bool,
) -> TokenStream {
    let unknown_doc = "A value matching none of the variants; kept as received.";
    let def = moved(variant_enum(
        api,
        name,
        doc,
        variants,
        unknown_doc,
        validate,
        None,
    ));
    let idents: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wrapped: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            if v.boxed {
                quote!(Box::new(v))
            } else {
                quote!(v)
            }
        })
        .collect();
    let indices: Vec<proc_macro2::Literal> = (0..variants.len())
        .map(proc_macro2::Literal::usize_unsuffixed)
        .collect();
    // A string-enum variant accepts any string (unknown values are kept), so it only counts as
    // an exact match for a value it knows; otherwise it is a fallback.
    let exact: Vec<TokenStream> = variants
        .iter()
        .map(|v| match api.resolve_alias(&v.ty) {
            TypeRef::Named(n) if api.is_string_enum(&v.ty) => {
                let n = ident(n);
                quote!(!matches!(v, #n::Unknown(_)))
            }
            _ => quote!(true),
        })
        .collect();
    let shapes = variants.iter().map(|v| {
        let props = &v.shape.properties;
        let required = &v.shape.required;
        let const_keys = v.shape.consts.iter().map(|c| &c.property);
        let const_values = v.shape.consts.iter().map(|c| &c.value);
        quote! {
            de::VariantShape {
                properties: &[#(#props),*],
                required: &[#(#required),*],
                consts: &[#((#const_keys, #const_values)),*],
            }
        }
    });
    quote! {
        #def

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const SHAPES: &[de::VariantShape] = &[#(#shapes),*];
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let mut fallback = None;
                for index in de::rank_variants(&value, SHAPES) {
                    let parsed = match index {
                        #(#indices => serde::Deserialize::deserialize(&value).map(|v| (#exact, Self::#idents(#wrapped))),)*
                        _ => continue,
                    };
                    match parsed {
                        Ok((true, parsed)) => return Ok(parsed),
                        Ok((false, parsed)) => {
                            fallback.get_or_insert(parsed);
                        }
                        Err(_) => {}
                    }
                }
                Ok(fallback.unwrap_or(Self::Unknown(value)))
            }
        }
    }
}

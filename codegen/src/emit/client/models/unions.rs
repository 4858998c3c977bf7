//! Unions: tagged enums (decoded by their discriminator property), untagged ones (decoded
//! by ranking the variants' shapes) and `anyOf` structs (every member the value matches),
//! with `From` and `Validate` impls. The decoding itself is the runtime's
//! (`atlas_admin_runtime::de`): a generated union states its tags or shapes and how to
//! decode each variant (`de::TaggedUnion`, `de::UntaggedUnion`, `de::AnyOf`), and its
//! `Deserialize` impl is one call.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::client::tokens::{ident, moved, ty, Scope};
use crate::emit::doc_text::code_span;
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

/// A variant's payload type, for docs: `` `Name` `` or `` `Vec<String>` ``.
fn type_name(v: &Variant) -> String {
    let t = ty(&v.ty, Scope::Models).to_string().replace(' ', "");
    format!("`{t}`")
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

/// The doc comments of a union enum: the enum's own, its `Unknown` variant's, and each
/// variant's (from the variant).
struct EnumDocs<'a> {
    doc: TokenStream,
    unknown: &'a str,
    variant: &'a dyn Fn(&Variant) -> String,
}

/// The enum, `From` and (optional) `Validate` shared by tagged and untagged enums; an untagged
/// one also derives `Serialize`.
fn variant_enum(
    api: &Api,
    name: &proc_macro2::Ident,
    texts: EnumDocs<'_>,
    variants: &[Variant],
    validate: bool,
    tag_property: Option<&str>,
) -> TokenStream {
    // An untagged union serializes each variant as it is, which serde's derive does, unless a
    // variant has single-value properties to add (`untagged` then writes the impl).
    let derive_untagged =
        tag_property.is_none() && variants.iter().all(|v| v.shape.consts.is_empty());
    let EnumDocs {
        doc,
        unknown: unknown_doc,
        variant: variant_doc,
    } = texts;
    let defs = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let payload = variant_payload(v);
        let doc = docs(Some(&variant_doc(v)));
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
        !v.boxed
            && !matches!(
                v.ty,
                TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Nullable(_)
            )
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
    let derive = if derive_untagged {
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
    let unknown_doc = format!("A {} value this client did not know when it was generated; the object is kept as received.", code_span(property));
    let def = moved(variant_enum(
        api,
        name,
        EnumDocs {
            doc,
            unknown: &unknown_doc,
            variant: &|v| super::docs::variant_doc(api, Some(property), v),
        },
        &t.variants,
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
    let last = t.variants.len().saturating_sub(1);
    let indices = (0..t.variants.len()).map(|i| index_pattern(i, last));
    let dispatch = dispatch(
        indices
            .zip(&constructors)
            .map(|(i, c)| {
                (
                    i,
                    quote!(serde::Deserialize::deserialize(deserializer).map(#c)),
                )
            })
            .collect(),
    );
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

        impl de::TaggedUnion for #name {
            const PROPERTY: &'static str = #property;
            const TAGS: &'static [&'static str] = &[#(#tags),*];
            fn variant<'de, D: serde::Deserializer<'de>>(index: usize, deserializer: D) -> Result<Self, D::Error> {
                #dispatch
            }
            fn unknown(value: serde_json::Value) -> Self {
                Self::Unknown(value)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                de::deserialize_tagged(deserializer)
            }
        }
    }
}

/// `Serialize` for an untagged union some of whose variants have single-value properties:
/// each such variant is written with the ones it left unset added
/// (`de::serialize_with_consts`, from the variant's `SHAPES` entry), so the value names its
/// variant on the wire as it does when decoded; the others are written as they are.
fn serialize_with_consts(name: &proc_macro2::Ident, variants: &[Variant]) -> TokenStream {
    let arms = variants.iter().enumerate().map(|(i, v)| {
        let variant = ident(&v.rust_name);
        let value = if v.boxed {
            quote!(&**value)
        } else {
            quote!(value)
        };
        if v.shape.consts.is_empty() {
            quote!(Self::#variant(value) => serde::Serialize::serialize(#value, serializer),)
        } else {
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            quote!(Self::#variant(value) => de::serialize_with_consts(#value, <Self as de::UntaggedUnion>::SHAPES[#i].consts, serializer),)
        }
    });
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#arms)*
                    Self::Unknown(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }
    }
}

/// Decodes the variant at `index`: a match over the arms, or the only arm's body when there is
/// one (a `match` with a single `_` arm is `clippy::match_single_binding`).
fn dispatch(mut arms: Vec<(TokenStream, TokenStream)>) -> TokenStream {
    if arms.len() == 1 {
        let (_, body) = arms.remove(0);
        return quote! {
            let _ = index;
            #body
        };
    }
    let (patterns, bodies): (Vec<_>, Vec<_>) = arms.into_iter().unzip();
    quote!(match index { #(#patterns => #bodies,)* })
}

/// The match pattern of variant `i`: its index, `_` for the last one (the runtime only asks
/// for indices it was given, and a match must be exhaustive).
fn index_pattern(i: usize, last: usize) -> TokenStream {
    if i == last {
        quote!(_)
    } else {
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote!(#i)
    }
}

/// The `de::VariantShape` of each variant, for ranking them against a value.
fn shapes(variants: &[Variant]) -> Vec<TokenStream> {
    variants
        .iter()
        .map(|v| {
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
        })
        .collect()
}

/// Whether a decoded variant value is an exact match (`v` bound to it): a string-enum
/// variant accepts any string (unknown values are kept), so it only counts as exact for a
/// value it knows; otherwise it is a fallback.
fn exact_check(api: &Api, v: &Variant) -> Option<TokenStream> {
    // An alias of a string enum (a place sharing another place's enum) counts as the enum.
    let target = resolve_alias(api, &v.ty);
    match target
        .named()
        .map(|n| (n, api.types.get(n).map(|d| &d.kind)))
    {
        Some((n, Some(TypeKind::Enum(_)))) if matches!(target, TypeRef::Named(_)) => {
            let n = ident(n);
            Some(quote!(!matches!(v, #n::Unknown(_))))
        }
        _ => None,
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
        EnumDocs {
            doc,
            unknown: unknown_doc,
            variant: &|v| super::docs::variant_doc(api, None, v),
        },
        variants,
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
    let last = variants.len().saturating_sub(1);
    let indices = (0..variants.len()).map(|i| index_pattern(i, last));
    let exact: Vec<TokenStream> = variants
        .iter()
        .map(|v| exact_check(api, v).unwrap_or_else(|| quote!(true)))
        .collect();
    let shapes = shapes(variants);
    let serialize_impl = variants
        .iter()
        .any(|v| !v.shape.consts.is_empty())
        .then(|| serialize_with_consts(name, variants));
    let dispatch = dispatch(
        indices
            .zip(exact.iter().zip(idents.iter().zip(&wrapped)))
            .map(|(i, (exact, (ident, wrapped)))| {
                (
                    i,
                    quote!(serde::Deserialize::deserialize(deserializer).map(|v| (#exact, Self::#ident(#wrapped)))),
                )
            })
            .collect(),
    );
    quote! {
        #def

        #serialize_impl

        impl de::UntaggedUnion for #name {
            const SHAPES: &'static [de::VariantShape] = &[#(#shapes),*];
            fn variant<'de, D: serde::Deserializer<'de>>(index: usize, deserializer: D) -> Result<(bool, Self), D::Error> {
                #dispatch
            }
            fn unknown(value: serde_json::Value) -> Self {
                Self::Unknown(value)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                de::deserialize_untagged(deserializer)
            }
        }
    }
}

/// An `anyOf` whose members can match the same value: a struct with one `Option` per member
/// and `unknown` for a value that matches none; decoded by `de::deserialize_any_of`, encoded
/// by merging the members that are set (`de::AnyOfWriter`).
pub fn any_of(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: TokenStream,
    members: &[Variant],
    validate: bool,
) -> TokenStream {
    let fields: Vec<_> = members.iter().map(|v| ident(&v.rust_name)).collect();
    let field_defs = members.iter().map(|v| {
        let field = ident(&v.rust_name);
        let payload = variant_payload(v);
        let doc = docs(Some(&format!(
            "The value as {}, when it matches that member of the `anyOf`.",
            type_name(v)
        )));
        quote! {
            #doc
            pub #field: Option<#payload>,
        }
    });
    let field_defs = moved(field_defs.collect());
    let unknown_doc = docs(Some(
        "The value as received when it matches no member; encoded as it is when no member is set.",
    ));
    let shape_doc = docs(Some(
        "A value of this `anyOf` may match several members: each field is set when it matches that member (so none of its properties is lost), and encoding merges the fields that are set into one object (a property two members both write keeps the first member's value).",
    ));
    let indices: Vec<_> = (0..members.len())
        .map(proc_macro2::Literal::usize_unsuffixed)
        .collect();
    let exact: Vec<TokenStream> = members
        .iter()
        .map(|v| match exact_check(api, v) {
            Some(check) => quote!(|v| #check),
            None => quote!(|_| true),
        })
        .collect();
    let shapes = shapes(members);
    // `From` each member type that appears once and is not a JSON value.
    let own = TypeRef::Named(name.to_string());
    let from_impls = members.iter().filter(|v| {
        let target = resolve_alias(api, &v.ty);
        !matches!(target, TypeRef::Json)
            && *target != own
            && members
                .iter()
                .filter(|o| resolve_alias(api, &o.ty) == target)
                .count()
                == 1
    });
    let from_impls = from_impls.map(|v| {
        let field = ident(&v.rust_name);
        let payload = ty(&v.ty, Scope::Models);
        let wrap = if v.boxed {
            quote!(Box::new(value))
        } else {
            quote!(value)
        };
        quote! {
            impl From<#payload> for #name {
                fn from(value: #payload) -> Self {
                    Self { #field: Some(#wrap), ..Self::default() }
                }
            }
        }
    });
    let from_impls = moved(quote!(#(#from_impls)*));
    let validate_impl = validate.then(|| {
        quote! {
            impl Validate for #name {
                fn validate(&self, path: &Path<'_>, v: &mut Validator) {
                    #(if let Some(value) = &self.#fields { v.nested(path, value); })*
                }
            }
        }
    });
    quote! {
        #doc
        #shape_doc
        #[derive(Clone, Debug, PartialEq, Default)]
        pub struct #name {
            #field_defs
            #unknown_doc
            pub unknown: Option<serde_json::Value>,
        }

        #from_impls

        #validate_impl

        impl de::AnyOf for #name {
            const SHAPES: &'static [de::VariantShape] = &[#(#shapes),*];
            fn member<'de, D: serde::Deserializer<'de>>(&mut self, index: usize, deserializer: D) -> Result<bool, D::Error> {
                match index {
                    #(#indices => de::fill(&mut self.#fields, deserializer, #exact),)*
                    _ => Ok(false),
                }
            }
            fn set_unknown(&mut self, value: serde_json::Value) {
                self.unknown = Some(value);
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                de::deserialize_any_of(deserializer)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut merged = de::AnyOfWriter::default();
                #(merged.member(self.#fields.as_ref()).map_err(serde::ser::Error::custom)?;)*
                merged.finish(self.unknown.as_ref(), serializer)
            }
        }
    }
}

//! `models.rs`: one Rust type per named schema type in the IR.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::common::{all_moved, constant_tokens, docs, ident, moved, paragraphs, ty, Scope};
use crate::emit::Features;
use crate::ir::{
    Api, Constraints, EnumValue, Field, Struct, Tagged, TypeDef, TypeKind, TypeRef, Variant,
};

/// The inner doc and attributes that open `models.rs`.
pub fn header() -> TokenStream {
    quote! {
        //! Models: one type per schema the selected operations reach.
        #![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]

        // Not every feature selection uses each of these.
        #[allow(unused_imports)]
        use atlas_admin_runtime::de;
        #[allow(unused_imports)]
        use atlas_admin_runtime::validate::{Path, Pattern, Validate, Validator};
    }
}

/// The items of some of the types, in the order given. `models.rs` is [`header`] followed by
/// the items of every type, so it can be emitted (and formatted) in chunks.
pub fn emit_types(api: &Api, features: &Features, types: &[(&String, &TypeDef)]) -> TokenStream {
    let mut out = TokenStream::new();
    for (name, def) in types {
        let cfg = features.cfg_for_type(name);
        let validate = api.request_types.contains(*name);
        let item = type_def(api, name, def, validate);
        if cfg.is_empty() {
            out.extend(item);
            continue;
        }
        // The cfg applies to every item the type emits (struct and impls).
        for item in split_items(item) {
            out.extend(cfg.clone());
            out.extend(item);
        }
    }
    out
}

/// Splits a token stream of several items into separate items so an attribute can prefix each.
/// Works on the tokens (no parsing): an item ends at a top-level `;`, or at a top-level `{ … }`
/// (plus a `;` right after it, as in `const X: T = T { … };`).
fn split_items(tokens: TokenStream) -> Vec<TokenStream> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut items = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        let ends = match &tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
            _ => false,
        };
        let brace = matches!(&tree, TokenTree::Group(_));
        current.push(tree);
        if ends {
            if brace {
                if let Some(TokenTree::Punct(p)) = trees.peek() {
                    if p.as_char() == ';' {
                        current.extend(trees.next());
                    }
                }
            }
            items.push(current.drain(..).collect());
        }
    }
    if !current.is_empty() {
        items.push(current.into_iter().collect());
    }
    items
}

fn type_def(api: &Api, name: &str, def: &TypeDef, validate: bool) -> TokenStream {
    let doc_text = paragraphs([def.doc.as_deref()]);
    let doc = docs(doc_text.as_deref());
    let name_ident = ident(name);
    match &def.kind {
        TypeKind::Struct(s) => structure(api, &name_ident, doc, s, validate),
        TypeKind::Enum(values) => string_enum(&name_ident, doc, values),
        TypeKind::Tagged(t) => tagged(api, &name_ident, doc, t, validate),
        TypeKind::Untagged(vs) => untagged(api, &name_ident, doc, vs, validate),
        TypeKind::Newtype(target) => {
            let target = ty(target, Scope::Models);
            let validate_impl = validate.then(|| {
                quote! {
                    impl Validate for #name_ident {
                        fn validate(&self, path: &Path<'_>, v: &mut Validator) {
                            v.nested(path, &self.0);
                        }
                    }
                }
            });
            quote! {
                #doc
                #[derive(Clone, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name_ident(pub #target);

                #validate_impl
            }
        }
        TypeKind::Alias(target) => {
            let target = ty(target, Scope::Models);
            quote! {
                #doc
                pub type #name_ident = #target;
            }
        }
    }
}

fn field_type(f: &Field) -> TokenStream {
    let base = ty(&f.ty, Scope::Models);
    let base = if f.boxed { quote!(Box<#base>) } else { base };
    if f.required && !f.nullable {
        base
    } else {
        quote!(Option<#base>)
    }
}

fn structure(
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
        let doc = docs(paragraphs([f.doc.as_deref(), Some(notes.as_str())]).as_deref());
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

/// Whether values of this type have anything to validate beyond their own constraints.
pub fn nests_validation(api: &Api, t: &TypeRef) -> bool {
    t.named().is_some_and(|n| api.checked_types.contains(n))
}

fn struct_validate(api: &Api, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let mut statics = Vec::new();
    let mut checks = Vec::new();
    for f in s.fields.iter().filter(|f| !f.read_only) {
        let field_ident = ident(&f.rust_name);
        let wire = &f.wire_name;
        let path = quote!(path.field(#wire));
        let value = quote!(&self.#field_ident);
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
    c.pattern.is_some() && *t == TypeRef::String
}

/// Checks of a value's own constraints: `v.rule(path, value, …);` where `path` and `value`
/// are expressions for a `Path` (or a top-level name) and a reference to the (possibly
/// optional) value, and `v` is in scope. A pattern check uses the `static` named `pattern`
/// (see [`pattern_static`]; declared by the caller).
pub fn constraint_checks(
    c: &Constraints,
    t: &TypeRef,
    path: &TokenStream,
    value: &TokenStream,
    pattern: Option<&proc_macro2::Ident>,
) -> Vec<TokenStream> {
    let mut out = Vec::new();
    match t {
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
        TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => {
            if let Some((m, exclusive)) = c.minimum {
                out.push(quote!(v.minimum(#path, #value, #m, #exclusive);));
            }
            if let Some((m, exclusive)) = c.maximum {
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

/// serde's `rename_all` rules for enum variants, as serde applies them to a (PascalCase,
/// ASCII) variant name; `max_by_key` keeps the last of equals, so the list runs from least to
/// most preferred.
type VariantRule = (&'static str, fn(&str) -> String);
const VARIANT_RULES: [VariantRule; 7] = [
    ("kebab-case", |v| serde_snake(v).replace('_', "-")),
    ("SCREAMING-KEBAB-CASE", |v| {
        serde_snake(v).to_ascii_uppercase().replace('_', "-")
    }),
    ("camelCase", |v| v[..1].to_ascii_lowercase() + &v[1..]),
    ("UPPERCASE", |v| v.to_ascii_uppercase()),
    ("snake_case", serde_snake),
    ("lowercase", |v| v.to_ascii_lowercase()),
    ("SCREAMING_SNAKE_CASE", |v| {
        serde_snake(v).to_ascii_uppercase()
    }),
];

/// serde's `snake_case` of a variant name: `_` before every upper-case letter but the first.
fn serde_snake(variant: &str) -> String {
    let mut snake = String::with_capacity(variant.len() + 4);
    for (i, ch) in variant.char_indices() {
        if i > 0 && ch.is_uppercase() {
            snake.push('_');
        }
        snake.push(ch.to_ascii_lowercase());
    }
    snake
}

/// A string enum; its `Validate` impl (like its other common impls) comes from the runtime's
/// `string_enum_impls!`, whether or not it is used in requests.
fn string_enum(name: &proc_macro2::Ident, doc: TokenStream, values: &[EnumValue]) -> TokenStream {
    // The serde `rename_all` rule that names the most variants right; the rest keep a
    // `rename` of their own.
    let rule = VARIANT_RULES
        .iter()
        .map(|(name, apply)| {
            let hits = values
                .iter()
                .filter(|v| apply(&v.rust_name) == v.wire)
                .count();
            (hits, *name, *apply)
        })
        .filter(|(hits, _, _)| *hits > 0)
        .max_by_key(|(hits, _, _)| *hits);
    let container_serde = rule.map(|(_, name, _)| quote!(#[serde(rename_all = #name)]));
    let enum_derive = constant_tokens!(
        #[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    );
    let variants = values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire;
        let doc = docs(Some(&format!("`{wire}`")));
        let implied = rule.map(|(_, _, apply)| apply(&v.rust_name));
        let rename =
            (implied.as_deref() != Some(wire.as_str())).then(|| quote!(#[serde(rename = #wire)]));
        quote! {
            #doc
            #rename
            #variant,
        }
    });
    let variants = moved(variants.collect());
    let wires: Vec<&String> = values.iter().map(|v| &v.wire).collect();
    // Fixed doc lines go through `docs` too: a placeholder is cheaper to format than text.
    let unknown_doc = docs(Some(
        "A value this client did not know when it was generated, kept as received.",
    ));
    quote! {
        #doc
        #enum_derive
        #container_serde
        pub enum #name {
            #variants
            #unknown_doc
            #[serde(untagged)]
            Unknown(String),
        }

        // VALUES, as_str, Display, From<&str>, FromStr and Validate: the same for every
        // string enum but for its values.
        atlas_admin_runtime::string_enum_impls!(#name; #(#wires),*);
    }
}

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
    untagged: bool,
) -> TokenStream {
    let defs = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let payload = variant_payload(v);
        let doc = docs(Some(&match &v.tag {
            Some(tag) => format!("The `{tag}` variant."),
            None => format!("The `{}` variant.", v.rust_name),
        }));
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

fn tagged(
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
        false,
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

fn untagged(
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
        true,
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
        .map(
            |v| match v.ty.named().map(|n| (n, api.types.get(n).map(|d| &d.kind))) {
                Some((n, Some(TypeKind::Enum(_)))) if matches!(v.ty, TypeRef::Named(_)) => {
                    let n = ident(n);
                    quote!(!matches!(v, #n::Unknown(_)))
                }
                _ => quote!(true),
            },
        )
        .collect();
    let shapes = variants.iter().map(|v| {
        let props = &v.shape.properties;
        let required = &v.shape.required;
        let const_keys = v.shape.consts.iter().map(|(k, _)| k);
        let const_values = v.shape.consts.iter().map(|(_, c)| c);
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

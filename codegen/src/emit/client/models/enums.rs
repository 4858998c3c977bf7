//! String enums: the enum with serde names and an `Unknown(String)` variant, and one
//! `string_enum_impls!` line for everything every string enum shares.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::client::tokens::{constant_tokens, ident, moved};
use crate::emit::format::docs;
use crate::ir::EnumValue;

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
pub fn string_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    values: &[EnumValue],
) -> TokenStream {
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

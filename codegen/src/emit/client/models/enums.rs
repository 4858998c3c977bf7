//! String enums: the plain enum with an `Unknown(String)` variant, and one
//! `string_enum_impls!` line, given each variant's wire value, for everything every string enum
//! shares (serde included: no derived `Serialize`/`Deserialize` per enum).

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::client::tokens::{constant_tokens, ident, moved};
use crate::emit::doc_text::{code_span, is_hazard};
use crate::emit::format::docs;
use crate::ir::EnumValue;

/// A string enum; its `Serialize`, `Deserialize` and `Validate` impls (like its other common
/// impls) come from the runtime's `string_enum_impls!`, whether or not it is used in requests.
pub fn string_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    values: &[EnumValue],
) -> TokenStream {
    let enum_derive = constant_tokens!(#[derive(Clone, Debug, PartialEq, Eq, Hash)]);
    let variants = values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire;
        // The value as sent, escaped (`"a\r\u{202e}b"`) when it holds what a doc line cannot.
        let doc = docs(Some(&if wire.chars().any(is_hazard) {
            code_span(&format!("{wire:?}"))
        } else {
            code_span(wire)
        }));
        quote! {
            #doc
            #variant,
        }
    });
    let variants = moved(variants.collect());
    let pairs = values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(#variant = #wire)
    });
    // Fixed doc lines go through `docs` too: a placeholder is cheaper to format than text.
    let unknown_doc = docs(Some(
        "A value this client did not know when it was generated, kept as received.",
    ));
    quote! {
        #doc
        #enum_derive
        pub enum #name {
            #variants
            #unknown_doc
            Unknown(String),
        }

        // VALUES, as_str, Display, From<&str>, FromStr, Serialize, Deserialize and Validate:
        // the same for every string enum but for its values.
        atlas_admin_runtime::string_enum_impls!(#name; #(#pairs),*);
    }
}

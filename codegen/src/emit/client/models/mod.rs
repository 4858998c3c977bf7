//! `models.rs`: one Rust type per named schema type in the IR (structs in `structs.rs`, string
//! enums in `enums.rs`, unions in `unions.rs`; aliases and newtypes here; the doc comments of
//! types and union variants in `docs.rs`).

mod docs;
mod enums;
mod structs;
mod unions;

use proc_macro2::TokenStream;
use quote::quote;

use super::features::Features;
use super::tokens::{ident, ty, Scope};
use crate::emit::format::docs;
use crate::ir::{Api, TypeDef, TypeKind};

/// The inner doc and attributes that open `models.rs`.
pub fn header() -> TokenStream {
    quote! {
        //! Models: one type per schema the selected operations reach.
        #![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::disallowed_names)]

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
    let doc = docs(Some(&docs::type_doc(api, name, def)));
    let name_ident = ident(name);
    match &def.kind {
        TypeKind::Struct(s) => structs::structure(api, &name_ident, doc, s, validate),
        TypeKind::Enum(values) => enums::string_enum(&name_ident, doc, values),
        TypeKind::Tagged(t) => unions::tagged(api, &name_ident, doc, t, validate),
        TypeKind::Untagged(vs) => unions::untagged(api, &name_ident, doc, vs, validate),
        TypeKind::AnyOf(members) => unions::any_of(api, &name_ident, doc, members, validate),
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

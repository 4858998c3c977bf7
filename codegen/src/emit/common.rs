//! Token helpers shared by the emitters: identifiers, type tokens, doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::TypeRef;
use crate::naming;

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
    if naming::needs_raw(name) {
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

/// The Rust type for a [`TypeRef`].
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
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
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
    }
}

/// `#[doc = " …"]` lines for a text. Leading indentation is dropped (so spec prose never
/// becomes an indented code block, i.e. a doctest) and fenced blocks are marked `text`.
pub fn docs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let mut in_fence = false;
    let mut lines: Vec<String> = text
        .lines()
        .map(|line| {
            let trimmed = line.trim();
            let line = if trimmed.starts_with("```") {
                in_fence = !in_fence;
                if in_fence {
                    "```text"
                } else {
                    "```"
                }
            } else {
                trimmed
            };
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect();
    if in_fence {
        lines.push(" ```".to_string());
    }
    if lines.is_empty() {
        return TokenStream::new();
    }
    let placeholder = DOC_TABLE.with(|table| {
        let mut table = table.borrow_mut();
        table.push(lines);
        quote::format_ident!("{DOC_PLACEHOLDER}{}", table.len() - 1)
    });
    quote!(#[#placeholder])
}

// Doc text is most of the bytes the generator writes. Passing it through the tokens costs an
// escape (quote), a parse and an unescape (prettyplease) per line, for text that is printed
// verbatim as `///` lines anyway. So [`docs`] stores a doc block in a per-thread table and
// emits one placeholder attribute for it, `#[__doc_N]` (a bare path: the cheapest attribute to
// parse and print); prettyplease prints it on a line of its own, and `emit::layout` replaces
// that line with the block, at the same indentation. No other line of generated code is an
// attribute with that name (spec text only ever ends up in doc lines and string literals).
const DOC_PLACEHOLDER: &str = "__doc_";

thread_local! {
    static DOC_TABLE: std::cell::RefCell<Vec<Vec<String>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Empties this thread's doc table: call before building the tokens of one output file.
pub fn reset_docs() {
    DOC_TABLE.with(|table| table.borrow_mut().clear());
}

/// Takes this thread's doc table (the blocks [`docs`] stored since [`reset_docs`]).
pub fn take_docs() -> Vec<Vec<String>> {
    DOC_TABLE.with(|table| std::mem::take(&mut *table.borrow_mut()))
}

/// The doc block a pretty-printed line stands for, if it is a placeholder (`#[__doc_N]`).
pub fn placeholder<'t>(line: &str, table: &'t [Vec<String>]) -> Option<&'t [String]> {
    line.trim_start()
        .strip_prefix("#[")
        .and_then(|rest| rest.trim_end().strip_suffix(']'))
        .and_then(|rest| rest.strip_prefix(DOC_PLACEHOLDER))
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| table.get(n))
        .map(Vec::as_slice)
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
    (t.is_scalar() && *t != TypeRef::DateTime) || *t == TypeRef::Json
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(tokens: TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).unwrap();
        crate::emit::layout(&prettyplease::unparse(&file))
    }

    #[test]
    fn doc_blocks_are_spliced_at_their_item_indentation() {
        reset_docs();
        let type_doc = docs(Some(
            "A type.\n\nSecond paragraph with \"quotes\" and \\ slashes.",
        ));
        let field_doc = docs(Some("  A field.  \n```\nlet x = 1;\n```"));
        let open_fence = docs(Some("```json\n{}"));
        let text = format(quote! {
            #type_doc
            pub struct A {
                #field_doc
                pub x: u8,
                #open_fence
                pub y: u8,
            }
        });
        assert_eq!(
            text,
            "/// A type.\n///\n/// Second paragraph with \"quotes\" and \\ slashes.\npub struct A {\n    /// A field.\n    /// ```text\n    /// let x = 1;\n    /// ```\n    pub x: u8,\n    /// ```text\n    /// {}\n    /// ```\n    pub y: u8,\n}\n"
        );
        // The table is emptied: the next file starts again at 0.
        DOC_TABLE.with(|table| assert!(table.borrow().is_empty()));
    }

    #[test]
    fn items_are_separated_but_a_doc_line_never_ends_an_item() {
        reset_docs();
        let doc = docs(Some("Ends like code;"));
        let text = format(quote! {
            pub struct A;
            #doc
            pub struct B;
        });
        assert_eq!(
            text,
            "pub struct A;\n\n/// Ends like code;\npub struct B;\n"
        );
    }

    #[test]
    fn no_doc_no_attribute() {
        reset_docs();
        assert!(docs(None).is_empty());
        assert!(docs(Some("")).is_empty());
    }
}

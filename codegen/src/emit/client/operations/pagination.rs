//! `into_stream()` of list operations that page.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::client::tokens::{ident, ty, Scope};
use crate::emit::format::docs;
use crate::ir::Operation;

/// `into_stream()` for a list operation: a thin call into `atlas_admin_runtime::paginate`,
/// which owns the paging loop and its stopping rules. It returns the runtime's one concrete
/// stream type (`paginate::Pages`) and hands it the builder's boxed `send()` future, so the
/// generated crate has no async block per list operation (each cost the type checker a
/// `Send` proof of its own; issue 14).
pub fn pagination(op: &Operation) -> TokenStream {
    let Some(p) = &op.pagination else {
        return TokenStream::new();
    };
    let builder = ident(&op.builder_name);
    let item = ty(&p.item, Scope::Outside);
    let page_param = &op.params[p.page_num];
    let size_param = &op.params[p.items_per_page];
    let page = ident(&page_param.rust_name);
    let size = ident(&size_param.rust_name);
    let default = proc_macro2::Literal::u64_unsuffixed(p.default_items_per_page);
    let chosen_size = if size_param.required {
        quote!(self.#size)
    } else {
        quote!(self.#size.unwrap_or(#default))
    };
    let first_page = if page_param.required {
        quote!(self.#page.max(1) as u64)
    } else {
        quote!(self.#page.map_or(1, |n| n.max(1) as u64))
    };
    let set_page = if page_param.required {
        quote!(request.#page = page_num as _;)
    } else {
        quote!(request.#page = Some(page_num as _);)
    };
    let set_size = if size_param.required {
        quote!(request.#size = items_per_page;)
    } else {
        quote!(request.#size = Some(items_per_page);)
    };
    let results = ident(&p.results.rust_name);
    let items = if p.results.optional {
        quote!(page.#results.unwrap_or_default())
    } else {
        quote!(page.#results)
    };
    let total = match &p.total_count {
        Some(f) => {
            let field = ident(&f.rust_name);
            if f.optional {
                quote!(page.#field)
            } else {
                quote!(Some(page.#field))
            }
        }
        None => quote!(None::<u64>),
    };
    let doc = docs(Some(&format!(
        "Every item of every page, fetched lazily one page at a time; the stream ends after the\n\
         last page. `{}` is {} unless set. See `atlas_admin_runtime::paginate`.",
        size_param.wire_name, p.default_items_per_page
    )));
    quote! {
        impl<'a> #builder<'a> {
            #doc
            pub fn into_stream(self) -> atlas_admin_runtime::paginate::Pages<'a, #item> {
                let items_per_page = #chosen_size;
                let paging = atlas_admin_runtime::paginate::Paging {
                    first_page: #first_page,
                    items_per_page: items_per_page.max(1) as u64,
                };
                atlas_admin_runtime::paginate::pages(
                    paging,
                    move |page_num| {
                        let mut request = self.clone();
                        #set_page
                        #set_size
                        request.send()
                    },
                    |page| atlas_admin_runtime::paginate::Page::new(#items, #total),
                )
            }
        }
    }
}

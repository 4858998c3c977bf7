//! Pagination: which list operations get an `into_stream()` over every item of every page.

use std::collections::BTreeMap;

use crate::ir::{
    BodyKind, Field, HttpMethod, Operation, PageField, Pagination, ParamLocation, ResponseBody,
    TypeDef, TypeKind, TypeRef,
};
use crate::profile::Paging;

/// Sets [`Operation::pagination`] on every operation that pages.
pub fn mark(
    operations: &mut BTreeMap<String, Operation>,
    types: &BTreeMap<String, TypeDef>,
    paging: &Paging,
) {
    for op in operations.values_mut() {
        op.pagination = pagination(op, types, paging);
    }
}

/// The paging facts of a list operation: a GET with the integer page and page-size query
/// parameters of `paging` (Atlas: `pageNum`, `itemsPerPage`) whose JSON answer is an object
/// with the results array (Atlas: `results`) and usually an integer total (`totalCount`), as
/// Atlas's `Paginated…` types are. Aliases of the answer type are followed.
fn pagination(
    op: &Operation,
    types: &BTreeMap<String, TypeDef>,
    paging: &Paging,
) -> Option<Pagination> {
    if op.method != HttpMethod::Get {
        return None;
    }
    let integer = TypeRef::is_integer;
    let query = |wire: &str| {
        op.params.iter().position(|p| {
            p.location == ParamLocation::Query && p.wire_name == wire && integer(&p.ty)
        })
    };
    let page_num = query(paging.page_param)?;
    let items_per_page = query(paging.size_param)?;
    let Some(ResponseBody {
        kind: BodyKind::Json,
        ty: TypeRef::Named(mut name),
    }) = op.success.body.clone()
    else {
        return None;
    };
    let fields = loop {
        match &types.get(&name)?.kind {
            TypeKind::Alias(TypeRef::Named(target)) if *target != name => name = target.clone(),
            TypeKind::Struct(s) => break &s.fields,
            _ => return None,
        }
    };
    let field = |wire: &str| fields.iter().find(|f| f.wire_name == wire && !f.boxed);
    let page_field = |f: &Field| PageField {
        rust_name: f.rust_name.clone(),
        optional: !f.required || f.ty.is_nullable(),
    };
    // An optional nullable results field is a `Nullable<Vec<_>>`, read with its
    // `unwrap_or_default()` like an `Option`'s.
    let results = field(paging.results_field)?;
    let TypeRef::Vec(item) = results.ty.non_null() else {
        return None;
    };
    // The total is passed on as an `Option`: an optional nullable one (a `Nullable`) is not
    // used, and the stream stops on a short or empty page instead.
    let total_count = field(paging.total_field)
        .filter(|f| integer(f.ty.non_null()) && (f.required || !f.ty.is_nullable()));
    let default_items_per_page = op.params[items_per_page]
        .default
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .filter(|n| *n > 0)
        .unwrap_or(paging.default_size);
    Some(Pagination {
        page_num,
        items_per_page,
        default_items_per_page,
        item: (**item).clone(),
        results: page_field(results),
        total_count: total_count.map(page_field),
    })
}

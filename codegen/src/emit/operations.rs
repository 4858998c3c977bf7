//! One module per tag: an inherent method on `Client` per operation, and its request builder.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::common::{all_moved, docs, ident, is_displayable, moved, paragraphs, ty, Scope};
use crate::emit::models::{constraint_checks, has_pattern, nests_validation, pattern_static};
use crate::ir::{Api, BodyKind, Operation, Param, ParamLocation, PathPart, TypeKind, TypeRef};

pub fn emit_module(api: &Api, tag: Option<&str>, ops: &[&Operation]) -> TokenStream {
    let module_doc = match tag {
        Some(tag) => format!(" Operations tagged `{tag}`."),
        None => " Operations without a tag.".to_string(),
    };
    // One `static` per distinct parameter pattern in the module (most operations share the
    // `groupId` one), named after the first parameter using it.
    let mut patterns: BTreeMap<&str, proc_macro2::Ident> = BTreeMap::new();
    let mut pattern_names = crate::naming::Scope::new();
    let mut statics = Vec::new();
    for op in ops {
        for p in &op.params {
            let Some(pattern) = p.constraints.pattern.as_deref() else {
                continue;
            };
            if !has_pattern(&p.constraints, &p.ty) || patterns.contains_key(pattern) {
                continue;
            }
            let name =
                pattern_names.claim(&format!("{}_PATTERN", p.rust_name.to_ascii_uppercase()));
            let name = quote::format_ident!("{name}");
            statics.push(pattern_static(&name, pattern));
            patterns.insert(pattern, name);
        }
    }
    let checks: Vec<Vec<TokenStream>> = ops
        .iter()
        .map(|op| argument_checks(api, op, &patterns))
        .collect();
    let validates = checks.iter().any(|c| !c.is_empty());
    let items = all_moved(
        ops.iter()
            .zip(checks)
            .map(|(op, checks)| operation(api, op, checks)),
    );
    let statics = all_moved(statics);
    let uses_cow = ops
        .iter()
        .any(|op| op.params.iter().any(|p| p.ty == TypeRef::String));
    // The runtime items the module's code names, imported only when used.
    let mut used = Vec::new();
    if ops.iter().any(|op| {
        op.path_parts
            .iter()
            .any(|p| matches!(p, PathPart::Param(_)))
    }) {
        used.push(quote!(
            use atlas_admin_runtime::path::segment;
        ));
    }
    if !statics.is_empty() {
        used.push(quote!(
            use atlas_admin_runtime::validate::Pattern;
        ));
    }
    if validates {
        used.push(quote!(
            use atlas_admin_runtime::validate::Validator;
        ));
    }
    let uses = quote!(#(#used)*);
    let cow = uses_cow.then(|| {
        quote!(
            use std::borrow::Cow;
        )
    });
    quote! {
        #![doc = #module_doc]
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::too_many_arguments)]

        #cow

        use crate::{models, Client};
        use atlas_admin_runtime::{Error, Method, Request};
        #uses

        #(#statics)*

        #(#items)*
    }
}

/// The validation statements of an operation's `send()`: one per rule of each argument, and
/// one per argument whose type validates itself. Empty when nothing can fail.
fn argument_checks(
    api: &Api,
    op: &Operation,
    patterns: &BTreeMap<&str, proc_macro2::Ident>,
) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    for p in &op.params {
        let name = ident(&p.rust_name);
        let wire = &p.wire_name;
        let path = quote!(#wire);
        let value = quote!(&self.#name);
        let pattern = p
            .constraints
            .pattern
            .as_deref()
            .and_then(|p| patterns.get(p));
        checks.extend(constraint_checks(
            &p.constraints,
            &p.ty,
            &path,
            &value,
            pattern,
        ));
        if nests_validation(api, &p.ty) {
            checks.push(quote!(v.nested(#path, #value);));
        }
    }
    if let Some(b) = &op.body {
        if b.kind == BodyKind::Json && nests_validation(api, &b.ty) {
            checks.push(quote!(v.nested("body", &self.body);));
        }
    }
    checks
}

/// The argument type a caller passes for a parameter or body.
fn arg_type(t: &TypeRef) -> TokenStream {
    let inner = param_type(t);
    quote!(impl Into<#inner>)
}

/// The builder field type of a parameter. Strings are `Cow<'a, str>`, so a borrowed argument
/// (the common case: an id the caller already holds) is not copied.
fn param_type(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => quote!(Cow<'a, str>),
        other => ty(other, Scope::Outside),
    }
}

/// An owned `String` of a parameter value as sent on the wire; `value` is a reference.
fn wire_owned(api: &Api, t: &TypeRef, value: &TokenStream) -> TokenStream {
    match t {
        TypeRef::DateTime => quote!(#value.to_rfc3339()),
        TypeRef::String => quote!(#value.to_string()),
        TypeRef::Named(n) => match api.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Enum(_)) => quote!(#value.to_string()),
            Some(TypeKind::Alias(target))
                if is_displayable(target) || matches!(target, TypeRef::DateTime) =>
            {
                wire_owned(api, target, value)
            }
            _ => quote!(serde_json::to_string(#value).map_err(Error::Encode)?),
        },
        _ => quote!(#value.to_string()),
    }
}

/// Whether the runtime writes values of this parameter type itself (`ParamValue`: scalars,
/// strings, dates, and lists of them).
fn runtime_param(t: &TypeRef) -> bool {
    match t {
        TypeRef::Vec(inner) => inner.is_scalar(),
        other => other.is_scalar(),
    }
}

/// A `&str` of a parameter value as sent on the wire; `value` is a place (`self.x`).
fn wire_borrowed(api: &Api, t: &TypeRef, value: &TokenStream) -> TokenStream {
    match t {
        TypeRef::String => quote!(&#value),
        TypeRef::Named(n)
            if matches!(api.types.get(n).map(|d| &d.kind), Some(TypeKind::Enum(_))) =>
        {
            quote!(#value.as_str())
        }
        _ => {
            let owned = wire_owned(api, t, &quote!((&#value)));
            quote!(&#owned)
        }
    }
}

/// An operation's `Client` method, request builder and `.await`; `checks` are its
/// [`argument_checks`].
fn operation(api: &Api, op: &Operation, checks: Vec<TokenStream>) -> TokenStream {
    let method_name = ident(&op.rust_name);
    let builder = ident(&op.builder_name);
    let method_doc_text = {
        let route = format!("`{} {}`", op.method, op.path);
        let deprecation = op.deprecated.as_ref().map(|d| match &d.sunset {
            Some(s) => format!("**Deprecated**: sunset on {s}."),
            None => "**Deprecated.**".to_string(),
        });
        let id = format!("Operation `{}`.", op.operation_id);
        paragraphs([
            op.summary.as_deref(),
            op.description.as_deref(),
            deprecation.as_deref(),
            Some(route.as_str()),
            Some(id.as_str()),
        ])
    };
    let method_doc = docs(method_doc_text.as_deref());
    let deprecated_attr = op.deprecated.as_ref().map(|d| {
        let note = match &d.sunset {
            Some(s) => format!("deprecated by the API; sunset on {s}"),
            None => "deprecated by the API".to_string(),
        };
        quote!(#[deprecated(note = #note)])
    });

    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    let body = op.body.as_ref();
    let body_required = body.is_some_and(|b| b.required);

    // Method arguments and builder fields.
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut fields = Vec::new();
    for p in &required {
        let name = ident(&p.rust_name);
        let arg = arg_type(&p.ty);
        let field_ty = param_type(&p.ty);
        args.push(quote!(#name: #arg));
        inits.push(quote!(#name: #name.into()));
        fields.push(quote!(#name: #field_ty));
    }
    if let Some(b) = body {
        let body_ty = ty(&b.ty, Scope::Outside);
        if body_required {
            args.push(quote!(body: impl Into<#body_ty>));
            inits.push(quote!(body: body.into()));
            fields.push(quote!(body: #body_ty));
        } else {
            inits.push(quote!(body: None));
            fields.push(quote!(body: Option<#body_ty>));
        }
    }
    for p in &optional {
        let name = ident(&p.rust_name);
        let field_ty = param_type(&p.ty);
        inits.push(quote!(#name: None));
        fields.push(quote!(#name: Option<#field_ty>));
    }

    let setters = optional.iter().map(|p| {
        let name = ident(&p.rust_name);
        let place = if p.location == ParamLocation::Header {
            format!("Header `{}`.", p.wire_name)
        } else {
            format!("Query parameter `{}`.", p.wire_name)
        };
        let doc = docs(paragraphs([p.doc.as_deref(), Some(&place)]).as_deref());
        // A flag takes a plain `bool` (`impl Into<bool>` accepts nothing else anyway).
        let (arg, value) = if p.ty == TypeRef::Bool {
            (quote!(bool), quote!(value))
        } else {
            (arg_type(&p.ty), quote!(value.into()))
        };
        quote! {
            #doc
            pub fn #name(mut self, value: #arg) -> Self {
                self.#name = Some(#value);
                self
            }
        }
    });
    let setters = all_moved(setters);
    let body_setter = body.filter(|_| !body_required).map(|b| {
        let body_ty = ty(&b.ty, Scope::Outside);
        let doc =
            docs(paragraphs([b.doc.as_deref(), Some("The request body (optional).")]).as_deref());
        quote! {
            #doc
            pub fn body(mut self, value: impl Into<#body_ty>) -> Self {
                self.body = Some(value.into());
                self
            }
        }
    });

    let validation = if checks.is_empty() {
        quote!()
    } else {
        let checks = all_moved(checks);
        quote! {
            let mut v = Validator::new();
            #(#checks)*
            v.finish()?;
        }
    };

    // The path, built from literal parts and percent-encoded parameters.
    let mut format_string = String::new();
    let mut format_args = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => {
                format_string.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(i) => {
                let p = &op.params[*i];
                let name = ident(&p.rust_name);
                let wire = wire_borrowed(api, &p.ty, &quote!(self.#name));
                format_string.push_str("{}");
                format_args.push(quote!(segment(#wire)));
            }
        }
    }
    let path_expr = if format_args.is_empty() {
        quote!(#format_string.to_string())
    } else {
        quote!(format!(#format_string, #(#format_args),*))
    };

    // Query and header parameters: one `request.query(…)` / `request.header(…)` line each
    // for the types the runtime knows how to write (`ParamValue`); enums and JSON-encoded
    // values convert here.
    let params = |location: ParamLocation, method: TokenStream| {
        op.params
            .iter()
            .filter(|p| p.location == location)
            .map(move |p| {
                let name = ident(&p.rust_name);
                let wire = &p.wire_name;
                if runtime_param(&p.ty) {
                    return quote!(request.#method(#wire, &self.#name););
                }
                let (value, each) = match &p.ty {
                    TypeRef::Vec(inner) => {
                        let item = wire_owned(api, inner, &quote!(item));
                        (
                            quote!(value),
                            Some(quote!(for item in value { request.#method(#wire, &#item); })),
                        )
                    }
                    other => (wire_owned(api, other, &quote!(value)), None),
                };
                let push = each.unwrap_or_else(|| quote!(request.#method(#wire, &#value);));
                if p.required {
                    quote! { { let value = &self.#name; #push } }
                } else {
                    quote! { if let Some(value) = &self.#name { #push } }
                }
            })
            .collect::<Vec<_>>()
    };
    let query_params = params(ParamLocation::Query, quote!(query));
    let header_params = params(ParamLocation::Header, quote!(header));

    let request_decl = if query_params.is_empty() && header_params.is_empty() && body.is_none() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    let body_expr = match body {
        None => quote!(None),
        Some(b) => {
            let ct = &b.content_type;
            let make = |value: TokenStream| match b.kind {
                BodyKind::Json => quote!(atlas_admin_runtime::RequestBody::json(#ct, #value)?),
                BodyKind::Text => {
                    quote!(atlas_admin_runtime::RequestBody { content_type: #ct, bytes: atlas_admin_runtime::Bytes::from(#value.clone()) })
                }
                BodyKind::Binary => {
                    quote!(atlas_admin_runtime::RequestBody { content_type: #ct, bytes: #value.clone() })
                }
            };
            if body_required {
                let make = make(quote!(&self.body));
                quote!(Some(#make))
            } else if b.kind == BodyKind::Json {
                let make = make(quote!(value));
                quote!(match &self.body { Some(value) => Some(#make), None => None })
            } else {
                let make = make(quote!(value));
                quote!(self.body.as_ref().map(|value| #make))
            }
        }
    };

    let set_body = body.is_some().then(|| quote!(request.body = #body_expr;));
    let (output, decode) = match &op.response.body {
        None => (quote!(()), quote!(response.map(|_| ()))),
        Some((BodyKind::Json, t)) => {
            let t = ty(t, Scope::Outside);
            (t, quote!(response?.json()))
        }
        Some((BodyKind::Text, _)) => (quote!(String), quote!(response?.text())),
        Some((BodyKind::Binary, _)) => (
            quote!(atlas_admin_runtime::Bytes),
            quote!(Ok(response?.into_bytes())),
        ),
    };
    let output_doc = docs(Some(&match &op.response.status {
        Some(status) => {
            format!("Validates the arguments, sends the request and decodes the `{status}` answer.")
        }
        None => "Validates the arguments, sends the request and decodes the answer.".to_string(),
    }));
    let operation_id = &op.operation_id;
    let method_const = ident(&op.method);
    let path_template = &op.path;
    let accept = &op.response.accept;
    let paging = moved(pagination(op));
    // `.await`: the runtime's macro where prettyplease can print the output type in it (a
    // plain path), the impl written out where it is generic (macro arguments print as loose
    // tokens).
    let plain_output = match &op.response.body {
        Some((BodyKind::Json, t)) => {
            !matches!(t, TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::DateTime)
        }
        _ => true,
    };
    let into_future = if plain_output {
        quote!(atlas_admin_runtime::into_future!(#builder => #output);)
    } else {
        quote! {
            impl<'a> std::future::IntoFuture for #builder<'a> {
                type Output = Result<#output, Error>;
                type IntoFuture = atlas_admin_runtime::BoxFuture<'a, Self::Output>;

                fn into_future(self) -> Self::IntoFuture {
                    Box::pin(self.send())
                }
            }
        }
    };
    let validation = moved(validation);
    let (args, inits, fields) = (all_moved(args), all_moved(inits), all_moved(fields));
    let (query_params, header_params) = (all_moved(query_params), all_moved(header_params));
    let builder_doc = docs(Some(&format!(
        "Request for [`Client::{}`]: set optional parameters, then `.await` it.",
        op.rust_name
    )));
    quote! {
        impl Client {
            #method_doc
            #deprecated_attr
            pub fn #method_name<'a>(&'a self, #(#args),*) -> #builder<'a> {
                #builder { client: self, #(#inits),* }
            }
        }

        #builder_doc
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is awaited"]
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields),*
        }

        impl<'a> #builder<'a> {
            #(#setters)*
            #body_setter

            #output_doc
            pub async fn send(self) -> Result<#output, Error> {
                #validation
                #request_decl = Request::new(
                    #operation_id,
                    Method::#method_const,
                    #path_template,
                    #path_expr,
                    #accept,
                );
                #(#query_params)*
                #(#header_params)*
                #set_body
                let response = self.client.transport().execute(request).await;
                #decode
            }
        }

        #into_future

        #paging
    }
}

/// `into_stream()` for a list operation: a thin call into `atlas_admin_runtime::paginate`,
/// which owns the paging loop and its stopping rules.
fn pagination(op: &Operation) -> TokenStream {
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
            pub fn into_stream(self) -> impl atlas_admin_runtime::paginate::Stream<Item = Result<#item, Error>> + Send + 'a {
                let items_per_page = #chosen_size;
                let paging = atlas_admin_runtime::paginate::Paging {
                    first_page: #first_page,
                    items_per_page: items_per_page.max(1) as u64,
                };
                atlas_admin_runtime::paginate::stream(paging, move |page_num| {
                    let mut request = self.clone();
                    #set_page
                    #set_size
                    async move {
                        let page = request.send().await?;
                        Ok(atlas_admin_runtime::paginate::Page::new(#items, #total))
                    }
                })
            }
        }
    }
}

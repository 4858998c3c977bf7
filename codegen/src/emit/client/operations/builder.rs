//! One operation: its `Client` method, request builder (fields, setters, `send()`) and
//! `.await`.

use proc_macro2::TokenStream;
use quote::quote;

use super::pagination::pagination;
use super::values::{arg_type, param_type, runtime_param, wire_borrowed, wire_owned};
use crate::emit::client::tokens::{all_moved, ident, moved, paragraphs, ty, Scope};
use crate::emit::format::docs;
use crate::ir::{Api, BodyKind, Operation, Param, ParamLocation, PathPart, TypeRef};

/// An operation's `Client` method, request builder and `.await`; `checks` are its
/// [`super::argument_checks`].
pub fn operation(api: &Api, op: &Operation, checks: Vec<TokenStream>) -> TokenStream {
    let method_name = ident(&op.rust_name);
    let builder = ident(&op.builder_name);
    let (method_doc, deprecated_attr) = method_doc(op);
    let (args, inits, fields) = arguments(op);
    let (setters, body_setter) = setters(op);
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
    let path_expr = path_expr(api, op);
    let query_params = param_lines(api, op, ParamLocation::Query, quote!(query));
    let header_params = param_lines(api, op, ParamLocation::Header, quote!(header));
    let request_decl = if query_params.is_empty() && header_params.is_empty() && op.body.is_none() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    let set_body = op.body.is_some().then(|| {
        let body_expr = body_expr(op);
        quote!(request.body = #body_expr;)
    });
    let (output, decode) = output(op);
    let output_doc = docs(Some(&match &op.success.status {
        Some(status) => {
            format!("Validates the arguments, sends the request and decodes the `{status}` answer.")
        }
        None => "Validates the arguments, sends the request and decodes the answer.".to_string(),
    }));
    let operation_id = &op.operation_id;
    let method_const = ident(op.method.as_str());
    let path_template = &op.path;
    let accept = &op.success.accept;
    let paging = moved(pagination(op));
    let into_future = into_future(op, &builder, &output);
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

/// The method's doc (summary, description, deprecation, route, operation id) and its
/// `#[deprecated]` attribute.
fn method_doc(op: &Operation) -> (TokenStream, Option<TokenStream>) {
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
    (method_doc, deprecated_attr)
}

/// The method's arguments, the builder's field initialisers and the builder's fields:
/// required parameters (and a required body) are arguments, the rest start as `None`.
fn arguments(op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>, Vec<TokenStream>) {
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
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
    if let Some(b) = &op.body {
        let body_ty = ty(&b.ty, Scope::Outside);
        if b.required {
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
    (args, inits, fields)
}

/// The setters of optional parameters, and of the body when it is optional.
fn setters(op: &Operation) -> (Vec<crate::emit::client::tokens::Moved>, Option<TokenStream>) {
    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
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
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
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
    (setters, body_setter)
}

/// The path, built from literal parts and percent-encoded parameters.
fn path_expr(api: &Api, op: &Operation) -> TokenStream {
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
    if format_args.is_empty() {
        quote!(#format_string.to_string())
    } else {
        quote!(format!(#format_string, #(#format_args),*))
    }
}

/// Query or header parameters: one `request.query(…)` / `request.header(…)` line each for the
/// types the runtime knows how to write (`ParamValue`); enums and JSON-encoded values convert
/// here.
fn param_lines(
    api: &Api,
    op: &Operation,
    location: ParamLocation,
    method: TokenStream,
) -> Vec<TokenStream> {
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
}

/// The `RequestBody` of the request (`None` without a body).
fn body_expr(op: &Operation) -> TokenStream {
    let Some(b) = &op.body else {
        return quote!(None);
    };
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
    if b.required {
        // JSON encodes from a reference; text and binary bodies are cloned from the field
        // (`&self.body.clone()` would be a reference to the clone).
        let make = make(match b.kind {
            BodyKind::Json => quote!(&self.body),
            BodyKind::Text | BodyKind::Binary => quote!(self.body),
        });
        quote!(Some(#make))
    } else if b.kind == BodyKind::Json {
        let make = make(quote!(value));
        quote!(match &self.body { Some(value) => Some(#make), None => None })
    } else {
        let make = make(quote!(value));
        quote!(self.body.as_ref().map(|value| #make))
    }
}

/// The output type of `send()` and the expression that decodes the answer into it.
fn output(op: &Operation) -> (TokenStream, TokenStream) {
    let Some(body) = &op.success.body else {
        return (quote!(()), quote!(response.map(|_| ())));
    };
    match body.kind {
        BodyKind::Json => {
            let t = ty(&body.ty, Scope::Outside);
            (t, quote!(response?.json()))
        }
        BodyKind::Text => (quote!(String), quote!(response?.text())),
        BodyKind::Binary => (
            quote!(atlas_admin_runtime::Bytes),
            quote!(Ok(response?.into_bytes())),
        ),
    }
}

/// `.await`: the runtime's macro where prettyplease can print the output type in it (a plain
/// path), the impl written out where it is generic (macro arguments print as loose tokens).
fn into_future(op: &Operation, builder: &proc_macro2::Ident, output: &TokenStream) -> TokenStream {
    let plain_output = match &op.success.body {
        Some(b) if b.kind == BodyKind::Json => !matches!(
            b.ty,
            TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Nullable(_)
        ),
        _ => true,
    };
    if plain_output {
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
    }
}

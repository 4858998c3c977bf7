//! One operation: its `Client` method, request builder (fields, setters), its
//! `atlas_admin_runtime::Operation` impl (the request it builds, how its answer is decoded)
//! and `operation!` line (`send()`, `send_with_response()`, `.await`), and the types it owns:
//! the enum of its documented answers when they differ, the struct of a multipart body.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::method_doc;
use super::pagination::pagination;
use super::values::{arg_type, param_type, style_tokens};
use crate::emit::client::tokens::{all_moved, ident, moved, paragraphs, ty, Scope};
use crate::emit::format::docs;
use crate::ir::{
    Api, BodyKind, FormField, MultipartForm, Operation, Param, ParamEncoding, ParamLocation,
    ParamStyle, PartKind, PathPart, ResponseBody, ResponseStatus, SuccessEnum, TypeRef,
};

/// An operation's `Client` method, request builder, `Operation` impl and the types it owns;
/// `checks` are its [`super::argument_checks`], `krate` the crate's name as a path (for the
/// doc example).
pub fn operation(api: &Api, op: &Operation, checks: Vec<TokenStream>, krate: &str) -> TokenStream {
    let method_name = ident(&op.rust_name);
    let builder = ident(&op.builder_name);
    let validates = !checks.is_empty() || !op.params.is_empty();
    let (method_doc, deprecated_attr) = method_doc(op, krate, validates);
    let (args, inits, fields) = arguments(op);
    let (setters, body_setter) = setters(op);
    let validation = if checks.is_empty() {
        quote!()
    } else {
        let checks = all_moved(checks);
        quote! {
            let mut v = Validator::for_transport(self.client.transport());
            #(#checks)*
            v.finish()?;
        }
    };
    let path_expr = path_expr(api, op, PathSite::Builder);
    let params: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(param_line)
        .collect();
    let request_decl = if params.is_empty() && op.body.is_none() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    let set_body = op.body.as_ref().map(|_| body_statements(op));
    let (output, decode) = output(op);
    let operation_id = &op.operation_id;
    let method_const = ident(op.method.as_str());
    let path_template = &op.path;
    let accept = &op.success.accept;
    // An operation with a server of its own names it; the transport decides where it goes.
    let server = op.server.as_ref().map(|url| quote!(.with_server(#url)));
    // The spec's `security: []`: the transport sends it without credentials.
    let anonymous = op.anonymous.then(|| quote!(.anonymous()));
    // A query written into the spec's path key (`/responses?beta=true`) comes first.
    let path_query = op.path_query.as_ref().map(|q| quote!(.with_query(#q)));
    let paging = moved(pagination(op));
    let owned_types = moved(owned_types(op));
    let validation = moved(validation);
    let (args, inits, fields) = (all_moved(args), all_moved(inits), all_moved(fields));
    let params = all_moved(params);
    let builder_doc = docs(Some(&format!(
        "Request for [`Client::{}`]: set optional parameters, then `.await` it (or call \
         `send_with_response()` for the answer's status and headers too).",
        op.rust_name
    )));
    let inherent = (!setters.is_empty() || body_setter.is_some()).then(|| {
        quote! {
            impl<'a> #builder<'a> {
                #(#setters)*
                #body_setter
            }
        }
    });
    let decode_arg = if op.success.body.is_none() && op.success.several.is_none() {
        quote!(_response)
    } else {
        quote!(response)
    };
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

        #inherent

        impl atlas_admin_runtime::Operation for #builder<'_> {
            type Output = #output;

            fn transport(&self) -> &atlas_admin_runtime::Transport {
                self.client.transport()
            }

            fn request(&self) -> Result<Request, Error> {
                #validation
                #request_decl = Request::new(
                    #operation_id,
                    Method::#method_const,
                    #path_template,
                    #path_expr,
                    #accept,
                )#server #anonymous #path_query;
                #(#params)*
                #set_body
                Ok(request)
            }

            fn decode(#decode_arg: &atlas_admin_runtime::Response) -> Result<#output, Error> {
                #decode
            }
        }

        atlas_admin_runtime::operation!(#builder);

        #owned_types

        #paging
    }
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
        let body_ty = body_type(op);
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

/// The type of the builder's body: the body's type, or the multipart form's struct.
pub fn body_type(op: &Operation) -> TokenStream {
    match op.body.as_ref() {
        Some(b) => match &b.form {
            Some(form) => {
                let name = ident(&form.rust_name);
                quote!(#name)
            }
            None => ty(&b.ty, Scope::Outside),
        },
        None => quote!(()),
    }
}

/// Where and how a parameter is sent, for its setter's doc.
pub fn param_place(p: &Param) -> String {
    let place = match p.location {
        ParamLocation::Path => "Path parameter",
        ParamLocation::Query => "Query parameter",
        ParamLocation::Header => "Header",
        ParamLocation::Cookie => "Cookie",
    };
    let how = match &p.encoding {
        _ if p.has_default_style() => String::new(),
        ParamEncoding::Style {
            style,
            explode,
            allow_reserved,
        } => format!(
            ", sent in style `{}`{}{}",
            style.as_str(),
            if *explode { " with `explode`" } else { "" },
            if *allow_reserved {
                ", reserved characters unencoded"
            } else {
                ""
            }
        ),
        ParamEncoding::Content(media) => format!(", sent as its `{media}` text"),
    };
    format!("{place} `{}`{how}.", p.wire_name)
}

/// The setters of optional parameters, and of the body when it is optional.
fn setters(op: &Operation) -> (Vec<crate::emit::client::tokens::Moved>, Option<TokenStream>) {
    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
        let name = ident(&p.rust_name);
        let place = param_place(p);
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
        let body_ty = body_type(op);
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

/// Where a path expression is written, which decides how it reaches each path parameter's
/// value and what it does when one cannot be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSite {
    /// A client builder's `send`: the value is the field `self.<name>` (a string is a
    /// `Cow<str>`), a failure returns the client's `Error`.
    Builder,
    /// A typed mock's expectation method: the value is the local `<name>` (a string is a
    /// `&str`, anything else already converted to its type), a failure panics (a bug in the
    /// test, reported where it is set up).
    Mock,
}

/// The path, built from literal parts and percent-encoded parameters: a string or string
/// enum in the default `simple` style is one encoded segment; anything else is written in
/// its style by `atlas_admin_runtime::path::param`. The client and its typed mock both write
/// it here, so the mock expects the path the client sends.
pub fn path_expr(api: &Api, op: &Operation, site: PathSite) -> TokenStream {
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
                let (value, fail) = match site {
                    PathSite::Builder => (quote!(self.#name), quote!(?)),
                    PathSite::Mock => (
                        quote!(#name),
                        quote!(.expect("a path parameter is written in its style")),
                    ),
                };
                let wire = &p.wire_name;
                format_string.push_str("{}");
                format_args.push(match &p.encoding {
                    _ if p.ty == TypeRef::String && segment_param(api, p) => match site {
                        PathSite::Builder => quote!(segment(&#value)),
                        PathSite::Mock => quote!(segment(#value)),
                    },
                    _ if segment_param(api, p) => quote!(segment(#value.as_str())),
                    ParamEncoding::Style { style, explode, .. } => {
                        let style = style_tokens(*style, *explode);
                        quote!(atlas_admin_runtime::path::param(#wire, &#value, #style)#fail)
                    }
                    ParamEncoding::Content(_) => {
                        let json = match site {
                            PathSite::Builder => {
                                quote!(serde_json::to_string(&#value).map_err(Error::Encode)?)
                            }
                            PathSite::Mock => quote!(serde_json::to_string(&#value)
                                .expect("a path parameter serializes")),
                        };
                        quote!(atlas_admin_runtime::path::param(#wire, &#json, atlas_admin_runtime::Style::Simple { explode: false })#fail)
                    }
                });
            }
        }
    }
    if format_args.is_empty() {
        quote!(#format_string.to_string())
    } else {
        quote!(format!(#format_string, #(#format_args),*))
    }
}

/// One query, header or cookie parameter: `request.query("name", &self.name)?;` in the
/// location's default style, `request.query_with(…, Style::…, allow_reserved)?;` otherwise;
/// a `content: application/json` parameter sends its JSON text.
fn param_line(p: &Param) -> TokenStream {
    let name = ident(&p.rust_name);
    let wire = &p.wire_name;
    let (plain, with) = match p.location {
        ParamLocation::Query => (quote!(query), quote!(query_with)),
        ParamLocation::Header => (quote!(header), quote!(header_with)),
        ParamLocation::Cookie | ParamLocation::Path => (quote!(cookie), quote!(cookie_with)),
    };
    match &p.encoding {
        _ if p.has_default_style() => quote!(request.#plain(#wire, &self.#name)?;),
        ParamEncoding::Style {
            style,
            explode,
            allow_reserved,
        } => {
            let style = style_tokens(*style, *explode);
            if p.location == ParamLocation::Query {
                quote!(request.#with(#wire, &self.#name, #style, #allow_reserved)?;)
            } else {
                quote!(request.#with(#wire, &self.#name, #style)?;)
            }
        }
        ParamEncoding::Content(_) => {
            let json = quote!(serde_json::to_string(value).map_err(Error::Encode)?);
            if p.required {
                quote! { { let value = &self.#name; request.#plain(#wire, &#json)?; } }
            } else {
                quote! { if let Some(value) = &self.#name { request.#plain(#wire, &#json)?; } }
            }
        }
    }
}

/// `request.body = …;`: JSON, form-urlencoded, text and bytes bodies in one line; a
/// multipart body one line per part.
fn body_statements(op: &Operation) -> TokenStream {
    let Some(b) = &op.body else {
        return TokenStream::new();
    };
    let ct = &b.content_type;
    if let Some(form) = &b.form {
        let parts = form.fields.iter().map(part_line);
        let parts = all_moved(parts);
        let fill = quote! {
            let mut form = atlas_admin_runtime::multipart::Multipart::new();
            #(#parts)*
            request.body = Some(form.finish()?);
        };
        return if b.required {
            quote! { { let body = &self.body; #fill } }
        } else {
            quote! { if let Some(body) = &self.body { #fill } }
        };
    }
    // `reference` borrows the body: `&self.body`, or `value` inside an optional body's `Some`.
    let make = |reference: TokenStream, owned: TokenStream| match b.kind {
        BodyKind::Json => quote!(atlas_admin_runtime::RequestBody::json(#ct, #reference)?),
        BodyKind::Form => quote!(atlas_admin_runtime::RequestBody::form(#ct, #reference)?),
        BodyKind::Text | BodyKind::Binary | BodyKind::Multipart => {
            quote!(atlas_admin_runtime::RequestBody::new(#ct, #owned))
        }
    };
    if b.required {
        let make = make(quote!(&self.body), quote!(self.body.clone()));
        quote!(request.body = Some(#make);)
    } else if matches!(b.kind, BodyKind::Json | BodyKind::Form) {
        let make = make(quote!(value), TokenStream::new());
        quote!(request.body = match &self.body { Some(value) => Some(#make), None => None };)
    } else {
        let make = make(TokenStream::new(), quote!(value.clone()));
        quote!(request.body = self.body.as_ref().map(|value| #make);)
    }
}

/// One multipart field: a text, file or JSON part (`body` is the form in scope).
fn part_line(f: &FormField) -> TokenStream {
    let wire = &f.wire_name;
    let name = ident(&f.rust_name);
    let content_type = match &f.content_type {
        Some(ct) => quote!(Some(#ct)),
        None => quote!(None),
    };
    match &f.part {
        PartKind::Text(_) => quote!(form.text(#wire, &body.#name, #content_type);),
        PartKind::File { .. } => quote!(form.file(#wire, &body.#name, #content_type);),
        PartKind::Json(_) => quote!(form.json(#wire, &body.#name, #content_type)?;),
    }
}

/// The `Operation::Output` type and the body of `Operation::decode` (`response` in scope).
fn output(op: &Operation) -> (TokenStream, TokenStream) {
    if let Some(several) = &op.success.several {
        let name = ident(&several.rust_name);
        return (quote!(#name), decode_several(several));
    }
    let Some(body) = &op.success.body else {
        return (quote!(()), quote!(Ok(())));
    };
    (body_output(body), decode_body(body))
}

/// The Rust type of a decoded body.
fn body_output(body: &ResponseBody) -> TokenStream {
    match body.kind {
        BodyKind::Json => ty(&body.ty, Scope::Outside),
        BodyKind::Text => quote!(String),
        _ => quote!(atlas_admin_runtime::Bytes),
    }
}

/// The expression decoding a body from `response` (a `Result`).
fn decode_body(body: &ResponseBody) -> TokenStream {
    match body.kind {
        BodyKind::Json => quote!(response.json()),
        BodyKind::Text => quote!(response.text()),
        _ => quote!(Ok(response.body().clone())),
    }
}

/// The decoded body as a value (`response` in scope): JSON and text through `?`, bytes as they
/// came (`Ok(bytes)?` would leave the error type to infer).
fn decoded_value(body: &ResponseBody) -> TokenStream {
    match body.kind {
        BodyKind::Json => quote!(response.json()?),
        BodyKind::Text => quote!(response.text()?),
        _ => quote!(response.body().clone()),
    }
}

/// `decode` for an enum of documented answers: by status, each with its own body.
fn decode_several(several: &SuccessEnum) -> TokenStream {
    let name = ident(&several.rust_name);
    let mut arms = Vec::new();
    let mut range = None;
    for v in &several.variants {
        let variant = ident(&v.rust_name);
        let value = match &v.body {
            Some(body) => {
                let decoded = decoded_value(body);
                quote!(#name::#variant(#decoded))
            }
            None => quote!(#name::#variant),
        };
        match v.status {
            ResponseStatus::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                arms.push(quote!(#code => #value,));
            }
            _ => range = Some(value),
        }
    }
    let fallback = range.unwrap_or_else(
        || quote!(#name::Undocumented { status: response.status(), body: response.body().clone() }),
    );
    quote! {
        Ok(match response.status().as_u16() {
            #(#arms)*
            _ => #fallback,
        })
    }
}

/// The types an operation owns: the enum of its documented answers, the struct of its
/// multipart body.
fn owned_types(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(several) = &op.success.several {
        out.extend(success_enum(op, several));
    }
    if let Some(form) = op.body.as_ref().and_then(|b| b.form.as_ref()) {
        out.extend(form_struct(op, form));
    }
    out
}

/// The enum of an operation's documented 2xx answers.
fn success_enum(op: &Operation, several: &SuccessEnum) -> TokenStream {
    let name = ident(&several.rust_name);
    let statuses: Vec<String> = several
        .variants
        .iter()
        .map(|v| format!("`{}`", status_text(v.status)))
        .collect();
    let doc = docs(Some(&format!(
        "The answer of [`Client::{}`]: which of its documented 2xx responses ({}) arrived, \
         with its body. A documented response without a body never fails to decode.",
        op.rust_name,
        statuses.join(", ")
    )));
    let mut variants = Vec::new();
    let mut has_range = false;
    for v in &several.variants {
        has_range |= matches!(v.status, ResponseStatus::Range(_));
        let variant = ident(&v.rust_name);
        let what = match &v.body {
            Some(_) => "with its body",
            None => "without a body",
        };
        let head = format!("`{}`, {what}.", status_text(v.status));
        let doc = docs(paragraphs([Some(head.as_str()), v.doc.as_deref()]).as_deref());
        variants.push(match &v.body {
            Some(body) => {
                let t = body_output(body);
                quote!(#doc #variant(#t),)
            }
            None => quote!(#doc #variant,),
        });
    }
    let undocumented = (!has_range).then(|| {
        let doc = docs(Some(
            "A 2xx status the spec does not document, with the body as received.",
        ));
        let status_doc = docs(Some("The status."));
        let body_doc = docs(Some("The body, not decoded."));
        quote! {
            #doc
            Undocumented {
                #status_doc
                status: atlas_admin_runtime::StatusCode,
                #body_doc
                body: atlas_admin_runtime::Bytes,
            },
        }
    });
    let variants = all_moved(variants);
    // One value per call, matched at once: boxing a large body would cost an allocation
    // and a `Box` in every pattern for no gain (clippy's `large_enum_variant`).
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #undocumented
        }
    }
}

/// How a documented status reads in docs (`204`, `2XX`).
fn status_text(status: ResponseStatus) -> String {
    match status {
        ResponseStatus::Code(c) => c.to_string(),
        ResponseStatus::Range(d) => format!("{d}XX"),
        ResponseStatus::Default => "default".to_string(),
    }
}

/// The struct of a multipart body: one field per part, and `new` taking the required ones.
fn form_struct(op: &Operation, form: &MultipartForm) -> TokenStream {
    let name = ident(&form.rust_name);
    let head = format!(
        "The `multipart/form-data` body of [`Client::{}`]: one part per field (text for \
         values, files as [`atlas_admin_runtime::multipart::FilePart`], JSON for objects).",
        op.rust_name
    );
    let doc = docs(paragraphs([Some(head.as_str()), form.doc.as_deref()]).as_deref());
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for f in &form.fields {
        let field = ident(&f.rust_name);
        let t = part_type(f);
        let what = match &f.part {
            PartKind::Text(_) => "a text part",
            PartKind::File { many: false } => "a file part",
            PartKind::File { many: true } => "one file part per item",
            PartKind::Json(_) => "a part holding its JSON text",
        };
        let mut place = format!("Sent as {what} named `{}`", f.wire_name);
        if let Some(ct) = &f.content_type {
            place.push_str(&format!(" (`{ct}`)"));
        }
        place.push('.');
        let fdoc = docs(paragraphs([f.doc.as_deref(), Some(place.as_str())]).as_deref());
        if f.required {
            fields.push(quote!(#fdoc pub #field: #t,));
            args.push(quote!(#field: impl Into<#t>));
            inits.push(quote!(#field: #field.into(),));
        } else {
            fields.push(quote!(#fdoc pub #field: Option<#t>,));
            inits.push(quote!(#field: None,));
        }
    }
    let all_optional = form.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let new_doc = docs(Some(
        "A body with the required fields set and the others empty.",
    ));
    let (fields, args, inits) = (all_moved(fields), all_moved(args), all_moved(inits));
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #new_doc
            pub fn new(#(#args),*) -> Self {
                #name { #(#inits)* }
            }
        }
    }
}

/// The Rust type of a multipart field.
fn part_type(f: &FormField) -> TokenStream {
    match &f.part {
        PartKind::Text(t) | PartKind::Json(t) => ty(t, Scope::Outside),
        PartKind::File { many: false } => quote!(atlas_admin_runtime::multipart::FilePart),
        PartKind::File { many: true } => {
            quote!(Vec<atlas_admin_runtime::multipart::FilePart>)
        }
    }
}

/// Whether the path of an operation writes a parameter with `atlas_admin_runtime::path::segment`
/// (so the file imports it).
pub fn uses_segment(api: &Api, op: &Operation) -> bool {
    op.path_parts.iter().any(|part| match part {
        PathPart::Param(i) => segment_param(api, &op.params[*i]),
        PathPart::Literal(_) => false,
    })
}

/// Whether a path parameter is written as one percent-encoded segment with
/// `atlas_admin_runtime::path::segment` (a string or string enum in style `simple`, where
/// the style adds nothing to the value).
pub fn segment_param(api: &Api, p: &Param) -> bool {
    matches!(
        p.encoding,
        ParamEncoding::Style {
            style: ParamStyle::Simple,
            ..
        }
    ) && (p.ty == TypeRef::String || api.is_string_enum(&p.ty))
}

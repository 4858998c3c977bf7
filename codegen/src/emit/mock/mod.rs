//! The mock emitter: IR → `src/mock.rs` of the client crate (compiled with its `mock`
//! feature), a typed mock server for the crate's users' tests.
//!
//! The file defines `MockServer`, a wrapper of `atlas_admin_runtime::mock::MockServer` (a
//! `wiremock` server), with one method per operation, named like the client's method
//! ([`crate::ir::Operation::rust_name`]): it takes the path parameters, typed as the client
//! takes them, and returns an `atlas_admin_runtime::mock::Expectation` typed by the operation's
//! request body ([`crate::ir::Operation::body`]) and decoded answer
//! ([`crate::ir::Operation::success`]). Like the client emitter it reads only the IR.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::client::tokens::{ident, paragraphs, ty, Scope};
use crate::emit::client::{path_expr, uses_segment, PathSite};
use crate::emit::format::docs;
use crate::ir::{
    Api, BodyKind, Operation, ParamLocation, PathPart, ResponseBody, ResponseStatus, SuccessEnum,
    TypeRef,
};

/// The methods `MockServer` has itself: an operation named so gets `_call` appended.
const OWN_METHODS: &[&str] = &[
    "start",
    "client",
    "client_builder",
    "uri",
    "verify",
    "try_verify",
    "reset",
    "server",
];

/// The method name of an operation on the generated `MockServer`.
pub fn method_name(op: &Operation) -> String {
    if OWN_METHODS.contains(&op.rust_name.as_str()) {
        format!("{}_call", op.rust_name)
    } else {
        op.rust_name.clone()
    }
}

/// `src/mock.rs`: the `MockServer` type and one expectation method per operation; with
/// `split_by_tag` each method compiles only under its operation's feature.
pub fn mock_rs(api: &Api, split_by_tag: bool) -> TokenStream {
    let methods: Vec<TokenStream> = api
        .operations
        .values()
        .map(|op| expectation_method(api, op, split_by_tag))
        .collect();
    let uses_segment = api.operations.values().any(|op| uses_segment(api, op));
    let segment = uses_segment.then(|| {
        quote!(
            use atlas_admin_runtime::path::segment;
        )
    });
    let uses_models = api.operations.values().any(|op| {
        op.params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .any(|p| p.ty.named().is_some())
            || op.body.as_ref().is_some_and(|b| b.ty.named().is_some())
            || op
                .success
                .bodies()
                .iter()
                .any(|b| b.kind == BodyKind::Json && b.ty.named().is_some())
    });
    let models = uses_models.then(|| {
        quote!(
            use crate::models;
        )
    });
    quote! {
        //! A typed mock server for testing code that uses this client (feature `mock`).
        //!
        //! [`MockServer::start`] starts a local server; [`MockServer::client`] is a [`Client`]
        //! pointed at it. Each operation has a method of the same name that takes its path
        //! parameters and returns an [`Expectation`]: narrow it with `.query(…)`, `.header(…)`
        //! and `.body(…)` (the typed request body), say how often the call must come
        //! (`.times(n)`, `.at_least(n)`; once by default), then answer with `.respond(…)` (the typed success
        //! answer), `.respond_error(status, …)` (an Atlas error document) or
        //! `.respond_status(status)`, and `.await` it. Expectations of the same call answer in
        //! the order they were mounted, each up to its count (`.times(1)` answering `409`, then
        //! one answering the success, scripts a retry). [`MockServer::verify`] panics unless
        //! every expectation was met.
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::too_many_arguments, clippy::type_complexity)]

        #models
        use crate::Client;
        use atlas_admin_runtime::mock::{self, Expectation};
        use atlas_admin_runtime::Method;
        #segment

        pub use atlas_admin_runtime::mock::{atlas_error, Binary, Json, NoBody, Text};
        pub use atlas_admin_runtime::AtlasErrorBody;

        /// A local mock of the API (see the [module docs](self)).
        #[derive(Debug)]
        pub struct MockServer(mock::MockServer);

        impl MockServer {
            /// Starts the server on a free local port.
            pub async fn start() -> Self {
                MockServer(mock::MockServer::start().await)
            }

            /// A client of this server: every operation sent to it (also one whose spec names a
            /// server of its own), no authentication, plain HTTP, no retries.
            ///
            /// # Panics
            /// Never in practice: the configuration is fixed and valid.
            pub fn client(&self) -> Client {
                self.client_builder().build().expect("the mock server's client configuration is valid")
            }

            /// A client builder pointed at this server (every operation, whatever its spec
            /// server), to set more options before `build()`.
            pub fn client_builder(&self) -> atlas_admin_runtime::ClientBuilder<Client> {
                self.0.client_builder()
            }

            /// The base URL (`http://127.0.0.1:PORT`).
            pub fn uri(&self) -> String {
                self.0.uri()
            }

            /// Panics unless every expectation was met, naming those that were not.
            pub async fn verify(&self) {
                self.0.verify().await
            }

            /// `Err(report)` unless every expectation was met: the report `verify` panics
            /// with. Dropping the server still checks: `reset()` after asserting on a report.
            pub async fn try_verify(&self) -> Result<(), String> {
                self.0.try_verify().await
            }

            /// Removes every expectation and forgets the requests received.
            pub async fn reset(&self) {
                self.0.reset().await
            }

            /// The runtime's server: received requests and the underlying `wiremock` server.
            pub fn server(&self) -> &mock::MockServer {
                &self.0
            }
        }

        #(#methods)*
    }
}

/// The codec type of a body: `Json<T>`, `Text`, `Binary` or `NoBody`.
fn codec(kind: Option<(BodyKind, &TypeRef)>) -> TokenStream {
    match kind {
        None => quote!(mock::NoBody),
        Some((BodyKind::Json, t)) => {
            let t = ty(t, Scope::Outside);
            quote!(mock::Json<#t>)
        }
        Some((BodyKind::Text, _)) => quote!(mock::Text),
        Some((BodyKind::Form, t)) => {
            let t = ty(t, Scope::Outside);
            quote!(mock::Form<#t>)
        }
        Some((BodyKind::Multipart, _)) => quote!(mock::Multipart),
        Some((BodyKind::Binary, _)) => quote!(mock::Binary),
    }
}

/// The documented success status and body of an operation's `.respond(…)`. When the 2xx
/// responses differ ([`crate::ir::Success::several`]) the answer is the client's
/// `{Builder}Success` enum, whose variant says its status ([`answer_impl`]); the status given
/// here (the first documented one with a body, else the first) is then only the default the
/// expectation carries.
fn answer(op: &Operation) -> (u16, Option<&ResponseBody>) {
    let Some(several) = &op.success.several else {
        return (op.success.status.unwrap_or(200), op.success.body.as_ref());
    };
    let pick = several
        .variants
        .iter()
        .find(|v| v.body.is_some())
        .or(several.variants.first());
    match pick {
        Some(v) => (status_code(v.status), v.body.as_ref()),
        None => (op.success.status.unwrap_or(200), None),
    }
}

/// The status a documented response is answered with (`2XX` as `200`; a 2xx answer is
/// never documented as `default`, which would be answered as `200` too).
fn status_code(status: ResponseStatus) -> u16 {
    match status {
        ResponseStatus::Code(code) => code,
        ResponseStatus::Range(digit) => u16::from(digit) * 100,
        ResponseStatus::Default => 200,
    }
}

/// One operation's method on `MockServer`.
fn expectation_method(api: &Api, op: &Operation, split_by_tag: bool) -> TokenStream {
    // Reports name the expectation by this method, as the test wrote it.
    let call = method_name(op);
    let name = ident(&call);
    let body = codec(op.body.as_ref().map(|b| (b.kind, &b.ty)));
    let (status, answer_body) = answer(op);
    let several = op.success.several.as_ref();
    let answer = match several {
        Some(several) => {
            let name = ident(&several.rust_name);
            quote!(mock::Several<crate::operations::#name>)
        }
        // A response in a form media type is read as bytes.
        None => codec(answer_body.map(|b| match b.kind {
            BodyKind::Form | BodyKind::Multipart => (BodyKind::Binary, &b.ty),
            kind => (kind, &b.ty),
        })),
    };
    let mut args = Vec::new();
    let mut conversions = Vec::new();
    // In the order the path names them.
    for part in &op.path_parts {
        let PathPart::Param(i) = part else { continue };
        let p = &op.params[*i];
        let arg = ident(&p.rust_name);
        if p.ty == TypeRef::String {
            args.push(quote!(#arg: &str));
        } else {
            let typed = ty(&p.ty, Scope::Outside);
            args.push(quote!(#arg: impl Into<#typed>));
            conversions.push(quote!(let #arg: #typed = #arg.into();));
        }
    }
    let path = path_expr(api, op, PathSite::Mock);
    let operation_id = &op.operation_id;
    let method = format_ident!("{}", op.method.as_str());
    let status_literal = proc_macro2::Literal::u16_unsuffixed(status);
    let accept = &op.success.accept;
    let cfg = split_by_tag.then(|| {
        let module = &op.module;
        quote!(#[cfg(feature = #module)])
    });
    let route = format!("`{} {}`", op.method, op.path);
    let answer_doc = match (several, answer_body) {
        (Some(several), _) => format!(
            "`.respond(…)` takes the client's answer, [`crate::operations::{}`]: each variant is \
             answered with its documented status and body.",
            several.rust_name
        ),
        (None, Some(_)) => format!("`.respond(…)` answers `{status}` with the documented body."),
        (None, None) => format!("`.respond(())` answers `{status}` without a body."),
    };
    let doc = paragraphs([
        Some(format!("Expects a call of [`Client::{}`]: {route}.", op.rust_name).as_str()),
        op.summary.as_deref(),
        Some(answer_doc.as_str()),
    ]);
    let doc = docs(doc.as_deref());
    let answer_impl = several.map(|several| answer_impl(op, several, cfg.as_ref()));
    quote! {
        #answer_impl
        #cfg
        impl MockServer {
            #doc
            pub fn #name(&self, #(#args),*) -> Expectation<'_, #body, #answer> {
                #(#conversions)*
                self.0.expect(#call, #operation_id, Method::#method, #path, #status_literal, #accept)
            }
        }
    }
}

/// `impl mock::Answer` for an operation's `{Builder}Success` enum: each variant's documented
/// status, the media type of its documented content (else the operation's `Accept`), and its
/// body encoded as the client decodes it; `Undocumented { status, body }` as given.
fn answer_impl(op: &Operation, several: &SuccessEnum, cfg: Option<&TokenStream>) -> TokenStream {
    let name = ident(&several.rust_name);
    let mut arms = Vec::new();
    let mut has_range = false;
    for v in &several.variants {
        has_range |= matches!(v.status, ResponseStatus::Range(_));
        let variant = ident(&v.rust_name);
        let code = match v.status {
            // `2XX` beside documented codes: the first code of the range none documents, so
            // the client reads the answer as this variant.
            ResponseStatus::Range(digit) => {
                let first = u16::from(digit) * 100;
                (first..first + 100)
                    .find(|c| {
                        !several
                            .variants
                            .iter()
                            .any(|o| o.status == ResponseStatus::Code(*c))
                    })
                    .unwrap_or(first)
            }
            other => status_code(other),
        };
        let status = proc_macro2::Literal::u16_unsuffixed(code);
        let media_type = op
            .responses
            .iter()
            .find(|r| r.status == v.status)
            .and_then(|r| r.content.as_ref())
            .map_or(op.success.accept.as_str(), |c| c.media_type.as_str());
        arms.push(match v.body.as_ref() {
            None => quote! {
                Self::#variant => (#status, #media_type, atlas_admin_runtime::Bytes::new()),
            },
            Some(body) => {
                let encode = match body.kind {
                    BodyKind::Json => {
                        let t = ty(&body.ty, Scope::Outside);
                        quote!(<mock::Json<#t> as mock::Codec>::encode(value))
                    }
                    BodyKind::Text => quote!(atlas_admin_runtime::Bytes::from(value.clone())),
                    _ => quote!(value.clone()),
                };
                quote!(Self::#variant(value) => (#status, #media_type, #encode),)
            }
        });
    }
    if !has_range {
        arms.push(quote! {
            Self::Undocumented { status, body } => {
                (status.as_u16(), "application/octet-stream", body.clone())
            }
        });
    }
    quote! {
        #cfg
        impl mock::Answer for crate::operations::#name {
            fn answer(&self) -> (u16, &'static str, atlas_admin_runtime::Bytes) {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

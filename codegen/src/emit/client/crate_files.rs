//! The small files of the client crate: `lib.rs`, `client.rs`, `operations/mod.rs` and
//! `Cargo.toml`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{tokens, EmitOptions, GitReference, Modules, RuntimeDependency, RuntimeSource};
use crate::emit::doc_text::{code_span, inline};
use crate::ir::{Api, ApiKeyLocation, SecuritySchemeKind, TypeDef, TypeKind, TypeRef};
use crate::naming::Scope;

pub fn operations_mod(modules: &Modules<'_>, split: bool) -> TokenStream {
    let items = modules.iter().map(|(module, (tag, _))| {
        let m = tokens::ident(module);
        let doc = match tag {
            Some(tag) => format!(" Operations tagged {}.", code_span(tag)),
            None => " Operations without a tag.".to_string(),
        };
        let cfg = split.then(|| quote!(#[cfg(feature = #module)]));
        quote! {
            #[doc = #doc]
            #cfg
            pub mod #m;
            #cfg
            pub use #m::*;
        }
    });
    quote! {
        //! Request builders, one module per tag. Each operation is a method on [`crate::Client`].
        #(#items)*
    }
}

pub fn lib_rs(api: &Api, options: &EmitOptions, modules: &Modules<'_>) -> TokenStream {
    let title = format!(" # {}", options.crate_name);
    let about = format!(
        " A typed async client for *{}* (spec version {}), generated from {}.",
        inline(&api.title),
        code_span(&api.version),
        code_span(&options.origin)
    );
    let mut rows = vec![
        " | Method | Operation | Route |".to_string(),
        " |---|---|---|".to_string(),
    ];
    for ops in modules.values() {
        for op in &ops.1 {
            let deprecated = if op.deprecated.is_some() {
                " (deprecated)"
            } else {
                ""
            };
            // A `|` in a cell, even inside a code span, would end the cell.
            let cell = |text: &str| code_span(text).replace('|', "\\|");
            rows.push(format!(
                " | [`{0}`](Client::{0}){1} | {2} | {3} |",
                op.rust_name,
                deprecated,
                cell(&op.operation_id),
                cell(&format!("{} {}", op.method, op.path))
            ));
        }
    }
    // rustc proves auto traits (`Send` for `.await`ed builders) through every type a type holds,
    // boxed or not, about two query levels each, and stops at its default recursion limit of
    // 128. A crate whose types nest deeper (64 levels of inline objects) raises the limit.
    let api_keys = api
        .security_schemes
        .values()
        .any(|s| matches!(s.kind, SecuritySchemeKind::ApiKey { .. }))
        .then(|| {
            quote!(
                pub use client::api_keys;
            )
        });
    let depth = holding_depth(api);
    let recursion_limit = (depth > DEFAULT_LIMIT_DEPTH).then(|| {
        let limit = (depth * 2 + 64).next_power_of_two().to_string();
        quote!(#![recursion_limit = #limit])
    });
    quote! {
        #recursion_limit
        #![doc = #title]
        #![doc = ""]
        #![doc = #about]
        #![doc = ""]
        #![doc = " Build a [`Client`] with [`Client::builder`], choose authentication, then call an"]
        #![doc = " operation: required parameters are arguments, optional ones are builder methods, and"]
        #![doc = " the request is sent when it is `.await`ed. Transport, authentication, retries,"]
        #![doc = " validation and errors come from the hand-written `atlas-admin-runtime` crate."]
        #![doc = ""]
        #(#![doc = #rows])*
        // The generator documents every public item; a gap is a generator bug, which CI's
        // `-D warnings` builds catch.
        #![warn(missing_docs)]

        // Formatted by the generator (prettyplease); rustfmt would only churn the diff.
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod operations;
        // Documented by its own inner docs: an outer doc here would make rustdoc resolve
        // their links (`MockServer::start`) from the crate root.
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock;

        pub use atlas_admin_runtime as runtime;
        pub use atlas_admin_runtime::{ClientBuilder, DateTime, Error, Nullable, RetryPolicy};
        pub use client::Client;
        #api_keys
    }
}

/// The deepest chain of types held one in another that rustc's default recursion limit (128)
/// still proves auto traits through.
const DEFAULT_LIMIT_DEPTH: usize = 40;

/// The longest chain of named types that hold one another (a field, variant, alias or
/// newtype, boxed or not; not through a list or map, whose auto traits rustc knows from its
/// impls). Iterative, so a chain of thousands of schemas cannot overflow the stack.
fn holding_depth(api: &Api) -> usize {
    fn direct(t: &TypeRef) -> Option<&str> {
        match t {
            TypeRef::Named(n) => Some(n),
            _ => None,
        }
    }
    let held = |name: &str| -> Vec<&str> {
        match api.types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
            Some(TypeKind::Tagged(t)) => t.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
            Some(TypeKind::Untagged(vs) | TypeKind::AnyOf(vs)) => {
                vs.iter().filter_map(|v| direct(&v.ty)).collect()
            }
            Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => direct(t).into_iter().collect(),
            Some(TypeKind::Enum(_)) | None => Vec::new(),
        }
    };
    let mut depth: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for start in api.types.keys() {
        let mut open = std::collections::HashSet::from([start.as_str()]);
        let mut stack = vec![(start.as_str(), held(start), 0usize)];
        while let Some((node, children, next)) = stack.last_mut() {
            if let Some(&child) = children.get(*next) {
                *next += 1;
                if !depth.contains_key(child) && open.insert(child) {
                    let grandchildren = held(child);
                    stack.push((child, grandchildren, 0));
                }
                continue;
            }
            // A child still open closes a cycle, which adds nothing.
            let deepest = children.iter().filter_map(|c| depth.get(c)).max().copied();
            let node = *node;
            depth.insert(node, deepest.unwrap_or(0) + 1);
            open.remove(node);
            stack.pop();
        }
    }
    depth.values().copied().max().unwrap_or(0)
}

pub fn client_rs(api: &Api) -> TokenStream {
    // The spec's server is the default base URL; without one, `build()` asks for one.
    let (base_url, base_doc) = match &api.server {
        Some(url) => (
            quote!(.base_url(#url)),
            format!(" The base URL is `{}` (the spec's first server) unless [`ClientBuilder::base_url`] sets another.", inline(url)),
        ),
        None => (
            quote!(.base_url("")),
            " The spec names no absolute server URL: set one with [`ClientBuilder::base_url`] before `build()`, which fails without it.".to_string(),
        ),
    };
    // Operations with a server of their own: `build()` checks those servers, and the doc
    // lists them with how many operations each serves.
    let mut servers: std::collections::BTreeMap<&str, usize> = Default::default();
    for op in api.operations.values() {
        if let Some(url) = &op.server {
            *servers.entry(url.as_str()).or_default() += 1;
        }
    }
    // Listed even when empty, so `build()` refuses a `server_url` for a server no operation
    // names (a typo, or the document's own server, which `base_url` sets).
    let (operation_servers, servers_doc) = if servers.is_empty() {
        (quote!(.operation_servers(&[])), None)
    } else {
        let urls = servers.keys();
        let list: Vec<String> = servers
            .iter()
            .map(|(url, n)| {
                let operations = if *n == 1 { "operation" } else { "operations" };
                format!("- {} ({n} {operations})", code_span(url))
            })
            .collect();
        (
            quote!(.operation_servers(&[#(#urls),*])),
            Some(format!(
                " Some operations go to a server of their own (their spec's operation- or \
                 path-level `servers`), not to the base URL:\n\n{}\n\n Redirect one with \
                 [`ClientBuilder::server_url`] (its spec URL as listed, then yours), or send \
                 every operation to the base URL with \
                 [`ClientBuilder::all_servers_to_base_url`] (as the typed mock does); \
                 `build()` refuses a `server_url` for a server not listed.",
                list.iter()
                    .map(|l| format!(" {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
        )
    };
    let servers_doc = servers_doc.map(|d| {
        let lines = d.split('\n').map(str::to_string);
        quote!(#[doc = ""] #(#[doc = #lines])*)
    });
    let (auth_doc, api_keys) = security(api);
    let auth_doc = (!auth_doc.is_empty()).then(|| quote!(#[doc = ""] #(#[doc = #auth_doc])*));
    quote! {
        //! The client type; its operations are in [`crate::operations`].

        use atlas_admin_runtime::ClientBuilder;

        /// The API client: cheap to clone, safe to share between tasks.
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: atlas_admin_runtime::Transport,
        }

        impl Client {
            /// Starts configuring a client (base URL, authentication, timeouts, retries).
            ///
            #[doc = #base_doc]
            #servers_doc
            #auth_doc
            pub fn builder() -> ClientBuilder<Client> {
                ClientBuilder::new()
                    #base_url
                    #operation_servers
                    .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            }

            /// The transport that sends requests (useful for `revoke_token`).
            pub fn transport(&self) -> &atlas_admin_runtime::Transport {
                &self.transport
            }
        }

        impl From<atlas_admin_runtime::Transport> for Client {
            fn from(transport: atlas_admin_runtime::Transport) -> Self {
                Client { transport }
            }
        }

        #api_keys
    }
}

/// The builder doc's lines on authentication (each security scheme and the client setting
/// that answers it), and the `api_keys` module: a constructor per `apiKey` scheme.
fn security(api: &Api) -> (Vec<String>, Option<TokenStream>) {
    if api.security_schemes.is_empty() {
        return (Vec::new(), None);
    }
    let mut lines = vec![
        " Authentication: the spec's security schemes (`components/securitySchemes`) and the"
            .to_string(),
        " setting for each (a client sends the one it is given on every operation whose spec"
            .to_string(),
        " does not say `security: []`):".to_string(),
        String::new(),
    ];
    let mut names = Scope::with_reserved(&[]);
    let mut constructors = Vec::new();
    for (scheme_name, scheme) in &api.security_schemes {
        let what = match &scheme.kind {
            SecuritySchemeKind::ApiKey { location, name } => {
                let function =
                    names.claim(&crate::emit::client::naming::RULES.field_name(scheme_name));
                let place = location.place();
                let constructor = match location {
                    ApiKeyLocation::Header => quote!(header),
                    ApiKeyLocation::Query => quote!(query),
                    ApiKeyLocation::Cookie => quote!(cookie),
                };
                let doc = format!(
                    " The API key of the spec's {} scheme, sent as {place} {} ({}).",
                    code_span(scheme_name),
                    code_span(name),
                    code_span(&scheme.pointer)
                );
                let description = scheme.description.as_deref().map(|d| {
                    let d = crate::emit::format::docs(Some(d));
                    quote!(#[doc = ""] #d)
                });
                let ident = tokens::ident(&function);
                constructors.push(quote! {
                    #[doc = #doc]
                    #description
                    pub fn #ident(key: impl Into<String>) -> atlas_admin_runtime::ApiKey {
                        atlas_admin_runtime::ApiKey::#constructor(#name, key)
                    }
                });
                format!(
                    "API key in {place} {}: [`ClientBuilder::api_key`] with \
                     [`api_keys::{function}`](crate::api_keys::{function})",
                    code_span(name)
                )
            }
            SecuritySchemeKind::Http { scheme } => match scheme.as_str() {
                "basic" => "HTTP Basic: [`ClientBuilder::basic_auth`]".to_string(),
                "bearer" => "HTTP Bearer: [`ClientBuilder::bearer_token`]".to_string(),
                "digest" => "HTTP Digest: [`ClientBuilder::digest_auth`]".to_string(),
                other => format!(
                    "HTTP {}: not built in; send its `Authorization` header through \
                     [`ClientBuilder::http_client`] (a client from \
                     `atlas_admin_runtime::builder::http_client_builder()` with default headers)",
                    code_span(other)
                ),
            },
            SecuritySchemeKind::OAuth2 {
                client_credentials: Some(url),
            } if scheme.kind.is_service_account() => format!(
                "OAuth 2.0 client credentials (token from {}): \
                 [`ClientBuilder::service_account`]",
                code_span(url)
            ),
            SecuritySchemeKind::OAuth2 { client_credentials } => format!(
                "OAuth 2.0: [`ClientBuilder::bearer_token`] with an access token you obtained{}",
                client_credentials
                    .as_ref()
                    .map(|url| format!(" (client credentials: from {})", code_span(url)))
                    .unwrap_or_default()
            ),
            SecuritySchemeKind::OpenIdConnect { url } => format!(
                "OpenID Connect ({}): [`ClientBuilder::bearer_token`] with an access token",
                code_span(url)
            ),
            SecuritySchemeKind::Other(kind) => format!(
                "{}: not built in (see [`ClientBuilder::http_client`])",
                code_span(kind)
            ),
        };
        lines.push(format!(" - {}: {what}", code_span(scheme_name)));
    }
    // Requirements that need several schemes at once: API keys can all be set; schemes of
    // different kinds cannot be sent together.
    for requirement in api.security_requirements.iter().filter(|r| r.len() > 1) {
        let names = requirement
            .iter()
            .map(|n| code_span(n))
            .collect::<Vec<_>>()
            .join(" + ");
        let all_keys = requirement.iter().all(|n| {
            api.security_schemes
                .get(n)
                .is_some_and(|s| matches!(s.kind, SecuritySchemeKind::ApiKey { .. }))
        });
        lines.push(String::new());
        lines.push(if all_keys {
            format!(
                " The spec's requirement {names} needs every one of these keys at once: call \
                 [`ClientBuilder::api_key`] once per key."
            )
        } else {
            format!(
                " The spec's requirement {names} needs schemes of different kinds at once, \
                 which a client does not send together: add the others through \
                 [`ClientBuilder::http_client`]."
            )
        });
    }
    let api_keys = (!constructors.is_empty()).then(|| {
        quote! {
            /// API keys for [`ClientBuilder::api_key`], one constructor per `apiKey` security
            /// scheme of the spec: `Client::builder().api_key(api_keys::scheme(key))`.
            pub mod api_keys {
                #(#constructors)*
            }
        }
    });
    (lines, api_keys)
}

/// Whether any generated type (of `types`) or operation mentions a `format: date` (so the
/// crate needs `chrono` for `NaiveDate`; a `date-time` is the runtime's `DateTime`).
pub fn uses_dates(api: &Api, types: &[(&String, &TypeDef)]) -> bool {
    fn dated(t: &TypeRef) -> bool {
        match t {
            TypeRef::Date => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => dated(inner),
            _ => false,
        }
    }
    let in_types = types.iter().any(|(_, def)| match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(&s.additional)
            .any(dated),
        TypeKind::Tagged(t) => t.variants.iter().any(|v| dated(&v.ty)),
        TypeKind::Untagged(vs) | TypeKind::AnyOf(vs) => vs.iter().any(|v| dated(&v.ty)),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => dated(t),
        TypeKind::Enum(_) => false,
    });
    let in_operations = api.operations.values().any(|op| {
        op.params.iter().any(|p| dated(&p.ty))
            || op.body.iter().flat_map(|b| b.types()).any(dated)
            || op.success.bodies().iter().any(|b| dated(&b.ty))
    });
    in_types || in_operations
}

/// `Cargo.toml` of the crate defining `types`.
pub fn cargo_toml<'a>(
    api: &Api,
    types: &[(&String, &TypeDef)],
    options: &EmitOptions,
    modules: impl Iterator<Item = &'a str>,
) -> String {
    let uses_chrono = uses_dates(api, types);
    // One line, direction and control characters shown escaped (as in the docs).
    let title = inline(&api.title);
    let title = title.trim();
    let description = if title.is_empty() {
        "Typed async Rust client, generated from an OpenAPI document".to_string()
    } else {
        format!("{title}: typed async Rust client, generated from its OpenAPI document")
    };
    let mut out = format!(
        "# @generated by atlas-codegen from {origin}.\n# Do not edit by hand: run `{regenerate}`.\n\n\
         [package]\nname = {name}\nversion = {version}\nedition = \"2021\"\nrust-version = \"1.88\"\n",
        origin = inline(&options.origin),
        regenerate = inline(&options.regenerate),
        name = toml_string(&options.crate_name),
        version = toml_string(&options.crate_version),
    );
    if let Some(license) = &options.license {
        out.push_str(&format!("license = {}\n", toml_string(license)));
    }
    out.push_str(&format!("description = {}\n\n", toml_string(&description)));
    if options.standalone {
        out.push_str("[workspace]\n\n");
    }
    out.push_str("[dependencies]\n");
    // `multipart/form-data` bodies need the runtime's `multipart` feature.
    let multipart = api
        .operations
        .values()
        .any(|op| op.body.as_ref().is_some_and(|b| b.form.is_some()));
    let features: &[&str] = if multipart { &["multipart"] } else { &[] };
    out.push_str(&options.runtime.toml_line(features));
    if uses_chrono {
        out.push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n");
    }
    out.push_str("serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n\n");
    out.push_str("[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n");
    out.push_str("\n[features]\n");
    if options.split_by_tag {
        let modules: Vec<&str> = modules.collect();
        let all: Vec<String> = modules.iter().map(|m| format!("\"{m}\"")).collect();
        out.push_str(&format!("default = [{}]\n", all.join(", ")));
        for m in modules {
            out.push_str(&format!("{m} = []\n"));
        }
    }
    // `src/mock.rs`: a typed mock server for tests, over the runtime's `mock` feature.
    out.push_str("mock = [\"atlas-admin-runtime/mock\"]\n");
    out
}

impl RuntimeDependency {
    /// The `atlas-admin-runtime = …` line of `[dependencies]` (with its newline), turning on
    /// `features`: a bare version string when it comes from the registry without features,
    /// else an inline table of `version`, the source's keys and `features`.
    pub(crate) fn toml_line(&self, features: &[&str]) -> String {
        let version = toml_string(&self.version);
        let features = if features.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = features.iter().map(|f| toml_string(f)).collect();
            format!(", features = [{}]", names.join(", "))
        };
        let source = match &self.source {
            RuntimeSource::Registry if features.is_empty() => {
                return format!("atlas-admin-runtime = {version}\n");
            }
            RuntimeSource::Registry => String::new(),
            RuntimeSource::Path(path) => format!(", path = {}", toml_string(path)),
            RuntimeSource::Git { url, reference } => {
                let reference = match reference {
                    None => String::new(),
                    Some(GitReference::Branch(b)) => format!(", branch = {}", toml_string(b)),
                    Some(GitReference::Tag(t)) => format!(", tag = {}", toml_string(t)),
                    Some(GitReference::Rev(r)) => format!(", rev = {}", toml_string(r)),
                };
                format!(", git = {}{reference}", toml_string(url))
            }
        };
        format!("atlas-admin-runtime = {{ version = {version}{source}{features} }}\n")
    }
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub(crate) fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_dependency_line_of_each_source() {
        let dep = |source| RuntimeDependency {
            version: "0.1.0".to_string(),
            source,
        };
        let registry = dep(RuntimeSource::Registry);
        assert_eq!(registry.toml_line(&[]), "atlas-admin-runtime = \"0.1.0\"\n");
        assert_eq!(
            registry.toml_line(&["cli"]),
            "atlas-admin-runtime = { version = \"0.1.0\", features = [\"cli\"] }\n"
        );
        assert_eq!(
            dep(RuntimeSource::Path("../run \"time\"".to_string())).toml_line(&["multipart"]),
            "atlas-admin-runtime = { version = \"0.1.0\", path = \"../run \\\"time\\\"\", features = [\"multipart\"] }\n"
        );
        let git = |reference| {
            dep(RuntimeSource::Git {
                url: "https://example.com/r.git".to_string(),
                reference,
            })
        };
        assert_eq!(
            git(None).toml_line(&[]),
            "atlas-admin-runtime = { version = \"0.1.0\", git = \"https://example.com/r.git\" }\n"
        );
        assert_eq!(
            git(Some(GitReference::Rev("0123abc".to_string()))).toml_line(&["cli"]),
            "atlas-admin-runtime = { version = \"0.1.0\", git = \"https://example.com/r.git\", rev = \"0123abc\", features = [\"cli\"] }\n"
        );
    }
}

//! The small files of the client crate: `lib.rs`, `client.rs`, `operations/mod.rs` and
//! `Cargo.toml`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{tokens, EmitOptions, GitReference, Modules, RuntimeSource};
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};

pub fn operations_mod(modules: &Modules<'_>, split: bool) -> TokenStream {
    let items = modules.iter().map(|(module, (tag, _))| {
        let m = tokens::ident(module);
        let doc = match tag {
            Some(tag) => format!(" Operations tagged `{tag}`."),
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
        " A typed async client for *{}* (spec version `{}`), generated from `{}`.",
        api.title.trim(),
        api.version,
        options.origin
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
            rows.push(format!(
                " | [`{0}`](Client::{0}){1} | `{2}` | `{3} {4}` |",
                op.rust_name, deprecated, op.operation_id, op.method, op.path
            ));
        }
    }
    quote! {
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
        /// A typed mock server for tests of code that uses this client (feature `mock`).
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock;

        pub use atlas_admin_runtime as runtime;
        pub use atlas_admin_runtime::{ClientBuilder, DateTime, Error, Nullable, RetryPolicy};
        pub use client::Client;
    }
}

pub fn client_rs() -> TokenStream {
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
            pub fn builder() -> ClientBuilder<Client> {
                ClientBuilder::new().user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
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
    }
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
    let title = api.title.trim();
    let description = if title.is_empty() {
        "Typed async Rust client, generated from an OpenAPI document".to_string()
    } else {
        format!("{title}: typed async Rust client, generated from its OpenAPI document")
    };
    let mut out = format!(
        "# @generated by atlas-codegen from {origin}.\n# Do not edit by hand: run `{regenerate}`.\n\n\
         [package]\nname = {name}\nversion = {version}\nedition = \"2021\"\nrust-version = \"1.88\"\n",
        origin = options.origin,
        regenerate = options.regenerate,
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
    let features = if multipart {
        ", features = [\"multipart\"]"
    } else {
        ""
    };
    let runtime = &options.runtime;
    let version = toml_string(&runtime.version);
    out.push_str(&match &runtime.source {
        RuntimeSource::Registry if features.is_empty() => {
            format!("atlas-admin-runtime = {version}\n")
        }
        RuntimeSource::Registry => {
            format!("atlas-admin-runtime = {{ version = {version}{features} }}\n")
        }
        RuntimeSource::Path(path) => format!(
            "atlas-admin-runtime = {{ version = {version}, path = {}{features} }}\n",
            toml_string(path)
        ),
        RuntimeSource::Git { url, reference } => {
            let reference = match reference {
                None => String::new(),
                Some(GitReference::Branch(b)) => format!(", branch = {}", toml_string(b)),
                Some(GitReference::Tag(t)) => format!(", tag = {}", toml_string(t)),
                Some(GitReference::Rev(r)) => format!(", rev = {}", toml_string(r)),
            };
            format!(
                "atlas-admin-runtime = {{ version = {version}, git = {}{reference}{features} }}\n",
                toml_string(url)
            )
        }
    });
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

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn toml_string(text: &str) -> String {
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

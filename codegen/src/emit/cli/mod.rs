//! The command-line emitter: IR → a binary crate (`Cargo.toml`, `src/main.rs`,
//! `src/commands/*.rs`) whose commands call a client crate generated from the same IR.
//!
//! `<bin> api <tag> <operation> [flags]`: the tag in lowerCamelCase ([`tag_command`]), the
//! operation by its name ([`operation_command`]: Atlas's `x-xgen-operation-id-override`, else
//! the `operationId`), one flag per parameter named as in the spec. Each tag's file describes
//! its operations as data for `atlas_admin_runtime::cli` (which builds the `clap` command,
//! reads credentials, bodies and prints answers) and has one function per operation that reads
//! the typed arguments and calls the client's method ([`crate::ir::Operation::rust_name`]), so
//! a command behaves exactly as the client does. Like the client emitter it reads only the IR.

use std::collections::BTreeMap;

use heck::{ToLowerCamelCase, ToShoutySnakeCase};
use proc_macro2::TokenStream;
use quote::quote;

use super::format::{finish, run_jobs, unparse, Job};
use crate::emit::client::tokens::{ident, ty, Scope};
use crate::emit::client::toml_string;
use crate::emit::RuntimeDependency;
use crate::error::Result;
use crate::ir::{
    Api, ApiKeyLocation, BodyKind, Operation, Param, ParamLocation, ResponseStatus,
    SecuritySchemeKind, SuccessEnum, TypeKind, TypeRef,
};

/// The CLI crate's package metadata and where its client crate is.
#[derive(Debug, Clone)]
pub struct CliOptions {
    /// Package name of the CLI crate (`atlas-admin-cli`).
    pub crate_name: String,
    /// Package version (semver).
    pub crate_version: String,
    /// The binary's name (`atlas-admin`).
    pub bin_name: String,
    /// `[package] license` (SPDX), or none.
    pub license: Option<String>,
    /// Package name of the client crate generated from the same spec and selection.
    pub client_crate: String,
    /// Its version requirement (always written).
    pub client_version: String,
    /// Its directory relative to the CLI crate (`path = …`), when it is not taken from the
    /// registry.
    pub client_path: Option<String>,
    /// Where the CLI gets `atlas-admin-runtime` (with its `cli` feature).
    pub runtime: RuntimeDependency,
    /// Label of the spec for the generated headers (never absolute).
    pub origin: String,
    /// The command that regenerates the crate, named in each file's header.
    pub regenerate: String,
    /// Add an empty `[workspace]` table.
    pub standalone: bool,
}

/// The command-line flags `atlas_admin_runtime::cli` defines itself: a spec parameter with
/// one of these names gets the flag `--param-<name>`.
const OWN_FLAGS: &[&str] = &["file", "output", "base-url", "server-url", "help"];

/// The subcommand of a tag: lowerCamelCase of the tag (`Private Endpoint Services` →
/// `privateEndpointServices`, `MongoDB Cloud Users` → `mongoDbCloudUsers`), as the Atlas CLI
/// names them; `untagged` for operations without a tag.
pub fn tag_command(op: &Operation) -> String {
    match &op.tag {
        Some(tag) => {
            let name = tag.to_lower_camel_case();
            if name.is_empty() {
                "untagged".to_string()
            } else {
                name
            }
        }
        None => "untagged".to_string(),
    }
}

/// The subcommand of an operation: its name ([`Operation::name`]) when it is an identifier
/// already (`createPrivateEndpoint`), else its lowerCamelCase.
pub fn operation_command(op: &Operation) -> String {
    let plain = op.name.starts_with(|c: char| c.is_ascii_alphabetic())
        && op.name.chars().all(|c| c.is_ascii_alphanumeric());
    if plain {
        op.name.clone()
    } else {
        op.name.to_lower_camel_case()
    }
}

/// The flag of a parameter (without `--`): its name in the spec, unless the command has a
/// flag of that name itself.
pub fn flag(p: &Param) -> String {
    if OWN_FLAGS.contains(&p.wire_name.as_str()) {
        format!("param-{}", p.wire_name)
    } else {
        p.wire_name.clone()
    }
}

/// Whether the spec is MongoDB Atlas's, for its command line's environment variables:
/// the client's default server ([`Api::server`]) is on `mongodb.com` or a subdomain of it
/// (`https://cloud.mongodb.com`, the server of every Atlas Admin API spec).
pub fn is_atlas(api: &Api) -> bool {
    let host = api
        .server
        .as_deref()
        .and_then(|s| url::Url::parse(s).ok())
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    host.is_some_and(|h| h == "mongodb.com" || h.ends_with(".mongodb.com"))
}

/// The prefix of the command line's environment variables (`{prefix}_ACCESS_TOKEN`):
/// `MONGODB_ATLAS` for Atlas's spec ([`is_atlas`]), else the binary's name in
/// SHOUTY_SNAKE_CASE (`petclinic` → `PETCLINIC`, `box-cli` → `BOX_CLI`); `CLI_` is put before
/// a name that would start with a digit, and `API` stands for one with no letter or digit.
pub fn env_prefix(api: &Api, options: &CliOptions) -> String {
    if is_atlas(api) {
        return "MONGODB_ATLAS".to_string();
    }
    let name: String = options
        .bin_name
        .to_shouty_snake_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let name = name.trim_matches('_').to_string();
    match name.chars().next() {
        None => "API".to_string(),
        Some(c) if c.is_ascii_digit() => format!("CLI_{name}"),
        Some(_) => name,
    }
}

/// A kind of credentials the command line reads from its environment (the runtime's
/// `cli::CredentialKind`), in the order they are tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `{P}_PUBLIC_API_KEY`/`{P}_PRIVATE_API_KEY`: HTTP Digest.
    Digest,
    /// `{P}_CLIENT_ID`/`{P}_CLIENT_SECRET`: a service account.
    ServiceAccount,
    /// `{P}_{variable}`: the key of the `apiKey` scheme `scheme`, sent in `location` under
    /// `name`.
    ApiKey {
        /// The scheme's name in `components/securitySchemes`.
        scheme: String,
        /// Its `in`.
        location: ApiKeyLocation,
        /// Its `name`.
        name: String,
        /// The suffix of its variable: `API_KEY` for a spec's only `apiKey` scheme,
        /// `API_KEY_{SCHEME}` (the scheme's name in SHOUTY_SNAKE_CASE) for each of several.
        variable: String,
    },
    /// `{P}_USERNAME`/`{P}_PASSWORD`: HTTP Basic.
    Basic,
    /// `{P}_ACCESS_TOKEN`: a bearer token.
    Bearer,
}

/// The credentials the command line reads, in the order it tries them: for Atlas's spec
/// ([`is_atlas`]) always an API key pair (HTTP Digest), a service account and an access
/// token (the runtime's `Environment::ATLAS`). Otherwise, from the spec's security schemes:
/// an API key pair (HTTP Digest) if an `http` scheme is `digest`; a service account if an
/// `oauth2` scheme's `clientCredentials` token URL ends in `/api/oauth/token` (the token
/// endpoint the runtime speaks to, as the client crate's doc says); an API key for each
/// `apiKey` scheme, by name (every one set is sent: a requirement may need several); HTTP Basic if an `http` scheme is `basic`; and always an access
/// token (a bearer token answers `http` `bearer`, OAuth 2.0 and OpenID Connect schemes, and
/// is what an API without schemes can be sent).
pub fn credential_kinds(api: &Api) -> Vec<Credential> {
    if is_atlas(api) {
        return vec![
            Credential::Digest,
            Credential::ServiceAccount,
            Credential::Bearer,
        ];
    }
    let schemes = || api.security_schemes.values().map(|s| &s.kind);
    let http = |name: &str| {
        schemes().any(|k| matches!(k, SecuritySchemeKind::Http { scheme } if scheme == name))
    };
    let mut out = Vec::new();
    if http("digest") {
        out.push(Credential::Digest);
    }
    if schemes().any(SecuritySchemeKind::is_service_account) {
        out.push(Credential::ServiceAccount);
    }
    let api_keys: Vec<(&String, ApiKeyLocation, &String)> = api
        .security_schemes
        .iter()
        .filter_map(|(scheme, s)| match &s.kind {
            SecuritySchemeKind::ApiKey { location, name } => Some((scheme, *location, name)),
            _ => None,
        })
        .collect();
    let several = api_keys.len() > 1;
    let mut variables = crate::naming::Scope::new();
    for (scheme, location, name) in api_keys {
        let variable = if several {
            use heck::ToShoutySnakeCase;
            variables.claim(&format!("API_KEY_{}", scheme.to_shouty_snake_case()))
        } else {
            "API_KEY".to_string()
        };
        out.push(Credential::ApiKey {
            scheme: scheme.clone(),
            location,
            name: name.clone(),
            variable,
        });
    }
    if http("basic") {
        out.push(Credential::Basic);
    }
    out.push(Credential::Bearer);
    out
}

/// One tag's subcommand and operations, with their command names (unique in the tag).
struct TagGroup<'a> {
    command: String,
    title: String,
    module: String,
    operations: Vec<(String, &'a Operation)>,
}

fn groups(api: &Api) -> Vec<TagGroup<'_>> {
    let mut by_command: BTreeMap<String, TagGroup<'_>> = BTreeMap::new();
    for op in api.operations.values() {
        let command = tag_command(op);
        let group = by_command
            .entry(command.clone())
            .or_insert_with(|| TagGroup {
                module: op.module.clone(),
                title: op.tag.clone().unwrap_or_else(|| "(none)".to_string()),
                command,
                operations: Vec::new(),
            });
        group.operations.push((String::new(), op));
    }
    for group in by_command.values_mut() {
        // Spec order within a tag is the IR's key order (the Rust names); names are made
        // unique in that order, so the output does not depend on anything else.
        let mut scope = crate::naming::Scope::new();
        for (name, op) in &mut group.operations {
            *name = scope.claim(&operation_command(op));
        }
        group.operations.sort_by(|a, b| a.0.cmp(&b.0));
    }
    by_command.into_values().collect()
}

/// The files of the CLI crate, keyed by path relative to the crate root.
pub fn emit(api: &Api, options: &CliOptions) -> Result<BTreeMap<String, String>> {
    let header = format!(
        "// @generated by atlas-codegen from {}.\n// Do not edit by hand: change the spec or the generator, then run `{}`.\n\n",
        options.origin, options.regenerate
    );
    let groups = groups(api);
    // Token streams cannot cross threads: each job makes its own identifiers.
    let client = options.client_crate.replace('-', "_");
    let client = client.as_str();
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for group in &groups {
        jobs.push(Box::new(move || {
            unparse(
                tag_module(api, group, &ident(client)),
                &format!("src/commands/{}.rs", group.module),
            )
        }));
    }
    {
        let groups = &groups;
        jobs.push(Box::new(move || {
            unparse(
                commands_mod(api, options, groups, &ident(client)),
                "src/commands/mod.rs",
            )
        }));
    }
    jobs.push(Box::new(|| unparse(main_rs(api, options), "src/main.rs")));
    let mut results = run_jobs(&jobs).into_iter();
    let mut files = BTreeMap::new();
    for group in &groups {
        let text = results.next().expect("one result per job")?;
        files.insert(
            format!("src/commands/{}.rs", group.module),
            finish(&header, &text),
        );
    }
    for path in ["src/commands/mod.rs", "src/main.rs"] {
        let text = results.next().expect("one result per job")?;
        files.insert(path.to_string(), finish(&header, &text));
    }
    files.insert("Cargo.toml".to_string(), cargo_toml(api, options));
    Ok(files)
}

fn main_rs(api: &Api, options: &CliOptions) -> TokenStream {
    let bin = &options.bin_name;
    let title = api.title.trim();
    let mut lines = vec![
        format!(
            " `{bin}`: the command-line client of *{title}*, generated from its OpenAPI document."
        ),
        String::new(),
        format!(
            " `{bin} api <tag> <operation> [flags]` calls an operation through the `{}` crate, and",
            options.client_crate
        ),
        format!(
            " `{bin} completion bash|zsh|fish` prints a completion script. Credentials come from"
        ),
    ];
    let prefix = env_prefix(api, options);
    let var = |suffix: &str| format!("`{prefix}_{suffix}`");
    let credentials = credential_kinds(api);
    let count = credentials.len();
    for (i, credential) in credentials.iter().enumerate() {
        let item = match credential {
            Credential::Digest => format!(
                "{}/{} (HTTP Digest)",
                var("PUBLIC_API_KEY"),
                var("PRIVATE_API_KEY")
            ),
            Credential::ServiceAccount => format!(
                "{}/{} (service account)",
                var("CLIENT_ID"),
                var("CLIENT_SECRET")
            ),
            Credential::ApiKey {
                scheme,
                location,
                name,
                variable,
            } => {
                let place = location.place();
                format!(
                    "{} (API key of the `{scheme}` scheme, in {place} `{name}`)",
                    var(variable)
                )
            }
            Credential::Basic => format!("{}/{} (HTTP Basic)", var("USERNAME"), var("PASSWORD")),
            Credential::Bearer => var("ACCESS_TOKEN"),
        };
        lines.push(if i + 1 == count {
            format!(
                " {item}; `--base-url` or {} points elsewhere.",
                var("BASE_URL")
            )
        } else if i + 2 == count {
            format!(" {item} or")
        } else {
            format!(" {item},")
        });
    }
    quote! {
        #(#![doc = #lines])*

        // Formatted by the generator (prettyplease); rustfmt would only churn the diff.
        #[rustfmt::skip]
        mod commands;

        #[tokio::main]
        async fn main() -> std::process::ExitCode {
            commands::main().await
        }
    }
}

fn commands_mod(
    api: &Api,
    options: &CliOptions,
    groups: &[TagGroup<'_>],
    client: &proc_macro2::Ident,
) -> TokenStream {
    let bin = &options.bin_name;
    let about = format!("Command-line client of {}", api.title.trim());
    let credentials = if api.authenticated {
        quote::format_ident!("Required")
    } else {
        quote::format_ident!("Optional")
    };
    let (environment, environment_import) = if is_atlas(api) {
        (quote!(Environment::ATLAS), quote!())
    } else {
        let prefix = env_prefix(api, options);
        let kinds = credential_kinds(api).into_iter().map(|c| match c {
            Credential::Digest => quote!(CredentialKind::Digest),
            Credential::ServiceAccount => quote!(CredentialKind::ServiceAccount),
            Credential::ApiKey {
                location,
                name,
                variable,
                ..
            } => {
                let location = match location {
                    ApiKeyLocation::Header => quote!(Header),
                    ApiKeyLocation::Query => quote!(Query),
                    ApiKeyLocation::Cookie => quote!(Cookie),
                };
                quote! {
                    CredentialKind::ApiKey {
                        location: atlas_admin_runtime::ApiKeyLocation::#location,
                        name: #name,
                        variable: #variable,
                    }
                }
            }
            Credential::Basic => quote!(CredentialKind::Basic),
            Credential::Bearer => quote!(CredentialKind::Bearer),
        });
        (
            quote!(Environment { prefix: #prefix, credentials: &[#(#kinds),*] }),
            quote!(CredentialKind,),
        )
    };
    let modules = groups.iter().map(|g| {
        let m = ident(&g.module);
        let doc = format!(" `api {}`: operations tagged `{}`.", g.command, g.title);
        quote! {
            #[doc = #doc]
            pub mod #m;
        }
    });
    let tags = groups.iter().map(|g| {
        let m = ident(&g.module);
        let (command, title) = (&g.command, &g.title);
        quote!(Tag { name: #command, title: #title, operations: #m::OPERATIONS })
    });
    quote! {
        //! The operations, one module per tag.

        use #client::Client;
        use atlas_admin_runtime::cli::{App, #environment_import Credentials, Environment, Tag};

        #(#modules)*

        /// Every tag's subcommand, by name.
        pub static TAGS: &[Tag<Client>] = &[#(#tags),*];

        /// Runs the command line of the process (arguments, environment, standard streams).
        pub async fn main() -> std::process::ExitCode {
            atlas_admin_runtime::cli::main(App {
                bin: #bin,
                about: #about,
                tags: TAGS,
                builder: Client::builder,
                credentials: Credentials::#credentials,
                version: env!("CARGO_PKG_VERSION"),
                environment: #environment,
            })
            .await
        }
    }
}

fn opt_str(text: Option<&str>) -> TokenStream {
    match text {
        Some(t) => quote!(Some(#t)),
        None => quote!(None),
    }
}

/// The allowed values of an enum parameter (of its items, for a list).
fn enum_values<'a>(api: &'a Api, t: &TypeRef) -> Vec<&'a str> {
    let t = match t {
        TypeRef::Vec(inner) => inner,
        other => other,
    };
    match t {
        TypeRef::Named(n) => match api.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Enum(values)) => values.iter().map(|v| v.wire.as_str()).collect(),
            Some(TypeKind::Alias(target)) => enum_values(api, target),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn arg_kind(api: &Api, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::Bool => quote!(ArgKind::Bool),
        TypeRef::I32 | TypeRef::I64 => quote!(ArgKind::Integer),
        TypeRef::F32 | TypeRef::F64 => quote!(ArgKind::Number),
        TypeRef::Vec(inner) => arg_kind(api, inner),
        TypeRef::Named(n) => match api.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Enum(_)) => quote!(ArgKind::String),
            Some(TypeKind::Alias(target)) => arg_kind(api, target),
            _ => quote!(ArgKind::Json),
        },
        TypeRef::Json | TypeRef::Map(_) => quote!(ArgKind::Json),
        _ => quote!(ArgKind::String),
    }
}

fn param_info(api: &Api, p: &Param) -> TokenStream {
    let name = &p.wire_name;
    let flag = flag(p);
    let required = p.required;
    let doc = opt_str(p.doc.as_deref());
    let location = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let kind = arg_kind(api, &p.ty);
    let multiple = matches!(p.ty, TypeRef::Vec(_));
    let values = enum_values(api, &p.ty);
    let deprecated = p.deprecated;
    quote! {
        ParamInfo {
            name: #name,
            flag: #flag,
            required: #required,
            doc: #doc,
            location: #location,
            kind: #kind,
            multiple: #multiple,
            values: &[#(#values),*],
            deprecated: #deprecated,
        }
    }
}

/// Whether the value is read as JSON text rather than as a string.
fn json_arg(api: &Api, t: &TypeRef) -> bool {
    match t {
        TypeRef::Json | TypeRef::Map(_) => true,
        TypeRef::Named(n) => match api.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::Alias(target)) => json_arg(api, target),
            Some(TypeKind::Enum(_)) => false,
            _ => true,
        },
        _ => false,
    }
}

/// The expression reading one parameter: `T` for a required one, `Option<T>` otherwise.
fn read_param(api: &Api, p: &Param) -> TokenStream {
    let name = &p.wire_name;
    match &p.ty {
        TypeRef::Vec(inner) => {
            let item = ty(inner, Scope::Outside);
            if p.required {
                quote!(args.many::<#item>(#name)?.unwrap_or_default())
            } else {
                quote!(args.many::<#item>(#name)?)
            }
        }
        t => {
            let t_tokens = ty(t, Scope::Outside);
            let (required, optional) = if json_arg(api, t) {
                (quote!(required_json), quote!(optional_json))
            } else {
                (quote!(required), quote!(optional))
            };
            if p.required {
                quote!(args.#required::<#t_tokens>(#name)?)
            } else {
                quote!(args.#optional::<#t_tokens>(#name)?)
            }
        }
    }
}

fn tag_module(api: &Api, group: &TagGroup<'_>, client: &proc_macro2::Ident) -> TokenStream {
    let mut infos = Vec::new();
    let mut functions = Vec::new();
    for (command, op) in &group.operations {
        let function = ident(&op.rust_name);
        let summary = opt_str(op.summary.as_deref());
        let description = opt_str(op.description.as_deref());
        let deprecated = match &op.deprecated {
            None => quote!(None),
            Some(d) => {
                let sunset = opt_str(d.sunset.as_deref());
                quote!(Some(#sunset))
            }
        };
        let route = format!("{} {}", op.method, op.path);
        let params = op.params.iter().map(|p| param_info(api, p));
        let body = match &op.body {
            None => quote!(None),
            Some(b) => {
                let required = b.required;
                let content_type = &b.content_type;
                // A form-urlencoded body is a typed value too, read from JSON or YAML.
                let json = matches!(b.kind, BodyKind::Json | BodyKind::Form);
                let doc = opt_str(b.doc.as_deref());
                quote!(Some(BodyInfo { required: #required, content_type: #content_type, json: #json, doc: #doc }))
            }
        };
        infos.push(quote! {
            OperationInfo {
                name: #command,
                summary: #summary,
                description: #description,
                deprecated: #deprecated,
                route: #route,
                params: &[#(#params),*],
                body: #body,
                run: #function,
            }
        });
        functions.push(operation_fn(api, client, op));
    }
    let module_doc = format!(
        " `api {}`: operations tagged `{}`.",
        group.command, group.title
    );
    let uses_models = group.operations.iter().any(|(_, op)| {
        op.params.iter().any(|p| p.ty.named().is_some())
            || op.body.as_ref().is_some_and(|b| {
                matches!(b.kind, BodyKind::Json | BodyKind::Form) && b.ty.named().is_some()
            })
    });
    let models = uses_models.then(|| quote!(use #client::models;));
    let mut imports = vec![
        quote!(Args),
        quote!(Failure),
        quote!(OperationInfo),
        quote!(Output),
    ];
    if group.operations.iter().any(|(_, op)| !op.params.is_empty()) {
        imports.push(quote!(ParamInfo));
        imports.push(quote!(ArgKind));
    }
    if group.operations.iter().any(|(_, op)| op.body.is_some()) {
        imports.push(quote!(BodyInfo));
    }
    quote! {
        #![doc = #module_doc]

        #models
        use #client::Client;
        use atlas_admin_runtime::cli::{#(#imports),*};
        use atlas_admin_runtime::BoxFuture;

        /// The operations of this tag.
        pub const OPERATIONS: &[OperationInfo<Client>] = &[#(#infos),*];

        #(#functions)*
    }
}

/// One operation's function: read the arguments, call the client, return its answer.
fn operation_fn(api: &Api, client: &proc_macro2::Ident, op: &Operation) -> TokenStream {
    let function = ident(&op.rust_name);
    if op
        .body
        .as_ref()
        .is_some_and(|b| b.kind == BodyKind::Multipart)
    {
        // A multipart body holds files and typed parts: no single `--file` gives it.
        let message = format!(
            "`{}` sends a multipart/form-data body, which this command line cannot build; \
             call `Client::{}` of the client crate instead",
            op.operation_id, op.rust_name
        );
        return quote! {
            fn #function<'a>(_client: &'a Client, _args: &'a Args) -> BoxFuture<'a, Result<Output, Failure>> {
                Box::pin(async move { Err(Failure::Input(#message.to_owned())) })
            }
        };
    }
    let method = ident(&op.rust_name);
    let mut call_args: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| read_param(api, p))
        .collect();
    let mut optional_lines = Vec::new();
    for p in op.params.iter().filter(|p| !p.required) {
        let setter = ident(&p.rust_name);
        let read = read_param(api, p);
        optional_lines.push(quote! {
            if let Some(value) = #read {
                request = request.#setter(value);
            }
        });
    }
    if let Some(b) = &op.body {
        let (required, optional) = match b.kind {
            BodyKind::Json | BodyKind::Form => {
                let t = ty(&b.ty, Scope::Outside);
                (
                    quote!(args.body::<#t>()?),
                    quote!(args.optional_body::<#t>()?),
                )
            }
            BodyKind::Text => (
                quote!(args.text_body()?),
                quote!(args.optional_text_body()?),
            ),
            BodyKind::Binary | BodyKind::Multipart => (
                quote!(args.binary_body()?),
                quote!(args.optional_binary_body()?),
            ),
        };
        if b.required {
            call_args.push(required);
        } else {
            optional_lines.push(quote! {
                if let Some(value) = #optional {
                    request = request.body(value);
                }
            });
        }
    }
    let output = match (
        &op.success.several,
        op.success.body.as_ref().map(|b| b.kind),
    ) {
        (Some(several), _) => several_output(client, several),
        (None, None) => quote!(Output::empty(request.await)),
        (None, Some(BodyKind::Json)) => quote!(Output::json(request).await),
        (None, Some(BodyKind::Text)) => quote!(Output::text(request.await)),
        (None, Some(_)) => quote!(Output::bytes(request.await)),
    };
    let binding = if optional_lines.is_empty() {
        quote!(let request)
    } else {
        quote!(let mut request)
    };
    let allow = op
        .deprecated
        .is_some()
        .then(|| quote!(#[allow(deprecated)]));
    // An operation without parameters or body reads nothing.
    let args = if op.params.is_empty() && op.body.is_none() {
        quote!(_args)
    } else {
        quote!(args)
    };
    quote! {
        #allow
        fn #function<'a>(client: &'a Client, #args: &'a Args) -> BoxFuture<'a, Result<Output, Failure>> {
            Box::pin(async move {
                #binding = client.#method(#(#call_args),*);
                #(#optional_lines)*
                #output
            })
        }
    }
}

/// The output of an operation whose documented 2xx answers differ: the body of the one that
/// arrived (a body-less one prints nothing); a JSON one as the server sent it, once it has
/// decoded into its variant's type.
fn several_output(client: &proc_macro2::Ident, several: &SuccessEnum) -> TokenStream {
    let name = ident(&several.rust_name);
    let mut arms = Vec::new();
    let mut has_range = false;
    let mut keeps_body = false;
    for v in &several.variants {
        has_range |= matches!(v.status, ResponseStatus::Range(_));
        let variant = ident(&v.rust_name);
        arms.push(match v.body.as_ref().map(|b| b.kind) {
            None => quote!(#client::operations::#name::#variant => Ok(Output::Empty),),
            Some(BodyKind::Json) => {
                keeps_body = true;
                quote!(#client::operations::#name::#variant(_) => Ok(Output::Json(response.into_bytes())),)
            }
            Some(BodyKind::Text) => {
                quote!(#client::operations::#name::#variant(value) => Ok(Output::Text(value)),)
            }
            Some(_) => {
                quote!(#client::operations::#name::#variant(value) => Ok(Output::Bytes(value)),)
            }
        });
    }
    if !has_range {
        arms.push(quote!(#client::operations::#name::Undocumented { body, .. } => Ok(Output::Bytes(body)),));
    }
    let response = if keeps_body {
        quote!(response)
    } else {
        quote!(_response)
    };
    quote! {
        let (value, #response) = atlas_admin_runtime::operation::send_keeping_body(request).await?;
        match value {
            #(#arms)*
        }
    }
}

/// Whether a parameter or body type of the API is (or holds) one of `wanted`, so the crate
/// names the type (`chrono` for dates, `serde_json` for any JSON value).
fn uses(api: &Api, wanted: &[TypeRef]) -> bool {
    fn holds(t: &TypeRef, wanted: &[TypeRef]) -> bool {
        match t {
            TypeRef::Vec(inner) | TypeRef::Map(inner) => holds(inner, wanted),
            other => wanted.contains(other),
        }
    }
    api.operations.values().any(|op| {
        op.params.iter().any(|p| holds(&p.ty, wanted))
            || op.body.as_ref().is_some_and(|b| holds(&b.ty, wanted))
    })
}

fn cargo_toml(api: &Api, options: &CliOptions) -> String {
    let title = api.title.trim();
    let description = format!("{title}: command-line client, generated from its OpenAPI document");
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
    out.push_str(&format!(
        "[[bin]]\nname = {}\npath = \"src/main.rs\"\n\n[dependencies]\n",
        toml_string(&options.bin_name)
    ));
    let client_version = toml_string(&options.client_version);
    out.push_str(&match &options.client_path {
        Some(path) => format!(
            "{} = {{ version = {client_version}, path = {} }}\n",
            options.client_crate,
            toml_string(path)
        ),
        None => format!("{} = {client_version}\n", options.client_crate),
    });
    out.push_str(&options.runtime.toml_line(&["cli"]));
    if uses(api, &[TypeRef::DateTime, TypeRef::Date]) {
        out.push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n");
    }
    if uses(api, &[TypeRef::Json]) {
        out.push_str("serde_json = \"1\"\n");
    }
    out.push_str("tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::RuntimeSource;
    use crate::ir::SecurityScheme;

    fn options(bin: &str) -> CliOptions {
        CliOptions {
            crate_name: format!("{bin}-cli"),
            crate_version: "0.1.0".into(),
            bin_name: bin.into(),
            license: None,
            client_crate: bin.into(),
            client_version: "0.1.0".into(),
            client_path: None,
            runtime: RuntimeDependency {
                version: "0.1.0".into(),
                source: RuntimeSource::Registry,
            },
            origin: "spec.yaml".into(),
            regenerate: "regenerate".into(),
            standalone: true,
        }
    }

    fn api(server: &str, schemes: &[(&str, SecuritySchemeKind)]) -> Api {
        Api {
            server: Some(server.to_string()),
            authenticated: true,
            security_schemes: schemes
                .iter()
                .map(|(name, kind)| {
                    let scheme = SecurityScheme {
                        pointer: format!("#/components/securitySchemes/{name}"),
                        kind: kind.clone(),
                        description: None,
                    };
                    (name.to_string(), scheme)
                })
                .collect(),
            ..Api::default()
        }
    }

    fn http(scheme: &str) -> SecuritySchemeKind {
        SecuritySchemeKind::Http {
            scheme: scheme.into(),
        }
    }

    fn key(location: ApiKeyLocation, name: &str) -> SecuritySchemeKind {
        SecuritySchemeKind::ApiKey {
            location,
            name: name.into(),
        }
    }

    /// Atlas's spec (its server on mongodb.com) keeps `MONGODB_ATLAS_*` and its three kinds of
    /// credentials, whatever its schemes and binary; any other spec's prefix is its binary's.
    #[test]
    fn the_prefix_is_atlas_only_for_atlas() {
        let atlas = api("https://cloud.mongodb.com", &[]);
        assert!(is_atlas(&atlas));
        assert_eq!(env_prefix(&atlas, &options("atlas-admin")), "MONGODB_ATLAS");
        assert_eq!(
            credential_kinds(&atlas),
            [
                Credential::Digest,
                Credential::ServiceAccount,
                Credential::Bearer
            ]
        );
        assert!(is_atlas(&api("https://cloud-dev.MongoDB.com/api", &[])));
        for other in [
            "https://petclinic.example/api",
            "https://notmongodb.com",
            "https://mongodb.com.example",
        ] {
            let other = api(other, &[]);
            assert!(!is_atlas(&other));
            assert_eq!(credential_kinds(&other), [Credential::Bearer]);
        }
        let other = api("https://petclinic.example/api", &[]);
        for (bin, prefix) in [
            ("petclinic", "PETCLINIC"),
            ("box-platform", "BOX_PLATFORM"),
            ("openAI.cli", "OPEN_AI_CLI"),
            ("9lives", "CLI_9LIVES"),
            ("--", "API"),
        ] {
            assert_eq!(env_prefix(&other, &options(bin)), prefix, "{bin}");
        }
    }

    /// The credentials follow the spec's schemes, in the fixed order.
    #[test]
    fn the_credentials_follow_the_schemes() {
        let spec = api(
            "https://api.example",
            &[
                ("Basic", http("basic")),
                ("Digest", http("digest")),
                ("Zkey", key(ApiKeyLocation::Header, "X-Z")),
                ("Akey", key(ApiKeyLocation::Query, "api_key")),
                (
                    "Partner",
                    SecuritySchemeKind::OAuth2 {
                        client_credentials: Some("https://auth.example/token".into()),
                    },
                ),
            ],
        );
        assert_eq!(
            credential_kinds(&spec),
            [
                Credential::Digest,
                Credential::ApiKey {
                    scheme: "Akey".into(),
                    location: ApiKeyLocation::Query,
                    name: "api_key".into(),
                    variable: "API_KEY_AKEY".into(),
                },
                Credential::ApiKey {
                    scheme: "Zkey".into(),
                    location: ApiKeyLocation::Header,
                    name: "X-Z".into(),
                    variable: "API_KEY_ZKEY".into(),
                },
                Credential::Basic,
                Credential::Bearer
            ]
        );
        // A spec's only API key is `{P}_API_KEY`.
        let single = api(
            "https://api.example",
            &[("Key", key(ApiKeyLocation::Header, "X-K"))],
        );
        assert_eq!(
            credential_kinds(&single),
            [
                Credential::ApiKey {
                    scheme: "Key".into(),
                    location: ApiKeyLocation::Header,
                    name: "X-K".into(),
                    variable: "API_KEY".into(),
                },
                Credential::Bearer
            ]
        );
        let accounts = api(
            "https://api.example",
            &[(
                "Accounts",
                SecuritySchemeKind::OAuth2 {
                    client_credentials: Some("https://api.example/api/oauth/token".into()),
                },
            )],
        );
        assert_eq!(
            credential_kinds(&accounts),
            [Credential::ServiceAccount, Credential::Bearer]
        );
        // The App names the prefix and kinds; `main.rs` names the variables.
        let files = emit(&spec, &options("petclinic")).unwrap();
        let commands = &files["src/commands/mod.rs"];
        assert!(commands.contains("prefix: \"PETCLINIC\""), "{commands}");
        assert!(
            commands.contains("location: atlas_admin_runtime::ApiKeyLocation::Query"),
            "{commands}"
        );
        assert!(!commands.contains("ServiceAccount"), "{commands}");
        let main = &files["src/main.rs"];
        for text in [
            "`PETCLINIC_PUBLIC_API_KEY`/`PETCLINIC_PRIVATE_API_KEY` (HTTP Digest),",
            "`PETCLINIC_API_KEY_AKEY` (API key of the `Akey` scheme, in query parameter `api_key`),",
            "`PETCLINIC_API_KEY_ZKEY` (API key of the `Zkey` scheme, in header `X-Z`),",
            "`PETCLINIC_USERNAME`/`PETCLINIC_PASSWORD` (HTTP Basic) or",
            "`PETCLINIC_ACCESS_TOKEN`; `--base-url` or `PETCLINIC_BASE_URL` points elsewhere.",
        ] {
            assert!(main.contains(text), "{text}\n{main}");
        }
        assert!(!main.contains("MONGODB_ATLAS"), "{main}");
    }
}

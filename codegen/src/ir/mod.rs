//! The intermediate representation: plain data, built once by [`crate::lower`] (and completed
//! by [`crate::passes`]), then only read by the emitters. It is the contract between the two
//! halves of the generator: an emitter reads nothing else (not the document, not the lowering
//! code).
//!
//! - Maps are `BTreeMap`s and lists are in spec order or sorted, so the IR (and therefore the
//!   output) never depends on hash or input map order.
//! - Every place in the spec is named by a `#`-prefixed JSON pointer (RFC 6901), e.g.
//!   [`TypeDef::pointer`], [`Operation::pointer`].
//! - Identifiers (type names, `rust_name`s, [`Operation::builder_name`]) are PascalCase or
//!   snake_case, unique in their scope, and avoid the reserved words of the naming rules the
//!   IR was built with ([`crate::naming::NamingRules`]; the client emitter's by default).
//!   Wire names (`wire_name`, [`EnumValue::wire`], [`Tagged::property`]) are the spec's, as
//!   sent and received.

#![deny(missing_docs)]

mod operations;
mod types;

use std::collections::{BTreeMap, BTreeSet};

pub use operations::*;
pub use types::*;

/// The whole API to generate.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// `info.title` (`API` when missing).
    pub title: String,
    /// `info.version` (empty when missing).
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The client's default base URL: the first `servers` entry's `url` with each `{variable}`
    /// at its `default`, when that is an absolute `http` or `https` URL. `None` when the spec
    /// has no `servers` or its first URL is relative (`/api/v3`): the client then has no
    /// default and must be given one (`ClientBuilder::base_url`).
    pub server: Option<String>,
    /// Whether the spec asks for credentials: a `security` requirement, at its root or on an
    /// operation, names a scheme. The generated command line requires them only then.
    pub authenticated: bool,
    /// The spec's security schemes (`components/securitySchemes`), keyed by their name there.
    pub security_schemes: BTreeMap<String, SecurityScheme>,
    /// Every distinct requirement of the spec's `security` (the document's and its
    /// operations') that names a scheme: the names of the schemes it needs at once.
    pub security_requirements: BTreeSet<BTreeSet<String>>,
    /// The selected operations, keyed by [`Operation::rust_name`].
    pub operations: BTreeMap<String, Operation>,
    /// Every named type the selected operations reach — through parameters, request bodies
    /// and every documented response — keyed by type name.
    pub types: BTreeMap<String, TypeDef>,
    /// Names of the types a request (body or parameter) can contain: they get validation.
    pub request_types: BTreeSet<String>,
    /// Names of the types an answer (any documented response) can contain: they are
    /// decoded, so a `writeOnly` property is optional in them.
    pub response_types: BTreeSet<String>,
    /// The request types a value of which can fail validation: with a constraint of its own,
    /// a string enum (unknown values are refused), or containing such a type. Validation only
    /// descends into these.
    pub checked_types: BTreeSet<String>,
    /// Module ([`Operation::module`]) → the types a client of its operations needs: those
    /// reached from their parameters, request bodies and decoded answers
    /// ([`Operation::success`]). Types only reached from other responses are in no module.
    pub tag_types: BTreeMap<String, BTreeSet<String>>,
    /// Things the generator noticed and worked around, each at a JSON pointer; sorted, each
    /// once.
    pub diagnostics: Vec<Diagnostic>,
}

impl Api {
    /// The type `t` stands for once aliases ([`TypeKind::Alias`]) are followed; `t` itself
    /// when it is no alias (or after 64 steps of an alias chain).
    pub fn resolve_alias<'a>(&'a self, t: &'a TypeRef) -> &'a TypeRef {
        let mut t = t;
        for _ in 0..64 {
            match t {
                TypeRef::Named(n) => match self.types.get(n).map(|d| &d.kind) {
                    Some(TypeKind::Alias(target)) => t = target,
                    _ => break,
                },
                _ => break,
            }
        }
        t
    }

    /// Whether `t` is a string enum, or an alias of one.
    pub fn is_string_enum(&self, t: &TypeRef) -> bool {
        match self.resolve_alias(t) {
            TypeRef::Named(n) => {
                matches!(self.types.get(n).map(|d| &d.kind), Some(TypeKind::Enum(_)))
            }
            _ => false,
        }
    }
}

/// A warning about a part of the spec that was generated in a reduced form or skipped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where: a `#`-prefixed JSON pointer into the document.
    pub pointer: String,
    /// What was noticed and what the generator did about it.
    pub message: String,
}

/// One entry of `components/securitySchemes` (OpenAPI's Security Scheme Object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its JSON pointer (`#/components/securitySchemes/ApiKeyAuth`).
    pub pointer: String,
    /// What credential it asks for.
    pub kind: SecuritySchemeKind,
    /// Its `description`.
    pub description: Option<String>,
}

/// The `type` of a security scheme, with what the client needs to know of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecuritySchemeKind {
    /// `apiKey`: a key sent under `name` in a header, the query or a cookie.
    ApiKey {
        /// Where the key goes (`in`).
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name (`name`).
        name: String,
    },
    /// `http`: an `Authorization` scheme.
    Http {
        /// `scheme`, lowercased: `basic`, `bearer`, `digest`, … (empty when missing).
        scheme: String,
    },
    /// `oauth2`.
    OAuth2 {
        /// Its `clientCredentials` flow's `tokenUrl`, when it has that flow.
        client_credentials: Option<String>,
    },
    /// `openIdConnect`.
    OpenIdConnect {
        /// Its `openIdConnectUrl` (empty when missing).
        url: String,
    },
    /// `mutualTLS` or a type OpenAPI does not define: named as written.
    Other(String),
}

/// Where an `apiKey` scheme's key goes (`in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// `in: header`.
    Header,
    /// `in: query`.
    Query,
    /// `in: cookie`.
    Cookie,
}

impl SecuritySchemeKind {
    /// Whether the runtime's service account (`ClientBuilder::service_account`) answers it: an
    /// `oauth2` client-credentials flow whose token URL is the endpoint the runtime speaks to
    /// (`…/api/oauth/token`, Atlas's).
    pub fn is_service_account(&self) -> bool {
        matches!(self, SecuritySchemeKind::OAuth2 { client_credentials: Some(url) }
            if url.ends_with("/api/oauth/token"))
    }
}

impl ApiKeyLocation {
    /// What it is, in prose: `header`, `query parameter`, `cookie`.
    pub fn place(self) -> &'static str {
        match self {
            ApiKeyLocation::Header => "header",
            ApiKeyLocation::Query => "query parameter",
            ApiKeyLocation::Cookie => "cookie",
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

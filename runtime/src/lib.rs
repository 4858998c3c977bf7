//! Runtime for the generated MongoDB Atlas Admin API v2 client (`atlas-admin-client`).
//!
//! The generated crate is a thin layer of typed operations and models; every
//! behaviour lives here and is tested on its own. The modules, by concern:
//!
//! | concern | module | what it holds |
//! |---|---|---|
//! | transport | [`transport`] | [`Transport`] executes a [`Request`]: auth, envelope unwrapping, mapping non-2xx answers to [`Error`]s, retries, one `atlas.request` tracing span per call |
//! | | [`transport::builder`] | [`ClientBuilder`]: base URL, credentials, timeouts, retry policy, body cap; converts into the generated `Client` |
//! | | [`transport::retry`] | [`RetryPolicy`] and what may be re-sent: a POST or PATCH only on `429` or when the connection was never established |
//! | auth | `auth` (private) | HTTP Digest for API keys (cached nonce, shared `nc` counter), OAuth2 client credentials for service accounts (cached, single-flight token refresh, revocation), static bearer tokens |
//! | request / response | `exchange`: [`request`] | [`Request`], [`RequestBody`] (JSON, form-urlencoded, text, bytes) |
//! | | [`style`] | parameter values written in their OpenAPI `style` and `explode` ([`Style`]) |
//! | | `multipart` (feature `multipart`) | `multipart/form-data` bodies: `multipart::Multipart`, `multipart::FilePart` |
//! | | [`response`] | [`Response`] |
//! | | [`path`] | percent-encoding of path parameters, joining a path onto the base URL |
//! | | `exchange` (private parts) | sending one HTTP exchange and reading the body under a size cap; unwrapping `?envelope=true` answers |
//! | errors | [`error`] | the one [`Error`] enum, Atlas error bodies ([`AtlasErrorBody`]), [`ApiError`], [`AuthError`], [`ValidationErrors`] |
//! | validation | [`validate`] | [`validate::Validator`], the [`validate::Validate`] trait, [`validate::Pattern`] (ECMAScript regexes with look-ahead) |
//! | command line (feature `cli`) | `cli` | what a generated CLI crate runs: the `clap` command built from its operations' descriptions, credentials from the environment, body files (JSON or YAML) checked by the generated types, output as JSON or YAML, exit codes by error class, shell completions |
//! | test mocks (feature `mock`) | `mock` | a typed mock server over `wiremock`: the generated crate's `mock` module expects calls by operation and answers with typed values or Atlas errors |
//! | helpers for generated code | `support`: [`operation`](mod@operation), [`de`], [`ser`], [`fields`], [`paginate`], macros | what every request builder does ([`Operation`]: `send_request`, `send_request_with_response`), deserializing polymorphic (`oneOf`) types, structs' `Serialize`/`Deserialize` ([`serde_struct!`]), model fields ([`Nullable`]: absent / `null` / value; [`DateTime`]: a `date-time` kept as written; read-only properties left out of request bodies), paging, [`operation!`], [`string_enum_impls!`], [`union_from!`] |
//!
//! The dependencies point one way: `exchange` and `error` know nothing above them, `auth`
//! builds on `exchange`, `transport` on both; `validate` and `support` serve the generated code.
//! The `exchange` and `support` folders are private: their modules are re-exported at the
//! crate root under the paths the generated code uses (`path`, `request`, `response`,
//! `operation`, `de`, `fields`, `date_time`, `paginate`), as are `builder` and `retry`.
//!
//! Credentials never appear in `Debug`/`Display` output, errors or logs.
//!
//! # Example
//!
//! ```no_run
//! use atlas_admin_runtime::{path, Method, Request, Transport};
//!
//! # async fn run() -> Result<(), atlas_admin_runtime::Error> {
//! let transport = Transport::builder()
//!     .digest_auth("public-key", "private-key")
//!     .build()?;
//! let mut req = Request::new(
//!     "getProject",
//!     Method::GET,
//!     "/api/atlas/v2/groups/{groupId}",
//!     format!("/api/atlas/v2/groups/{}", path::encode_segment("5f1a2b3c4d5e6f7a8b9c0d1e")),
//!     "application/vnd.atlas.2023-01-01+json",
//! );
//! req.query("pretty", &true)?;
//! let project: serde_json::Value = transport.execute(req).await?.json()?;
//! # let _ = project;
//! # Ok(())
//! # }
//! ```

mod auth;
#[cfg(feature = "cli")]
pub mod cli;
pub mod error;
mod exchange;
#[cfg(feature = "mock")]
pub mod mock;
mod support;
pub mod transport;
pub mod validate;

// The paths the generated code and existing callers use.
#[cfg(feature = "multipart")]
pub use exchange::multipart;
pub use exchange::{path, request, response, style};
pub use support::date_time::{self, DateTime};
pub use support::fields::{self, Nullable};
pub use support::operation::{self, Operation};
pub use support::{de, paginate, ser};
pub use transport::{builder, retry};

pub use bytes::Bytes;
/// The `chrono` crate [`DateTime`] converts from and to (`chrono::Utc::now().into()`).
pub use chrono;
pub use http::{HeaderMap, Method, StatusCode};
/// serde, for the impls [`string_enum_impls!`] writes into the generated crate.
#[doc(hidden)]
pub use serde;
pub use url::Url;

pub use auth::{ApiKey, ApiKeyLocation};
pub use builder::ClientBuilder;
pub use error::{
    ApiError, AtlasErrorBody, AuthError, Error, RateLimit, ValidationErrors, ValidationIssue,
};
pub use exchange::request::{Request, RequestBody};
pub use exchange::response::Response;
pub use exchange::style::Style;
pub use retry::RetryPolicy;
pub use transport::Transport;

/// The future a generated request builder turns into on `.await` (`IntoFuture`).
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// Re-exported so callers of [`ClientBuilder::http_client`] use the same version.
pub use reqwest;

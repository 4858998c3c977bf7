//! Runtime for the generated MongoDB Atlas Admin API v2 client (`atlas-admin-client`).
//!
//! The generated crate is a thin layer of typed operations and models; every
//! behaviour lives here and is tested on its own:
//!
//! - [`transport`]: [`Transport`] executes a [`Request`] — URL building, auth,
//!   envelope unwrapping, mapping non-2xx answers to [`Error`]s, retries and
//!   one `atlas.request` tracing span per call.
//! - [`builder`]: [`ClientBuilder`] configures a transport (base URL, credentials,
//!   timeouts, retry policy, body cap) and converts it into the generated `Client`.
//! - `auth` (private): HTTP Digest for API keys (cached nonce, shared `nc`
//!   counter), OAuth2 client credentials for service accounts (cached,
//!   single-flight token refresh, revocation) and static bearer tokens.
//! - [`retry`]: [`RetryPolicy`] and the rules for what may be re-sent: a POST or
//!   PATCH only on `429` or when the connection was never established.
//! - [`error`]: the one [`Error`] enum, Atlas error bodies ([`AtlasErrorBody`]),
//!   [`ApiError`], [`AuthError`] and [`ValidationErrors`].
//! - [`request`]: [`Request`], [`RequestBody`] and [`Response`].
//! - `envelope` (private): unwrapping of `?envelope=true` answers.
//! - `wire` (private): sending one HTTP exchange and reading the body under a size cap.
//! - [`path`]: percent-encoding of path parameters.
//! - [`validate`]: [`validate::Pattern`] (ECMAScript regexes with look-ahead),
//!   [`validate::Validator`] and the [`validate::Validate`] trait.
//! - [`de`]: helpers for deserializing polymorphic (`oneOf`) types.
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
//! req.query.push(("pretty", "true".into()));
//! let project: serde_json::Value = transport.execute(req).await?.json()?;
//! # let _ = project;
//! # Ok(())
//! # }
//! ```

mod auth;
pub mod builder;
pub mod de;
mod envelope;
pub mod error;
mod macros;
pub mod paginate;
pub mod path;
pub mod request;
pub mod retry;
pub mod transport;
pub mod validate;
mod wire;

pub use bytes::Bytes;
pub use http::{HeaderMap, Method, StatusCode};
pub use url::Url;

pub use builder::ClientBuilder;
pub use error::{
    ApiError, AtlasErrorBody, AuthError, Error, RateLimit, ValidationErrors, ValidationIssue,
};
pub use request::{Request, RequestBody, Response};
pub use retry::RetryPolicy;
pub use transport::Transport;

/// The future a generated request builder turns into on `.await` (`IntoFuture`).
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// Re-exported so callers of [`ClientBuilder::http_client`] use the same version.
pub use reqwest;

//! One HTTP exchange, below authentication and retries: the [`request::Request`] the generated
//! code describes, its parameters written in their OpenAPI style ([`style`]), its body
//! (JSON, form, text, bytes, [`multipart`]), the [`response::Response`] it gets back, the
//! request path ([`path`]: percent-encoded segments, joined onto the base URL), sending and
//! reading under a size cap (`wire`) and unwrapping `envelope=true` answers (`envelope`).
//!
//! Nothing here knows about credentials or retries: `auth` and `transport` build on it.

pub(crate) mod envelope;
#[cfg(feature = "multipart")]
pub mod multipart;
pub mod path;
pub mod request;
pub mod response;
pub mod style;
pub(crate) mod wire;

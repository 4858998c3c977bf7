//! One HTTP exchange, below authentication and retries: the [`request::Request`] the generated
//! code describes, the [`response::Response`] it gets back, the request path ([`path`]:
//! percent-encoded segments, joined onto the base URL), sending and reading under a size cap
//! (`wire`) and unwrapping `envelope=true` answers (`envelope`).
//!
//! Nothing here knows about credentials or retries: `auth` and `transport` build on it.

pub(crate) mod envelope;
pub mod path;
pub mod request;
pub mod response;
pub(crate) mod wire;

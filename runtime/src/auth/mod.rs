//! Authentication schemes: HTTP Digest (API keys), OAuth2 client credentials
//! (service accounts), static bearer tokens, or none.
//!
//! Secrets are held in [`Secret`], whose `Debug` is redacted; auth header
//! values are marked sensitive so `http`/`reqwest` never print them.

pub(crate) mod digest;
pub(crate) mod oauth;

use std::fmt;

use http::HeaderValue;

use crate::error::Error;

/// A string that never shows up in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Credentials as configured on the builder.
#[derive(Clone, Default)]
pub(crate) enum AuthConfig {
    #[default]
    None,
    /// Credentials are needed and none were given (the generated CLI, its environment empty):
    /// every call is refused once its arguments are checked, before anything is sent.
    /// Only the `cli` feature builds it.
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    Missing,
    Digest {
        public_key: Secret,
        private_key: Secret,
    },
    ServiceAccount {
        client_id: Secret,
        client_secret: Secret,
    },
    Bearer(Secret),
}

impl AuthConfig {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            AuthConfig::None => "none",
            AuthConfig::Missing => "missing",
            AuthConfig::Digest { .. } => "digest",
            AuthConfig::ServiceAccount { .. } => "service_account",
            AuthConfig::Bearer(_) => "bearer",
        }
    }
}

impl fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(<redacted>)", self.kind())
    }
}

/// Live auth state owned by a transport.
pub(crate) enum Auth {
    None,
    /// See [`AuthConfig::Missing`].
    Missing,
    Digest(digest::DigestAuth),
    ServiceAccount(Box<oauth::OAuth>),
    Bearer(HeaderValue),
}

impl Auth {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Auth::None => "none",
            Auth::Missing => "missing",
            Auth::Digest(_) => "digest",
            Auth::ServiceAccount(_) => "service_account",
            Auth::Bearer(_) => "bearer",
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(<redacted>)", self.kind())
    }
}

/// A sensitive header value (`Authorization`), or a config error that does not echo it.
pub(crate) fn sensitive_header(value: &str, what: &str) -> Result<HeaderValue, Error> {
    let mut v = HeaderValue::from_str(value).map_err(|_| {
        Error::Config(format!(
            "{what} contains characters not allowed in a header"
        ))
    })?;
    v.set_sensitive(true);
    Ok(v)
}

/// `Authorization: Bearer <token>`.
pub(crate) fn bearer_header(token: &str) -> Result<HeaderValue, Error> {
    sensitive_header(&format!("Bearer {token}"), "bearer token")
}

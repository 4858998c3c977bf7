//! Authentication schemes: HTTP Digest (API keys), OAuth2 client credentials
//! (service accounts), static bearer tokens, HTTP Basic, an API key in a header, the query or
//! a cookie (OpenAPI's `apiKey` scheme), or none.
//!
//! Secrets are held in [`Secret`], whose `Debug` is redacted; auth header
//! values are marked sensitive so `http`/`reqwest` never print them.

pub(crate) mod digest;
pub(crate) mod oauth;

use std::fmt;

use http::header::COOKIE;
use http::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

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
    Basic {
        username: Secret,
        password: Secret,
    },
    /// One or more keys (a requirement naming several `apiKey` schemes needs each).
    ApiKey(Vec<ApiKey>),
}

impl AuthConfig {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            AuthConfig::None => "none",
            AuthConfig::Missing => "missing",
            AuthConfig::Digest { .. } => "digest",
            AuthConfig::ServiceAccount { .. } => "service_account",
            AuthConfig::Bearer(_) => "bearer",
            AuthConfig::Basic { .. } => "basic",
            AuthConfig::ApiKey(_) => "api_key",
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
    Basic(HeaderValue),
    ApiKey(Vec<ApiKeyAuth>),
}

impl Auth {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Auth::None => "none",
            Auth::Missing => "missing",
            Auth::Digest(_) => "digest",
            Auth::ServiceAccount(_) => "service_account",
            Auth::Bearer(_) => "bearer",
            Auth::Basic(_) => "basic",
            Auth::ApiKey(_) => "api_key",
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

/// `Authorization: Basic <base64(username:password)>` (RFC 7617).
pub(crate) fn basic_header(username: &str, password: &str) -> Result<HeaderValue, Error> {
    use base64::Engine as _;
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
    sensitive_header(&format!("Basic {encoded}"), "basic credentials")
}

/// Where an API key is sent: the `in` of an OpenAPI `apiKey` security scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiKeyLocation {
    /// A request header named by the scheme (`in: header`).
    Header,
    /// A query parameter named by the scheme (`in: query`).
    Query,
    /// A cookie named by the scheme, in the request's `Cookie` header (`in: cookie`).
    Cookie,
}

impl ApiKeyLocation {
    /// What it is, in prose: `header`, `query parameter`, `cookie`.
    pub(crate) fn place(self) -> &'static str {
        match self {
            ApiKeyLocation::Header => "header",
            ApiKeyLocation::Query => "query parameter",
            ApiKeyLocation::Cookie => "cookie",
        }
    }
}

/// An API key and where it goes: an OpenAPI `apiKey` security scheme (`name`, `in`) with the
/// key. Its `Debug` shows the location and name, never the key. Set it on a client with
/// [`ClientBuilder::api_key`](crate::ClientBuilder::api_key); a generated crate has a
/// constructor for each `apiKey` scheme of its spec.
#[derive(Clone)]
pub struct ApiKey {
    location: ApiKeyLocation,
    name: String,
    key: Secret,
}

impl ApiKey {
    /// The key sent in header `name` (`X-API-Key: <key>`).
    pub fn header(name: impl Into<String>, key: impl Into<String>) -> Self {
        Self::new(ApiKeyLocation::Header, name, key)
    }

    /// The key sent as query parameter `name` (`?api_key=<key>`, percent-encoded).
    pub fn query(name: impl Into<String>, key: impl Into<String>) -> Self {
        Self::new(ApiKeyLocation::Query, name, key)
    }

    /// The key sent as cookie `name` (`Cookie: session=<key>`, after any cookie parameters).
    pub fn cookie(name: impl Into<String>, key: impl Into<String>) -> Self {
        Self::new(ApiKeyLocation::Cookie, name, key)
    }

    /// The key sent in `location` under `name`.
    pub fn new(location: ApiKeyLocation, name: impl Into<String>, key: impl Into<String>) -> Self {
        ApiKey {
            location,
            name: name.into(),
            key: Secret::new(key),
        }
    }

    /// Where the key is sent.
    pub fn location(&self) -> ApiKeyLocation {
        self.location
    }

    /// The header, query parameter or cookie name the key is sent under.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Checked once, when the client is built: an empty name or key, a header name that is not
    /// a token (RFC 9110) or is `Cookie`, a key a header cannot carry, or a cookie name or key
    /// with a separator (`;`, `,`, `=` in the name, white space) is an [`Error::Config`] that
    /// does not echo the key. `Authorization` is a header like another: PagerDuty's key is
    /// `ApiKey::header("Authorization", "Token token=…")`, sent as written.
    pub(crate) fn check(self) -> Result<ApiKeyAuth, Error> {
        let fail = |why: &str| Err(Error::Config(format!("API key `{}`: {why}", self.name)));
        if self.name.is_empty() {
            return Err(Error::Config("API key: the name must not be empty".into()));
        }
        if self.key.expose().is_empty() {
            return fail("the key must not be empty");
        }
        match self.location {
            ApiKeyLocation::Header => {
                let Ok(name) = HeaderName::from_bytes(self.name.as_bytes()) else {
                    return fail("not a valid header name");
                };
                if name == COOKIE {
                    // The cookie parameters' header: a cookie key is merged into it instead.
                    return fail("a key sent as a cookie is an ApiKey::cookie");
                }
                let value = sensitive_header(self.key.expose(), "the API key")?;
                Ok(ApiKeyAuth::Header(name, value))
            }
            ApiKeyLocation::Query => Ok(ApiKeyAuth::Query(self.name, self.key)),
            ApiKeyLocation::Cookie => {
                let separator = |c: char| c.is_whitespace() || c.is_control() || ";,".contains(c);
                if self.name.contains(separator) || self.name.contains('=') {
                    return fail("not a valid cookie name");
                }
                if self.key.expose().contains(separator) {
                    return fail("the key contains characters a cookie cannot carry");
                }
                // Validated as a header value here; merged with the cookie parameters per request.
                sensitive_header(self.key.expose(), "the API key")?;
                Ok(ApiKeyAuth::Cookie(format!(
                    "{}={}",
                    self.name,
                    self.key.expose()
                )))
            }
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey")
            .field("location", &self.location)
            .field("name", &self.name)
            .field("key", &self.key)
            .finish()
    }
}

/// A checked [`ApiKey`], ready to put on each request.
pub(crate) enum ApiKeyAuth {
    Header(HeaderName, HeaderValue),
    Query(String, Secret),
    /// `name=key`.
    Cookie(String),
}

impl ApiKeyAuth {
    /// Puts the key on one request's URL and headers.
    pub(crate) fn apply(&self, url: &mut Url, headers: &mut HeaderMap) -> Result<(), Error> {
        match self {
            ApiKeyAuth::Header(name, value) => {
                headers.insert(name.clone(), value.clone());
            }
            ApiKeyAuth::Query(name, key) => {
                url.query_pairs_mut().append_pair(name, key.expose());
            }
            ApiKeyAuth::Cookie(pair) => {
                let cookies = match headers.get(COOKIE).and_then(|v| v.to_str().ok()) {
                    Some(params) => format!("{params}; {pair}"),
                    None => pair.clone(),
                };
                headers.insert(COOKIE, sensitive_header(&cookies, "the Cookie header")?);
            }
        }
        Ok(())
    }
}

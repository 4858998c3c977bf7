//! [`ClientBuilder`]: configuration of a [`Transport`] (or of anything built from one).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;
use url::Url;

use super::retry::RetryPolicy;
use super::{Inner, Servers, Transport};
use crate::auth::{
    basic_header, bearer_header, digest::DigestAuth, oauth::OAuth, Auth, AuthConfig, Secret,
};
use crate::error::Error;
use crate::exchange::wire::Wire;

/// The Atlas production endpoint.
pub const DEFAULT_BASE_URL: &str = "https://cloud.mongodb.com";
/// Default cap on response bodies (32 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default timeout of one request attempt (send + whole body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// This crate's version.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Builds a [`Transport`] and converts it into `C` (the generated `Client`
/// implements `From<Transport>`), e.g.
/// `atlas_admin_client::Client::builder().digest_auth(pk, sk).build()?`.
pub struct ClientBuilder<C = Transport> {
    base_url: String,
    /// Spec server URL (without a trailing `/`) → the URL to send its operations to instead.
    server_urls: BTreeMap<String, String>,
    all_servers_to_base_url: bool,
    /// The servers the generated client's operations name (`None`: not said).
    operation_servers: Option<&'static [&'static str]>,
    allow_http: bool,
    auth: AuthConfig,
    user_agent: Option<String>,
    default_user_agent: Option<String>,
    connect_timeout: Duration,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    allow_unknown_enum_values: bool,
    http_client: Option<reqwest::Client>,
    _marker: PhantomData<fn() -> C>,
}

impl<C: From<Transport>> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("server_urls", &self.server_urls)
            .field("all_servers_to_base_url", &self.all_servers_to_base_url)
            .field("allow_http", &self.allow_http)
            .field("auth", &self.auth)
            .field("user_agent", &self.user_agent)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_unknown_enum_values", &self.allow_unknown_enum_values)
            .field("custom_http_client", &self.http_client.is_some())
            .finish()
    }
}

impl Transport {
    /// A builder for a bare transport.
    pub fn builder() -> ClientBuilder<Transport> {
        ClientBuilder::new()
    }
}

impl<C: From<Transport>> ClientBuilder<C> {
    /// Defaults: production base URL, no auth, default retry policy, 32 MiB body cap.
    pub fn new() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            server_urls: BTreeMap::new(),
            all_servers_to_base_url: false,
            operation_servers: None,
            allow_http: false,
            auth: AuthConfig::None,
            user_agent: None,
            default_user_agent: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: Some(DEFAULT_TIMEOUT),
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_unknown_enum_values: false,
            http_client: None,
            _marker: PhantomData,
        }
    }

    /// Base URL (validated in [`build`](Self::build)); a path prefix is kept. Every operation
    /// goes to it, except those whose spec names a server of their own
    /// ([`Request::server`](crate::Request::server): an operation- or path-level `servers`
    /// entry, such as Box's uploads at `https://upload.box.com/api/2.0`), which go to that
    /// server (see [`server_url`](Self::server_url) and
    /// [`all_servers_to_base_url`](Self::all_servers_to_base_url) to redirect them).
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = url.as_ref().to_owned();
        self
    }

    /// Send the operations whose spec names the server `spec_url` (with its `{variables}` at
    /// their defaults, as the generated client's `builder()` docs list them, e.g.
    /// `https://upload.box.com/api/2.0`; a trailing `/` is ignored) to `url` instead: their
    /// paths are joined to `url` as to a base URL (a path prefix is kept). Calling it again for
    /// the same `spec_url` replaces the earlier `url`.
    ///
    /// [`build`](Self::build) validates `url` by the rules of [`base_url`](Self::base_url)
    /// (absolute `https://`, or `http://` with [`allow_http`](Self::allow_http); a host; no
    /// credentials, query or fragment) and, for a generated client, refuses a `spec_url` none
    /// of its operations names (a typo would otherwise go unnoticed) — the document's own
    /// server is the base URL, set with [`base_url`](Self::base_url).
    /// [`all_servers_to_base_url`](Self::all_servers_to_base_url) takes precedence.
    pub fn server_url(mut self, spec_url: impl AsRef<str>, url: impl AsRef<str>) -> Self {
        self.server_urls.insert(
            spec_url.as_ref().trim_end_matches('/').to_owned(),
            url.as_ref().to_owned(),
        );
        self
    }

    /// With `true`, every operation goes to the base URL, whatever server its spec names
    /// (ignoring [`server_url`](Self::server_url)): for a test server or a proxy that answers
    /// the whole API on one host. The typed mock's client builder
    /// ([`MockServer::client_builder`](crate::mock::MockServer::client_builder), feature
    /// `mock`) sets it. Default `false`: each operation goes to its own server.
    pub fn all_servers_to_base_url(mut self, yes: bool) -> Self {
        self.all_servers_to_base_url = yes;
        self
    }

    /// The servers the client's operations name of their own (their spec URLs, as in
    /// [`Request::server`](crate::Request::server)), so that [`build`](Self::build) checks
    /// them once and refuses a [`server_url`](Self::server_url) for any other. Meant for the
    /// generated crate (its `builder()` sets it when some operation has a server of its own).
    pub fn operation_servers(mut self, servers: &'static [&'static str]) -> Self {
        self.operation_servers = Some(servers);
        self
    }

    /// Permit plain `http://` URLs: the base URL, [`server_url`](Self::server_url)
    /// replacements and operation servers (refused by default).
    pub fn allow_http(mut self, yes: bool) -> Self {
        self.allow_http = yes;
        self
    }

    /// Programmatic API key (HTTP Digest).
    pub fn digest_auth(
        mut self,
        public_key: impl Into<String>,
        private_key: impl Into<String>,
    ) -> Self {
        self.auth = AuthConfig::Digest {
            public_key: Secret::new(public_key),
            private_key: Secret::new(private_key),
        };
        self
    }

    /// Service account (OAuth2 client credentials).
    pub fn service_account(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.auth = AuthConfig::ServiceAccount {
            client_id: Secret::new(client_id),
            client_secret: Secret::new(client_secret),
        };
        self
    }

    /// A static bearer token.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.auth = AuthConfig::Bearer(Secret::new(token));
        self
    }

    /// HTTP Basic (RFC 7617; OpenAPI's `http` scheme `basic`): `Authorization: Basic
    /// <base64(username:password)>` on every request whose spec does not say `security: []`.
    /// An empty username is refused by [`build`](Self::build).
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth = AuthConfig::Basic {
            username: Secret::new(username),
            password: Secret::new(password),
        };
        self
    }

    /// An API key (OpenAPI's `apiKey` scheme) in a header, the query or a cookie, on every
    /// request whose spec does not say `security: []`. Called again, it adds a key: a spec
    /// whose requirement names several `apiKey` schemes at once (Plaid's client id and secret
    /// headers) needs each. It replaces any other kind of credentials set before.
    /// [`build`](Self::build) refuses an empty name or key, one its location cannot carry (see
    /// [`ApiKey`](crate::ApiKey)), or two keys with the same location and name.
    pub fn api_key(mut self, key: crate::ApiKey) -> Self {
        match &mut self.auth {
            AuthConfig::ApiKey(keys) => keys.push(key),
            _ => self.auth = AuthConfig::ApiKey(vec![key]),
        }
        self
    }

    /// No authentication (the default).
    pub fn no_auth(mut self) -> Self {
        self.auth = AuthConfig::None;
        self
    }

    /// Credentials are needed and there are none: each call checks its arguments, then fails
    /// with [`Error::Auth`] ([`crate::error::NO_CREDENTIALS`]) without sending anything. For
    /// the generated command line, so that an invalid argument is reported as such first.
    #[cfg(feature = "cli")]
    pub(crate) fn missing_credentials(mut self) -> Self {
        self.auth = AuthConfig::Missing;
        self
    }

    /// Replace the whole User-Agent.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Default User-Agent `"<name>/<version> (atlas-admin-runtime/<runtime version>)"`,
    /// used unless [`user_agent`](Self::user_agent) is set. Meant for the generated crate.
    pub fn default_user_agent(mut self, name: impl AsRef<str>, version: impl AsRef<str>) -> Self {
        self.default_user_agent = Some(format!(
            "{}/{} (atlas-admin-runtime/{RUNTIME_VERSION})",
            name.as_ref(),
            version.as_ref()
        ));
        self
    }

    /// Connect timeout (ignored with a custom [`http_client`](Self::http_client)).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Timeout of one request attempt, including reading the body.
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = Some(d);
        self
    }

    /// Retry policy ([`RetryPolicy::none`] disables retries).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Cap on a response body; a larger one fails with [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// Send enum values the client does not know (the `Unknown(…)` variant of a generated
    /// enum, e.g. a region Atlas added after the client was generated) as written, instead of
    /// refusing them before sending (the default, which catches typos): request validation
    /// then skips its `enum` rule. Every other rule still applies, and the server still
    /// decides whether it knows the value.
    pub fn allow_unknown_enum_values(mut self, yes: bool) -> Self {
        self.allow_unknown_enum_values = yes;
        self
    }

    /// Use this `reqwest` client (its own connect timeout, TLS and proxy settings apply; it
    /// should not follow redirects). Start it from [`http_client_builder`]: `reqwest` is built
    /// here without a bundled TLS crypto provider, and a `reqwest::Client::builder().build()`
    /// made before any client of this crate panics ("No rustls crypto provider is
    /// configured").
    pub fn http_client(mut self, c: reqwest::Client) -> Self {
        self.http_client = Some(c);
        self
    }

    /// Validate the configuration and build.
    ///
    /// # Errors
    /// [`Error::Config`] for a missing or invalid base URL or [`server_url`](Self::server_url)
    /// replacement (see there), a `server_url` for a server no operation names, invalid
    /// credentials or user agent, or an HTTP client that cannot be built.
    pub fn build(self) -> Result<C, Error> {
        let base = parse_base_url(&self.base_url, self.allow_http)?;
        let servers = self.servers()?;
        let ua = self
            .user_agent
            .or(self.default_user_agent)
            .unwrap_or_else(|| format!("atlas-admin-runtime/{RUNTIME_VERSION}"));
        let user_agent = HeaderValue::from_str(&ua)
            .map_err(|_| Error::Config("user agent contains invalid characters".into()))?;
        let auth = match self.auth {
            AuthConfig::None => Auth::None,
            AuthConfig::Missing => Auth::Missing,
            AuthConfig::Digest {
                public_key,
                private_key,
            } => {
                if public_key.expose().is_empty() || private_key.expose().is_empty() {
                    return Err(Error::Config("digest auth keys must not be empty".into()));
                }
                Auth::Digest(DigestAuth::new(public_key, private_key))
            }
            AuthConfig::ServiceAccount {
                client_id,
                client_secret,
            } => {
                if client_id.expose().is_empty() || client_secret.expose().is_empty() {
                    return Err(Error::Config(
                        "service account id and secret must not be empty".into(),
                    ));
                }
                Auth::ServiceAccount(Box::new(OAuth::new(client_id, client_secret, &base)?))
            }
            AuthConfig::Bearer(token) => {
                if token.expose().is_empty() {
                    return Err(Error::Config("bearer token must not be empty".into()));
                }
                Auth::Bearer(bearer_header(token.expose())?)
            }
            AuthConfig::Basic { username, password } => {
                if username.expose().is_empty() {
                    return Err(Error::Config(
                        "basic auth username must not be empty".into(),
                    ));
                }
                if username.expose().contains(':') {
                    // RFC 7617: the first colon separates the user-id from the password.
                    return Err(Error::Config(
                        "basic auth username must not contain `:`".into(),
                    ));
                }
                Auth::Basic(basic_header(username.expose(), password.expose())?)
            }
            AuthConfig::ApiKey(keys) => {
                let mut seen = std::collections::HashSet::new();
                for key in &keys {
                    // Header names are case-insensitive.
                    let name = match key.location() {
                        crate::ApiKeyLocation::Header => key.name().to_ascii_lowercase(),
                        _ => key.name().to_string(),
                    };
                    if !seen.insert((key.location(), name)) {
                        return Err(Error::Config(format!(
                            "API key `{}`: two keys for the same {}",
                            key.name(),
                            key.location().place()
                        )));
                    }
                }
                Auth::ApiKey(
                    keys.into_iter()
                        .map(crate::ApiKey::check)
                        .collect::<Result<_, _>>()?,
                )
            }
        };
        // A client built here carries the request timeout itself (cheaper per request than
        // reqwest's per-request timeout, which lives in each request's extensions); a
        // caller's client gets it set on every request instead.
        let timeout_in_client = self.http_client.is_none();
        let client = match self.http_client {
            Some(c) => c,
            None => default_http_client(self.connect_timeout, self.timeout)?,
        };
        let transport = Transport {
            inner: Arc::new(Inner {
                wire: Wire {
                    client,
                    user_agent,
                    timeout: self.timeout,
                    timeout_in_client,
                    max_response_bytes: self.max_response_bytes,
                },
                base,
                servers,
                auth,
                retry: self.retry,
                allow_unknown_enum_values: self.allow_unknown_enum_values,
            }),
        };
        Ok(C::from(transport))
    }
}

impl<C> ClientBuilder<C> {
    /// Where operation servers go: the replacements validated, the operations' own servers
    /// parsed once (one that is not a valid URL by the base URL's rules is left out, and
    /// refused when an operation naming it is sent).
    fn servers(&self) -> Result<Servers, Error> {
        let mut map = BTreeMap::new();
        for spec in self.operation_servers.unwrap_or_default() {
            if let Ok(url) = parse_url(spec, self.allow_http, "server URL") {
                map.insert(spec.trim_end_matches('/').to_owned(), url);
            }
        }
        for (spec, raw) in &self.server_urls {
            if let Some(known) = self.operation_servers {
                if !known.iter().any(|k| k.trim_end_matches('/') == spec) {
                    let list = known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let list = if list.is_empty() {
                        "none".to_owned()
                    } else {
                        list
                    };
                    return Err(Error::Config(format!(
                        "server_url: no operation of this API names the server `{spec}` (those \
                         that do: {list}); the base URL is set on its own (`base_url`; \
                         `--base-url` in a generated command line)"
                    )));
                }
            }
            let what = format!("server_url replacement for `{spec}`");
            map.insert(spec.clone(), parse_url(raw, self.allow_http, &what)?);
        }
        Ok(Servers {
            to_base: self.all_servers_to_base_url,
            allow_http: self.allow_http,
            map,
        })
    }
}

fn parse_base_url(raw: &str, allow_http: bool) -> Result<Url, Error> {
    if raw.is_empty() {
        // A client generated from a spec that names no absolute server URL has no default.
        return Err(Error::Config(
            "no base URL: set one with base_url(\"https://…\") (the API's spec names no \
             absolute server URL)"
                .into(),
        ));
    }
    parse_url(raw, allow_http, "base URL")
}

/// `raw` as a URL requests can be sent to: `https://` (or `http://` with `allow_http`), with a
/// host, without credentials, query or fragment; errors name it `what` (never echo `raw`,
/// which might contain userinfo).
pub(crate) fn parse_url(raw: &str, allow_http: bool, what: &str) -> Result<Url, Error> {
    let url = Url::parse(raw).map_err(|e| Error::Config(format!("invalid {what}: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => {
            return Err(Error::Config(format!(
                "plain http:// {what} refused; use https:// or allow_http(true)"
            )))
        }
        other => {
            return Err(Error::Config(format!(
                "unsupported URL scheme {other:?} in {what}"
            )))
        }
    }
    if url.host().is_none() {
        return Err(Error::Config(format!("{what} has no host")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(format!(
            "{what} must not contain credentials"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "{what} must not have a query or fragment"
        )));
    }
    Ok(url)
}

fn default_http_client(
    connect_timeout: Duration,
    timeout: Option<Duration>,
) -> Result<reqwest::Client, Error> {
    let mut builder = http_client_builder().connect_timeout(connect_timeout);
    if let Some(t) = timeout {
        builder = builder.timeout(t);
    }
    builder
        .build()
        .map_err(|e| Error::Config(format!("cannot build HTTP client: {e}")))
}

/// A `reqwest::ClientBuilder` to configure and pass to [`ClientBuilder::http_client`] (default
/// headers, a proxy, a client certificate): redirects are not followed, as the transport
/// expects, and the `ring` TLS crypto provider is installed as the process default unless one
/// already is (`reqwest` is built here without a bundled provider, so a client built without
/// one panics).
pub fn http_client_builder() -> reqwest::ClientBuilder {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race against another installer is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(b: ClientBuilder) -> String {
        match b.build() {
            Err(Error::Config(m)) => m,
            Err(e) => panic!("unexpected error {e}"),
            Ok(_) => panic!("expected a config error"),
        }
    }

    #[test]
    fn base_url_rules() {
        assert!(err(ClientBuilder::new().base_url("http://127.0.0.1:1")).contains("allow_http"));
        ClientBuilder::<Transport>::new()
            .base_url("http://127.0.0.1:1")
            .allow_http(true)
            .build()
            .unwrap();
        assert!(err(ClientBuilder::new().base_url("ftp://x")).contains("scheme"));
        assert!(err(ClientBuilder::new().base_url("not a url")).contains("invalid base URL"));
        assert!(err(ClientBuilder::new().base_url("")).starts_with("no base URL: set one"));
        let m = err(ClientBuilder::new().base_url("https://user:hunter2@example.com"));
        assert!(!m.contains("hunter2"), "{m}");
        assert!(err(ClientBuilder::new().base_url("https://x.com/?a=1")).contains("query"));
        let t = ClientBuilder::<Transport>::new().build().unwrap();
        assert_eq!(t.base_url().as_str(), "https://cloud.mongodb.com/");
    }

    #[test]
    fn empty_credentials_refused() {
        err(ClientBuilder::new().digest_auth("", "x"));
        err(ClientBuilder::new().service_account("id", ""));
        err(ClientBuilder::new().bearer_token(""));
        let m = err(ClientBuilder::new().bearer_token("bad\ntoken-s3cr3t"));
        assert!(!m.contains("s3cr3t"));
    }
}

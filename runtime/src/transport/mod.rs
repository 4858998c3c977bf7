//! Sending API calls: [`Transport`] executes [`Request`]s with authentication, envelope
//! unwrapping, error classification, retries ([`retry`]) and tracing; [`builder`] configures
//! one.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::header::{HeaderName, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use tracing::{field, Instrument};
use url::Url;

use crate::auth::oauth::OAuth;
use crate::auth::{bearer_header, digest, ApiKeyAuth, Auth};
use crate::error::{AuthError, Error, ValidationErrors, ValidationIssue};
use crate::exchange::envelope;
use crate::exchange::path::endpoint;
use crate::exchange::request::Request;
use crate::exchange::response::Response;
use crate::exchange::wire::{RawResponse, Wire};

pub mod builder;
pub mod retry;

use retry::RetryPolicy;

/// Executes API requests. Cheap to clone (an `Arc` inside).
#[derive(Clone)]
pub struct Transport {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) wire: Wire,
    pub(crate) base: Url,
    pub(crate) servers: Servers,
    pub(crate) auth: Auth,
    pub(crate) retry: RetryPolicy,
    pub(crate) allow_unknown_enum_values: bool,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base.as_str())
            .field("all_servers_to_base_url", &self.inner.servers.to_base)
            .field(
                "servers",
                &self
                    .inner
                    .servers
                    .map
                    .iter()
                    .map(|(spec, url)| (spec.as_str(), url.as_str()))
                    .collect::<BTreeMap<_, _>>(),
            )
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.wire.timeout)
            .field("max_response_bytes", &self.inner.wire.max_response_bytes)
            .field(
                "allow_unknown_enum_values",
                &self.inner.allow_unknown_enum_values,
            )
            .finish()
    }
}

/// Where the operations that name a server of their own ([`Request::server`]) go.
#[derive(Debug)]
pub(crate) struct Servers {
    /// Every one to the base URL ([`builder::ClientBuilder::all_servers_to_base_url`]).
    pub(crate) to_base: bool,
    /// Whether a plain `http://` server is allowed.
    pub(crate) allow_http: bool,
    /// Spec URL (without a trailing `/`) → where its operations go: a replacement, or the
    /// spec URL itself parsed once.
    pub(crate) map: BTreeMap<String, Url>,
}

/// One prepared request.
struct Prepared<'r> {
    req: &'r Request,
    /// The URL and non-auth headers, built (and checked) once; the first attempt takes them
    /// and a later one builds them again, so the common single attempt copies neither.
    first: Option<(Url, HeaderMap)>,
}

/// The request-target exactly as sent (path and query): what the Digest `uri` covers.
fn target(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}

/// What to do after a failed attempt.
enum Next {
    Stop,
    RetryAfter(Duration),
}

impl Transport {
    /// The configured base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The URL the path of an operation is joined to: the base URL for `None` (an operation
    /// without a server of its own), else where the spec server `server` goes — the base URL
    /// with [`ClientBuilder::all_servers_to_base_url`], the replacement
    /// [`ClientBuilder::server_url`] set, or `server` itself (its spec URL, see
    /// [`Request::server`]).
    ///
    /// [`ClientBuilder::all_servers_to_base_url`]: builder::ClientBuilder::all_servers_to_base_url
    /// [`ClientBuilder::server_url`]: builder::ClientBuilder::server_url
    ///
    /// # Errors
    /// [`Error::Config`] when `server` (not replaced) is not a URL requests can be sent to
    /// by the base URL's rules (e.g. plain `http://` without `allow_http(true)`).
    pub fn server_base(&self, server: Option<&str>) -> Result<Cow<'_, Url>, Error> {
        let servers = &self.inner.servers;
        let Some(server) = server.filter(|_| !servers.to_base) else {
            return Ok(Cow::Borrowed(&self.inner.base));
        };
        match servers.map.get(server.trim_end_matches('/')) {
            Some(url) => Ok(Cow::Borrowed(url)),
            None => builder::parse_url(
                server,
                servers.allow_http,
                &format!("operation server `{server}`"),
            )
            .map(Cow::Owned),
        }
    }

    /// Whether enum values the client does not know are sent as written
    /// ([`ClientBuilder::allow_unknown_enum_values`](crate::ClientBuilder::allow_unknown_enum_values)) rather than refused.
    pub fn allows_unknown_enum_values(&self) -> bool {
        self.inner.allow_unknown_enum_values
    }

    /// Service accounts only: revoke the cached access token
    /// (`POST {base}/api/oauth/revoke`) and clear the cache. A no-op for other
    /// auth schemes or when no token is cached.
    pub async fn revoke_token(&self) -> Result<(), Error> {
        match &self.inner.auth {
            Auth::ServiceAccount(o) => o.revoke(&self.inner.wire).await,
            _ => Ok(()),
        }
    }

    /// Execute a request: authenticate, unwrap the envelope, map non-2xx to
    /// errors and retry according to the [`RetryPolicy`].
    pub async fn execute(&self, req: Request) -> Result<Response, Error> {
        let span = tracing::info_span!(
            "atlas.request",
            operation_id = req.operation_id,
            method = %req.method,
            path_template = req.path_template,
            status = field::Empty,
            latency_ms = field::Empty,
            attempt = field::Empty,
        );
        if span.is_disabled() {
            // No subscriber wants it: skip the per-poll enter/exit and the span's bookkeeping.
            return self.run_attempts(&req, &span).await;
        }
        self.execute_in_span(&req, &span)
            .instrument(span.clone())
            .await
    }

    async fn execute_in_span(
        &self,
        req: &Request,
        span: &tracing::Span,
    ) -> Result<Response, Error> {
        let started = Instant::now();
        let result = self.run_attempts(req, span).await;
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        match &result {
            Ok(r) => {
                span.record("status", r.status().as_u16());
                tracing::debug!("request succeeded");
            }
            Err(e) => {
                if let Some(s) = e.status() {
                    span.record("status", s.as_u16());
                }
                tracing::debug!(error = %e, "request failed");
            }
        }
        result
    }

    /// Prepare `req` (refused whole if any part is invalid), then run the attempts.
    async fn run_attempts(&self, req: &Request, span: &tracing::Span) -> Result<Response, Error> {
        let p = &mut self.prepare(req)?;
        let policy = &self.inner.retry;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let outcome = self.attempt(p).await;
            let next = match &outcome {
                Ok(_) => Next::Stop,
                Err(_) if attempt > policy.max_retries => Next::Stop,
                Err(err) => self.next_step(p.req, err, attempt),
            };
            match next {
                Next::Stop => {
                    span.record("attempt", attempt);
                    return outcome;
                }
                Next::RetryAfter(delay) => {
                    if let Err(err) = &outcome {
                        tracing::info!(
                            attempt,
                            delay_ms = delay.as_millis() as u64,
                            error = %err,
                            "retrying request"
                        );
                    }
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    fn next_step(&self, req: &Request, err: &Error, attempt: u32) -> Next {
        let policy = &self.inner.retry;
        let method = &req.method;
        match err {
            Error::Api(e) if retry::status_retryable(method, e.status) => match e.retry_after {
                Some(d) if d > policy.max_retry_after => Next::Stop,
                Some(d) => Next::RetryAfter(d),
                None => Next::RetryAfter(policy.backoff(attempt - 1)),
            },
            Error::Timeout { connect, .. } | Error::Transport { connect, .. }
                if retry::transport_retryable(method, *connect) =>
            {
                Next::RetryAfter(policy.backoff(attempt - 1))
            }
            _ => Next::Stop,
        }
    }

    async fn attempt(&self, p: &mut Prepared<'_>) -> Result<Response, Error> {
        // The spec says `security: []`: nothing of the credentials goes out.
        let auth = if p.req.anonymous {
            &Auth::None
        } else {
            &self.inner.auth
        };
        let raw = match auth {
            Auth::None => self.send(p, None).await?,
            // Nothing is sent; an `Error::Auth` is never retried.
            Auth::Missing => return Err(AuthError::new(crate::error::NO_CREDENTIALS).into()),
            Auth::Bearer(h) | Auth::Basic(h) => self.send(p, Some(h.clone())).await?,
            Auth::ApiKey(keys) => self.send_with(p, None, keys).await?,
            Auth::Digest(d) => self.send_digest(p, d).await?,
            Auth::ServiceAccount(o) => self.send_oauth(p, o).await?,
        };
        classify(p.req, raw, auth)
    }

    async fn send_digest(
        &self,
        p: &mut Prepared<'_>,
        d: &digest::DigestAuth,
    ) -> Result<RawResponse, Error> {
        /// Answers refused as stale that are answered again, per call.
        const MAX_STALE_RETRIES: u32 = 2;
        let req = p.req;
        let body = req.body.as_ref().map(|b| &b.bytes[..]);
        let target = {
            let parts = self.parts(p)?;
            let target = target(&parts.0);
            p.first = Some(parts);
            target
        };
        // On a fresh client one call fetches the challenge; parallel calls wait for it.
        let digest::Start {
            mut challenge,
            mut exclusive,
            mut first,
        } = d.start().await;
        let preemptive = challenge.is_some();
        // The shared challenge this call was refused with as stale, which the nonce it
        // answers next may replace.
        let mut refused: Option<Arc<digest::Challenge>> = None;
        let mut answered = 0;
        loop {
            let answer = match &challenge {
                Some(ch) => Some(d.authorize(ch, &req.method, &target, body)?),
                None => None,
            };
            let raw = self
                .send(p, answer.as_ref().map(|(header, _)| header.clone()))
                .await?;
            let used = challenge.take().zip(answer.map(|(_, nc)| nc));
            if raw.status != StatusCode::UNAUTHORIZED {
                if let Some((ch, nc)) = used {
                    d.accepted(&ch, nc);
                    if exclusive {
                        d.release(ch, refused.as_ref());
                    }
                }
                return Ok(raw);
            }
            let Some(parsed) = digest::parse_challenge(&raw.headers) else {
                return Ok(raw);
            };
            let Some((used, nc)) = used else {
                tracing::debug!("digest challenge received");
                challenge = Some(if exclusive {
                    d.challenge(parsed)
                } else {
                    d.store(parsed)
                });
                // The challenge is cached: calls waiting for it may go ahead.
                first.take();
                continue;
            };
            answered += 1;
            if parsed.stale {
                // The nonce expired, or a higher count on it reached a strict server first.
                // Answer the nonce of this very 401, which no other call answers until this
                // one is done, so its count cannot be overtaken.
                d.refused(&used, nc);
                if answered > MAX_STALE_RETRIES {
                    return Ok(raw);
                }
                tracing::debug!("digest nonce refused as stale, answering the new challenge");
                if !exclusive {
                    refused = Some(used);
                }
                challenge = Some(d.challenge(parsed));
                exclusive = true;
                continue;
            }
            // A pre-emptive answer may also have used a nonce the server since replaced
            // (without `stale=true`): one more try with the new one. The same nonce coming
            // back means the credentials are wrong.
            let fresh = if exclusive {
                d.challenge(parsed)
            } else {
                d.store(parsed)
            };
            if answered == 1 && preemptive && !Arc::ptr_eq(&used, &fresh) {
                tracing::debug!("digest nonce replaced, answering the new challenge");
                challenge = Some(fresh);
                continue;
            }
            return Ok(raw);
        }
    }

    async fn send_oauth(&self, p: &mut Prepared<'_>, o: &OAuth) -> Result<RawResponse, Error> {
        let (token, fresh) = o.token(&self.inner.wire).await?;
        let auth = bearer_header(token.expose())?;
        {
            let raw = self.send(p, Some(auth)).await?;
            if raw.status != StatusCode::UNAUTHORIZED || fresh {
                return Ok(raw);
            }
        }
        tracing::debug!("cached access token rejected, refreshing");
        o.invalidate(&token);
        let (token, _) = o.token(&self.inner.wire).await?;
        let auth = bearer_header(token.expose())?;
        self.send(p, Some(auth)).await
    }

    /// One HTTP exchange, envelope unwrapped.
    async fn send(
        &self,
        p: &mut Prepared<'_>,
        auth: Option<HeaderValue>,
    ) -> Result<RawResponse, Error> {
        self.send_with(p, auth, &[]).await
    }

    /// [`Transport::send`], with `auth` as the `Authorization` header and each of `api_keys`
    /// put where its scheme says.
    async fn send_with(
        &self,
        p: &mut Prepared<'_>,
        auth: Option<HeaderValue>,
        api_keys: &[ApiKeyAuth],
    ) -> Result<RawResponse, Error> {
        let req = p.req;
        // Built in a block so that none of it is kept in this future while the exchange runs.
        let exchange = {
            let (mut url, mut headers) = self.parts(p)?;
            if let Some(a) = auth {
                headers.insert(AUTHORIZATION, a);
            }
            for key in api_keys {
                key.apply(&mut url, &mut headers)?;
            }
            let mut request = reqwest::Request::new(req.method.clone(), url);
            if let Some(b) = &req.body {
                *request.body_mut() = Some(b.bytes.clone().into());
            }
            self.inner.wire.execute(request, headers)
        };
        let mut raw = exchange.await?;
        if req.wants_envelope() {
            let body = std::mem::take(&mut raw.body);
            (raw.status, raw.body) = envelope::unwrap(raw.status, body);
        }
        Ok(raw)
    }

    fn prepare<'r>(&self, req: &'r Request) -> Result<Prepared<'r>, Error> {
        Ok(Prepared {
            req,
            first: Some(self.build_parts(req)?),
        })
    }

    /// URL and non-auth headers for the next attempt: those [`Transport::prepare`] checked
    /// for the first one, the same built again for a later one.
    fn parts(&self, p: &mut Prepared<'_>) -> Result<(Url, HeaderMap), Error> {
        match p.first.take() {
            Some(parts) => Ok(parts),
            None => self.build_parts(p.req),
        }
    }

    /// URL and non-auth headers of `req`, or every problem found with them (an unusable
    /// operation server is a configuration error).
    fn build_parts(&self, req: &Request) -> Result<(Url, HeaderMap), Error> {
        let base = self.server_base(req.server)?;
        let mut issues = Vec::new();
        let headers = request_headers(req, &mut issues);
        let url = self.url_for(&base, req, &mut issues);
        match url {
            Some(url) if issues.is_empty() => Ok((url, headers)),
            _ => Err(Error::Validation(ValidationErrors { issues })),
        }
    }

    fn url_for(&self, base: &Url, req: &Request, issues: &mut Vec<ValidationIssue>) -> Option<Url> {
        let mut url = match endpoint(base, &req.path) {
            Ok(u) => u,
            Err(_) => {
                issues.push(issue(
                    "path",
                    "path",
                    &format!(
                        "path `{}` (template `{}`) cannot be sent unchanged: {}",
                        req.path,
                        req.path_template,
                        unsendable(&req.path)
                    ),
                ));
                return None;
            }
        };
        if !req.query.is_empty() {
            // Already percent-encoded by `Request::query`.
            url.set_query(Some(&req.query));
        }
        Some(url)
    }
}

/// Why URL parsing would change `path` (which [`endpoint`] refused): the first character it
/// would percent-encode or read as a delimiter, else the dot segment it would remove.
fn unsendable(path: &str) -> String {
    let bad = path.chars().find(|&c| {
        c.is_control()
            || !c.is_ascii()
            || matches!(
                c,
                ' ' | '"' | '#' | '<' | '>' | '?' | '`' | '{' | '}' | '\\'
            )
    });
    match bad {
        Some('#') => "`#` would start a fragment (never sent)".to_owned(),
        Some('?') => "`?` would start the query string".to_owned(),
        Some(c) => format!("the character {c:?} would be percent-encoded"),
        None => match path.split('/').find(|s| {
            matches!(
                s.to_ascii_lowercase().replace("%2e", ".").as_str(),
                "." | ".."
            )
        }) {
            Some(segment) => format!("the dot segment `{segment}` would be removed"),
            None => "URL parsing would rewrite it".to_owned(),
        },
    }
}

/// A header value from a `'static` string without copying it, if it is a valid value.
fn static_value(s: &'static str) -> Option<HeaderValue> {
    HeaderValue::from_maybe_shared(bytes::Bytes::from_static(s.as_bytes())).ok()
}

/// Accept, Content-Type and header parameters of a request; problems go to `issues`.
fn request_headers(req: &Request, issues: &mut Vec<ValidationIssue>) -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(4 + req.headers.len());
    match static_value(req.accept) {
        Some(v) => {
            headers.insert(ACCEPT, v);
        }
        None => issues.push(issue("Accept", "header", "invalid Accept value")),
    }
    if let Some(b) = &req.body {
        let value = match &b.content_type {
            std::borrow::Cow::Borrowed(s) => static_value(s),
            std::borrow::Cow::Owned(s) => HeaderValue::from_str(s).ok(),
        };
        match value {
            Some(v) => {
                headers.insert(CONTENT_TYPE, v);
            }
            None => issues.push(issue(
                "Content-Type",
                "header",
                "invalid Content-Type value",
            )),
        }
    }
    for (name, value) in &req.headers {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) if n != AUTHORIZATION => {
                headers.append(n, v);
            }
            _ => issues.push(issue(name, "header", "invalid header parameter")),
        }
    }
    headers
}

fn issue(field: &str, rule: &'static str, message: &str) -> ValidationIssue {
    ValidationIssue {
        field: field.to_owned(),
        rule,
        message: message.to_owned(),
    }
}

fn classify(req: &Request, raw: RawResponse, auth: &Auth) -> Result<Response, Error> {
    let operation_id = req.operation_id;
    if raw.status.is_success() {
        return Ok(Response::new(raw.status, raw.headers, raw.body));
    }
    if raw.status == StatusCode::UNAUTHORIZED {
        let message = match auth {
            _ if req.anonymous => {
                "the server requires authentication; this operation is sent without \
                 credentials (its spec says `security: []`)"
            }
            Auth::None | Auth::Missing => {
                "the server requires authentication and none is configured"
            }
            _ => "the server rejected the credentials",
        };
        return Err(AuthError::refused(message, raw.into_api_error(operation_id)).into());
    }
    Err(raw.into_api_error(operation_id).into())
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use http::Method;

    use crate::error::Error;
    use crate::exchange::request::Request;
    use crate::transport::Transport;

    /// Each request's path and `Authorization` header, as received.
    type Log = Arc<Mutex<Vec<(String, Option<String>)>>>;

    /// Without credentials (the generated CLI, its environment empty) an anonymous request is
    /// still sent, without `Authorization`; any other is refused before sending.
    #[tokio::test]
    async fn missing_credentials_refuse_only_requests_that_need_them() {
        let seen: Log = Arc::default();
        let log = seen.clone();
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let log = log.clone();
            async move {
                let auth = req
                    .headers()
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                log.lock()
                    .unwrap()
                    .push((req.uri().path().to_owned(), auth));
                ""
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let t = Transport::builder()
            .base_url(format!("http://{addr}"))
            .allow_http(true)
            .missing_credentials()
            .build()
            .unwrap();
        let req = |path| Request::new("op", Method::POST, "/t", path, "application/json");
        t.execute(req("/oauth2/token").anonymous()).await.unwrap();
        let err = t.execute(req("/files")).await.unwrap_err();
        assert!(
            matches!(&err, Error::Auth(e) if e.message == crate::error::NO_CREDENTIALS),
            "{err:?}"
        );
        assert_eq!(*seen.lock().unwrap(), [("/oauth2/token".to_owned(), None)]);
        server.abort();
    }
}

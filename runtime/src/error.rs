//! The crate's single error type and the structured pieces it carries.
//!
//! Nothing in here ever holds a credential: auth headers are never copied into
//! errors, and transport errors are stripped of their URL before being stored.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Maximum number of characters of a response body shown in `Display` output.
pub(crate) const EXCERPT_CHARS: usize = 512;

/// Every failure the runtime can report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Request-side validation failed before anything was sent.
    #[error(transparent)]
    Validation(#[from] ValidationErrors),
    /// Authentication failed (wrong key, token endpoint refused, 401 after retrying); the
    /// server's answer is in [`AuthError::response`] (also [`Error::api_error`]).
    #[error(transparent)]
    Auth(Box<AuthError>),
    /// The API answered with a non-success status.
    #[error(transparent)]
    Api(#[from] Box<ApiError>),
    /// Connection or I/O failure. `Display` names the cause (`connection refused`, a DNS or TLS
    /// failure, …): the whole chain of the underlying errors, which `source()` also returns.
    #[error("transport error{}{}: {}", if *.connect { " (connect)" } else { "" }, To(.host), Causes(.source))]
    Transport {
        /// `true` when the connection could not be established (nothing was sent).
        connect: bool,
        /// The host the request went to (`upload.box.com`), when known: with operations on
        /// servers of their own, which one failed. No path or query.
        host: Option<String>,
        /// The underlying error (its URL removed).
        #[source]
        source: reqwest::Error,
    },
    /// The connect timeout or the per-attempt request timeout elapsed. `Display` names the
    /// underlying errors, like [`Error::Transport`].
    #[error("{}{} timed out: {}", if *.connect { "connecting" } else { "request" }, To(.host), Causes(.source))]
    Timeout {
        /// `true` when the connect phase timed out (nothing was sent).
        connect: bool,
        /// The host the request went to, when known (see [`Error::Transport`]).
        host: Option<String>,
        /// The underlying error (its URL removed).
        #[source]
        source: reqwest::Error,
    },
    /// A response body could not be decoded.
    #[error("failed to decode response body (status {status}): {source}; body: {excerpt}")]
    Decode {
        /// HTTP status of the response.
        status: StatusCode,
        /// The first characters of the body.
        excerpt: String,
        /// The serde error.
        #[source]
        source: serde_json::Error,
    },
    /// Invalid builder configuration (bad base URL, plain http without `allow_http`, ...).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The response body exceeded the configured `max_response_bytes`.
    #[error("response body exceeds the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// A request body could not be serialized.
    #[error("failed to serialize request body: {0}")]
    Encode(#[source] serde_json::Error),
}

impl From<AuthError> for Error {
    fn from(e: AuthError) -> Self {
        Error::Auth(Box::new(e))
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl Error {
    /// The HTTP status attached to the error, if any: of an API error, of the answer that
    /// refused the credentials (`401`, or the token endpoint's), of an undecodable answer.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Auth(e) => e.status(),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `errorCode` of the server's answer (e.g. `"GROUP_NOT_FOUND"`, `"USER_UNAUTHORIZED"`,
    /// or the OAuth `error` of a refused token request such as `"invalid_client"`), if the
    /// error body had one.
    pub fn error_code(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::error_code)
    }

    /// `true` if the Atlas `errorCode` equals `code`.
    pub fn is_error_code(&self, code: &str) -> bool {
        self.error_code() == Some(code)
    }

    /// The server's error answer — status, the parsed Atlas error document, headers, raw
    /// body — for an [`Error::Api`], and for an [`Error::Auth`] a server answered (the API's
    /// `401`, or the token endpoint's refusal).
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            Error::Auth(e) => e.response.as_ref(),
            _ => None,
        }
    }

    /// Whether retrying the same call later could succeed (429, 503, timeouts, connect errors).
    /// This is informational: the transport applies its own, method-aware retry policy.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => matches!(
                e.status,
                StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
            ),
            Error::Timeout { .. } => true,
            Error::Transport { connect, .. } => *connect,
            _ => false,
        }
    }
}

/// The standard Atlas error document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AtlasErrorBody {
    /// HTTP status repeated in the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<u16>,
    /// Machine-readable code such as `GROUP_NOT_FOUND`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Human-readable explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// HTTP reason phrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Parameters interpolated into `detail`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<Value>>,
    /// Structured details of a bad request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bad_request_detail: Option<Value>,
    /// Any other field the server sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl AtlasErrorBody {
    /// Parse a body as an Atlas error document; `None` unless it is a JSON object.
    ///
    /// Lenient: a known field with an unexpected type is kept in `extra` instead of failing.
    /// An OAuth error response (RFC 6749 §5.2, from the token endpoint: a string `error` such
    /// as `"invalid_client"` and an `error_description`) fills `error_code` and `detail` when
    /// the body has no `errorCode` or `detail` of its own.
    pub fn parse(body: &[u8]) -> Option<Self> {
        let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
            return None;
        };
        let mut out = AtlasErrorBody::default();
        for (key, value) in map {
            let value = match (key.as_str(), value) {
                ("error", Value::Number(n)) if n.as_u64().is_some_and(|x| x <= u16::MAX as u64) => {
                    out.error = n.as_u64().map(|x| x as u16);
                    continue;
                }
                ("errorCode", Value::String(s)) => {
                    out.error_code = Some(s);
                    continue;
                }
                ("detail", Value::String(s)) => {
                    out.detail = Some(s);
                    continue;
                }
                ("reason", Value::String(s)) => {
                    out.reason = Some(s);
                    continue;
                }
                ("parameters", Value::Array(a)) => {
                    out.parameters = Some(a);
                    continue;
                }
                ("badRequestDetail", v) => {
                    out.bad_request_detail = Some(v);
                    continue;
                }
                (_, v) => v,
            };
            out.extra.insert(key, value);
        }
        let oauth_text = |out: &mut AtlasErrorBody, key: &str| match out.extra.get(key) {
            Some(Value::String(_)) => match out.extra.remove(key) {
                Some(Value::String(s)) => Some(s),
                _ => None,
            },
            _ => None,
        };
        if out.error_code.is_none() {
            out.error_code = oauth_text(&mut out, "error");
        }
        if out.detail.is_none() {
            out.detail = oauth_text(&mut out, "error_description");
        }
        Some(out)
    }
}

/// The `RateLimit-*` response headers, when present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// `RateLimit-Limit`.
    pub limit: Option<u64>,
    /// `RateLimit-Remaining`.
    pub remaining: Option<u64>,
}

impl RateLimit {
    /// Read `RateLimit-Limit` and `RateLimit-Remaining` from `h`.
    pub fn from_headers(h: &HeaderMap) -> Self {
        let num = |name: &str| {
            h.get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|s| s.trim().parse().ok())
        };
        RateLimit {
            limit: num("ratelimit-limit"),
            remaining: num("ratelimit-remaining"),
        }
    }
}

/// Parse `Retry-After` (delay-seconds or HTTP-date). `None` if absent or invalid.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let raw = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = raw.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(raw).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A non-success answer from the API. A `401` is reported as [`Error::Auth`], which holds its
/// `ApiError` in [`AuthError::response`].
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The operation that failed.
    pub operation_id: &'static str,
    /// The real HTTP status (envelope already unwrapped).
    pub status: StatusCode,
    /// The parsed Atlas error document, when the body was one.
    pub body: Option<AtlasErrorBody>,
    /// The whole raw body.
    pub raw_body: Bytes,
    /// Parsed `Retry-After`, if present and valid.
    pub retry_after: Option<Duration>,
    /// Rate-limit headers.
    pub rate_limit: RateLimit,
    /// All response headers.
    pub headers: HeaderMap,
}

impl ApiError {
    /// The answer `status`/`headers`/`body` to `operation_id` as an error: the Atlas error
    /// document parsed when the body is one, `Retry-After` and the rate-limit headers read.
    pub fn from_response(
        operation_id: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        ApiError {
            operation_id,
            status,
            body: AtlasErrorBody::parse(&body),
            retry_after: retry_after(&headers),
            rate_limit: RateLimit::from_headers(&headers),
            raw_body: body,
            headers,
        }
    }

    /// The Atlas `errorCode`, if any.
    pub fn error_code(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.error_code.as_deref())
    }

    /// The Atlas `detail`, if any.
    pub fn detail(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.detail.as_deref())
    }

    /// The raw body as (lossy) text.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw_body).into_owned()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed with status {}",
            self.operation_id, self.status
        )?;
        match &self.body {
            Some(b) if b.error_code.is_some() || b.detail.is_some() => {
                if let Some(code) = &b.error_code {
                    write!(f, ": {code}")?;
                }
                if let Some(detail) = &b.detail {
                    write!(f, ": {detail}")?;
                }
            }
            _ if !self.raw_body.is_empty() => write!(f, ": {}", excerpt(&self.raw_body))?,
            _ => {}
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// [`AuthError::message`] of a call refused because credentials are needed and none were
/// configured (the generated command line run without any): nothing was sent.
pub const NO_CREDENTIALS: &str = "no credentials are configured; nothing was sent";

/// Authentication failure: the API answered `401`, the token endpoint refused the service
/// account, or a challenge could not be answered.
#[derive(Debug, Clone)]
pub struct AuthError {
    /// What went wrong (never contains credentials).
    pub message: String,
    /// The server's refusal, when one came: the API's `401` answer (status, the parsed Atlas
    /// error document, headers, raw body), or the token endpoint's answer (operation
    /// `oauthToken`, its OAuth `error` code, e.g. `invalid_client`, as the `errorCode`).
    pub response: Option<ApiError>,
}

impl AuthError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        AuthError {
            message: message.into(),
            response: None,
        }
    }

    /// The refusal `response` of a server, explained by `message`.
    pub(crate) fn refused(message: impl Into<String>, response: ApiError) -> Self {
        AuthError {
            message: message.into(),
            response: Some(response),
        }
    }

    /// The HTTP status of the refusal, if a server answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.response.as_ref().map(|r| r.status)
    }

    /// The `errorCode` of the refusal (`USER_UNAUTHORIZED`, or an OAuth `error` such as
    /// `invalid_client`), if its body had one.
    pub fn error_code(&self) -> Option<&str> {
        self.response.as_ref().and_then(ApiError::error_code)
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "authentication failed: {}", self.message)?;
        if let Some(r) = &self.response {
            write!(f, " ({} answered {})", r.operation_id, r.status)?;
            if let Some(code) = r.error_code() {
                write!(f, ": {code}")?;
            }
            if let Some(detail) = r.detail() {
                write!(f, ": {detail}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for AuthError {}

/// One failed validation rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationIssue {
    /// Path of the offending field, e.g. `body.regionConfigs[0].priority`.
    pub field: String,
    /// JSON-Schema rule name: `pattern`, `minLength`, `maxLength`, `minimum`,
    /// `maximum`, `minItems`, `maxItems`, `enum`, ...
    pub rule: &'static str,
    /// Human-readable explanation.
    pub message: String,
}

/// All validation issues of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    /// The issues, in the order they were found.
    pub issues: Vec<ValidationIssue>,
}

impl ValidationErrors {
    /// `true` if any issue concerns `field` with rule `rule`.
    pub fn has(&self, field: &str, rule: &str) -> bool {
        self.issues
            .iter()
            .any(|i| i.field == field && i.rule == rule)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "request validation failed:")?;
        for (i, issue) in self.issues.iter().enumerate() {
            let sep = if i == 0 { " " } else { "; " };
            write!(
                f,
                "{sep}{} ({}): {}",
                issue.field, issue.rule, issue.message
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// An error and its chain of sources, joined with `": "` (`error sending request: client
/// error (Connect): tcp connect error: Connection refused (os error 111)`). A message that
/// only repeats the text of the one before it is left out.
struct Causes<'a>(&'a (dyn std::error::Error + 'static));

/// ` to HOST` in a transport error's message, or nothing.
struct To<'a>(&'a Option<String>);

impl fmt::Display for To<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(host) => write!(f, " to {host}"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut previous = self.0.to_string();
        f.write_str(&previous)?;
        let mut next = self.0.source();
        while let Some(cause) = next {
            let text = cause.to_string();
            if !text.is_empty() && !previous.contains(&text) {
                write!(f, ": {text}")?;
            }
            previous = text;
            next = cause.source();
        }
        Ok(())
    }
}

/// The first [`EXCERPT_CHARS`] characters of a body, lossily decoded.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn atlas_body_keeps_unknown_fields() {
        let b = AtlasErrorBody::parse(
            br#"{"error":404,"errorCode":"GROUP_NOT_FOUND","detail":"x","reason":"Not Found","parameters":["a"],"badRequestDetail":{"fields":[]},"other":1}"#,
        )
        .unwrap();
        assert_eq!(b.error, Some(404));
        assert_eq!(b.error_code.as_deref(), Some("GROUP_NOT_FOUND"));
        assert_eq!(b.parameters.as_ref().unwrap().len(), 1);
        assert!(b.bad_request_detail.is_some());
        assert_eq!(b.extra.get("other"), Some(&Value::from(1)));
        assert!(AtlasErrorBody::parse(b"<html>").is_none());
        let o = AtlasErrorBody::parse(br#"{"error":"invalid_client","errorCode":"X"}"#).unwrap();
        assert_eq!(o.error, None);
        assert_eq!(o.error_code.as_deref(), Some("X"));
        assert_eq!(o.extra.get("error"), Some(&Value::from("invalid_client")));
        // An OAuth error response (RFC 6749 §5.2).
        let o = AtlasErrorBody::parse(
            br#"{"error":"invalid_client","error_description":"Bad client.","error_uri":"u"}"#,
        )
        .unwrap();
        assert_eq!(o.error, None);
        assert_eq!(o.error_code.as_deref(), Some("invalid_client"));
        assert_eq!(o.detail.as_deref(), Some("Bad client."));
        assert_eq!(o.extra.len(), 1, "{:?}", o.extra);
        assert_eq!(o.extra.get("error_uri"), Some(&Value::from("u")));
        assert!(AtlasErrorBody::parse(b"[1]").is_none());
    }

    fn headers(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(http::header::RETRY_AFTER, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn parses_retry_after() {
        assert_eq!(retry_after(&headers("0")), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers(" 7 ")), Some(Duration::from_secs(7)));
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&headers("-1")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(100));
        assert_eq!(retry_after(&headers(&past)), Some(Duration::ZERO));
        let future = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        let d = retry_after(&headers(&future)).unwrap();
        assert!(
            d > Duration::from_secs(100) && d <= Duration::from_secs(120),
            "{d:?}"
        );
    }

    #[test]
    fn excerpt_is_capped_on_char_boundary() {
        let long = "é".repeat(EXCERPT_CHARS + 10);
        let e = excerpt(long.as_bytes());
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert_eq!(excerpt(b"short"), "short");
    }

    #[test]
    fn validation_display_lists_all() {
        let e = ValidationErrors {
            issues: vec![
                ValidationIssue {
                    field: "a".into(),
                    rule: "pattern",
                    message: "m1".into(),
                },
                ValidationIssue {
                    field: "b".into(),
                    rule: "maxLength",
                    message: "m2".into(),
                },
            ],
        };
        let s = Error::from(e).to_string();
        assert!(s.contains("a (pattern): m1"), "{s}");
        assert!(s.contains("b (maxLength): m2"), "{s}");
    }
}

//! [`Response`]: a successful (2xx) answer with its status and headers, envelope already
//! unwrapped.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{excerpt, Error, RateLimit};

/// A successful (2xx) answer, envelope already unwrapped: its status, its headers and its
/// body `T`.
///
/// [`Transport::execute`](crate::Transport::execute) gives the body as received
/// (`Response<Bytes>`, the default), which the generated code decodes with
/// [`json`](Response::json), [`text`](Response::text) or [`into_bytes`](Response::into_bytes).
/// A generated request's `send_with_response()` gives the decoded value with the status and
/// headers it came with (`Response<T>`): [`status`](Response::status),
/// [`headers`](Response::headers), [`rate_limit`](Response::rate_limit),
/// [`request_id`](Response::request_id), then [`into_inner`](Response::into_inner).
#[derive(Debug, Clone)]
pub struct Response<T = Bytes> {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: T,
}

impl<T> Response<T> {
    /// A response from its parts (mainly for tests of generated code).
    pub fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Response {
            status,
            headers,
            body,
        }
    }

    /// The real HTTP status (of the enveloped answer, with `envelope=true`).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers, as received.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of header `name` (case-insensitive), if it is present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `RateLimit-Limit` and `RateLimit-Remaining` headers Atlas sends (each `None` when
    /// absent or not a number).
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// The `X-Request-Id` header, if the server sent one (quote it when asking for support).
    /// The Atlas spec documents no request-id header, so this may be `None`.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-request-id")
    }

    /// The body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The body, dropping the status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// The same response with its body turned into `f(body)`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

impl Response {
    /// Decode the body as JSON. An empty body is decoded as `null` (so `()` and
    /// `Option<T>` work); for other types it yields a clear [`Error::Decode`].
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let empty = self.body.iter().all(u8::is_ascii_whitespace);
        let input: &[u8] = if empty { b"null" } else { &self.body };
        serde_json::from_slice(input).map_err(|source| Error::Decode {
            status: self.status,
            excerpt: if empty {
                "<empty body>".to_owned()
            } else {
                excerpt(&self.body)
            },
            source,
        })
    }

    /// The body as UTF-8 text.
    pub fn text(&self) -> Result<String, Error> {
        String::from_utf8(self.body.to_vec()).map_err(|e| Error::Decode {
            status: self.status,
            excerpt: excerpt(&self.body),
            source: serde::de::Error::custom(format!("body is not valid UTF-8: {e}")),
        })
    }

    /// Take the body.
    pub fn into_bytes(self) -> Bytes {
        self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(body: &'static [u8]) -> Response {
        Response::new(StatusCode::OK, HeaderMap::new(), Bytes::from_static(body))
    }

    #[test]
    fn json_ok_and_errors() {
        let v: serde_json::Value = resp(br#"{"a":1}"#).json().unwrap();
        assert_eq!(v["a"], 1);
        let err = resp(b"<html>oops</html>")
            .json::<serde_json::Value>()
            .unwrap_err();
        match err {
            Error::Decode {
                status, excerpt, ..
            } => {
                assert_eq!(status, StatusCode::OK);
                assert!(excerpt.contains("oops"));
            }
            e => panic!("{e}"),
        }
    }

    #[test]
    fn empty_body() {
        resp(b"").json::<()>().unwrap();
        assert_eq!(resp(b"").json::<Option<u32>>().unwrap(), None);
        let err = resp(b"").json::<Vec<u32>>().unwrap_err();
        assert!(err.to_string().contains("<empty body>"), "{err}");
    }

    #[test]
    fn metadata_and_body() {
        let mut headers = HeaderMap::new();
        headers.insert("ratelimit-limit", "100".parse().unwrap());
        headers.insert("ratelimit-remaining", " 7".parse().unwrap());
        headers.insert("x-request-id", "req-1".parse().unwrap());
        let r = Response::new(StatusCode::CREATED, headers, Bytes::from_static(b"[1,2]"));
        let r: Response<Vec<u32>> = r.clone().map(|_| r.json().unwrap());
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(
            r.rate_limit(),
            RateLimit {
                limit: Some(100),
                remaining: Some(7)
            }
        );
        assert_eq!(r.request_id(), Some("req-1"));
        assert_eq!(r.header("X-Request-Id"), Some("req-1"));
        assert_eq!(r.body(), &[1, 2]);
        let (status, headers, body) = r.clone().into_parts();
        assert_eq!(
            (status, headers.len(), body),
            (StatusCode::CREATED, 3, vec![1, 2])
        );
        assert_eq!(r.into_inner(), [1, 2]);
        let bare = resp(b"{}");
        assert_eq!(bare.rate_limit(), RateLimit::default());
        assert_eq!(bare.request_id(), None);
    }

    #[test]
    fn text_and_bytes() {
        assert_eq!(resp(b"hi").text().unwrap(), "hi");
        assert!(resp(b"\xff").text().is_err());
        assert_eq!(resp(b"x").into_bytes(), Bytes::from_static(b"x"));
    }
}

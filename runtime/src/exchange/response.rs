//! [`Response`]: a successful (2xx) answer, envelope already unwrapped.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{excerpt, Error};

/// A successful (2xx) response, envelope already unwrapped.
#[derive(Debug, Clone)]
pub struct Response {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Response {
    /// Build a response (mainly for tests of generated code).
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Response {
            status,
            headers,
            body,
        }
    }

    /// The real HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

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
    fn text_and_bytes() {
        assert_eq!(resp(b"hi").text().unwrap(), "hi");
        assert!(resp(b"\xff").text().is_err());
        assert_eq!(resp(b"x").into_bytes(), Bytes::from_static(b"x"));
    }
}

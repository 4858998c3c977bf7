//! Sending one HTTP request and reading its body with a size cap.

use std::future::Future;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::{header, HeaderMap, HeaderValue, StatusCode};

use crate::error::{ApiError, Error};

/// The bare HTTP layer shared by API calls and the OAuth token endpoint.
#[derive(Debug)]
pub(crate) struct Wire {
    pub(crate) client: reqwest::Client,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Option<Duration>,
    /// `timeout` is the client's own (set when the runtime built the `reqwest` client), so
    /// requests need no per-request timeout of their own.
    pub(crate) timeout_in_client: bool,
    pub(crate) max_response_bytes: usize,
}

/// A response with its whole (capped) body.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// The answer as an [`ApiError`] of `operation_id`: status, parsed Atlas error body (when it
    /// is one), `Retry-After`, rate-limit headers, and the raw body and headers.
    pub(crate) fn into_api_error(self, operation_id: &'static str) -> ApiError {
        ApiError::from_response(operation_id, self.status, self.headers, self.body)
    }
}

impl Wire {
    /// Send `rb` with the User-Agent and per-attempt timeout, and read the body
    /// chunk by chunk, failing with [`Error::ResponseTooLarge`] past the cap.
    pub(crate) async fn send(
        &self,
        rb: reqwest::RequestBuilder,
        headers: HeaderMap,
    ) -> Result<RawResponse, Error> {
        let exchange = self.execute(rb.build().map_err(map_reqwest)?, headers);
        exchange.await
    }

    /// Like [`Wire::send`] for an already built request: the headers are moved in whole
    /// (no per-header copy), which matters on the hot path of every API call.
    ///
    /// Not `async`: the request is handed to `reqwest` right away and the returned future
    /// holds only the exchange in flight, which keeps every future built on it small.
    /// Call it from the future that awaits the result (the timeout timer needs the runtime).
    pub(crate) fn execute(
        &self,
        mut request: reqwest::Request,
        mut headers: HeaderMap,
    ) -> impl Future<Output = Result<RawResponse, Error>> + Send + '_ {
        headers
            .entry(header::USER_AGENT)
            .or_insert_with(|| self.user_agent.clone());
        *request.headers_mut() = headers;
        if !self.timeout_in_client {
            if let Some(t) = self.timeout {
                *request.timeout_mut() = Some(t);
            }
        }
        self.receive(self.client.execute(request))
    }

    /// Await the response head and read the whole body under the cap.
    async fn receive(
        &self,
        pending: impl Future<Output = Result<reqwest::Response, reqwest::Error>>,
    ) -> Result<RawResponse, Error> {
        let mut resp = pending.await.map_err(map_reqwest)?;
        let limit = self.max_response_bytes;
        let length = resp.content_length();
        if length.is_some_and(|n| n > limit as u64) {
            return Err(Error::ResponseTooLarge { limit });
        }
        // A small body usually arrives as one chunk: it is kept as it is, without a copy.
        // Only a second chunk starts a buffer.
        let mut body = Bytes::new();
        let mut buf: Option<BytesMut> = None;
        while let Some(chunk) = resp.chunk().await.map_err(map_reqwest)? {
            let held = buf.as_ref().map_or(body.len(), BytesMut::len);
            if held + chunk.len() > limit {
                return Err(Error::ResponseTooLarge { limit });
            }
            if let Some(buf) = &mut buf {
                buf.extend_from_slice(&chunk);
            } else if body.is_empty() {
                body = chunk;
            } else {
                let expected = length.unwrap_or(0).min(limit as u64) as usize;
                let mut b = BytesMut::with_capacity(expected.max(held + chunk.len()));
                b.extend_from_slice(&body);
                b.extend_from_slice(&chunk);
                buf = Some(b);
            }
        }
        Ok(RawResponse {
            status: resp.status(),
            headers: std::mem::take(resp.headers_mut()),
            body: buf.map_or(body, BytesMut::freeze),
        })
    }
}

/// Classify a `reqwest` error, dropping its URL (which carries query values) but keeping its
/// host.
pub(crate) fn map_reqwest(e: reqwest::Error) -> Error {
    let host = e.url().and_then(|u| u.host_str()).map(str::to_owned);
    let e = e.without_url();
    let connect = e.is_connect();
    if e.is_timeout() {
        Error::Timeout {
            connect,
            host,
            source: e,
        }
    } else {
        Error::Transport {
            connect,
            host,
            source: e,
        }
    }
}

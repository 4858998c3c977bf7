//! Sending one HTTP request and reading its body with a size cap.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::{header, HeaderMap, HeaderValue, StatusCode};

use crate::error::Error;

/// The bare HTTP layer shared by API calls and the OAuth token endpoint.
#[derive(Debug)]
pub(crate) struct Wire {
    pub(crate) client: reqwest::Client,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_response_bytes: usize,
}

/// A response with its whole (capped) body.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Wire {
    /// Send `rb` with the User-Agent and per-attempt timeout, and read the body
    /// chunk by chunk, failing with [`Error::ResponseTooLarge`] past the cap.
    pub(crate) async fn send(
        &self,
        rb: reqwest::RequestBuilder,
        headers: HeaderMap,
    ) -> Result<RawResponse, Error> {
        self.execute(rb.build().map_err(map_reqwest)?, headers)
            .await
    }

    /// Like [`Wire::send`] for an already built request: the headers are moved in whole
    /// (no per-header copy), which matters on the hot path of every API call.
    pub(crate) async fn execute(
        &self,
        mut request: reqwest::Request,
        mut headers: HeaderMap,
    ) -> Result<RawResponse, Error> {
        if !headers.contains_key(header::USER_AGENT) {
            headers.insert(header::USER_AGENT, self.user_agent.clone());
        }
        *request.headers_mut() = headers;
        if let Some(t) = self.timeout {
            *request.timeout_mut() = Some(t);
        }
        let mut resp = self.client.execute(request).await.map_err(map_reqwest)?;
        let status = resp.status();
        let headers = std::mem::take(resp.headers_mut());
        let limit = self.max_response_bytes;
        if resp.content_length().is_some_and(|n| n > limit as u64) {
            return Err(Error::ResponseTooLarge { limit });
        }
        let expected = resp.content_length().unwrap_or(0).min(limit as u64) as usize;
        let mut buf = BytesMut::with_capacity(expected);
        while let Some(chunk) = resp.chunk().await.map_err(map_reqwest)? {
            if buf.len() + chunk.len() > limit {
                return Err(Error::ResponseTooLarge { limit });
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status,
            headers,
            body: buf.freeze(),
        })
    }
}

/// Classify a `reqwest` error, dropping its URL (which carries query values).
pub(crate) fn map_reqwest(e: reqwest::Error) -> Error {
    let e = e.without_url();
    let connect = e.is_connect();
    if e.is_timeout() {
        Error::Timeout { connect, source: e }
    } else {
        Error::Transport { connect, source: e }
    }
}

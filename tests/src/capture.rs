//! A loopback HTTP server that records every request (method, path and query, body bytes)
//! and answers each with one fixed status and JSON body: for checking what a generated client
//! sends, byte for byte.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// `GET`, `PATCH`, …
    pub method: String,
    /// The path and query, as sent.
    pub target: String,
    /// The body, as sent.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The body as UTF-8 text.
    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("a UTF-8 body")
    }
}

/// A running capture server.
pub struct Capture {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Capture {
    /// Starts a server on an ephemeral loopback port answering every request with `status`
    /// and `answer` (as `application/json`).
    pub async fn start(status: u16, answer: &'static str) -> Capture {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        let app = axum::Router::new().fallback(move |request: Request<Body>| {
            let log = log.clone();
            async move {
                let method = request.method().to_string();
                let target = request
                    .uri()
                    .path_and_query()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let body = axum::body::to_bytes(request.into_body(), 1 << 20)
                    .await
                    .expect("a readable body")
                    .to_vec();
                log.lock().unwrap().push(Recorded {
                    method,
                    target,
                    body,
                });
                let status = StatusCode::from_u16(status).expect("a valid status");
                let mut response: Response = (status, answer).into_response();
                response.headers_mut().insert(
                    axum::http::header::CONTENT_TYPE,
                    axum::http::HeaderValue::from_static("application/json"),
                );
                response
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Capture {
            base_url: format!("http://{address}"),
            requests,
        }
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

//! Local HTTP servers that record what a generated client sends, for tests that assert the
//! wire form:
//!
//! - [`Server`]: HTTP/1.1 by hand, recording every request byte for byte (request line,
//!   header lines as sent, body) and answering each with a canned [`Answer`] (any status,
//!   headers and body, settable between calls);
//! - [`Capture`]: an axum server recording method, path and query, and body bytes, answering
//!   every request with one fixed status and JSON body.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as received.
#[derive(Debug, Clone)]
pub struct Captured {
    /// The request line without its CRLF (`GET /x?a=1 HTTP/1.1`).
    pub request_line: String,
    /// Header lines as sent (name as sent, value trimmed), in order.
    pub headers: Vec<(String, String)>,
    /// The body (by `Content-Length`).
    pub body: Vec<u8>,
}

impl Captured {
    /// The request-target of the request line (`/x?a=1`).
    pub fn target(&self) -> &str {
        self.request_line.split(' ').nth(1).unwrap_or("")
    }

    /// The method of the request line.
    pub fn method(&self) -> &str {
        self.request_line.split(' ').next().unwrap_or("")
    }

    /// Every value of header `name` (case-insensitive), in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name).into_iter().next()
    }
}

/// A canned answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// Extra headers (`Content-Length` and `Connection: close` are added).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// `status` with a JSON body (`Content-Type: application/json`).
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Answer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(&body).expect("JSON"),
        }
    }

    /// `status` without a body.
    pub fn empty(status: u16) -> Self {
        Answer {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// The same answer with one more header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// The server: answers every request with the answer set last ([`Server::answer`]).
#[derive(Clone)]
pub struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Captured>>>,
    answer: Arc<Mutex<Answer>>,
}

impl Server {
    /// Starts a server on 127.0.0.1 answering `200` with `{}` until told otherwise.
    pub async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let server = Server {
            addr: listener.local_addr().expect("address"),
            requests: Arc::default(),
            answer: Arc::new(Mutex::new(Answer::json(200, serde_json::json!({})))),
        };
        let s = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move { s.serve(stream).await });
            }
        });
        server
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answer the next requests with `answer`.
    pub fn answer(&self, answer: Answer) {
        *self.answer.lock().unwrap() = answer;
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<Captured> {
        self.requests.lock().unwrap().clone()
    }

    /// The last request.
    pub fn last(&self) -> Captured {
        self.requests().pop().expect("a request reached the server")
    }

    async fn serve(&self, mut stream: tokio::net::TcpStream) {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n");
            if let Some(end) = head_end {
                let head = String::from_utf8_lossy(&buf[..end]).into_owned();
                let mut lines = head.split("\r\n");
                let request_line = lines.next().unwrap_or_default().to_string();
                let headers: Vec<(String, String)> = lines
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.to_string(), v.trim().to_string()))
                    .collect();
                let length: usize = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                while buf.len() < end + 4 + length {
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let body = buf[end + 4..end + 4 + length].to_vec();
                buf.drain(..end + 4 + length);
                self.requests.lock().unwrap().push(Captured {
                    request_line,
                    headers,
                    body,
                });
                let answer = self.answer.lock().unwrap().clone();
                let mut out = format!(
                    "HTTP/1.1 {} X\r\ncontent-length: {}\r\n",
                    answer.status,
                    answer.body.len()
                );
                for (k, v) in &answer.headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                let mut bytes = out.into_bytes();
                bytes.extend_from_slice(&answer.body);
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
                continue;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    }
}

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

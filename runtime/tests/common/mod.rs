//! Small real HTTP servers on 127.0.0.1 for the integration tests.
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atlas_admin_runtime::{
    Bytes, ClientBuilder, HeaderMap, Method, Request, RetryPolicy, Transport,
};
use axum::body::Body;
use axum::response::Response;

/// What the server received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Request-target as received: path + optional `?query`.
    pub target: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

type Handler =
    Arc<dyn Fn(Recorded) -> Pin<Box<dyn Future<Output = Response> + Send>> + Send + Sync>;

pub struct TestServer {
    pub base: String,
    pub log: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.log.lock().unwrap().len()
    }

    pub fn count_path(&self, path: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .count()
    }

    /// A builder pointing at this server with fast retries.
    pub fn builder(&self) -> ClientBuilder<Transport> {
        Transport::builder()
            .base_url(&self.base)
            .allow_http(true)
            .retry(fast_retry(3))
            .timeout(Duration::from_secs(10))
    }
}

pub fn fast_retry(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(2),
    }
}

/// Serve every request with `f`, recording it first.
pub async fn serve<F, Fut>(f: F) -> TestServer
where
    F: Fn(Recorded) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Response> + Send + 'static,
{
    let handler: Handler = Arc::new(move |r| Box::pin(f(r)));
    let log: Arc<Mutex<Vec<Recorded>>> = Arc::default();
    let log2 = log.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let handler = handler.clone();
        let log = log2.clone();
        async move {
            let (parts, body) = req.into_parts();
            let body = axum::body::to_bytes(body, 16 * 1024 * 1024)
                .await
                .unwrap_or_default();
            let rec = Recorded {
                method: parts.method.to_string(),
                target: parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default(),
                path: parts.uri.path().to_owned(),
                query: parts.uri.query().map(str::to_owned),
                headers: parts.headers,
                body,
            };
            log.lock().unwrap().push(rec.clone());
            handler(rec).await
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    TestServer {
        base: format!("http://{addr}"),
        log,
        task,
    }
}

/// Build a response.
pub fn reply(status: u16, headers: &[(&str, &str)], body: impl Into<Body>) -> Response {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(body.into()).unwrap()
}

pub fn json(status: u16, body: serde_json::Value) -> Response {
    reply(
        status,
        &[("content-type", "application/json")],
        body.to_string(),
    )
}

pub const ACCEPT: &str = "application/vnd.atlas.2023-01-01+json";

pub fn get(path: &str) -> Request {
    Request::new(
        "getThing",
        Method::GET,
        "/api/atlas/v2/things/{id}",
        path,
        ACCEPT,
    )
}

pub fn req(method: Method, path: &str) -> Request {
    Request::new("doThing", method, "/api/atlas/v2/things/{id}", path, ACCEPT)
}

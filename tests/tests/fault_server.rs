//! The generated client against a misbehaving server: a raw TCP server on 127.0.0.1 that answers
//! each request with a scripted fault. Every fault ends as a typed error — no panic, no hang —
//! and a POST is never sent twice unless the retry rules allow it (only 429 does).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use atlas_admin_client::{models, Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const MEDIA: &str = "application/vnd.atlas.2023-01-01+json";

#[derive(Clone)]
enum Fault {
    /// Write these bytes, then close the connection.
    Raw(Vec<u8>),
    /// Write the status line and headers for a body of `declared` bytes but send only `sent`.
    Truncated { declared: usize, sent: usize },
    /// Read the request and never answer.
    Silence,
    /// Reset the connection (RST) after reading the request.
    Reset,
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Fault {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    Fault::Raw(bytes)
}

fn created() -> Fault {
    let body = std::fs::read(
        atlas_tests::repo_root().join("spec/examples/createServerlessInstance.201.json"),
    )
    .unwrap();
    response("201 Created", &[("Content-Type", MEDIA)], &body)
}

struct FaultServer {
    url: String,
    requests: Arc<AtomicUsize>,
}

/// Serves `script[n]` to the n-th request (the last entry repeats).
async fn serve(script: Vec<Fault>) -> FaultServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let n = counter.clone();
            let script = script.clone();
            tokio::spawn(async move { connection(stream, n, script).await });
        }
    });
    FaultServer { url, requests }
}

async fn read_request(stream: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| {
                    l.strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return false,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            return true;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

async fn connection(mut stream: TcpStream, counter: Arc<AtomicUsize>, script: Vec<Fault>) {
    if !read_request(&mut stream).await {
        return;
    }
    let index = counter.fetch_add(1, Ordering::SeqCst);
    match script[index.min(script.len() - 1)].clone() {
        Fault::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Fault::Truncated { declared, sent } => {
            let head = format!("HTTP/1.1 201 Created\r\nContent-Type: {MEDIA}\r\nContent-Length: {declared}\r\n\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&vec![b' '; sent]).await;
            let _ = stream.shutdown().await;
        }
        Fault::Silence => tokio::time::sleep(Duration::from_secs(30)).await,
        Fault::Reset => {
            let _ = stream.set_zero_linger();
            drop(stream);
        }
    }
}

fn client(server: &FaultServer) -> Client {
    Client::builder()
        .base_url(&server.url)
        .allow_http(true)
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
            max_retry_after: Duration::from_secs(1),
        })
        .build()
        .unwrap()
}

fn body() -> models::ServerlessInstanceDescriptionCreate {
    serde_json::from_str(
        &std::fs::read_to_string(
            atlas_tests::repo_root().join("spec/examples/createServerlessInstance.request.json"),
        )
        .unwrap(),
    )
    .unwrap()
}

/// One POST against a server playing `script`; returns the outcome and how many requests it saw.
#[allow(deprecated)]
async fn post(script: Vec<Fault>) -> (Result<models::ServerlessInstanceDescription, Error>, usize) {
    let server = serve(script).await;
    let outcome = tokio::time::timeout(
        Duration::from_secs(10),
        client(&server).create_serverless_instance(GROUP, body()),
    )
    .await
    .expect("the client never hangs");
    (outcome, server.requests.load(Ordering::SeqCst))
}

#[tokio::test]
async fn a_well_behaved_answer_decodes() {
    let (outcome, requests) = post(vec![created()]).await;
    assert_eq!(outcome.expect("decodes").name.as_deref(), Some("string"));
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_status_and_excerpt() {
    let (outcome, requests) = post(vec![response(
        "201 Created",
        &[("Content-Type", MEDIA)],
        br#"{"name": "x", "#,
    )])
    .await;
    match outcome {
        Err(Error::Decode {
            status, excerpt, ..
        }) => {
            assert_eq!(status.as_u16(), 201);
            assert!(excerpt.contains(r#""name": "x""#), "{excerpt}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn truncated_body_is_a_transport_error_and_the_post_is_not_resent() {
    let (outcome, requests) = post(vec![Fault::Truncated {
        declared: 400,
        sent: 20,
    }])
    .await;
    assert!(
        matches!(outcome, Err(Error::Transport { connect: false, .. })),
        "{outcome:?}"
    );
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn html_instead_of_json_is_a_decode_error() {
    let (outcome, _) = post(vec![response(
        "201 Created",
        &[("Content-Type", "text/html")],
        b"<html><body>maintenance</body></html>",
    )])
    .await;
    match outcome {
        Err(Error::Decode { excerpt, .. }) => assert!(excerpt.contains("maintenance")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_missing_content_type_is_tolerated_when_the_body_is_json() {
    let Fault::Raw(bytes) = created() else {
        unreachable!()
    };
    let without = String::from_utf8(bytes)
        .unwrap()
        .replace(&format!("Content-Type: {MEDIA}\r\n"), "");
    let (outcome, _) = post(vec![Fault::Raw(without.into_bytes())]).await;
    assert!(outcome.is_ok(), "{outcome:?}");
}

#[tokio::test]
async fn html_502_keeps_status_and_raw_body_and_is_not_retried_for_post() {
    let page = b"<html><head><title>502 Bad Gateway</title></head></html>";
    let (outcome, requests) = post(vec![
        response("502 Bad Gateway", &[("Content-Type", "text/html")], page),
        created(),
    ])
    .await;
    let error = outcome.expect_err("a 502");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    let api = error.api_error().expect("an API error");
    assert!(api.body.is_none(), "no Atlas error body in an HTML page");
    assert!(api.raw_text().contains("502 Bad Gateway"));
    assert_eq!(requests, 1, "a POST is never re-sent after a 5xx");
}

#[tokio::test]
async fn an_empty_201_is_a_decode_error() {
    let (outcome, _) = post(vec![response(
        "201 Created",
        &[("Content-Type", MEDIA)],
        b"",
    )])
    .await;
    match outcome {
        Err(Error::Decode {
            status, excerpt, ..
        }) => {
            assert_eq!(status.as_u16(), 201);
            assert_eq!(excerpt, "<empty body>");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_very_large_body_stops_at_the_configured_cap() {
    let server = serve(vec![Fault::Truncated {
        declared: 64 << 20,
        sent: 64 << 20,
    }])
    .await;
    let small = Client::builder()
        .base_url(&server.url)
        .allow_http(true)
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    #[allow(deprecated)]
    let outcome = small.create_serverless_instance(GROUP, body()).await;
    assert!(
        matches!(outcome, Err(Error::ResponseTooLarge { limit: 65536 })),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_large_chunked_body_without_length_also_stops_at_the_cap() {
    let mut raw = format!(
        "HTTP/1.1 201 Created\r\nContent-Type: {MEDIA}\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for _ in 0..256 {
        raw.extend_from_slice(b"400\r\n");
        raw.extend_from_slice(&[b' '; 0x400]);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let server = serve(vec![Fault::Raw(raw)]).await;
    let small = Client::builder()
        .base_url(&server.url)
        .allow_http(true)
        .max_response_bytes(16 * 1024)
        .build()
        .unwrap();
    #[allow(deprecated)]
    let outcome = small.create_serverless_instance(GROUP, body()).await;
    assert!(
        matches!(outcome, Err(Error::ResponseTooLarge { .. })),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn headers_that_never_arrive_time_out_and_the_post_is_not_resent() {
    let (outcome, requests) = post(vec![Fault::Silence]).await;
    assert!(
        matches!(outcome, Err(Error::Timeout { connect: false, .. })),
        "{outcome:?}"
    );
    assert_eq!(requests, 1, "a POST is never re-sent after a timeout");
}

#[tokio::test]
async fn a_connection_reset_is_a_transport_error_and_the_post_is_not_resent() {
    let (outcome, requests) = post(vec![Fault::Reset, created()]).await;
    assert!(
        matches!(outcome, Err(Error::Transport { .. })),
        "{outcome:?}"
    );
    assert_eq!(requests, 1);
}

#[tokio::test]
async fn a_garbage_retry_after_on_429_falls_back_to_backoff() {
    let limited = response(
        "429 Too Many Requests",
        &[
            ("Content-Type", "application/json"),
            ("Retry-After", "soon-ish"),
        ],
        br#"{"error":429,"errorCode":"RATE_LIMITED","reason":"Too Many Requests"}"#,
    );
    let (outcome, requests) = post(vec![limited, created()]).await;
    assert!(outcome.is_ok(), "{outcome:?}");
    assert_eq!(
        requests, 2,
        "429 means nothing was created: the POST is re-sent once"
    );
}

#[tokio::test]
async fn repeated_429_gives_up_with_the_api_error() {
    let limited = response(
        "429 Too Many Requests",
        &[("Content-Type", "application/json"), ("Retry-After", "0")],
        br#"{"error":429,"errorCode":"RATE_LIMITED","reason":"Too Many Requests"}"#,
    );
    let (outcome, requests) = post(vec![limited]).await;
    let error = outcome.expect_err("still limited");
    assert!(error.is_error_code("RATE_LIMITED"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(requests, 4, "one attempt and max_retries = 3 retries");
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .base_url(&url)
        .allow_http(true)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    #[allow(deprecated)]
    let outcome = client.create_serverless_instance(GROUP, body()).await;
    assert!(
        matches!(outcome, Err(Error::Transport { connect: true, .. })),
        "{outcome:?}"
    );
}

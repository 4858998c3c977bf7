//! Request shape, error mapping, envelope, retries, timeouts and body caps
//! against real servers on 127.0.0.1.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use atlas_admin_runtime::{path, Error, Method, RequestBody, RetryPolicy, StatusCode, Transport};
use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

// ---------------------------------------------------------------- request shape

#[tokio::test]
async fn request_line_headers_and_body() {
    let server = serve(|_r| async { json(200, serde_json::json!({"ok": true})) }).await;
    let t = server.builder().build().unwrap();
    let seg = path::encode_segment("a/b?c#d é");
    let mut r = req(Method::PATCH, &format!("/api/atlas/v2/groups/{seg}"));
    r.query("name", "a b&c=d/é").unwrap();
    r.query("pretty", &true).unwrap();
    r.headers = vec![("X-Request-Tag", "tag-1".into())];
    r.body = Some(
        RequestBody::json(
            "application/vnd.atlas.2024-08-05+json",
            &serde_json::json!({"a": 1}),
        )
        .unwrap(),
    );
    let resp = t.execute(r).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.json::<serde_json::Value>().unwrap()["ok"], true);
    let got = &server.requests()[0];
    assert_eq!(got.method, "PATCH");
    assert_eq!(got.path, "/api/atlas/v2/groups/a%2Fb%3Fc%23d%20%C3%A9");
    assert_eq!(
        got.query.as_deref(),
        Some("name=a%20b%26c%3Dd%2F%C3%A9&pretty=true")
    );
    assert_eq!(got.header("accept"), Some(ACCEPT));
    assert_eq!(
        got.header("content-type"),
        Some("application/vnd.atlas.2024-08-05+json")
    );
    assert_eq!(got.header("x-request-tag"), Some("tag-1"));
    assert_eq!(got.header("authorization"), None);
    let ua = got.header("user-agent").unwrap();
    assert!(ua.starts_with("atlas-admin-runtime/"), "{ua}");
    assert_eq!(&got.body[..], br#"{"a":1}"#);
}

#[tokio::test]
async fn user_agent_and_base_path_prefix() {
    let server = serve(|_r| async { reply(204, &[], "") }).await;
    let t = server
        .builder()
        .default_user_agent("atlas-admin-client", "9.9.9")
        .build()
        .unwrap();
    t.execute(get("/api/atlas/v2")).await.unwrap();
    let t = server
        .builder()
        .base_url(format!("{}/prefix/", server.base))
        .user_agent("my-tool/1.0")
        .build()
        .unwrap();
    let resp = t.execute(get("/api/atlas/v2")).await.unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    resp.json::<()>().unwrap();
    let reqs = server.requests();
    assert_eq!(
        reqs[0].header("user-agent").unwrap(),
        format!(
            "atlas-admin-client/9.9.9 (atlas-admin-runtime/{})",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert_eq!(reqs[1].header("user-agent"), Some("my-tool/1.0"));
    assert_eq!(reqs[1].path, "/prefix/api/atlas/v2");
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = serve(|_r| async { reply(200, &[], "") }).await;
    let t = server.builder().build().unwrap();
    for seg in ["..", "."] {
        let p = format!(
            "/api/atlas/v2/groups/{}/clusters",
            path::encode_segment(seg)
        );
        let err = t.execute(get(&p)).await.unwrap_err();
        let Error::Validation(v) = &err else {
            panic!("{err:?}")
        };
        assert!(v.has("path", "path"), "{v}");
    }
    // "..%2F" is a harmless literal segment.
    let p = format!("/api/atlas/v2/groups/{}", path::encode_segment("../"));
    t.execute(get(&p)).await.unwrap();
    assert_eq!(server.count(), 1);
    assert_eq!(server.requests()[0].path, "/api/atlas/v2/groups/..%2F");
}

#[tokio::test]
async fn plain_http_needs_allow_http() {
    let server = serve(|_r| async { reply(200, &[], "") }).await;
    let err = Transport::builder()
        .base_url(&server.base)
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("allow_http"));
    let t = Transport::builder()
        .base_url(&server.base)
        .allow_http(true)
        .build()
        .unwrap();
    t.execute(get("/x")).await.unwrap();
}

// ---------------------------------------------------------------- errors & envelope

#[tokio::test]
async fn api_error_keeps_status_body_and_headers() {
    let body = serde_json::json!({
        "detail": "A cluster named c1 already exists.",
        "error": 409,
        "errorCode": "DUPLICATE_CLUSTER_NAME",
        "parameters": ["c1"],
        "reason": "Conflict",
        "newField": {"x": 1}
    });
    let b2 = body.clone();
    let server = serve(move |_r| {
        let b = b2.clone();
        async move {
            reply(
                409,
                &[
                    ("content-type", "application/json"),
                    ("retry-after", "30"),
                    ("ratelimit-limit", "100"),
                    ("ratelimit-remaining", "0"),
                    ("x-trace", "abc"),
                ],
                b.to_string(),
            )
        }
    })
    .await;
    let t = server.builder().build().unwrap();
    let err = t
        .execute(req(Method::POST, "/api/atlas/v2/groups/g/clusters"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::CONFLICT));
    assert!(err.is_error_code("DUPLICATE_CLUSTER_NAME"));
    assert!(!err.is_retryable());
    let api = err.api_error().unwrap();
    assert_eq!(api.operation_id, "doThing");
    let parsed = api.body.as_ref().unwrap();
    assert_eq!(parsed.error, Some(409));
    assert_eq!(parsed.reason.as_deref(), Some("Conflict"));
    assert_eq!(parsed.parameters.as_ref().unwrap()[0], "c1");
    assert_eq!(parsed.extra["newField"]["x"], 1);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&api.raw_body).unwrap(),
        body
    );
    assert_eq!(api.retry_after, Some(Duration::from_secs(30)));
    assert_eq!(api.rate_limit.limit, Some(100));
    assert_eq!(api.rate_limit.remaining, Some(0));
    assert_eq!(api.headers.get("x-trace").unwrap(), "abc");
    let shown = err.to_string();
    assert!(
        shown.contains("409") && shown.contains("DUPLICATE_CLUSTER_NAME"),
        "{shown}"
    );
    assert!(shown.contains("already exists"), "{shown}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn html_error_keeps_raw_body() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server =
        serve(move |_r| async move { reply(502, &[("content-type", "text/html")], html) }).await;
    let t = server.builder().build().unwrap();
    let err = t.execute(get("/api/atlas/v2/x")).await.unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.status, StatusCode::BAD_GATEWAY);
    assert!(api.body.is_none());
    assert_eq!(api.raw_text(), html);
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
    assert_eq!(err.error_code(), None);
    // 502 is not retried.
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn envelope_is_unwrapped_for_success_and_error() {
    let server = serve(|r| async move {
        let q = r.query.unwrap_or_default();
        assert!(q.contains("envelope=true"), "{q}");
        if r.path.ends_with("/missing") {
            json(200, serde_json::json!({"status": 404, "content": {"error": 404, "errorCode": "GROUP_NOT_FOUND", "detail": "nope"}}))
        } else {
            json(200, serde_json::json!({"status": 201, "content": {"id": "abc"}}))
        }
    })
    .await;
    let t = server.builder().build().unwrap();
    let mut r = req(Method::POST, "/api/atlas/v2/groups");
    r.query("envelope", &true).unwrap();
    let resp = t.execute(r).await.unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(
        resp.json::<serde_json::Value>().unwrap(),
        serde_json::json!({"id": "abc"})
    );
    let mut r = get("/api/atlas/v2/groups/missing");
    r.query("envelope", &true).unwrap();
    let err = t.execute(r).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert!(err.is_error_code("GROUP_NOT_FOUND"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&err.api_error().unwrap().raw_body).unwrap()
            ["detail"],
        "nope"
    );
}

#[tokio::test]
async fn decode_error_has_status_and_excerpt() {
    let server = serve(|_r| async { reply(200, &[], "not json at all") }).await;
    let t = server.builder().build().unwrap();
    let resp = t.execute(get("/x")).await.unwrap();
    let err = resp.json::<serde_json::Value>().unwrap_err();
    let Error::Decode {
        status, excerpt, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, StatusCode::OK);
    assert_eq!(excerpt, "not json at all");
    assert_eq!(resp.text().unwrap(), "not json at all");
}

// ---------------------------------------------------------------- retries

/// Answers the `i`-th request (0-based) with `script[i]` (last entry repeats).
async fn scripted(script: Vec<(u16, Vec<(&'static str, &'static str)>)>) -> TestServer {
    let n = Arc::new(AtomicUsize::new(0));
    let script = Arc::new(script);
    serve(move |_r| {
        let i = n.fetch_add(1, Ordering::SeqCst);
        let (status, headers) = script[i.min(script.len() - 1)].clone();
        async move {
            let body = if status == 200 {
                r#"{"ok":true}"#.to_string()
            } else {
                format!(r#"{{"error":{status},"errorCode":"E{status}"}}"#)
            };
            let mut h = headers;
            h.push(("content-type", "application/json"));
            reply(status, &h, body)
        }
    })
    .await
}

#[tokio::test]
async fn retry_after_zero_on_429_retries_post() {
    let server = scripted(vec![(429, vec![("retry-after", "0")]), (200, vec![])]).await;
    let t = server.builder().build().unwrap();
    let started = Instant::now();
    let resp = t
        .execute(req(Method::POST, "/api/atlas/v2/groups"))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(server.count(), 2);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn retry_after_above_cap_is_returned_immediately() {
    let server = scripted(vec![(429, vec![("retry-after", "3600")]), (200, vec![])]).await;
    let t = server.builder().build().unwrap();
    let started = Instant::now();
    let err = t.execute(get("/x")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert!(err.is_retryable());
    assert_eq!(
        err.api_error().unwrap().retry_after,
        Some(Duration::from_secs(3600))
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn retry_after_http_date_in_the_past_retries() {
    let server = scripted(vec![
        (503, vec![("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]),
        (200, vec![]),
    ])
    .await;
    let t = server.builder().build().unwrap();
    t.execute(get("/x")).await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn garbage_retry_after_falls_back_to_backoff() {
    let server = scripted(vec![
        (503, vec![("retry-after", "soon-ish")]),
        (503, vec![("retry-after", "-5")]),
        (200, vec![]),
    ])
    .await;
    let t = server.builder().build().unwrap();
    t.execute(get("/x")).await.unwrap();
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn post_and_patch_not_resent_on_5xx() {
    for (method, status) in [
        (Method::POST, 503),
        (Method::POST, 500),
        (Method::PATCH, 503),
        (Method::PATCH, 502),
    ] {
        let server = scripted(vec![(status, vec![("retry-after", "0")]), (200, vec![])]).await;
        let t = server.builder().build().unwrap();
        let err = t.execute(req(method.clone(), "/x")).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(server.count(), 1, "{method} {status}");
    }
}

#[tokio::test]
async fn idempotent_methods_resent_on_503_until_exhausted() {
    for method in [Method::GET, Method::PUT, Method::DELETE] {
        let server = scripted(vec![(503, vec![])]).await;
        let t = server.builder().retry(fast_retry(2)).build().unwrap();
        let err = t.execute(req(method.clone(), "/x")).await.unwrap_err();
        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert!(err.is_error_code("E503"));
        assert_eq!(server.count(), 3, "{method}");
    }
}

#[tokio::test]
async fn get_not_resent_on_500_and_none_policy() {
    let server = scripted(vec![(500, vec![])]).await;
    let t = server.builder().build().unwrap();
    t.execute(get("/x")).await.unwrap_err();
    assert_eq!(server.count(), 1);
    let server = scripted(vec![(429, vec![("retry-after", "0")]), (200, vec![])]).await;
    let t = server.builder().retry(RetryPolicy::none()).build().unwrap();
    let err = t.execute(get("/x")).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(server.count(), 1);
}

// ---------------------------------------------------------------- timeouts & transport

#[tokio::test]
async fn slow_server_is_timeout_error() {
    let server = serve(|_r| async {
        tokio::time::sleep(Duration::from_secs(3)).await;
        reply(200, &[], "late")
    })
    .await;
    let t = server
        .builder()
        .timeout(Duration::from_millis(150))
        .retry(fast_retry(1))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = t.execute(get("/slow")).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { connect: false, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("operation timed out"),
        "names the cause: {err}"
    );
    assert!(err.is_retryable());
    // GET is re-sent once after a timeout...
    assert_eq!(server.count(), 2);
    // ...a POST never is.
    let err = t.execute(req(Method::POST, "/slow")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(server.count(), 3);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn connection_refused_is_connect_transport_error() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let t = Transport::builder()
        .base_url(format!("http://{addr}"))
        .allow_http(true)
        .retry(fast_retry(1))
        .build()
        .unwrap();
    let err = t.execute(req(Method::POST, "/x")).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { connect: true, .. }),
        "{err:?}"
    );
    assert!(err.is_retryable());
    // `Display` names the cause, not only reqwest's "error sending request".
    let shown = err.to_string();
    assert!(shown.contains("Connection refused"), "{shown}");
    assert!(
        std::error::Error::source(&err).is_some(),
        "the reqwest error stays the source"
    );
}

#[tokio::test]
async fn dns_and_tls_failures_name_their_cause() {
    let t = Transport::builder()
        .base_url("http://runtime-test.invalid")
        .allow_http(true)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = t.execute(get("/x")).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { connect: true, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("dns error"), "{err}");

    let server = serve(|_r| async { json(200, serde_json::json!({})) }).await;
    let t = Transport::builder()
        .base_url(server.base.replace("http://", "https://"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = t.execute(get("/x")).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { connect: true, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("received corrupt message"),
        "{err}"
    );
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------- body cap

#[tokio::test]
async fn content_length_above_cap_is_too_large() {
    let server = serve(|_r| async { reply(200, &[], vec![b'x'; 100_000]) }).await;
    let t = server
        .builder()
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let err = t.execute(get("/big")).await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 65536 }),
        "{err:?}"
    );
    assert_eq!(server.count(), 1);
    // Exactly at the cap is fine.
    let t = server
        .builder()
        .max_response_bytes(100_000)
        .build()
        .unwrap();
    assert_eq!(t.execute(get("/big")).await.unwrap().body().len(), 100_000);
}

/// A raw HTTP/1.1 server streaming an endless chunked body (bounded to `max` bytes).
async fn endless_chunked(max: usize) -> (String, Arc<AtomicUsize>, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let written = Arc::new(AtomicUsize::new(0));
    let w = written.clone();
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 8192];
        let mut head = Vec::new();
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
            let n = sock.read(&mut buf).await.unwrap_or(0);
            if n == 0 {
                return;
            }
            head.extend_from_slice(&buf[..n]);
        }
        let hdr = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        if sock.write_all(hdr).await.is_err() {
            return;
        }
        let chunk = vec![b'a'; 16 * 1024];
        let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
        frame.extend_from_slice(&chunk);
        frame.extend_from_slice(b"\r\n");
        while w.load(Ordering::SeqCst) < max {
            if sock.write_all(&frame).await.is_err() {
                return;
            }
            w.fetch_add(chunk.len(), Ordering::SeqCst);
        }
    });
    (format!("http://{addr}"), written, task)
}

#[tokio::test]
async fn streamed_body_is_cut_at_cap() {
    let max = 256 * 1024 * 1024;
    let (base, written, task) = endless_chunked(max).await;
    let t = Transport::builder()
        .base_url(base)
        .allow_http(true)
        .retry(RetryPolicy::none())
        .max_response_bytes(256 * 1024)
        .build()
        .unwrap();
    let err = t.execute(get("/stream")).await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 262144 }),
        "{err:?}"
    );
    // The client hung up: the server could not push the whole stream.
    let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
    assert!(written.load(Ordering::SeqCst) < max);
}

#[tokio::test]
async fn connect_timeout_is_typed() {
    // A listener that never accepts, with its accept queue filled: further SYNs
    // are dropped by the kernel, so connecting hangs until the connect timeout.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..8 {
        match tokio::time::timeout(
            Duration::from_millis(100),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            Ok(Ok(s)) => fillers.push(s),
            _ => break,
        }
    }
    let t = Transport::builder()
        .base_url(format!("http://{addr}"))
        .allow_http(true)
        .connect_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = t.execute(req(Method::POST, "/x")).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { connect: true, .. }),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(3));
    drop(fillers);
    drop(listener);
}

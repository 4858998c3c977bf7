//! Credentials never appear in Debug/Display output, errors or tracing output.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atlas_admin_runtime::{ClientBuilder, Error, Method, Transport};
use common::*;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;

const PUBLIC: &str = "PUBKEY-kq8z";
const PRIVATE: &str = "PRIVKEY-9f3e-7a1c";
const CLIENT_ID: &str = "CLIENTID-mdb-sa-11";
const CLIENT_SECRET: &str = "CLIENTSECRET-x7x7";
const STATIC_TOKEN: &str = "STATICTOKEN-b44";
const ISSUED_TOKEN: &str = "ISSUEDTOKEN-e9e9";
const QUERY_VALUE: &str = "QUERYVALUE-q1q1";

fn secrets() -> Vec<String> {
    use base64::Engine as _;
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"));
    [
        PUBLIC,
        PRIVATE,
        CLIENT_ID,
        CLIENT_SECRET,
        STATIC_TOKEN,
        ISSUED_TOKEN,
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([basic])
    .collect()
}

fn assert_clean(what: &str, text: &str) {
    for s in secrets() {
        assert!(!text.contains(&s), "{what} leaks {s}: {text}");
    }
}

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Digest (challenge, then accepts any digest except on `/wrong`), OAuth token
/// endpoint, bearer, and a 429-then-200 path.
async fn server() -> TestServer {
    let hits = Arc::new(Mutex::new(0u32));
    serve(move |r| {
        let hits = hits.clone();
        async move {
            let auth = r.header("authorization").unwrap_or_default().to_owned();
            if r.path == "/api/oauth/token" {
                return json(200, serde_json::json!({"access_token": ISSUED_TOKEN, "expires_in": 3600, "token_type": "Bearer"}));
            }
            if r.path == "/api/oauth/revoke" {
                return reply(200, &[], "");
            }
            if auth.is_empty() {
                return reply(
                    401,
                    &[("www-authenticate", r#"Digest realm="MMS Public API", domain="", nonce="n1", algorithm=MD5, qop="auth", stale=false"#)],
                    r#"{"error":401,"errorCode":"NOT_AUTHORIZED"}"#,
                );
            }
            if r.path == "/wrong" {
                return reply(
                    401,
                    &[("www-authenticate", r#"Digest realm="MMS Public API", domain="", nonce="n1", algorithm=MD5, qop="auth", stale=false"#)],
                    r#"{"error":401,"errorCode":"NOT_AUTHORIZED"}"#,
                );
            }
            if r.path == "/busy" {
                let mut h = hits.lock().unwrap();
                *h += 1;
                if *h % 2 == 1 {
                    return reply(429, &[("retry-after", "0")], r#"{"error":429,"errorCode":"RATE_LIMITED"}"#);
                }
            }
            json(200, serde_json::json!({"ok": true}))
        }
    })
    .await
}

fn with_query(path: &str) -> atlas_admin_runtime::Request {
    let mut r = get(path);
    r.query("name", QUERY_VALUE).unwrap();
    r
}

#[tokio::test]
async fn tracing_output_has_fields_but_no_secrets() {
    let buf = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buf.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let s = server().await;
    let digest = s.builder().digest_auth(PUBLIC, PRIVATE).build().unwrap();
    digest.execute(with_query("/ok")).await.unwrap();
    digest.execute(with_query("/busy")).await.unwrap();
    digest.execute(with_query("/wrong")).await.unwrap_err();
    let oauth = s
        .builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    oauth.execute(with_query("/ok")).await.unwrap();
    oauth.revoke_token().await.unwrap();
    let bearer = s.builder().bearer_token(STATIC_TOKEN).build().unwrap();
    bearer.execute(with_query("/ok")).await.unwrap();
    // Log a transport error too (its URL carries the query).
    let dead = Transport::builder()
        .base_url("http://127.0.0.1:1")
        .allow_http(true)
        .retry(fast_retry(0))
        .build()
        .unwrap();
    let err = dead.execute(with_query("/x")).await.unwrap_err();
    assert!(!format!("{err} {err:?}").contains(QUERY_VALUE));

    let out = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(out.contains("atlas.request"), "{out}");
    assert!(out.contains("operation_id"), "{out}");
    assert!(out.contains("getThing"), "{out}");
    assert!(out.contains("path_template"), "{out}");
    assert!(out.contains("latency_ms"), "{out}");
    assert!(out.contains("attempt=2"), "{out}");
    assert!(
        out.contains("status=429") || out.contains("retrying"),
        "{out}"
    );
    assert!(out.contains("status=401"), "{out}");
    assert_clean("tracing output", &out);
    assert!(!out.to_ascii_lowercase().contains("authorization"), "{out}");
    assert!(!out.contains(QUERY_VALUE), "{out}");
}

#[tokio::test]
async fn debug_and_display_never_show_credentials() {
    let builders = [
        ClientBuilder::<Transport>::new().digest_auth(PUBLIC, PRIVATE),
        ClientBuilder::<Transport>::new().service_account(CLIENT_ID, CLIENT_SECRET),
        ClientBuilder::<Transport>::new().bearer_token(STATIC_TOKEN),
    ];
    for b in builders {
        let shown = format!("{b:?}");
        assert_clean("builder Debug", &shown);
        assert!(shown.contains("redacted"), "{shown}");
        let t = b.build().unwrap();
        assert_clean("transport Debug", &format!("{t:?} {t:#?}"));
    }

    let s = server().await;
    let t = s.builder().digest_auth(PUBLIC, PRIVATE).build().unwrap();
    let err = t.execute(with_query("/wrong")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)));
    assert_clean("digest auth error", &format!("{err} {err:?} {err:#?}"));

    let t = s
        .builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    t.execute(with_query("/ok")).await.unwrap();
    let err = t.execute(req(Method::GET, "/busy")).await;
    if let Err(e) = err {
        assert_clean("api error", &format!("{e} {e:?}"));
    }

    // Timeout errors carry no URL (and thus no query values).
    let slow = serve(|_r| async {
        tokio::time::sleep(Duration::from_secs(2)).await;
        reply(200, &[], "")
    })
    .await;
    let t = slow
        .builder()
        .bearer_token(STATIC_TOKEN)
        .timeout(Duration::from_millis(100))
        .retry(fast_retry(0))
        .build()
        .unwrap();
    let err = t.execute(with_query("/x")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert_clean("timeout error", &shown);
    assert!(!shown.contains(QUERY_VALUE), "{shown}");

    // Config errors do not echo credentials either.
    let err = Transport::builder()
        .base_url(format!("https://{PUBLIC}:{PRIVATE}@cloud.example.com"))
        .build()
        .unwrap_err();
    assert_clean("config error", &format!("{err} {err:?}"));
}

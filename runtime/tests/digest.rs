//! HTTP Digest auth against a real server that verifies every digest with an
//! independent MD5 computation (`md-5`).

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use atlas_admin_runtime::{Error, Method, RequestBody, StatusCode};
use common::*;
use md5::{Digest, Md5};

const PUBLIC: &str = "pubkey-Q7";
const PRIVATE: &str = "priv-5ecret-d1gest";
const REALM: &str = "MMS Public API";

struct State {
    nonce: String,
    generation: u32,
    stale: HashSet<String>,
    seen: HashSet<(String, u32)>,
}

#[derive(Clone)]
struct DigestServer {
    state: Arc<Mutex<State>>,
}

fn md5_hex(s: &str) -> String {
    format!("{:x}", Md5::digest(s.as_bytes()))
}

/// Parse `Digest k=v, k="v", ...` independently of the client library.
fn parse_authorization(h: &str) -> Option<HashMap<String, String>> {
    let rest = h.strip_prefix("Digest ")?;
    let mut out = HashMap::new();
    let mut chars = rest.chars().peekable();
    loop {
        while matches!(chars.peek(), Some(' ' | ',')) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                value.push(c);
            }
        } else {
            while let Some(c) = chars.peek() {
                if *c == ',' {
                    break;
                }
                value.push(*c);
                chars.next();
            }
        }
        out.insert(key.trim().to_owned(), value.trim().to_owned());
    }
    Some(out)
}

fn challenge(nonce: &str, stale: bool) -> axum::response::Response {
    let www = format!(
        r#"Digest realm="{REALM}", domain="", nonce="{nonce}", algorithm=MD5, qop="auth", stale={stale}"#
    );
    reply(
        401,
        &[
            ("www-authenticate", &www),
            ("content-type", "application/json"),
        ],
        r#"{"detail":"You are not authorized for this resource.","error":401,"errorCode":"NOT_AUTHORIZED","reason":"Unauthorized"}"#,
    )
}

impl DigestServer {
    fn new() -> Self {
        DigestServer {
            state: Arc::new(Mutex::new(State {
                nonce: "nonce-0".into(),
                generation: 0,
                stale: HashSet::new(),
                seen: HashSet::new(),
            })),
        }
    }

    /// Expire the current nonce: answers using it get `stale=true`.
    fn rotate_nonce(&self) {
        let mut s = self.state.lock().unwrap();
        let old = std::mem::take(&mut s.nonce);
        s.stale.insert(old);
        s.generation += 1;
        s.nonce = format!("nonce-{}", s.generation);
    }

    fn handle(&self, r: &Recorded) -> axum::response::Response {
        let mut s = self.state.lock().unwrap();
        let Some(auth) = r.header("authorization") else {
            return challenge(&s.nonce, false);
        };
        let Some(p) = parse_authorization(auth) else {
            return reply(400, &[], "bad authorization header");
        };
        let nonce = p.get("nonce").cloned().unwrap_or_default();
        if nonce != s.nonce {
            let stale = s.stale.contains(&nonce);
            return challenge(&s.nonce, stale);
        }
        if p.get("uri").map(String::as_str) != Some(r.target.as_str()) {
            return reply(
                400,
                &[],
                format!("uri {:?} != request-target {:?}", p.get("uri"), r.target),
            );
        }
        if p.get("realm").map(String::as_str) != Some(REALM)
            || p.get("qop").map(String::as_str) != Some("auth")
        {
            return reply(400, &[], "bad realm/qop");
        }
        let nc_hex = p.get("nc").cloned().unwrap_or_default();
        let Ok(nc) = u32::from_str_radix(&nc_hex, 16) else {
            return reply(400, &[], "bad nc");
        };
        if nc_hex.len() != 8 || !s.seen.insert((nonce.clone(), nc)) {
            return reply(400, &[], "replayed or malformed nc");
        }
        let user = p.get("username").cloned().unwrap_or_default();
        let cnonce = p.get("cnonce").cloned().unwrap_or_default();
        let ha1 = md5_hex(&format!("{user}:{REALM}:{PRIVATE}"));
        let ha2 = md5_hex(&format!("{}:{}", r.method, r.target));
        let expected = md5_hex(&format!("{ha1}:{nonce}:{nc_hex}:{cnonce}:auth:{ha2}"));
        if user != PUBLIC || p.get("response") != Some(&expected) {
            return challenge(&s.nonce, false);
        }
        json(
            200,
            serde_json::json!({"nc": nc, "cnonce": cnonce, "body": String::from_utf8_lossy(&r.body)}),
        )
    }
}

async fn digest_server() -> (TestServer, DigestServer) {
    let ds = DigestServer::new();
    let ds2 = ds.clone();
    let server = serve(move |r| {
        let ds = ds2.clone();
        async move { ds.handle(&r) }
    })
    .await;
    (server, ds)
}

fn auth_params(r: &Recorded) -> HashMap<String, String> {
    parse_authorization(r.header("authorization").expect("authorized")).unwrap()
}

#[tokio::test]
async fn challenge_then_preemptive_with_increasing_nc() {
    let (server, _ds) = digest_server().await;
    let t = server
        .builder()
        .digest_auth(PUBLIC, PRIVATE)
        .build()
        .unwrap();
    let n = 5;
    for _ in 0..n {
        let mut r = get("/api/atlas/v2/groups/5f1a/clusters");
        r.query("pageNum", &2).unwrap();
        r.query("name", "a b&c").unwrap();
        let resp = t.execute(r).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
    }
    let reqs = server.requests();
    // One challenge round trip, then one request per call.
    assert_eq!(reqs.len(), n + 1);
    assert!(reqs[0].header("authorization").is_none());
    let mut ncs = Vec::new();
    let mut cnonces = HashSet::new();
    for r in &reqs[1..] {
        let p = auth_params(r);
        assert_eq!(
            p["uri"],
            "/api/atlas/v2/groups/5f1a/clusters?pageNum=2&name=a%20b%26c"
        );
        assert_eq!(p["uri"], r.target);
        assert_eq!(p["nonce"], "nonce-0");
        ncs.push(u32::from_str_radix(&p["nc"], 16).unwrap());
        assert!(cnonces.insert(p["cnonce"].clone()), "cnonce reused");
    }
    assert_eq!(ncs, vec![1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn body_is_resent_on_challenge() {
    let (server, _ds) = digest_server().await;
    let t = server
        .builder()
        .digest_auth(PUBLIC, PRIVATE)
        .build()
        .unwrap();
    let mut r = req(Method::POST, "/api/atlas/v2/groups");
    r.body = Some(RequestBody::json(ACCEPT, &serde_json::json!({"name": "proj"})).unwrap());
    let resp = t.execute(r).await.unwrap();
    let v: serde_json::Value = resp.json().unwrap();
    assert_eq!(v["body"], r#"{"name":"proj"}"#);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        assert_eq!(&r.body[..], br#"{"name":"proj"}"#);
        assert_eq!(r.header("content-type"), Some(ACCEPT));
        assert_eq!(r.method, "POST");
    }
}

#[tokio::test]
async fn stale_nonce_recovers_with_one_retry() {
    let (server, ds) = digest_server().await;
    let t = server
        .builder()
        .digest_auth(PUBLIC, PRIVATE)
        .build()
        .unwrap();
    t.execute(get("/api/atlas/v2/a")).await.unwrap();
    assert_eq!(server.count(), 2);
    ds.rotate_nonce();
    t.execute(get("/api/atlas/v2/b")).await.unwrap();
    let reqs = server.requests();
    assert_eq!(reqs.len(), 4);
    assert_eq!(auth_params(&reqs[2])["nonce"], "nonce-0");
    let p = auth_params(&reqs[3]);
    assert_eq!(p["nonce"], "nonce-1");
    assert_eq!(p["nc"], "00000001");
    // Steady state again.
    t.execute(get("/api/atlas/v2/c")).await.unwrap();
    assert_eq!(server.count(), 5);
    assert_eq!(auth_params(&server.requests()[4])["nc"], "00000002");
}

#[tokio::test]
async fn wrong_key_is_auth_error() {
    let (server, _ds) = digest_server().await;
    let t = server
        .builder()
        .digest_auth(PUBLIC, "wrong-private-key")
        .build()
        .unwrap();
    let err = t.execute(get("/api/atlas/v2/groups")).await.unwrap_err();
    let Error::Auth(a) = &err else {
        panic!("expected Error::Auth, got {err:?}")
    };
    assert_eq!(a.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(err.error_code(), Some("NOT_AUTHORIZED"));
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert!(!err.is_retryable());
    // Challenge + one answer, no loop.
    assert_eq!(server.count(), 2);
    // Later calls answer the cached challenge pre-emptively; the same nonce
    // coming back means the key is wrong: no retry.
    let err = t.execute(get("/api/atlas/v2/groups")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)));
    assert_eq!(server.count(), 3);
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("wrong-private-key"));
}

#[tokio::test]
async fn parallel_calls_get_unique_nc() {
    let (server, _ds) = digest_server().await;
    let t = server
        .builder()
        .digest_auth(PUBLIC, PRIVATE)
        .build()
        .unwrap();
    t.execute(get("/api/atlas/v2/warmup")).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..50 {
        let t = t.clone();
        tasks.push(tokio::spawn(async move {
            t.execute(get(&format!("/api/atlas/v2/items/{i}"))).await
        }));
    }
    for task in tasks {
        let resp = task.await.unwrap().expect("call succeeds");
        assert_eq!(resp.status(), StatusCode::OK);
    }
    // The server rejects any repeated (nonce, nc), so 52 requests means 51 unique answers.
    assert_eq!(server.count(), 52);
    let mut ncs: Vec<u32> = server.requests()[1..]
        .iter()
        .map(|r| u32::from_str_radix(&auth_params(r)["nc"], 16).unwrap())
        .collect();
    ncs.sort_unstable();
    assert_eq!(ncs, (1..=51).collect::<Vec<_>>());
}

#[tokio::test]
async fn cold_parallel_calls_all_succeed() {
    let (server, _ds) = digest_server().await;
    let t = server
        .builder()
        .digest_auth(PUBLIC, PRIVATE)
        .build()
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let t = t.clone();
        tasks.push(tokio::spawn(async move {
            t.execute(get(&format!("/api/atlas/v2/items/{i}"))).await
        }));
    }
    for task in tasks {
        task.await.unwrap().expect("call succeeds");
    }
    // At most a challenge per call, never more.
    assert!(server.count() <= 40, "{}", server.count());
}

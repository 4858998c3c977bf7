//! Service-account (OAuth2 client credentials) and static bearer auth against a real server.

mod common;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atlas_admin_runtime::{Error, StatusCode};
use base64::Engine as _;
use common::*;

const CLIENT_ID: &str = "mdb_sa_id_client42";
const CLIENT_SECRET: &str = "mdb_sa_sk_SUPERSECRET";

#[derive(Clone, Default)]
struct OAuthServer {
    issued: Arc<AtomicU32>,
    /// The only token the API accepts; `None` = accept the latest issued.
    accepted: Arc<Mutex<Option<String>>>,
    expires_in: Arc<Mutex<u64>>,
    token_delay: Arc<Mutex<Duration>>,
    reject_credentials: Arc<Mutex<bool>>,
    /// The API rejects every token.
    reject_api: Arc<Mutex<bool>>,
}

impl OAuthServer {
    async fn handle(&self, r: Recorded) -> axum::response::Response {
        match r.path.as_str() {
            "/api/oauth/token" => {
                let delay = *self.token_delay.lock().unwrap();
                tokio::time::sleep(delay).await;
                let basic = base64::engine::general_purpose::STANDARD
                    .encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"));
                let ok = r.method == "POST"
                    && r.header("authorization") == Some(&format!("Basic {basic}"))
                    && r.header("accept") == Some("application/json")
                    && r.header("content-type") == Some("application/x-www-form-urlencoded")
                    && &r.body[..] == b"grant_type=client_credentials";
                if !ok || *self.reject_credentials.lock().unwrap() {
                    return json(
                        401,
                        serde_json::json!({"error": "invalid_client", "errorCode": "INVALID_CLIENT", "detail": "bad client"}),
                    );
                }
                let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
                let token = format!("access-tok-{n}");
                *self.accepted.lock().unwrap() = Some(token.clone());
                json(
                    200,
                    serde_json::json!({"access_token": token, "expires_in": *self.expires_in.lock().unwrap(), "token_type": "Bearer"}),
                )
            }
            "/api/oauth/revoke" => reply(200, &[], ""),
            _ => {
                let want = self.accepted.lock().unwrap().clone();
                let got = r.header("authorization").unwrap_or_default().to_owned();
                match want {
                    _ if *self.reject_api.lock().unwrap() => json(
                        401,
                        serde_json::json!({"error": 401, "errorCode": "NOT_AUTHORIZED", "detail": "token"}),
                    ),
                    Some(t) if got == format!("Bearer {t}") => {
                        json(200, serde_json::json!({"ok": true}))
                    }
                    _ => json(
                        401,
                        serde_json::json!({"error": 401, "errorCode": "NOT_AUTHORIZED", "detail": "token"}),
                    ),
                }
            }
        }
    }
}

async fn oauth_server() -> (TestServer, OAuthServer) {
    let os = OAuthServer::default();
    *os.expires_in.lock().unwrap() = 3600;
    let os2 = os.clone();
    let server = serve(move |r| {
        let os = os2.clone();
        async move { os.handle(r).await }
    })
    .await;
    (server, os)
}

const TOKEN: &str = "/api/oauth/token";

#[tokio::test]
async fn token_is_cached() {
    let (server, _os) = oauth_server().await;
    let t = server
        .builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    for _ in 0..3 {
        t.execute(get("/api/atlas/v2/groups")).await.unwrap();
    }
    assert_eq!(server.count_path(TOKEN), 1);
    assert_eq!(server.count(), 4);
    for r in server.requests().iter().filter(|r| r.path != TOKEN) {
        assert_eq!(r.header("authorization"), Some("Bearer access-tok-1"));
    }
}

#[tokio::test]
async fn expired_token_is_refetched() {
    let (server, os) = oauth_server().await;
    *os.expires_in.lock().unwrap() = 0;
    let t = server
        .builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    t.execute(get("/api/atlas/v2/a")).await.unwrap();
    t.execute(get("/api/atlas/v2/b")).await.unwrap();
    assert_eq!(server.count_path(TOKEN), 2);
}

#[tokio::test]
async fn cold_cache_single_flight() {
    let (server, os) = oauth_server().await;
    *os.token_delay.lock().unwrap() = Duration::from_millis(150);
    let t = server
        .builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
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
    assert_eq!(server.count_path(TOKEN), 1);
    assert_eq!(server.count(), 21);
}

#[tokio::test]
async fn rejected_cached_token_is_refreshed_once() {
    let (server, os) = oauth_server().await;
    let t = server
        .builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    t.execute(get("/api/atlas/v2/a")).await.unwrap();
    // The server drops tok-1 on its side; a refresh issues tok-2, which it accepts.
    *os.accepted.lock().unwrap() = Some("revoked-server-side".into());
    // tok-1 -> 401 -> refresh -> retry with tok-2 -> 200.
    t.execute(get("/api/atlas/v2/b")).await.unwrap();
    assert_eq!(server.count_path(TOKEN), 2);
    let reqs: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path != TOKEN)
        .collect();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[1].header("authorization"), Some("Bearer access-tok-1"));
    assert_eq!(reqs[2].header("authorization"), Some("Bearer access-tok-2"));
}

#[tokio::test]
async fn second_401_is_auth_error_without_loop() {
    let (server, os) = oauth_server().await;
    let t = server
        .builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    t.execute(get("/api/atlas/v2/a")).await.unwrap();
    // From now on the API rejects every token, including freshly issued ones.
    *os.reject_api.lock().unwrap() = true;
    let before = server.count();
    let err = t.execute(get("/api/atlas/v2/b")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    // cached token (401) + one refresh + one retry (401).
    assert_eq!(server.count() - before, 3);
}

#[tokio::test]
async fn fresh_token_401_is_not_refreshed() {
    let (server, os) = oauth_server().await;
    let t = server
        .builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    *os.reject_api.lock().unwrap() = true;
    let err = t.execute(get("/api/atlas/v2/a")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)));
    assert_eq!(server.count_path(TOKEN), 1);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn token_endpoint_failure_is_auth_error() {
    let (server, os) = oauth_server().await;
    *os.reject_credentials.lock().unwrap() = true;
    let t = server
        .builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    let err = t.execute(get("/api/atlas/v2/a")).await.unwrap_err();
    let Error::Auth(a) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(a.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(err.error_code(), Some("INVALID_CLIENT"));
    let refusal = a.response.as_ref().expect("the token endpoint's answer");
    assert_eq!(refusal.operation_id, "oauthToken");
    assert!(refusal.raw_body.starts_with(b"{"));
    assert!(std::ptr::eq(err.api_error().unwrap(), refusal));
    // The API itself was never called.
    assert_eq!(server.count(), 1);
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
}

/// A token endpoint that is not there (`404`: a wrong base URL, or a mock server without one)
/// is not a verdict on the credentials: an API error of `oauthToken`, not "refused the
/// service account credentials".
#[tokio::test]
async fn a_missing_token_endpoint_is_an_api_error() {
    let server = serve(|_| async { reply(404, &[], "") }).await;
    let t = server
        .builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    let err = t.execute(get("/api/atlas/v2/a")).await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.operation_id, "oauthToken");
    // The API itself was never called.
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn revoke_posts_token_and_clears_cache() {
    let (server, _os) = oauth_server().await;
    let t = server
        .builder()
        .service_account(CLIENT_ID, CLIENT_SECRET)
        .build()
        .unwrap();
    // Nothing cached yet: no-op.
    t.revoke_token().await.unwrap();
    assert_eq!(server.count(), 0);
    t.execute(get("/api/atlas/v2/a")).await.unwrap();
    t.revoke_token().await.unwrap();
    let revoke: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/oauth/revoke")
        .collect();
    assert_eq!(revoke.len(), 1);
    assert_eq!(revoke[0].method, "POST");
    assert_eq!(
        &revoke[0].body[..],
        b"token=access-tok-1&token_type_hint=access_token"
    );
    assert!(revoke[0]
        .header("authorization")
        .unwrap()
        .starts_with("Basic "));
    // The next call needs a new token.
    t.execute(get("/api/atlas/v2/b")).await.unwrap();
    assert_eq!(server.count_path(TOKEN), 2);
}

#[tokio::test]
async fn revoke_is_noop_for_other_auth() {
    let server = serve(|_r| async { json(200, serde_json::json!({})) }).await;
    let t = server.builder().digest_auth("p", "s").build().unwrap();
    t.revoke_token().await.unwrap();
    let t = server.builder().build().unwrap();
    t.revoke_token().await.unwrap();
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn bearer_token_is_sent_and_401_is_auth_error() {
    let server = serve(|r| async move {
        if r.header("authorization") == Some("Bearer static-tok-XYZ") {
            json(200, serde_json::json!({"ok": true}))
        } else {
            json(
                401,
                serde_json::json!({"error": 401, "errorCode": "NOT_AUTHORIZED"}),
            )
        }
    })
    .await;
    let t = server
        .builder()
        .bearer_token("static-tok-XYZ")
        .build()
        .unwrap();
    t.execute(get("/api/atlas/v2/a")).await.unwrap();
    let t = server.builder().bearer_token("other").build().unwrap();
    let err = t.execute(get("/api/atlas/v2/a")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)));
    assert!(err.is_error_code("NOT_AUTHORIZED"));
    // No auth configured: 401 is still Error::Auth.
    let t = server.builder().build().unwrap();
    let err = t.execute(get("/api/atlas/v2/a")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)));
    assert_eq!(server.count(), 3);
}

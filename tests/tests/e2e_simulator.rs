//! The simulator itself, probed with raw HTTP/1.1 requests (no client library):
//! Atlas' Digest challenge, independent digest verification, OAuth endpoints,
//! media-type versioning, body validation, envelope, pretty, rate-limit
//! headers and fault injection.

use std::time::Duration;

use atlas_tests::simulator::raw::{send, RawResponse};
use atlas_tests::simulator::{self as sim, Fault, Simulator, SimulatorBuilder};
use base64::Engine as _;
use md5::{Digest as _, Md5};
use serde_json::{json, Value};

const V2: &str = "application/vnd.atlas.2023-01-01+json";
const V2_BACKUP: &str = "application/vnd.atlas.2024-11-13+json";

fn instance_path() -> String {
    format!("/api/atlas/v2/groups/{}/serverless", sim::GROUP_ID)
}

fn instance_body(name: &str) -> Vec<u8> {
    json!({
        "name": name,
        "providerSettings": {"backingProviderName": "AWS", "regionName": "US_EAST_1"}
    })
    .to_string()
    .into_bytes()
}

fn md5_hex(s: &str) -> String {
    Md5::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The nonce of a `WWW-Authenticate: Digest …` header.
fn nonce_of(www: &str) -> String {
    let start = www.find("nonce=\"").expect("a nonce") + 7;
    let end = www[start..].find('"').unwrap() + start;
    www[start..end].to_owned()
}

/// A Digest `Authorization` value computed by hand (RFC 7616, MD5, qop=auth).
fn digest_header(user: &str, pass: &str, method: &str, uri: &str, nonce: &str, nc: u32) -> String {
    let cnonce = format!("c{nc}");
    let ha1 = md5_hex(&format!("{user}:{}:{pass}", sim::REALM));
    let ha2 = md5_hex(&format!("{method}:{uri}"));
    let response = md5_hex(&format!("{ha1}:{nonce}:{nc:08x}:{cnonce}:auth:{ha2}"));
    format!(
        r#"Digest username="{user}", realm="{}", nonce="{nonce}", uri="{uri}", algorithm=MD5, qop=auth, nc={nc:08x}, cnonce="{cnonce}", response="{response}""#,
        sim::REALM
    )
}

async fn post(s: &Simulator, target: &str, headers: &[(&str, &str)], body: &[u8]) -> RawResponse {
    send(s.addr(), "POST", target, headers, body)
        .await
        .expect("simulator answers")
}

async fn bearer_post(s: &Simulator, target: &str, media: &str, body: &[u8]) -> RawResponse {
    let auth = format!("Bearer {}", sim::BEARER_TOKEN);
    post(
        s,
        target,
        &[
            ("authorization", &auth),
            ("accept", media),
            ("content-type", media),
        ],
        body,
    )
    .await
}

#[tokio::test]
async fn the_digest_challenge_is_atlas_byte_for_byte() {
    let s = Simulator::start().await;
    let r = post(
        &s,
        &instance_path(),
        &[("accept", V2), ("content-type", V2)],
        &instance_body("a"),
    )
    .await;
    assert_eq!(r.status, 401);
    let www = r.header("www-authenticate").unwrap();
    let nonce = nonce_of(www);
    assert!(!nonce.is_empty());
    assert_eq!(
        www,
        format!(
            r#"Digest realm="MMS Public API", domain="", nonce="{nonce}", algorithm=MD5, qop="auth", stale=false"#
        )
    );
    let body = r.json();
    assert_eq!(
        (body["error"].clone(), body["errorCode"].clone()),
        (json!(401), json!("USER_UNAUTHORIZED"))
    );
    assert_eq!(s.unauthorized_count(), 1);
    // A second challenge gets a fresh nonce.
    let r2 = post(&s, &instance_path(), &[], b"").await;
    assert_ne!(nonce_of(r2.header("www-authenticate").unwrap()), nonce);
    assert_eq!(s.nonces_issued(), 2);
    assert_eq!(s.created_resources(), 0);
}

/// Nonce counts out of order: the default server (like Atlas) accepts any count not used
/// before; the strict one (Apache's `AuthDigestNcCheck On`) refuses a count not higher than the
/// last it accepted, with `stale=true` and a new nonce.
#[tokio::test]
async fn nonce_counts_out_of_order_lenient_and_strict() {
    for strict in [false, true] {
        let s = Simulator::builder()
            .strict_nonce_count(strict)
            .start()
            .await;
        let path = instance_path();
        let r = post(&s, &path, &[], b"").await;
        let nonce = nonce_of(r.header("www-authenticate").unwrap());
        let answer = |nc: u32, name: &'static str| {
            let auth = digest_header(sim::PUBLIC_KEY, sim::PRIVATE_KEY, "POST", &path, &nonce, nc);
            let s = &s;
            let path = path.clone();
            async move {
                let headers = [
                    ("authorization", auth.as_str()),
                    ("accept", V2),
                    ("content-type", V2),
                ];
                post(s, &path, &headers, &instance_body(name)).await
            }
        };
        assert_eq!(answer(5, "n5").await.status, 201, "strict={strict}");
        let late = answer(3, "n3").await;
        let replay = answer(5, "again").await;
        assert_eq!(replay.status, 401, "a replay is always refused");
        let replay_www = replay.header("www-authenticate").unwrap();
        assert_eq!(replay_www.ends_with("stale=true"), strict, "{replay_www}");
        if strict {
            assert_eq!(late.status, 401);
            let www = late.header("www-authenticate").unwrap();
            assert!(www.ends_with("stale=true"), "{www}");
            assert_ne!(nonce_of(www), nonce, "with a new nonce");
            assert_eq!(s.stale_count(), 2, "the late count and the replay");
        } else {
            assert_eq!(late.status, 201, "any unused count is accepted");
            assert_eq!(s.stale_count(), 0);
        }
        assert_eq!(
            answer(9, "n9").await.status,
            201,
            "strict={strict}: a higher count"
        );
    }
}

#[tokio::test]
async fn digest_answers_are_verified_independently() {
    let s = Simulator::start().await;
    let path = instance_path();
    let target = format!("{path}?pretty=false");
    let r = post(&s, &target, &[], b"").await;
    let nonce = nonce_of(r.header("www-authenticate").unwrap());
    let send_with = |auth: String, target: String, name: &'static str| {
        let s = &s;
        async move {
            post(
                s,
                &target,
                &[
                    ("authorization", &auth),
                    ("accept", V2),
                    ("content-type", V2),
                ],
                &instance_body(name),
            )
            .await
        }
    };
    let ok = digest_header(
        sim::PUBLIC_KEY,
        sim::PRIVATE_KEY,
        "POST",
        &target,
        &nonce,
        1,
    );
    assert_eq!(
        send_with(ok.clone(), target.clone(), "d1").await.status,
        201
    );
    // Replaying the same nonce count is refused.
    let replay = send_with(ok, target.clone(), "d2").await;
    assert_eq!(replay.status, 401);
    assert!(replay
        .header("www-authenticate")
        .unwrap()
        .ends_with("stale=false"));
    // Counts may arrive out of order, but each only once.
    let nc3 = digest_header(
        sim::PUBLIC_KEY,
        sim::PRIVATE_KEY,
        "POST",
        &target,
        &nonce,
        3,
    );
    assert_eq!(send_with(nc3, target.clone(), "d3").await.status, 201);
    let nc2 = digest_header(
        sim::PUBLIC_KEY,
        sim::PRIVATE_KEY,
        "POST",
        &target,
        &nonce,
        2,
    );
    assert_eq!(send_with(nc2, target.clone(), "d4").await.status, 201);
    // Wrong password, unknown user, wrong method in the hash.
    for bad in [
        digest_header(sim::PUBLIC_KEY, "nope", "POST", &target, &nonce, 10),
        digest_header(
            "someone-else",
            sim::PRIVATE_KEY,
            "POST",
            &target,
            &nonce,
            11,
        ),
        digest_header(
            sim::PUBLIC_KEY,
            sim::PRIVATE_KEY,
            "GET",
            &target,
            &nonce,
            12,
        ),
        digest_header(
            sim::PUBLIC_KEY,
            sim::PRIVATE_KEY,
            "POST",
            &target,
            "never-issued",
            13,
        ),
        digest_header(
            sim::PUBLIC_KEY,
            sim::PRIVATE_KEY,
            "POST",
            &target,
            &nonce,
            14,
        )
        .replace("MMS Public API", "Other"),
        digest_header(
            sim::PUBLIC_KEY,
            sim::PRIVATE_KEY,
            "POST",
            &target,
            &nonce,
            15,
        )
        .replace("qop=auth, ", ""),
    ] {
        assert_eq!(send_with(bad, target.clone(), "d5").await.status, 401);
    }
    // The digest covers the query: an answer computed for the bare path is refused.
    let no_query = digest_header(sim::PUBLIC_KEY, sim::PRIVATE_KEY, "POST", &path, &nonce, 16);
    let r = send_with(no_query, target.clone(), "d6").await;
    assert_eq!(
        (r.status, r.json()["errorCode"].clone()),
        (400, json!("INVALID_DIGEST_URI"))
    );
    // An expired nonce: a correct answer gets stale=true and a new nonce.
    s.expire_nonces();
    let stale = send_with(
        digest_header(
            sim::PUBLIC_KEY,
            sim::PRIVATE_KEY,
            "POST",
            &target,
            &nonce,
            17,
        ),
        target.clone(),
        "d7",
    )
    .await;
    assert_eq!(stale.status, 401);
    let www = stale.header("www-authenticate").unwrap();
    assert!(www.ends_with("stale=true"), "{www}");
    let fresh = nonce_of(www);
    assert_ne!(fresh, nonce);
    let ok = digest_header(
        sim::PUBLIC_KEY,
        sim::PRIVATE_KEY,
        "POST",
        &target,
        &fresh,
        1,
    );
    assert_eq!(send_with(ok, target, "d8").await.status, 201);
    assert_eq!(
        s.serverless_instances(sim::GROUP_ID).len(),
        2 + 4,
        "d1, d3, d4, d8"
    );
}

fn basic(id: &str, secret: &str) -> String {
    let raw = format!("{id}:{secret}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

#[tokio::test]
async fn the_oauth_endpoints_issue_check_and_revoke_tokens() {
    let s = Simulator::builder().token_expires_in(120).start().await;
    let good = basic(sim::CLIENT_ID, sim::CLIENT_SECRET);
    let r = post(
        &s,
        "/api/oauth/token",
        &[("authorization", &good), FORM],
        b"grant_type=client_credentials",
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let body = r.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 120);
    let token = body["access_token"].as_str().unwrap().to_owned();

    let refused = [
        (
            basic(sim::CLIENT_ID, "wrong"),
            "grant_type=client_credentials",
            FORM.1,
            401,
            "invalid_client",
        ),
        (
            String::new(),
            "grant_type=client_credentials",
            FORM.1,
            401,
            "invalid_client",
        ),
        (
            format!("Bearer {token}"),
            "grant_type=client_credentials",
            FORM.1,
            401,
            "invalid_client",
        ),
        (
            good.clone(),
            "grant_type=password",
            FORM.1,
            400,
            "unsupported_grant_type",
        ),
        (good.clone(), "", FORM.1, 400, "invalid_request"),
        (
            good.clone(),
            r#"{"grant_type":"client_credentials"}"#,
            "application/json",
            400,
            "invalid_request",
        ),
    ];
    for (auth, body, ct, status, error) in refused {
        let r = post(
            &s,
            "/api/oauth/token",
            &[("authorization", &auth), ("content-type", ct)],
            body.as_bytes(),
        )
        .await;
        assert_eq!(
            (r.status, r.json()["error"].clone()),
            (status, json!(error)),
            "{body} {ct}"
        );
    }
    assert_eq!((s.token_request_count(), s.tokens_issued()), (7, 1));

    // The token authenticates API calls.
    let bearer = format!("Bearer {token}");
    let call = |name: &'static str| {
        let (s, bearer) = (&s, bearer.clone());
        async move {
            post(
                s,
                &instance_path(),
                &[
                    ("authorization", &bearer),
                    ("accept", V2),
                    ("content-type", V2),
                ],
                &instance_body(name),
            )
            .await
        }
    };
    assert_eq!(call("t1").await.status, 201);
    // Revocation (RFC 7009) needs the client's credentials.
    let body = format!("token={token}&token_type_hint=access_token");
    let r = post(
        &s,
        "/api/oauth/revoke",
        &[("authorization", &basic(sim::CLIENT_ID, "x")), FORM],
        body.as_bytes(),
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(call("t2").await.status, 201, "not revoked by a stranger");
    let r = post(
        &s,
        "/api/oauth/revoke",
        &[("authorization", &good), FORM],
        body.as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!((s.revoke_count(), s.revoked_tokens()), (2, 1));
    let r = call("t3").await;
    assert_eq!(r.status, 401);
    let www = r.headers_named("www-authenticate");
    assert!(
        www.iter().any(|h| h.starts_with("Digest realm=")),
        "{www:?}"
    );
    assert!(
        www.contains(&r#"Bearer realm="MMS Public API", error="invalid_token""#),
        "{www:?}"
    );
}

#[tokio::test]
async fn tokens_expire_and_can_be_invalidated() {
    let s = Simulator::builder().token_expires_in(1).start().await;
    let good = basic(sim::CLIENT_ID, sim::CLIENT_SECRET);
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let r = post(
            &s,
            "/api/oauth/token",
            &[("authorization", &good), FORM],
            b"grant_type=client_credentials",
        )
        .await;
        tokens.push(format!(
            "Bearer {}",
            r.json()["access_token"].as_str().unwrap()
        ));
    }
    assert_ne!(tokens[0], tokens[1]);
    let use_token = |t: String| {
        let s = &s;
        async move {
            post(
                s,
                &instance_path(),
                &[("authorization", &t), ("accept", V2), ("content-type", V2)],
                b"{}",
            )
            .await
            .status
        }
    };
    assert_eq!(
        use_token(tokens[0].clone()).await,
        400,
        "authenticated; the body is invalid"
    );
    s.invalidate_tokens();
    assert_eq!(use_token(tokens[0].clone()).await, 401);
    let r = post(
        &s,
        "/api/oauth/token",
        &[("authorization", &good), FORM],
        b"grant_type=client_credentials",
    )
    .await;
    let fresh = format!("Bearer {}", r.json()["access_token"].as_str().unwrap());
    assert_eq!(use_token(fresh.clone()).await, 400);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(use_token(fresh).await, 401, "expired after expires_in");
}

#[tokio::test]
async fn static_bearer_tokens_are_accepted_only_when_configured() {
    let s = SimulatorBuilder::empty().group(sim::GROUP_ID).start().await;
    assert_eq!(
        bearer_post(&s, &instance_path(), V2, &instance_body("b"))
            .await
            .status,
        401
    );
    let s = SimulatorBuilder::empty()
        .group(sim::GROUP_ID)
        .bearer_token(sim::BEARER_TOKEN)
        .start()
        .await;
    assert_eq!(
        bearer_post(&s, &instance_path(), V2, &instance_body("b"))
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn versioned_media_types_are_enforced() {
    let s = Simulator::builder()
        .legacy_accepts_bearer(true)
        .start()
        .await;
    let g = sim::GROUP_ID;
    let routes = [
        (
            format!(
                "/api/atlas/v2/groups/{g}/privateEndpoint/serverless/instance/{}/endpoint",
                sim::AWS_INSTANCE
            ),
            V2,
        ),
        (format!("/api/atlas/v2/groups/{g}/serverless"), V2),
        (
            format!("/api/atlas/v2/groups/{g}/backup/AWS/privateEndpoints"),
            V2_BACKUP,
        ),
        (
            format!(
                "/api/atlas/v2/groups/{g}/privateEndpoint/AWS/endpointService/{}/endpoint",
                sim::AWS_ENDPOINT_SERVICE_ID
            ),
            V2,
        ),
        (
            format!(
                "/api/atlas/v1.0/groups/{g}/privateEndpoint/serverless/instance/{}/endpoint",
                sim::AWS_INSTANCE
            ),
            "application/json",
        ),
    ];
    let auth = format!("Bearer {}", sim::BEARER_TOKEN);
    let others = [
        "application/vnd.atlas.2099-01-01+json",
        V2,
        V2_BACKUP,
        "application/json",
        "*/*",
        "",
    ];
    for (path, media) in &routes {
        for other in others.iter().filter(|o| *o != media) {
            let mut h = vec![("authorization", auth.as_str()), ("content-type", *media)];
            if !other.is_empty() {
                h.push(("accept", *other));
            }
            let r = post(&s, path, &h, b"{}").await;
            assert_eq!(
                (r.status, r.json()["errorCode"].clone()),
                (406, json!("INVALID_VERSION_DATE")),
                "{path} Accept {other}"
            );
            let h = [
                ("authorization", auth.as_str()),
                ("accept", *media),
                ("content-type", *other),
            ];
            let r = post(&s, path, &h, b"{}").await;
            assert_eq!(
                (r.status, r.json()["errorCode"].clone()),
                (415, json!("UNSUPPORTED_MEDIA_TYPE")),
                "{path} Content-Type {other}"
            );
        }
        let r = bearer_post(&s, path, media, b"{}").await;
        assert!(r.status != 406 && r.status != 415, "{path}: {}", r.status);
    }
    assert_eq!(
        s.created_resources(),
        2,
        "only the serverless endpoints accept {{}}"
    );
}

#[tokio::test]
async fn invalid_bodies_are_validation_errors() {
    let s = Simulator::start().await;
    let cases: [(&[u8], &[&str]); 6] = [
        (b"{\"name\":", &["body"]),
        (b"[1, 2]", &["body"]),
        (b"{}", &["name", "providerSettings"]),
        (br#"{"name": 5, "providerSettings": {"backingProviderName": "AWS", "regionName": "US_EAST_1"}, "terminationProtectionEnabled": "yes", "tags": {}}"#, &["name", "tags", "terminationProtectionEnabled"]),
        (br#"{"name": "-x", "providerSettings": {"backingProviderName": "IBM", "providerName": "DEDICATED"}}"#, &["name", "providerSettings.backingProviderName", "providerSettings.providerName", "providerSettings.regionName"]),
        (br#"{"name": "x", "providerSettings": {"backingProviderName": "AWS", "regionName": "US_EAST_1"}, "tags": [{"key": "", "value": 1}]}"#, &["tags[0].key", "tags[0].value"]),
    ];
    for (body, fields) in cases {
        let r = bearer_post(&s, &instance_path(), V2, body).await;
        let b = r.json();
        let ctx = String::from_utf8_lossy(body);
        assert_eq!(r.status, 400, "{ctx}");
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(b["error"], 400);
        assert_eq!(b["errorCode"], "VALIDATION_ERROR");
        assert_eq!(b["reason"], "Bad Request");
        assert!(b["detail"].as_str().is_some_and(|d| !d.is_empty()));
        let params: Vec<&str> = b["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert_eq!(params, fields, "{ctx}");
        let detail: Vec<&str> = b["badRequestDetail"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert_eq!(detail, fields, "{ctx}");
    }
    assert_eq!(s.created_resources(), 0);
}

#[tokio::test]
async fn envelope_and_pretty_on_the_wire() {
    let s = Simulator::start().await;
    let r = bearer_post(
        &s,
        &format!("{}?envelope=true", instance_path()),
        V2,
        &instance_body("e1"),
    )
    .await;
    assert_eq!(r.status, 200);
    let b = r.json();
    assert_eq!(b["status"], 201);
    assert_eq!(b["content"]["name"], "e1");
    assert!(!r.text().contains('\n'));
    let r = bearer_post(
        &s,
        &format!("{}?envelope=true&pretty=true", instance_path()),
        V2,
        &instance_body("e1"),
    )
    .await;
    assert_eq!((r.status, r.json()["status"].clone()), (200, json!(409)));
    assert_eq!(r.json()["content"]["errorCode"], "DUPLICATE_CLUSTER_NAME");
    assert!(
        r.text().contains("\n  \"content\": {\n    "),
        "{}",
        r.text()
    );
    let r = bearer_post(
        &s,
        &format!("{}?envelope=false&pretty=true", instance_path()),
        V2,
        &instance_body("e2"),
    )
    .await;
    assert_eq!(r.status, 201);
    assert_eq!(r.header("content-type"), Some(V2));
    assert!(r.text().starts_with("{\n  \""));
    let unknown = format!(
        "/api/atlas/v2/groups/{}/serverless?envelope=true",
        sim::UNKNOWN_GROUP_ID
    );
    let r = bearer_post(&s, &unknown, V2, &instance_body("e3")).await;
    assert_eq!((r.status, r.json()["status"].clone()), (200, json!(404)));
    assert_eq!(r.json()["content"]["errorCode"], "RESOURCE_NOT_FOUND");
}

#[tokio::test]
async fn rate_limit_headers_count_down() {
    let s = Simulator::builder().rate_limit(3).start().await;
    let mut remaining = Vec::new();
    for i in 0..4 {
        let r = bearer_post(&s, &instance_path(), V2, &instance_body(&format!("r{i}"))).await;
        assert_eq!(r.header("ratelimit-limit"), Some("3"));
        remaining.push(r.header("ratelimit-remaining").unwrap().to_owned());
    }
    assert_eq!(remaining, ["2", "1", "0", "0"]);
}

#[tokio::test]
async fn unknown_routes_are_404_after_authentication() {
    let s = Simulator::start().await;
    let r = send(s.addr(), "GET", "/api/atlas/v2/groups/x", &[], b"")
        .await
        .unwrap();
    assert_eq!(r.status, 401);
    let auth = format!("Bearer {}", sim::BEARER_TOKEN);
    for (method, target) in [
        (
            "GET",
            format!("/api/atlas/v2/groups/{}/serverless", sim::GROUP_ID),
        ),
        ("POST", "/api/atlas/v2/groups/x/y/z".to_owned()),
        (
            "POST",
            format!(
                "/api/atlas/v2/groups/{}/serverless/../serverless",
                sim::GROUP_ID
            ),
        ),
    ] {
        let r = send(s.addr(), method, &target, &[("authorization", &auth)], b"")
            .await
            .unwrap();
        assert_eq!(
            (r.status, r.json()["errorCode"].clone()),
            (404, json!("RESOURCE_NOT_FOUND")),
            "{method} {target}"
        );
    }
    // The log keeps the raw path, dot segments included.
    let raw: Vec<String> = s.requests().into_iter().map(|r| r.path).collect();
    assert!(
        raw.iter().any(|p| p.ends_with("/serverless/../serverless")),
        "{raw:?}"
    );
}

#[tokio::test]
async fn faults_are_consumed_in_order_by_authenticated_requests() {
    let s = Simulator::start().await;
    s.inject(
        1,
        Fault::TooManyRequests {
            retry_after: Some(3),
        },
    );
    s.inject(1, Fault::InternalError);
    s.inject(
        1,
        Fault::Raw {
            status: 201,
            content_type: V2.into(),
            body: "not json".into(),
        },
    );
    // Neither an unauthenticated request nor the token endpoint consumes a fault.
    assert_eq!(post(&s, &instance_path(), &[], b"").await.status, 401);
    let good = basic(sim::CLIENT_ID, sim::CLIENT_SECRET);
    assert_eq!(
        post(
            &s,
            "/api/oauth/token",
            &[("authorization", &good), FORM],
            b"grant_type=client_credentials"
        )
        .await
        .status,
        200
    );
    assert_eq!(s.pending_faults(), 3);
    let r = bearer_post(&s, &instance_path(), V2, &instance_body("f")).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("3"));
    assert!(r.header("ratelimit-remaining").is_some());
    assert_eq!(r.json()["errorCode"], "RATE_LIMITED");
    let r = bearer_post(&s, &instance_path(), V2, &instance_body("f")).await;
    assert_eq!(
        (r.status, r.json()["errorCode"].clone()),
        (500, json!("UNEXPECTED_ERROR"))
    );
    let r = bearer_post(
        &s,
        &format!("{}?envelope=true", instance_path()),
        V2,
        &instance_body("f"),
    )
    .await;
    assert_eq!(
        (r.status, r.text()),
        (201, "not json".to_owned()),
        "raw answers are never enveloped"
    );
    assert_eq!(s.created_resources(), 0);
    let r = bearer_post(&s, &instance_path(), V2, &instance_body("f")).await;
    assert_eq!(r.status, 201);
    assert_eq!(s.pending_faults(), 0);
    let log = s.requests();
    let statuses: Vec<Option<u16>> = log.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [
            Some(401),
            Some(200),
            Some(429),
            Some(500),
            Some(201),
            Some(201)
        ]
    );
    let value: Value = serde_json::from_slice(&log[5].response_body).unwrap();
    assert_eq!(value["name"], "f");
}

#[tokio::test]
async fn the_simulator_stops_when_dropped() {
    let s = Simulator::start().await;
    let addr = s.addr();
    assert!(send(addr, "GET", "/", &[], b"").await.is_ok());
    drop(s);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

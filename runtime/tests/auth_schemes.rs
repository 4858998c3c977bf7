//! HTTP Basic and API keys (OpenAPI's `http` `basic` and `apiKey` schemes): what each puts on
//! the wire, that an anonymous request (`security: []`) carries none of it, that `build()`
//! refuses what a request could not carry without echoing the key, and that `Debug`, errors and
//! tracing never show it. Real servers on 127.0.0.1.

mod common;

use std::time::Duration;

use atlas_admin_runtime::{ApiKey, ApiKeyLocation, ClientBuilder, Error, Method, Transport};
use common::*;

const KEY: &str = "s3cr3t-k3y+/=";

async fn ok_server() -> TestServer {
    serve(|_r| std::future::ready(reply(200, &[], ""))).await
}

#[tokio::test]
async fn basic_auth_sends_rfc_7617_credentials() {
    let s = ok_server().await;
    // RFC 7617's own example: `Aladdin` / `open sesame`.
    let t = s
        .builder()
        .basic_auth("Aladdin", "open sesame")
        .build()
        .unwrap();
    t.execute(get("/things")).await.unwrap();
    // A password may hold a colon: only the first one separates.
    let t = s.builder().basic_auth("user", "pa:ss").build().unwrap();
    t.execute(get("/things")).await.unwrap();
    let got = s.requests();
    assert_eq!(
        got[0].header("authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
    assert_eq!(
        got[1].header("authorization"),
        Some("Basic dXNlcjpwYTpzcw==")
    );
}

#[tokio::test]
async fn an_api_key_goes_where_its_scheme_says() {
    let s = ok_server().await;

    let t = s
        .builder()
        .api_key(ApiKey::header("X-API-Key", KEY))
        .build()
        .unwrap();
    t.execute(get("/h")).await.unwrap();

    let t = s
        .builder()
        .api_key(ApiKey::query("api_key", KEY))
        .build()
        .unwrap();
    let mut with_query = get("/q");
    with_query.query("limit", &5).unwrap();
    t.execute(with_query).await.unwrap();

    let t = s
        .builder()
        .api_key(ApiKey::cookie("apiKey", "k1"))
        .build()
        .unwrap();
    t.execute(get("/c")).await.unwrap();
    let mut with_cookie = get("/c2");
    with_cookie.cookie("theme", "dark").unwrap();
    t.execute(with_cookie).await.unwrap();

    let got = s.requests();
    assert_eq!(got[0].header("x-api-key"), Some(KEY));
    assert_eq!(got[0].header("authorization"), None);
    // After the operation's own query parameters, percent-encoded.
    assert_eq!(
        got[1].query.as_deref(),
        Some("limit=5&api_key=s3cr3t-k3y%2B%2F%3D")
    );
    assert_eq!(got[2].header("cookie"), Some("apiKey=k1"));
    // After the operation's cookie parameters, in the one `Cookie` header.
    assert_eq!(got[3].header("cookie"), Some("theme=dark; apiKey=k1"));
    assert_eq!(got[3].headers.get_all("cookie").iter().count(), 1);
}

#[tokio::test]
async fn an_anonymous_request_carries_no_basic_credentials_or_api_key() {
    let builders: Vec<fn(ClientBuilder<Transport>) -> ClientBuilder<Transport>> = vec![
        |b| b.basic_auth("user", "password"),
        |b| b.api_key(ApiKey::header("X-API-Key", KEY)),
        |b| b.api_key(ApiKey::query("api_key", KEY)),
        |b| b.api_key(ApiKey::cookie("apiKey", "k1")),
    ];
    for (i, configure) in builders.into_iter().enumerate() {
        let s = ok_server().await;
        let t = configure(s.builder()).build().unwrap();
        t.execute(get("/public").anonymous()).await.unwrap();
        t.execute(get("/private")).await.unwrap();
        let got = s.requests();
        let carries = |r: &Recorded| {
            r.header("authorization").is_some()
                || r.header("x-api-key").is_some()
                || r.header("cookie").is_some()
                || r.query.is_some()
        };
        assert!(!carries(&got[0]), "case {i}: {:?}", got[0].headers);
        assert!(
            carries(&got[1]),
            "case {i}: the other request authenticates"
        );
    }
}

#[test]
fn build_refuses_an_unusable_credential_without_echoing_it() {
    let cases: Vec<(ClientBuilder<Transport>, &str)> = vec![
        (
            ClientBuilder::new().api_key(ApiKey::header("X-API-Key", "")),
            "must not be empty",
        ),
        (
            ClientBuilder::new().api_key(ApiKey::query("", KEY)),
            "name must not be empty",
        ),
        (
            ClientBuilder::new().api_key(ApiKey::header("X API Key", KEY)),
            "not a valid header name",
        ),
        (
            ClientBuilder::new().api_key(ApiKey::header("Cookie", KEY)),
            "is an ApiKey::cookie",
        ),
        (
            ClientBuilder::new().api_key(ApiKey::header("X-API-Key", "line\nbreak")),
            "not allowed in a header",
        ),
        (
            ClientBuilder::new().api_key(ApiKey::cookie("api;key", KEY)),
            "not a valid cookie name",
        ),
        (
            ClientBuilder::new().api_key(ApiKey::cookie("apiKey", "a;b=secret")),
            "a cookie cannot carry",
        ),
        (
            ClientBuilder::new().basic_auth("", "pw"),
            "must not be empty",
        ),
        (
            ClientBuilder::new().basic_auth("a:b", "pw"),
            "must not contain `:`",
        ),
    ];
    for (builder, expected) in cases {
        let err = builder.build().unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(matches!(err, Error::Config(_)), "{shown}");
        assert!(shown.contains(expected), "{shown} should say {expected:?}");
        assert!(!shown.contains(KEY) && !shown.contains("secret"), "{shown}");
    }
}

#[tokio::test]
async fn debug_and_errors_never_show_the_key_or_password() {
    let key = ApiKey::new(ApiKeyLocation::Query, "api_key", KEY);
    assert_eq!(key.location(), ApiKeyLocation::Query);
    assert_eq!(key.name(), "api_key");
    assert_eq!(
        format!("{key:?}"),
        r#"ApiKey { location: Query, name: "api_key", key: <redacted> }"#
    );
    for builder in [
        ClientBuilder::<Transport>::new().api_key(ApiKey::header("X-API-Key", KEY)),
        ClientBuilder::<Transport>::new().api_key(ApiKey::query("api_key", KEY)),
        ClientBuilder::<Transport>::new().api_key(ApiKey::cookie("apiKey", "k1k1k1")),
        ClientBuilder::<Transport>::new().basic_auth("user", KEY),
    ] {
        let shown = format!("{builder:?}");
        assert!(!shown.contains(KEY) && !shown.contains("k1k1k1"), "{shown}");
        let t = builder.build().unwrap();
        let shown = format!("{t:?} {t:#?}");
        assert!(!shown.contains(KEY) && !shown.contains("k1k1k1"), "{shown}");
    }
    // A server that refuses the key, and one that never answers: the errors name neither the
    // key nor the URL it was sent in.
    let refusing = serve(|_r| std::future::ready(reply(401, &[], ""))).await;
    let t = refusing
        .builder()
        .api_key(ApiKey::query("api_key", KEY))
        .build()
        .unwrap();
    let err = t.execute(req(Method::GET, "/x")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("rejected the credentials"), "{shown}");
    assert!(!shown.contains(KEY) && !shown.contains("s3cr3t"), "{shown}");
    let slow = serve(|_r| async {
        tokio::time::sleep(Duration::from_secs(2)).await;
        reply(200, &[], "")
    })
    .await;
    let t = slow
        .builder()
        .api_key(ApiKey::query("api_key", KEY))
        .timeout(Duration::from_millis(100))
        .retry(fast_retry(0))
        .build()
        .unwrap();
    let err = t.execute(get("/slow")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
}

#[tokio::test]
async fn several_api_keys_are_all_sent_and_a_repeated_one_is_refused() {
    // Plaid's requirement: `PLAID-CLIENT-ID` and `PLAID-SECRET` together.
    let s = ok_server().await;
    let t = s
        .builder()
        .api_key(ApiKey::header("PLAID-CLIENT-ID", "client-1"))
        .api_key(ApiKey::header("PLAID-SECRET", KEY))
        .api_key(ApiKey::query("tenant", "t1"))
        .build()
        .unwrap();
    t.execute(get("/both")).await.unwrap();
    t.execute(get("/public").anonymous()).await.unwrap();
    let got = s.requests();
    assert_eq!(got[0].header("plaid-client-id"), Some("client-1"));
    assert_eq!(got[0].header("plaid-secret"), Some(KEY));
    assert_eq!(got[0].query.as_deref(), Some("tenant=t1"));
    assert_eq!(got[1].header("plaid-client-id"), None);
    assert_eq!(got[1].header("plaid-secret"), None);
    assert_eq!(got[1].query, None);

    // Another kind of credentials replaces the keys, and keys replace it.
    let t = s
        .builder()
        .api_key(ApiKey::header("X-API-Key", KEY))
        .bearer_token("tok")
        .build()
        .unwrap();
    t.execute(get("/bearer")).await.unwrap();
    let t = s
        .builder()
        .bearer_token("tok")
        .api_key(ApiKey::header("X-API-Key", "k2"))
        .build()
        .unwrap();
    t.execute(get("/key")).await.unwrap();
    let got = s.requests();
    assert_eq!(
        (got[2].header("authorization"), got[2].header("x-api-key")),
        (Some("Bearer tok"), None)
    );
    assert_eq!(
        (got[3].header("authorization"), got[3].header("x-api-key")),
        (None, Some("k2"))
    );

    // The same header twice (names are case-insensitive) cannot be meant.
    let err = ClientBuilder::<Transport>::new()
        .api_key(ApiKey::header("X-API-Key", KEY))
        .api_key(ApiKey::header("x-api-key", "other"))
        .build()
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(matches!(err, Error::Config(_)), "{shown}");
    assert!(shown.contains("two keys for the same header"), "{shown}");
    assert!(!shown.contains(KEY), "{shown}");
    // The same name in two places is two keys.
    ClientBuilder::<Transport>::new()
        .api_key(ApiKey::header("key", "a"))
        .api_key(ApiKey::query("key", "b"))
        .build()
        .unwrap();
}

#[tokio::test]
async fn an_api_key_in_the_authorization_header_is_sent_as_written() {
    // PagerDuty's `Authorization: Token token=…`, Discord's `Authorization: Bot …`.
    let s = ok_server().await;
    let t = s
        .builder()
        .api_key(ApiKey::header(
            "Authorization",
            "Token token=y_NbAkKc66ryYTWUXYEu",
        ))
        .build()
        .unwrap();
    t.execute(get("/abilities")).await.unwrap();
    t.execute(get("/public").anonymous()).await.unwrap();
    let got = s.requests();
    assert_eq!(
        got[0].header("authorization"),
        Some("Token token=y_NbAkKc66ryYTWUXYEu")
    );
    assert_eq!(got[1].header("authorization"), None);
    assert!(!format!("{t:?}").contains("y_NbAkKc66ryYTWUXYEu"));
}

//! Anonymous requests (`Request::anonymous`, an operation whose spec says `security: []`):
//! sent with no `Authorization` header whatever the client's credentials — no Digest
//! challenge answered, no OAuth token fetched — while the client's other requests carry them.
//! Real servers on 127.0.0.1.

mod common;

use atlas_admin_runtime::{Error, Method, Request, StatusCode};
use common::*;

/// The API: a Digest challenge to any request without `Authorization`, an OAuth token at
/// `/api/oauth/token`, `200` to any request that has one.
async fn api() -> TestServer {
    serve(|r: Recorded| {
        std::future::ready(match (r.path.as_str(), r.header("authorization")) {
            ("/api/oauth/token", _) => json(
                200,
                serde_json::json!({"access_token": "access-tok", "expires_in": 3600, "token_type": "Bearer"}),
            ),
            (_, None) => reply(
                401,
                &[(
                    "www-authenticate",
                    r#"Digest realm="MMS Public API", nonce="n1", algorithm=MD5, qop="auth""#,
                )],
                "",
            ),
            (_, Some(_)) => reply(200, &[], ""),
        })
    })
    .await
}

/// An anonymous request to `server` (leaked: the generated code's are `'static` literals).
fn token_request(server: &str) -> Request {
    req(Method::POST, "/oauth2/token")
        .with_server(Box::leak(server.to_owned().into_boxed_str()))
        .anonymous()
}

#[tokio::test]
async fn an_anonymous_request_carries_no_credentials_whatever_the_client_has() {
    for auth in ["digest", "service_account", "bearer"] {
        let api = api().await;
        // The other host (Box's token endpoint): answers anything with 200.
        let other = serve(|_r| std::future::ready(reply(200, &[], ""))).await;
        let builder = api.builder();
        let t = match auth {
            "digest" => builder.digest_auth("public-key", "private-key"),
            "service_account" => builder.service_account("client-id", "client-secret"),
            _ => builder.bearer_token("static-token"),
        }
        .build()
        .unwrap();
        t.execute(token_request(&other.base)).await.unwrap();
        let got = other.requests();
        assert_eq!(got.len(), 1, "{auth}");
        assert_eq!(got[0].path, "/oauth2/token", "{auth}");
        assert_eq!(got[0].header("authorization"), None, "{auth}");
        // No token fetched, no challenge asked for on the API's host.
        assert_eq!(api.count(), 0, "{auth}");
        // An anonymous request to the client's own host carries none either.
        t.execute(get("/unauth/ips").anonymous()).await.unwrap_err();
        let last = api.requests().pop().unwrap();
        assert_eq!(
            (last.path.as_str(), last.header("authorization")),
            ("/unauth/ips", None),
            "{auth}"
        );
        assert_eq!(api.count(), 1, "{auth}: the challenge is not answered");
        // The client's other requests still authenticate.
        t.execute(get("/things/1")).await.unwrap();
        let last = api.requests().pop().unwrap();
        let header = last.header("authorization").unwrap_or_default().to_owned();
        let scheme = match auth {
            "digest" => "Digest ",
            _ => "Bearer ",
        };
        assert!(header.starts_with(scheme), "{auth}: {header}");
    }
}

#[tokio::test]
async fn a_401_to_an_anonymous_request_says_it_was_sent_without_credentials() {
    let api = api().await;
    let t = api.builder().bearer_token("static-token").build().unwrap();
    let err = t.execute(get("/unauth/ips").anonymous()).await.unwrap_err();
    let Error::Auth(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.status(), Some(StatusCode::UNAUTHORIZED));
    assert!(
        e.message
            .contains("sent without credentials (its spec says `security: []`)"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn a_path_that_cannot_be_sent_is_refused_naming_template_and_character() {
    let api = api().await;
    let t = api.builder().no_auth().build().unwrap();
    for (path, why) in [
        (
            "/oauth2/token#refresh",
            "`#` would start a fragment (never sent)",
        ),
        ("/responses?beta=true", "`?` would start the query string"),
        ("/my files", "the character ' ' would be percent-encoded"),
        ("/a/%2E%2E/b", "the dot segment `%2E%2E` would be removed"),
    ] {
        let err = t
            .execute(Request::new("op", Method::POST, "/tmpl/{x}", path, ACCEPT))
            .await
            .unwrap_err();
        let Error::Validation(v) = &err else {
            panic!("{path}: {err:?}")
        };
        let message = &v.issues[0].message;
        assert_eq!(
            message,
            &format!("path `{path}` (template `/tmpl/{{x}}`) cannot be sent unchanged: {why}"),
        );
    }
    assert_eq!(api.count(), 0);
}

#[tokio::test]
async fn a_query_from_the_path_key_comes_first() {
    let api = api().await;
    let t = api.builder().bearer_token("static-token").build().unwrap();
    let mut r = req(Method::GET, "/responses").with_query("beta=true");
    r.query("limit", &5).unwrap();
    t.execute(r).await.unwrap();
    assert_eq!(api.requests()[0].target, "/responses?beta=true&limit=5");
}

//! `components/securitySchemes` (`tests/fixtures/security_schemes.yaml`, committed under
//! `tests/goldens/security_schemes/`): the generated `api_keys` constructors put the key where
//! its scheme says, HTTP Basic sends RFC 7617 credentials, an operation whose spec says
//! `security: []` carries none of them, and the builder's doc names the setting for each scheme
//! (the two schemes the generator cannot read are left out with a warning). Run against a local
//! server.

use std::time::Duration;

use atlas_admin_runtime::{ApiKeyLocation, RetryPolicy};
use atlas_tests::capture::{Answer, Server};
use golden_security_schemes::{api_keys, Client};
use serde_json::json;

fn builder(server: &Server) -> atlas_admin_runtime::ClientBuilder<Client> {
    Client::builder()
        .base_url(server.url())
        .allow_http(true)
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
}

#[test]
fn each_api_key_scheme_has_a_constructor_with_its_name_and_location() {
    let keys = [
        (
            api_keys::header_key("k"),
            ApiKeyLocation::Header,
            "X-API-Key",
        ),
        (api_keys::query_key("k"), ApiKeyLocation::Query, "api_key"),
        (
            api_keys::session_cookie("k"),
            ApiKeyLocation::Cookie,
            "session",
        ),
        // `type`, a `$ref` to `HeaderKey`, is a keyword: a raw identifier.
        (api_keys::r#type("k"), ApiKeyLocation::Header, "X-API-Key"),
    ];
    for (key, location, name) in keys {
        assert_eq!((key.location(), key.name()), (location, name));
        assert!(!format!("{key:?}").contains("\"k\""));
    }
}

#[tokio::test]
async fn api_keys_and_basic_credentials_go_where_the_scheme_says() {
    let server = Server::start().await;
    server.answer(Answer::json(200, json!(["a"])));
    let with = |configure: fn(
        atlas_admin_runtime::ClientBuilder<Client>,
    ) -> atlas_admin_runtime::ClientBuilder<Client>| {
        configure(builder(&server)).build().unwrap()
    };

    let header = with(|b| b.api_key(api_keys::header_key("hk-1")));
    assert_eq!(header.list_things().limit(2).await.unwrap(), ["a"]);
    let got = server.last();
    assert_eq!(got.header("x-api-key"), Some("hk-1"));
    assert_eq!(got.target(), "/things?limit=2");

    let query = with(|b| b.api_key(api_keys::query_key("q k&1")));
    query.list_things().limit(2).await.unwrap();
    assert_eq!(server.last().target(), "/things?limit=2&api_key=q+k%261");

    let cookie = with(|b| b.api_key(api_keys::session_cookie("sess-1")));
    cookie.list_things().theme("dark").await.unwrap();
    assert_eq!(
        server.last().header_values("cookie"),
        ["theme=dark; session=sess-1"]
    );

    let basic = with(|b| b.basic_auth("Aladdin", "open sesame"));
    basic.list_things().await.unwrap();
    assert_eq!(
        server.last().header("authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );

    // `security: []`: none of them.
    server.answer(Answer::empty(204));
    for client in [&header, &query, &cookie, &basic] {
        client.health().await.unwrap();
        let got = server.last();
        assert_eq!(got.target(), "/health");
        assert_eq!(got.header("x-api-key"), None);
        assert_eq!(got.header("cookie"), None);
        assert_eq!(got.header("authorization"), None);
    }
}

#[test]
fn the_builder_doc_names_the_setting_for_each_scheme() {
    let client_rs = include_str!("../goldens/security_schemes/src/client.rs");
    for line in [
        "/// - `Basic`: HTTP Basic: [`ClientBuilder::basic_auth`]",
        "/// - `Bearer`: HTTP Bearer: [`ClientBuilder::bearer_token`]",
        "/// - `Digest`: HTTP Digest: [`ClientBuilder::digest_auth`]",
        "/// - `HeaderKey`: API key in header `X-API-Key`: [`ClientBuilder::api_key`] with [`api_keys::header_key`](crate::api_keys::header_key)",
        "/// - `ServiceAccounts`: OAuth 2.0 client credentials (token from `https://api.keys.example/api/oauth/token`): [`ClientBuilder::service_account`]",
        "/// - `PartnerOAuth`: OAuth 2.0: [`ClientBuilder::bearer_token`] with an access token you obtained",
        "/// - `Hoba`: HTTP `hoba`: not built in;",
        "/// The spec's requirement `HeaderKey` + `QueryKey` needs every one of these keys at once: call [`ClientBuilder::api_key`] once per key.",
        "/// The spec's requirement `Bearer` + `SessionCookie` needs schemes of different kinds at once, which a client does not send together: add the others through [`ClientBuilder::http_client`].",
    ] {
        assert!(client_rs.contains(line), "missing: {line}");
    }
    // Alternatives are not said to be needed together.
    assert!(!client_rs.contains("`Basic` + `HeaderKey`"));
    // Left out with a warning, not listed.
    assert!(!client_rs.contains("`NoName`") && !client_rs.contains("`InBody`"));
}

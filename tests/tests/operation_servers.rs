//! Operation- and path-level `servers` (`tests/fixtures/operation_servers.yaml`, committed under
//! `tests/goldens/operation_servers/`), as Box's spec has them: each operation goes to its own
//! server, the rest to the base URL; `ClientBuilder::server_url` redirects one server, and the
//! typed mock answers every operation itself. Run against local servers.

use std::time::Duration;

use atlas_admin_runtime::{Error, RetryPolicy};
use atlas_tests::capture::{Answer, Server};
use golden_operation_servers::mock::MockServer;
use golden_operation_servers::Client;
use serde_json::json;

const TOKEN_SERVER: &str = "https://api.files.example";
const UPLOAD_SERVER: &str = "https://upload.files.example/api/2.0";
const PREFLIGHT_SERVER: &str = "https://preflight.files.example/2.0";

/// A client of `base`, with no retries and short timeouts (a call that wrongly leaves for a
/// spec host fails fast).
fn builder(base: &Server) -> atlas_admin_runtime::ClientBuilder<Client> {
    Client::builder()
        .base_url(base.url())
        .allow_http(true)
        .retry(RetryPolicy::none())
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(5))
}

fn paths(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method(), r.target()))
        .collect()
}

#[tokio::test]
async fn each_operation_goes_to_its_server_and_server_url_redirects_it() {
    let base = Server::start().await;
    let auth = Server::start().await;
    let uploads = Server::start().await;
    base.answer(Answer::json(200, json!({"id": "f1"})));
    auth.answer(Answer::json(200, json!({"access_token": "t"})));
    uploads.answer(Answer::json(200, json!({"id": "f2"})));
    let client = builder(&base)
        .server_url(TOKEN_SERVER, auth.url())
        .server_url(UPLOAD_SERVER, format!("{}/up", uploads.url()))
        .server_url(PREFLIGHT_SERVER, format!("{}/pre", uploads.url()))
        .build()
        .unwrap();

    assert_eq!(client.get_file("f1").await.unwrap().id, "f1");
    // A relative operation server falls back to the base URL (the generator warned).
    client.legacy_ping().await.unwrap();
    // The token endpoint is outside the base URL's `/2.0`: its own server, its own path.
    let token = client.request_access_token().await.unwrap();
    assert_eq!(token.access_token, "t");
    // The path item's server (its variable at its default), and an operation's own server
    // over its path item's.
    assert_eq!(client.upload_file().await.unwrap().id, "f2");
    client.preflight_file_upload().await.unwrap();

    assert_eq!(paths(&base), ["GET /files/f1", "GET /legacy/ping"]);
    assert_eq!(paths(&auth), ["POST /oauth2/token"]);
    assert_eq!(
        paths(&uploads),
        ["POST /up/files/content", "OPTIONS /pre/files/content"]
    );
}

#[tokio::test]
async fn without_a_replacement_an_operation_leaves_for_its_spec_server() {
    let base = Server::start().await;
    let client = builder(&base).build().unwrap();
    // `upload.files.example` is a reserved name no one answers: the call fails to connect,
    // and nothing reached the base URL.
    let err = client.upload_file().await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { .. } | Error::Timeout { .. }),
        "{err:?}"
    );
    assert_eq!(paths(&base), Vec::<String>::new());
    assert_eq!(
        client
            .transport()
            .server_base(Some(UPLOAD_SERVER))
            .unwrap()
            .as_str(),
        UPLOAD_SERVER
    );
}

#[tokio::test]
async fn build_refuses_a_server_url_no_operation_names() {
    let base = Server::start().await;
    // The document's own server is the base URL, not an operation server.
    let err = builder(&base)
        .server_url("https://api.files.example/2.0", "https://proxy.example")
        .build()
        .unwrap_err();
    let Error::Config(message) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        message,
        "server_url: no operation of this API names the server `https://api.files.example/2.0` \
         (those that do: `https://api.files.example`, `https://preflight.files.example/2.0`, \
         `https://upload.files.example/api/2.0`); the base URL is set on its own (`base_url`; \
         `--base-url` in a generated command line)"
    );
}

/// An API none of whose operations has a server of its own (Atlas) refuses any
/// `server_url` too, rather than accepting it and sending everything to the base URL.
#[test]
fn a_client_without_operation_servers_refuses_server_url() {
    let err = atlas_admin_client::Client::builder()
        .server_url("https://cloud.mongodb.com", "https://proxy.example")
        .build()
        .unwrap_err();
    let atlas_admin_client::Error::Config(message) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        message,
        "server_url: no operation of this API names the server `https://cloud.mongodb.com` \
         (those that do: none); the base URL is set on its own (`base_url`; `--base-url` in a \
         generated command line)"
    );
}

#[tokio::test]
async fn the_typed_mock_answers_operations_of_every_server() {
    let mock = MockServer::start().await;
    mock.upload_file()
        .respond(
            serde_json::from_value::<golden_operation_servers::models::File>(json!({"id": "f3"}))
                .unwrap(),
        )
        .await;
    mock.request_access_token()
        .respond(
            serde_json::from_value::<golden_operation_servers::models::Token>(
                json!({"access_token": "m"}),
            )
            .unwrap(),
        )
        .await;
    let client = mock.client();
    assert_eq!(client.upload_file().await.unwrap().id, "f3");
    assert_eq!(
        client.request_access_token().await.unwrap().access_token,
        "m"
    );
    mock.verify().await;
}

/// The secret of the tests below: it must reach the API's host and no other.
const TOKEN: &str = "user-token-secret";

#[tokio::test]
async fn an_operation_with_empty_security_is_sent_without_credentials() {
    let base = Server::start().await;
    let auth = Server::start().await;
    base.answer(Answer::json(200, json!({"id": "f1"})));
    auth.answer(Answer::json(200, json!({"access_token": "t"})));
    let client = builder(&base)
        .bearer_token(TOKEN)
        .server_url(TOKEN_SERVER, auth.url())
        .build()
        .unwrap();
    // `security: []` and `security: [{}]` (no scheme named): the token endpoint on another
    // host sees no Authorization at all.
    client.request_access_token().await.unwrap();
    client.refresh_access_token().await.unwrap();
    // The document's `security` (and `[{}, BearerToken]`: optional, so the client's
    // credentials are sent): the API's host gets the token.
    client.get_file("f1").await.unwrap();
    client.search_beta("q").await.unwrap();
    let sent: Vec<(String, Option<String>)> = auth
        .requests()
        .iter()
        .chain(base.requests().iter())
        .map(|r| {
            (
                format!("{} {}", r.method(), r.target()),
                r.header("authorization").map(str::to_owned),
            )
        })
        .collect();
    let bearer = Some(format!("Bearer {TOKEN}"));
    assert_eq!(
        sent,
        [
            ("POST /oauth2/token".to_owned(), None),
            ("POST /oauth2/token".to_owned(), None),
            ("GET /files/f1".to_owned(), bearer.clone()),
            ("GET /search?beta=true&query=q".to_owned(), bearer),
        ]
    );
}

#[tokio::test]
async fn the_typed_mock_matches_a_fragment_operation_on_the_path_without_it() {
    let mock = MockServer::start().await;
    mock.refresh_access_token()
        .respond(
            serde_json::from_value::<golden_operation_servers::models::Token>(
                json!({"access_token": "r"}),
            )
            .unwrap(),
        )
        .await;
    let client = mock.client();
    assert_eq!(
        client.refresh_access_token().await.unwrap().access_token,
        "r"
    );
    mock.verify().await;
}

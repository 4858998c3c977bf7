//! Operation servers: a request naming its operation's own server (`Request::server`, an
//! operation- or path-level `servers` entry of the spec) goes there, not to the base URL;
//! `ClientBuilder::server_url` redirects one such server, `all_servers_to_base_url` (the typed
//! mock's choice) every one. Real servers on 127.0.0.1.

mod common;

use atlas_admin_runtime::{Error, Method, Request, Transport};
use common::*;

/// A request of an operation whose spec server is `server` (leaked: the generated code's are
/// `'static` literals).
fn upload(server: &str) -> Request {
    req(Method::POST, "/files/content").with_server(Box::leak(server.to_owned().into_boxed_str()))
}

fn ok() -> impl Fn(Recorded) -> std::future::Ready<axum::response::Response> + Send + Sync {
    |_r| std::future::ready(reply(204, &[], ""))
}

#[tokio::test]
async fn a_request_with_a_server_goes_to_that_server() {
    let base = serve(ok()).await;
    let uploads = serve(ok()).await;
    let upload_server = format!("{}/api/2.0", uploads.base);
    let t = base.builder().build().unwrap();
    t.execute(upload(&upload_server)).await.unwrap();
    // The server's path prefix is kept; the base URL's server sees nothing.
    let got: Vec<String> = uploads.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(got, ["/api/2.0/files/content"]);
    assert_eq!(base.count(), 0);
    // A request without a server still goes to the base URL.
    t.execute(get("/users/me")).await.unwrap();
    assert_eq!(base.count_path("/users/me"), 1);
    assert_eq!(uploads.count(), 1);
    assert_eq!(
        t.server_base(Some(&upload_server)).unwrap().as_str(),
        upload_server
    );
}

#[tokio::test]
async fn server_url_redirects_one_server() {
    let base = serve(ok()).await;
    let proxy = serve(ok()).await;
    // Records any request that wrongly reaches the spec's server.
    let uploads = serve(ok()).await;
    let upload_server = format!("{}/api/2.0", uploads.base);
    let other = format!("{}/other", uploads.base);
    let t = base
        .builder()
        .server_url(format!("{upload_server}/"), format!("{}/up", proxy.base))
        .build()
        .unwrap();
    t.execute(upload(&upload_server)).await.unwrap();
    // A server without a replacement still goes to itself.
    t.execute(upload(&other)).await.unwrap();
    let got: Vec<String> = proxy.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(got, ["/up/files/content"]);
    let got: Vec<String> = uploads.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(got, ["/other/files/content"]);
    assert_eq!(base.count(), 0);
}

#[tokio::test]
async fn all_servers_to_base_url_sends_every_operation_to_the_base_url() {
    let base = serve(ok()).await;
    let uploads = serve(ok()).await;
    let upload_server = format!("{}/api/2.0", uploads.base);
    let t = base
        .builder()
        .server_url(&upload_server, "https://never.example")
        .all_servers_to_base_url(true)
        .build()
        .unwrap();
    t.execute(upload(&upload_server)).await.unwrap();
    t.execute(upload("https://dl.unreachable.example/2.0"))
        .await
        .unwrap();
    assert_eq!(base.count_path("/files/content"), 2);
    assert_eq!(uploads.count(), 0);
}

#[cfg(feature = "mock")]
#[tokio::test]
async fn the_mock_answers_operations_of_every_server() {
    use atlas_admin_runtime::mock::{MockServer, NoBody};
    let mock = MockServer::start().await;
    mock.expect::<NoBody, NoBody>(
        "upload_file",
        "uploadFile",
        Method::POST,
        "/files/content".into(),
        204,
        "application/json",
    )
    .respond(())
    .await;
    let t: Transport = mock.client_builder().build().unwrap();
    t.execute(upload("https://upload.unreachable.example/api/2.0"))
        .await
        .unwrap();
    mock.verify().await;
}

fn config_error(r: Result<Transport, Error>) -> String {
    match r {
        Err(Error::Config(m)) => m,
        other => panic!("expected a config error, got {other:?}"),
    }
}

#[tokio::test]
async fn server_urls_are_checked_like_the_base_url() {
    const SERVERS: &[&str] = &[
        "https://upload.box.example/api/2.0",
        "https://api.box.example",
    ];
    let builder = || {
        Transport::builder()
            .base_url("https://api.box.example/2.0")
            .operation_servers(SERVERS)
    };
    // A replacement follows the base URL's rules, without echoing it.
    let m = config_error(
        builder()
            .server_url(SERVERS[0], "http://127.0.0.1:1")
            .build(),
    );
    assert_eq!(
        m,
        "plain http:// server_url replacement for `https://upload.box.example/api/2.0` refused; \
         use https:// or allow_http(true)"
    );
    let m = config_error(
        builder()
            .server_url(SERVERS[1], "https://user:s3cret@proxy.example")
            .build(),
    );
    assert!(!m.contains("s3cret"), "{m}");
    assert!(m.ends_with("must not contain credentials"), "{m}");
    // A server no operation names is refused (a typo, or the document's own server).
    let m = config_error(
        builder()
            .server_url("https://api.box.example/2.0", "https://proxy.example")
            .build(),
    );
    assert_eq!(
        m,
        "server_url: no operation of this API names the server `https://api.box.example/2.0` \
         (those that do: `https://upload.box.example/api/2.0`, `https://api.box.example`); the \
         base URL is set on its own (`base_url`; `--base-url` in a generated command line)"
    );
    let t = builder()
        .server_url(SERVERS[0], "https://proxy.example/up")
        .build()
        .unwrap();
    assert_eq!(
        t.server_base(Some(SERVERS[0])).unwrap().as_str(),
        "https://proxy.example/up"
    );
    assert_eq!(
        t.server_base(Some(SERVERS[1])).unwrap().as_str(),
        "https://api.box.example/"
    );
    // An operation server plain HTTP is refused when the request is sent, as a configuration
    // error naming it, before anything is sent.
    let base = serve(ok()).await;
    let t = Transport::builder()
        .base_url("https://api.box.example")
        .build()
        .unwrap();
    let server = format!("{}/plain", base.base);
    match t.execute(upload(&server)).await {
        Err(Error::Config(m)) => assert_eq!(
            m,
            format!(
                "plain http:// operation server `{server}` refused; use https:// or \
                 allow_http(true)"
            )
        ),
        other => panic!("expected a config error, got {other:?}"),
    }
    assert_eq!(base.count(), 0);
}

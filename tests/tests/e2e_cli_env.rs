//! End to end: the command line of a spec that is not Atlas's reads its own environment
//! variables. `tests/goldens/security_schemes_cli/` (binary `security-schemes`, generated from
//! `tests/fixtures/security_schemes.yaml`, whose schemes are API keys, HTTP Basic, Digest,
//! bearer and an OAuth service account) runs as a process against a local server:
//! each `SECURITY_SCHEMES_API_KEY_<SCHEME>` that is set arrives where its `apiKey` scheme
//! says (all of them: a requirement may need several), `SECURITY_SCHEMES_USERNAME`/`_PASSWORD`
//! as HTTP Basic, the `MONGODB_ATLAS_*`
//! variables are not read, and the messages and help name this command line's variables.

use std::path::PathBuf;
use std::sync::OnceLock;

use assert_cmd::Command;
use atlas_tests::capture::{Answer, Server};
use serde_json::json;

/// The `security-schemes` binary, built once (a no-op when `cargo test --workspace` built it).
fn binary() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        escargot::CargoBuild::new()
            .package("golden-security-schemes-cli")
            .bin("security-schemes")
            .manifest_path(atlas_tests::repo_root().join("Cargo.toml"))
            .run()
            .expect("security-schemes builds")
            .path()
            .to_path_buf()
    })
    .clone()
}

/// Runs `security-schemes api untagged listThings --limit 2` with only the variables given,
/// off the async runtime (the server keeps serving on its worker threads).
async fn list_things(vars: &[(&str, &str)]) -> std::process::Output {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let mut cmd = Command::new(binary());
        cmd.env_clear()
            .envs(vars)
            .args(["api", "untagged", "listThings", "--limit", "2"]);
        cmd.output().expect("the CLI runs")
    })
    .await
    .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_apis_command_line_reads_its_own_variables() {
    let server = Server::start().await;
    server.answer(Answer::json(200, json!(["a", "b"])));
    let url = server.url();

    // The keys of the `HeaderKey` and `QueryKey` schemes (a requirement needs both), each
    // where its scheme says; API keys win over the token and over Basic.
    let out = list_things(&[
        ("SECURITY_SCHEMES_BASE_URL", &url),
        ("SECURITY_SCHEMES_API_KEY_HEADER_KEY", "hk-cli-1"),
        ("SECURITY_SCHEMES_API_KEY_QUERY_KEY", "qk-cli-1"),
        ("SECURITY_SCHEMES_USERNAME", "Aladdin"),
        ("SECURITY_SCHEMES_PASSWORD", "open sesame"),
        ("SECURITY_SCHEMES_ACCESS_TOKEN", "tok"),
    ])
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        json!(["a", "b"])
    );
    let got = server.last();
    assert_eq!(got.target(), "/things?limit=2&api_key=qk-cli-1");
    assert_eq!(got.header("x-api-key"), Some("hk-cli-1"));
    assert_eq!(got.header("authorization"), None);
    // The user agent names this command line, not Atlas's.
    assert_eq!(got.header("user-agent"), Some("security-schemes/0.1.0"));

    // HTTP Basic from the username and password.
    let out = list_things(&[
        ("SECURITY_SCHEMES_BASE_URL", &url),
        ("SECURITY_SCHEMES_USERNAME", "Aladdin"),
        ("SECURITY_SCHEMES_PASSWORD", "open sesame"),
        ("SECURITY_SCHEMES_ACCESS_TOKEN", "tok"),
    ])
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let got = server.last();
    assert_eq!(
        got.header("authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
    assert_eq!(got.header("x-api-key"), None);

    // Half the Basic pair is an input error naming both variables; nothing is sent.
    let before = server.requests().len();
    let out = list_things(&[
        ("SECURITY_SCHEMES_BASE_URL", &url),
        ("SECURITY_SCHEMES_USERNAME", "Aladdin"),
    ])
    .await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr)
            .contains("SECURITY_SCHEMES_USERNAME is set but SECURITY_SCHEMES_PASSWORD is not"),
        "{}",
        text(&out.stderr)
    );

    // Atlas's variables are not this command line's: no credentials, and the message lists
    // exactly the variables it reads.
    let out = list_things(&[
        ("SECURITY_SCHEMES_BASE_URL", &url),
        ("MONGODB_ATLAS_ACCESS_TOKEN", "tok"),
        ("MONGODB_ATLAS_BASE_URL", "http://127.0.0.1:9"),
    ])
    .await;
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "error: no credentials: set SECURITY_SCHEMES_PUBLIC_API_KEY and \
         SECURITY_SCHEMES_PRIVATE_API_KEY (API key, HTTP Digest), SECURITY_SCHEMES_CLIENT_ID \
         and SECURITY_SCHEMES_CLIENT_SECRET (service account), \
         SECURITY_SCHEMES_API_KEY_HEADER_KEY (API key in header X-API-Key), \
         SECURITY_SCHEMES_API_KEY_QUERY_KEY (API key in query parameter api_key), \
         SECURITY_SCHEMES_API_KEY_SESSION_COOKIE (API key in cookie session), \
         SECURITY_SCHEMES_API_KEY_TYPE (API key in header X-API-Key), SECURITY_SCHEMES_USERNAME \
         and SECURITY_SCHEMES_PASSWORD (HTTP Basic), or SECURITY_SCHEMES_ACCESS_TOKEN (access \
         token)\n"
    );
    assert_eq!(server.requests().len(), before, "nothing was sent");

    // The help names this command line's variables.
    let help = tokio::task::spawn_blocking(|| {
        Command::new(binary())
            .env_clear()
            .arg("--help")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let help = text(&help.stdout);
    assert!(help.contains("$SECURITY_SCHEMES_BASE_URL"), "{help}");
    assert!(
        help.contains("\n  SECURITY_SCHEMES_API_KEY_HEADER_KEY: API key in header X-API-Key\n"),
        "{help}"
    );
    assert!(
        help.contains("\n  SECURITY_SCHEMES_USERNAME and SECURITY_SCHEMES_PASSWORD: HTTP Basic\n"),
        "{help}"
    );
    assert!(!help.contains("MONGODB_ATLAS"), "{help}");
}

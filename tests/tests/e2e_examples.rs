//! The examples of `generated/examples/` run against the local Atlas simulator
//! (their logic, with the environment passed in instead of read from the process), and the
//! simulator program (`cargo run -p atlas-tests --bin simulator`) serves them as a person
//! would run them: with the variables it prints.

// Each example is a program of its own and declares `mod common;`, so this file, which
// includes three of them, loads `examples/common/mod.rs` once per example.
#![allow(clippy::duplicate_mod)]

use std::collections::HashMap;

use atlas_tests::simulator::{self as sim, Simulator};

#[allow(dead_code)]
#[path = "../../generated/examples/digest.rs"]
mod digest;

#[allow(dead_code)]
#[path = "../../generated/examples/service_account.rs"]
mod service_account;

#[allow(dead_code)]
#[path = "../../generated/examples/bearer.rs"]
mod bearer;

#[allow(dead_code)]
#[path = "../../generated/examples/private_endpoint.rs"]
mod private_endpoint;

#[allow(dead_code)]
#[path = "../../generated/examples/serverless_private_endpoint.rs"]
mod serverless_private_endpoint;

#[allow(dead_code)]
#[path = "../../generated/examples/serverless_private_endpoint_v1.rs"]
mod serverless_private_endpoint_v1;

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |k: &str| map.get(k).cloned()
}

fn assert_no_secret(text: &str) {
    for secret in [sim::PRIVATE_KEY, sim::CLIENT_SECRET, sim::BEARER_TOKEN] {
        assert!(!text.contains(secret), "a secret was printed: {text}");
    }
}

#[tokio::test]
async fn digest_example() {
    let s = Simulator::start().await;
    let mut vars = vec![
        ("MONGODB_ATLAS_PUBLIC_API_KEY", sim::PUBLIC_KEY),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", sim::PRIVATE_KEY),
        ("MONGODB_ATLAS_GROUP_ID", sim::GROUP_ID),
        ("MONGODB_ATLAS_BASE_URL", s.url()),
    ];
    let out = digest::run(env(&vars)).await.unwrap();
    assert!(
        out.starts_with("created object storage private endpoint"),
        "{out}"
    );
    assert!(
        out.contains("UsEast1") || out.contains("US_EAST_1"),
        "{out}"
    );
    assert_eq!(s.created_resources(), 1);
    // Same region again: a typed 409, described without secrets.
    let err = digest::run(env(&vars)).await.unwrap_err();
    assert!(
        err.contains("409 OBJECT_STORAGE_PRIVATE_ENDPOINT_ALREADY_EXISTS"),
        "{err}"
    );
    assert_no_secret(&err);
    // Wrong key: a typed authentication error.
    vars[1].1 = "not-the-key";
    let err = digest::run(env(&vars)).await.unwrap_err();
    assert!(err.starts_with("authentication failed"), "{err}");
    assert_no_secret(&err);
    // A missing variable is named.
    let err = digest::run(env(&vars[1..])).await.unwrap_err();
    assert_eq!(err, "MONGODB_ATLAS_PUBLIC_API_KEY is not set");
    // Plain http is refused unless the URL itself says http:// (it does here), and
    // a bad group id is caught before anything is sent.
    let before = s.request_count();
    vars[2].1 = "not-a-group";
    let err = digest::run(env(&vars)).await.unwrap_err();
    assert!(
        err.starts_with("invalid arguments, nothing was sent"),
        "{err}"
    );
    assert_eq!(s.request_count(), before);
}

#[tokio::test]
async fn service_account_example() {
    let s = Simulator::start().await;
    let vars = [
        ("MONGODB_ATLAS_CLIENT_ID", sim::CLIENT_ID),
        ("MONGODB_ATLAS_CLIENT_SECRET", sim::CLIENT_SECRET),
        ("MONGODB_ATLAS_GROUP_ID", sim::GROUP_ID),
        ("MONGODB_ATLAS_BASE_URL", s.url()),
        ("MONGODB_ATLAS_INSTANCE_NAME", "from-example"),
    ];
    let out = service_account::run(env(&vars)).await.unwrap();
    assert!(
        out.starts_with("created serverless instance from-example"),
        "{out}"
    );
    assert!(out.ends_with("access token revoked"), "{out}");
    assert_no_secret(&out);
    assert_eq!(
        (
            s.token_request_count(),
            s.revoke_count(),
            s.revoked_tokens()
        ),
        (1, 1, 1)
    );
    let err = service_account::run(env(&vars)).await.unwrap_err();
    assert!(err.contains("409 DUPLICATE_CLUSTER_NAME"), "{err}");
}

#[tokio::test]
async fn bearer_example() {
    let s = Simulator::start().await;
    let mut vars = vec![
        ("MONGODB_ATLAS_ACCESS_TOKEN", sim::BEARER_TOKEN),
        ("MONGODB_ATLAS_GROUP_ID", sim::GROUP_ID),
        (
            "MONGODB_ATLAS_ENDPOINT_SERVICE_ID",
            sim::AWS_ENDPOINT_SERVICE_ID,
        ),
        ("MONGODB_ATLAS_VPC_ENDPOINT_ID", "vpce-0123456789abcdef0"),
        ("MONGODB_ATLAS_BASE_URL", s.url()),
    ];
    let out = bearer::run(env(&vars)).await.unwrap();
    assert_eq!(
        out,
        "added interface endpoint vpce-0123456789abcdef0 (connection Some(PendingAcceptance))"
    );
    vars[0].1 = "expired-token";
    let err = bearer::run(env(&vars)).await.unwrap_err();
    assert!(err.starts_with("authentication failed"), "{err}");
    let err = bearer::run(env(&vars[1..])).await.unwrap_err();
    assert_eq!(err, "MONGODB_ATLAS_ACCESS_TOKEN is not set");
}

#[tokio::test]
async fn private_endpoint_example_on_each_provider() {
    let s = Simulator::start().await;
    let common = [
        ("MONGODB_ATLAS_PUBLIC_API_KEY", sim::PUBLIC_KEY),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", sim::PRIVATE_KEY),
        ("MONGODB_ATLAS_GROUP_ID", sim::GROUP_ID),
        ("MONGODB_ATLAS_BASE_URL", s.url()),
    ];
    let with = |more: &[(&'static str, &'static str)]| {
        let mut vars: Vec<(&str, &str)> = common.to_vec();
        vars.extend_from_slice(more);
        env(&vars)
    };
    // AWS is the default provider.
    let out = private_endpoint::run(with(&[
        (
            "MONGODB_ATLAS_ENDPOINT_SERVICE_ID",
            sim::AWS_ENDPOINT_SERVICE_ID,
        ),
        ("MONGODB_ATLAS_VPC_ENDPOINT_ID", "vpce-0123456789abcdef0"),
    ]))
    .await
    .unwrap();
    assert_eq!(
        out,
        "AWS interface endpoint vpce-0123456789abcdef0 (connection Some(PendingAcceptance))"
    );
    let out = private_endpoint::run(with(&[
        ("MONGODB_ATLAS_CLOUD_PROVIDER", "AZURE"),
        ("MONGODB_ATLAS_ENDPOINT_SERVICE_ID", sim::AZURE_ENDPOINT_SERVICE_ID),
        (
            "MONGODB_ATLAS_AZURE_PRIVATE_ENDPOINT_ID",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-1",
        ),
        ("MONGODB_ATLAS_AZURE_PRIVATE_ENDPOINT_IP", "10.0.0.4"),
    ]))
    .await
    .unwrap();
    assert_eq!(
        out,
        format!(
            "Azure private endpoint pe-1.{} at 10.0.0.4 (Some(Initiating))",
            sim::AZURE_ENDPOINT_SERVICE_ID
        )
    );
    let out = private_endpoint::run(with(&[
        ("MONGODB_ATLAS_CLOUD_PROVIDER", "GCP"),
        (
            "MONGODB_ATLAS_ENDPOINT_SERVICE_ID",
            sim::GCP_ENDPOINT_SERVICE_ID,
        ),
        ("MONGODB_ATLAS_GCP_PROJECT_ID", "p-0123456789abcdefghijklmn"),
        ("MONGODB_ATLAS_GCP_ENDPOINT_GROUP_NAME", "group-1"),
        (
            "MONGODB_ATLAS_GCP_FORWARDING_RULES",
            "rule-0=10.0.0.5,rule-1=10.0.0.6",
        ),
    ]))
    .await
    .unwrap();
    assert_eq!(
        out,
        "Google Cloud endpoint group group-1 (Some(Initiating)), forwarding rules: [rule-0 Some(Initiating), rule-1 Some(Initiating)]"
    );
    assert_eq!(s.created_resources(), 3);
    // A provider the client does not know is named with the ones it does; nothing is sent.
    let before = s.request_count();
    let err = private_endpoint::run(with(&[
        ("MONGODB_ATLAS_CLOUD_PROVIDER", "IBM"),
        (
            "MONGODB_ATLAS_ENDPOINT_SERVICE_ID",
            sim::AWS_ENDPOINT_SERVICE_ID,
        ),
    ]))
    .await
    .unwrap_err();
    assert_eq!(
        err,
        "MONGODB_ATLAS_CLOUD_PROVIDER is IBM; expected one of AWS, AZURE, GCP"
    );
    // Each provider's own variables are named when missing.
    let err = private_endpoint::run(with(&[
        ("MONGODB_ATLAS_CLOUD_PROVIDER", "GCP"),
        (
            "MONGODB_ATLAS_ENDPOINT_SERVICE_ID",
            sim::GCP_ENDPOINT_SERVICE_ID,
        ),
    ]))
    .await
    .unwrap_err();
    assert_eq!(err, "MONGODB_ATLAS_GCP_ENDPOINT_GROUP_NAME is not set");
    assert_eq!(s.request_count(), before);
    // No credentials at all: the three ways are named.
    let err = private_endpoint::run(env(&[("MONGODB_ATLAS_GROUP_ID", sim::GROUP_ID)]))
        .await
        .unwrap_err();
    assert!(
        err.starts_with("no credentials: set MONGODB_ATLAS_PUBLIC_API_KEY"),
        "{err}"
    );
}

#[tokio::test]
async fn serverless_private_endpoint_examples() {
    let s = Simulator::start().await;
    let vars = |instance: &'static str| {
        env(&[
            ("MONGODB_ATLAS_CLIENT_ID", sim::CLIENT_ID),
            ("MONGODB_ATLAS_CLIENT_SECRET", sim::CLIENT_SECRET),
            ("MONGODB_ATLAS_GROUP_ID", sim::GROUP_ID),
            ("MONGODB_ATLAS_INSTANCE_NAME", instance),
            ("MONGODB_ATLAS_COMMENT", "from the example"),
            ("MONGODB_ATLAS_BASE_URL", s.url()),
        ])
    };
    let out = serverless_private_endpoint::run(vars(sim::AWS_INSTANCE))
        .await
        .unwrap();
    assert!(out.starts_with("AWS endpoint "), "{out}");
    assert!(
        out.contains(" for service com.amazonaws.vpce.us-east-1.vpce-svc-"),
        "{out}"
    );
    assert!(out.ends_with(" (Some(ReservationRequested))"), "{out}");
    let out = serverless_private_endpoint::run(vars(sim::AZURE_INSTANCE))
        .await
        .unwrap();
    assert!(out.starts_with("Azure endpoint "), "{out}");
    assert!(out.contains(" for service pls_"), "{out}");
    let err = serverless_private_endpoint::run(vars("no-such-instance"))
        .await
        .unwrap_err();
    assert!(err.contains("404 SERVERLESS_INSTANCE_NOT_FOUND"), "{err}");
    assert_no_secret(&err);
    let sent = s.api_requests();
    assert!(sent
        .iter()
        .all(|r| r.json().is_none_or(|b| b["comment"] == "from the example")));

    // The legacy v1.0 resource takes an API key, and answers `null` for what it has not
    // assigned yet.
    let legacy = env(&[
        ("MONGODB_ATLAS_PUBLIC_API_KEY", sim::PUBLIC_KEY),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", sim::PRIVATE_KEY),
        ("MONGODB_ATLAS_GROUP_ID", sim::GROUP_ID),
        ("MONGODB_ATLAS_INSTANCE_NAME", sim::AWS_INSTANCE),
        ("MONGODB_ATLAS_BASE_URL", s.url()),
    ]);
    let out = serverless_private_endpoint_v1::run(legacy).await.unwrap();
    assert!(out.starts_with("endpoint "), "{out}");
    assert!(
        out.ends_with(" (Some(ReservationRequested)), endpoint service not assigned yet"),
        "{out}"
    );
    let v1 = s.api_requests().into_iter().last().unwrap();
    assert!(v1.path.starts_with("/api/atlas/v1.0/"), "{}", v1.path);
}

/// The simulator program, started as a person would: its printed `export` lines are the
/// environment of the examples, which then succeed against it.
#[tokio::test]
async fn the_simulator_program_prints_what_the_examples_need() {
    use std::io::BufRead;

    /// Stops the program however the test ends.
    struct Running(std::process::Child);
    impl Drop for Running {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    let mut child = Running(
        std::process::Command::new(env!("CARGO_BIN_EXE_simulator"))
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("the simulator program starts"),
    );
    let stdout = std::io::BufReader::new(child.0.stdout.take().unwrap());
    let mut vars: Vec<(String, String)> = Vec::new();
    for line in stdout.lines() {
        let line = line.unwrap();
        if let Some((name, value)) = line.strip_prefix("export ").and_then(|l| l.split_once('=')) {
            vars.push((name.to_owned(), value.to_owned()));
        }
        if line.starts_with("# Atlas simulator listening on http://127.0.0.1:") {
            break;
        }
    }
    let get = |name: &str| vars.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    assert!(get("MONGODB_ATLAS_BASE_URL")
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    assert_eq!(
        get("MONGODB_ATLAS_PRIVATE_API_KEY").as_deref(),
        Some(sim::PRIVATE_KEY)
    );
    let map: HashMap<String, String> = vars.iter().cloned().collect();
    let from_exports = move |name: &str| map.get(name).cloned();
    let out = digest::run(&from_exports).await.unwrap();
    assert!(
        out.starts_with("created object storage private endpoint"),
        "{out}"
    );
    let out = private_endpoint::run(&from_exports).await.unwrap();
    assert!(
        out.starts_with("AWS interface endpoint vpce-0123456789abcdef0"),
        "{out}"
    );
    let out = serverless_private_endpoint::run(&from_exports)
        .await
        .unwrap();
    assert!(out.starts_with("AWS endpoint "), "{out}");
    let out = serverless_private_endpoint_v1::run(&from_exports)
        .await
        .unwrap();
    assert!(out.starts_with("endpoint "), "{out}");
    drop(child);
}

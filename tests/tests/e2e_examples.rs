//! The examples of `generated/examples/` run against the local Atlas simulator
//! (their logic, with the environment passed in instead of read from the process).

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

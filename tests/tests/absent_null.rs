//! Absent versus `null` (`tests/fixtures/absent_null.yaml`, committed under
//! `tests/goldens/absent_null/`, checked for drift by `goldens.rs`): an optional nullable property is an
//! `atlas_admin_runtime::Nullable` — absent leaves the server's value alone (not sent), `Null`
//! clears it (sent as `null`) — and an answer's explicit `null` re-encodes as `null`, an absent
//! property as absent. A required nullable property is an `Option`, always sent. Before, both
//! decoded to `None` and `None` was never sent, so a request could not clear a property.

use atlas_tests::capture::Capture;
use golden_absent_null::models::{Cluster, ClusterUpdate};
use golden_absent_null::{Client, Error, Nullable};
use serde_json::json;

const ANSWER: &str = r#"{"name":"c0","comment":null,"tags":null,"diskSizeGB":10.0}"#;

async fn client() -> (Client, Capture) {
    let server = Capture::start(200, ANSWER).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .allow_http(true)
        .no_auth()
        .build()
        .unwrap();
    (client, server)
}

#[tokio::test]
async fn leave_alone_clear_and_set_are_three_different_requests() {
    let (client, server) = client().await;
    // Leave everything alone; `paused` is required and nullable, so it is sent (as null).
    client
        .update_cluster("c0", ClusterUpdate::new(None))
        .await
        .unwrap();
    // Clear the comment and the tags.
    let clear = ClusterUpdate {
        comment: Nullable::Null,
        tags: Nullable::Null,
        ..ClusterUpdate::new(true)
    };
    client.update_cluster("c0", clear).await.unwrap();
    // Set them.
    let set = ClusterUpdate {
        comment: "hi".to_string().into(),
        tags: vec!["a".to_string()].into(),
        disk_size_gb: Some(20.0),
        ..ClusterUpdate::new(false)
    };
    client.update_cluster("c0", set).await.unwrap();

    let bodies: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            assert_eq!(
                (r.method.as_str(), r.target.as_str()),
                ("PATCH", "/clusters/c0")
            );
            r.body_text().to_string()
        })
        .collect();
    assert_eq!(
        bodies,
        [
            r#"{"paused":null}"#,
            r#"{"comment":null,"paused":true,"tags":null}"#,
            r#"{"comment":"hi","diskSizeGB":20.0,"paused":false,"tags":["a"]}"#,
        ]
    );
}

#[tokio::test]
async fn an_answers_null_and_absent_properties_are_kept_apart() {
    let (client, _server) = client().await;
    let cluster = client
        .update_cluster("c0", ClusterUpdate::new(None))
        .await
        .unwrap();
    assert_eq!(cluster.comment, Nullable::Null);
    assert_eq!(cluster.tags, Nullable::Null);
    assert_eq!(cluster.endpoint_service_name, Nullable::Absent);
    assert_eq!(cluster.disk_size_gb, Some(10.0));
    let reencoded = serde_json::to_value(&cluster).unwrap();
    assert_eq!(
        reencoded,
        serde_json::from_str::<serde_json::Value>(ANSWER).unwrap()
    );

    let full: Cluster = serde_json::from_value(
        json!({"name": "c1", "comment": "x", "endpointServiceName": "svc", "tags": []}),
    )
    .unwrap();
    assert_eq!(full.comment.as_deref(), Some("x"));
    assert_eq!(full.endpoint_service_name.as_deref(), Some("svc"));
    assert_eq!(full.tags, Nullable::Value(vec![]));
}

#[tokio::test]
async fn a_cleared_property_skips_its_rules_and_a_set_one_is_checked() {
    let (client, server) = client().await;
    let cleared = ClusterUpdate {
        comment: Nullable::Null,
        ..ClusterUpdate::new(None)
    };
    client.update_cluster("c0", cleared).await.unwrap();
    let too_long = ClusterUpdate {
        comment: "far too long".to_string().into(),
        ..ClusterUpdate::new(None)
    };
    let Err(Error::Validation(e)) = client.update_cluster("c0", too_long).await else {
        panic!("a comment over maxLength is refused")
    };
    assert_eq!(
        (e.issues[0].field.as_str(), e.issues[0].rule),
        ("body.comment", "maxLength")
    );
    assert_eq!(
        server.requests().len(),
        1,
        "the refused request was not sent"
    );
}

//! `readOnly` / `writeOnly` by the direction a type travels (`tests/fixtures/directions.yaml`,
//! committed under `tests/goldens/directions/`, checked for drift by `goldens.rs`), and constructors taking exactly the required
//! properties:
//! - a type only sent (`UserCreate`) has no read-only field at all, and its required
//!   write-only `password` is a plain field;
//! - a type only decoded (`User`) decodes without its required write-only `password` (before,
//!   that answer failed to decode);
//! - a type both sent and decoded (`Account`) keeps its read-only fields for answers but never
//!   sends them, and a request without its required write-only `secret` is refused before any
//!   network traffic.

use atlas_tests::capture::Capture;
use golden_directions::models::{Account, AccountPlan, Settings, User, UserCreate};
use golden_directions::{Client, Error, Nullable};
use serde_json::json;

async fn client(answer: &'static str) -> (Client, Capture) {
    let server = Capture::start(200, answer).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .allow_http(true)
        .no_auth()
        .build()
        .unwrap();
    (client, server)
}

#[test]
fn a_type_only_sent_has_no_read_only_field_and_new_takes_the_required_ones_in_spec_order() {
    // `required: [name, email, id, password]`: `id` is read-only, so not a field at all.
    let user = UserCreate::new("ann", "ann@example.com", "pw");
    // A struct literal naming every field: compiles only because `id` and `createdAt` are
    // not fields.
    let UserCreate {
        email,
        name,
        nickname,
        password,
    } = user.clone();
    assert_eq!(
        (name.as_str(), email.as_str(), password.as_str(), nickname),
        ("ann", "ann@example.com", "pw", None)
    );
    assert_eq!(
        serde_json::to_value(&user).unwrap(),
        json!({"name": "ann", "email": "ann@example.com", "password": "pw"})
    );
}

#[test]
fn a_type_only_decoded_does_not_require_its_write_only_property() {
    let user: User = serde_json::from_value(json!({"id": "u1", "name": "ann"})).unwrap();
    assert_eq!(
        (user.id.as_deref(), user.name.as_str(), user.password),
        (Some("u1"), "ann", None)
    );
}

#[tokio::test]
async fn a_type_sent_and_decoded_never_sends_its_read_only_properties() {
    let (client, server) =
        client(r#"{"id":"a1","name":"n","plan":"PAID","state":null,"note":null}"#).await;
    // As fetched from the server, then sent back (read-only `id` and `state` set).
    let mut account: Account = serde_json::from_value(
        json!({"id": "a1", "name": "n", "plan": "FREE", "state": "ACTIVE", "note": "x"}),
    )
    .unwrap();
    account.plan = AccountPlan::Paid;
    account.secret = Some("s3cret".into());
    let answer = client.put_account("a1", account.clone()).await.unwrap();
    assert_eq!(
        server.requests()[0].body_text(),
        r#"{"name":"n","note":"x","plan":"PAID","secret":"s3cret"}"#
    );
    // The answer keeps them, and the caller's own serialization writes them.
    assert_eq!(answer.id.as_deref(), Some("a1"));
    assert_eq!(answer.state, Nullable::Null);
    assert_eq!(answer.secret, None, "write-only: answers leave it out");
    assert_eq!(
        serde_json::to_value(&account).unwrap(),
        json!({"id": "a1", "name": "n", "note": "x", "plan": "PAID", "state": "ACTIVE", "secret": "s3cret"})
    );
}

#[tokio::test]
async fn a_request_without_a_required_write_only_property_is_refused_before_sending() {
    let (client, server) = client("{}").await;
    let account = Account::new("n", AccountPlan::Free);
    let Err(Error::Validation(e)) = client.put_account("a1", account).await else {
        panic!("the missing secret is refused")
    };
    assert_eq!(
        (e.issues[0].field.as_str(), e.issues[0].rule),
        ("body.secret", "required")
    );
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[test]
fn a_type_with_nothing_required_has_default_and_new() {
    assert_eq!(Settings::new(), Settings::default());
    let settings = Settings {
        font_size: Some(12),
        ..Settings::new()
    };
    assert_eq!(
        serde_json::to_value(&settings).unwrap(),
        json!({"fontSize": 12})
    );
}

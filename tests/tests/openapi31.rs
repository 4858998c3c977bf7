//! OpenAPI 3.1 (`tests/fixtures/openapi31.yaml`, committed under `tests/goldens/openapi31/`,
//! checked for drift and compiled by `goldens.rs`): each 3.1 construct gives the type it means
//! — decoded and encoded through the generated client, validated before anything is sent —
//! and a 3.1 document generates exactly what its 3.0 twin does. The rewrite rules themselves
//! are unit-tested in `codegen/src/load/normalize31.rs`; errors at 3.1 places are in the
//! malformed corpus (`openapi31_*.yaml`).

use std::sync::{Arc, Mutex};

use atlas_codegen::{Document, Selection};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, put};
use axum::{Json, Router};
use golden_openapi31::models::{
    Address, Owner, Widget, WidgetKind, WidgetShade, WidgetSize, WidgetSponsor,
};
use golden_openapi31::{Client, Error, Nullable};
use serde_json::{json, Value};

fn widget_json() -> Value {
    json!({
        "id": "w-1",
        "kind": "widget",
        "label": null,
        "size": 12,
        "ratio": 0.5,
        "owner": {"name": "Ada", "address": {"city": "Oslo", "previous": {"city": "Bergen"}}},
        "parent": null,
        "nickname": "wi",
        "sponsor": {"name": "Bob", "badge": "gold"},
        "point": [1.5, 2.0],
        "pair": ["a", 1],
        "payload": "aGk=",
        "color": "red",
        "shade": null,
    })
}

#[test]
fn each_31_construct_decodes_to_the_type_it_means() {
    let widget: Widget = serde_json::from_value(widget_json()).unwrap();
    // `const: widget` → a one-value enum.
    assert_eq!(widget.kind, WidgetKind::Widget);
    // `type: [string, "null"]`, required → present, may be null.
    assert_eq!(widget.label, None);
    // `type: [integer, string]` → one variant per type.
    assert_eq!(widget.size, WidgetSize::Integer(12));
    let named: Widget =
        serde_json::from_value(json!({"id": "w", "kind": "widget", "label": "L", "size": "XL"}))
            .unwrap();
    assert_eq!(named.size, WidgetSize::String("XL".into()));
    assert_eq!(named.label.as_deref(), Some("L"));
    // `$ref` with `description` beside it → the referenced type; `$defs` → a component with
    // its cycle boxed.
    assert_eq!(
        widget.owner,
        Some(Owner {
            name: "Ada".into(),
            address: Some(Address {
                city: Some("Oslo".into()),
                previous: Some(Box::new(Address {
                    city: Some("Bergen".into()),
                    previous: None,
                })),
            }),
        })
    );
    // `$ref` with `properties` beside it → the referenced properties and the new ones.
    assert_eq!(
        widget.sponsor,
        Some(WidgetSponsor {
            name: "Bob".into(),
            badge: "gold".into(),
            address: None,
        })
    );
    // `anyOf: [{$ref: Widget}, {type: "null"}]` and `enum: [.., null]` → optional and
    // nullable: absent, `null` and a value kept apart.
    assert_eq!(widget.parent, Nullable::Null, "sent as null");
    assert_eq!(widget.shade, Nullable::Null, "sent as null");
    let dark: Widget = serde_json::from_value(
        json!({"id": "w", "kind": "widget", "label": null, "size": 1, "shade": "dark",
               "parent": {"id": "p", "kind": "widget", "label": null, "size": 2}}),
    )
    .unwrap();
    assert_eq!(dark.shade, Nullable::Value(WidgetShade::Dark));
    assert_eq!(dark.parent.value().map(|p| p.id.as_str()), Some("p"));
    // `prefixItems` of one schema → a list of it; of different schemas → JSON values.
    assert_eq!(widget.point, Some(vec![1.5, 2.0]));
    assert_eq!(widget.pair, Some(vec![json!("a"), json!(1)]));
    assert_eq!(widget.nickname.value().map(String::as_str), Some("wi"));
}

#[test]
fn a_required_nullable_field_is_encoded_as_null() {
    let widget: Widget = serde_json::from_value(widget_json()).unwrap();
    let encoded = serde_json::to_value(&widget).unwrap();
    assert_eq!(encoded["label"], Value::Null, "{encoded}");
    assert_eq!(encoded["kind"], json!("widget"));
    assert_eq!(encoded["size"], json!(12));
    assert_eq!(encoded["sponsor"], json!({"name": "Bob", "badge": "gold"}));
}

/// What the test server saw: (method and path, content type, body) of every request.
type Seen = Arc<Mutex<Vec<(String, String, Vec<u8>)>>>;

fn record(seen: &Seen, what: &str, headers: &HeaderMap, body: &[u8]) {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    seen.lock()
        .unwrap()
        .push((what.to_string(), content_type, body.to_vec()));
}

async fn server() -> (Client, Seen) {
    let seen: Seen = Arc::default();
    let app = Router::new()
        .route(
            "/widgets",
            get(|State(seen): State<Seen>, headers: HeaderMap| async move {
                record(&seen, "GET /widgets", &headers, b"");
                Json(json!([widget_json()]))
            })
            .post(
                |State(seen): State<Seen>, headers: HeaderMap, body: Bytes| async move {
                    record(&seen, "POST /widgets", &headers, &body);
                    (StatusCode::CREATED, body)
                },
            ),
        )
        .route(
            "/widgets/{id}/raw",
            put(
                |State(seen): State<Seen>, headers: HeaderMap, body: Bytes| async move {
                    record(&seen, "PUT /widgets/raw", &headers, &body);
                    StatusCode::NO_CONTENT
                },
            ),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .allow_http(true)
        .no_auth()
        .retry(golden_openapi31::RetryPolicy::none())
        .build()
        .unwrap();
    (client, seen)
}

#[tokio::test]
async fn numeric_exclusive_bounds_are_checked_before_sending() {
    let (client, seen) = server().await;
    for (limit, rule) in [(0, "minimum"), (101, "maximum")] {
        match client.list_widgets().limit(limit).await {
            Err(Error::Validation(v)) => assert!(v.has("limit", rule), "{limit}: {v}"),
            other => panic!("limit {limit}: {other:?}"),
        }
    }
    let mut widget: Widget = serde_json::from_value(widget_json()).unwrap();
    widget.ratio = Some(1.0);
    match client.create_widget(widget).await {
        Err(Error::Validation(v)) => assert!(v.has("body.ratio", "maximum"), "{v}"),
        other => panic!("ratio 1.0: {other:?}"),
    }
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");

    // Inside the bounds: sent, and the 3.1-shaped answer decodes.
    let widgets = client.list_widgets().limit(1).await.unwrap();
    assert_eq!(widgets.len(), 1);
    assert_eq!(widgets[0].size, WidgetSize::Integer(12));
    let created = client
        .create_widget(serde_json::from_value::<Widget>(widget_json()).unwrap())
        .await
        .unwrap();
    assert_eq!(created.kind, WidgetKind::Widget);
    let seen = seen.lock().unwrap();
    let sent: Value = serde_json::from_slice(&seen[1].2).unwrap();
    assert_eq!(sent["label"], Value::Null, "a required null is sent");
}

#[tokio::test]
async fn a_raw_body_without_a_schema_is_sent_as_is() {
    let (client, seen) = server().await;
    let bytes: Vec<u8> = vec![0, 159, 146, 150, 255];
    client
        .put_widget_raw("w-1", bytes.clone())
        .await
        .expect("204");
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.as_slice(),
        &[(
            "PUT /widgets/raw".to_string(),
            "application/octet-stream".to_string(),
            bytes
        )]
    );
}

#[test]
fn webhooks_are_not_generated_and_are_warned_about() {
    let generated = atlas_tests::generate("tests/fixtures/openapi31.yaml").unwrap();
    let warning = generated
        .diagnostics
        .iter()
        .find(|d| d.pointer == "#/webhooks")
        .expect("a warning at #/webhooks");
    assert!(warning.message.contains("1 ignored"), "{warning}");
    assert_eq!(
        generated.operations, 4,
        "the 4 paths operations, no webhook"
    );
    let sources = atlas_tests::concat_sources(&generated);
    assert!(!sources.contains("widget_created"), "no webhook method");
}

/// A 3.1 document and the 3.0 document it means generate byte-identical crates.
#[test]
fn a_31_document_generates_what_its_30_twin_does() {
    let v31 = r##"
openapi: 3.1.0
info: {title: twin, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: min, in: query, schema: {type: number, exclusiveMinimum: 0}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      required: [name, note]
      properties:
        name: {type: string, examples: [a]}
        note: {type: [string, "null"]}
        state: {const: on}
        count: {type: [integer, "null"], exclusiveMaximum: 10}
        parent:
          anyOf: [{$ref: '#/components/schemas/Thing'}, {type: "null"}]
        tags:
          type: array
          prefixItems: [{type: string}, {type: string}]
          items: false
"##;
    let v30 = r##"
openapi: 3.0.3
info: {title: twin, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: min, in: query, schema: {type: number, minimum: 0, exclusiveMinimum: true}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      required: [name, note]
      properties:
        name: {type: string, example: a}
        note: {type: string, nullable: true}
        state: {enum: [on]}
        count: {type: integer, nullable: true, maximum: 10, exclusiveMaximum: true}
        parent:
          nullable: true
          allOf: [{$ref: '#/components/schemas/Thing'}]
        tags:
          type: array
          items: {type: string}
          maxItems: 2
"##;
    let generate = |text: &str| {
        let doc = Document::from_text(text, "twin.yaml").unwrap();
        atlas_codegen::generate(
            &doc,
            &Selection::default(),
            &atlas_tests::options("twin.yaml"),
        )
        .unwrap()
    };
    let (a, b) = (generate(v31), generate(v30));
    assert!(a.files.contains_key("src/models.rs"));
    for (path, contents) in &b.files {
        assert_eq!(a.files.get(path), Some(contents), "{path} differs");
    }
    assert_eq!(a.files.len(), b.files.len());
    assert_eq!(a.diagnostics, b.diagnostics);
}

/// Numbers as `f64`, so that `0` and `0.0` compare equal (an `f32` price encodes as `0.0`).
fn numbers_as_f64(value: Value) -> Value {
    match value {
        Value::Number(n) => json!(n.as_f64().expect("finite")),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_f64).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_as_f64(v)))
                .collect(),
        ),
        other => other,
    }
}

/// The real 3.1 spec (`spec/third-party/redocly-museum-api.yaml`, golden
/// `tests/goldens/redocly-museum-api/`): every example it ships decodes into the generated
/// type of its operation and encodes back to the same JSON, except for the one property an
/// example has that its schema does not declare (`eventName` in
/// `BuyEventTicketsResponseExample`: `MuseumTicketsConfirmation` has no such property, so the
/// generated type does not keep it).
#[test]
fn the_museum_apis_own_examples_round_trip() {
    use golden_redocly_museum_api::models;
    let text = std::fs::read_to_string(
        atlas_tests::repo_root().join("spec/third-party/redocly-museum-api.yaml"),
    )
    .unwrap();
    let spec: Value = yaml_serde::from_str(&text).unwrap();
    let examples = spec["components"]["examples"].as_object().unwrap();
    fn check<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str, value: &Value) {
        let decoded: T = serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("{name} does not decode: {e}"));
        let encoded = serde_json::to_value(&decoded).unwrap();
        assert_eq!(
            numbers_as_f64(encoded),
            numbers_as_f64(value.clone()),
            "{name}"
        );
    }
    let mut checked = 0;
    for (name, example) in examples {
        let mut value = example["value"].clone();
        if name == "BuyEventTicketsResponseExample" {
            let undeclared = value.as_object_mut().unwrap().remove("eventName");
            assert!(undeclared.is_some(), "the upstream example changed");
        }
        let value = &value;
        match name.as_str() {
            "BuyGeneralTicketsRequestExample" | "BuyEventTicketsRequestExample" => {
                check::<models::BuyMuseumTickets>(name, value)
            }
            "BuyGeneralTicketsResponseExample" | "BuyEventTicketsResponseExample" => {
                check::<models::MuseumTicketsConfirmation>(name, value)
            }
            "CreateSpecialEventRequestExample"
            | "CreateSpecialEventResponseExample"
            | "GetSpecialEventResponseExample"
            | "UpdateSpecialEventResponseExample" => check::<models::SpecialEvent>(name, value),
            "UpdateSpecialEventRequestExample" => check::<models::SpecialEventFields>(name, value),
            "ListSpecialEventsResponseExample" => {
                check::<models::SpecialEventCollection>(name, value)
            }
            "GetMuseumHoursResponseExample" => check::<models::MuseumHours>(name, value),
            other => panic!("an example this test does not know: {other}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 11);
}

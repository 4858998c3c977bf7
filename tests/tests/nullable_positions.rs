//! `nullable: true` in every position (`tests/fixtures/nullable_positions.yaml`, committed under
//! `tests/goldens/nullable_positions/`, checked for drift by `goldens.rs`): array items, map values, a union member, a nested inline
//! object, a `$ref` to a nullable component and a one-member `allOf` with `nullable` all
//! decode `null`, keep it, and write it back. Before, only object properties honoured
//! `nullable`: `{"readings":[1.5,null]}` and `{"labels":{"rack":null}}` failed to decode.

use golden_nullable_positions::models::{
    Calibration, Owner, Sensor, SensorLocation, SensorReading,
};
use golden_nullable_positions::Nullable;
use serde_json::json;

#[test]
fn null_decodes_in_every_position_and_is_written_back() {
    let value = json!({
        "id": "s1",
        "readings": [1.5, null],
        "labels": {"rack": null, "row": "r1"},
        "reading": null,
        "location": {"rack": "A", "slot": null},
        "owner": null,
        "previousOwners": [null, {"name": "ann"}],
        "calibration": null,
        "tolerance": null
    });
    let sensor: Sensor = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(sensor.readings, [Some(1.5), None]);
    let labels = sensor.labels.as_ref().unwrap();
    assert_eq!(labels["rack"], None);
    assert_eq!(labels["row"].as_deref(), Some("r1"));
    assert_eq!(sensor.reading, Nullable::Null);
    let location = sensor.location.value().unwrap();
    assert_eq!(location.rack.as_deref(), Some("A"));
    assert_eq!(location.slot, Nullable::Null);
    assert_eq!(sensor.owner, Nullable::Null);
    assert_eq!(
        sensor.previous_owners.as_deref(),
        Some(
            &[
                None,
                Some(Owner {
                    name: Some("ann".into())
                })
            ][..]
        )
    );
    assert_eq!(sensor.calibration, Nullable::Null);
    assert_eq!(sensor.tolerance, Nullable::Null);
    assert_eq!(
        serde_json::to_value(&sensor).unwrap(),
        value,
        "every null kept"
    );
}

#[test]
fn values_in_the_same_positions_decode_as_values() {
    let value = json!({
        "id": "s2",
        "readings": [],
        "reading": 2.5,
        "location": null,
        "owner": {"name": "bob"},
        "calibration": {"offset": 0.5},
        "tolerance": 0.1
    });
    let sensor: Sensor = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(sensor.reading, Nullable::Value(SensorReading::F64(2.5)));
    assert_eq!(sensor.location, Nullable::Null);
    assert_eq!(
        sensor.owner.value().and_then(|o| o.name.as_deref()),
        Some("bob")
    );
    assert_eq!(
        sensor.calibration,
        Nullable::Value(Calibration { offset: Some(0.5) })
    );
    assert_eq!(sensor.tolerance, Nullable::Value(0.1));
    assert_eq!(sensor.labels, None, "absent stays absent");
    assert_eq!(serde_json::to_value(&sensor).unwrap(), value);

    let text: Sensor =
        serde_json::from_value(json!({"id": "s3", "readings": [], "reading": "high"})).unwrap();
    assert_eq!(
        text.reading,
        Nullable::Value(SensorReading::String("high".into()))
    );
}

#[test]
fn a_request_body_sends_null_items_and_values() {
    let sensor = Sensor {
        labels: Some([("rack".to_string(), None)].into_iter().collect()),
        location: SensorLocation {
            rack: None,
            slot: Nullable::Null,
        }
        .into(),
        ..Sensor::new("s1", [Some(1.0), None])
    };
    let body =
        golden_nullable_positions::runtime::RequestBody::json("application/json", &sensor).unwrap();
    assert_eq!(
        std::str::from_utf8(&body.bytes).unwrap(),
        r#"{"id":"s1","labels":{"rack":null},"location":{"slot":null},"readings":[1.0,null]}"#
    );
}

#[tokio::test]
async fn a_body_that_is_a_nullable_component_is_an_option_both_ways() {
    use atlas_tests::capture::Capture;
    use golden_nullable_positions::Client;
    let server = Capture::start(200, "null").await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .allow_http(true)
        .no_auth()
        .build()
        .unwrap();
    let answer: Option<Owner> = client.put_owner("o1", None).await.unwrap();
    assert_eq!(answer, None, "a null answer decodes");
    client
        .put_owner(
            "o1",
            Owner {
                name: Some("ann".into()),
            },
        )
        .await
        .unwrap();
    let bodies: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.body_text().to_string())
        .collect();
    assert_eq!(bodies, ["null", r#"{"name":"ann"}"#]);
}

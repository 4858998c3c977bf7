//! Generated structs decode through the runtime's `deserialize_struct!` (one shared visitor
//! over the struct's wire names) instead of `#[derive(Deserialize)]`, with what the derive
//! did: unknown keys skipped, a key given twice an error, a missing required property a
//! `missing field` error, a missing optional one `None` / `Nullable::Absent`, `null`
//! `Nullable::Null`, renamed properties read by their wire name, `additionalProperties` next
//! to named properties collected in the struct's map, recursive (boxed) structs.
//!
//! Models: `tests/fixtures/absent_null.yaml` (`Cluster`, `ClusterUpdate`) and
//! `tests/fixtures/cycle.yaml` (`Node`, `NodeAttributes`), committed under `tests/goldens/`.
//! Besides the values asserted, each input is also decoded by a `#[derive(Deserialize)]`
//! copy of the model with the serde attributes the generator used to write (the oracle): the
//! result, and for `Cluster` the error text to the column, must be the same.

use std::collections::BTreeMap;

use golden_absent_null::models::{Cluster, ClusterUpdate};
use golden_absent_null::Nullable;
use golden_cycle::models::{Node, NodeAttributes};
use serde::Deserialize;
use serde_json::json;

/// The models as the generator wrote them before, with serde's derive (same Rust names, so
/// that `expected struct NAME` reads the same).
mod derived {
    use super::{BTreeMap, Deserialize, Nullable};

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Cluster {
        #[serde(default)]
        pub comment: Nullable<String>,
        #[serde(rename = "diskSizeGB")]
        pub disk_size_gb: Option<f64>,
        #[serde(default)]
        pub endpoint_service_name: Nullable<String>,
        pub name: String,
        #[serde(default)]
        pub tags: Nullable<Vec<String>>,
    }

    /// A flattened map beside the named properties.
    #[derive(Deserialize)]
    pub struct NodeAttributes {
        pub kind: String,
        pub weight: Option<f64>,
        #[serde(flatten, default)]
        pub additional_properties: BTreeMap<String, i64>,
    }
}

/// Decodes `text` as a `Cluster`, checking that the derive decodes it the same (value or
/// error text).
fn cluster(text: &str) -> Result<Cluster, String> {
    let ours = serde_json::from_str::<Cluster>(text).map_err(|e| e.to_string());
    let derived = serde_json::from_str::<derived::Cluster>(text)
        .map(|d| Cluster {
            comment: d.comment,
            disk_size_gb: d.disk_size_gb,
            endpoint_service_name: d.endpoint_service_name,
            name: d.name,
            tags: d.tags,
        })
        .map_err(|e| e.to_string());
    assert_eq!(ours, derived, "{text}");
    ours
}

/// Decodes `text` as `NodeAttributes`, checking that the derive decodes it the same; of an
/// error, the message without its position (the flattened derive read the other values
/// after the whole object, so it reported their errors at its end).
fn attributes(text: &str) -> Result<NodeAttributes, String> {
    let message = |e: serde_json::Error| {
        let text = e.to_string();
        text.split(" at line ").next().unwrap().to_string()
    };
    let ours = serde_json::from_str::<NodeAttributes>(text).map_err(message);
    let derived = serde_json::from_str::<derived::NodeAttributes>(text)
        .map(|d| NodeAttributes {
            kind: d.kind,
            weight: d.weight,
            additional_properties: d.additional_properties,
        })
        .map_err(message);
    assert_eq!(ours, derived, "{text}");
    ours
}

#[test]
fn every_field_by_its_wire_name_and_unknown_keys_skipped() {
    let text = r#"{"unknown":{"a":[1,{"b":null}],"c":"d"},"name":"c0","diskSizeGB":10.5,
        "comment":"hi","endpointServiceName":null,"tags":["x","y"],"more":[true]}"#;
    let want = Cluster {
        comment: Nullable::Value("hi".to_string()),
        disk_size_gb: Some(10.5),
        endpoint_service_name: Nullable::Null,
        name: "c0".to_string(),
        tags: Nullable::Value(vec!["x".to_string(), "y".to_string()]),
    };
    assert_eq!(cluster(text).unwrap(), want);
    // The same from a `serde_json::Value` (keys handed over owned, not borrowed).
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::from_value::<Cluster>(value).unwrap(), want);
    // `diskSizeGB` is renamed: the camel case of the Rust name is just another unknown key.
    assert_eq!(
        cluster(r#"{"name":"c0","diskSizeGb":10.5}"#)
            .unwrap()
            .disk_size_gb,
        None
    );
}

#[test]
fn absent_null_and_value_stay_apart() {
    let absent = cluster(r#"{"name":"c0"}"#).unwrap();
    assert_eq!(absent, Cluster::new("c0"));
    assert!(absent.comment.is_absent() && absent.tags.is_absent());
    assert_eq!(absent.disk_size_gb, None);
    let null = cluster(r#"{"name":"c0","comment":null,"tags":null,"diskSizeGB":null}"#).unwrap();
    assert!(null.comment.is_null() && null.tags.is_null());
    assert_eq!(null.disk_size_gb, None);
    // Re-encoded as read: absent stays absent, `null` stays `null`.
    assert_eq!(
        serde_json::to_value(&absent).unwrap(),
        json!({"name": "c0"})
    );
    assert_eq!(
        serde_json::to_value(&null).unwrap(),
        json!({"name": "c0", "comment": null, "tags": null})
    );
    // A required nullable property (`Option<bool>`) decodes missing and `null` as `None`,
    // as the derive did.
    let update: ClusterUpdate = serde_json::from_str("{}").unwrap();
    assert_eq!(update.paused, None);
    let update: ClusterUpdate = serde_json::from_str(r#"{"paused":true}"#).unwrap();
    assert_eq!(update.paused, Some(true));
}

#[test]
fn missing_duplicate_and_mistyped_properties_are_serde_errors() {
    assert_eq!(
        cluster(r#"{"comment":"x"}"#).unwrap_err(),
        "missing field `name` at line 1 column 15"
    );
    assert_eq!(
        cluster(r#"{"name":"a","name":"b"}"#).unwrap_err(),
        "duplicate field `name` at line 1 column 18"
    );
    // A second key is an error even when the first was `null`.
    assert_eq!(
        cluster(r#"{"name":"a","comment":null,"comment":"x"}"#).unwrap_err(),
        "duplicate field `comment` at line 1 column 36"
    );
    assert_eq!(
        cluster(r#"{"name":7}"#).unwrap_err(),
        "invalid type: integer `7`, expected a string at line 1 column 9"
    );
    assert_eq!(
        cluster(r#""c0""#).unwrap_err(),
        "invalid type: string \"c0\", expected struct Cluster at line 1 column 4"
    );
    // A struct is read from an object only (the derive also took its fields as an array, in
    // declaration order: no oracle here).
    let array = r#"[null,null,null,"c0",null]"#;
    assert!(serde_json::from_str::<derived::Cluster>(array).is_ok());
    assert_eq!(
        serde_json::from_str::<Cluster>(array)
            .unwrap_err()
            .to_string(),
        "invalid type: sequence, expected struct Cluster at line 1 column 1"
    );
}

#[test]
fn additional_properties_collect_every_other_key() {
    let text = r#"{"a":1,"kind":"k","weight":2.5,"b":-2,"a":3}"#;
    let node: Node =
        serde_json::from_str(&format!(r#"{{"attributes":{text},"value":1}}"#)).unwrap();
    let attributes = node.attributes.unwrap();
    assert_eq!(self::attributes(text).unwrap(), attributes);
    assert_eq!(attributes.kind, "k");
    assert_eq!(attributes.weight, Some(2.5));
    // A repeated other key keeps its last value, as the flattened map did.
    let others = BTreeMap::from([("a".to_string(), 3), ("b".to_string(), -2)]);
    assert_eq!(attributes.additional_properties, others);
    // Written back flat, next to the named properties.
    assert_eq!(
        serde_json::to_value(&attributes).unwrap(),
        json!({"kind": "k", "weight": 2.5, "a": 3, "b": -2})
    );
    // Named properties keep their rules; the other values have the map's value type.
    assert_eq!(
        self::attributes(r#"{"a":1}"#).unwrap_err(),
        "missing field `kind`"
    );
    assert_eq!(
        self::attributes(r#"{"kind":"k","kind":"l"}"#).unwrap_err(),
        "duplicate field `kind`"
    );
    assert_eq!(
        self::attributes(r#"{"kind":"k","a":"x"}"#).unwrap_err(),
        "invalid type: string \"x\", expected i64"
    );
    let plain = self::attributes(r#"{"kind":"k","weight":null}"#).unwrap();
    assert_eq!(plain, NodeAttributes::new("k"));
    assert!(plain.additional_properties.is_empty());
}

#[test]
fn recursive_structs_decode_through_their_boxes() {
    let node: Node = serde_json::from_str(
        r#"{"value":3,"parent":{"value":2,"parent":{"value":1,"labels":{"x":"y"}}},
            "children":[{"value":4},{"children":[]}]}"#,
    )
    .unwrap();
    let parent = node.parent.as_deref().unwrap();
    let grandparent = parent.parent.as_deref().unwrap();
    assert_eq!(
        (node.value, parent.value, grandparent.value),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!(grandparent.labels.as_ref().unwrap()["x"], "y");
    assert_eq!(grandparent.parent, None);
    let children = node.children.unwrap();
    assert_eq!(children[0].value, Some(4));
    assert_eq!(children[1].children.as_deref(), Some(&[][..]));
    // A mistake deep inside is reported.
    let err = serde_json::from_str::<Node>(r#"{"parent":{"parent":{"value":"x"}}}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: string \"x\", expected i64 at line 1 column 32"
    );
}

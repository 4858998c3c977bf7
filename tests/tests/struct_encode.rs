//! Generated structs encode through the runtime's `serde_struct!` (one shared writer over the
//! struct's fields, `ser::serialize_struct`) instead of `#[derive(Serialize)]`, with what the
//! derive wrote: required properties always, `Option` and `Nullable` ones unless absent (`None`,
//! `Nullable::Absent`; `Nullable::Null` as `null`), a required `nullable` one always (`None`
//! as `null`), read-only ones of a type that is sent unless absent and never in a request
//! body, renamed properties under their wire name, an `additionalProperties` map's entries
//! after the named properties, nested and recursive (boxed) structs, structs with no field.
//!
//! Models: `tests/fixtures/absent_null.yaml` (`Cluster`, `ClusterUpdate`),
//! `tests/fixtures/cycle.yaml` (`Node`, `NodeAttributes`) and `tests/fixtures/directions.yaml`
//! (`Account`, `Settings`), committed under `tests/goldens/`; and structs written here with the
//! macro (no field; a failing field). Besides the text asserted, each value is also encoded
//! from a `#[derive(Serialize)]` copy of the model with the serde attributes the generator used
//! to write (the oracle): compact text, pretty text (which tells an empty object from the
//! length `serialize_struct` is given) and `serde_json::Value` must be the same.

use std::collections::BTreeMap;

use atlas_admin_runtime::fields::in_request_body;
use golden_absent_null::models::{Cluster, ClusterUpdate};
use golden_absent_null::Nullable;
use golden_cycle::models::{Node, NodeAttributes};
use golden_directions::models::{Account, AccountPlan, Settings};
use serde::Serialize;

/// The models as the generator wrote them before, with serde's derive and its attributes.
mod derived {
    use super::{AccountPlan, BTreeMap, Nullable, Serialize};

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Cluster {
        #[serde(skip_serializing_if = "Nullable::is_absent")]
        pub comment: Nullable<String>,
        #[serde(rename = "diskSizeGB", skip_serializing_if = "Option::is_none")]
        pub disk_size_gb: Option<f64>,
        #[serde(skip_serializing_if = "Nullable::is_absent")]
        pub endpoint_service_name: Nullable<String>,
        pub name: String,
        #[serde(skip_serializing_if = "Nullable::is_absent")]
        pub tags: Nullable<Vec<String>>,
    }

    #[derive(Serialize)]
    pub struct ClusterUpdate {
        #[serde(skip_serializing_if = "Nullable::is_absent")]
        pub comment: Nullable<String>,
        #[serde(rename = "diskSizeGB", skip_serializing_if = "Option::is_none")]
        pub disk_size_gb: Option<f64>,
        pub paused: Option<bool>,
        #[serde(skip_serializing_if = "Nullable::is_absent")]
        pub tags: Nullable<Vec<String>>,
    }

    #[derive(Serialize)]
    pub struct Node {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub attributes: Option<NodeAttributes>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub children: Option<Vec<Node>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub labels: Option<BTreeMap<String, String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub parent: Option<Box<Node>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub value: Option<i64>,
    }

    #[derive(Serialize)]
    pub struct NodeAttributes {
        pub kind: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub weight: Option<f64>,
        #[serde(flatten, skip_serializing_if = "BTreeMap::is_empty")]
        pub additional_properties: BTreeMap<String, i64>,
    }

    #[derive(Serialize)]
    pub struct Account {
        #[serde(skip_serializing_if = "atlas_admin_runtime::fields::skip_read_only")]
        pub id: Option<String>,
        pub name: String,
        #[serde(skip_serializing_if = "Nullable::is_absent")]
        pub note: Nullable<String>,
        pub plan: AccountPlan,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub secret: Option<String>,
        #[serde(skip_serializing_if = "atlas_admin_runtime::fields::skip_read_only")]
        pub state: Nullable<String>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Settings {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub font_size: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub theme: Option<String>,
    }

    #[derive(Serialize)]
    pub struct Empty {}

    #[derive(Serialize)]
    pub struct OnlyMap {
        #[serde(flatten, skip_serializing_if = "BTreeMap::is_empty")]
        pub additional_properties: BTreeMap<String, bool>,
    }

    #[derive(Serialize)]
    pub struct Failing {
        pub first: String,
        pub broken: super::Broken,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub after: Option<super::Broken>,
    }
}

/// Encodes `ours` and its derived copy `theirs` three ways (compact, pretty,
/// `serde_json::Value`), asserts they agree, and returns the compact text.
fn same<A: Serialize, B: Serialize>(ours: &A, theirs: &B) -> String {
    let text = serde_json::to_string(ours).unwrap();
    assert_eq!(text, serde_json::to_string(theirs).unwrap());
    let pretty = serde_json::to_string_pretty(ours).unwrap();
    assert_eq!(
        pretty,
        serde_json::to_string_pretty(theirs).unwrap(),
        "{text}"
    );
    let value = serde_json::to_value(ours).unwrap();
    assert_eq!(value, serde_json::to_value(theirs).unwrap(), "{text}");
    text
}

fn cluster(c: &Cluster) -> String {
    same(
        c,
        &derived::Cluster {
            comment: c.comment.clone(),
            disk_size_gb: c.disk_size_gb,
            endpoint_service_name: c.endpoint_service_name.clone(),
            name: c.name.clone(),
            tags: c.tags.clone(),
        },
    )
}

fn update(u: &ClusterUpdate) -> String {
    same(
        u,
        &derived::ClusterUpdate {
            comment: u.comment.clone(),
            disk_size_gb: u.disk_size_gb,
            paused: u.paused,
            tags: u.tags.clone(),
        },
    )
}

fn derived_attributes(a: &NodeAttributes) -> derived::NodeAttributes {
    derived::NodeAttributes {
        kind: a.kind.clone(),
        weight: a.weight,
        additional_properties: a.additional_properties.clone(),
    }
}

fn derived_node(n: &Node) -> derived::Node {
    derived::Node {
        attributes: n.attributes.as_ref().map(derived_attributes),
        children: n
            .children
            .as_ref()
            .map(|c| c.iter().map(derived_node).collect()),
        labels: n.labels.clone(),
        parent: n.parent.as_ref().map(|p| Box::new(derived_node(p))),
        value: n.value,
    }
}

fn node(n: &Node) -> String {
    same(n, &derived_node(n))
}

fn account(a: &Account) -> String {
    same(
        a,
        &derived::Account {
            id: a.id.clone(),
            name: a.name.clone(),
            note: a.note.clone(),
            plan: a.plan.clone(),
            secret: a.secret.clone(),
            state: a.state.clone(),
        },
    )
}

#[test]
fn required_optional_nullable_and_renamed_properties() {
    let mut c = Cluster::new("c0");
    assert_eq!(cluster(&c), r#"{"name":"c0"}"#);
    c.comment = Nullable::Null;
    c.tags = Nullable::Value(vec![]);
    assert_eq!(cluster(&c), r#"{"comment":null,"name":"c0","tags":[]}"#);
    c.disk_size_gb = Some(10.5);
    c.endpoint_service_name = Nullable::Value("svc".into());
    c.comment = Nullable::Value("é \"q\"".into());
    assert_eq!(
        cluster(&c),
        r#"{"comment":"é \"q\"","diskSizeGB":10.5,"endpointServiceName":"svc","name":"c0","tags":[]}"#
    );

    // A required nullable property is always written, `None` as `null`.
    let mut u = ClusterUpdate::new(None);
    assert_eq!(update(&u), r#"{"paused":null}"#);
    u.paused = Some(true);
    u.disk_size_gb = Some(1e300);
    u.tags = Nullable::Null;
    assert_eq!(
        update(&u),
        r#"{"diskSizeGB":1e+300,"paused":true,"tags":null}"#
    );
}

#[test]
fn all_absent_and_empty_structs_are_empty_objects() {
    assert_eq!(
        same(
            &Settings::new(),
            &derived::Settings {
                font_size: None,
                theme: None
            }
        ),
        "{}"
    );
    assert_eq!(
        serde_json::to_string_pretty(&Settings::new()).unwrap(),
        "{}"
    );
    assert_eq!(node(&Node::new()), "{}");
    let settings = Settings {
        font_size: Some(-3),
        theme: None,
    };
    assert_eq!(
        same(
            &settings,
            &derived::Settings {
                font_size: Some(-3),
                theme: None
            }
        ),
        r#"{"fontSize":-3}"#
    );
    assert_eq!(same(&Empty {}, &derived::Empty {}), "{}");
    assert_eq!(
        same(
            &OnlyMap::default(),
            &derived::OnlyMap {
                additional_properties: BTreeMap::new()
            }
        ),
        "{}"
    );
    let map = BTreeMap::from([("b".to_string(), true), ("a".to_string(), false)]);
    assert_eq!(
        same(
            &OnlyMap {
                additional_properties: map.clone()
            },
            &derived::OnlyMap {
                additional_properties: map
            }
        ),
        r#"{"a":false,"b":true}"#
    );
}

#[test]
fn additional_properties_follow_the_named_ones_and_structs_nest() {
    let mut attributes = NodeAttributes::new("leaf");
    assert_eq!(
        node(&Node {
            attributes: Some(attributes.clone()),
            ..Node::new()
        }),
        r#"{"attributes":{"kind":"leaf"}}"#
    );
    attributes.weight = Some(0.25);
    attributes.additional_properties = BTreeMap::from([("z".into(), 1), ("a".into(), -2)]);
    let leaf = Node {
        attributes: Some(attributes),
        labels: Some(BTreeMap::from([("k".into(), "v".into())])),
        value: Some(7),
        ..Node::new()
    };
    let tree = Node {
        children: Some(vec![leaf.clone(), Node::new()]),
        parent: Some(Box::new(Node {
            parent: Some(Box::new(leaf)),
            ..Node::new()
        })),
        labels: Some(BTreeMap::new()),
        ..Node::new()
    };
    let leaf_text =
        r#"{"attributes":{"kind":"leaf","weight":0.25,"a":-2,"z":1},"labels":{"k":"v"},"value":7}"#;
    assert_eq!(
        node(&tree),
        format!(
            r#"{{"children":[{leaf_text},{{}}],"labels":{{}},"parent":{{"parent":{leaf_text}}}}}"#
        )
    );
}

#[test]
fn read_only_properties_are_left_out_of_request_bodies_only() {
    let mut a = Account::new("n", AccountPlan::Paid);
    assert_eq!(account(&a), r#"{"name":"n","plan":"PAID"}"#);
    a.id = Some("id1".into());
    a.state = Nullable::Null;
    a.note = Nullable::Null;
    a.secret = Some("s".into());
    let all = r#"{"id":"id1","name":"n","note":null,"plan":"PAID","secret":"s","state":null}"#;
    assert_eq!(account(&a), all);
    let body = in_request_body(|| account(&a));
    assert_eq!(
        body,
        r#"{"name":"n","note":null,"plan":"PAID","secret":"s"}"#
    );
    // Outside a request body again, the read-only properties are back.
    assert_eq!(account(&a), all);
}

/// A value whose encoding fails.
pub struct Broken;

impl Serialize for Broken {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("broken value"))
    }
}

/// Structs written here with the macro: no field, only a map, a failing field.
pub struct Empty {}
atlas_admin_runtime::serde_struct!(Empty {});

#[derive(Default)]
pub struct OnlyMap {
    pub additional_properties: BTreeMap<String, bool>,
}
atlas_admin_runtime::serde_struct!(OnlyMap {}..additional_properties);

pub struct Failing {
    pub first: String,
    pub broken: Broken,
    pub after: Option<Broken>,
}

impl<'de> serde::Deserialize<'de> for Broken {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Ok(Broken)
    }
}

atlas_admin_runtime::serde_struct!(Failing {
    0 => first = required("first"),
    1 => broken = required("broken"),
    2 => after = optional("after"),
});

#[test]
fn a_failing_field_is_the_error() {
    let ours = Failing {
        first: "x".into(),
        broken: Broken,
        after: Some(Broken),
    };
    let theirs = derived::Failing {
        first: "x".into(),
        broken: Broken,
        after: Some(Broken),
    };
    let ours = serde_json::to_string(&ours).unwrap_err().to_string();
    assert_eq!(ours, "broken value");
    assert_eq!(
        ours,
        serde_json::to_string(&theirs).unwrap_err().to_string()
    );
}

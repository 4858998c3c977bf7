//! The MongoDB Atlas Admin API v2 profile: every rule of the generator that comes from
//! Atlas's conventions rather than from OpenAPI (see [`super`] for the overview).

use serde_json::Value;
use std::cmp::Reverse;

use super::{KnownEnum, Paging};

/// The operation extension naming an operation's generated method instead of its
/// `operationId` (Atlas's specs keep `operationId` stable and put the friendlier name here).
pub const OPERATION_NAME: &str = "x-xgen-operation-id-override";

/// The extension giving the date something stops working (`YYYY-MM-DD`): on an operation,
/// or on a media type object of a request body or response (the version of the operation in
/// that media type sunsets; the raw 2026 spec writes it there over a hundred times).
pub const SUNSET: &str = "x-sunset";

/// Atlas's list operations: `?pageNum=1&itemsPerPage=100` answered by a `Paginated…` object
/// with `results` and `totalCount` (Atlas documents 100 as the default page size).
pub const PAGING: Paging = Paging {
    page_param: "pageNum",
    size_param: "itemsPerPage",
    results_field: "results",
    total_field: "totalCount",
    default_size: 100,
};

/// Where a deployment runs, as Atlas's provider fields name it, in the order an enum of them
/// lists its values: the three clouds, then the pseudo-providers of shared tiers.
pub const PROVIDERS: [(&str, &str); 6] = [
    ("AWS", "Aws"),
    ("AZURE", "Azure"),
    ("GCP", "Gcp"),
    ("TENANT", "Tenant"),
    ("SERVERLESS", "Serverless"),
    ("FLEX", "Flex"),
];

/// The provider enums: at a property or parameter whose name contains `provider` (any case:
/// `cloudProvider`, `providerName`, `backingProviderName`, …), an enum of provider codes
/// ([`PROVIDERS`]) is `CloudProvider` when it is exactly `AWS`, `AZURE` and `GCP` (in any
/// order), else `CloudProvider` followed by its codes (`CloudProviderAws`,
/// `CloudProviderAwsAzure`, `CloudProviderAwsAzureGcpTenant`, …).
pub fn provider_enum(property: &str, values: &[String]) -> Option<KnownEnum> {
    if !property.to_ascii_lowercase().contains("provider") || values.is_empty() {
        return None;
    }
    if !values
        .iter()
        .all(|v| PROVIDERS.iter().any(|(code, _)| code == v))
    {
        return None;
    }
    let present: Vec<(&str, &str)> = PROVIDERS
        .iter()
        .copied()
        .filter(|(code, _)| values.iter().any(|v| v == code))
        .collect();
    let codes: Vec<&str> = present.iter().map(|(code, _)| *code).collect();
    let name = if codes == ["AWS", "AZURE", "GCP"] {
        "CloudProvider".to_string()
    } else {
        let parts: String = present.iter().map(|(_, part)| *part).collect();
        format!("CloudProvider{parts}")
    };
    let listed: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
    let listed = match listed.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    let doc = format!(
        "A cloud provider code: {listed}.\n\nEvery provider field or parameter whose values are \
         exactly these has this type (named by the Atlas profile after its values, so the name \
         is the same in every spec that has them)."
    );
    Some(KnownEnum {
        name,
        values: codes.into_iter().map(str::to_string).collect(),
        doc,
    })
}

/// A set of values the Atlas profile names after what the values are (see [`value_set_enum`]).
struct ValueSet {
    /// The type name.
    name: &'static str,
    /// The property the values belong to (compared without regard to case).
    property: &'static str,
    /// The values, in the order the enum lists them (the order of the spec's places).
    values: &'static [&'static str],
    /// What the values are: the first paragraph of the type's doc comment.
    what: &'static str,
}

/// The value sets Atlas repeats at several places, each named for what its values are
/// (checked against the fragment and the three upstream specs: every place with exactly these
/// values at this property is the one type, and no place with other values is).
const VALUE_SETS: [ValueSet; 3] = [
    ValueSet {
        name: "PrivateEndpointStatus",
        property: "status",
        values: &["INITIATING", "AVAILABLE", "FAILED", "DELETING"],
        what: "The state of a private endpoint's connection to Atlas: an Azure private endpoint \
               (`AzurePrivateEndpoint.status`) or a GCP forwarding rule \
               (`GCPConsumerForwardingRule.status`).",
    },
    ValueSet {
        name: "ServerlessPrivateEndpointStatus",
        property: "status",
        values: &[
            "RESERVATION_REQUESTED",
            "RESERVED",
            "INITIATING",
            "AVAILABLE",
            "FAILED",
            "DELETING",
        ],
        what: "The state of a serverless instance's private endpoint \
               (`ServerlessTenantEndpoint.status` and its AWS, Azure and legacy forms): reserved \
               first, then connected by the cloud provider.",
    },
    ValueSet {
        name: "ClusterStateName",
        property: "stateName",
        values: &["IDLE", "CREATING", "UPDATING", "DELETING", "REPAIRING"],
        what:
            "What the Atlas control plane is doing with a deployment (a cluster, Flex cluster or \
               serverless instance: the `stateName` of its description).",
    },
];

/// The value sets named after their values: a `property` of `VALUE_SETS` whose values are
/// exactly that set's (in any order) is that set's type, wherever it is. `None` for any other
/// values, so a set upstream changes falls back to the place rule rather than to a wrong name.
pub fn value_set_enum(property: &str, values: &[String]) -> Option<KnownEnum> {
    let set = VALUE_SETS.iter().find(|set| {
        set.property.eq_ignore_ascii_case(property)
            && set.values.len() == values.len()
            && set.values.iter().all(|v| values.iter().any(|w| w == v))
    })?;
    let listed: Vec<String> = set.values.iter().map(|v| format!("`{v}`")).collect();
    Some(KnownEnum {
        name: set.name.to_string(),
        values: set.values.iter().map(|v| v.to_string()).collect(),
        doc: format!(
            "{}\n\nOne of {}. Every `{}` with exactly these values has this type (named by the \
             Atlas profile after its values, so the name is the same in every spec that has \
             them).",
            set.what,
            listed.join(", "),
            set.property
        ),
    })
}

/// The `x-xgen-operation-id-override` of an operation.
pub fn operation_name(op: &Value) -> Option<&str> {
    op.get(OPERATION_NAME).and_then(Value::as_str)
}

/// The `x-sunset` date of an operation or media type object.
pub fn sunset(node: &Value) -> Option<String> {
    node.get(SUNSET).and_then(Value::as_str).map(str::to_string)
}

/// Atlas answers CSV exports as `application/vnd.atlas.YYYY-MM-DD+csv`: text.
pub fn is_text(essence: &str) -> bool {
    essence.ends_with("+csv")
}

/// Within a kind (JSON, text, binary): a dated version
/// (`application/vnd.atlas.YYYY-MM-DD+json`) first, the newest date first; then an undated
/// one (`application/json`); a preview (`application/vnd.atlas.preview+json`) last.
pub fn media_rank(essence: &str) -> (u8, Reverse<String>) {
    match media_date(essence) {
        Some(date) => (0, Reverse(date.to_string())),
        None if essence.contains("preview") => (2, Reverse(String::new())),
        None => (1, Reverse(String::new())),
    }
}

/// The `YYYY-MM-DD` version date in a vendor media type such as
/// `application/vnd.atlas.2023-01-01+json`.
pub fn media_date(essence: &str) -> Option<&str> {
    let subtype = essence.split_once('/')?.1;
    let version = subtype.split('+').next()?.rsplit('.').next()?;
    let b = version.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    shape.then_some(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn provider_enums_are_named_by_their_values() {
        let three = provider_enum("cloudProvider", &strings(&["GCP", "AWS", "AZURE"])).unwrap();
        assert_eq!(three.name, "CloudProvider");
        assert_eq!(three.values, strings(&["AWS", "AZURE", "GCP"]));
        assert!(three
            .doc
            .starts_with("A cloud provider code: `AWS`, `AZURE` or `GCP`."));
        let aws = provider_enum("providerName", &strings(&["AWS"])).unwrap();
        assert_eq!(aws.name, "CloudProviderAws");
        assert!(aws.doc.starts_with("A cloud provider code: `AWS`."));
        let four = provider_enum(
            "backingProviderName",
            &strings(&["TENANT", "AWS", "GCP", "AZURE"]),
        );
        assert_eq!(four.unwrap().name, "CloudProviderAwsAzureGcpTenant");
        // Not a provider field, or not only provider codes: named after the place.
        assert_eq!(provider_enum("instanceSizeName", &strings(&["FLEX"])), None);
        assert_eq!(provider_enum("provider", &strings(&["CONFLUENT"])), None);
        assert_eq!(
            provider_enum("cloudProvider", &strings(&["AWS", "ALIBABA"])),
            None
        );
    }

    #[test]
    fn repeated_value_sets_are_named_by_their_values() {
        let status = value_set_enum(
            "status",
            &strings(&["DELETING", "FAILED", "AVAILABLE", "INITIATING"]),
        )
        .unwrap();
        assert_eq!(status.name, "PrivateEndpointStatus");
        // The profile's order, not the place's.
        assert_eq!(
            status.values,
            strings(&["INITIATING", "AVAILABLE", "FAILED", "DELETING"])
        );
        assert!(status.doc.contains(
            "One of `INITIATING`, `AVAILABLE`, `FAILED`, `DELETING`. Every `status` with exactly"
        ));
        let serverless = strings(&[
            "RESERVATION_REQUESTED",
            "RESERVED",
            "INITIATING",
            "AVAILABLE",
            "FAILED",
            "DELETING",
        ]);
        assert_eq!(
            value_set_enum("Status", &serverless).unwrap().name,
            "ServerlessPrivateEndpointStatus"
        );
        let states = strings(&["IDLE", "CREATING", "UPDATING", "DELETING", "REPAIRING"]);
        assert_eq!(
            value_set_enum("stateName", &states).unwrap().name,
            "ClusterStateName"
        );
        // Another property, one value more or less, or another value: the place rule.
        assert_eq!(value_set_enum("phase", &states), None);
        assert_eq!(value_set_enum("stateName", &states[..4]), None);
        let mut more = states.clone();
        more.push("PAUSED".into());
        assert_eq!(value_set_enum("stateName", &more), None);
        assert_eq!(
            value_set_enum(
                "status",
                &strings(&["INITIATING", "AVAILABLE", "FAILED", "PENDING"])
            ),
            None
        );
    }

    #[test]
    fn media_dates() {
        assert_eq!(
            media_date("application/vnd.atlas.2023-01-01+json"),
            Some("2023-01-01")
        );
        assert_eq!(media_date("application/vnd.atlas.preview+json"), None);
        assert_eq!(media_date("application/json"), None);
    }
}

//! Every JSON example from the seed pages (spec/examples/) deserializes into the generated
//! types and serializes back to the same JSON: no field the schema defines is lost, none is
//! invented, an explicit `null` stays `null`, and polymorphic payloads land in the right
//! variant.
//!
//! One documented normalisation, applied to the *original* before comparing: seed 001's
//! `"": "M10"` inside `providerSettings` is a rendering artefact of the docs page for
//! `effectiveInstanceSizeName`; no schema defines a property named `""`, so the generated type
//! ignores it like any unknown key, and the test says so explicitly below.
//!
//! (Nulls need no normalisation any more: the seeds' only `null`, `errorMessage`, is a
//! `nullable` property, kept as `Nullable::Null`. What is still lossy is an explicit `null` in
//! a property the spec does *not* mark `nullable`: it decodes as `None` and is not written
//! back; `an_explicit_null_in_a_property_that_is_not_nullable_decodes_as_absent` shows it.)

use atlas_admin_client::models;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

fn example(name: &str) -> Value {
    let path = atlas_tests::repo_root().join("spec/examples").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Removes the key at `path` (object keys) from `value`, asserting it was there.
fn remove(value: &mut Value, path: &[&str]) {
    let (last, parents) = path.split_last().expect("a non-empty path");
    let mut node = value;
    for key in parents {
        node = node
            .get_mut(*key)
            .unwrap_or_else(|| panic!("no `{key}` in the example"));
    }
    let removed = node.as_object_mut().and_then(|m| m.remove(*last));
    assert!(removed.is_some(), "the example has no {path:?} to ignore");
}

/// Decodes `name` as `T`, re-encodes it and compares with the original (minus `ignored`).
fn round_trip<T: DeserializeOwned + Serialize>(name: &str, ignored: &[&[&str]]) -> T {
    let original = example(name);
    let typed: T = serde_json::from_value(original.clone())
        .unwrap_or_else(|e| panic!("{name} does not decode: {e}"));
    let back = serde_json::to_value(&typed).expect("models serialize");
    let mut expected = original;
    for path in ignored {
        remove(&mut expected, path);
    }
    assert_eq!(back, expected, "{name} changed in a round trip");
    typed
}

#[test]
fn create_serverless_private_endpoint() {
    let request: models::ServerlessTenantCreateRequest =
        round_trip("createServerlessPrivateEndpoint.request.json", &[]);
    assert_eq!(request.comment.as_deref(), Some("string"));

    let aws: models::ServerlessTenantEndpoint =
        round_trip("createServerlessPrivateEndpoint.201.aws.json", &[]);
    let models::ServerlessTenantEndpoint::Aws(aws) = aws else {
        panic!("AWS payload decoded as {aws:?}")
    };
    assert_eq!(aws.id.as_deref(), Some("32b6e34b3d91647abb20e7b8"));
    assert_eq!(
        aws.status,
        Some(models::ServerlessPrivateEndpointStatus::ReservationRequested)
    );

    let azure: models::ServerlessTenantEndpoint =
        round_trip("createServerlessPrivateEndpoint.201.azure.json", &[]);
    let models::ServerlessTenantEndpoint::Azure(azure) = azure else {
        panic!("AZURE payload decoded as {azure:?}")
    };
    assert_eq!(azure.private_endpoint_ip_address.as_deref(), Some("string"));
    assert_eq!(
        azure.private_link_service_resource_id.as_deref(),
        Some("string")
    );
}

/// A union chosen by shape names its variant in a request even when the value was built
/// without its single-value property: `providerName` is added to a request body, so the
/// server (and a decoder) sees the variant it was built as (before, an Azure endpoint built
/// with `..Default::default()` was sent without `providerName` and decoded back as AWS). A
/// value the caller serializes, e.g. a decoded answer, is written as it is: an answer that
/// came without `providerName` re-encodes without it.
#[test]
fn a_union_variant_built_without_its_single_value_property_names_itself_when_sent() {
    let built = models::ServerlessTenantEndpoint::Azure(models::ServerlessAzureTenantEndpoint {
        id: Some("32b6e34b3d91647abb20e7b8".to_string()),
        ..Default::default()
    });
    let sent =
        atlas_admin_runtime::fields::in_request_body(|| serde_json::to_value(&built)).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({"_id": "32b6e34b3d91647abb20e7b8", "providerName": "AZURE"})
    );
    let decoded: models::ServerlessTenantEndpoint = serde_json::from_value(sent).unwrap();
    let models::ServerlessTenantEndpoint::Azure(azure) = &decoded else {
        panic!("an Azure endpoint decoded as {decoded:?}")
    };
    assert_eq!(azure.id.as_deref(), Some("32b6e34b3d91647abb20e7b8"));
    assert_eq!(azure.provider_name, Some(models::CloudProviderAzure::Azure));

    // A value that sets the property keeps it as written, once.
    let aws = models::ServerlessTenantEndpoint::Aws(models::ServerlessAwsTenantEndpoint {
        provider_name: Some(models::CloudProviderAws::Aws),
        ..Default::default()
    });
    let sent = atlas_admin_runtime::fields::in_request_body(|| serde_json::to_string(&aws));
    assert_eq!(sent.unwrap(), r#"{"providerName":"AWS"}"#);

    // Answers without the property re-encode as they came: nothing is asserted that the
    // server did not say.
    for answer in [
        serde_json::json!({}),
        serde_json::json!({"_id": "x", "status": "RESERVED", "cloudProviderEndpointId": "/subscriptions/x"}),
    ] {
        let decoded: models::ServerlessTenantEndpoint =
            serde_json::from_value(answer.clone()).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), answer);
    }
}

#[test]
fn create_serverless_instance() {
    let request: models::ServerlessInstanceDescriptionCreate =
        round_trip("createServerlessInstance.request.json", &[]);
    assert_eq!(request.name, "string");
    assert_eq!(
        request.provider_settings.backing_provider_name,
        models::CloudProvider::Aws
    );

    // `"": "M10"` is the docs' rendering of effectiveInstanceSizeName (see the module docs): it
    // is not a schema property, so it is the one key allowed to disappear.
    let response: models::ServerlessInstanceDescription = round_trip(
        "createServerlessInstance.201.json",
        &[&["providerSettings", ""]],
    );
    assert_eq!(response.state_name, Some(models::ClusterStateName::Idle));
    assert_eq!(
        response.provider_settings.effective_disk_size_gb_limit,
        Some(42)
    );
    let created = response.create_date.as_ref().expect("createDate");
    assert_eq!(created.as_str(), "2025-05-04T09:42:00Z");
    // The same instant written another way compares equal (the text is what re-encodes).
    assert_eq!(
        *created,
        "2025-05-04T11:42:00+02:00"
            .parse::<atlas_admin_client::DateTime>()
            .unwrap()
    );
    let private = &response
        .connection_strings
        .as_ref()
        .and_then(|c| c.private_endpoint.as_ref())
        .expect("private endpoints")[0];
    assert_eq!(private.endpoints.as_ref().map(Vec::len), Some(1));
}

#[test]
fn create_backup_private_endpoint() {
    let request: models::ObjectStoragePrivateEndpointRequest =
        round_trip("createBackupPrivateEndpoint.request.json", &[]);
    // regionName is a oneOf of per-provider region enums: one enum with all their values.
    assert_eq!(
        request.region_name,
        Some(models::ObjectStoragePrivateEndpointRequestRegionName::UsGovWest1)
    );
    // A plain string converts into that enum (no per-provider `VariantN` wrapper to name).
    let mut request = request;
    request.region_name = Some("US_EAST_1".into());
    assert_eq!(
        request.region_name,
        Some(models::ObjectStoragePrivateEndpointRequestRegionName::UsEast1)
    );
    assert_eq!(
        serde_json::to_value(&request).unwrap()["regionName"],
        "US_EAST_1"
    );
    let response: models::ObjectStoragePrivateEndpointResponse =
        round_trip("createBackupPrivateEndpoint.201.json", &[]);
    assert_eq!(
        response.status,
        Some(models::ObjectStoragePrivateEndpointResponseStatus::Initiating)
    );
}

#[test]
fn create_private_endpoint_variants() {
    let aws: models::PrivateLinkEndpoint = round_trip("createPrivateEndpoint.200.aws.json", &[]);
    let models::PrivateLinkEndpoint::Aws(aws) = aws else {
        panic!("AWS payload decoded as {aws:?}")
    };
    assert_eq!(
        aws.connection_status,
        Some(models::AwsInterfaceEndpointConnectionStatus::PendingAcceptance)
    );

    let azure: models::PrivateLinkEndpoint =
        round_trip("createPrivateEndpoint.200.azure.json", &[]);
    let models::PrivateLinkEndpoint::Azure(azure) = azure else {
        panic!("AZURE payload decoded as {azure:?}")
    };
    assert_eq!(azure.private_endpoint_ip_address.as_deref(), Some("string"));

    let gcp: models::PrivateLinkEndpoint = round_trip("createPrivateEndpoint.200.gcp.json", &[]);
    let models::PrivateLinkEndpoint::Gcp(gcp) = gcp else {
        panic!("GCP payload decoded as {gcp:?}")
    };
    assert_eq!(gcp.endpoints.as_ref().map(Vec::len), Some(1));
}

#[test]
fn legacy_v1_serverless_private_endpoint() {
    let request: models::LegacyServerlessTenantCreateRequest =
        round_trip("createServerlessPrivateEndpointV1.request.json", &[]);
    assert_eq!(request.comment.as_deref(), Some("example comment"));
    // The seed's `"errorMessage": null` (a nullable property) stays null, and is written back.
    let response: models::LegacyServerlessTenantEndpoint =
        round_trip("createServerlessPrivateEndpointV1.201.json", &[]);
    assert_eq!(response.error_message, atlas_admin_client::Nullable::Null);
    assert_eq!(
        response.status,
        Some(models::ServerlessPrivateEndpointStatus::Available)
    );
}

#[test]
fn error_bodies() {
    for status in [400, 401, 402, 403, 404, 409, 500] {
        let name = format!("error.{status}.json");
        let body: atlas_admin_runtime::AtlasErrorBody = round_trip(&name, &[]);
        assert_eq!(body.error, Some(status), "{name}");
        assert!(
            body.error_code.is_some() && body.detail.is_some() && body.reason.is_some(),
            "{name}"
        );
    }
}

#[test]
fn unknown_enum_values_and_variants_survive() {
    // A status the spec does not list yet is kept verbatim, and re-serializes unchanged.
    let mut payload = example("createBackupPrivateEndpoint.201.json");
    payload["status"] = Value::from("SOMETHING_NEW");
    let decoded: models::ObjectStoragePrivateEndpointResponse =
        serde_json::from_value(payload.clone()).expect("decodes");
    assert_eq!(
        decoded.status,
        Some(models::ObjectStoragePrivateEndpointResponseStatus::Unknown(
            "SOMETHING_NEW".into()
        ))
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), payload);

    // A new cloud provider in a discriminated union is kept as raw JSON.
    let oracle = serde_json::json!({"cloudProvider": "ORACLE", "somethingElse": 1});
    let decoded: models::PrivateLinkEndpoint =
        serde_json::from_value(oracle.clone()).expect("decodes");
    assert_eq!(
        decoded,
        models::PrivateLinkEndpoint::Unknown(oracle.clone())
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), oracle);
}

#[test]
fn an_explicit_null_in_a_property_that_is_not_nullable_decodes_as_absent() {
    // `comment` is optional and not `nullable`: a server sending `null` there bends the spec;
    // the value decodes (as `None`) rather than failing, and is then not written back.
    let mut payload = example("createServerlessPrivateEndpointV1.201.json");
    payload["comment"] = Value::Null;
    let decoded: models::LegacyServerlessTenantEndpoint =
        serde_json::from_value(payload.clone()).expect("decodes");
    assert_eq!(decoded.comment, None);
    let back = serde_json::to_value(&decoded).unwrap();
    assert_eq!(back.get("comment"), None);
    payload.as_object_mut().unwrap().remove("comment");
    assert_eq!(back, payload);
}

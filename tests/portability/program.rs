//! A program written once against the client generated from the fragment
//! (`spec/atlas-admin-fragment.yaml` → `generated/`, the `atlas-admin-client` crate), and
//! compiled unchanged against clients generated from the full upstream specs:
//! `.ci/portability-check.sh` builds it with each crate as the dependency `atlas`
//! (`atlas = { package = "…", path = "…" }`). It names the types, variants, fields and
//! methods a program calling the five operations writes; it is only compiled, never run.
//!
//! Each operation is behind a cargo feature, because no upstream spec has all five:
//! `createServerlessInstance` is in the raw 2025-06-30 spec (not 2026-05-05), the backup
//! private endpoint in 2026-05-05 (not 2025-06-30), the legacy v1.0 operation only in the
//! fragment (it is hand-written, see `spec/README.md`).

#![allow(dead_code, deprecated, unused_imports)]

use atlas::{models, Client, Error};

/// The two cloud-provider enums every private-endpoint call uses, as values.
fn providers() -> (models::CloudProvider, models::CloudProviderAws) {
    let any: models::CloudProvider = "GCP".into();
    assert_eq!(any.as_str(), "GCP");
    let _ = models::CloudProvider::VALUES;
    (models::CloudProvider::Azure, models::CloudProviderAws::Aws)
}

#[cfg(feature = "private_endpoint")]
async fn private_endpoints(client: &Client, group: &str, service: &str) -> Result<(), Error> {
    let aws = models::CreateEndpointRequest::Aws(models::CreateAwsEndpointRequest {
        id: "vpce-0123456789abcdef0".into(),
    });
    let azure: models::CreateEndpointRequest = models::CreateAzureEndpointRequest {
        id: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateEndpoints/z"
            .into(),
        private_endpoint_ip_address: "10.0.0.4".into(),
    }
    .into();
    let gcp = models::CreateEndpointRequest::Gcp(models::CreateGcpEndpointGroupRequest {
        endpoint_group_name: "group".into(),
        endpoints: Some(vec![models::CreateGcpForwardingRuleRequest {
            endpoint_name: Some("rule-0".into()),
            ip_address: Some("10.0.0.5".into()),
        }]),
        gcp_project_id: "p-0123456789abcdefghij".into(),
    });
    for (provider, body) in [
        (models::CloudProvider::Aws, aws),
        (providers().0, azure),
        (models::CloudProvider::Gcp, gcp),
    ] {
        let endpoint: models::PrivateLinkEndpoint = client
            .create_private_endpoint(group, provider, service, body)
            .pretty(true)
            .envelope(false)
            .await?;
        match endpoint {
            models::PrivateLinkEndpoint::Aws(aws) => {
                let _: Option<models::CloudProvider> = aws.cloud_provider;
                if let Some(models::AwsInterfaceEndpointConnectionStatus::PendingAcceptance) =
                    aws.connection_status
                {}
                let _: Option<String> = aws.interface_endpoint_id;
            }
            models::PrivateLinkEndpoint::Azure(azure) => {
                let status: Option<models::PrivateEndpointStatus> = azure.status;
                if status == Some(models::PrivateEndpointStatus::Available) {}
                let _: Option<String> = azure.private_endpoint_ip_address;
            }
            models::PrivateLinkEndpoint::Gcp(gcp) => {
                let _: Option<models::PrivateGcpEndpointGroupStatus> = gcp.status;
                for rule in gcp.endpoints.unwrap_or_default() {
                    let rule: models::GcpConsumerForwardingRule = rule;
                    match rule.status {
                        Some(models::PrivateEndpointStatus::Available) => {}
                        Some(models::PrivateEndpointStatus::Failed) => {}
                        _ => {}
                    }
                }
            }
            models::PrivateLinkEndpoint::Unknown(json) => {
                let _: serde_json::Value = json;
            }
        }
    }
    Ok(())
}

#[cfg(feature = "backup_private_endpoint")]
async fn backup_private_endpoint(client: &Client, group: &str) -> Result<(), Error> {
    // A `oneOf` of string enums is one enum: a variant, or a plain string.
    let region = models::ObjectStoragePrivateEndpointRequestRegionName::UsEast1;
    let _: models::ObjectStoragePrivateEndpointRequestRegionName = "US_EAST_1".into();
    let body = models::ObjectStoragePrivateEndpointRequest {
        cloud_provider: Some(models::CloudProviderAws::Aws),
        region_name: Some(region),
    };
    let created: models::ObjectStoragePrivateEndpointResponse = client
        .create_backup_private_endpoint(group, providers().1, body)
        .await?;
    let _: Option<models::CloudProviderAws> = created.cloud_provider;
    match created.status {
        Some(models::ObjectStoragePrivateEndpointResponseStatus::Active) => {}
        Some(models::ObjectStoragePrivateEndpointResponseStatus::Unknown(value)) => {
            let _: String = value;
        }
        _ => {}
    }
    let _: Option<models::ObjectStoragePrivateEndpointResponseRegionName> = created.region_name;
    Ok(())
}

#[cfg(feature = "serverless_private_endpoint")]
async fn serverless_private_endpoint(client: &Client, group: &str) -> Result<(), Error> {
    let body = models::ServerlessTenantCreateRequest {
        comment: Some("from the portability program".into()),
    };
    let endpoint: models::ServerlessTenantEndpoint = client
        .create_serverless_private_endpoint(group, "instance-1", body)
        .await?;
    match endpoint {
        models::ServerlessTenantEndpoint::Aws(aws) => {
            let _: Option<models::CloudProviderAws> = aws.provider_name;
            if let Some(models::ServerlessPrivateEndpointStatus::ReservationRequested) =
                aws.status
            {}
        }
        models::ServerlessTenantEndpoint::Azure(azure) => {
            let _: Option<models::CloudProviderAzure> = azure.provider_name;
            let _: Option<models::ServerlessPrivateEndpointStatus> = azure.status;
        }
        models::ServerlessTenantEndpoint::Unknown(_) => {}
    }
    Ok(())
}

#[cfg(feature = "serverless_instance")]
async fn serverless_instance(client: &Client, group: &str) -> Result<(), Error> {
    // Built with the constructors: the request type carries no server-set (readOnly) field.
    let mut provider_settings =
        models::ServerlessProviderSettings::new(models::CloudProvider::Aws, "US_EAST_1");
    provider_settings.provider_name = Some(models::CloudProviderServerless::Serverless);
    let mut body =
        models::ServerlessInstanceDescriptionCreate::new("instance-1", provider_settings);
    body.serverless_backup_options = Some(models::ClusterServerlessBackupOptions {
        serverless_continuous_backup_enabled: Some(true),
    });
    body.tags = Some(vec![models::ResourceTag::new("team", "data")]);
    body.termination_protection_enabled = Some(false);
    let created: models::ServerlessInstanceDescription =
        client.create_serverless_instance(group, body).await?;
    if let Some(models::ClusterStateName::Idle) = created.state_name {}
    if let Some(strings) = created.connection_strings {
        let strings: models::ServerlessInstanceDescriptionConnectionStrings = strings;
        for endpoint in strings.private_endpoint.unwrap_or_default() {
            let endpoint: models::ServerlessConnectionStringsPrivateEndpointList = endpoint;
            let _: Option<models::ServerlessConnectionStringsPrivateEndpointListType> =
                endpoint.r#type;
            for item in endpoint.endpoints.unwrap_or_default() {
                let _: Option<models::CloudProviderAwsAzure> = item.provider_name;
            }
        }
    }
    Ok(())
}

#[cfg(feature = "legacy_v1")]
async fn legacy_v1(client: &Client, group: &str) -> Result<(), Error> {
    let body = models::LegacyServerlessTenantCreateRequest {
        comment: Some("v1.0".into()),
    };
    let endpoint: models::LegacyServerlessTenantEndpoint = client
        .create_serverless_private_endpoint_v1(group, "instance-1", body)
        .await?;
    let _: Option<models::ServerlessPrivateEndpointStatus> = endpoint.status;
    Ok(())
}

fn main() {
    // Building a client is the same for every crate.
    let client = Client::builder()
        .digest_auth("public", "private")
        .build()
        .expect("a client");
    let _ = (&client, providers);
}

//! Add a private endpoint to a private endpoint service, on AWS, Azure or Google
//! Cloud (`createPrivateEndpoint`): the request body and the answer are unions
//! chosen by the cloud provider.
//!
//! ```text
//! MONGODB_ATLAS_PUBLIC_API_KEY=... MONGODB_ATLAS_PRIVATE_API_KEY=... \
//! MONGODB_ATLAS_GROUP_ID=5f1a2b3c4d5e6f7a8b9c0d1e \
//! MONGODB_ATLAS_CLOUD_PROVIDER=AZURE \
//! MONGODB_ATLAS_ENDPOINT_SERVICE_ID=aaaaaaaaaaaaaaaaaaaaaa02 \
//! MONGODB_ATLAS_AZURE_PRIVATE_ENDPOINT_ID=/subscriptions/.../privateEndpoints/pe-1 \
//! MONGODB_ATLAS_AZURE_PRIVATE_ENDPOINT_IP=10.0.0.4 \
//!     cargo run -p atlas-admin-client --example private_endpoint
//! ```
//!
//! `MONGODB_ATLAS_CLOUD_PROVIDER` is `AWS` (the default), `AZURE` or `GCP`; what
//! else is read depends on it:
//!
//! - `AWS`: `MONGODB_ATLAS_VPC_ENDPOINT_ID` (`vpce-` and 17 hex digits);
//! - `AZURE`: `MONGODB_ATLAS_AZURE_PRIVATE_ENDPOINT_ID` (the resource id) and
//!   `MONGODB_ATLAS_AZURE_PRIVATE_ENDPOINT_IP`;
//! - `GCP`: `MONGODB_ATLAS_GCP_PROJECT_ID` (`p-` and 24 characters),
//!   `MONGODB_ATLAS_GCP_ENDPOINT_GROUP_NAME` and, optionally,
//!   `MONGODB_ATLAS_GCP_FORWARDING_RULES` (`name=ip,name=ip`).
//!
//! Credentials and `MONGODB_ATLAS_BASE_URL`: see `examples/common/mod.rs`
//! (an API key, a service account or an access token).

use atlas_admin_client::models;

#[path = "common/mod.rs"]
mod common;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    common::exit_with(run(|name| std::env::var(name).ok()).await)
}

/// The whole example, with the environment passed in (so it can be tested).
/// Returns what to print; never includes a credential.
pub async fn run(env: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let client = common::client(&env)?;
    let group_id = common::var(&env, "MONGODB_ATLAS_GROUP_ID")?;
    let service_id = common::var(&env, "MONGODB_ATLAS_ENDPOINT_SERVICE_ID")?;
    let provider: models::CloudProvider = env("MONGODB_ATLAS_CLOUD_PROVIDER")
        .as_deref()
        .unwrap_or("AWS")
        .into();
    let body = match provider {
        models::CloudProvider::Aws => {
            models::CreateEndpointRequest::Aws(models::CreateAwsEndpointRequest {
                id: common::var(&env, "MONGODB_ATLAS_VPC_ENDPOINT_ID")?,
            })
        }
        models::CloudProvider::Azure => {
            models::CreateEndpointRequest::Azure(models::CreateAzureEndpointRequest {
                id: common::var(&env, "MONGODB_ATLAS_AZURE_PRIVATE_ENDPOINT_ID")?,
                private_endpoint_ip_address: common::var(
                    &env,
                    "MONGODB_ATLAS_AZURE_PRIVATE_ENDPOINT_IP",
                )?,
            })
        }
        models::CloudProvider::Gcp => {
            let rules = env("MONGODB_ATLAS_GCP_FORWARDING_RULES").unwrap_or_default();
            let endpoints = rules
                .split(',')
                .filter(|rule| !rule.is_empty())
                .map(|rule| {
                    let (name, ip) = rule.split_once('=').unwrap_or((rule, ""));
                    models::CreateGcpForwardingRuleRequest {
                        endpoint_name: Some(name.to_owned()),
                        ip_address: (!ip.is_empty()).then(|| ip.to_owned()),
                    }
                })
                .collect();
            models::CreateEndpointRequest::Gcp(models::CreateGcpEndpointGroupRequest {
                endpoint_group_name: common::var(&env, "MONGODB_ATLAS_GCP_ENDPOINT_GROUP_NAME")?,
                endpoints: Some(endpoints),
                gcp_project_id: common::var(&env, "MONGODB_ATLAS_GCP_PROJECT_ID")?,
            })
        }
        models::CloudProvider::Unknown(other) => {
            return Err(format!(
                "MONGODB_ATLAS_CLOUD_PROVIDER is {other}; expected one of {}",
                models::CloudProvider::VALUES.join(", ")
            ))
        }
    };
    let endpoint = client
        .create_private_endpoint(group_id, provider, service_id, body)
        .await
        .map_err(|e| common::describe(&e))?;
    Ok(match endpoint {
        models::PrivateLinkEndpoint::Aws(aws) => format!(
            "AWS interface endpoint {} (connection {:?})",
            aws.interface_endpoint_id.as_deref().unwrap_or("?"),
            aws.connection_status,
        ),
        models::PrivateLinkEndpoint::Azure(azure) => format!(
            "Azure private endpoint {} at {} ({:?})",
            azure
                .private_endpoint_connection_name
                .as_deref()
                .unwrap_or("?"),
            azure.private_endpoint_ip_address.as_deref().unwrap_or("?"),
            azure.status,
        ),
        models::PrivateLinkEndpoint::Gcp(gcp) => {
            let rules: Vec<String> = gcp
                .endpoints
                .unwrap_or_default()
                .iter()
                .map(|rule| {
                    format!(
                        "{} {:?}",
                        rule.endpoint_name.as_deref().unwrap_or("?"),
                        rule.status
                    )
                })
                .collect();
            format!(
                "Google Cloud endpoint group {} ({:?}), forwarding rules: [{}]",
                gcp.endpoint_group_name.as_deref().unwrap_or("?"),
                gcp.status,
                rules.join(", ")
            )
        }
        models::PrivateLinkEndpoint::Unknown(json) => format!("a private endpoint: {json}"),
    })
}

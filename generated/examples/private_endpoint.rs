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
//!
//! The call itself is [`add_private_endpoint`], a function of a `&Client`, so
//! its test (`tests` at the end, with the crate's typed mock server) runs it
//! without Atlas: `cargo test -p atlas-admin-client --features mock --example
//! private_endpoint` (`cargo test --workspace` runs it too, from
//! `tests/tests/e2e_examples.rs`).

use atlas_admin_client::{models, Client, Error};

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
    add_private_endpoint(&client, &group_id, provider, &service_id, body)
        .await
        .map_err(|e| common::describe(&e))
}

/// Adds the private endpoint `body` (of `provider`) to the private endpoint service
/// `service_id` of project `group_id`, and says what Atlas answered: the endpoint's
/// id and its connection status.
pub async fn add_private_endpoint(
    client: &Client,
    group_id: &str,
    provider: models::CloudProvider,
    service_id: &str,
    body: models::CreateEndpointRequest,
) -> Result<String, Error> {
    let endpoint = client
        .create_private_endpoint(group_id, provider, service_id, body)
        .await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_admin_client::mock::{atlas_error, MockServer};

    const GROUP: &str = "32b6e34b3d91647abb20e7b8";
    const SERVICE: &str = "5f7cac1adf5d6c6306f4b283";
    const VPCE: &str = "vpce-0123456789abcdef0";

    fn aws_request() -> models::CreateEndpointRequest {
        models::CreateAwsEndpointRequest { id: VPCE.into() }.into()
    }

    #[tokio::test]
    async fn adds_an_aws_interface_endpoint() {
        let mock = MockServer::start().await;
        mock.create_private_endpoint(GROUP, "AWS", SERVICE)
            .body(aws_request())
            .respond(models::AwsInterfaceEndpoint {
                cloud_provider: Some("AWS".into()),
                connection_status: Some("PENDING_ACCEPTANCE".into()),
                interface_endpoint_id: Some(VPCE.into()),
                ..Default::default()
            })
            .await;

        let said = add_private_endpoint(
            &mock.client(),
            GROUP,
            models::CloudProvider::Aws,
            SERVICE,
            aws_request(),
        )
        .await
        .unwrap();
        assert_eq!(
            said,
            "AWS interface endpoint vpce-0123456789abcdef0 (connection Some(PendingAcceptance))"
        );
        mock.verify().await;
    }

    #[tokio::test]
    async fn a_refusal_is_the_typed_atlas_error() {
        let mock = MockServer::start().await;
        mock.create_private_endpoint(GROUP, "AWS", SERVICE)
            .respond_error(
                409,
                atlas_error("PRIVATE_ENDPOINT_ALREADY_EXISTS", "The endpoint exists."),
            )
            .await;

        let err = add_private_endpoint(
            &mock.client(),
            GROUP,
            models::CloudProvider::Aws,
            SERVICE,
            aws_request(),
        )
        .await
        .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
        assert_eq!(err.error_code(), Some("PRIVATE_ENDPOINT_ALREADY_EXISTS"));
        mock.verify().await;
    }
}

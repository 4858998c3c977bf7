//! Reserve a private endpoint for a serverless instance
//! (`createServerlessPrivateEndpoint`, deprecated by Atlas with the serverless
//! instances themselves): the answer is an AWS or Azure endpoint, told apart by
//! its shape.
//!
//! ```text
//! MONGODB_ATLAS_PUBLIC_API_KEY=... MONGODB_ATLAS_PRIVATE_API_KEY=... \
//! MONGODB_ATLAS_GROUP_ID=5f1a2b3c4d5e6f7a8b9c0d1e \
//! MONGODB_ATLAS_INSTANCE_NAME=aws-instance \
//!     cargo run -p atlas-admin-client --example serverless_private_endpoint
//! ```
//!
//! `MONGODB_ATLAS_COMMENT` sets the endpoint's comment (at most 80 characters).
//! Credentials and `MONGODB_ATLAS_BASE_URL`: see `examples/common/mod.rs`.
//! The legacy v1.0 form of this operation is the `serverless_private_endpoint_v1`
//! example.

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
    let instance = common::var(&env, "MONGODB_ATLAS_INSTANCE_NAME")?;
    let body = models::ServerlessTenantCreateRequest {
        comment: env("MONGODB_ATLAS_COMMENT"),
    };
    #[allow(deprecated)]
    let endpoint = client
        .create_serverless_private_endpoint(group_id, instance, body)
        .await
        .map_err(|e| common::describe(&e))?;
    Ok(match endpoint {
        models::ServerlessTenantEndpoint::Aws(aws) => format!(
            "AWS endpoint {} for service {} ({:?})",
            aws.id.as_deref().unwrap_or("?"),
            aws.endpoint_service_name.as_deref().unwrap_or("?"),
            aws.status,
        ),
        models::ServerlessTenantEndpoint::Azure(azure) => format!(
            "Azure endpoint {} for service {} ({:?})",
            azure.id.as_deref().unwrap_or("?"),
            azure.endpoint_service_name.as_deref().unwrap_or("?"),
            azure.status,
        ),
        models::ServerlessTenantEndpoint::Unknown(json) => format!("an endpoint: {json}"),
    })
}

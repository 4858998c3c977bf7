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
//!
//! The call itself is [`reserve_endpoint`], a function of a `&Client`, so its
//! test (`tests` at the end, with the crate's typed mock server) runs it without
//! Atlas: `cargo test -p atlas-admin-client --features mock --example
//! serverless_private_endpoint` (`cargo test --workspace` runs it too, from
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
    let instance = common::var(&env, "MONGODB_ATLAS_INSTANCE_NAME")?;
    let comment = env("MONGODB_ATLAS_COMMENT");
    reserve_endpoint(&client, &group_id, &instance, comment)
        .await
        .map_err(|e| common::describe(&e))
}

/// Reserves a private endpoint for the serverless instance `instance` of project
/// `group_id`, with an optional `comment`, and says what Atlas answered: the
/// provider, the endpoint's id, its endpoint service and its status.
pub async fn reserve_endpoint(
    client: &Client,
    group_id: &str,
    instance: &str,
    comment: Option<String>,
) -> Result<String, Error> {
    let body = models::ServerlessTenantCreateRequest { comment };
    #[allow(deprecated)]
    let endpoint = client
        .create_serverless_private_endpoint(group_id, instance, body)
        .await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_admin_client::mock::MockServer;

    const GROUP: &str = "32b6e34b3d91647abb20e7b8";

    #[tokio::test]
    async fn reserves_an_aws_endpoint_with_its_comment() {
        let mock = MockServer::start().await;
        mock.create_serverless_private_endpoint(GROUP, "aws-instance")
            .body(models::ServerlessTenantCreateRequest {
                comment: Some("from the app tier".into()),
            })
            .respond(models::ServerlessAwsTenantEndpoint {
                id: Some("6a1b2c3d4e5f60718293a4b5".into()),
                endpoint_service_name: Some(
                    "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0".into(),
                ),
                provider_name: Some("AWS".into()),
                status: Some("RESERVATION_REQUESTED".into()),
                ..Default::default()
            })
            .await;

        let said = reserve_endpoint(
            &mock.client(),
            GROUP,
            "aws-instance",
            Some("from the app tier".into()),
        )
        .await
        .unwrap();
        assert_eq!(
            said,
            "AWS endpoint 6a1b2c3d4e5f60718293a4b5 for service \
             com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0 (Some(ReservationRequested))"
        );
        mock.verify().await;
    }

    #[tokio::test]
    async fn a_comment_too_long_is_refused_before_sending() {
        let mock = MockServer::start().await;
        let err = reserve_endpoint(&mock.client(), GROUP, "aws-instance", Some("x".repeat(81)))
            .await
            .unwrap_err();
        let Error::Validation(v) = &err else {
            panic!("not a validation error: {err:?}");
        };
        assert_eq!(v.issues[0].field, "body.comment");
        // No expectation was set: a request would have been answered 404 and counted.
        assert_eq!(
            mock.server().received_requests().await.map(|r| r.len()),
            Some(0)
        );
    }
}

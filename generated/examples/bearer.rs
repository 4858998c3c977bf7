//! Add an AWS interface endpoint to a private endpoint service, authenticating
//! with an access token obtained elsewhere (a static bearer token).
//!
//! ```text
//! MONGODB_ATLAS_ACCESS_TOKEN=... MONGODB_ATLAS_GROUP_ID=5f1a2b3c4d5e6f7a8b9c0d1e \
//! MONGODB_ATLAS_ENDPOINT_SERVICE_ID=aaaaaaaaaaaaaaaaaaaaaa01 \
//! MONGODB_ATLAS_VPC_ENDPOINT_ID=vpce-0123456789abcdef0 \
//!     cargo run -p atlas-admin-client --example bearer
//! ```
//!
//! `MONGODB_ATLAS_BASE_URL` overrides `https://cloud.mongodb.com` (plain
//! `http://` is allowed only when the URL says so, e.g. for a local simulator).
//! A static token is never refreshed: once it expires, calls fail with an
//! authentication error.

use std::process::ExitCode;

use atlas_admin_client::{models, Client, Error};

#[tokio::main]
async fn main() -> ExitCode {
    match run(|name| std::env::var(name).ok()).await {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::FAILURE
        }
    }
}

/// The whole example, with the environment passed in (so it can be tested).
/// Returns what to print; never includes a credential.
pub async fn run(env: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let var = |name: &str| env(name).ok_or_else(|| format!("{name} is not set"));
    let token = var("MONGODB_ATLAS_ACCESS_TOKEN")?;
    let group_id = var("MONGODB_ATLAS_GROUP_ID")?;
    let service_id = var("MONGODB_ATLAS_ENDPOINT_SERVICE_ID")?;
    let vpc_endpoint_id = var("MONGODB_ATLAS_VPC_ENDPOINT_ID")?;

    let mut builder = Client::builder().bearer_token(token);
    if let Some(url) = env("MONGODB_ATLAS_BASE_URL") {
        builder = builder.allow_http(url.starts_with("http://")).base_url(url);
    }
    let client = builder.build().map_err(|e| describe(&e))?;

    // The AWS variant of the `CreateEndpointRequest` union, from its one required property.
    let body = models::CreateAwsEndpointRequest::new(vpc_endpoint_id);
    match client
        .create_private_endpoint(group_id, "AWS", service_id, body)
        .await
    {
        Ok(models::PrivateLinkEndpoint::Aws(e)) => Ok(format!(
            "added interface endpoint {} (connection {:?})",
            e.interface_endpoint_id.as_deref().unwrap_or("?"),
            e.connection_status,
        )),
        Ok(other) => Ok(format!("added private endpoint: {other:?}")),
        Err(e) => Err(describe(&e)),
    }
}

/// A one-paragraph description of a typed error (errors never carry credentials).
fn describe(e: &Error) -> String {
    match e {
        Error::Validation(v) => {
            let issues: Vec<String> = v
                .issues
                .iter()
                .map(|i| format!("  {} ({}): {}", i.field, i.rule, i.message))
                .collect();
            format!(
                "invalid arguments, nothing was sent:\n{}",
                issues.join("\n")
            )
        }
        Error::Auth(a) => format!("{a}"),
        Error::Api(api) => format!(
            "Atlas answered {} {}: {}{}",
            api.status.as_u16(),
            api.error_code().unwrap_or("(no errorCode)"),
            api.detail().unwrap_or("(no detail)"),
            match api.retry_after {
                Some(d) => format!(" (retry after {}s)", d.as_secs()),
                None => String::new(),
            }
        ),
        other => format!("request failed: {other}"),
    }
}

//! Create an object-storage private endpoint for Cloud Backups, authenticating
//! with a programmatic API key (HTTP Digest).
//!
//! ```text
//! MONGODB_ATLAS_PUBLIC_API_KEY=... MONGODB_ATLAS_PRIVATE_API_KEY=... \
//! MONGODB_ATLAS_GROUP_ID=5f1a2b3c4d5e6f7a8b9c0d1e \
//!     cargo run -p atlas-admin-client --example digest
//! ```
//!
//! `MONGODB_ATLAS_BASE_URL` overrides `https://cloud.mongodb.com` (plain
//! `http://` is allowed only when the URL says so, e.g. for a local simulator);
//! `MONGODB_ATLAS_REGION` overrides the region (default `US_EAST_1`).

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
    let public_key = var("MONGODB_ATLAS_PUBLIC_API_KEY")?;
    let private_key = var("MONGODB_ATLAS_PRIVATE_API_KEY")?;
    let group_id = var("MONGODB_ATLAS_GROUP_ID")?;
    let region = env("MONGODB_ATLAS_REGION").unwrap_or_else(|| "US_EAST_1".to_owned());

    let mut builder = Client::builder().digest_auth(public_key, private_key);
    if let Some(url) = env("MONGODB_ATLAS_BASE_URL") {
        builder = builder.allow_http(url.starts_with("http://")).base_url(url);
    }
    let client = builder.build().map_err(|e| describe(&e))?;

    let body = models::ObjectStoragePrivateEndpointRequest {
        cloud_provider: Some(models::CloudProviderAws::Aws),
        // A plain string: the region enum keeps values this client does not know yet.
        region_name: Some(region.as_str().into()),
    };
    match client
        .create_backup_private_endpoint(group_id, "AWS", body)
        .await
    {
        Ok(endpoint) => Ok(format!(
            "created object storage private endpoint {} in {:?} (status {:?})",
            endpoint.id.as_deref().unwrap_or("?"),
            endpoint.region_name,
            endpoint.status,
        )),
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

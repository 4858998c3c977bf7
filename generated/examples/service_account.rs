//! Create a serverless instance, authenticating as a service account (OAuth 2.0
//! client credentials), then revoke the access token.
//!
//! ```text
//! MONGODB_ATLAS_CLIENT_ID=... MONGODB_ATLAS_CLIENT_SECRET=... \
//! MONGODB_ATLAS_GROUP_ID=5f1a2b3c4d5e6f7a8b9c0d1e \
//!     cargo run -p atlas-admin-client --example service_account
//! ```
//!
//! `MONGODB_ATLAS_BASE_URL` overrides `https://cloud.mongodb.com` (plain
//! `http://` is allowed only when the URL says so, e.g. for a local simulator);
//! `MONGODB_ATLAS_INSTANCE_NAME` names the instance (default `example-instance`).
//! The client fetches, caches and refreshes the access token itself.

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
    let client_id = var("MONGODB_ATLAS_CLIENT_ID")?;
    let client_secret = var("MONGODB_ATLAS_CLIENT_SECRET")?;
    let group_id = var("MONGODB_ATLAS_GROUP_ID")?;
    let name = env("MONGODB_ATLAS_INSTANCE_NAME").unwrap_or_else(|| "example-instance".to_owned());

    let mut builder = Client::builder().service_account(client_id, client_secret);
    if let Some(url) = env("MONGODB_ATLAS_BASE_URL") {
        builder = builder.allow_http(url.starts_with("http://")).base_url(url);
    }
    let client = builder.build().map_err(|e| describe(&e))?;

    // `new` takes the required properties; the optional ones are set by name, the rest stay
    // absent (server-set properties such as `stateName` are not fields of a request type).
    let body = models::ServerlessInstanceDescriptionCreate {
        termination_protection_enabled: Some(false),
        ..models::ServerlessInstanceDescriptionCreate::new(
            name,
            models::ServerlessProviderSettings::new("AWS", "US_EAST_1"),
        )
    };
    // Deprecated by the API (it now creates a Flex cluster), still callable.
    #[allow(deprecated)]
    let result = client.create_serverless_instance(group_id, body).await;
    // Revoke the token whatever happened (a no-op if none was issued).
    let revoked = client.transport().revoke_token().await;
    let out = match result {
        Ok(instance) => format!(
            "created serverless instance {} ({}), state {:?}",
            instance.name.as_deref().unwrap_or("?"),
            instance.id.as_deref().unwrap_or("?"),
            instance.state_name,
        ),
        Err(e) => return Err(describe(&e)),
    };
    match revoked {
        Ok(()) => Ok(format!("{out}; access token revoked")),
        Err(e) => Ok(format!(
            "{out}; revoking the access token failed: {}",
            describe(&e)
        )),
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

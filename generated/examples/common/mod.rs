//! What the operation examples share: a client built from the environment, and a
//! description of a typed error. (Not an example itself: cargo only builds
//! `examples/*.rs` and `examples/*/main.rs`.)
//!
//! Environment (the credentials of exactly one authentication method):
//!
//! | variable | meaning |
//! |---|---|
//! | `MONGODB_ATLAS_PUBLIC_API_KEY`, `MONGODB_ATLAS_PRIVATE_API_KEY` | a programmatic API key (HTTP Digest) |
//! | `MONGODB_ATLAS_CLIENT_ID`, `MONGODB_ATLAS_CLIENT_SECRET` | a service account (OAuth 2.0 client credentials) |
//! | `MONGODB_ATLAS_ACCESS_TOKEN` | an access token obtained elsewhere (bearer) |
//! | `MONGODB_ATLAS_BASE_URL` | instead of `https://cloud.mongodb.com` (plain `http://` only when the URL says so, e.g. the local simulator: `cargo run -p atlas-tests --bin simulator`) |

#![allow(dead_code)]

use atlas_admin_client::{Client, Error};

/// A client for the credentials in the environment (`env` reads a variable). Names the
/// variables to set when none of the three methods is configured.
pub fn client(env: &impl Fn(&str) -> Option<String>) -> Result<Client, String> {
    let mut builder = Client::builder();
    builder = match (
        env("MONGODB_ATLAS_PUBLIC_API_KEY"),
        env("MONGODB_ATLAS_PRIVATE_API_KEY"),
        env("MONGODB_ATLAS_CLIENT_ID"),
        env("MONGODB_ATLAS_CLIENT_SECRET"),
        env("MONGODB_ATLAS_ACCESS_TOKEN"),
    ) {
        (Some(public), Some(private), ..) => builder.digest_auth(public, private),
        (_, _, Some(id), Some(secret), _) => builder.service_account(id, secret),
        (.., Some(token)) => builder.bearer_token(token),
        _ => {
            return Err("no credentials: set MONGODB_ATLAS_PUBLIC_API_KEY and \
                        MONGODB_ATLAS_PRIVATE_API_KEY, or MONGODB_ATLAS_CLIENT_ID and \
                        MONGODB_ATLAS_CLIENT_SECRET, or MONGODB_ATLAS_ACCESS_TOKEN"
                .to_owned())
        }
    };
    if let Some(url) = env("MONGODB_ATLAS_BASE_URL") {
        builder = builder.allow_http(url.starts_with("http://")).base_url(url);
    }
    builder.build().map_err(|e| describe(&e))
}

/// A required variable, or a message naming it.
pub fn var(env: &impl Fn(&str) -> Option<String>, name: &str) -> Result<String, String> {
    env(name).ok_or_else(|| format!("{name} is not set"))
}

/// A one-paragraph description of a typed error (errors never carry credentials).
pub fn describe(e: &Error) -> String {
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
            "Atlas answered {} {}: {}",
            api.status.as_u16(),
            api.error_code().unwrap_or("(no errorCode)"),
            api.detail().unwrap_or("(no detail)"),
        ),
        other => format!("request failed: {other}"),
    }
}

/// Runs an example's `run` with the process environment: prints its output, or its error on
/// stderr with a failing exit code.
pub fn exit_with(result: Result<String, String>) -> std::process::ExitCode {
    match result {
        Ok(out) => {
            println!("{out}");
            std::process::ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("{msg}");
            std::process::ExitCode::FAILURE
        }
    }
}

//! The local Atlas simulator as a program, to run the client's examples (or your own code)
//! offline:
//!
//! ```text
//! cargo run -p atlas-tests --bin simulator              # a port the system picks
//! cargo run -p atlas-tests --bin simulator -- --port 8090
//! ```
//!
//! It prints the base URL, the test credentials and the ids it knows as shell `export`
//! lines (paste them into another shell, then `cargo run -p atlas-admin-client --example
//! digest`), and serves until it is stopped (Ctrl-C). The simulator is the one the
//! end-to-end tests use (`atlas_tests::simulator`), with its default configuration.

use std::net::SocketAddr;
use std::process::ExitCode;

use atlas_tests::simulator::{self as sim, Simulator};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let port = match port(std::env::args().skip(1)) {
        Ok(port) => port,
        Err(message) => {
            eprintln!("{message}\nusage: simulator [--port PORT]");
            return ExitCode::from(2);
        }
    };
    let simulator = Simulator::builder()
        .bind(SocketAddr::from(([127, 0, 0, 1], port)))
        .start()
        .await;
    println!("{}", exports(simulator.url()));
    println!(
        "# Atlas simulator listening on {} (Ctrl-C stops it)",
        simulator.url()
    );
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}

/// The port from `--port N` (0, the default, lets the system pick one).
fn port(mut args: impl Iterator<Item = String>) -> Result<u16, String> {
    let mut port = 0;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                let value = args.next().ok_or("--port needs a value")?;
                port = value
                    .parse()
                    .map_err(|_| format!("--port {value}: not a port number"))?;
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(port)
}

/// Every variable the examples read, set for this simulator, as shell lines (the service
/// account and access token are commented out: the examples use the first method set).
fn exports(url: &str) -> String {
    [
        format!("export MONGODB_ATLAS_BASE_URL={url}"),
        format!("export MONGODB_ATLAS_GROUP_ID={}", sim::GROUP_ID),
        "# an API key (HTTP Digest) ...".to_string(),
        format!("export MONGODB_ATLAS_PUBLIC_API_KEY={}", sim::PUBLIC_KEY),
        format!("export MONGODB_ATLAS_PRIVATE_API_KEY={}", sim::PRIVATE_KEY),
        "# ... or, with the API key unset, a service account or an access token:".to_string(),
        format!("# export MONGODB_ATLAS_CLIENT_ID={}", sim::CLIENT_ID),
        format!(
            "# export MONGODB_ATLAS_CLIENT_SECRET={}",
            sim::CLIENT_SECRET
        ),
        format!("# export MONGODB_ATLAS_ACCESS_TOKEN={}", sim::BEARER_TOKEN),
        format!(
            "# serverless instances: {} (AWS), {} (Azure)",
            sim::AWS_INSTANCE,
            sim::AZURE_INSTANCE
        ),
        format!("export MONGODB_ATLAS_INSTANCE_NAME={}", sim::AWS_INSTANCE),
        format!(
            "# private endpoint services: {} (AWS), {} (AZURE), {} (GCP)",
            sim::AWS_ENDPOINT_SERVICE_ID,
            sim::AZURE_ENDPOINT_SERVICE_ID,
            sim::GCP_ENDPOINT_SERVICE_ID
        ),
        format!(
            "export MONGODB_ATLAS_ENDPOINT_SERVICE_ID={}",
            sim::AWS_ENDPOINT_SERVICE_ID
        ),
        "export MONGODB_ATLAS_VPC_ENDPOINT_ID=vpce-0123456789abcdef0".to_string(),
    ]
    .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports() {
        let args = |a: &[&str]| {
            a.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(port(args(&[])), Ok(0));
        assert_eq!(port(args(&["--port", "8090"])), Ok(8090));
        assert!(port(args(&["--port"])).is_err());
        assert!(port(args(&["--port", "x"])).is_err());
        assert!(port(args(&["--verbose"])).is_err());
    }
}

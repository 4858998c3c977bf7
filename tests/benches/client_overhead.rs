//! `cargo bench -p atlas-tests --bench client_overhead`
//!
//! 1. Client overhead: the generated client (validation, runtime transport, typed decode) against
//!    a hand-written reqwest + serde call making the same request to the same local server.
//!    Rounds alternate between the two so machine noise hits both alike; the figure is the ratio
//!    of median throughputs (target ≥ 0.95). Client and server run on one thread.
//!    `--only generated|handwritten N` runs N calls of one client, for instruction counts under
//!    `valgrind --tool=callgrind` (load-independent; subtract a run with a smaller N).
//! 2. Model (de)serialization throughput for the seed payloads.
//!
//! Figures are ratios measured side by side in one run, never asserted in tests.

use std::time::{Duration, Instant};

use atlas_admin_client::{models, Client};
use atlas_admin_runtime::reqwest;
use axum::{http::header, response::IntoResponse, routing::post, Router};

const MEDIA: &str = "application/vnd.atlas.2023-01-01+json";
const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const ROUNDS: usize = 7;
const CALLS: usize = 1500;

fn example(name: &str) -> String {
    std::fs::read_to_string(atlas_tests::repo_root().join("spec/examples").join(name))
        .expect("example")
}

async fn serve() -> String {
    let body = example("createServerlessPrivateEndpoint.201.aws.json");
    let app = Router::new().route(
        "/api/atlas/v2/groups/{group}/privateEndpoint/serverless/instance/{instance}/endpoint",
        post(move || {
            let body = body.clone();
            async move {
                (
                    axum::http::StatusCode::CREATED,
                    [(header::CONTENT_TYPE, MEDIA)],
                    body,
                )
                    .into_response()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    url
}

fn request_body() -> models::ServerlessTenantCreateRequest {
    models::ServerlessTenantCreateRequest {
        comment: Some("benchmark endpoint".into()),
    }
}

#[allow(deprecated)]
async fn generated_calls(client: &Client, n: usize) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        let endpoint = client
            .create_serverless_private_endpoint(GROUP, "instance-1", request_body())
            .await
            .expect("call");
        std::hint::black_box(endpoint);
    }
    start.elapsed()
}

/// The hand-written call; `timeout` gives it the per-request timeout the generated client has
/// by default (a timer per request is a real cost, so both comparisons are reported).
async fn handwritten_calls(
    http: &reqwest::Client,
    base: &str,
    n: usize,
    timeout: Option<Duration>,
) -> Duration {
    let url = format!("{base}/api/atlas/v2/groups/{GROUP}/privateEndpoint/serverless/instance/instance-1/endpoint");
    let start = Instant::now();
    for _ in 0..n {
        let mut request = http
            .post(&url)
            .header(header::ACCEPT, MEDIA)
            .header(header::CONTENT_TYPE, MEDIA)
            .body(serde_json::to_vec(&request_body()).unwrap());
        if let Some(t) = timeout {
            request = request.timeout(t);
        }
        let response = request.send().await.expect("send");
        assert_eq!(response.status().as_u16(), 201);
        let bytes = response.bytes().await.expect("body");
        let endpoint: models::ServerlessTenantEndpoint =
            serde_json::from_slice(&bytes).expect("decode");
        std::hint::black_box(endpoint);
    }
    start.elapsed()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

async fn client_overhead() {
    let base = serve().await;
    let client = Client::builder()
        .base_url(&base)
        .allow_http(true)
        .build()
        .expect("client");
    let http = reqwest::Client::builder().build().expect("reqwest");
    let timeout = Some(Duration::from_secs(120)); // the runtime's default request timeout
    generated_calls(&client, 200).await;
    handwritten_calls(&http, &base, 200, None).await;
    let (mut generated, mut bare, mut timed) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // Rotate the order so none always runs first.
        for step in 0..3 {
            match (round + step) % 3 {
                0 => generated
                    .push(CALLS as f64 / generated_calls(&client, CALLS).await.as_secs_f64()),
                1 => bare.push(
                    CALLS as f64
                        / handwritten_calls(&http, &base, CALLS, None)
                            .await
                            .as_secs_f64(),
                ),
                _ => timed.push(
                    CALLS as f64
                        / handwritten_calls(&http, &base, CALLS, timeout)
                            .await
                            .as_secs_f64(),
                ),
            }
        }
    }
    let (g, b, t) = (median(generated), median(bare), median(timed));
    println!("client overhead ({ROUNDS} rounds x {CALLS} sequential POSTs, one thread, median):");
    println!("  hand-written reqwest + serde               : {b:>9.0} calls/s");
    println!("  hand-written reqwest + serde, 120 s timeout: {t:>9.0} calls/s");
    println!("  generated client (default 120 s timeout)   : {g:>9.0} calls/s");
    println!(
        "  ratio generated / hand-written             : {:.3} (target >= 0.95)",
        g / b
    );
    println!(
        "  ratio generated / hand-written with timeout: {:.3}",
        g / t
    );
}

fn serde_throughput() {
    use serde::{de::DeserializeOwned, Serialize};
    fn one<T: DeserializeOwned + Serialize>(name: &str) {
        let text = example(name);
        let iterations = 20_000;
        let start = Instant::now();
        for _ in 0..iterations {
            let value: T = serde_json::from_str(std::hint::black_box(&text)).expect("decodes");
            std::hint::black_box(serde_json::to_vec(&value).expect("encodes"));
        }
        let elapsed = start.elapsed().as_secs_f64();
        let bytes = (text.len() * iterations) as f64;
        println!(
            "  {name:<48} {:>9.0} round trips/s {:>7.1} MB/s",
            iterations as f64 / elapsed,
            bytes / elapsed / 1e6
        );
    }
    println!("model round trip (decode + encode) throughput:");
    one::<models::ServerlessTenantEndpoint>("createServerlessPrivateEndpoint.201.aws.json");
    one::<models::ServerlessTenantEndpoint>("createServerlessPrivateEndpoint.201.azure.json");
    one::<models::ServerlessInstanceDescription>("createServerlessInstance.201.json");
    one::<models::ObjectStoragePrivateEndpointResponse>("createBackupPrivateEndpoint.201.json");
    one::<models::PrivateLinkEndpoint>("createPrivateEndpoint.200.aws.json");
    one::<models::PrivateLinkEndpoint>("createPrivateEndpoint.200.azure.json");
    one::<models::PrivateLinkEndpoint>("createPrivateEndpoint.200.gcp.json");
    one::<models::LegacyServerlessTenantEndpoint>("createServerlessPrivateEndpointV1.201.json");
    one::<serde_json::Value>("createServerlessInstance.201.json");
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench`-less args; keep that quick.
    if std::env::args().any(|a| a == "--test") || std::env::args().all(|a| a != "--bench") {
        println!("client_overhead: run with `cargo bench -p atlas-tests --bench client_overhead`");
        return;
    }
    // `--only generated|handwritten N`: just N calls of one client on one thread, for counting
    // instructions (`valgrind --tool=callgrind`), which the machine's load does not disturb.
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--only") {
        let which = args.get(i + 1).cloned().unwrap_or_default();
        let n: usize = args
            .get(i + 2)
            .and_then(|n| n.parse().ok())
            .expect("--only CLIENT COUNT");
        let single = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        single.block_on(async move {
            let base = serve().await;
            // Building a client installs the TLS crypto provider reqwest needs even for http.
            let client = Client::builder()
                .base_url(&base)
                .allow_http(true)
                .build()
                .expect("client");
            match which.as_str() {
                "generated" => generated_calls(&client, n).await,
                _ => handwritten_calls(&reqwest::Client::new(), &base, n, None).await,
            }
        });
        return;
    }
    // Client and server share one thread: each call then costs its CPU work and syscalls, not
    // cross-thread wake-ups (which on an idle VM dominate and hide the client's own cost).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(client_overhead());
    serde_throughput();
}

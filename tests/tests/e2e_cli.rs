//! End to end: the generated command-line client (`generated-cli/`, binary `atlas-admin`) as a
//! process against the local Atlas simulator — every operation (createPrivateEndpoint once per
//! provider) with every authentication method, the exit code of each error class, body files
//! in JSON and YAML, output formats, help text and shell completions.

mod e2e_common;

use std::path::PathBuf;
use std::sync::OnceLock;

use assert_cmd::Command;
use atlas_tests::simulator::{self as sim, AuthSeen, Fault, Provider, Simulator};
use e2e_common::*;
use serde_json::{json, Value};

/// The `atlas-admin` binary, built once (a no-op when `cargo test --workspace` built it).
fn binary() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        escargot::CargoBuild::new()
            .package("atlas-admin-cli")
            .bin("atlas-admin")
            .manifest_path(atlas_tests::repo_root().join("Cargo.toml"))
            .run()
            .expect("atlas-admin builds")
            .path()
            .to_path_buf()
    })
    .clone()
}

/// The CLI with a clean environment: only what the test sets.
fn cli() -> Command {
    let mut cmd = Command::new(binary());
    cmd.env_clear();
    cmd
}

fn with_auth(mut cmd: Command, url: &str, auth: Auth) -> Command {
    cmd.env("MONGODB_ATLAS_BASE_URL", url);
    match auth {
        Auth::Digest => cmd
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", sim::PUBLIC_KEY)
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", sim::PRIVATE_KEY),
        Auth::ServiceAccount => cmd
            .env("MONGODB_ATLAS_CLIENT_ID", sim::CLIENT_ID)
            .env("MONGODB_ATLAS_CLIENT_SECRET", sim::CLIENT_SECRET),
        Auth::Bearer => cmd.env("MONGODB_ATLAS_ACCESS_TOKEN", sim::BEARER_TOKEN),
    };
    cmd
}

/// `api <tag> <operation>` and the flags and JSON body of a valid call of `op`.
fn invocation(op: Op, group: &str, n: usize) -> (Vec<String>, Value) {
    let s = |x: &str| x.to_string();
    match op {
        Op::ServerlessPrivateEndpoint => (
            vec![
                s("serverlessPrivateEndpoints"),
                s("createServerlessPrivateEndpoint"),
                s("--groupId"),
                s(group),
                s("--instanceName"),
                s(sim::AWS_INSTANCE),
            ],
            json!({"comment": format!("endpoint {n}")}),
        ),
        Op::ServerlessInstance => (
            vec![
                s("serverlessInstances"),
                s("createServerlessInstance"),
                s("--groupId"),
                s(group),
            ],
            serde_json::to_value(instance_body(&format!("inst-{n}"), "AWS", "US_EAST_1")).unwrap(),
        ),
        Op::BackupPrivateEndpoint => (
            vec![
                s("cloudBackups"),
                s("createBackupPrivateEndpoint"),
                s("--groupId"),
                s(group),
                s("--cloudProvider"),
                s("AWS"),
            ],
            serde_json::to_value(backup_body(Some("US_EAST_1"))).unwrap(),
        ),
        Op::PrivateEndpoint(p) => (
            vec![
                s("privateEndpointServices"),
                s("createPrivateEndpoint"),
                s("--groupId"),
                s(group),
                s("--cloudProvider"),
                s(p.as_str()),
                s("--endpointServiceId"),
                s(service_id(p)),
            ],
            serde_json::to_value(endpoint_body(p, n)).unwrap(),
        ),
        Op::ServerlessPrivateEndpointV1 => (
            vec![
                s("serverlessPrivateEndpoints"),
                s("createServerlessPrivateEndpointV1"),
                s("--groupId"),
                s(group),
                s("--instanceName"),
                s(sim::AWS_INSTANCE),
            ],
            json!({"comment": format!("legacy endpoint {n}")}),
        ),
    }
}

/// Runs the CLI off the async runtime (the simulator keeps serving on its worker threads).
async fn run(cmd: Command, args: Vec<String>, stdin: Option<Vec<u8>>) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        let mut cmd = cmd;
        cmd.args(args);
        if let Some(stdin) = stdin {
            cmd.write_stdin(stdin);
        }
        cmd.output().expect("the CLI runs")
    })
    .await
    .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `api …` with the body of `op` on standard input.
fn api_args(op: Op, group: &str, n: usize, extra: &[&str]) -> (Vec<String>, Vec<u8>) {
    let (mut args, body) = invocation(op, group, n);
    args.insert(0, "api".to_string());
    args.extend(["--file".to_string(), "-".to_string()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    (args, serde_json::to_vec(&body).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_with_every_auth_method() {
    for auth in AUTHS {
        let s = Simulator::builder()
            .legacy_accepts_bearer(true)
            .start()
            .await;
        for (n, op) in OPS.into_iter().enumerate() {
            let (args, body) = api_args(op, sim::GROUP_ID, n, &[]);
            let out = run(with_auth(cli(), s.url(), auth), args, Some(body.clone())).await;
            assert!(
                out.status.success(),
                "{auth:?} {op:?}: {}\n{}",
                text(&out.stderr),
                text(&out.stdout)
            );
            let printed: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
                panic!("{op:?}: stdout is not JSON ({e}): {}", text(&out.stdout))
            });
            // Pretty JSON: indented, one member per line.
            assert!(
                text(&out.stdout).contains("\n  \""),
                "{}",
                text(&out.stdout)
            );

            let last = requests_to(&s, op, sim::GROUP_ID)
                .pop()
                .expect("the request reached the simulator");
            assert_eq!(last.status, Some(op.success_status()), "{auth:?} {op:?}");
            assert_eq!(last.header("content-type"), Some(op.media_type()));
            // The command line names itself, not its client crate.
            assert_eq!(last.header("user-agent"), Some("atlas-admin/0.1.0"));
            // The body sent is the file's, as the generated types encode it.
            assert_eq!(
                last.json(),
                serde_json::from_slice::<Value>(&body).ok(),
                "{op:?}"
            );
            match auth {
                Auth::Digest => assert!(matches!(last.auth, AuthSeen::Digest(_))),
                Auth::ServiceAccount | Auth::Bearer => assert_eq!(last.auth, AuthSeen::Bearer),
            }
            // What is printed is the server's answer, every member of it.
            let answered: Value = serde_json::from_slice(&last.response_body).unwrap();
            assert_eq!(printed, answered, "{op:?}");
            if let Op::PrivateEndpoint(p) = op {
                assert_eq!(printed["cloudProvider"], p.as_str());
            }
        }
        match auth {
            Auth::ServiceAccount => assert_eq!(s.token_request_count(), OPS.len()),
            _ => assert_eq!(s.token_request_count(), 0),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_file_in_yaml_flags_and_yaml_output() {
    let s = Simulator::start().await;
    let dir = std::env::temp_dir().join(format!("atlas-cli-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("body.yaml");
    std::fs::write(&file, "id: vpce-0123456789abcdef0\n").unwrap();
    let args: Vec<String> = [
        "api",
        "privateEndpointServices",
        "createPrivateEndpoint",
        "--groupId",
        sim::GROUP_ID,
        "--cloudProvider",
        "AWS",
        "--endpointServiceId",
        sim::AWS_ENDPOINT_SERVICE_ID,
        "--file",
        file.to_str().unwrap(),
        "--envelope",
        "--pretty=true",
        "--output",
        "yaml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let out = run(with_auth(cli(), s.url(), Auth::Digest), args, None).await;
    std::fs::remove_dir_all(&dir).ok();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("cloudProvider: AWS\n"), "{stdout}");
    assert!(
        stdout.contains("interfaceEndpointId: vpce-0123456789abcdef0\n"),
        "{stdout}"
    );
    let last = s.api_requests().pop().unwrap();
    let mut query = last.query_pairs();
    query.sort();
    assert_eq!(
        query,
        vec![
            ("envelope".to_string(), "true".to_string()),
            ("pretty".to_string(), "true".to_string())
        ]
    );
    assert_eq!(last.json(), Some(json!({"id": "vpce-0123456789abcdef0"})));
}

/// Runs `api` for the AWS private endpoint with `args` replacing the defaults where given.
async fn endpoint_call(
    s_url: &str,
    auth: Option<Auth>,
    group: &str,
    body: &str,
) -> std::process::Output {
    let args: Vec<String> = [
        "api",
        "privateEndpointServices",
        "createPrivateEndpoint",
        "--groupId",
        group,
        "--cloudProvider",
        "AWS",
        "--endpointServiceId",
        sim::AWS_ENDPOINT_SERVICE_ID,
        "--file",
        "-",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let cmd = match auth {
        Some(auth) => with_auth(cli(), s_url, auth),
        None => {
            let mut cmd = cli();
            cmd.env("MONGODB_ATLAS_BASE_URL", s_url);
            cmd
        }
    };
    run(cmd, args, Some(body.as_bytes().to_vec())).await
}

const AWS_BODY: &str = r#"{"id": "vpce-0123456789abcdef0"}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_error_class_has_its_exit_code_and_message() {
    let s = Simulator::start().await;

    // Validation by the generated client: nothing is sent.
    let out = endpoint_call(s.url(), Some(Auth::Digest), "not-a-group-id", AWS_BODY).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("groupId (pattern)"),
        "{}",
        text(&out.stderr)
    );
    // A body field the generated types do not know is refused too.
    let out = endpoint_call(
        s.url(),
        Some(Auth::Digest),
        sim::GROUP_ID,
        r#"{"id": "vpce-0123456789abcdef0", "regionName": "US_EAST_1"}"#,
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("body.regionName"),
        "{}",
        text(&out.stderr)
    );
    // A body that is not the schema's.
    let out = endpoint_call(s.url(), Some(Auth::Digest), sim::GROUP_ID, "[1, 2").await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert_eq!(s.api_request_count(), 0, "nothing was sent");

    // No credentials, then wrong ones: the Atlas error code is printed.
    let out = endpoint_call(s.url(), None, sim::GROUP_ID, AWS_BODY).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stderr).contains("MONGODB_ATLAS_PUBLIC_API_KEY"));
    // Without credentials an invalid argument is still reported as invalid input (3), not
    // as missing credentials (4, before the arguments were looked at).
    let out = endpoint_call(s.url(), None, "not-a-group-id", AWS_BODY).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("groupId"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(s.api_request_count(), 0, "nothing was sent");
    let mut cmd = cli();
    cmd.env("MONGODB_ATLAS_BASE_URL", s.url())
        .env("MONGODB_ATLAS_ACCESS_TOKEN", "wrong-token");
    let args: Vec<String> = api_args(Op::PrivateEndpoint(Provider::Aws), sim::GROUP_ID, 1, &[]).0;
    let out = run(cmd, args, Some(AWS_BODY.as_bytes().to_vec())).await;
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("401 USER_UNAUTHORIZED"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !text(&out.stderr).contains("wrong-token"),
        "no secret in messages"
    );

    // The API refuses: 404 with Atlas's error code.
    let out = endpoint_call(s.url(), Some(Auth::Bearer), sim::UNKNOWN_GROUP_ID, AWS_BODY).await;
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("API error: 404 RESOURCE_NOT_FOUND: Cannot find resource group"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());

    // Nobody listening.
    let out = endpoint_call(
        &Simulator::closed_port_url(),
        Some(Auth::Bearer),
        sim::GROUP_ID,
        AWS_BODY,
    )
    .await;
    assert_eq!(out.status.code(), Some(6), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("transport error"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_is_checked_before_anything_is_sent() {
    let s = Simulator::start().await;
    let run_args = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        run(
            with_auth(cli(), s.url(), Auth::Bearer),
            args,
            Some(AWS_BODY.as_bytes().to_vec()),
        )
    };
    // A required flag missing.
    let out = run_args(&[
        "api",
        "privateEndpointServices",
        "createPrivateEndpoint",
        "--groupId",
        sim::GROUP_ID,
        "--file",
        "-",
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--cloudProvider"),
        "{}",
        text(&out.stderr)
    );
    // An enum value that is not one of the spec's: the values are listed.
    let out = run_args(&[
        "api",
        "privateEndpointServices",
        "createPrivateEndpoint",
        "--groupId",
        sim::GROUP_ID,
        "--cloudProvider",
        "IBM",
        "--endpointServiceId",
        sim::AWS_ENDPOINT_SERVICE_ID,
        "--file",
        "-",
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("IBM") && stderr.contains("AWS, AZURE, GCP"),
        "{stderr}"
    );
    // An unknown operation.
    let out = run_args(&["api", "privateEndpointServices", "createPrivateEndpoints"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(s.api_request_count(), 0);
}

#[tokio::test]
async fn help_text_comes_from_the_spec() {
    // The top-level help names the variables this command line reads.
    let out = cli().arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(help.contains("(default: $MONGODB_ATLAS_BASE_URL"), "{help}");
    for line in [
        "  MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY: API key, HTTP Digest\n",
        "  MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET: service account\n",
        "  MONGODB_ATLAS_ACCESS_TOKEN: access token\n",
        "  MONGODB_ATLAS_BASE_URL: the base URL (--base-url overrides it)\n",
    ] {
        assert!(help.contains(line), "{line}\n{help}");
    }

    let out = cli()
        .args([
            "api",
            "privateEndpointServices",
            "createPrivateEndpoint",
            "--help",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(
        help.contains("Create One Private Endpoint for One Provider"),
        "{help}"
    );
    assert!(help.contains("--groupId <STRING>"), "{help}");
    assert!(
        help.contains("[possible values: AWS, AZURE, GCP]"),
        "{help}"
    );
    assert!(help.contains("--file <PATH>"), "{help}");
    assert!(help.contains("/api/atlas/v2/groups/{groupId}/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}/endpoint"), "{help}");

    let out = cli()
        .args(["api", "serverlessInstances", "--help"])
        .output()
        .unwrap();
    let help = text(&out.stdout);
    assert!(
        help.contains("createServerlessInstance  [deprecated]"),
        "{help}"
    );
    let out = cli()
        .args([
            "api",
            "serverlessInstances",
            "createServerlessInstance",
            "--help",
        ])
        .output()
        .unwrap();
    assert!(
        text(&out.stdout).contains("Deprecated: sunset on 2026-01-22."),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn completions_for_three_shells() {
    for (shell, marker) in [
        ("bash", "_atlas__admin()"),
        ("zsh", "#compdef atlas-admin"),
        ("fish", "complete -c atlas-admin"),
    ] {
        let out = cli().args(["completion", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script:.200}");
        assert!(script.contains("privateEndpointServices"), "{shell}");
        // clap_complete's fish script stops at the tags; bash and zsh go down to the flags.
        if shell != "fish" {
            assert!(script.contains("createPrivateEndpoint"), "{shell}");
            assert!(script.contains("groupId"), "{shell}");
        }
    }
}

/// The answer is printed as the server sent it: a member the generated model does not know (added
/// upstream after generation) is kept, and members keep the server's order; the typed model
/// still decodes the answer first, so one that does not fit it fails with exit code 1.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_output_is_the_servers_answer_in_its_order() {
    let s = Simulator::start().await;
    let op = Op::PrivateEndpoint(Provider::Aws);
    let answer = r#"{"interfaceEndpointId":"vpce-0123456789abcdef0","zFieldAddedUpstream":{"b":[1,2.5],"a":null},"cloudProvider":"AWS","connectionStatus":"PENDING_ACCEPTANCE","deleteRequested":false}"#;
    let raw = |body: &str| Fault::Raw {
        status: op.success_status(),
        content_type: op.media_type().into(),
        body: body.into(),
    };

    s.inject(1, raw(answer));
    let (args, body) = api_args(op, sim::GROUP_ID, 0, &[]);
    let out = run(with_auth(cli(), s.url(), Auth::Digest), args, Some(body)).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        r#"{
  "interfaceEndpointId": "vpce-0123456789abcdef0",
  "zFieldAddedUpstream": {
    "b": [
      1,
      2.5
    ],
    "a": null
  },
  "cloudProvider": "AWS",
  "connectionStatus": "PENDING_ACCEPTANCE",
  "deleteRequested": false
}
"#
    );

    s.inject(1, raw(answer));
    let (args, body) = api_args(op, sim::GROUP_ID, 1, &["--output", "yaml"]);
    let out = run(with_auth(cli(), s.url(), Auth::Digest), args, Some(body)).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "interfaceEndpointId: vpce-0123456789abcdef0\n\
         zFieldAddedUpstream:\n  b:\n  - 1\n  - 2.5\n  a: null\n\
         cloudProvider: AWS\n\
         connectionStatus: PENDING_ACCEPTANCE\n\
         deleteRequested: false\n"
    );

    // A known member of the wrong type: the typed model refuses the answer, nothing printed.
    s.inject(1, raw(r#"{"cloudProvider":"AWS","deleteRequested":"no"}"#));
    let (args, body) = api_args(op, sim::GROUP_ID, 2, &[]);
    let out = run(with_auth(cli(), s.url(), Auth::Digest), args, Some(body)).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("failed to decode response body (status 200 OK): invalid type: string \"no\", expected a boolean"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(s.pending_faults(), 0);
}

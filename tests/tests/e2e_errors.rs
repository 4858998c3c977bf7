//! End to end: every error class, for every operation and every authentication
//! method, against the local Atlas simulator.

mod e2e_common;

use std::time::{Duration, Instant};

use atlas_admin_client::{models, Client, Error, RetryPolicy};
use atlas_tests::simulator::{self as sim, Fault, LoggedRequest, Provider, Simulator};
use e2e_common::*;

const GCP_INSTANCE: &str = "gcp-instance";

async fn simulator() -> Simulator {
    Simulator::builder()
        .legacy_accepts_bearer(true)
        .serverless_instance(sim::GROUP_ID, GCP_INSTANCE, Provider::Gcp)
        .start()
        .await
}

/// Assert an API error carries the status, code, detail and the raw body the
/// simulator sent (the envelope's `content` in envelope mode).
fn check_api_error(
    op: Op,
    e: &atlas_admin_client::runtime::ApiError,
    wire: &LoggedRequest,
    status: u16,
    code: &str,
    envelope: bool,
) {
    let ctx = format!("{op:?} envelope={envelope}");
    assert_eq!(e.status.as_u16(), status, "{ctx}: {e}");
    assert_eq!(e.operation_id, op.operation_id(), "{ctx}");
    assert_eq!(e.error_code(), Some(code), "{ctx}: {e}");
    let body = e.body.as_ref().expect("an Atlas error body");
    assert_eq!(body.error, Some(status), "{ctx}");
    assert!(body.reason.is_some(), "{ctx}");
    assert!(e.detail().is_some_and(|d| !d.is_empty()), "{ctx}");
    let sent: serde_json::Value = serde_json::from_slice(&wire.response_body).unwrap();
    let want = if envelope {
        assert_eq!(wire.status, Some(200), "{ctx}: enveloped on the wire");
        assert_eq!(sent["status"], status, "{ctx}");
        sent["content"].clone()
    } else {
        assert_eq!(wire.status, Some(status), "{ctx}");
        sent
    };
    let raw: serde_json::Value = serde_json::from_slice(&e.raw_body).unwrap();
    assert_eq!(raw, want, "{ctx}: the raw body is kept");
    assert!(
        e.to_string().contains(code),
        "{ctx}: Display names the code: {e}"
    );
}

fn last_request(s: &Simulator) -> LoggedRequest {
    s.api_requests()
        .pop()
        .expect("a request reached the simulator")
}

#[tokio::test]
async fn invalid_arguments_fail_validation_before_the_network() {
    let s = simulator().await;
    for auth in AUTHS {
        let c = client(&s, auth);
        for op in OPS {
            let (r, field) = call_invalid(&c, op).await;
            match r {
                Err(Error::Validation(v)) => {
                    assert!(v.has("groupId", "pattern"), "{op:?}: {v}");
                    assert!(
                        v.issues.iter().any(|i| i.field == field),
                        "{op:?}: expected an issue on {field}: {v}"
                    );
                }
                other => panic!("{auth:?} {op:?}: expected a validation error, got {other:?}"),
            }
        }
    }
    assert_eq!(
        s.request_count(),
        0,
        "nothing was sent, not even a token request"
    );
}

#[tokio::test]
async fn wrong_credentials_are_typed_auth_errors_holding_the_servers_answer() {
    let s = simulator().await;
    for auth in AUTHS {
        let c = wrong_client(&s, auth);
        for (n, op) in OPS.into_iter().enumerate() {
            let (api_before, tokens_before) = (s.api_request_count(), s.token_request_count());
            let err = match call(&c, op, sim::GROUP_ID, n, Opts::default()).await {
                Err(err @ Error::Auth(_)) => err,
                other => panic!("{auth:?} {op:?}: expected an auth error, got {other:?}"),
            };
            let Error::Auth(e) = &err else { unreachable!() };
            let shown = format!("{e} {e:?}");
            for secret in [sim::PRIVATE_KEY, sim::CLIENT_SECRET, sim::BEARER_TOKEN] {
                assert!(
                    !shown.contains(secret),
                    "{auth:?}: a secret leaked: {shown}"
                );
            }
            // The server's answer is there, parsed, whichever way it is reached.
            assert_eq!(
                err.status().map(|s| s.as_u16()),
                Some(401),
                "{auth:?} {op:?}"
            );
            assert_eq!(e.status(), err.status());
            let answer = err.api_error().expect("the server's answer");
            assert!(std::ptr::eq(answer, e.response.as_ref().unwrap()));
            assert_eq!(answer.status.as_u16(), 401);
            let (code, operation) = match auth {
                Auth::ServiceAccount => ("invalid_client", "oauthToken"),
                _ => ("USER_UNAUTHORIZED", op.operation_id()),
            };
            assert_eq!(err.error_code(), Some(code), "{auth:?} {op:?}: {err}");
            assert!(err.is_error_code(code));
            assert_eq!(e.error_code(), Some(code));
            assert_eq!(answer.operation_id, operation);
            assert!(answer.detail().is_some_and(|d| !d.is_empty()), "{auth:?}");
            assert!(
                err.to_string().contains(code),
                "Display names the code: {err}"
            );
            let (api, tokens) = (
                s.api_request_count() - api_before,
                s.token_request_count() - tokens_before,
            );
            match auth {
                // The challenge (or a refused pre-emptive answer), then one answer.
                Auth::Digest => {
                    assert_eq!((api, tokens), (2, 0), "{op:?}");
                    let last = last_request(&s);
                    assert!(last.digest().is_some());
                    let sent: serde_json::Value =
                        serde_json::from_slice(&last.response_body).unwrap();
                    let kept: serde_json::Value = serde_json::from_slice(&answer.raw_body).unwrap();
                    assert_eq!(kept, sent, "the raw body of the 401 is kept");
                    assert!(answer.headers.contains_key("www-authenticate"));
                }
                // The token endpoint refuses (an OAuth error body): the API is never called.
                Auth::ServiceAccount => {
                    assert_eq!((api, tokens), (0, 1), "{op:?}");
                    assert_eq!(answer.detail(), Some("Invalid client credentials."));
                }
                Auth::Bearer => assert_eq!((api, tokens), (1, 0), "{op:?}"),
            }
        }
    }
    assert_eq!(s.created_resources(), 0);
}

/// A call each operation's client-side validation accepts but the server refuses with `400`.
async fn call_server_invalid(c: &Client, op: Op) -> (Result<Created, Error>, &'static str) {
    match op {
        Op::ServerlessPrivateEndpoint => (
            call_with(c, op, sim::GROUP_ID, 0, Opts::default(), Some(GCP_INSTANCE)).await,
            "SERVERLESS_PRIVATE_ENDPOINT_UNSUPPORTED_PROVIDER",
        ),
        Op::ServerlessPrivateEndpointV1 => (
            call_with(
                c,
                op,
                sim::GROUP_ID,
                0,
                Opts::default(),
                Some(sim::AZURE_INSTANCE),
            )
            .await,
            "SERVERLESS_PRIVATE_ENDPOINT_UNSUPPORTED_PROVIDER",
        ),
        Op::ServerlessInstance => {
            #[allow(deprecated)]
            let r = c
                .create_serverless_instance(sim::GROUP_ID, instance_body("mars", "AWS", "MARS_1"))
                .await;
            (r.map(Created::ServerlessInstance), "VALIDATION_ERROR")
        }
        Op::BackupPrivateEndpoint => {
            let r = c
                .create_backup_private_endpoint(sim::GROUP_ID, "AWS", backup_body(None))
                .await;
            (r.map(Created::BackupPrivateEndpoint), "VALIDATION_ERROR")
        }
        Op::PrivateEndpoint(p) => {
            let body = match p {
                // `Unknown` bodies are sent as they are: a number where a string belongs.
                Provider::Aws => {
                    models::CreateEndpointRequest::Unknown(serde_json::json!({"id": 5}))
                }
                Provider::Azure => {
                    models::CreateEndpointRequest::Azure(models::CreateAzureEndpointRequest {
                        id: "not-a-resource-id".into(),
                        private_endpoint_ip_address: "10.0.0.1".into(),
                    })
                }
                Provider::Gcp => {
                    models::CreateEndpointRequest::Gcp(models::CreateGcpEndpointGroupRequest {
                        endpoint_group_name: String::new(),
                        endpoints: None,
                        gcp_project_id: "p-0123456789abcdefghijklmn".into(),
                    })
                }
            };
            let r = c
                .create_private_endpoint(sim::GROUP_ID, p.as_str(), service_id(p), body)
                .await;
            (r.map(Created::PrivateEndpoint), "VALIDATION_ERROR")
        }
    }
}

#[tokio::test]
async fn server_side_400_is_a_typed_api_error() {
    for auth in AUTHS {
        let s = simulator().await;
        let c = client(&s, auth);
        for op in OPS {
            let (r, code) = call_server_invalid(&c, op).await;
            let e = api_error(r);
            check_api_error(op, &e, &last_request(&s), 400, code, false);
            if code == "VALIDATION_ERROR" {
                let body = e.body.as_ref().unwrap();
                let params = body.parameters.as_ref().expect("parameters");
                assert!(!params.is_empty(), "{op:?}: names the offending fields");
                let fields = &body.bad_request_detail.as_ref().expect("badRequestDetail")["fields"];
                assert_eq!(fields.as_array().map(Vec::len), Some(params.len()));
            }
        }
        assert_eq!(s.created_resources(), 0);
    }
}

#[tokio::test]
async fn forbidden_unknown_and_duplicate_are_typed_api_errors_with_and_without_envelope() {
    for auth in AUTHS {
        let s = simulator().await;
        let c = client(&s, auth);
        for envelope in [false, true] {
            let o = Opts {
                envelope,
                pretty: false,
            };
            for (i, op) in OPS.into_iter().enumerate() {
                let n = i + if envelope { 100 } else { 0 };
                let r = call(&c, op, sim::FORBIDDEN_GROUP_ID, n, o).await;
                check_api_error(
                    op,
                    &api_error(r),
                    &last_request(&s),
                    403,
                    "INSUFFICIENT_ROLE",
                    envelope,
                );

                let r = call(&c, op, sim::UNKNOWN_GROUP_ID, n, o).await;
                let e = api_error(r);
                check_api_error(
                    op,
                    &e,
                    &last_request(&s),
                    404,
                    "RESOURCE_NOT_FOUND",
                    envelope,
                );
                assert!(e.detail().unwrap().contains(sim::UNKNOWN_GROUP_ID));

                if has_conflict(op) {
                    call(&c, op, sim::GROUP_ID, n, o).await.unwrap();
                    let r = call(&c, op, sim::GROUP_ID, n, o).await;
                    let code = match op {
                        Op::ServerlessInstance => "DUPLICATE_CLUSTER_NAME",
                        Op::BackupPrivateEndpoint => {
                            "OBJECT_STORAGE_PRIVATE_ENDPOINT_ALREADY_EXISTS"
                        }
                        _ => "PRIVATE_ENDPOINT_ALREADY_EXISTS",
                    };
                    check_api_error(op, &api_error(r), &last_request(&s), 409, code, envelope);
                }
            }
        }
    }
}

#[tokio::test]
async fn unknown_instance_and_endpoint_service_are_404() {
    let s = simulator().await;
    let c = client(&s, Auth::Digest);
    for op in [
        Op::ServerlessPrivateEndpoint,
        Op::ServerlessPrivateEndpointV1,
    ] {
        let r = call_with(
            &c,
            op,
            sim::GROUP_ID,
            0,
            Opts::default(),
            Some("no-such-instance"),
        )
        .await;
        check_api_error(
            op,
            &api_error(r),
            &last_request(&s),
            404,
            "SERVERLESS_INSTANCE_NOT_FOUND",
            false,
        );
    }
    // An AWS endpoint sent to the Azure endpoint service's id.
    let op = Op::PrivateEndpoint(Provider::Aws);
    let r = c
        .create_private_endpoint(
            sim::GROUP_ID,
            "AWS",
            sim::AZURE_ENDPOINT_SERVICE_ID,
            endpoint_body(Provider::Aws, 1),
        )
        .await
        .map(Created::PrivateEndpoint);
    check_api_error(
        op,
        &api_error(r),
        &last_request(&s),
        404,
        "PRIVATE_ENDPOINT_SERVICE_NOT_FOUND",
        false,
    );
    // The request variant must match the provider of the path: an AWS body on the GCP path.
    let r = c
        .create_private_endpoint(
            sim::GROUP_ID,
            "GCP",
            sim::GCP_ENDPOINT_SERVICE_ID,
            endpoint_body(Provider::Aws, 2),
        )
        .await
        .map(Created::PrivateEndpoint);
    let e = api_error(r);
    check_api_error(op, &e, &last_request(&s), 400, "VALIDATION_ERROR", false);
    let params = e.body.as_ref().unwrap().parameters.clone().unwrap();
    assert!(
        params.contains(&"endpointGroupName".into()) && params.contains(&"gcpProjectId".into()),
        "{params:?}"
    );
}

#[tokio::test]
async fn rate_limited_calls_are_retried_then_succeed() {
    for auth in AUTHS {
        let s = simulator().await;
        let c = client(&s, auth);
        for (n, op) in OPS.into_iter().enumerate() {
            s.inject(
                2,
                Fault::TooManyRequests {
                    retry_after: Some(0),
                },
            );
            let created = call(
                &c,
                op,
                sim::GROUP_ID,
                n,
                Opts {
                    envelope: n % 2 == 1,
                    pretty: false,
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{auth:?} {op:?}: {e}"));
            assert_created(op, n, &created);
            let sent = authenticated(&requests_to(&s, op, sim::GROUP_ID));
            let statuses: Vec<u16> = sent.iter().map(|r| r.status.unwrap()).collect();
            let ok = if n % 2 == 1 { 200 } else { op.success_status() };
            assert_eq!(
                statuses,
                [if n % 2 == 1 { 200 } else { 429 }, statuses[0], ok],
                "{auth:?} {op:?}"
            );
            assert_eq!(sent[0].response_header("retry-after"), Some("0"));
            assert_eq!(s.pending_faults(), 0);
        }
        if auth == Auth::ServiceAccount {
            assert_eq!(s.token_request_count(), 1, "429s do not refresh the token");
        }
    }
}

#[tokio::test]
async fn rate_limit_exhausting_the_retries_is_a_typed_429() {
    let s = simulator().await;
    let c = client(&s, Auth::Bearer);
    for (n, op) in OPS.into_iter().enumerate() {
        s.inject(
            4,
            Fault::TooManyRequests {
                retry_after: Some(0),
            },
        );
        let e = api_error(call(&c, op, sim::GROUP_ID, n, Opts::default()).await);
        check_api_error(op, &e, &last_request(&s), 429, "RATE_LIMITED", false);
        assert_eq!(e.retry_after, Some(Duration::ZERO));
        assert_eq!(e.rate_limit.limit, Some(100));
        assert!(e.rate_limit.remaining.is_some_and(|r| r < 100));
        assert_eq!(
            requests_to(&s, op, sim::GROUP_ID).len(),
            4,
            "{op:?}: 1 + 3 retries"
        );
    }
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let s = simulator().await;
    // Backoff is 1-5 ms: only honouring `Retry-After: 1` makes the call take a second.
    let c = client(&s, Auth::Bearer);
    s.inject(
        1,
        Fault::TooManyRequests {
            retry_after: Some(1),
        },
    );
    let t = Instant::now();
    call(
        &c,
        Op::ServerlessInstance,
        sim::GROUP_ID,
        0,
        Opts::default(),
    )
    .await
    .unwrap();
    assert!(t.elapsed() >= Duration::from_secs(1), "{:?}", t.elapsed());
    let sent = requests_to(&s, Op::ServerlessInstance, sim::GROUP_ID);
    assert_eq!(sent.len(), 2);
    assert!(
        sent[1].at - sent[0].at >= Duration::from_secs(1),
        "{:?}",
        sent[1].at - sent[0].at
    );

    // A Retry-After beyond the policy's max_retry_after (2 s) is not waited for.
    s.inject(
        1,
        Fault::TooManyRequests {
            retry_after: Some(30),
        },
    );
    let t = Instant::now();
    let e = api_error(
        call(
            &c,
            Op::ServerlessInstance,
            sim::GROUP_ID,
            1,
            Opts::default(),
        )
        .await,
    );
    assert_eq!(e.status.as_u16(), 429);
    assert_eq!(e.retry_after, Some(Duration::from_secs(30)));
    assert!(t.elapsed() < Duration::from_secs(2));
    assert_eq!(
        requests_to(&s, Op::ServerlessInstance, sim::GROUP_ID).len(),
        3
    );
}

#[tokio::test]
async fn server_errors_on_post_are_not_retried() {
    for auth in AUTHS {
        let s = simulator().await;
        let c = client(&s, auth);
        for (n, op) in OPS.into_iter().enumerate() {
            let envelope = n % 2 == 0;
            s.inject(1, Fault::InternalError);
            let r = call(
                &c,
                op,
                sim::GROUP_ID,
                n,
                Opts {
                    envelope,
                    pretty: false,
                },
            )
            .await;
            check_api_error(
                op,
                &api_error(r),
                &last_request(&s),
                500,
                "UNEXPECTED_ERROR",
                envelope,
            );
            let sent = authenticated(&requests_to(&s, op, sim::GROUP_ID));
            assert_eq!(
                sent.len(),
                1,
                "{auth:?} {op:?}: a POST answered 500 is sent exactly once"
            );
            // 503 is not retried for a POST either.
            s.inject(
                1,
                Fault::Error {
                    status: 503,
                    error_code: "SERVICE_UNAVAILABLE".into(),
                    detail: "maintenance".into(),
                },
            );
            let e = api_error(call(&c, op, sim::GROUP_ID, n, Opts::default()).await);
            assert_eq!(e.status.as_u16(), 503);
            assert_eq!(authenticated(&requests_to(&s, op, sim::GROUP_ID)).len(), 2);
            // The next call goes through: the fault was consumed once.
            call(&c, op, sim::GROUP_ID, n, Opts::default())
                .await
                .unwrap();
        }
        assert_eq!(s.created_resources(), OPS.len());
    }
}

#[tokio::test]
async fn forbidden_is_reachable_through_the_error_helpers() {
    let s = simulator().await;
    for auth in AUTHS {
        let c = client(&s, auth);
        let err = call(
            &c,
            Op::ServerlessInstance,
            sim::FORBIDDEN_GROUP_ID,
            0,
            Opts::default(),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, Error::Api(_)), "{auth:?}: {err:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(403), "{auth:?}");
        assert_eq!(err.error_code(), Some("INSUFFICIENT_ROLE"), "{auth:?}");
        let answer = err.api_error().expect("the parsed Atlas error");
        assert_eq!(answer.body.as_ref().and_then(|b| b.error), Some(403));
        assert!(answer
            .detail()
            .is_some_and(|d| d.contains(sim::FORBIDDEN_GROUP_ID)));
    }
}

/// `Display` of a transport failure names its cause, not only "error sending request".
#[tokio::test]
async fn transport_errors_name_their_cause() {
    // Nothing listens on the port.
    let url = Simulator::closed_port_url();
    for auth in AUTHS {
        let c = builder_for(&url, auth, false).build().unwrap();
        for (n, op) in OPS.into_iter().enumerate() {
            let err = call(&c, op, sim::GROUP_ID, n, Opts::default())
                .await
                .unwrap_err();
            match &err {
                Error::Transport { connect, .. } => assert!(connect, "{auth:?} {op:?}"),
                other => panic!("{auth:?} {op:?}: expected a transport error, got {other:?}"),
            }
            let shown = err.to_string();
            // Which host failed (operations may go to servers of their own), not the path.
            assert!(
                shown.starts_with("transport error (connect) to 127.0.0.1: "),
                "{shown}"
            );
            assert!(shown.contains("Connection refused"), "{shown}");
        }
    }

    // A name that cannot resolve (RFC 6761 reserves `.invalid`).
    let c = builder_for("http://atlas-simulator.invalid", Auth::Bearer, false)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = call(
        &c,
        Op::ServerlessInstance,
        sim::GROUP_ID,
        0,
        Opts::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, Error::Transport { connect: true, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("dns error"), "{err}");
    assert!(
        err.to_string()
            .starts_with("transport error (connect) to atlas-simulator.invalid: "),
        "{err}"
    );

    // TLS spoken to a plain-HTTP server: the handshake fails.
    let s = simulator().await;
    let https = s.url().replace("http://", "https://");
    let c = builder_for(&https, Auth::Bearer, false)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = call(
        &c,
        Op::ServerlessInstance,
        sim::GROUP_ID,
        0,
        Opts::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, Error::Transport { connect: true, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("received corrupt message"),
        "the TLS library's reason: {err}"
    );
    assert_eq!(s.api_request_count(), 0, "no HTTP request was made");
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout_and_is_not_resent() {
    let s = simulator().await;
    let c = builder_for(s.url(), Auth::Bearer, false)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    s.inject(1, Fault::Delay(Duration::from_secs(2)));
    match call(
        &c,
        Op::ServerlessInstance,
        sim::GROUP_ID,
        0,
        Opts::default(),
    )
    .await
    {
        Err(err @ Error::Timeout { connect: false, .. }) => {
            let shown = err.to_string();
            assert!(
                shown.starts_with("request to 127.0.0.1 timed out: "),
                "{shown}"
            );
            assert!(
                shown.contains("operation timed out"),
                "names the cause: {shown}"
            );
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(
        s.api_request_count(),
        1,
        "a POST that may have been processed is not re-sent"
    );
}

#[tokio::test]
async fn undecodable_answers_are_decode_errors() {
    for auth in AUTHS {
        let s = simulator().await;
        let c = client(&s, auth);
        for (n, op) in OPS.into_iter().enumerate() {
            s.inject(
                1,
                Fault::Raw {
                    status: op.success_status(),
                    content_type: op.media_type().into(),
                    body: "<html>maintenance</html>".into(),
                },
            );
            match call(&c, op, sim::GROUP_ID, n, Opts::default()).await {
                Err(Error::Decode {
                    status, excerpt, ..
                }) => {
                    assert_eq!(status.as_u16(), op.success_status(), "{auth:?} {op:?}");
                    assert!(excerpt.contains("maintenance"));
                }
                other => panic!("{auth:?} {op:?}: expected a decode error, got {other:?}"),
            }
            // Well-formed JSON of the wrong shape.
            let wrong = match op {
                Op::ServerlessInstance => Some(r#"{"providerSettings": 42}"#),
                Op::BackupPrivateEndpoint => Some(r#"{"status": 7}"#),
                Op::PrivateEndpoint(_) => {
                    Some(r#"{"cloudProvider": "AWS", "deleteRequested": "yes"}"#)
                }
                Op::ServerlessPrivateEndpointV1 => Some(r#"{"comment": []}"#),
                // An untagged oneOf keeps unmatched JSON as `Unknown` instead.
                Op::ServerlessPrivateEndpoint => None,
            };
            if let Some(body) = wrong {
                s.inject(
                    1,
                    Fault::Raw {
                        status: op.success_status(),
                        content_type: op.media_type().into(),
                        body: body.into(),
                    },
                );
                let r = call(&c, op, sim::GROUP_ID, n, Opts::default()).await;
                assert!(matches!(r, Err(Error::Decode { .. })), "{op:?}: {r:?}");
            }
        }
    }
}

#[tokio::test]
async fn rate_limited_envelope_is_retried_and_version_is_checked() {
    let s = simulator().await;
    let c = client(&s, Auth::Digest);
    s.inject(
        1,
        Fault::TooManyRequests {
            retry_after: Some(0),
        },
    );
    let created = call(&c, Op::BackupPrivateEndpoint, sim::GROUP_ID, 0, ENVELOPE)
        .await
        .unwrap();
    assert_created(Op::BackupPrivateEndpoint, 0, &created);
    let sent = authenticated(&requests_to(&s, Op::BackupPrivateEndpoint, sim::GROUP_ID));
    assert_eq!(sent.len(), 2);
    let first: serde_json::Value = serde_json::from_slice(&sent[0].response_body).unwrap();
    assert_eq!(
        (sent[0].status, first["status"].as_u64()),
        (Some(200), Some(429))
    );
    // The 2024-11-13 media type went out on both attempts.
    for r in &sent {
        assert_eq!(
            r.header("accept"),
            Some("application/vnd.atlas.2024-11-13+json")
        );
    }
}

// README: matching on errors (begin)
/// What went wrong, in words a person can act on.
fn explain(err: &Error) -> String {
    match err {
        Error::Api(e) if e.status == 404 => format!("not found: {}", e.detail().unwrap_or("")),
        Error::Api(e) if e.status == 429 => {
            format!("rate limited; retry after {:?}", e.retry_after)
        }
        _ if err.is_error_code("DUPLICATE_CLUSTER_NAME") => "that name is taken".to_string(),
        // A 401 from the API, or the token endpoint refusing a service account: the server's
        // answer is in `e.response` (also `err.api_error()`).
        Error::Auth(e) => format!(
            "credentials refused: {}",
            e.error_code().unwrap_or("no code")
        ),
        Error::Validation(v) => format!("not sent: {v}"),
        // Connection refused, DNS, TLS, timeouts: `Display` names the cause.
        Error::Transport { .. } | Error::Timeout { .. } => format!("network: {err}"),
        other => other.to_string(),
    }
}
// README: matching on errors (end)

/// The README's error-matching example is this file's `explain`, and it tells each case apart.
#[tokio::test]
async fn the_readme_error_matching_example() {
    let source = include_str!("e2e_errors.rs");
    let begin = "// README: matching on errors (begin)\n";
    let example = &source[source.find(begin).unwrap() + begin.len()
        ..source.find("// README: matching on errors (end)").unwrap()];
    let readme = std::fs::read_to_string(atlas_tests::repo_root().join("README.md")).unwrap();
    assert!(
        readme.contains(example),
        "README.md shows this file's `explain` verbatim:\n{example}"
    );

    let s = simulator().await;
    let c = client(&s, Auth::Digest);
    let explained = |c: Client, group: &'static str, n: usize| async move {
        let r = call(&c, Op::ServerlessInstance, group, n, Opts::default()).await;
        explain(&r.unwrap_err())
    };
    let shown = explained(c.clone(), sim::UNKNOWN_GROUP_ID, 0).await;
    assert!(shown.starts_with("not found: "), "{shown}");
    call(
        &c,
        Op::ServerlessInstance,
        sim::GROUP_ID,
        0,
        Opts::default(),
    )
    .await
    .unwrap();
    let shown = explained(c.clone(), sim::GROUP_ID, 0).await;
    assert_eq!(shown, "that name is taken");
    s.inject(
        4,
        Fault::TooManyRequests {
            retry_after: Some(0),
        },
    );
    let shown = explained(c.clone(), sim::GROUP_ID, 1).await;
    assert_eq!(shown, "rate limited; retry after Some(0ns)");
    let shown = explained(wrong_client(&s, Auth::Bearer), sim::GROUP_ID, 2).await;
    assert_eq!(shown, "credentials refused: USER_UNAUTHORIZED");
    let shown = explained(wrong_client(&s, Auth::ServiceAccount), sim::GROUP_ID, 2).await;
    assert_eq!(shown, "credentials refused: invalid_client");
    let shown = explained(c.clone(), "not-a-group-id", 2).await;
    assert!(
        shown.starts_with("not sent: request validation failed: groupId (pattern)"),
        "{shown}"
    );
    let closed = builder_for(&Simulator::closed_port_url(), Auth::Digest, false)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let shown = explained(closed, sim::GROUP_ID, 2).await;
    assert!(
        shown.starts_with("network: transport error (connect) to 127.0.0.1: "),
        "{shown}"
    );
    assert!(shown.contains("Connection refused"), "{shown}");
}

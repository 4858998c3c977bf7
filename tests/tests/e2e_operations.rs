//! End to end: every operation with every authentication method against the
//! local Atlas simulator, checking both the typed answers and what went over the wire.

mod e2e_common;

use atlas_admin_client::{models, Error};
use atlas_tests::simulator::{self as sim, AuthSeen, Provider, Simulator};
use e2e_common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_succeeds_with_every_auth_method() {
    for auth in AUTHS {
        let s = Simulator::builder()
            .legacy_accepts_bearer(true)
            .start()
            .await;
        let c = client(&s, auth);
        for (n, op) in OPS.into_iter().enumerate() {
            let created = call(&c, op, sim::GROUP_ID, n, Opts::default())
                .await
                .unwrap_or_else(|e| panic!("{auth:?} {op:?}: {e}"));
            assert_created(op, n, &created);

            let reqs = requests_to(&s, op, sim::GROUP_ID);
            let last = reqs.last().expect("the request reached the simulator");
            assert_eq!(last.method, "POST");
            assert_eq!(last.status, Some(op.success_status()), "{auth:?} {op:?}");
            assert_eq!(last.operation, Some(op.operation_id()));
            assert_eq!(last.header("accept"), Some(op.media_type()));
            assert_eq!(last.header("content-type"), Some(op.media_type()));
            assert!(
                last.header("user-agent")
                    .is_some_and(|ua| ua.starts_with("atlas-admin-client/")),
                "{:?}",
                last.header("user-agent")
            );
            assert_eq!(last.query, None, "no optional parameter was set");
            assert!(last.response_header("ratelimit-limit").is_some());
            match auth {
                Auth::Digest => {
                    let d = last.digest().expect("a digest answer");
                    assert_eq!(d.qop, "auth");
                    assert_eq!(d.uri, last.path, "uri is the request-target");
                }
                Auth::ServiceAccount | Auth::Bearer => assert_eq!(last.auth, AuthSeen::Bearer),
            }
        }
        // Round trips: one challenge for the whole run with Digest, one token
        // for the whole run with a service account, nothing extra with a bearer token.
        let n = OPS.len();
        match auth {
            Auth::Digest => {
                assert_eq!(
                    s.unauthorized_count(),
                    1,
                    "one challenge, then pre-emptive answers"
                );
                assert_eq!(s.api_request_count(), n + 1);
            }
            Auth::ServiceAccount => {
                assert_eq!(s.token_request_count(), 1, "the token is cached");
                assert_eq!(s.api_request_count(), n);
                assert_eq!(s.unauthorized_count(), 0);
            }
            Auth::Bearer => {
                assert_eq!(s.token_request_count(), 0);
                assert_eq!(s.api_request_count(), n);
                assert_eq!(s.unauthorized_count(), 0);
            }
        }
        assert_eq!(s.created_resources(), n);
    }
}

#[tokio::test]
async fn request_bodies_are_sent_as_the_spec_names_them() {
    let s = Simulator::start().await;
    let c = client(&s, Auth::Digest);
    for (n, op) in OPS.into_iter().enumerate() {
        call(&c, op, sim::GROUP_ID, n, Opts::default())
            .await
            .unwrap();
        let sent = requests_to(&s, op, sim::GROUP_ID)[0]
            .json()
            .expect("a JSON body");
        let want = match op {
            Op::ServerlessPrivateEndpoint => {
                serde_json::json!({"comment": format!("endpoint {n}")})
            }
            Op::ServerlessInstance => serde_json::json!({
                "name": format!("inst-{n}"),
                "providerSettings": {
                    "backingProviderName": "AWS",
                    "providerName": "SERVERLESS",
                    "regionName": "US_EAST_1"
                },
                "serverlessBackupOptions": {"serverlessContinuousBackupEnabled": false},
                "tags": [{"key": "env", "value": "e2e"}],
                "terminationProtectionEnabled": false
            }),
            Op::BackupPrivateEndpoint => {
                serde_json::json!({"cloudProvider": "AWS", "regionName": "US_WEST_1"})
            }
            Op::PrivateEndpoint(Provider::Aws) => serde_json::json!({"id": aws_id(n)}),
            Op::PrivateEndpoint(Provider::Azure) => serde_json::json!({
                "id": azure_id(n),
                "privateEndpointIPAddress": format!("10.0.0.{}", n + 1)
            }),
            Op::PrivateEndpoint(Provider::Gcp) => serde_json::json!({
                "endpointGroupName": format!("group-{n}"),
                "endpoints": [{"endpointName": format!("rule-{n}"), "ipAddress": "10.1.0.7"}],
                "gcpProjectId": "p-0123456789abcdefghijklmn"
            }),
            Op::ServerlessPrivateEndpointV1 => {
                serde_json::json!({"comment": format!("legacy endpoint {n}")})
            }
        };
        assert_eq!(sent, want, "{op:?}");
    }
}

#[tokio::test]
async fn private_endpoint_variants_are_sent_and_decoded_per_provider() {
    let s = Simulator::start().await;
    let c = client(&s, Auth::Digest);
    for (n, p) in [Provider::Aws, Provider::Azure, Provider::Gcp]
        .into_iter()
        .enumerate()
    {
        let op = Op::PrivateEndpoint(p);
        let created = call(&c, op, sim::GROUP_ID, n, Opts::default())
            .await
            .unwrap();
        assert_created(op, n, &created);
        let Created::PrivateEndpoint(e) = &created else {
            unreachable!()
        };
        let wire = requests_to(&s, op, sim::GROUP_ID);
        let wire = wire.last().unwrap();
        assert_eq!(wire.segments()[6], p.as_str(), "provider path segment");
        let sent = wire.json().unwrap();
        let keys: Vec<&str> = sent
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let answered = serde_json::from_slice::<serde_json::Value>(&wire.response_body).unwrap();
        assert_eq!(answered["cloudProvider"], p.as_str());
        match p {
            Provider::Aws => {
                assert_eq!(keys, ["id"]);
                assert!(matches!(e, models::PrivateLinkEndpoint::Aws(_)));
            }
            Provider::Azure => {
                assert_eq!(keys, ["id", "privateEndpointIPAddress"]);
                assert!(matches!(e, models::PrivateLinkEndpoint::Azure(_)));
            }
            Provider::Gcp => {
                assert_eq!(keys, ["endpointGroupName", "endpoints", "gcpProjectId"]);
                assert!(matches!(e, models::PrivateLinkEndpoint::Gcp(_)));
            }
        }
        // Serializing the typed answer gives back the discriminator the server sent.
        let back = serde_json::to_value(e).unwrap();
        assert_eq!(back["cloudProvider"], p.as_str());
    }
}

#[tokio::test]
async fn serverless_private_endpoint_variant_follows_the_instance_provider() {
    let s = Simulator::start().await;
    let c = client(&s, Auth::Digest);
    #[allow(deprecated)]
    let aws = c
        .create_serverless_private_endpoint(
            sim::GROUP_ID,
            sim::AWS_INSTANCE,
            models::ServerlessTenantCreateRequest::default(),
        )
        .await
        .unwrap();
    assert!(
        matches!(aws, models::ServerlessTenantEndpoint::Aws(_)),
        "{aws:?}"
    );
    #[allow(deprecated)]
    let azure = c
        .create_serverless_private_endpoint(
            sim::GROUP_ID,
            sim::AZURE_INSTANCE,
            models::ServerlessTenantCreateRequest::default(),
        )
        .await
        .unwrap();
    match azure {
        models::ServerlessTenantEndpoint::Azure(a) => {
            assert_eq!(a.provider_name, Some(models::CloudProviderAzure::Azure));
            assert!(a.endpoint_service_name.unwrap().starts_with("pls_"));
            assert!(a.private_link_service_resource_id.is_some());
        }
        other => panic!("expected the Azure variant, got {other:?}"),
    }
    // An empty request body is sent as `{}`.
    assert_eq!(s.api_requests().last().unwrap().body, b"{}");
}

#[tokio::test]
async fn an_instance_created_through_the_client_is_used_by_later_calls() {
    let s = Simulator::start().await;
    let c = client(&s, Auth::ServiceAccount);
    #[allow(deprecated)]
    let created = c
        .create_serverless_instance(
            sim::GROUP_ID,
            instance_body("fresh-azure", "AZURE", "EUROPE_WEST"),
        )
        .await
        .unwrap();
    assert_eq!(created.name.as_deref(), Some("fresh-azure"));
    assert!(s
        .serverless_instances(sim::GROUP_ID)
        .contains(&"fresh-azure".to_string()));
    #[allow(deprecated)]
    let endpoint = c
        .create_serverless_private_endpoint(
            sim::GROUP_ID,
            "fresh-azure",
            models::ServerlessTenantCreateRequest {
                comment: Some("after".into()),
            },
        )
        .await
        .unwrap();
    assert!(
        matches!(endpoint, models::ServerlessTenantEndpoint::Azure(_)),
        "{endpoint:?}"
    );
}

#[tokio::test]
async fn envelope_mode_is_unwrapped_for_every_operation_and_auth() {
    for auth in AUTHS {
        let s = Simulator::builder()
            .legacy_accepts_bearer(true)
            .start()
            .await;
        let c = client(&s, auth);
        for (n, op) in OPS.into_iter().enumerate() {
            let created = call(&c, op, sim::GROUP_ID, n, ENVELOPE)
                .await
                .unwrap_or_else(|e| panic!("{auth:?} {op:?}: {e}"));
            assert_created(op, n, &created);
            let reqs = requests_to(&s, op, sim::GROUP_ID);
            let wire = reqs.last().unwrap();
            assert_eq!(wire.query.as_deref(), Some("envelope=true"));
            assert_eq!(wire.status, Some(200), "Atlas answers 200 in envelope mode");
            let body: serde_json::Value = serde_json::from_slice(&wire.response_body).unwrap();
            assert_eq!(
                body["status"],
                op.success_status(),
                "the real status is in the envelope"
            );
            assert!(body["content"].is_object());
        }
    }
}

#[tokio::test]
async fn pretty_output_is_requested_and_decoded() {
    let s = Simulator::start().await;
    let c = client(&s, Auth::Digest);
    for (n, op) in OPS.into_iter().enumerate() {
        let o = Opts {
            envelope: n % 2 == 0,
            pretty: true,
        };
        let created = call(&c, op, sim::GROUP_ID, n, o).await.unwrap();
        assert_created(op, n, &created);
        let reqs = requests_to(&s, op, sim::GROUP_ID);
        let wire = reqs.last().unwrap();
        let q = wire.query_pairs();
        assert!(q.contains(&("pretty".into(), "true".into())), "{q:?}");
        assert_eq!(q.contains(&("envelope".into(), "true".into())), o.envelope);
        let text = String::from_utf8(wire.response_body.clone()).unwrap();
        assert!(
            text.contains("\n  \""),
            "pretty-printed on the wire: {text}"
        );
    }
}

#[tokio::test]
async fn deprecated_operations_are_callable() {
    let s = Simulator::start().await;
    let c = client(&s, Auth::Digest);
    #[allow(deprecated)]
    {
        let v1 = c
            .create_serverless_private_endpoint_v1(
                sim::GROUP_ID,
                sim::AWS_INSTANCE,
                models::LegacyServerlessTenantCreateRequest {
                    comment: Some("v1".into()),
                },
            )
            .pretty(false)
            .envelope(false)
            .await
            .unwrap();
        assert_eq!(v1.comment.as_deref(), Some("v1"));
        assert_eq!(v1.error_message, atlas_admin_client::Nullable::Null);
        let v2 = c
            .create_serverless_private_endpoint(
                sim::GROUP_ID,
                sim::AWS_INSTANCE,
                models::ServerlessTenantCreateRequest::default(),
            )
            .send()
            .await
            .unwrap();
        assert!(matches!(v2, models::ServerlessTenantEndpoint::Aws(_)));
        let i = c
            .create_serverless_instance(
                sim::GROUP_ID,
                instance_body("deprecated-ok", "GCP", "CENTRAL_US"),
            )
            .await
            .unwrap();
        assert_eq!(
            i.provider_settings.backing_provider_name,
            models::CloudProvider::Gcp
        );
    }
    let paths: Vec<String> = s.api_requests().into_iter().map(|r| r.path).collect();
    assert!(
        paths.iter().any(|p| p.starts_with("/api/atlas/v1.0/")),
        "{paths:?}"
    );
}

#[tokio::test]
async fn legacy_v1_accepts_only_digest_by_default() {
    let s = Simulator::start().await;
    let op = Op::ServerlessPrivateEndpointV1;
    call(
        &client(&s, Auth::Digest),
        op,
        sim::GROUP_ID,
        0,
        Opts::default(),
    )
    .await
    .unwrap();
    for auth in [Auth::Bearer, Auth::ServiceAccount] {
        let before = s.api_request_count();
        match call(&client(&s, auth), op, sim::GROUP_ID, 1, Opts::default()).await {
            Err(Error::Auth(e)) => {
                assert_eq!(e.status().map(|s| s.as_u16()), Some(401), "{auth:?}");
                assert_eq!(e.error_code(), Some("USER_UNAUTHORIZED"));
            }
            other => panic!("{auth:?}: expected an auth error, got {other:?}"),
        }
        assert_eq!(
            s.api_request_count() - before,
            1,
            "{auth:?}: a fresh token is not retried"
        );
    }
    assert_eq!(s.token_request_count(), 1);
}

/// An enum value the client does not know — here a backup region Atlas added after the client
/// was generated — is refused before sending by default (it catches typos), and sent as written
/// by a client built with `allow_unknown_enum_values(true)`.
#[tokio::test]
async fn unknown_enum_values_are_refused_unless_the_client_allows_them() {
    const NEW_REGION: &str = "AP_SOUTH_9";
    let s = Simulator::builder()
        .new_backup_region(NEW_REGION)
        .start()
        .await;

    // Default: refused, nothing sent (not even the Digest challenge).
    let c = client(&s, Auth::Digest);
    assert!(!c.transport().allows_unknown_enum_values());
    let err = c
        .create_backup_private_endpoint(sim::GROUP_ID, "AWS", backup_body(Some(NEW_REGION)))
        .await
        .unwrap_err();
    match &err {
        Error::Validation(v) => {
            assert!(v.has("body.regionName", "enum"), "{v}");
            assert!(v.to_string().contains(NEW_REGION), "{v}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(s.request_count(), 0);

    // Allowed: the generated call takes its validator from the client
    // (`Validator::for_transport`), so the unknown region is sent as written.
    let c = builder_for(s.url(), Auth::Digest, false)
        .allow_unknown_enum_values(true)
        .build()
        .unwrap();
    assert!(c.transport().allows_unknown_enum_values());
    let created = c
        .create_backup_private_endpoint(sim::GROUP_ID, "AWS", backup_body(Some(NEW_REGION)))
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(
        serde_json::to_value(created.body()).unwrap()["regionName"],
        NEW_REGION,
        "the answer decodes, keeping the value it does not know"
    );
    let sent = s.api_requests().pop().unwrap();
    assert_eq!(sent.status, Some(201));
    assert_eq!(
        sent.json().unwrap()["regionName"],
        NEW_REGION,
        "sent as written"
    );
    // …while every other rule still applies: refused, nothing more sent.
    let before = s.request_count();
    let err = c
        .create_backup_private_endpoint("not-a-group", "AWS", backup_body(Some(NEW_REGION)))
        .await
        .unwrap_err();
    match &err {
        Error::Validation(v) => {
            assert_eq!(v.issues.len(), 1, "{v}");
            assert!(v.has("groupId", "pattern"), "{v}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(s.request_count(), before);
}

/// `send_with_response()` gives the decoded answer with its status and headers (the
/// simulator's `RateLimit-*` headers and `X-Request-Id`).
#[tokio::test]
async fn send_with_response_gives_the_status_and_rate_limit_headers() {
    let s = Simulator::builder().rate_limit(50).start().await;
    let c = client(&s, Auth::Digest);
    let response = c
        .create_backup_private_endpoint(sim::GROUP_ID, "AWS", backup_body(Some("US_WEST_1")))
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let limit = response.rate_limit();
    assert_eq!(limit.limit, Some(50));
    let remaining = limit.remaining.expect("RateLimit-Remaining");
    assert!(remaining < 50, "{remaining}");
    let sent = s.api_requests().pop().unwrap();
    assert_eq!(
        response.header("ratelimit-remaining"),
        sent.response_header("ratelimit-remaining"),
        "the header the simulator sent"
    );
    let request_id = response.request_id().expect("X-Request-Id");
    assert!(request_id.starts_with("sim-"), "{request_id}");
    assert_eq!(Some(request_id), sent.response_header("x-request-id"));
    let endpoint = response.into_inner();
    assert_eq!(
        serde_json::to_value(&endpoint).unwrap()["regionName"],
        "US_WEST_1"
    );
}

/// `send()` and `send_with_response()` return the runtime's one boxed future per output type
/// (`atlas_admin_runtime::operation::send_request`), not a future type per operation (an
/// `async fn` each: issue 14's compile-time cut): the annotations below only compile so. The
/// request is still validated when `send()` is called, before the future is polled, and the
/// call still works end to end.
#[tokio::test]
async fn send_returns_the_shared_boxed_future_and_still_validates_first() {
    use atlas_admin_runtime::{BoxFuture, Response};
    let s = Simulator::builder().start().await;
    let c = client(&s, Auth::Digest);
    let future: BoxFuture<'_, Result<models::ObjectStoragePrivateEndpointResponse, Error>> = c
        .create_backup_private_endpoint(sim::GROUP_ID, "AWS", backup_body(Some("US_WEST_1")))
        .send();
    let with_response: BoxFuture<
        '_,
        Result<Response<models::ObjectStoragePrivateEndpointResponse>, Error>,
    > = c
        .create_backup_private_endpoint(sim::GROUP_ID, "AWS", backup_body(Some("US_EAST_1")))
        .send_with_response();
    assert_eq!(
        serde_json::to_value(future.await.unwrap()).unwrap()["regionName"],
        "US_WEST_1"
    );
    assert_eq!(with_response.await.unwrap().status().as_u16(), 201);
    let before = s.api_requests().len();
    let invalid = c
        .create_backup_private_endpoint("not-a-group-id", "AWS", backup_body(Some("US_WEST_1")))
        .send();
    assert!(matches!(invalid.await, Err(Error::Validation(_))));
    assert_eq!(
        s.api_requests().len(),
        before,
        "nothing sent for an invalid argument"
    );
}

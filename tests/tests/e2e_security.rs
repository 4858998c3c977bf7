//! End to end: path-injection attempts never change the request's path, and
//! secrets never show up in what the client or the simulator expose.

mod e2e_common;

use atlas_admin_client::{Client, Error};
use atlas_admin_runtime::{path::encode_segment, Method, Request, RequestBody, Transport};
use atlas_tests::simulator::{self as sim, Simulator};
use e2e_common::*;

/// Values that would change a path's structure if pasted into it unencoded.
const HOSTILE: &[&str] = &[
    "../x",
    "..",
    ".",
    "a/b",
    "a/../../b",
    "a?b=1",
    "a#b",
    "%2F",
    "a%2Fb",
    "%2e%2e",
    "a b",
    "",
    "a\n",
    "a\r\nX-Injected: 1",
    "-a",
    "ä",
    "a;b",
    "a\\b",
    "a.b",
    "a%00",
];

fn expect_validation(r: Result<Created, Error>, field: &str, ctx: &str) {
    match r {
        Err(Error::Validation(v)) => {
            assert!(v.issues.iter().any(|i| i.field == field), "{ctx}: {v}")
        }
        other => panic!("{ctx}: expected a validation error on {field}, got {other:?}"),
    }
}

async fn hostile_calls(c: &Client) {
    for &bad in HOSTILE {
        // instanceName (pattern ^[a-zA-Z0-9][a-zA-Z0-9-]*$), v2 and v1.0.
        for op in [
            Op::ServerlessPrivateEndpoint,
            Op::ServerlessPrivateEndpointV1,
        ] {
            let r = call_with(c, op, sim::GROUP_ID, 0, Opts::default(), Some(bad)).await;
            expect_validation(r, "instanceName", &format!("{op:?} instanceName={bad:?}"));
        }
        // groupId (pattern ^([a-f0-9]{24})$) on every operation, prefixed and suffixed
        // with a valid id so that only the injected part is wrong.
        let groups = if bad.is_empty() {
            vec![String::new()]
        } else {
            vec![
                format!("{}{bad}", sim::GROUP_ID),
                format!("{bad}{}", sim::GROUP_ID),
            ]
        };
        for group in groups {
            for op in OPS {
                let r = call(c, op, &group, 0, Opts::default()).await;
                expect_validation(r, "groupId", &format!("{op:?} groupId={group:?}"));
            }
        }
        // endpointServiceId (pattern ^([a-f0-9]{24})$).
        let service = if bad.is_empty() {
            String::new()
        } else {
            format!("{}{bad}", sim::AWS_ENDPOINT_SERVICE_ID)
        };
        let r = c
            .create_private_endpoint(
                sim::GROUP_ID,
                "AWS",
                service.as_str(),
                endpoint_body(sim::Provider::Aws, 0),
            )
            .await
            .map(Created::PrivateEndpoint);
        expect_validation(
            r,
            "endpointServiceId",
            &format!("endpointServiceId={service:?}"),
        );
        // cloudProvider is an enum: any other value is refused, including one that
        // starts like a valid provider.
        let provider = if bad.is_empty() {
            String::new()
        } else {
            format!("AWS{bad}")
        };
        let r = c
            .create_private_endpoint(
                sim::GROUP_ID,
                provider.as_str(),
                sim::AWS_ENDPOINT_SERVICE_ID,
                endpoint_body(sim::Provider::Aws, 0),
            )
            .await
            .map(Created::PrivateEndpoint);
        expect_validation(
            r,
            "cloudProvider",
            &format!("createPrivateEndpoint cloudProvider={provider:?}"),
        );
        let r = c
            .create_backup_private_endpoint(
                sim::GROUP_ID,
                provider.as_str(),
                backup_body(Some("US_EAST_1")),
            )
            .await
            .map(Created::BackupPrivateEndpoint);
        expect_validation(
            r,
            "cloudProvider",
            &format!("createBackupPrivateEndpoint cloudProvider={provider:?}"),
        );
    }
}

#[tokio::test]
async fn path_injection_is_refused_before_the_network() {
    let s = Simulator::start().await;
    for auth in AUTHS {
        hostile_calls(&client(&s, auth)).await;
    }
    assert_eq!(s.request_count(), 0, "no hostile value reached the server");
    // The same client works for legitimate values.
    let c = client(&s, Auth::Digest);
    call(
        &c,
        Op::ServerlessPrivateEndpoint,
        sim::GROUP_ID,
        0,
        Opts::default(),
    )
    .await
    .unwrap();
    assert_eq!(s.api_requests().last().unwrap().status, Some(201));
}

#[tokio::test]
async fn lookalike_values_that_match_the_patterns_keep_the_path_shape() {
    // Upper-case hex is not a valid group id, and a valid-looking name is sent as one segment.
    let s = Simulator::start().await;
    let c = client(&s, Auth::Digest);
    let upper = sim::GROUP_ID.to_ascii_uppercase();
    let r = call(&c, Op::ServerlessInstance, &upper, 0, Opts::default()).await;
    expect_validation(r, "groupId", "upper-case group id");
    let r = call_with(
        &c,
        Op::ServerlessPrivateEndpoint,
        sim::GROUP_ID,
        0,
        Opts::default(),
        Some("a-b-c-1"),
    )
    .await;
    let e = api_error(r);
    assert_eq!(e.error_code(), Some("SERVERLESS_INSTANCE_NOT_FOUND"));
    let wire = s.api_requests().pop().unwrap();
    assert_eq!(wire.segments().len(), 10);
    assert_eq!(wire.segments()[8], "a-b-c-1");
}

/// The spec has no free-form path parameter without a pattern or enum; this
/// checks the runtime's encoding for one anyway, with the operation's own
/// route: whatever the value, the simulator sees the template's segments.
#[tokio::test]
async fn an_unconstrained_path_parameter_cannot_change_the_path_structure() {
    let s = Simulator::start().await;
    let t = Transport::builder()
        .base_url(s.url())
        .allow_http(true)
        .digest_auth(sim::PUBLIC_KEY, sim::PRIVATE_KEY)
        .retry(fast_retry(0))
        .build()
        .unwrap();
    let media = "application/vnd.atlas.2023-01-01+json";
    let mut sent = 0;
    for &bad in HOSTILE {
        let mut req = Request::new(
            "createServerlessInstance",
            Method::POST,
            "/api/atlas/v2/groups/{groupId}/serverless",
            format!("/api/atlas/v2/groups/{}/serverless", encode_segment(bad)),
            media,
        );
        req.body = Some(RequestBody::json(media, &serde_json::json!({})).unwrap());
        let before = s.api_request_count();
        let r = t.execute(req).await;
        if bad == "." || bad == ".." {
            // `%2E` / `%2E%2E` would be collapsed by URL normalization: refused.
            assert!(matches!(r, Err(Error::Validation(_))), "{bad:?}: {r:?}");
            assert_eq!(s.api_request_count(), before, "{bad:?} was not sent");
            continue;
        }
        sent += 1;
        let wire = s.api_requests().pop().unwrap();
        let segs = wire.segments();
        assert_eq!(segs.len(), 6, "{bad:?} → {}", wire.path);
        assert_eq!(wire.query, None, "{bad:?} → {}", wire.path);
        assert_eq!(wire.operation, Some("createServerlessInstance"), "{bad:?}");
        let decoded = percent_encoding::percent_decode_str(segs[4])
            .decode_utf8()
            .unwrap();
        assert_eq!(decoded, bad, "the segment decodes to the value");
        // The simulator authenticated the request and refused the id itself.
        let e = r.expect_err("not a valid group id");
        assert_eq!(e.error_code(), Some("INVALID_GROUP_ID"), "{bad:?}: {e}");
    }
    assert_eq!(sent, HOSTILE.len() - 2);
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output_and_the_request_log() {
    let s = Simulator::start().await;
    for auth in AUTHS {
        let c = client(&s, auth);
        let shown = format!("{c:?}");
        for secret in [sim::PRIVATE_KEY, sim::CLIENT_SECRET, sim::BEARER_TOKEN] {
            assert!(!shown.contains(secret), "{auth:?}: {shown}");
        }
        call(
            &c,
            Op::ServerlessInstance,
            sim::GROUP_ID,
            auth as usize,
            Opts::default(),
        )
        .await
        .unwrap();
    }
    let log = format!("{:?}", s.requests());
    for secret in [
        sim::PRIVATE_KEY,
        sim::CLIENT_SECRET,
        sim::BEARER_TOKEN,
        sim::PUBLIC_KEY,
    ] {
        assert!(!log.contains(secret), "{secret} in the log");
    }
    for r in s.requests() {
        if let Some(a) = r.header("authorization") {
            assert!(a.ends_with(" <redacted>"), "{a}");
        }
    }
}

/// A client's default base URL is its spec's first server (`servers[0].url`): Atlas for the
/// Atlas client, the museum's host for the museum's. A spec that names no absolute server gets
/// no default: `build()` asks for one, rather than sending requests and credentials to a host
/// the spec never named (every client defaulted to Atlas's before).
#[test]
fn the_default_base_url_is_the_specs_first_server() {
    let atlas = Client::builder().build().unwrap();
    assert_eq!(
        atlas.transport().base_url().as_str(),
        "https://cloud.mongodb.com/"
    );
    let museum = golden_redocly_museum_api::Client::builder()
        .build()
        .unwrap();
    assert_eq!(
        museum.transport().base_url().as_str(),
        "https://redocly.com/_mock/docs/openapi/museum-api"
    );
    let unnamed = golden_unions::Client::builder().bearer_token("tok").build();
    match unnamed {
        Err(Error::Config(message)) => assert!(
            message.starts_with("no base URL: set one with base_url("),
            "{message}"
        ),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("a client without a base URL was built"),
    }
    let given = golden_unions::Client::builder()
        .base_url("https://api.example.com/v2")
        .build()
        .unwrap();
    assert_eq!(
        given.transport().base_url().as_str(),
        "https://api.example.com/v2"
    );
}

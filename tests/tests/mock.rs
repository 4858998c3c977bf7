//! The generated client's typed mock server (feature `mock`), used the way a user's test
//! would: the code under test takes a `Client`, the test points it at the mock.

use atlas_admin_client::mock::{atlas_error, MockServer};
use atlas_admin_client::{models, Client, Error};

const GROUP: &str = "32b6e34b3d91647abb20e7b8";
const SERVICE: &str = "5f7cac1adf5d6c6306f4b283";

/// "User code": creates an AWS interface endpoint and returns its connection status.
async fn create_aws_endpoint(client: &Client, vpce: &str) -> Result<String, Error> {
    let body = models::CreateAwsEndpointRequest { id: vpce.into() };
    match client
        .create_private_endpoint(GROUP, "AWS", SERVICE, body)
        .await?
    {
        models::PrivateLinkEndpoint::Aws(aws) => Ok(aws
            .connection_status
            .map(|s| s.to_string())
            .unwrap_or_default()),
        other => Ok(format!("unexpected {other:?}")),
    }
}

fn aws_endpoint(status: &str) -> models::PrivateLinkEndpoint {
    serde_json::from_value(serde_json::json!({
        "cloudProvider": "AWS",
        "connectionStatus": status,
        "interfaceEndpointId": "vpce-0123456789abcdef0",
    }))
    .expect("a valid AWS endpoint")
}

/// The message of the panic that ends `task` (which must panic).
async fn panic_message(task: tokio::task::JoinHandle<()>) -> String {
    let panic = task.await.expect_err("the task panics");
    panic
        .into_panic()
        .downcast::<String>()
        .map(|s| *s)
        .unwrap_or_default()
}

#[tokio::test]
async fn a_user_test_of_creating_an_aws_endpoint() {
    let mock = MockServer::start().await;
    mock.create_private_endpoint(GROUP, "AWS", SERVICE)
        .body(models::CreateAwsEndpointRequest {
            id: "vpce-0123456789abcdef0".into(),
        })
        .respond(aws_endpoint("PENDING_ACCEPTANCE"))
        .await;

    let status = create_aws_endpoint(&mock.client(), "vpce-0123456789abcdef0")
        .await
        .unwrap();
    assert_eq!(status, "PENDING_ACCEPTANCE");
    mock.verify().await;
}

#[tokio::test]
async fn the_request_matches_what_the_client_sends() {
    let mock = MockServer::start().await;
    mock.create_private_endpoint(GROUP, "AWS", SERVICE)
        .query("pretty", &true)
        .respond(aws_endpoint("AVAILABLE"))
        .await;
    let answer = mock
        .client()
        .create_private_endpoint(
            GROUP,
            "AWS",
            SERVICE,
            models::CreateAwsEndpointRequest {
                id: "vpce-0123456789abcdef0".into(),
            },
        )
        .pretty(true)
        .await
        .unwrap();
    assert_eq!(answer, aws_endpoint("AVAILABLE"));
    let requests = mock.server().received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0]
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/vnd.atlas.2023-01-01+json")
    );
    mock.verify().await;
}

#[tokio::test]
async fn a_typed_atlas_error_reaches_the_user_code_as_the_client_error() {
    let mock = MockServer::start().await;
    mock.create_private_endpoint(GROUP, "AWS", SERVICE)
        .respond_error(
            409,
            atlas_error("DUPLICATE_PRIVATE_ENDPOINT", "the endpoint exists already"),
        )
        .await;
    let err = create_aws_endpoint(&mock.client(), "vpce-0123456789abcdef0")
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
    assert!(err.is_error_code("DUPLICATE_PRIVATE_ENDPOINT"), "{err:?}");
    let api = err.api_error().expect("an API error");
    assert_eq!(api.detail(), Some("the endpoint exists already"));
    assert_eq!(api.body.as_ref().and_then(|b| b.error), Some(409));
    mock.verify().await;
}

/// Expectations of the same call answer in the order they were mounted, each up to its
/// count: "409, then created" and "pending twice, then available" can be scripted.
#[tokio::test]
async fn answers_are_scripted_in_order_by_counts() {
    let mock = MockServer::start().await;
    mock.create_private_endpoint(GROUP, "AWS", SERVICE)
        .times(1)
        .respond_error(409, atlas_error("CONFLICT", "an operation is in progress"))
        .await;
    mock.create_private_endpoint(GROUP, "AWS", SERVICE)
        .respond(aws_endpoint("AVAILABLE"))
        .await;
    let client = mock.client();
    let first = create_aws_endpoint(&client, "vpce-0123456789abcdef0").await;
    assert_eq!(first.unwrap_err().status().map(|s| s.as_u16()), Some(409));
    let second = create_aws_endpoint(&client, "vpce-0123456789abcdef0").await;
    assert_eq!(second.unwrap(), "AVAILABLE");
    mock.verify().await;

    // A third call, which no expectation has room for, is answered by the last one mounted
    // (the script's last answer repeats) and counted there: verify reports it.
    let third = create_aws_endpoint(&client, "vpce-0123456789abcdef0").await;
    assert_eq!(third.unwrap(), "AVAILABLE");
    let report = mock.try_verify().await.unwrap_err();
    assert!(
        report.contains(
            "- create_private_endpoint (expectation 2, answering 200): \
             createGroupPrivateEndpointEndpointServiceEndpoint (POST "
        ),
        "{report}"
    );
    assert!(
        report.contains("endpoint): expected exactly 1 call(s), got 2"),
        "{report}"
    );
    assert_eq!(report.matches("expected exactly").count(), 1, "{report}");
    // Asserted on: forget the expectations, so dropping the server does not panic.
    mock.reset().await;
}

#[tokio::test]
async fn a_call_expected_never_is_answered_with_an_error_and_counted() {
    let mock = MockServer::start().await;
    mock.create_private_endpoint(GROUP, "AWS", SERVICE)
        .times(0)
        .respond(aws_endpoint("AVAILABLE"))
        .await;
    let err = create_aws_endpoint(&mock.client(), "vpce-0123456789abcdef0")
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err:?}");
    assert!(
        err.is_error_code(atlas_admin_runtime::mock::UNEXPECTED_CALL),
        "{err:?}"
    );
    let report = mock.try_verify().await.unwrap_err();
    assert!(
        report.contains(
            "- create_private_endpoint (expectation 1, expected never): \
             createGroupPrivateEndpointEndpointServiceEndpoint (POST /api/atlas/v2/groups/\
             32b6e34b3d91647abb20e7b8/privateEndpoint/AWS/endpointService/\
             5f7cac1adf5d6c6306f4b283/endpoint): expected exactly 0 call(s), \
             got 1"
        ),
        "{report}"
    );
    mock.reset().await;
    assert_eq!(mock.try_verify().await, Ok(()));
}

/// What the mock server logs (wiremock logs through `log`, at debug level a request nothing
/// matched with all its headers): captured, to check no credential is in it.
struct CapturedLogs(std::sync::Mutex<Vec<String>>);

impl log::Log for CapturedLogs {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {}", record.target(), record.args());
        self.0.lock().unwrap().push(line);
    }
    fn flush(&self) {}
}

static LOGS: CapturedLogs = CapturedLogs(std::sync::Mutex::new(Vec::new()));

#[tokio::test]
async fn a_request_nothing_matches_is_not_logged_with_its_credentials() {
    const TOKEN: &str = "eyJ-logged-token-never";
    log::set_logger(&LOGS).expect("the only logger of this test binary");
    log::set_max_level(log::LevelFilter::Trace);
    let mock = MockServer::start().await;
    let client: Client = mock.client_builder().bearer_token(TOKEN).build().unwrap();
    let err = create_aws_endpoint(&client, "vpce-0123456789abcdef0")
        .await
        .unwrap_err();
    assert!(
        err.is_error_code(atlas_admin_runtime::mock::NO_MATCH),
        "{err:?}"
    );
    let received = mock.server().received_requests().await.unwrap();
    assert_eq!(
        received[0].headers.get("authorization").unwrap(),
        &format!("Bearer {TOKEN}"),
        "the token was sent"
    );
    let logs = LOGS.0.lock().unwrap().clone();
    assert!(!logs.is_empty(), "the logger captured nothing");
    let leaks: Vec<&String> = logs.iter().filter(|l| l.contains(TOKEN)).collect();
    assert!(leaks.is_empty(), "the token is logged: {leaks:?}");
}

/// Mock methods never take the names of `MockServer`'s own methods: an operation named so
/// gets `_call` appended.
#[test]
fn operations_named_like_the_mock_servers_own_methods_get_a_suffix() {
    let op = |id: &str| {
        format!(
            "  /{id}:\n    post:\n      operationId: {id}\n      responses:\n        '204':\n          description: done\n"
        )
    };
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{}{}{}",
        op("reset"),
        op("tryVerify"),
        op("verify")
    );
    let doc = atlas_codegen::Document::from_text(&text, "own.yaml").unwrap();
    let generated = atlas_codegen::generate(
        &doc,
        &atlas_codegen::Selection::default(),
        &atlas_tests::options("own.yaml"),
    )
    .unwrap();
    let mock_rs = &generated.files["src/mock.rs"];
    for name in ["reset_call", "try_verify_call", "verify_call"] {
        assert!(
            mock_rs.contains(&format!("pub fn {name}(")),
            "{name}: {mock_rs}"
        );
    }
    for own in ["reset", "try_verify", "verify"] {
        assert_eq!(
            mock_rs.matches(&format!("pub async fn {own}(")).count(),
            1,
            "{own}"
        );
    }
}

#[tokio::test]
async fn a_state_that_changes_after_two_polls() {
    let mock = MockServer::start().await;
    mock.create_private_endpoint(GROUP, "AWS", SERVICE)
        .times(2)
        .respond(aws_endpoint("PENDING_ACCEPTANCE"))
        .await;
    mock.create_private_endpoint(GROUP, "AWS", SERVICE)
        .at_least(1)
        .respond(aws_endpoint("AVAILABLE"))
        .await;
    let client = mock.client();
    let mut seen = Vec::new();
    for _ in 0..5 {
        seen.push(
            create_aws_endpoint(&client, "vpce-0123456789abcdef0")
                .await
                .unwrap(),
        );
    }
    assert_eq!(
        seen,
        [
            "PENDING_ACCEPTANCE",
            "PENDING_ACCEPTANCE",
            "AVAILABLE",
            "AVAILABLE",
            "AVAILABLE"
        ]
    );
    mock.verify().await;
}

#[tokio::test]
async fn a_body_that_differs_does_not_match() {
    let mock = MockServer::start().await;
    mock.create_private_endpoint(GROUP, "AWS", SERVICE)
        .body(models::CreateAwsEndpointRequest {
            id: "vpce-0123456789abcdef0".into(),
        })
        .times(0)
        .respond(aws_endpoint("AVAILABLE"))
        .await;
    let err = create_aws_endpoint(&mock.client(), "vpce-00000000000000000")
        .await
        .unwrap_err();
    // Nothing matched: the mock answers 404 with an Atlas error saying so.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err:?}");
    assert!(
        err.is_error_code(atlas_admin_runtime::mock::NO_MATCH),
        "{err:?}"
    );
    let detail = err
        .api_error()
        .and_then(|api| api.detail())
        .unwrap_or_default();
    assert!(
        detail.starts_with("no expectation of the mock server matches POST /api/atlas/v2/groups/"),
        "{err:?}"
    );
    mock.verify().await;
}

#[tokio::test]
async fn an_unmet_expectation_fails_verify_naming_the_operation() {
    let mock = MockServer::start().await;
    mock.create_private_endpoint(GROUP, "AWS", SERVICE)
        .respond(aws_endpoint("AVAILABLE"))
        .await;
    let message = panic_message(tokio::spawn(async move {
        mock.verify().await;
    }))
    .await;
    assert!(
        message.contains(
            "- create_private_endpoint (expectation 1, answering 200): \
             createGroupPrivateEndpointEndpointServiceEndpoint (POST /api/atlas/v2/groups/\
             32b6e34b3d91647abb20e7b8/privateEndpoint/AWS/endpointService/\
             5f7cac1adf5d6c6306f4b283/endpoint): expected exactly 1 call(s), \
             got 0"
        ),
        "{message}"
    );
}

/// The report of an unmet expectation lists the requests received, without the values of
/// credential headers: a test that sets real credentials on a mock client does not print
/// them (wiremock's own report printed every header). Dropping the server without `verify`
/// reports the same.
#[tokio::test]
#[allow(deprecated)] // the serverless endpoint operations are deprecated by the API
async fn an_unmet_expectation_report_redacts_credentials() {
    const TOKEN: &str = "eyJ-a-real-looking-access-token";
    for dropped in [false, true] {
        let mock = MockServer::start().await;
        mock.create_private_endpoint(GROUP, "AWS", SERVICE)
            .times(2)
            .respond(aws_endpoint("AVAILABLE"))
            .await;
        let client: Client = mock.client_builder().bearer_token(TOKEN).build().unwrap();
        create_aws_endpoint(&client, "vpce-0123456789abcdef0")
            .await
            .unwrap();
        // A call no expectation matches is listed too (the client sees a 404).
        let unmatched = client
            .create_serverless_private_endpoint(
                GROUP,
                "inst-1",
                models::ServerlessTenantCreateRequest { comment: None },
            )
            .await;
        assert_eq!(
            unmatched.unwrap_err().status().map(|s| s.as_u16()),
            Some(404)
        );
        let message = panic_message(tokio::spawn(async move {
            if !dropped {
                mock.verify().await;
            }
            drop(mock);
        }))
        .await;
        assert!(
            message.contains("endpoint): expected exactly 2 call(s), got 1"),
            "{message}"
        );
        assert!(message.contains("authorization: <redacted>"), "{message}");
        assert!(
            message.contains("/privateEndpoint/serverless/instance/inst-1/endpoint\n"),
            "{message}"
        );
        assert!(!message.contains(TOKEN), "the token is printed: {message}");
    }
}

/// An expected body is written as the client writes it: a read-only property set on the
/// value (`effectiveProviderName`, set by the server) is left out on both sides, so the
/// client's request matches (it got a 404 when the mock kept it).
#[tokio::test]
#[allow(deprecated)] // the serverless instance operations are deprecated by the API
async fn an_expected_body_is_written_as_the_client_writes_it() {
    let mock = MockServer::start().await;
    let mut settings = models::ServerlessProviderSettings::new("AWS", "US_EAST_1");
    settings.effective_provider_name = Some("AWS".to_string());
    let create = models::ServerlessInstanceDescriptionCreate::new("inst", settings);
    let answer: models::ServerlessInstanceDescription = serde_json::from_value(serde_json::json!({
        "name": "inst",
        "providerSettings": {"backingProviderName": "AWS", "regionName": "US_EAST_1"}
    }))
    .unwrap();
    mock.create_serverless_instance(GROUP)
        .body(create.clone())
        .respond(answer)
        .await;
    let created = mock
        .client()
        .create_serverless_instance(GROUP, create)
        .await
        .unwrap();
    assert_eq!(created.name.as_deref(), Some("inst"));
    mock.verify().await;
}

/// A mock answer built without the single-value property that names its variant
/// (`providerName`) is sent with it, as a server sends it: the client decodes the variant
/// the test built (an Azure endpoint built with `..Default::default()` came back as AWS).
#[tokio::test]
#[allow(deprecated)] // the serverless endpoint operations are deprecated by the API
async fn a_mock_answer_names_its_union_variant() {
    let mock = MockServer::start().await;
    mock.create_serverless_private_endpoint(GROUP, "inst-1")
        .respond(models::ServerlessTenantEndpoint::Azure(
            models::ServerlessAzureTenantEndpoint {
                id: Some("ep-1".to_string()),
                ..Default::default()
            },
        ))
        .await;
    let endpoint = mock
        .client()
        .create_serverless_private_endpoint(
            GROUP,
            "inst-1",
            models::ServerlessTenantCreateRequest { comment: None },
        )
        .await
        .unwrap();
    let models::ServerlessTenantEndpoint::Azure(azure) = &endpoint else {
        panic!("an Azure endpoint came back as {endpoint:?}")
    };
    assert_eq!(azure.id.as_deref(), Some("ep-1"));
}

#[tokio::test]
#[allow(deprecated)] // the serverless endpoint operations are deprecated by the API
async fn times_counts_the_calls() {
    let mock = MockServer::start().await;
    mock.create_serverless_private_endpoint(GROUP, "inst-1")
        .times(2)
        .respond(
            serde_json::from_value::<models::ServerlessTenantEndpoint>(serde_json::json!({
                "providerName": "AWS", "_id": "6a1b2c3d4e5f6a7b8c9d0e1f"
            }))
            .unwrap(),
        )
        .await;
    let client = mock.client();
    let call = || {
        client.create_serverless_private_endpoint(
            GROUP,
            "inst-1",
            models::ServerlessTenantCreateRequest { comment: None },
        )
    };
    call().await.unwrap();
    call().await.unwrap();
    mock.verify().await;
    // A third call breaks the expectation.
    call().await.unwrap();
    let verify = tokio::spawn(async move { mock.verify().await });
    assert!(verify.await.is_err(), "three calls where two were expected");
}

/// The typed mock expects a path parameter written as the client writes it: in its `style`
/// (`label`, `matrix`, `simple`) and, for a union of scalars, as its value rather than its
/// JSON text (`tests/fixtures/parameter_styles.yaml`).
#[tokio::test]
async fn the_mock_expects_a_path_parameter_as_the_client_writes_it() {
    use golden_parameter_styles::mock::MockServer;
    use golden_parameter_styles::models::{Color, ThingId};
    let colors =
        || -> Color { serde_json::from_value(serde_json::json!(["blue", "black"])).unwrap() };
    let name = || -> ThingId { serde_json::from_value(serde_json::json!("a b")).unwrap() };
    let mock = MockServer::start().await;
    mock.path_label(colors()).respond(()).await;
    mock.path_matrix_explode(colors()).respond(()).await;
    mock.path_simple(colors()).respond(()).await;
    mock.get_thing(name()).respond(()).await;
    mock.get_thing(ThingId::from(42i64)).respond(()).await;
    let client = mock.client();
    client.path_label(colors()).await.unwrap();
    client.path_matrix_explode(colors()).await.unwrap();
    client.path_simple(colors()).await.unwrap();
    client.get_thing(name()).await.unwrap();
    client.get_thing(ThingId::from(42i64)).await.unwrap();
    mock.verify().await;
    let paths: Vec<String> = mock
        .server()
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "/path/label/.blue,black",
            "/path/matrix-explode/;color=blue;color=black",
            "/path/simple/blue,black",
            "/things/a%20b",
            "/things/42",
        ]
    );
}

/// `.header(…)` expects a header parameter written as the client writes it (`simple`: a
/// list as `1,2`), and a call with other values does not match.
#[tokio::test]
async fn the_mock_expects_a_header_parameter_as_the_client_writes_it() {
    use golden_parameter_styles::mock::MockServer;
    use golden_parameter_styles::models::ThingId;
    let mock = MockServer::start().await;
    mock.get_thing(ThingId::from(7i64))
        .header("X-Trace", &[1, 2])
        .respond(())
        .await;
    let client = mock.client();
    client
        .get_thing(ThingId::from(7i64))
        .x_trace(vec![1, 2])
        .await
        .unwrap();
    let other = client
        .get_thing(ThingId::from(7i64))
        .x_trace(vec![2, 1])
        .await
        .unwrap_err();
    assert_eq!(other.status().map(|s| s.as_u16()), Some(404), "{other:?}");
    mock.verify().await;
    let requests = mock.server().received_requests().await.unwrap();
    let traces: Vec<&str> = requests
        .iter()
        .map(|r| r.headers.get("x-trace").unwrap().to_str().unwrap())
        .collect();
    assert_eq!(traces, ["1,2", "2,1"]);
}

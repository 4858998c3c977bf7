//! The typed mock server of crates whose operations go beyond one JSON answer: several
//! documented 2xx answers (`tests/goldens/success_responses`, feature `mock`) and a
//! form-urlencoded request body (`tests/goldens/request_bodies`).

use golden_request_bodies::mock::MockServer as BodiesMock;
use golden_request_bodies::models::Login;
use golden_success_responses::mock::MockServer as AnswersMock;
use golden_success_responses::models::{Job, Thing};
use golden_success_responses::operations::{
    CreateThingSuccess, GetThingArchiveSuccess, GetThingReportSuccess,
};
use golden_success_responses::runtime::operation::send_keeping_body;
use golden_success_responses::runtime::{Bytes, StatusCode};
use serde_json::json;

fn thing() -> Thing {
    serde_json::from_value(json!({"name": "t1", "size": 3})).unwrap()
}

/// `.respond(…)` of an operation with several documented 2xx answers takes the client's
/// `{Builder}Success` enum: each variant goes out with its own status, media type and body, and
/// the client reads back the same variant.
#[tokio::test]
async fn respond_answers_each_documented_status_with_its_typed_body() {
    let mock = AnswersMock::start().await;
    let client = mock.client();
    let job: Job = serde_json::from_value(json!({"jobId": "j-1", "state": "QUEUED"})).unwrap();
    let answers = [
        (
            CreateThingSuccess::Ok(thing()),
            200,
            r#"{"name":"t1","size":3}"#,
        ),
        (
            CreateThingSuccess::Accepted(job.clone()),
            202,
            r#"{"jobId":"j-1","state":"QUEUED"}"#,
        ),
        (CreateThingSuccess::NoContent, 204, ""),
        (
            CreateThingSuccess::Undocumented {
                status: StatusCode::from_u16(207).unwrap(),
                body: Bytes::from_static(b"multi"),
            },
            207,
            "multi",
        ),
    ];
    for (answer, status, body) in answers {
        mock.create_thing()
            .body(thing())
            .respond(answer.clone())
            .await;
        let (got, response) = send_keeping_body(client.create_thing(thing()))
            .await
            .unwrap();
        assert_eq!(got, answer);
        assert_eq!(response.status().as_u16(), status);
        // What went out, byte for byte (the Undocumented body as given), with its media type.
        assert_eq!(response.body().as_ref(), body.as_bytes(), "{status}");
        let content_type = match status {
            204 => None,
            207 => Some("application/octet-stream"),
            _ => Some("application/json"),
        };
        assert_eq!(response.header("content-type"), content_type, "{status}");
        mock.verify().await;
        mock.server().reset().await;
    }

    // A text answer goes out as `text/csv`; the `2XX` variant as a 2xx no other variant has.
    mock.get_thing_report("t1")
        .respond(GetThingReportSuccess::Ok("a,b\n1,2\n".into()))
        .await;
    let got = client
        .get_thing_report("t1")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(got.header("content-type"), Some("text/csv"));
    assert_eq!(
        got.into_inner(),
        GetThingReportSuccess::Ok("a,b\n1,2\n".into())
    );
    mock.server().reset().await;
    mock.get_thing_report("t1")
        .respond(GetThingReportSuccess::Other)
        .await;
    let got = client
        .get_thing_report("t1")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(got.status().as_u16(), 201);
    assert_eq!(got.into_inner(), GetThingReportSuccess::Other);
    mock.server().reset().await;

    // Bytes as they are.
    mock.get_thing_archive("t1")
        .respond(GetThingArchiveSuccess::Ok(Bytes::from_static(
            b"PK\x03\x04",
        )))
        .await;
    assert_eq!(
        client.get_thing_archive("t1").await.unwrap(),
        GetThingArchiveSuccess::Ok(Bytes::from_static(b"PK\x03\x04"))
    );
    mock.verify().await;
}

/// `.respond_status(…)` still answers any status without a body.
#[tokio::test]
async fn respond_status_answers_without_a_body() {
    let mock = AnswersMock::start().await;
    mock.create_thing().respond_status(204).await;
    assert_eq!(
        mock.client().create_thing(thing()).await.unwrap(),
        CreateThingSuccess::NoContent
    );
    mock.verify().await;
}

#[tokio::test]
async fn a_form_body_is_matched_as_the_client_encodes_it() {
    let mock = BodiesMock::start().await;
    let client = mock.client();
    let mut login = Login::new("ada", "pa ss&word");
    login.remember = Some(true);

    mock.login().body(login.clone()).respond(()).await;
    client.login(login.clone()).await.unwrap();
    mock.verify().await;

    // Another password is another body: no expectation matches it.
    let other = Login::new("ada", "other");
    let error = client.login(other).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404), "{error}");
    let received = mock.server().wiremock().received_requests().await.unwrap();
    assert_eq!(
        std::str::from_utf8(&received[0].body).unwrap(),
        "password=pa+ss%26word&remember=true&user=ada"
    );
}

//! Several documented 2xx responses (`tests/fixtures/success_responses.yaml`, committed under
//! `tests/goldens/success_responses/`): when their bodies differ the client returns an enum saying which
//! documented response arrived — a body-less one never fails to decode — and when they agree,
//! the plain type. Run against a local server answering each status in turn.

use atlas_tests::capture::{Answer, Server};
use golden_success_responses::operations::{
    CreateThingSuccess, DeleteThingSuccess, GetThingReportSuccess,
};
use golden_success_responses::{models, Client};
use serde_json::json;

fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(server.url())
        .allow_http(true)
        .build()
        .unwrap()
}

fn thing() -> models::Thing {
    serde_json::from_value(json!({"name": "t1", "size": 3})).unwrap()
}

#[tokio::test]
async fn each_documented_answer_of_a_create_is_told_apart() {
    let server = Server::start().await;
    let c = client(&server);

    server.answer(Answer::json(200, json!({"name": "t1", "size": 3})));
    let answer = c.create_thing(thing()).await.unwrap();
    assert_eq!(answer, CreateThingSuccess::Ok(thing()));

    server.answer(Answer::json(
        202,
        json!({"jobId": "j-9", "state": "QUEUED"}),
    ));
    let answer = c.create_thing(thing()).await.unwrap();
    let CreateThingSuccess::Accepted(job) = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(job.job_id, "j-9");
    assert_eq!(
        serde_json::to_value(&job).unwrap(),
        json!({"jobId": "j-9", "state": "QUEUED"})
    );

    // Was: `invalid type: null, expected struct Thing`.
    server.answer(Answer::empty(204));
    let answer = c.create_thing(thing()).await.unwrap();
    assert_eq!(answer, CreateThingSuccess::NoContent);

    // A 2xx the spec does not document: kept as it came.
    server.answer(Answer::json(203, json!({"x": 1})));
    let answer = c.create_thing(thing()).await.unwrap();
    match answer {
        CreateThingSuccess::Undocumented { status, body } => {
            assert_eq!(status.as_u16(), 203);
            assert_eq!(&body[..], br#"{"x":1}"#);
        }
        other => panic!("{other:?}"),
    }

    // The request went out once per call, with the body and both media types accepted.
    let sent = server.requests();
    assert_eq!(sent.len(), 4);
    assert_eq!(sent[0].request_line, "POST /things HTTP/1.1");
    assert_eq!(sent[0].body, br#"{"name":"t1","size":3}"#);
    assert_eq!(sent[0].header("accept"), Some("application/json"));
}

#[tokio::test]
async fn the_status_and_headers_come_with_the_enum() {
    let server = Server::start().await;
    let c = client(&server);
    server.answer(Answer::empty(204).header("RateLimit-Remaining", "41"));
    let response = c.create_thing(thing()).send_with_response().await.unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(response.rate_limit().remaining, Some(41));
    assert_eq!(response.into_inner(), CreateThingSuccess::NoContent);
}

#[tokio::test]
async fn an_atlas_style_204_with_content_but_no_schema_decodes() {
    let server = Server::start().await;
    let c = client(&server);
    server.answer(
        Answer::json(200, json!({"name": "gone"}))
            .header("Content-Type", "application/vnd.atlas.2023-01-01+json"),
    );
    let answer = c.delete_thing("t1").await.unwrap();
    assert_eq!(
        answer,
        DeleteThingSuccess::Ok(serde_json::from_value(json!({"name": "gone"})).unwrap())
    );
    server.answer(Answer::empty(204));
    assert_eq!(
        c.delete_thing("t1").await.unwrap(),
        DeleteThingSuccess::NoContent
    );
    let sent = server.last();
    assert_eq!(sent.request_line, "DELETE /things/t1 HTTP/1.1");
    assert_eq!(
        sent.header("accept"),
        Some("application/vnd.atlas.2023-01-01+json")
    );
}

#[tokio::test]
async fn text_json_and_a_documented_range_are_told_apart() {
    let server = Server::start().await;
    let c = client(&server);
    server.answer(Answer {
        status: 200,
        headers: vec![("Content-Type".into(), "text/csv".into())],
        body: b"a,b\n1,2\n".to_vec(),
    });
    assert_eq!(
        c.get_thing_report("t1").await.unwrap(),
        GetThingReportSuccess::Ok("a,b\n1,2\n".to_string())
    );
    server.answer(Answer::json(202, json!({"percent": 40})));
    match c.get_thing_report("t1").await.unwrap() {
        GetThingReportSuccess::Accepted(progress) => {
            assert_eq!(
                serde_json::to_value(progress).unwrap(),
                json!({"percent": 40})
            )
        }
        other => panic!("{other:?}"),
    }
    // `2XX` is documented without a body: any other 2xx decodes as it, body or not.
    server.answer(Answer::json(206, json!({"ignored": true})));
    assert_eq!(
        c.get_thing_report("t1").await.unwrap(),
        GetThingReportSuccess::Other
    );
    let sent = server.last();
    assert_eq!(sent.header("accept"), Some("text/csv, application/json"));
}

#[tokio::test]
async fn answers_that_agree_keep_the_plain_type() {
    let server = Server::start().await;
    let c = client(&server);
    for status in [200, 201] {
        server.answer(Answer::json(status, json!({"name": "t1", "size": 3})));
        // `upsert_thing` returns `models::Thing` itself: 200 and 201 both answer it.
        let answer: models::Thing = c.upsert_thing("t1", thing()).await.unwrap();
        assert_eq!(answer, thing());
    }
    assert_eq!(server.last().request_line, "PUT /things/t1 HTTP/1.1");
}

#[test]
fn the_generator_warns_about_nothing() {
    let generated = atlas_tests::generate("tests/fixtures/success_responses.yaml").unwrap();
    assert_eq!(generated.diagnostics, Vec::new());
}

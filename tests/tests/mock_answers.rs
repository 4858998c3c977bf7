//! The typed mock server of crates whose operations go beyond one JSON answer: several
//! documented 2xx answers (`tests/goldens/success_responses`, feature `mock`) and a
//! form-urlencoded request body (`tests/goldens/request_bodies`).

use golden_request_bodies::mock::MockServer as BodiesMock;
use golden_request_bodies::models::Login;
use golden_success_responses::mock::MockServer as AnswersMock;
use golden_success_responses::models::Thing;
use golden_success_responses::operations::CreateThingSuccess;
use serde_json::json;

fn thing() -> Thing {
    serde_json::from_value(json!({"name": "t1", "size": 3})).unwrap()
}

#[tokio::test]
async fn respond_answers_the_first_documented_body_and_respond_status_the_others() {
    let mock = AnswersMock::start().await;
    let client = mock.client();

    mock.create_thing().body(thing()).respond(thing()).await;
    assert_eq!(
        client.create_thing(thing()).await.unwrap(),
        CreateThingSuccess::Ok(thing())
    );
    mock.verify().await;
    mock.server().wiremock().reset().await;

    mock.create_thing().respond_status(204).await;
    assert_eq!(
        client.create_thing(thing()).await.unwrap(),
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

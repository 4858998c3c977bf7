//! Response metadata on success: request builders shaped like the generated ones, made with
//! `Operation` + `operation!`, against a small local server.

mod common;

use atlas_admin_runtime::validate::{Pattern, Validator};
use atlas_admin_runtime::{
    path, Error, Method, Operation, Request, RequestBody, Response, StatusCode, Transport,
};
use common::*;

static GROUP_ID: Pattern = Pattern::new("^([a-f0-9]{24})$");
const GROUP: &str = "5f1a2b3c4d5e6f7a8b9c0d1e";

/// The generated `Client`: a transport.
struct Client {
    transport: Transport,
}

impl Client {
    fn transport(&self) -> &Transport {
        &self.transport
    }

    fn create_thing<'a>(&'a self, group_id: &str, name: &str) -> CreateThing<'a> {
        CreateThing {
            client: self,
            group_id: group_id.to_owned(),
            name: name.to_owned(),
            envelope: None,
        }
    }
}

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Thing {
    id: String,
    name: String,
}

/// A builder as the generator emits one.
struct CreateThing<'a> {
    client: &'a Client,
    group_id: String,
    name: String,
    envelope: Option<bool>,
}

impl CreateThing<'_> {
    fn envelope(mut self, value: bool) -> Self {
        self.envelope = Some(value);
        self
    }
}

impl Operation for CreateThing<'_> {
    type Output = Thing;

    fn transport(&self) -> &Transport {
        self.client.transport()
    }

    fn request(&self) -> Result<Request, Error> {
        let mut v = Validator::for_transport(self.transport());
        v.pattern("groupId", &self.group_id, &GROUP_ID);
        v.finish()?;
        let mut request = Request::new(
            "createThing",
            Method::POST,
            "/api/atlas/v2/groups/{groupId}/things",
            format!(
                "/api/atlas/v2/groups/{}/things",
                path::segment(&self.group_id)
            ),
            ACCEPT,
        );
        request.query("envelope", &self.envelope)?;
        request.body = Some(RequestBody::json(
            ACCEPT,
            &serde_json::json!({ "name": self.name }),
        )?);
        Ok(request)
    }

    fn decode(response: &Response) -> Result<Thing, Error> {
        response.json()
    }
}

atlas_admin_runtime::operation!(CreateThing);

/// A text answer and an answer without body, decoded as the generated code does.
struct GetReport<'a> {
    client: &'a Client,
}

impl Operation for GetReport<'_> {
    type Output = String;
    fn transport(&self) -> &Transport {
        self.client.transport()
    }
    fn request(&self) -> Result<Request, Error> {
        Ok(Request::new(
            "getReport",
            Method::GET,
            "/report",
            "/report",
            "text/csv",
        ))
    }
    fn decode(response: &Response) -> Result<String, Error> {
        response.text()
    }
}

atlas_admin_runtime::operation!(GetReport);

struct DeleteThing<'a> {
    client: &'a Client,
}

impl Operation for DeleteThing<'_> {
    type Output = ();
    fn transport(&self) -> &Transport {
        self.client.transport()
    }
    fn request(&self) -> Result<Request, Error> {
        Ok(Request::new(
            "deleteThing",
            Method::DELETE,
            "/thing",
            "/thing",
            ACCEPT,
        ))
    }
    fn decode(_response: &Response) -> Result<(), Error> {
        Ok(())
    }
}

atlas_admin_runtime::operation!(DeleteThing);

const HEADERS: &[(&str, &str)] = &[
    ("content-type", ACCEPT),
    ("ratelimit-limit", "100"),
    ("ratelimit-remaining", "42"),
    ("x-request-id", "req-7f3a"),
    ("x-extra", "kept"),
];

async fn server() -> TestServer {
    serve(|r| async move {
        match (r.path.as_str(), r.query.as_deref()) {
            ("/report", _) => reply(200, &[("content-type", "text/csv"), ("x-request-id", "csv-1")], "a,b\n1,2\n"),
            ("/thing", _) => reply(204, &[("ratelimit-remaining", "3")], ""),
            (p, _) if p.contains("0123456789abcdef01234567") => json(
                404,
                serde_json::json!({"error": 404, "errorCode": "GROUP_NOT_FOUND", "detail": "no group"}),
            ),
            (_, Some("envelope=true")) => reply(
                200,
                HEADERS,
                r#"{"status":201,"content":{"id":"t1","name":"enveloped"}}"#,
            ),
            _ => {
                let sent: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
                reply(
                    201,
                    HEADERS,
                    serde_json::json!({"id": "t1", "name": sent["name"]}).to_string(),
                )
            }
        }
    })
    .await
}

fn client(server: &TestServer) -> Client {
    Client {
        transport: server.builder().build().unwrap(),
    }
}

#[tokio::test]
async fn send_with_response_gives_status_headers_and_the_decoded_body() {
    let server = server().await;
    let c = client(&server);
    let r = c
        .create_thing(GROUP, "a")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.rate_limit().limit, Some(100));
    assert_eq!(r.rate_limit().remaining, Some(42));
    assert_eq!(r.request_id(), Some("req-7f3a"));
    assert_eq!(r.header("X-Extra"), Some("kept"));
    assert_eq!(r.headers().get("content-type").unwrap(), ACCEPT);
    assert_eq!(
        r.body(),
        &Thing {
            id: "t1".into(),
            name: "a".into()
        }
    );
    assert_eq!(r.into_inner().name, "a");

    // The plain `.await` and `send()` give the same value, from the same request.
    let plain: Thing = c.create_thing(GROUP, "a").await.unwrap();
    let sent: Thing = c.create_thing(GROUP, "a").send().await.unwrap();
    assert_eq!((plain.name.as_str(), sent.name.as_str()), ("a", "a"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    for r in &reqs[1..] {
        assert_eq!(
            (&r.method, &r.target, &r.body),
            (&reqs[0].method, &reqs[0].target, &reqs[0].body)
        );
    }
}

#[tokio::test]
async fn an_enveloped_answer_reports_the_real_status() {
    let server = server().await;
    let c = client(&server);
    let r = c
        .create_thing(GROUP, "b")
        .envelope(true)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "the status inside the envelope"
    );
    assert_eq!(r.request_id(), Some("req-7f3a"));
    assert_eq!(r.into_inner().name, "enveloped");
}

#[tokio::test]
async fn text_and_empty_answers_keep_their_metadata() {
    let server = server().await;
    let c = client(&server);
    let r = GetReport { client: &c }.send_with_response().await.unwrap();
    assert_eq!(
        (r.status(), r.request_id()),
        (StatusCode::OK, Some("csv-1"))
    );
    assert_eq!(r.body(), "a,b\n1,2\n");
    let r = DeleteThing { client: &c }
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(r.rate_limit().remaining, Some(3));
    DeleteThing { client: &c }.await.unwrap();
}

#[tokio::test]
async fn failures_are_the_same_errors_as_with_await() {
    let server = server().await;
    let c = client(&server);
    let err = c
        .create_thing("0123456789abcdef01234567", "c")
        .send_with_response()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(err.error_code(), Some("GROUP_NOT_FOUND"));
    let sent = server.count();
    // Invalid arguments: nothing is sent.
    let err = c
        .create_thing("not-a-group", "c")
        .send_with_response()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.has("groupId", "pattern")),
        "{err:?}"
    );
    assert_eq!(server.count(), sent);
}

#[tokio::test]
async fn the_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let server = server().await;
    let c = client(&server);
    assert_send(&c.create_thing(GROUP, "d").send_with_response());
    assert_send(&std::future::IntoFuture::into_future(
        c.create_thing(GROUP, "d"),
    ));
}

//! Request bodies that are not JSON (`tests/fixtures/request_bodies.yaml`, committed under
//! `tests/goldens/request_bodies/`, which compiling this test proves compiles: required octet-stream,
//! text and CSV bodies did not): the exact bytes and `Content-Type` on the wire for binary,
//! text, CSV, `application/x-www-form-urlencoded` and `multipart/form-data` bodies.

use atlas_tests::capture::{Answer, Server};
use golden_request_bodies::operations::UploadFilesForm;
use golden_request_bodies::runtime::multipart::FilePart;
use golden_request_bodies::runtime::Bytes;
use golden_request_bodies::{models, Client, Error};

async fn setup() -> (Server, Client) {
    let server = Server::start().await;
    server.answer(Answer::empty(204));
    let client = Client::builder()
        .base_url(server.url())
        .allow_http(true)
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn binary_text_and_csv_bodies_are_sent_as_they_are() {
    let (server, c) = setup().await;

    c.upload_blob("b1", Bytes::from_static(b"\x00\xffraw"))
        .await
        .unwrap();
    let sent = server.last();
    assert_eq!(sent.request_line, "PUT /blobs/b1 HTTP/1.1");
    assert_eq!(
        sent.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(sent.body, b"\x00\xffraw");

    c.append_blob("b1").body(vec![1u8, 2, 3]).await.unwrap();
    assert_eq!(server.last().body, [1, 2, 3]);
    c.append_blob("b1").await.unwrap();
    let sent = server.last();
    assert_eq!(sent.request_line, "PATCH /blobs/b1 HTTP/1.1");
    assert_eq!(
        sent.header("content-type"),
        None,
        "no body, no content type"
    );
    assert!(sent.body.is_empty());

    c.create_note("first line\nsecond é").await.unwrap();
    let sent = server.last();
    assert_eq!(sent.header("content-type"), Some("text/plain"));
    assert_eq!(sent.body, "first line\nsecond é".as_bytes());

    c.import_rows("a,b\n1,2\n").await.unwrap();
    let sent = server.last();
    assert_eq!(sent.request_line, "POST /imports HTTP/1.1");
    assert_eq!(sent.header("content-type"), Some("text/csv"));
    assert_eq!(sent.body, b"a,b\n1,2\n");

    c.replace_rows().body("x\n").await.unwrap();
    assert_eq!(server.last().body, b"x\n");
}

#[tokio::test]
async fn a_form_urlencoded_body_is_sent_from_its_typed_model() {
    let (server, c) = setup().await;
    let login: models::Login = serde_json::from_value(serde_json::json!({
        "user": "ann smith",
        "password": "p&ss=1",
        "scopes": ["read", "write"],
        "mode": "SAFE"
    }))
    .unwrap();
    c.login(login).await.unwrap();
    let sent = server.last();
    assert_eq!(sent.request_line, "POST /login HTTP/1.1");
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(sent.body).unwrap(),
        "mode=SAFE&password=p%26ss%3D1&scopes=read&scopes=write&user=ann+smith"
    );
}

#[tokio::test]
async fn a_multipart_body_sends_text_file_and_json_parts() {
    let (server, c) = setup().await;
    let mut form = UploadFilesForm::new(
        FilePart::new(b"\x89PNG".to_vec()).file_name("a.png"),
        "holiday",
    );
    form.attachments = Some(vec![
        FilePart::new(&b"one"[..])
            .file_name("1.txt")
            .content_type("text/plain"),
        FilePart::new(&b"two"[..]),
    ]);
    form.tags = Some(vec!["sea".into(), "sun".into()]);
    form.priority = Some(2);
    form.meta = Some(serde_json::from_value(serde_json::json!({"source": "cam"})).unwrap());
    c.upload_files(form).await.unwrap();

    let sent = server.last();
    assert_eq!(sent.request_line, "POST /uploads HTTP/1.1");
    let content_type = sent.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let b = boundary;
    let mut want = Vec::new();
    let mut part = |headers: &str, body: &[u8]| {
        want.extend_from_slice(format!("--{b}\r\n{headers}\r\n\r\n").as_bytes());
        want.extend_from_slice(body);
        want.extend_from_slice(b"\r\n");
    };
    // One part per property, in the form's field order (by name).
    part(
        "Content-Disposition: form-data; name=\"attachments\"; filename=\"1.txt\"\r\nContent-Type: text/plain",
        b"one",
    );
    part(
        "Content-Disposition: form-data; name=\"attachments\"\r\nContent-Type: application/octet-stream",
        b"two",
    );
    // The file's content type comes from the spec's `encoding` (the first listed).
    part(
        "Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png",
        b"\x89PNG",
    );
    part(
        "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
        br#"{"source":"cam"}"#,
    );
    part("Content-Disposition: form-data; name=\"priority\"", b"2");
    part("Content-Disposition: form-data; name=\"tags\"", b"sea");
    part("Content-Disposition: form-data; name=\"tags\"", b"sun");
    part("Content-Disposition: form-data; name=\"title\"", b"holiday");
    want.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        String::from_utf8_lossy(&want)
    );
    assert_eq!(sent.body, want);
}

#[tokio::test]
async fn a_multipart_field_breaking_its_rule_is_refused_before_sending() {
    let (server, c) = setup().await;
    let form = UploadFilesForm::new(FilePart::new(&b"x"[..]), "a title that is far too long");
    let err = c.upload_files(form).await.unwrap_err();
    match err {
        Error::Validation(v) => assert!(v.has("body.title", "maxLength"), "{v}"),
        other => panic!("{other:?}"),
    }
    assert!(server.requests().is_empty());
}

#[test]
fn the_generator_reports_only_what_it_does_not_send() {
    let generated = atlas_tests::generate("tests/fixtures/request_bodies.yaml").unwrap();
    assert_eq!(generated.operations, 7);
    assert_eq!(generated.diagnostics, Vec::new());
}

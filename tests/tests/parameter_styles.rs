//! Parameter serialisation (`tests/fixtures/parameter_styles.yaml`, committed under
//! `tests/goldens/parameter_styles/`): the request line, headers and cookies a generated client sends
//! for every OpenAPI 3.0 `style` and `explode` of path, query, header and cookie parameters,
//! checked byte for byte against the specification's "Style Examples" table
//! (<https://spec.openapis.org/oas/v3.0.4#style-examples>, which corrects 3.0.3's `label`
//! row to RFC 6570), and the reported faults: a `$ref` to an array in a query, a union of
//! scalars in a path, a `content: application/json` parameter.
//!
//! The table's object is `{"R": 100, "G": 200, "B": 150}`; a generated struct writes its
//! properties in its field order, which is by name (`B`, `G`, `R`), so the expected strings
//! below list them in that order.

use atlas_tests::capture::{Answer, Captured, Server};
use golden_parameter_styles::{models, Client, Error};
use serde_json::json;

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

/// The table's values: `""`, `"blue"`, `["blue","black","brown"]`, `{R,G,B}`.
fn empty() -> models::Color {
    serde_json::from_value(json!("")).unwrap()
}
fn string() -> models::Color {
    serde_json::from_value(json!("blue")).unwrap()
}
fn array() -> models::Color {
    serde_json::from_value(json!(["blue", "black", "brown"])).unwrap()
}
fn object() -> models::Color {
    serde_json::from_value(json!({"R": 100, "G": 200, "B": 150})).unwrap()
}

/// Sends `call` and returns what the server received.
async fn sent<F: std::future::IntoFuture<Output = Result<(), Error>>>(
    server: &Server,
    call: F,
) -> Captured {
    call.await.unwrap();
    server.last()
}

#[tokio::test]
async fn path_styles_follow_the_table() {
    let (s, c) = setup().await;
    let target = |r: Captured| r.target().to_string();
    // simple, explode false
    assert_eq!(
        target(sent(&s, c.path_simple(string())).await),
        "/path/simple/blue"
    );
    assert_eq!(
        target(sent(&s, c.path_simple(array())).await),
        "/path/simple/blue,black,brown"
    );
    assert_eq!(
        target(sent(&s, c.path_simple(object())).await),
        "/path/simple/B,150,G,200,R,100"
    );
    // simple, explode true
    assert_eq!(
        target(sent(&s, c.path_simple_explode(string())).await),
        "/path/simple-explode/blue"
    );
    assert_eq!(
        target(sent(&s, c.path_simple_explode(array())).await),
        "/path/simple-explode/blue,black,brown"
    );
    assert_eq!(
        target(sent(&s, c.path_simple_explode(object())).await),
        "/path/simple-explode/B=150,G=200,R=100"
    );
    // label, explode false
    assert_eq!(
        target(sent(&s, c.path_label(string())).await),
        "/path/label/.blue"
    );
    assert_eq!(
        target(sent(&s, c.path_label(array())).await),
        "/path/label/.blue,black,brown"
    );
    assert_eq!(
        target(sent(&s, c.path_label(object())).await),
        "/path/label/.B,150,G,200,R,100"
    );
    // label, explode true
    assert_eq!(
        target(sent(&s, c.path_label_explode(string())).await),
        "/path/label-explode/.blue"
    );
    assert_eq!(
        target(sent(&s, c.path_label_explode(array())).await),
        "/path/label-explode/.blue.black.brown"
    );
    assert_eq!(
        target(sent(&s, c.path_label_explode(object())).await),
        "/path/label-explode/.B=150.G=200.R=100"
    );
    // matrix, explode false
    assert_eq!(
        target(sent(&s, c.path_matrix(empty())).await),
        "/path/matrix/;color"
    );
    assert_eq!(
        target(sent(&s, c.path_matrix(string())).await),
        "/path/matrix/;color=blue"
    );
    assert_eq!(
        target(sent(&s, c.path_matrix(array())).await),
        "/path/matrix/;color=blue,black,brown"
    );
    assert_eq!(
        target(sent(&s, c.path_matrix(object())).await),
        "/path/matrix/;color=B,150,G,200,R,100"
    );
    // matrix, explode true
    assert_eq!(
        target(sent(&s, c.path_matrix_explode(empty())).await),
        "/path/matrix-explode/;color"
    );
    assert_eq!(
        target(sent(&s, c.path_matrix_explode(string())).await),
        "/path/matrix-explode/;color=blue"
    );
    assert_eq!(
        target(sent(&s, c.path_matrix_explode(array())).await),
        "/path/matrix-explode/;color=blue;color=black;color=brown"
    );
    assert_eq!(
        target(sent(&s, c.path_matrix_explode(object())).await),
        "/path/matrix-explode/;B=150;G=200;R=100"
    );
    // Values are percent-encoded, the style's delimiters are not.
    let odd: models::Color = serde_json::from_value(json!(["a b", "c,d", "e/f"])).unwrap();
    assert_eq!(
        target(sent(&s, c.path_matrix(odd)).await),
        "/path/matrix/;color=a%20b,c%2Cd,e%2Ff"
    );
}

#[tokio::test]
async fn a_label_value_that_is_a_whole_dot_segment_is_refused() {
    let (s, c) = setup().await;
    // `label` of "" is "." — a path segment URL parsers remove: refused, nothing sent.
    let err = c.path_label(empty()).await.unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert!(s.requests().is_empty());
}

#[tokio::test]
async fn query_styles_follow_the_table() {
    let (s, c) = setup().await;
    let target = |r: Captured| r.target().to_string();
    // form, explode true (the default)
    assert_eq!(
        target(sent(&s, c.query_form(empty())).await),
        "/query/form?color="
    );
    assert_eq!(
        target(sent(&s, c.query_form(string())).await),
        "/query/form?color=blue"
    );
    assert_eq!(
        target(sent(&s, c.query_form(array())).await),
        "/query/form?color=blue&color=black&color=brown"
    );
    assert_eq!(
        target(sent(&s, c.query_form(object())).await),
        "/query/form?B=150&G=200&R=100"
    );
    // form, explode false
    assert_eq!(
        target(sent(&s, c.query_form_no_explode(empty())).await),
        "/query/form-no-explode?color="
    );
    assert_eq!(
        target(sent(&s, c.query_form_no_explode(string())).await),
        "/query/form-no-explode?color=blue"
    );
    assert_eq!(
        target(sent(&s, c.query_form_no_explode(array())).await),
        "/query/form-no-explode?color=blue,black,brown"
    );
    assert_eq!(
        target(sent(&s, c.query_form_no_explode(object())).await),
        "/query/form-no-explode?color=B,150,G,200,R,100"
    );
    // spaceDelimited, pipeDelimited, deepObject
    assert_eq!(
        target(sent(&s, c.query_space_delimited(array())).await),
        "/query/space?color=blue%20black%20brown"
    );
    assert_eq!(
        target(sent(&s, c.query_space_delimited(object())).await),
        "/query/space?color=B%20150%20G%20200%20R%20100"
    );
    assert_eq!(
        target(sent(&s, c.query_pipe_delimited(array())).await),
        "/query/pipe?color=blue|black|brown"
    );
    assert_eq!(
        target(sent(&s, c.query_pipe_delimited(object())).await),
        "/query/pipe?color=B|150|G|200|R|100"
    );
    assert_eq!(
        target(sent(&s, c.query_deep_object(object())).await),
        "/query/deep?color[B]=150&color[G]=200&color[R]=100"
    );
    // Values are percent-encoded (RFC 3986: a space is %20), delimiters are not.
    let odd: models::Color = serde_json::from_value(json!(["a b", "c|d&e"])).unwrap();
    assert_eq!(
        target(sent(&s, c.query_pipe_delimited(odd)).await),
        "/query/pipe?color=a%20b|c%7Cd%26e"
    );
}

#[tokio::test]
async fn header_and_cookie_styles_follow_the_table() {
    let (s, c) = setup().await;
    let header = |r: Captured| r.header("color").map(str::to_string);
    assert_eq!(
        header(sent(&s, c.header_simple(string())).await).as_deref(),
        Some("blue")
    );
    assert_eq!(
        header(sent(&s, c.header_simple(array())).await).as_deref(),
        Some("blue,black,brown")
    );
    assert_eq!(
        header(sent(&s, c.header_simple(object())).await).as_deref(),
        Some("B,150,G,200,R,100")
    );
    assert_eq!(
        header(sent(&s, c.header_simple_explode(array())).await).as_deref(),
        Some("blue,black,brown")
    );
    assert_eq!(
        header(sent(&s, c.header_simple_explode(object())).await).as_deref(),
        Some("B=150,G=200,R=100")
    );

    let cookie = |r: Captured| {
        assert_eq!(r.header_values("cookie").len(), 1, "one Cookie header");
        r.header("cookie").map(str::to_string)
    };
    assert_eq!(
        cookie(sent(&s, c.cookie_form(string())).await).as_deref(),
        Some("color=blue")
    );
    assert_eq!(
        cookie(sent(&s, c.cookie_form(array())).await).as_deref(),
        Some("color=blue&color=black&color=brown")
    );
    assert_eq!(
        cookie(sent(&s, c.cookie_form(object())).await).as_deref(),
        Some("B=150&G=200&R=100")
    );
    assert_eq!(
        cookie(sent(&s, c.cookie_form_no_explode(array())).await).as_deref(),
        Some("color=blue,black,brown")
    );
    assert_eq!(
        cookie(sent(&s, c.cookie_form_no_explode(object())).await).as_deref(),
        Some("color=B,150,G,200,R,100")
    );
}

/// The reported faults: a query parameter whose schema is a `$ref` to an array went out as
/// JSON text (`ids=%5B%22a%22…`), and a path parameter that is a union of scalars as JSON
/// with quotes.
#[tokio::test]
async fn lists_unions_enums_dates_and_json_parameters() {
    let (s, c) = setup().await;
    let since: chrono::DateTime<chrono::Utc> = "2026-01-02T03:04:05Z".parse().unwrap();
    let filter: models::Filter = serde_json::from_value(json!({"name": "n", "min": 1})).unwrap();
    let r = sent(
        &s,
        c.list_items()
            .ids(vec!["a".to_string(), "b".to_string()])
            .tags(vec!["x y".to_string()])
            .sort(models::SortOrder::Descending)
            .since(since)
            .next("a/b?c=d")
            .filter(filter),
    )
    .await;
    assert_eq!(
        r.request_line,
        "GET /items?ids=a&ids=b&tags=x%20y&sort=DESCENDING&since=2026-01-02T03%3A04%3A05Z\
         &next=a/b?c=d&filter=%7B%22min%22%3A1%2C%22name%22%3A%22n%22%7D HTTP/1.1"
    );

    let id: models::ThingId = serde_json::from_value(json!(7)).unwrap();
    let r = sent(&s, c.get_thing(id).x_trace(vec![1, 2]).session("a b;c")).await;
    assert_eq!(r.request_line, "GET /things/7 HTTP/1.1");
    assert_eq!(r.header("x-trace"), Some("1,2"));
    assert_eq!(r.header("cookie"), Some("session=a%20b%3Bc"));
    let name: models::ThingId = serde_json::from_value(json!("big one")).unwrap();
    let r = sent(&s, c.get_thing(name)).await;
    assert_eq!(r.request_line, "GET /things/big%20one HTTP/1.1");
    assert_eq!(r.header("cookie"), None);
}

#[test]
fn the_generator_warns_about_nothing() {
    let generated = atlas_tests::generate("tests/fixtures/parameter_styles.yaml").unwrap();
    assert_eq!(generated.diagnostics, Vec::new());
}

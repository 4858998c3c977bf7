//! Typed mock servers for testing code that calls a generated client (feature `mock`).
//!
//! A generated crate's `mock` module (its `mock` feature) wraps [`MockServer`] with one method
//! per operation that takes the path parameters and returns an [`Expectation`] typed by the
//! operation's request body and answer: match query or header parameters and (optionally) the
//! body, say how often the call must come, then answer with the documented success type
//! ([`Expectation::respond`]) or an Atlas error ([`Expectation::respond_error`]). Expectations
//! of the same call answer in the order they were mounted, each up to its count, so a
//! sequence ("409, then created") is scripted by mounting one after another
//! ([`Expectation::times`]).
//! [`MockServer::verify`] panics, naming each expectation, when one was not met; dropping the
//! server checks the same. The report lists the requests the server received with the values
//! of credentials — headers (`Authorization`, `Cookie`, API keys), query parameters and JSON
//! or form properties whose names say key, token, secret, password, auth, session, signature,
//! credential or assertion — replaced by `<redacted>`, so a test run with real credentials
//! does not print them (multipart bodies are not shown).
//!
//! A request no expectation matches gets a `404` with an Atlas error document whose
//! `errorCode` is [`NO_MATCH`], which the client reports as [`crate::Error::Api`]; it does not
//! fail [`MockServer::verify`] by itself, and the report lists it among the requests received.
//! Such a request is answered by the server itself, so `wiremock` does not log it (its log
//! would show every header, credentials included).

use std::fmt::Write as _;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::Method;
use serde::Serialize;
use wiremock::matchers;

use crate::error::AtlasErrorBody;
use crate::style::{write, Escape, Shape};
use crate::{ClientBuilder, Transport};

/// A local HTTP server answering only what a test expects (a [`wiremock::MockServer`]).
#[derive(Debug)]
pub struct MockServer {
    server: wiremock::MockServer,
    /// Every expectation mounted so far, checked by [`MockServer::verify`] and on drop.
    mounted: Mutex<Vec<Mounted>>,
}

/// A mounted expectation: what it is called in reports, how often it must be called, and
/// how often it was (counted by its last matcher, [`Count`]).
#[derive(Debug)]
struct Mounted {
    name: String,
    times: Times,
    calls: Arc<AtomicU64>,
}

/// The last matcher of an expectation: reached only when every other matcher matched (wiremock
/// stops at the first that does not), it counts the call and matches.
#[derive(Debug)]
struct Count(Arc<AtomicU64>);

impl wiremock::Match for Count {
    fn matches(&self, _: &wiremock::Request) -> bool {
        self.0.fetch_add(1, Ordering::Relaxed);
        true
    }
}

/// The `errorCode` of the `404` answering a request no expectation matches.
pub const NO_MATCH: &str = "MOCK_NO_MATCH";
/// The `errorCode` of the `404` answering a call of an expectation that must never come
/// (`.times(0)`).
pub const UNEXPECTED_CALL: &str = "MOCK_UNEXPECTED_CALL";

/// Priorities of the mocks mounted for expectations (wiremock tries lower numbers first, and
/// mounts of the same priority in mount order): an expectation answers up to its count at
/// wiremock's default priority (5); calls beyond every count go to the mocks counting them,
/// the expectation mounted last first (254 for the first expectation, one less for each
/// next, down to 6); a request nothing matches, to the server's own `404` (255).
const BEYOND_COUNT_FIRST: u8 = 254;
const BEYOND_COUNT_LAST: u8 = 6;
const NO_MATCH_PRIORITY: u8 = u8::MAX;

/// Answers a request no expectation matches: `404` and an Atlas error document naming the
/// method and path (not the query or headers, which may carry credentials).
struct NoMatch;

impl wiremock::Respond for NoMatch {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let detail = format!(
            "no expectation of the mock server matches {} {}",
            request.method,
            request.url.path()
        );
        error_template(404, atlas_error(NO_MATCH, detail))
    }
}

/// `status` with an Atlas error document (`error` defaults to the status), as JSON.
fn error_template(status: u16, mut error: AtlasErrorBody) -> wiremock::ResponseTemplate {
    error.error.get_or_insert(status);
    let bytes = serde_json::to_vec(&error).expect("an Atlas error document serializes");
    wiremock::ResponseTemplate::new(status).set_body_raw(bytes, "application/json")
}

impl MockServer {
    /// Starts a server on a free local port (`http://127.0.0.1:PORT`).
    pub async fn start() -> Self {
        let server = MockServer {
            server: wiremock::MockServer::start().await,
            mounted: Mutex::new(Vec::new()),
        };
        server.mount_no_match().await;
        server
    }

    /// The server's own answer to a request no expectation matches.
    async fn mount_no_match(&self) {
        wiremock::Mock::given(matchers::any())
            .respond_with(NoMatch)
            .with_priority(NO_MATCH_PRIORITY)
            .named("no expectation matches")
            .mount(&self.server)
            .await;
    }

    /// The server's base URL (`http://127.0.0.1:PORT`), for [`ClientBuilder::base_url`].
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client builder pointed at this server: its base URL, every operation sent there
    /// (also those whose spec names a server of their own, such as an upload host:
    /// [`ClientBuilder::all_servers_to_base_url`], so a mocked test never reaches the
    /// internet), plain HTTP allowed, no authentication, no retries (so a call is counted
    /// once). Set anything else on it before `build()`.
    pub fn client_builder<C: From<Transport>>(&self) -> ClientBuilder<C> {
        ClientBuilder::new()
            .base_url(self.uri())
            .all_servers_to_base_url(true)
            .allow_http(true)
            .no_auth()
            .retry(crate::RetryPolicy::none())
    }

    /// Panics unless every expectation mounted so far was met (the call came as many times as
    /// it said), naming those that were not and listing the requests received (credentials
    /// redacted). [`MockServer::try_verify`] returns the same report instead.
    pub async fn verify(&self) {
        if let Some(report) = self.unmet().await {
            panic!("{report}");
        }
    }

    /// `Err(report)` when an expectation mounted so far was not met (the text
    /// [`MockServer::verify`] panics with), else `Ok(())`. Dropping the server still checks
    /// the expectations and panics: call [`MockServer::reset`] after asserting on a report.
    pub async fn try_verify(&self) -> Result<(), String> {
        match self.unmet().await {
            Some(report) => Err(report),
            None => Ok(()),
        }
    }

    /// The report of the expectations not met, or `None` when all were.
    async fn unmet(&self) -> Option<String> {
        let mut failed = String::new();
        // The counts are read under the lock; nothing is awaited while it is held.
        for expectation in self
            .mounted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let calls = expectation.calls.load(Ordering::Relaxed);
            let met = match expectation.times {
                Times::Exactly(n) => calls == n,
                Times::AtLeast(n) => calls >= n,
            };
            if !met {
                let want = match expectation.times {
                    Times::Exactly(n) => format!("exactly {n}"),
                    Times::AtLeast(n) => format!("at least {n}"),
                };
                let _ = writeln!(
                    failed,
                    "- {}: expected {want} call(s), got {calls}",
                    expectation.name
                );
            }
        }
        if failed.is_empty() {
            return None;
        }
        let received = self.server.received_requests().await.unwrap_or_default();
        let mut report = format!("mock expectations not met:\n{failed}\n");
        if received.is_empty() {
            report.push_str("The server received no request.\n");
        } else {
            report.push_str("Requests received (credentials redacted):\n");
            for (i, request) in received.iter().enumerate() {
                let _ = write!(report, "{}. ", i + 1);
                describe(request, &mut report);
            }
        }
        Some(report)
    }

    /// The requests the server received, in order (`None` if recording is off; it is on).
    pub async fn received_requests(&self) -> Option<Vec<wiremock::Request>> {
        self.server.received_requests().await
    }

    /// Removes every expectation and forgets the requests received, as
    /// [`wiremock::MockServer::reset`] does; use this one, so that [`MockServer::verify`]
    /// forgets the expectations too.
    pub async fn reset(&self) {
        self.mounted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.server.reset().await;
        self.mount_no_match().await;
    }

    /// The underlying [`wiremock::MockServer`], for matchers this module does not offer. Its
    /// own `verify` and `reset` do not see this server's expectations: use
    /// [`MockServer::verify`] and [`MockServer::reset`].
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// An expectation of one call of `operation_id` (the client's method `call`, which reports
    /// name first): `method` on `path` (already percent-encoded, as the client sends it:
    /// [`crate::path::segment`]), answered with `success` (the documented success status) and
    /// `content_type` (the operation's `Accept`). Generated code calls this; `B` and `A` type
    /// the request body and the answer.
    pub fn expect<B: Codec, A: Codec>(
        &self,
        call: &'static str,
        operation_id: &'static str,
        method: Method,
        path: String,
        success: u16,
        content_type: &'static str,
    ) -> Expectation<'_, B, A> {
        Expectation {
            server: self,
            call,
            operation_id,
            matchers: vec![
                Arc::new(matchers::method(method.as_str())),
                Arc::new(matchers::path(path.clone())),
            ],
            path,
            method,
            times: Times::Exactly(1),
            success,
            content_type,
            types: PhantomData,
        }
    }
}

/// How a body is written on the wire: [`Json`], [`Text`], [`Binary`] or [`NoBody`].
pub trait Codec {
    /// The Rust value of the body.
    type Value;
    /// The bytes sent for `value`.
    ///
    /// # Panics
    /// When a JSON value cannot be serialized (a map with non-string keys): a bug in the
    /// test, reported where it is set up.
    fn encode(value: &Self::Value) -> Bytes;
    /// The status and media type an answer `value` is sent with, when the value says so
    /// itself ([`Several`]: which of several documented 2xx answers it is); `None` for the
    /// operation's documented success status and media type.
    fn status_and_media_type(value: &Self::Value) -> Option<(u16, &'static str)> {
        let _ = value;
        None
    }
    /// Whether the bytes are JSON (matched as JSON values, not text).
    const JSON: bool;
}

/// One of the documented 2xx answers of an operation that documents several with different
/// bodies: the generated `{Builder}Success` enum the client returns for it, whose variant says
/// the status, media type and body the mock answers with (`Accepted(job)`: `202` and the job
/// as JSON; `NoContent`: `204` without a body; `Undocumented { status, body }`: that status and
/// those bytes).
pub trait Answer {
    /// The status, the media type (unused without a body) and the body (empty for a variant
    /// without one).
    fn answer(&self) -> (u16, &'static str, Bytes);
}

/// The answer codec of an operation with several documented 2xx answers: the value is the
/// generated `{Builder}Success` enum ([`Answer`]).
#[derive(Debug)]
pub struct Several<T>(PhantomData<T>);

impl<T: Answer> Codec for Several<T> {
    type Value = T;
    fn encode(value: &T) -> Bytes {
        value.answer().2
    }
    fn status_and_media_type(value: &T) -> Option<(u16, &'static str)> {
        let (status, media_type, _) = value.answer();
        Some((status, media_type))
    }
    const JSON: bool = false;
}

/// A JSON body of type `T` (`application/json` or a `+json` media type).
#[derive(Debug)]
pub struct Json<T>(PhantomData<T>);

impl<T: Serialize> Codec for Json<T> {
    type Value = T;
    fn encode(value: &T) -> Bytes {
        Bytes::from(serde_json::to_vec(value).expect("a mock body serializes to JSON"))
    }
    const JSON: bool = true;
}

/// A text body (`text/*`, Atlas's `+csv`), as it is.
#[derive(Debug)]
pub struct Text;

impl Codec for Text {
    type Value = String;
    fn encode(value: &String) -> Bytes {
        Bytes::from(value.clone())
    }
    const JSON: bool = false;
}

/// A binary body, as it is.
#[derive(Debug)]
pub struct Binary;

impl Codec for Binary {
    type Value = Bytes;
    fn encode(value: &Bytes) -> Bytes {
        value.clone()
    }
    const JSON: bool = false;
}

/// An `application/x-www-form-urlencoded` request body of type `T`, matched byte for byte as
/// the client writes it ([`crate::request::RequestBody::form`]).
#[derive(Debug)]
pub struct Form<T>(PhantomData<T>);

impl<T: Serialize> Codec for Form<T> {
    type Value = T;
    fn encode(value: &T) -> Bytes {
        crate::request::RequestBody::form("application/x-www-form-urlencoded", value)
            .expect("a mock form body encodes")
            .bytes
    }
    const JSON: bool = false;
}

/// A `multipart/form-data` request body: its parts are separated by a boundary chosen per
/// request, so it cannot be matched as bytes; [`Expectation::body`] cannot be called for it
/// (its value type has no values). Match such a call by path, query and headers.
#[derive(Debug)]
pub struct Multipart;

impl Codec for Multipart {
    type Value = std::convert::Infallible;
    fn encode(value: &std::convert::Infallible) -> Bytes {
        match *value {}
    }
    const JSON: bool = false;
}

/// No body (an operation without a request body, or an answer without content).
#[derive(Debug)]
pub struct NoBody;

impl Codec for NoBody {
    type Value = ();
    fn encode(_: &()) -> Bytes {
        Bytes::new()
    }
    const JSON: bool = false;
}

/// How many times an expected call must come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Times {
    Exactly(u64),
    AtLeast(u64),
}

/// One expected call (see [`MockServer::expect`]): by default it must come exactly once.
/// Nothing is mounted until it is answered ([`Expectation::respond`],
/// [`Expectation::respond_error`], [`Expectation::respond_status`]).
#[must_use = "an expectation does nothing until it is answered (`respond(…).await`)"]
pub struct Expectation<'a, B, A> {
    server: &'a MockServer,
    call: &'static str,
    operation_id: &'static str,
    /// What a call must match (method, path, then what the test added); shared by the mocks
    /// [`Expectation::mount`] mounts for it.
    matchers: Vec<Arc<dyn wiremock::Match>>,
    method: Method,
    path: String,
    times: Times,
    success: u16,
    content_type: &'static str,
    types: PhantomData<fn(B) -> A>,
}

impl<B, A> std::fmt::Debug for Expectation<'_, B, A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expectation")
            .field("call", &self.call)
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

impl<B: Codec, A: Codec> Expectation<'_, B, A> {
    /// Matches only calls whose query has `name` with this value, written as the client writes
    /// it in OpenAPI's default query style (`form`, `explode: true`): every item of a list,
    /// every property of an object, nothing for `None`.
    ///
    /// # Panics
    /// When `value` has no query form (a list of lists): no client call could match it.
    pub fn query(mut self, name: &'static str, value: &(impl Serialize + ?Sized)) -> Self {
        let pairs: Vec<(String, String)> = match shape(name, value) {
            Shape::Absent => Vec::new(),
            Shape::Primitive(text) => vec![(name.to_owned(), text)],
            Shape::Array(items) => items.into_iter().map(|t| (name.to_owned(), t)).collect(),
            Shape::Object(properties) => properties,
        };
        for (name, text) in pairs {
            self.matchers
                .push(Arc::new(matchers::query_param(name, text)));
        }
        self
    }

    /// Matches only calls without query parameter `name`.
    pub fn no_query(mut self, name: &'static str) -> Self {
        self.matchers
            .push(Arc::new(matchers::query_param_is_missing(name)));
        self
    }

    /// Matches only calls with header `name` set to this value, written in OpenAPI's style for
    /// headers (`simple`, `explode: false`: a list as `a,b,c`, an object as `k,v,k,v`).
    ///
    /// # Panics
    /// When `value` has no header form (a list of lists): no client call could match it.
    pub fn header(mut self, name: &'static str, value: &(impl Serialize + ?Sized)) -> Self {
        // Written by the client's own writer (`Request::header`): values as they are.
        let style = crate::Style::Simple { explode: false };
        let Some(text) = write(&shape(name, value), name, style, Escape::None) else {
            return self;
        };
        self.matchers.push(Arc::new(HeaderIs(name, text)));
        self
    }

    /// Matches only calls whose body is this value: equal as JSON (key order and number
    /// spelling aside) for a JSON body, byte for byte otherwise.
    pub fn body(mut self, body: impl Into<B::Value>) -> Self {
        // As the client writes it: read-only properties left out, union variants named.
        let body = body.into();
        let bytes = crate::fields::in_request_body(|| B::encode(&body));
        if B::JSON {
            let value: serde_json::Value =
                serde_json::from_slice(&bytes).expect("an encoded JSON body is JSON");
            self.matchers.push(Arc::new(matchers::body_json(value)));
        } else {
            self.matchers
                .push(Arc::new(matchers::body_bytes(bytes.to_vec())));
        }
        self
    }

    /// The call must come exactly `n` times. The expectation answers the first `n` calls it
    /// matches; a later matching call goes to the next expectation mounted for it, so answers
    /// can be scripted in order (`.times(1).respond_error(409, …)`, then `.respond(…)`: a
    /// `409`, then the success; `.times(2).respond(creating)`, then
    /// `.at_least(1).respond(idle)`: a state that changes after two polls). A call beyond
    /// every count is answered by the expectation mounted last among those it matches (the
    /// script's last answer repeats) and counted there, so [`MockServer::verify`] reports it
    /// called too often. With `0` (never), a matching call is answered `404` with the Atlas
    /// error code [`UNEXPECTED_CALL`], and counted.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Times::Exactly(n);
        self
    }

    /// The call must come at least `n` times; the expectation answers every call it matches,
    /// so nothing mounted after it for the same calls is reached.
    pub fn at_least(mut self, n: u64) -> Self {
        self.times = Times::AtLeast(n);
        self
    }

    /// Answers matching calls with the operation's documented success status and this body
    /// (`Content-Type` is the operation's media type), and mounts the expectation. For an
    /// operation with several documented 2xx answers, the value is the client's
    /// `{Builder}Success` enum and its variant gives the status, media type and body
    /// ([`Several`]).
    pub async fn respond(self, answer: impl Into<A::Value>) {
        let answer = answer.into();
        let (status, content_type) =
            A::status_and_media_type(&answer).unwrap_or((self.success, self.content_type));
        let bytes = crate::fields::as_server_answer(|| A::encode(&answer));
        let template = if bytes.is_empty() {
            wiremock::ResponseTemplate::new(status)
        } else {
            wiremock::ResponseTemplate::new(status).set_body_raw(bytes.to_vec(), content_type)
        };
        self.mount(status, template).await;
    }

    /// Answers matching calls with `status` and an Atlas error document (`error` defaults to
    /// the status), as `application/json`, and mounts the expectation. The client returns it
    /// as [`crate::Error::Api`] (or [`crate::Error::Auth`] for a `401`).
    pub async fn respond_error(self, status: u16, error: AtlasErrorBody) {
        self.mount(status, error_template(status, error)).await;
    }

    /// Answers matching calls with `status` and no body, and mounts the expectation.
    pub async fn respond_status(self, status: u16) {
        self.mount(status, wiremock::ResponseTemplate::new(status))
            .await;
    }

    /// Mounts the expectation: one mock answering up to its count (`times(n)`; no limit for
    /// `at_least`), and for `times(n)` a second one answering the matching calls beyond `n`
    /// that no other expectation takes (see the priorities above; for `times(0)`, with an
    /// [`UNEXPECTED_CALL`] error). Both count into the same counter, which
    /// [`MockServer::verify`] checks.
    async fn mount(self, status: u16, template: wiremock::ResponseTemplate) {
        // Named in reports by the mock method, its place among the expectations and its
        // answer, so expectations of one route can be told apart.
        let number = self
            .server
            .mounted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
            + 1;
        let role = match self.times {
            Times::Exactly(0) => "expected never".to_string(),
            _ => format!("answering {status}"),
        };
        let name = format!(
            "{} (expectation {number}, {role}): {} ({} {})",
            self.call, self.operation_id, self.method, self.path
        );
        // Counted here and checked by `MockServer::verify`, not by wiremock's own check (whose
        // report prints every header of every request received).
        let calls = Arc::new(AtomicU64::new(0));
        // `expect` starts every expectation with its method and path matchers.
        let (first, rest) = self
            .matchers
            .split_first()
            .expect("an expectation matches its method and path");
        let mock = |template: wiremock::ResponseTemplate| {
            let mut builder = wiremock::Mock::given(Shared(first.clone()));
            for matcher in rest {
                builder = builder.and(Shared(matcher.clone()));
            }
            builder
                .and(Count(calls.clone()))
                .respond_with(template)
                .named(name.clone())
        };
        let (limited, beyond) = match self.times {
            Times::Exactly(0) => {
                let detail = format!("{name} is expected never (`.times(0)`)");
                let error = error_template(404, atlas_error(UNEXPECTED_CALL, detail));
                (None, Some(mock(error)))
            }
            Times::Exactly(n) => (
                Some(mock(template.clone()).up_to_n_times(n)),
                Some(mock(template)),
            ),
            Times::AtLeast(_) => (Some(mock(template)), None),
        };
        let beyond_count = {
            let mut list = self
                .server
                .mounted
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            let priority = u8::try_from(list.len())
                .map_or(BEYOND_COUNT_LAST, |k| BEYOND_COUNT_FIRST.saturating_sub(k))
                .max(BEYOND_COUNT_LAST);
            list.push(Mounted {
                name,
                times: self.times,
                calls,
            });
            priority
        };
        if let Some(limited) = limited {
            limited.mount(&self.server.server).await;
        }
        if let Some(beyond) = beyond {
            beyond
                .with_priority(beyond_count)
                .mount(&self.server.server)
                .await;
        }
    }
}

/// One of an expectation's matchers, shared by the mocks mounted for it.
struct Shared(Arc<dyn wiremock::Match>);

impl wiremock::Match for Shared {
    fn matches(&self, request: &wiremock::Request) -> bool {
        self.0.matches(request)
    }
}

impl Drop for MockServer {
    /// Checks the expectations as [`MockServer::verify`] does, unless the thread is already
    /// panicking (a failed assertion or `verify` itself).
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if let Some(report) = futures_executor::block_on(self.unmet()) {
            panic!("{report}");
        }
    }
}

/// Whether a header, query parameter or body property carries a credential: its value is
/// not printed.
fn is_credential(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || [
        "key",
        "token",
        "secret",
        "password",
        "passwd",
        "auth",
        "session",
        "signature",
        "credential",
        "assertion",
    ]
    .iter()
    .any(|word| name.contains(word))
}

const REDACTED: &str = "<redacted>";

/// `url` with the values of credential query parameters redacted.
fn redacted_url(url: &url::Url) -> String {
    if !url.query_pairs().any(|(name, _)| is_credential(&name)) {
        return url.to_string();
    }
    let mut url = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| {
            let value = if is_credential(&name) {
                REDACTED.to_owned()
            } else {
                value.into_owned()
            };
            (name.into_owned(), value)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.to_string()
}

/// A JSON value with the values of credential properties redacted, at any depth.
fn redact_json(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (name, value) in map.iter_mut() {
                if is_credential(name) {
                    *value = serde_json::Value::String(REDACTED.to_owned());
                } else {
                    redact_json(value);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

/// A request body for a report: JSON and form bodies with credential properties redacted,
/// other text as it is; up to 2 KiB.
fn redacted_body(request: &wiremock::Request) -> String {
    let content_type = request
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let text = if let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&request.body) {
        redact_json(&mut json);
        json.to_string()
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        url::form_urlencoded::parse(&request.body)
            .map(|(name, value)| {
                let value = if is_credential(&name) {
                    std::borrow::Cow::Borrowed(REDACTED)
                } else {
                    value
                };
                url::form_urlencoded::Serializer::new(String::new())
                    .append_pair(&name, &value)
                    .finish()
            })
            .collect::<Vec<_>>()
            .join("&")
    } else if content_type.starts_with("multipart/") {
        return format!(
            "({} bytes of {content_type}, not shown)",
            request.body.len()
        );
    } else {
        String::from_utf8_lossy(&request.body).into_owned()
    };
    const LIMIT: usize = 2048;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}… ({} bytes in all)", &text[..cut], request.body.len()),
        None => text,
    }
}

/// One received request for a report: method, URL, headers and body, with the values of
/// credentials (headers, query parameters, JSON and form properties) redacted.
fn describe(request: &wiremock::Request, out: &mut String) {
    let _ = writeln!(out, "{} {}", request.method, redacted_url(&request.url));
    let mut names: Vec<&str> = request.headers.keys().map(|n| n.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let value = if is_credential(name) {
            REDACTED.to_owned()
        } else {
            request
                .headers
                .get_all(name)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect::<Vec<_>>()
                .join(",")
        };
        let _ = writeln!(out, "   {name}: {value}");
    }
    if !request.body.is_empty() {
        let _ = writeln!(out, "   {}", redacted_body(request));
    }
}

/// Matches a request with one header `.0` whose value is exactly `.1`. (wiremock's
/// `matchers::header` splits the request's value at commas and compares the pieces with the
/// whole expected value, so `1,2` would never match itself.)
#[derive(Debug)]
struct HeaderIs(&'static str, String);

impl wiremock::Match for HeaderIs {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let mut values = request.headers.get_all(self.0).iter();
        match (values.next(), values.next()) {
            (Some(value), None) => value.as_bytes() == self.1.as_bytes(),
            _ => false,
        }
    }
}

/// An Atlas error document with `errorCode` and `detail` (the rest empty), for
/// [`Expectation::respond_error`].
pub fn atlas_error(error_code: impl Into<String>, detail: impl Into<String>) -> AtlasErrorBody {
    AtlasErrorBody {
        error_code: Some(error_code.into()),
        detail: Some(detail.into()),
        ..AtlasErrorBody::default()
    }
}

/// The shape of an expected parameter value; a value no style can write is a mistake in the
/// test that sets the expectation.
fn shape(name: &str, value: &(impl Serialize + ?Sized)) -> Shape {
    Shape::of(value).unwrap_or_else(|e| panic!("mock expectation for parameter `{name}`: {}", e.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str, content_type: &str, body: &str) -> wiremock::Request {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::CONTENT_TYPE, content_type.parse().unwrap());
        headers.insert("x-api-key", "k-123".parse().unwrap());
        headers.insert(http::header::ACCEPT, "application/json".parse().unwrap());
        wiremock::Request {
            url: url.parse().unwrap(),
            method: http::Method::POST,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    fn described(request: &wiremock::Request) -> String {
        let mut out = String::new();
        describe(request, &mut out);
        out
    }

    /// A report never prints a credential: not in a header, a query parameter, a form body
    /// (an OAuth token request) or a JSON body at any depth; everything else is shown.
    #[test]
    fn reports_redact_credentials_wherever_they_are() {
        let form = described(&request(
            "http://127.0.0.1/oauth2/token?state=s1&access_token=q-secret",
            "application/x-www-form-urlencoded",
            "client_id=cid&client_secret=SUPERSECRET&grant_type=refresh_token&refresh_token=R-SECRET",
        ));
        assert_eq!(
            form,
            "POST http://127.0.0.1/oauth2/token?state=s1&access_token=%3Credacted%3E\n   \
             accept: application/json\n   \
             content-type: application/x-www-form-urlencoded\n   \
             x-api-key: <redacted>\n   \
             client_id=cid&client_secret=%3Credacted%3E&grant_type=refresh_token&refresh_token=%3Credacted%3E\n"
        );
        let json = described(&request(
            "http://127.0.0.1/users",
            "application/json",
            r#"{"name":"ann","password":"P-SECRET","roles":[{"apiKey":"K-SECRET","db":"admin"}]}"#,
        ));
        assert!(json.contains(r#"{"name":"ann","password":"<redacted>","roles":[{"apiKey":"<redacted>","db":"admin"}]}"#), "{json}");
        for secret in [
            "q-secret",
            "SUPERSECRET",
            "R-SECRET",
            "P-SECRET",
            "K-SECRET",
            "k-123",
        ] {
            assert!(!form.contains(secret) && !json.contains(secret), "{secret}");
        }
        let multipart = described(&request(
            "http://127.0.0.1/files",
            "multipart/form-data; boundary=b",
            "--b\r\ntoken\r\n--b--",
        ));
        assert!(
            multipart.contains("(17 bytes of multipart/form-data; boundary=b, not shown)"),
            "{multipart}"
        );
    }
}

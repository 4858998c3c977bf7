//! A local MongoDB Atlas Administration API simulator: a real HTTP/1.1 server on
//! `127.0.0.1` (ephemeral port) serving the five operations of
//! `spec/atlas-admin-fragment.yaml` the way Atlas does.
//!
//! - **Auth**: HTTP Digest exactly as Atlas challenges it (`realm="MMS Public API"`,
//!   MD5, `qop="auth"`), verified server-side with an independent MD5 computation,
//!   with nonce tracking, `nc` replay rejection and nonce expiry (`stale=true`), and
//!   optionally Apache's strict order of nonce counts
//!   ([`SimulatorBuilder::strict_nonce_count`]);
//!   OAuth2 client credentials for service accounts (`POST /api/oauth/token`,
//!   `POST /api/oauth/revoke`); static bearer tokens.
//! - **Versioning**: `Accept` and `Content-Type` must be exactly the operation's
//!   media type (`406 INVALID_VERSION_DATE` / `415 UNSUPPORTED_MEDIA_TYPE`).
//! - **Errors** as Atlas error documents: `400 VALIDATION_ERROR` (with
//!   `parameters` and `badRequestDetail`), `401`, `403` (forbidden groups), `404`
//!   (unknown group, instance or endpoint service), `409` (duplicates) and
//!   injected faults (`429` with `Retry-After`, `500`, any error, raw bodies, delays).
//! - `envelope=true` (always `200` with `{"status", "content"}`), `pretty=true`,
//!   `RateLimit-Limit` / `RateLimit-Remaining` headers, and an `X-Request-Id` unique to each
//!   API answer (`sim-` and a hexadecimal count).
//! - A [request log](LoggedRequest) with the raw path and query as received and
//!   the headers minus secrets, plus counters for round trips.
//!
//! ```no_run
//! # async fn demo() {
//! use atlas_tests::simulator::{Fault, Simulator};
//! let sim = Simulator::start().await; // default credentials and fixtures
//! sim.inject(2, Fault::TooManyRequests { retry_after: Some(0) });
//! // point a client at sim.url() ...
//! assert_eq!(sim.api_requests().len(), 0);
//! # }
//! ```
//!
//! The server stops when the [`Simulator`] is dropped.

mod digest;
mod oauth;
mod ops;
pub mod raw;
mod reply;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State as AxumState;
use axum::http::{request::Parts, HeaderMap, Method, Response};

pub use ops::Provider;

/// Group (project) registered by default.
pub const GROUP_ID: &str = "5f1a2b3c4d5e6f7a8b9c0d1e";
/// A second registered group, used for the default forbidden group.
pub const FORBIDDEN_GROUP_ID: &str = "6a6a6a6a6a6a6a6a6a6a6a6a";
/// A well-formed group id that is never registered by default (answers `404`).
pub const UNKNOWN_GROUP_ID: &str = "0123456789abcdef01234567";
/// Default programmatic API key (HTTP Digest username).
pub const PUBLIC_KEY: &str = "sim-public-key";
/// Default programmatic API key secret.
pub const PRIVATE_KEY: &str = "sim-private-key-5ecret";
/// Default service account client id.
pub const CLIENT_ID: &str = "mdb_sa_id_simulator";
/// Default service account client secret.
pub const CLIENT_SECRET: &str = "mdb_sa_sk_simulator-5ecret";
/// Default static bearer token.
pub const BEARER_TOKEN: &str = "sim-static-bearer-t0ken";
/// Serverless instance (AWS-backed) registered in [`GROUP_ID`] by default.
pub const AWS_INSTANCE: &str = "aws-instance";
/// Serverless instance (Azure-backed) registered in [`GROUP_ID`] by default.
pub const AZURE_INSTANCE: &str = "azure-instance";
/// AWS private endpoint service registered in [`GROUP_ID`] by default.
pub const AWS_ENDPOINT_SERVICE_ID: &str = "aaaaaaaaaaaaaaaaaaaaaa01";
/// Azure private endpoint service registered in [`GROUP_ID`] by default.
pub const AZURE_ENDPOINT_SERVICE_ID: &str = "aaaaaaaaaaaaaaaaaaaaaa02";
/// GCP private endpoint service registered in [`GROUP_ID`] by default.
pub const GCP_ENDPOINT_SERVICE_ID: &str = "aaaaaaaaaaaaaaaaaaaaaa03";
/// The Digest realm Atlas uses.
pub const REALM: &str = "MMS Public API";

const MAX_BODY: usize = 1024 * 1024;

/// A fault answered instead of the normal response, consumed one per
/// authenticated API request (OAuth endpoints and digest challenges never
/// consume faults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// `429 RATE_LIMITED`, with `Retry-After: <seconds>` when `Some`.
    TooManyRequests {
        /// `Retry-After` in seconds.
        retry_after: Option<u64>,
    },
    /// `500 UNEXPECTED_ERROR`.
    InternalError,
    /// Any Atlas error document.
    Error {
        /// HTTP status.
        status: u16,
        /// Atlas `errorCode`.
        error_code: String,
        /// Atlas `detail`.
        detail: String,
    },
    /// A raw answer, never enveloped (e.g. a success status with a body that is not JSON).
    Raw {
        /// HTTP status.
        status: u16,
        /// `Content-Type`.
        content_type: String,
        /// The body, verbatim.
        body: String,
    },
    /// Wait this long, then answer normally.
    Delay(Duration),
}

/// How a logged request authenticated (secrets never recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthSeen {
    /// No `Authorization` header.
    None,
    /// A Digest answer (the username and response hash are not recorded).
    Digest(DigestSeen),
    /// `Authorization: Bearer …`.
    Bearer,
    /// `Authorization: Basic …` (OAuth endpoints).
    Basic,
    /// Some other scheme, or an unparsable header.
    Other,
}

/// The non-secret fields of a Digest `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestSeen {
    /// `nonce`.
    pub nonce: String,
    /// `nc`, parsed from hex.
    pub nc: Option<u32>,
    /// `cnonce`.
    pub cnonce: String,
    /// `uri`.
    pub uri: String,
    /// `qop`.
    pub qop: String,
}

/// One request as the simulator received it.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    /// Arrival order (0-based).
    pub seq: u64,
    /// HTTP method.
    pub method: String,
    /// The path exactly as received (percent-encoding kept).
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// All headers; `Authorization` values are reduced to `"<scheme> <redacted>"`.
    pub headers: Vec<(String, String)>,
    /// The body (empty for the OAuth endpoints, whose bodies may hold tokens).
    pub body: Vec<u8>,
    /// How the request authenticated.
    pub auth: AuthSeen,
    /// The `operationId` the path matched, if any.
    pub operation: Option<&'static str>,
    /// When the request arrived, relative to the simulator's start.
    pub at: Duration,
    /// Status sent on the wire (`None` while the request is in flight).
    pub status: Option<u16>,
    /// Response headers sent (none recorded while in flight).
    pub response_headers: Vec<(String, String)>,
    /// Response body sent on the wire (empty for the OAuth endpoints).
    pub response_body: Vec<u8>,
}

impl LoggedRequest {
    /// First header value named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The raw path segments (empty segments kept, leading `/` dropped).
    pub fn segments(&self) -> Vec<&str> {
        self.path
            .strip_prefix('/')
            .unwrap_or(&self.path)
            .split('/')
            .collect()
    }

    /// The query, form-decoded.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect()
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// `true` for requests to `/api/oauth/*`.
    pub fn is_oauth(&self) -> bool {
        self.path.starts_with("/api/oauth/")
    }

    /// First response header named `name` (case-insensitive).
    pub fn response_header(&self, name: &str) -> Option<&str> {
        self.response_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The Digest answer of this request, when it carried one.
    pub fn digest(&self) -> Option<&DigestSeen> {
        match &self.auth {
            AuthSeen::Digest(d) => Some(d),
            _ => None,
        }
    }
}

/// Configures and starts a [`Simulator`]. [`Default`] registers the default
/// credentials ([`PUBLIC_KEY`]/[`PRIVATE_KEY`], [`CLIENT_ID`]/[`CLIENT_SECRET`],
/// [`BEARER_TOKEN`]), the groups [`GROUP_ID`] and [`FORBIDDEN_GROUP_ID`] (the
/// latter forbidden), the serverless instances [`AWS_INSTANCE`] and
/// [`AZURE_INSTANCE`] and one private endpoint service per provider.
#[derive(Debug, Clone)]
pub struct SimulatorBuilder {
    digest_keys: Vec<(String, String)>,
    service_accounts: Vec<(String, String)>,
    bearer_tokens: Vec<String>,
    groups: Vec<String>,
    forbidden_groups: Vec<String>,
    instances: Vec<(String, String, Provider)>,
    endpoint_services: Vec<(String, Provider, String)>,
    token_expires_in: u64,
    token_delay: Duration,
    rate_limit: u64,
    legacy_accepts_bearer: bool,
    nonce_lifetime: Option<Duration>,
    challenge_delay: Duration,
    strict_nonce_count: bool,
    new_backup_regions: Vec<String>,
    bind: SocketAddr,
}

impl Default for SimulatorBuilder {
    fn default() -> Self {
        SimulatorBuilder::empty()
            .digest_key(PUBLIC_KEY, PRIVATE_KEY)
            .service_account(CLIENT_ID, CLIENT_SECRET)
            .bearer_token(BEARER_TOKEN)
            .group(GROUP_ID)
            .forbidden_group(FORBIDDEN_GROUP_ID)
            .serverless_instance(GROUP_ID, AWS_INSTANCE, Provider::Aws)
            .serverless_instance(GROUP_ID, AZURE_INSTANCE, Provider::Azure)
            .endpoint_service(GROUP_ID, Provider::Aws, AWS_ENDPOINT_SERVICE_ID)
            .endpoint_service(GROUP_ID, Provider::Azure, AZURE_ENDPOINT_SERVICE_ID)
            .endpoint_service(GROUP_ID, Provider::Gcp, GCP_ENDPOINT_SERVICE_ID)
    }
}

impl SimulatorBuilder {
    /// No credentials, groups or resources at all.
    pub fn empty() -> Self {
        SimulatorBuilder {
            digest_keys: Vec::new(),
            service_accounts: Vec::new(),
            bearer_tokens: Vec::new(),
            groups: Vec::new(),
            forbidden_groups: Vec::new(),
            instances: Vec::new(),
            endpoint_services: Vec::new(),
            token_expires_in: 3600,
            token_delay: Duration::ZERO,
            rate_limit: 100,
            legacy_accepts_bearer: false,
            nonce_lifetime: None,
            challenge_delay: Duration::ZERO,
            strict_nonce_count: false,
            new_backup_regions: Vec::new(),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        }
    }

    /// Accept this programmatic API key (Digest username / password).
    pub fn digest_key(mut self, public_key: &str, private_key: &str) -> Self {
        self.digest_keys
            .push((public_key.into(), private_key.into()));
        self
    }

    /// Accept this service account at the token endpoint.
    pub fn service_account(mut self, client_id: &str, client_secret: &str) -> Self {
        self.service_accounts
            .push((client_id.into(), client_secret.into()));
        self
    }

    /// Accept this static bearer token.
    pub fn bearer_token(mut self, token: &str) -> Self {
        self.bearer_tokens.push(token.into());
        self
    }

    /// Register a group (project).
    pub fn group(mut self, group_id: &str) -> Self {
        self.groups.push(group_id.into());
        self
    }

    /// Register a group whose every call answers `403`.
    pub fn forbidden_group(mut self, group_id: &str) -> Self {
        self.groups.push(group_id.into());
        self.forbidden_groups.push(group_id.into());
        self
    }

    /// Register an existing serverless instance.
    pub fn serverless_instance(mut self, group_id: &str, name: &str, backing: Provider) -> Self {
        self.instances.push((group_id.into(), name.into(), backing));
        self
    }

    /// Register an existing private endpoint service.
    pub fn endpoint_service(mut self, group_id: &str, provider: Provider, id: &str) -> Self {
        self.endpoint_services
            .push((group_id.into(), provider, id.into()));
        self
    }

    /// `expires_in` of issued access tokens, in seconds (default 3600). Tokens
    /// really expire server-side after that time.
    pub fn token_expires_in(mut self, seconds: u64) -> Self {
        self.token_expires_in = seconds;
        self
    }

    /// Delay every token response by this long (default none).
    pub fn token_delay(mut self, d: Duration) -> Self {
        self.token_delay = d;
        self
    }

    /// `RateLimit-Limit` (default 100 per 60 s window).
    pub fn rate_limit(mut self, limit: u64) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Let the legacy v1.0 operation accept bearer tokens too. By default it
    /// accepts Digest only, as the spec's `security` says.
    pub fn legacy_accepts_bearer(mut self, yes: bool) -> Self {
        self.legacy_accepts_bearer = yes;
        self
    }

    /// Nonces expire this long after being issued (default: never, unless
    /// [`Simulator::expire_nonces`] is called).
    pub fn nonce_lifetime(mut self, d: Duration) -> Self {
        self.nonce_lifetime = Some(d);
        self
    }

    /// Delay every `401` API answer by this long (default none), e.g. so that
    /// parallel first calls all arrive before the first challenge is answered.
    pub fn challenge_delay(mut self, d: Duration) -> Self {
        self.challenge_delay = d;
        self
    }

    /// Accept `region` as the `regionName` of an object storage private endpoint besides the
    /// spec's regions: a region Atlas added after the client was generated.
    pub fn new_backup_region(mut self, region: &str) -> Self {
        self.new_backup_regions.push(region.into());
        self
    }

    /// Refuse a Digest answer whose nonce count is not higher than the highest one already
    /// accepted for its nonce, with `401` and a new challenge marked `stale=true`, as Apache's
    /// `mod_auth_digest` does with `AuthDigestNcCheck On`. Concurrent requests that share a
    /// nonce can then be refused when they arrive out of order. By default (like Atlas) any
    /// nonce count not used before is accepted, in any order.
    pub fn strict_nonce_count(mut self, yes: bool) -> Self {
        self.strict_nonce_count = yes;
        self
    }

    /// Listen on this address instead of `127.0.0.1` with a port the system picks
    /// (`127.0.0.1:0`).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.bind = addr;
        self
    }

    /// Bind (`127.0.0.1:0` unless [`bind`](Self::bind) says otherwise) and serve. Must be
    /// called inside a Tokio runtime. Panics when the address cannot be bound.
    pub async fn start(self) -> Simulator {
        let listener = tokio::net::TcpListener::bind(self.bind)
            .await
            .unwrap_or_else(|e| panic!("bind {}: {e}", self.bind));
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared::new(self));
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(shared.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Simulator {
            shared,
            addr,
            url: format!("http://{addr}"),
            shutdown: Some(tx),
            task,
        }
    }
}

/// A running simulator. Dropping it stops the server.
pub struct Simulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    url: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator").field("url", &self.url).finish()
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task.abort();
    }
}

impl Simulator {
    /// Start with the [default](SimulatorBuilder::default) configuration.
    pub async fn start() -> Simulator {
        SimulatorBuilder::default().start().await
    }

    /// A builder with the default configuration.
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder::default()
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A `http://127.0.0.1:<port>` URL on which nothing listens (a port bound
    /// and released again).
    pub fn closed_port_url() -> String {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = l.local_addr().expect("local addr");
        drop(l);
        format!("http://{addr}")
    }

    fn state(&self) -> MutexGuard<'_, SimState> {
        self.shared.lock()
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state().log.clone()
    }

    /// Requests to the Atlas API (everything but `/api/oauth/*`).
    pub fn api_requests(&self) -> Vec<LoggedRequest> {
        self.state()
            .log
            .iter()
            .filter(|r| !r.is_oauth())
            .cloned()
            .collect()
    }

    /// Number of requests received (all endpoints).
    pub fn request_count(&self) -> usize {
        self.state().log.len()
    }

    /// Number of API requests (not `/api/oauth/*`).
    pub fn api_request_count(&self) -> usize {
        self.state().log.iter().filter(|r| !r.is_oauth()).count()
    }

    /// Number of `401` answers on the API (each carries a Digest challenge).
    pub fn unauthorized_count(&self) -> usize {
        self.state().counters.unauthorized
    }

    /// Number of correct Digest answers refused as stale (`401` with `stale=true`): their nonce
    /// had expired, or (with [`SimulatorBuilder::strict_nonce_count`]) their nonce count was
    /// not higher than one already accepted.
    pub fn stale_count(&self) -> usize {
        self.state().counters.stale
    }

    /// Number of requests to `POST /api/oauth/token` (successful or not).
    pub fn token_request_count(&self) -> usize {
        self.state().counters.token_requests
    }

    /// Number of access tokens issued.
    pub fn tokens_issued(&self) -> usize {
        self.state().counters.tokens_issued
    }

    /// Number of requests to `POST /api/oauth/revoke`.
    pub fn revoke_count(&self) -> usize {
        self.state().counters.revocations
    }

    /// Number of access tokens revoked through the revocation endpoint.
    pub fn revoked_tokens(&self) -> usize {
        self.state().tokens.values().filter(|t| t.revoked).count()
    }

    /// Forget the request log (counters are kept).
    pub fn clear_log(&self) {
        self.state().log.clear();
    }

    /// Answer the next `n` authenticated API requests with `fault`.
    pub fn inject(&self, n: usize, fault: Fault) {
        let mut s = self.state();
        for _ in 0..n {
            s.faults.push_back(fault.clone());
        }
    }

    /// Answer the next `n` requests to `POST /api/oauth/token` with `fault`
    /// (`TooManyRequests`, `InternalError` and `Error` answer OAuth-style
    /// `{"error", "error_description"}` bodies).
    pub fn inject_token(&self, n: usize, fault: Fault) {
        let mut s = self.state();
        for _ in 0..n {
            s.token_faults.push_back(fault.clone());
        }
    }

    /// Faults not yet consumed (API and token endpoint).
    pub fn pending_faults(&self) -> usize {
        let s = self.state();
        s.faults.len() + s.token_faults.len()
    }

    /// Expire every nonce issued so far: a correct answer using one gets
    /// `401` with a new challenge and `stale=true`.
    pub fn expire_nonces(&self) {
        for n in self.state().nonces.values_mut() {
            n.expired = true;
        }
    }

    /// Number of nonces issued.
    pub fn nonces_issued(&self) -> usize {
        self.state().nonces.len()
    }

    /// Invalidate every access token issued so far (as if the server lost them).
    pub fn invalidate_tokens(&self) {
        for t in self.state().tokens.values_mut() {
            t.invalidated = true;
        }
    }

    /// Register a group at run time.
    pub fn add_group(&self, group_id: &str) {
        self.state().groups.insert(group_id.into());
    }

    /// Names of the serverless instances of a group.
    pub fn serverless_instances(&self, group_id: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .state()
            .instances
            .keys()
            .filter(|(g, _)| g == group_id)
            .map(|(_, n)| n.clone())
            .collect();
        v.sort();
        v
    }

    /// Number of resources created so far (instances and endpoints of every kind).
    pub fn created_resources(&self) -> usize {
        self.state().counters.created
    }
}

#[derive(Debug, Default)]
struct Counters {
    unauthorized: usize,
    stale: usize,
    token_requests: usize,
    tokens_issued: usize,
    revocations: usize,
    created: usize,
}

#[derive(Debug)]
struct TokenState {
    client_id: String,
    expires_at: Instant,
    revoked: bool,
    invalidated: bool,
}

#[derive(Debug)]
struct NonceState {
    issued: Instant,
    expired: bool,
    /// Nonce counts accepted so far.
    used: HashSet<u32>,
    /// The highest nonce count accepted so far (0: none).
    highest: u32,
}

#[derive(Debug)]
struct SimState {
    seq: u64,
    log: Vec<LoggedRequest>,
    counters: Counters,
    nonces: HashMap<String, NonceState>,
    tokens: HashMap<String, TokenState>,
    faults: VecDeque<Fault>,
    token_faults: VecDeque<Fault>,
    groups: HashSet<String>,
    forbidden: HashSet<String>,
    /// (group, name) → backing provider.
    instances: HashMap<(String, String), Provider>,
    /// (group, id) → provider.
    endpoint_services: HashMap<(String, String), Provider>,
    /// (group, provider, service id, endpoint key).
    private_endpoints: HashSet<(String, Provider, String, String)>,
    /// (group, region).
    backup_endpoints: HashSet<(String, String)>,
    /// Backup regions accepted besides the spec's.
    new_backup_regions: Vec<String>,
    rate_window: (Instant, u64),
    next_id: u64,
    /// API answers sent so far (the `X-Request-Id` of the next one).
    answers: u64,
}

struct Config {
    digest_keys: HashMap<String, String>,
    service_accounts: HashMap<String, String>,
    bearer_tokens: HashSet<String>,
    token_expires_in: u64,
    token_delay: Duration,
    rate_limit: u64,
    legacy_accepts_bearer: bool,
    nonce_lifetime: Option<Duration>,
    challenge_delay: Duration,
    strict_nonce_count: bool,
}

struct Shared {
    started: Instant,
    cfg: Config,
    state: Mutex<SimState>,
}

impl Shared {
    fn new(b: SimulatorBuilder) -> Self {
        let state = SimState {
            seq: 0,
            log: Vec::new(),
            counters: Counters::default(),
            nonces: HashMap::new(),
            tokens: HashMap::new(),
            faults: VecDeque::new(),
            token_faults: VecDeque::new(),
            groups: b.groups.into_iter().collect(),
            forbidden: b.forbidden_groups.into_iter().collect(),
            instances: b
                .instances
                .into_iter()
                .map(|(g, n, p)| ((g, n), p))
                .collect(),
            endpoint_services: b
                .endpoint_services
                .into_iter()
                .map(|(g, p, id)| ((g, id), p))
                .collect(),
            private_endpoints: HashSet::new(),
            backup_endpoints: HashSet::new(),
            new_backup_regions: b.new_backup_regions,
            rate_window: (Instant::now(), 0),
            next_id: 0,
            answers: 0,
        };
        Shared {
            started: Instant::now(),
            cfg: Config {
                digest_keys: b.digest_keys.into_iter().collect(),
                service_accounts: b.service_accounts.into_iter().collect(),
                bearer_tokens: b.bearer_tokens.into_iter().collect(),
                token_expires_in: b.token_expires_in,
                token_delay: b.token_delay,
                rate_limit: b.rate_limit,
                legacy_accepts_bearer: b.legacy_accepts_bearer,
                nonce_lifetime: b.nonce_lifetime,
                challenge_delay: b.challenge_delay,
                strict_nonce_count: b.strict_nonce_count,
            },
            state: Mutex::new(state),
        }
    }

    fn lock(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SimState {
    /// A fresh 24-hex-digit id.
    fn new_id(&mut self) -> String {
        self.next_id += 1;
        format!("{:08x}{:016x}", 0x6650_0000u32, self.next_id)
    }
}

/// What the request carried, parsed once.
struct Incoming {
    method: Method,
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
}

impl Incoming {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Request-target as received (`path?query`).
    fn target(&self) -> String {
        match &self.query {
            Some(q) => format!("{}?{q}", self.path),
            None => self.path.clone(),
        }
    }
}

async fn handle(
    AxumState(shared): AxumState<Arc<Shared>>,
    req: axum::extract::Request,
) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return reply::atlas_error(413, "PAYLOAD_TOO_LARGE", "Request body too large.", vec![])
                .into_response(false, false)
        }
    };
    let incoming = incoming(parts, body);
    let seq = record(&shared, &incoming);
    let response = dispatch(&shared, &incoming).await;
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let mut s = shared.lock();
    if let Some(e) = s.log.iter_mut().find(|e| e.seq == seq) {
        e.status = Some(parts.status.as_u16());
        e.response_headers = parts
            .headers
            .iter()
            .map(|(k, v)| {
                let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (k.as_str().to_owned(), v)
            })
            .collect();
        if !e.is_oauth() {
            e.response_body = bytes.to_vec();
        }
    }
    drop(s);
    Response::from_parts(parts, Body::from(bytes))
}

fn incoming(parts: Parts, body: axum::body::Bytes) -> Incoming {
    Incoming {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
    }
}

fn record(shared: &Shared, r: &Incoming) -> u64 {
    let headers = r
        .headers
        .iter()
        .map(|(k, v)| {
            let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
            let v = if k == axum::http::header::AUTHORIZATION {
                let scheme = v.split_whitespace().next().unwrap_or("").to_owned();
                format!("{scheme} <redacted>")
            } else {
                v
            };
            (k.as_str().to_owned(), v)
        })
        .collect();
    let auth = match r.header("authorization") {
        None => AuthSeen::None,
        Some(h) => auth_seen(h),
    };
    let is_oauth = r.path.starts_with("/api/oauth/");
    let at = shared.started.elapsed();
    let mut s = shared.lock();
    s.seq += 1;
    let seq = s.seq - 1;
    s.log.push(LoggedRequest {
        seq,
        method: r.method.to_string(),
        path: r.path.clone(),
        query: r.query.clone(),
        headers,
        body: if is_oauth {
            Vec::new()
        } else {
            r.body.to_vec()
        },
        auth,
        operation: ops::route(&r.method, &r.path).map(|route| route.op.operation_id()),
        at,
        status: None,
        response_headers: Vec::new(),
        response_body: Vec::new(),
    });
    seq
}

fn auth_seen(h: &str) -> AuthSeen {
    let scheme = h.split_whitespace().next().unwrap_or("");
    if scheme.eq_ignore_ascii_case("digest") {
        match digest::parse_authorization(h) {
            Some(p) => AuthSeen::Digest(DigestSeen {
                nonce: p.get("nonce").cloned().unwrap_or_default(),
                nc: p.get("nc").and_then(|n| u32::from_str_radix(n, 16).ok()),
                cnonce: p.get("cnonce").cloned().unwrap_or_default(),
                uri: p.get("uri").cloned().unwrap_or_default(),
                qop: p.get("qop").cloned().unwrap_or_default(),
            }),
            None => AuthSeen::Other,
        }
    } else if scheme.eq_ignore_ascii_case("bearer") {
        AuthSeen::Bearer
    } else if scheme.eq_ignore_ascii_case("basic") {
        AuthSeen::Basic
    } else {
        AuthSeen::Other
    }
}

async fn dispatch(shared: &Shared, r: &Incoming) -> Response<Body> {
    match r.path.as_str() {
        "/api/oauth/token" => oauth::token(shared, r).await,
        "/api/oauth/revoke" => oauth::revoke(shared, r),
        _ => api(shared, r).await,
    }
}

/// Who made an authenticated API call.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Principal {
    ApiKey,
    ServiceAccount,
    StaticBearer,
}

async fn api(shared: &Shared, r: &Incoming) -> Response<Body> {
    let route = ops::route(&r.method, &r.path);
    let flags = reply::Flags::from_query(r.query.as_deref());
    let legacy = route.as_ref().is_some_and(|rt| rt.op.is_legacy());
    let bearer_allowed = !legacy || shared.cfg.legacy_accepts_bearer;
    let principal = match authenticate(shared, r, bearer_allowed) {
        Ok(p) => p,
        Err(resp) => {
            let delay = shared.cfg.challenge_delay;
            if resp.status() == 401 && !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            return resp;
        }
    };
    let _ = principal;
    let rate = rate_headers(shared);
    let fault = shared.lock().faults.pop_front();
    match fault {
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        Some(Fault::Raw {
            status,
            content_type,
            body,
        }) => {
            return reply::raw(status, &content_type, body, &rate);
        }
        Some(f) => {
            return reply::fault(&f)
                .with_headers(&rate)
                .into_response(flags.envelope, flags.pretty)
        }
        None => {}
    }
    let answer = match route {
        None => reply::atlas_error(
            404,
            "RESOURCE_NOT_FOUND",
            &format!("Cannot find resource {}.", r.path),
            vec![r.path.clone().into()],
        ),
        Some(route) => ops::handle(shared, r, &route),
    };
    answer
        .with_headers(&rate)
        .into_response(flags.envelope, flags.pretty)
}

fn rate_headers(shared: &Shared) -> Vec<(&'static str, String)> {
    let limit = shared.cfg.rate_limit;
    let mut s = shared.lock();
    let now = Instant::now();
    if now.duration_since(s.rate_window.0) >= Duration::from_secs(60) {
        s.rate_window = (now, 0);
    }
    s.rate_window.1 += 1;
    let remaining = limit.saturating_sub(s.rate_window.1);
    s.answers += 1;
    vec![
        ("ratelimit-limit", limit.to_string()),
        ("ratelimit-remaining", remaining.to_string()),
        ("x-request-id", format!("sim-{:08x}", s.answers)),
    ]
}

/// Check the `Authorization` header; on failure, the `401` (or `400`) to send.
#[allow(clippy::result_large_err)] // the error is the response itself
fn authenticate(
    shared: &Shared,
    r: &Incoming,
    bearer_allowed: bool,
) -> Result<Principal, Response<Body>> {
    let header = r.header("authorization").unwrap_or("");
    let scheme = header.split_whitespace().next().unwrap_or("");
    if scheme.eq_ignore_ascii_case("digest") {
        return match digest::verify(shared, r, header) {
            Ok(()) => Ok(Principal::ApiKey),
            Err(digest::Failure::Unauthorized { stale }) => Err(unauthorized(
                shared,
                stale,
                false,
                "Invalid digest credentials.",
            )),
            Err(digest::Failure::UriMismatch) => Err(reply::atlas_error(
                400,
                "INVALID_DIGEST_URI",
                "The digest uri does not match the request-target.",
                vec![],
            )
            .into_response(false, false)),
        };
    }
    if scheme.eq_ignore_ascii_case("bearer") {
        let token = header[scheme.len()..].trim();
        if bearer_allowed {
            if let Some(p) = oauth::check_bearer(shared, token) {
                return Ok(p);
            }
        }
        let detail = if bearer_allowed {
            "Invalid or expired access token."
        } else {
            "This resource only supports HTTP Digest authentication."
        };
        return Err(unauthorized(shared, false, true, detail));
    }
    Err(unauthorized(
        shared,
        false,
        false,
        "You are not authorized for this resource.",
    ))
}

/// `401` with a fresh Digest challenge (and a Bearer one after a bearer attempt).
fn unauthorized(shared: &Shared, stale: bool, bearer: bool, detail: &str) -> Response<Body> {
    let nonce = digest::issue_nonce(shared);
    let mut s = shared.lock();
    s.counters.unauthorized += 1;
    drop(s);
    let mut headers = vec![("www-authenticate", digest::challenge(&nonce, stale))];
    if bearer {
        headers.push((
            "www-authenticate",
            format!(r#"Bearer realm="{REALM}", error="invalid_token""#),
        ));
    }
    reply::atlas_error(401, "USER_UNAUTHORIZED", detail, vec![])
        .with_headers(&headers)
        .into_response(false, false)
}

/// A random `u64` (std's per-instance SipHash keys, mixed with a counter and the clock).
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

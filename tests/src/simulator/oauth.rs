//! OAuth2 client credentials for service accounts: `POST /api/oauth/token` and
//! `POST /api/oauth/revoke` (RFC 6749 §4.4, RFC 7009), and bearer checks.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Response};
use base64::Engine as _;
use serde_json::json;

use super::{random_u64, Fault, Incoming, Principal, Shared, TokenState};

fn oauth_error(status: u16, error: &str, description: &str) -> Response<Body> {
    let mut b = Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("cache-control", "no-store");
    if status == 401 {
        b = b.header("www-authenticate", r#"Basic realm="MMS Public API""#);
    }
    b.body(Body::from(
        json!({"error": error, "error_description": description}).to_string(),
    ))
    .expect("valid response")
}

/// The client id of a valid `Authorization: Basic` header, or the error to send.
#[allow(clippy::result_large_err)] // the error is the response itself
fn client(shared: &Shared, r: &Incoming) -> Result<String, Response<Body>> {
    let refuse = || oauth_error(401, "invalid_client", "Invalid client credentials.");
    let header = r.header("authorization").unwrap_or("");
    let Some((scheme, encoded)) = header.trim().split_once(' ') else {
        return Err(refuse());
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(refuse());
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(refuse)?;
    let (id, secret) = decoded.split_once(':').ok_or_else(refuse)?;
    match shared.cfg.service_accounts.get(id) {
        Some(s) if s == secret => Ok(id.to_owned()),
        _ => Err(refuse()),
    }
}

fn is_form(r: &Incoming) -> bool {
    r.header("content-type").is_some_and(|c| {
        c.split(';').next().is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    })
}

fn form_value(r: &Incoming, key: &str) -> Option<String> {
    form_urlencoded::parse(&r.body)
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// `POST /api/oauth/token`.
pub(super) async fn token(shared: &Shared, r: &Incoming) -> Response<Body> {
    let fault = {
        let mut s = shared.lock();
        s.counters.token_requests += 1;
        s.token_faults.pop_front()
    };
    match fault {
        None => {}
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        Some(Fault::Raw {
            status,
            content_type,
            body,
        }) => return super::reply::raw(status, &content_type, body, &[]),
        Some(Fault::TooManyRequests { retry_after }) => {
            let mut resp = oauth_error(429, "rate_limited", "Too many token requests.");
            if let Some(secs) = retry_after {
                resp.headers_mut().insert(
                    "retry-after",
                    secs.to_string().parse().expect("a header value"),
                );
            }
            return resp;
        }
        Some(Fault::InternalError) => {
            return oauth_error(500, "server_error", "Unexpected error.");
        }
        Some(Fault::Error {
            status,
            error_code,
            detail,
        }) => return oauth_error(status, &error_code, &detail),
    }
    if r.method != Method::POST {
        return oauth_error(405, "invalid_request", "Use POST.");
    }
    if !is_form(r) {
        return oauth_error(
            400,
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded.",
        );
    }
    let client_id = match client(shared, r) {
        Ok(c) => c,
        Err(resp) => return resp,
    };
    match form_value(r, "grant_type").as_deref() {
        Some("client_credentials") => {}
        Some(_) => {
            return oauth_error(
                400,
                "unsupported_grant_type",
                "Only client_credentials is supported.",
            )
        }
        None => return oauth_error(400, "invalid_request", "grant_type is required."),
    }
    if !shared.cfg.token_delay.is_zero() {
        tokio::time::sleep(shared.cfg.token_delay).await;
    }
    let expires_in = shared.cfg.token_expires_in;
    let token = format!("sa_{:016x}{:016x}", random_u64(), random_u64());
    {
        let mut s = shared.lock();
        s.counters.tokens_issued += 1;
        s.tokens.insert(
            token.clone(),
            TokenState {
                client_id,
                expires_at: Instant::now() + Duration::from_secs(expires_in),
                revoked: false,
                invalidated: false,
            },
        );
    }
    Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .header("cache-control", "no-store")
        .body(Body::from(
            json!({
                "access_token": token,
                "expires_in": expires_in,
                "token_type": "Bearer",
            })
            .to_string(),
        ))
        .expect("valid response")
}

/// `POST /api/oauth/revoke`: always `200` for an authenticated client (RFC 7009).
pub(super) fn revoke(shared: &Shared, r: &Incoming) -> Response<Body> {
    shared.lock().counters.revocations += 1;
    if r.method != Method::POST {
        return oauth_error(405, "invalid_request", "Use POST.");
    }
    if !is_form(r) {
        return oauth_error(
            400,
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded.",
        );
    }
    let client_id = match client(shared, r) {
        Ok(c) => c,
        Err(resp) => return resp,
    };
    let Some(token) = form_value(r, "token") else {
        return oauth_error(400, "invalid_request", "token is required.");
    };
    if let Some(t) = shared.lock().tokens.get_mut(&token) {
        if t.client_id == client_id {
            t.revoked = true;
        }
    }
    Response::builder()
        .status(200)
        .body(Body::empty())
        .expect("valid response")
}

/// Who a bearer token belongs to, if it is valid now.
pub(super) fn check_bearer(shared: &Shared, token: &str) -> Option<Principal> {
    if shared.cfg.bearer_tokens.contains(token) {
        return Some(Principal::StaticBearer);
    }
    let s = shared.lock();
    let t = s.tokens.get(token)?;
    (!t.revoked && !t.invalidated && Instant::now() < t.expires_at)
        .then_some(Principal::ServiceAccount)
}

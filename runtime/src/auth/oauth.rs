//! OAuth2 client-credentials flow for Atlas service accounts.
//!
//! Tokens are cached until shortly before they expire. A cold cache is filled
//! by exactly one token request even under concurrency: refreshes are
//! serialized by a `tokio::sync::Mutex` and re-check the cache once they hold it.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use base64::Engine as _;
use http::{header, HeaderMap, HeaderValue};
use serde::Deserialize;
use url::Url;

use super::{sensitive_header, Secret};
use crate::error::{AuthError, Error};
use crate::exchange::path::endpoint;
use crate::exchange::wire::Wire;

/// Used when the token response has no `expires_in`.
const DEFAULT_EXPIRES_IN: u64 = 3600;
/// Refresh at most this long before expiry (less for short-lived tokens: 10%).
const MAX_MARGIN: Duration = Duration::from_secs(60);

/// An access token shared by the requests that use it.
pub(crate) type Token = Arc<Secret>;

struct Cached {
    token: Token,
    refresh_at: Instant,
}

pub(crate) struct OAuth {
    client_id: Secret,
    client_secret: Secret,
    token_url: Url,
    revoke_url: Url,
    cached: RwLock<Option<Cached>>,
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl OAuth {
    pub(crate) fn new(client_id: Secret, client_secret: Secret, base: &Url) -> Result<Self, Error> {
        Ok(OAuth {
            client_id,
            client_secret,
            token_url: endpoint(base, "/api/oauth/token")?,
            revoke_url: endpoint(base, "/api/oauth/revoke")?,
            cached: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
        })
    }

    fn valid_cached(&self) -> Option<Token> {
        let guard = self.cached.read().unwrap_or_else(|p| p.into_inner());
        guard
            .as_ref()
            .filter(|c| Instant::now() < c.refresh_at)
            .map(|c| c.token.clone())
    }

    /// A usable token and whether it was fetched by this very call.
    pub(crate) async fn token(&self, wire: &Wire) -> Result<(Token, bool), Error> {
        if let Some(t) = self.valid_cached() {
            return Ok((t, false));
        }
        let _guard = self.refresh.lock().await;
        if let Some(t) = self.valid_cached() {
            return Ok((t, false));
        }
        // Boxed: the token request is rare, and inline its future would make the future of
        // every API call (which embeds this one) several hundred bytes larger.
        let token = Box::pin(self.fetch(wire)).await?;
        Ok((token, true))
    }

    /// Forget `used` if it is still the cached token (a newer one is kept).
    pub(crate) fn invalidate(&self, used: &Token) {
        let mut guard = self.cached.write().unwrap_or_else(|p| p.into_inner());
        if guard.as_ref().is_some_and(|c| Arc::ptr_eq(&c.token, used)) {
            *guard = None;
        }
    }

    fn basic(&self) -> Result<HeaderValue, Error> {
        let raw = format!(
            "{}:{}",
            self.client_id.expose(),
            self.client_secret.expose()
        );
        let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
        sensitive_header(&format!("Basic {encoded}"), "service account credentials")
    }

    fn form_headers(&self) -> Result<HeaderMap, Error> {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, self.basic()?);
        h.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        Ok(h)
    }

    async fn fetch(&self, wire: &Wire) -> Result<Token, Error> {
        tracing::debug!("requesting service account access token");
        let rb = wire
            .client
            .post(self.token_url.clone())
            .body("grant_type=client_credentials");
        let raw = wire.send(rb, self.form_headers()?).await?;
        if raw.status == http::StatusCode::TOO_MANY_REQUESTS
            || raw.status.is_server_error()
            || raw.status == http::StatusCode::NOT_FOUND
            || raw.status == http::StatusCode::METHOD_NOT_ALLOWED
        {
            // Not a verdict on the credentials: report it as the API error it is, so the
            // retry rules (429 and its Retry-After) apply to the token request too; a 404 or
            // 405 says no token endpoint is there (a wrong base URL), not that the
            // credentials were refused.
            return Err(raw.into_api_error("oauthToken").into());
        }
        if !raw.status.is_success() {
            return Err(AuthError::refused(
                "the token endpoint refused the service account credentials",
                raw.into_api_error("oauthToken"),
            )
            .into());
        }
        let parsed: TokenResponse = serde_json::from_slice(&raw.body).map_err(|_| {
            // Never echo the body: it may contain a token.
            AuthError::new(format!(
                "the token endpoint answered {} with an unreadable body",
                raw.status
            ))
        })?;
        let expires_in = Duration::from_secs(parsed.expires_in.unwrap_or(DEFAULT_EXPIRES_IN));
        let margin = (expires_in / 10).min(MAX_MARGIN);
        let token: Token = Arc::new(Secret::new(parsed.access_token));
        *self.cached.write().unwrap_or_else(|p| p.into_inner()) = Some(Cached {
            token: token.clone(),
            refresh_at: Instant::now() + expires_in - margin,
        });
        Ok(token)
    }

    /// Revoke the cached token (if any) and clear the cache.
    pub(crate) async fn revoke(&self, wire: &Wire) -> Result<(), Error> {
        let _guard = self.refresh.lock().await;
        let token = self
            .cached
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .map(|c| c.token);
        let Some(token) = token else {
            return Ok(());
        };
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("token", token.expose())
            .append_pair("token_type_hint", "access_token")
            .finish();
        let rb = wire.client.post(self.revoke_url.clone()).body(body);
        let raw = wire.send(rb, self.form_headers()?).await?;
        if !raw.status.is_success() {
            return Err(AuthError::refused(
                "the token revocation was refused",
                raw.into_api_error("oauthRevoke"),
            )
            .into());
        }
        Ok(())
    }
}

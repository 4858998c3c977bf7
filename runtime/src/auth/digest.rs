//! HTTP Digest authentication (RFC 7616) as used by Atlas programmatic API keys.
//!
//! The first challenge is cached; later requests answer it pre-emptively with a
//! shared, atomically increasing nonce count (`nc`), so the steady state is one
//! round trip per call. The digest arithmetic is done by the `digest_auth` crate.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, RwLock};

use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
use http::{HeaderMap, HeaderValue, Method};

use super::{sensitive_header, Secret};
use crate::error::{AuthError, Error};

/// A server challenge plus the nonce count used with it so far.
#[derive(Debug)]
pub(crate) struct Challenge {
    header: WwwAuthenticateHeader,
    nc: AtomicU32,
}

pub(crate) struct DigestAuth {
    username: Secret,
    password: Secret,
    cached: RwLock<Option<Arc<Challenge>>>,
    /// Held while the first, unauthenticated request is out, so that parallel calls on a fresh
    /// client wait for its challenge instead of each paying a 401 round trip.
    first_challenge: tokio::sync::Mutex<()>,
}

impl DigestAuth {
    pub(crate) fn new(username: Secret, password: Secret) -> Self {
        DigestAuth {
            username,
            password,
            cached: RwLock::new(None),
            first_challenge: tokio::sync::Mutex::new(()),
        }
    }

    /// The cached challenge, if a server already sent one.
    /// Waits for a challenge being fetched by a parallel call (if any). Returns the lock guard
    /// when there still is no cached challenge: the caller then fetches it while holding it.
    pub(crate) async fn first_challenge(
        &self,
    ) -> (
        Option<Arc<Challenge>>,
        Option<tokio::sync::MutexGuard<'_, ()>>,
    ) {
        if let Some(ch) = self.cached() {
            return (Some(ch), None);
        }
        let guard = self.first_challenge.lock().await;
        match self.cached() {
            Some(ch) => (Some(ch), None),
            None => (None, Some(guard)),
        }
    }

    pub(crate) fn cached(&self) -> Option<Arc<Challenge>> {
        self.cached
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Cache a challenge and return it. The same nonce keeps its shared counter
    /// (concurrent requests all challenged with one nonce must not reuse an
    /// `nc`); a new nonce starts counting over.
    pub(crate) fn store(&self, header: WwwAuthenticateHeader) -> Arc<Challenge> {
        let mut cached = self.cached.write().unwrap_or_else(|p| p.into_inner());
        if let Some(existing) = cached.as_ref() {
            let h = &existing.header;
            if h.nonce == header.nonce && h.realm == header.realm && h.opaque == header.opaque {
                return existing.clone();
            }
        }
        let ch = Arc::new(Challenge {
            header,
            nc: AtomicU32::new(0),
        });
        *cached = Some(ch.clone());
        ch
    }

    /// Compute the `Authorization` header for one request. Every call takes a
    /// new `nc` and generates a fresh `cnonce`.
    ///
    /// `uri` is the request-target exactly as sent (path and query).
    pub(crate) fn authorize(
        &self,
        ch: &Challenge,
        method: &Method,
        uri: &str,
        body: Option<&[u8]>,
    ) -> Result<HeaderValue, Error> {
        let nc = ch.nc.fetch_add(1, Ordering::Relaxed);
        let mut prompt = ch.header.clone();
        // `respond` increments before use, so this request sends `nc + 1`.
        prompt.nc = nc;
        let ctx = AuthContext::new_with_method(
            self.username.expose(),
            self.password.expose(),
            uri,
            body,
            HttpMethod::from(method.as_str()),
        );
        let answer = prompt
            .respond(&ctx)
            .map_err(|e| AuthError::new(format!("cannot answer digest challenge: {e}")))?;
        sensitive_header(&answer.to_header_string(), "digest credentials")
    }
}

/// Find and parse a `Digest` challenge among the `WWW-Authenticate` headers.
pub(crate) fn parse_challenge(headers: &HeaderMap) -> Option<WwwAuthenticateHeader> {
    headers
        .get_all(http::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::trim)
        .find_map(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            if !scheme.eq_ignore_ascii_case("digest") {
                return None;
            }
            WwwAuthenticateHeader::parse(rest).ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATLAS: &str = r#"Digest realm="MMS Public API", domain="", nonce="abc123", algorithm=MD5, qop="auth", stale=false"#;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(
                http::header::WWW_AUTHENTICATE,
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn parses_atlas_challenge() {
        let c = parse_challenge(&headers(&[ATLAS])).unwrap();
        assert_eq!(c.realm, "MMS Public API");
        assert_eq!(c.nonce, "abc123");
        assert!(!c.stale);
        let c = parse_challenge(&headers(&[
            r#"Bearer realm="x""#,
            &ATLAS.replace("stale=false", "stale=true"),
        ]))
        .unwrap();
        assert!(c.stale);
        assert!(parse_challenge(&headers(&[r#"Basic realm="x""#])).is_none());
        assert!(parse_challenge(&HeaderMap::new()).is_none());
    }

    #[test]
    fn nc_increases_and_cnonce_changes() {
        let d = DigestAuth::new(Secret::new("pub"), Secret::new("priv"));
        let ch = d.store(parse_challenge(&headers(&[ATLAS])).unwrap());
        let a = d.authorize(&ch, &Method::GET, "/x?y=1", None).unwrap();
        let b = d.authorize(&ch, &Method::GET, "/x?y=1", None).unwrap();
        let a = digest_auth::AuthorizationHeader::parse(a.to_str().unwrap()).unwrap();
        let b = digest_auth::AuthorizationHeader::parse(b.to_str().unwrap()).unwrap();
        assert_eq!((a.nc, b.nc), (1, 2));
        assert_ne!(a.cnonce, b.cnonce);
        assert_eq!(a.uri, "/x?y=1");
        assert_eq!(a.username, "pub");
        assert!(d.cached().is_some());
    }
}

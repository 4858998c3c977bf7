//! HTTP Digest authentication (RFC 7616) as used by Atlas programmatic API keys.
//!
//! The first challenge is cached; later requests answer it pre-emptively with a
//! shared, atomically increasing nonce count (`nc`), so the steady state is one
//! round trip per call. The digest arithmetic is done by the `digest_auth` crate.
//!
//! Parallel calls that share a nonce reach the server in any order. Atlas accepts any nonce
//! count not used before; a strict server (Apache's `mod_auth_digest` with
//! `AuthDigestNcCheck On`) refuses one that is not higher than the last it accepted, with
//! `stale=true`. So a call refused as stale answers again with the nonce of its own `401`, which
//! no other call uses until it is done: its count cannot be overtaken. And once the server has
//! refused a count lower than one it accepted on the same nonce, the client knows the server is
//! strict and stops sharing nonces between requests in flight: each call then leases a nonce no
//! other call is using (fetching a new challenge when none is free) and returns it when done, so
//! the counts on every nonce arrive in order.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};

use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
use http::{HeaderMap, HeaderValue, Method};

use super::{sensitive_header, Secret};
use crate::error::{AuthError, Error};

/// At most this many unused nonces are kept for strict servers (about the peak number of
/// calls in flight); more are dropped.
const MAX_IDLE: usize = 256;

/// A server challenge, and the nonce counts used with it so far.
#[derive(Debug)]
pub(crate) struct Challenge {
    header: WwwAuthenticateHeader,
    /// The last nonce count taken.
    nc: AtomicU32,
    /// The highest count the server accepted (answered with anything but `401`).
    accepted: AtomicU32,
    /// The lowest count the server refused as stale (`u32::MAX`: none).
    refused: AtomicU32,
}

/// The nonce, realm and opaque value that identify a challenge.
type ChallengeKey = (String, String, Option<String>);

fn key(h: &WwwAuthenticateHeader) -> ChallengeKey {
    (h.nonce.clone(), h.realm.clone(), h.opaque.clone())
}

/// How a call starts: the challenge to answer first (none: fetch one), whether no other call
/// uses it, and the lock held while the very first challenge of a fresh client is fetched.
pub(crate) struct Start<'a> {
    pub(crate) challenge: Option<Arc<Challenge>>,
    pub(crate) exclusive: bool,
    pub(crate) first: Option<tokio::sync::MutexGuard<'a, ()>>,
}

pub(crate) struct DigestAuth {
    username: Secret,
    password: Secret,
    /// The challenge every call answers while nonces are shared.
    cached: RwLock<Option<Arc<Challenge>>>,
    /// Held while the first, unauthenticated request is out, so that parallel calls on a fresh
    /// client wait for its challenge instead of each paying a 401 round trip.
    first_challenge: tokio::sync::Mutex<()>,
    /// Every challenge still in use, by nonce: a nonce the server sends again keeps its
    /// counter, so no count is ever used twice with it.
    live: Mutex<HashMap<ChallengeKey, Weak<Challenge>>>,
    /// Set once the server refused a count lower than one it accepted on the same nonce: it
    /// wants the counts of a nonce in order, so nonces are no longer shared by calls in flight.
    strict: AtomicBool,
    /// With a strict server: nonces no call is using.
    idle: Mutex<Vec<Arc<Challenge>>>,
}

impl DigestAuth {
    pub(crate) fn new(username: Secret, password: Secret) -> Self {
        DigestAuth {
            username,
            password,
            cached: RwLock::new(None),
            first_challenge: tokio::sync::Mutex::new(()),
            live: Mutex::new(HashMap::new()),
            strict: AtomicBool::new(false),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// The challenge a new call answers first. Nonces shared: the cached one, after waiting
    /// for a parallel call that is fetching it (if none is cached yet, the lock to fetch it
    /// is returned). With a strict server: a nonce no other call is using, if one is free.
    pub(crate) async fn start(&self) -> Start<'_> {
        if self.is_strict() {
            let challenge = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
            return Start {
                challenge,
                exclusive: true,
                first: None,
            };
        }
        let shared = |challenge| Start {
            challenge,
            exclusive: false,
            first: None,
        };
        if let Some(ch) = self.cached() {
            return shared(Some(ch));
        }
        let guard = self.first_challenge.lock().await;
        match self.cached() {
            Some(ch) => shared(Some(ch)),
            None => Start {
                challenge: None,
                exclusive: false,
                first: Some(guard),
            },
        }
    }

    /// Whether the server was seen refusing counts that arrived out of order.
    pub(crate) fn is_strict(&self) -> bool {
        self.strict.load(Ordering::Relaxed)
    }

    pub(crate) fn cached(&self) -> Option<Arc<Challenge>> {
        self.cached
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The challenge for `header`: the one already in use if the server sent this nonce
    /// before (it keeps its counter), else a new one counting from 1.
    pub(crate) fn challenge(&self, header: WwwAuthenticateHeader) -> Arc<Challenge> {
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        let k = key(&header);
        if let Some(existing) = live.get(&k).and_then(Weak::upgrade) {
            return existing;
        }
        if live.len() >= 2 * MAX_IDLE {
            live.retain(|_, w| w.strong_count() > 0);
        }
        let ch = Arc::new(Challenge {
            header,
            nc: AtomicU32::new(0),
            accepted: AtomicU32::new(0),
            refused: AtomicU32::new(u32::MAX),
        });
        live.insert(k, Arc::downgrade(&ch));
        ch
    }

    /// Cache a challenge for every call to share, and return it.
    pub(crate) fn store(&self, header: WwwAuthenticateHeader) -> Arc<Challenge> {
        let ch = self.challenge(header);
        *self.cached.write().unwrap_or_else(|p| p.into_inner()) = Some(ch.clone());
        ch
    }

    /// The server accepted count `nc` of `ch`.
    pub(crate) fn accepted(&self, ch: &Challenge, nc: u32) {
        ch.accepted.fetch_max(nc, Ordering::SeqCst);
        if ch.refused.load(Ordering::SeqCst) < nc {
            self.become_strict();
        }
    }

    /// The server refused count `nc` of `ch` as stale.
    pub(crate) fn refused(&self, ch: &Challenge, nc: u32) {
        ch.refused.fetch_min(nc, Ordering::SeqCst);
        if ch.accepted.load(Ordering::SeqCst) > nc {
            self.become_strict();
        }
    }

    fn become_strict(&self) {
        if !self.strict.swap(true, Ordering::Relaxed) {
            tracing::debug!(
                "the server refuses nonce counts that arrive out of order: \
                 one nonce per request in flight from now on"
            );
        }
    }

    /// A call is done with `ch`, which no other call used. With a strict server it is kept
    /// for the next call; else it replaces `refused`, the shared challenge the call was
    /// refused with, if that is still the cached one (an expired nonce is not answered again).
    pub(crate) fn release(&self, ch: Arc<Challenge>, refused: Option<&Arc<Challenge>>) {
        if self.is_strict() {
            let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
            if idle.len() < MAX_IDLE {
                idle.push(ch);
            }
            return;
        }
        let mut cached = self.cached.write().unwrap_or_else(|p| p.into_inner());
        let replace = match (cached.as_ref(), refused) {
            (Some(current), Some(refused)) => Arc::ptr_eq(current, refused),
            (None, _) => true,
            (Some(_), None) => false,
        };
        if replace {
            *cached = Some(ch);
        }
    }

    /// Compute the `Authorization` header for one request, and the nonce count it uses. Every
    /// call takes a new `nc` and generates a fresh `cnonce`.
    ///
    /// `uri` is the request-target exactly as sent (path and query).
    pub(crate) fn authorize(
        &self,
        ch: &Challenge,
        method: &Method,
        uri: &str,
        body: Option<&[u8]>,
    ) -> Result<(HeaderValue, u32), Error> {
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
        let header = sensitive_header(&answer.to_header_string(), "digest credentials")?;
        Ok((header, nc + 1))
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
        let (a, nc_a) = d.authorize(&ch, &Method::GET, "/x?y=1", None).unwrap();
        let (b, nc_b) = d.authorize(&ch, &Method::GET, "/x?y=1", None).unwrap();
        assert_eq!((nc_a, nc_b), (1, 2));
        let a = digest_auth::AuthorizationHeader::parse(a.to_str().unwrap()).unwrap();
        let b = digest_auth::AuthorizationHeader::parse(b.to_str().unwrap()).unwrap();
        assert_eq!((a.nc, b.nc), (1, 2));
        assert_ne!(a.cnonce, b.cnonce);
        assert_eq!(a.uri, "/x?y=1");
        assert_eq!(a.username, "pub");
        assert!(d.cached().is_some());
        // The same nonce again keeps its counter.
        let again = d.challenge(parse_challenge(&headers(&[ATLAS])).unwrap());
        assert!(Arc::ptr_eq(&ch, &again));
        let (c, _) = d.authorize(&again, &Method::GET, "/x", None).unwrap();
        let c = digest_auth::AuthorizationHeader::parse(c.to_str().unwrap()).unwrap();
        assert_eq!(c.nc, 3);
    }

    #[test]
    fn strict_once_a_lower_count_is_refused_after_a_higher_one_was_accepted() {
        let d = DigestAuth::new(Secret::new("pub"), Secret::new("priv"));
        let ch = d.store(parse_challenge(&headers(&[ATLAS])).unwrap());
        // An expired nonce: refused without any higher count accepted.
        d.accepted(&ch, 1);
        d.refused(&ch, 2);
        d.refused(&ch, 3);
        assert!(!d.is_strict());
        // Count 5 accepted after 4 was refused: out of order.
        d.accepted(&ch, 5);
        assert!(d.is_strict());

        let d = DigestAuth::new(Secret::new("pub"), Secret::new("priv"));
        let ch = d.store(parse_challenge(&headers(&[ATLAS])).unwrap());
        d.accepted(&ch, 7);
        d.refused(&ch, 6);
        assert!(d.is_strict(), "the refusal may also come back second");
    }

    #[tokio::test]
    async fn strict_calls_lease_nonces_no_other_call_uses() {
        let d = DigestAuth::new(Secret::new("pub"), Secret::new("priv"));
        let shared = d.store(parse_challenge(&headers(&[ATLAS])).unwrap());
        let s = d.start().await;
        assert!(!s.exclusive && Arc::ptr_eq(s.challenge.as_ref().unwrap(), &shared));
        d.accepted(&shared, 3);
        d.refused(&shared, 2);
        // Strict: nothing idle yet, so the call fetches a challenge of its own.
        let s = d.start().await;
        assert!(s.exclusive && s.challenge.is_none());
        let own =
            d.challenge(parse_challenge(&headers(&[&ATLAS.replace("abc123", "n2")])).unwrap());
        d.release(own.clone(), None);
        // The next call leases it; a parallel one finds nothing free.
        let s = d.start().await;
        assert!(s.exclusive && Arc::ptr_eq(s.challenge.as_ref().unwrap(), &own));
        assert!(d.start().await.challenge.is_none());
    }

    #[test]
    fn a_private_challenge_replaces_only_the_refused_shared_one() {
        let d = DigestAuth::new(Secret::new("pub"), Secret::new("priv"));
        let old = d.store(parse_challenge(&headers(&[ATLAS])).unwrap());
        let other = |n: &str| {
            d.challenge(parse_challenge(&headers(&[&ATLAS.replace("abc123", n)])).unwrap())
        };
        let a = other("a");
        d.release(a.clone(), Some(&old));
        assert!(
            Arc::ptr_eq(&d.cached().unwrap(), &a),
            "the expired nonce is replaced"
        );
        let b = other("b");
        d.release(b, Some(&old));
        assert!(
            Arc::ptr_eq(&d.cached().unwrap(), &a),
            "a newer shared nonce is kept"
        );
    }
}

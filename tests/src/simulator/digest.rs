//! HTTP Digest (RFC 7616, MD5, `qop="auth"`) as Atlas does it, verified with an
//! independent MD5 computation (`md-5`), never with the client's library.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use base64::Engine as _;
use md5::{Digest as _, Md5};

use super::{random_u64, Incoming, NonceState, Shared, REALM};

/// Why a Digest answer was refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Failure {
    /// `401` with a new challenge; `stale` when the answer was right but its nonce expired.
    Unauthorized { stale: bool },
    /// The `uri` parameter is not the request-target (`400`).
    UriMismatch,
}

/// A new nonce (base64, so it contains `+`, `/` or `=` now and then).
pub(super) fn issue_nonce(shared: &Shared) -> String {
    let mut raw = [0u8; 16];
    raw[..8].copy_from_slice(&random_u64().to_le_bytes());
    raw[8..].copy_from_slice(&random_u64().to_le_bytes());
    let nonce = base64::engine::general_purpose::STANDARD.encode(raw);
    shared.lock().nonces.insert(
        nonce.clone(),
        NonceState {
            issued: Instant::now(),
            expired: false,
            used: HashSet::new(),
            highest: 0,
        },
    );
    nonce
}

/// The `WWW-Authenticate` value, byte for byte as Atlas sends it.
pub(super) fn challenge(nonce: &str, stale: bool) -> String {
    format!(
        r#"Digest realm="{REALM}", domain="", nonce="{nonce}", algorithm=MD5, qop="auth", stale={stale}"#
    )
}

/// Parse `Digest k=v, k="v", …` (quoted values may contain `,` and `\"`).
pub(super) fn parse_authorization(h: &str) -> Option<HashMap<String, String>> {
    let h = h.trim_start();
    let (scheme, rest) = h.split_once(char::is_whitespace)?;
    if !scheme.eq_ignore_ascii_case("digest") {
        return None;
    }
    let mut out = HashMap::new();
    let mut chars = rest.chars().peekable();
    loop {
        while matches!(chars.peek(), Some(c) if *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let mut key = String::new();
        for c in chars.by_ref() {
            if c == '=' {
                break;
            }
            key.push(c);
        }
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.push(chars.next()?),
                    '"' => {
                        closed = true;
                        break;
                    }
                    c => value.push(c),
                }
            }
            if !closed {
                return None;
            }
        } else {
            while let Some(c) = chars.peek() {
                if *c == ',' {
                    break;
                }
                value.push(*c);
                chars.next();
            }
            value = value.trim().to_owned();
        }
        if out.insert(key, value).is_some() {
            return None; // a repeated parameter is malformed
        }
    }
    Some(out)
}

fn md5_hex(s: &str) -> String {
    let d = Md5::digest(s.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Verify a Digest `Authorization` header against the request as received.
pub(super) fn verify(shared: &Shared, r: &Incoming, header: &str) -> Result<(), Failure> {
    let deny = Failure::Unauthorized { stale: false };
    let p = parse_authorization(header).ok_or(Failure::Unauthorized { stale: false })?;
    let get = |k: &str| p.get(k).map(String::as_str);
    let (Some(username), Some(realm), Some(nonce), Some(uri), Some(response)) = (
        get("username"),
        get("realm"),
        get("nonce"),
        get("uri"),
        get("response"),
    ) else {
        return Err(deny);
    };
    let (Some(qop), Some(nc_raw), Some(cnonce)) = (get("qop"), get("nc"), get("cnonce")) else {
        return Err(deny); // Atlas offers qop="auth" only, so nc and cnonce are mandatory
    };
    if realm != REALM || qop != "auth" || cnonce.is_empty() {
        return Err(deny);
    }
    if get("algorithm").is_some_and(|a| !a.eq_ignore_ascii_case("MD5")) {
        return Err(deny);
    }
    if nc_raw.len() != 8 {
        return Err(deny);
    }
    let Ok(nc) = u32::from_str_radix(nc_raw, 16) else {
        return Err(deny);
    };
    let Some(password) = shared.cfg.digest_keys.get(username) else {
        return Err(deny);
    };
    if uri != r.target() {
        return Err(Failure::UriMismatch);
    }
    let ha1 = md5_hex(&format!("{username}:{realm}:{password}"));
    let ha2 = md5_hex(&format!("{}:{uri}", r.method.as_str()));
    let expected = md5_hex(&format!("{ha1}:{nonce}:{nc_raw}:{cnonce}:{qop}:{ha2}"));
    if !expected.eq_ignore_ascii_case(response) {
        return Err(deny);
    }
    let lifetime = shared.cfg.nonce_lifetime;
    let strict = shared.cfg.strict_nonce_count;
    let mut guard = shared.lock();
    let s = &mut *guard;
    let Some(state) = s.nonces.get_mut(nonce) else {
        return Err(deny); // never issued by this server
    };
    let too_old = lifetime.is_some_and(|l| state.issued.elapsed() >= l);
    // Apache's `AuthDigestNcCheck On`: only a count higher than the last one accepted is fresh.
    let out_of_order = strict && nc <= state.highest;
    if state.expired || too_old || out_of_order {
        state.expired |= too_old;
        s.counters.stale += 1;
        return Err(Failure::Unauthorized { stale: true });
    }
    if !state.used.insert(nc) {
        return Err(deny); // replayed nonce count
    }
    state.highest = state.highest.max(nc);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quoted_and_bare_values() {
        let p = parse_authorization(
            r#"Digest username="a\"b", realm="MMS Public API", nonce="x+/=", uri="/p?q=1,2", nc=0000000a, qop=auth, response="ff", algorithm=MD5"#,
        )
        .unwrap();
        assert_eq!(p["username"], "a\"b");
        assert_eq!(p["uri"], "/p?q=1,2");
        assert_eq!(p["nc"], "0000000a");
        assert_eq!(p["qop"], "auth");
        assert_eq!(p["nonce"], "x+/=");
        assert!(parse_authorization("Basic abc").is_none());
        assert!(parse_authorization(r#"Digest a="1", a="2""#).is_none());
        assert!(parse_authorization(r#"Digest a="unterminated"#).is_none());
    }

    #[test]
    fn md5_matches_rfc_2617_example() {
        // RFC 2617 section 3.5.
        let ha1 = md5_hex("Mufasa:testrealm@host.com:Circle Of Life");
        let ha2 = md5_hex("GET:/dir/index.html");
        let resp = md5_hex(&format!(
            "{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:{ha2}"
        ));
        assert_eq!(resp, "6629fae49393a05397450978507c4ef1");
    }
}

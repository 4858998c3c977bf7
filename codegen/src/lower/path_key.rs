//! A `paths` key → the path a client sends ([`crate::ir::Operation::path`]) and the query the
//! key writes in ([`crate::ir::Operation::path_query`]), so that no operation is generated
//! that fails every call at runtime (the runtime refuses a path URL parsing would change).
//!
//! - `#fragment`: dropped (some specs, Box's among them, write `/oauth2/token#refresh` to have
//!   two operations on one path; a fragment is never sent).
//! - `?query`: sent first in the query string of every call (OpenAI's `/responses?beta=true`).
//! - Characters a URL parser percent-encodes (a space, `"`, `<`, `>`, `` ` ``, `}`, `\`,
//!   control characters, non-ASCII text): percent-encoded (UTF-8), as a parser would.
//! - A literal `.` or `..` segment, which a parser removes: an error (no call could reach the
//!   path written).
//!
//! Each change is warned about at the path's pointer; `{parameters}` are left as they are.

use crate::error::{Error, Result};
use crate::lower::diagnostics::Diagnostics;

/// The parts of a `paths` key a client sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentPath {
    /// The path template as sent (`/oauth2/token`).
    pub path: String,
    /// The query written into the key, without its `?` (`beta=true`).
    pub query: Option<String>,
}

/// Whether URL parsing would percent-encode byte `b` of a path (WHATWG's path percent-encode
/// set, plus `\`, which parsing turns into `/` in `http(s)` URLs).
fn encoded_in_path(b: u8) -> bool {
    b <= 0x20 || b >= 0x7f || matches!(b, b'"' | b'<' | b'>' | b'`' | b'}' | b'\\')
}

/// Whether URL parsing would percent-encode byte `b` of a query (WHATWG's query set).
fn encoded_in_query(b: u8) -> bool {
    b <= 0x20 || b >= 0x7f || matches!(b, b'"' | b'<' | b'>' | b'\'')
}

/// `text` with every byte `encode` picks written as `%XX`.
fn percent_encode(text: &str, encode: fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let bytes = &text.as_bytes()[i..i + c.len_utf8()];
        if bytes.iter().any(|&b| encode(b)) {
            for b in bytes {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The characters of `text` that `encode` picks, each once, for a message (`' '`, `'é'`).
fn offending(text: &str, encode: fn(u8) -> bool) -> String {
    let mut seen: Vec<char> = Vec::new();
    for c in text.chars() {
        let mut buf = [0; 4];
        if c.encode_utf8(&mut buf).bytes().any(encode) && !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.iter()
        .map(|c| format!("{c:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a whole path segment is one URL parsing removes (`.`, `..`, `%2e`, `.%2E`, …).
fn dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let dots = lower.replace("%2e", ".");
    dots == "." || dots == ".."
}

/// The path and query a client sends for `paths` key `key` (see the module docs); changes are
/// warned about at `pointer` (the path's, `#/paths/~1oauth2~1token#refresh`).
///
/// # Errors
/// [`Error::Spec`] at `pointer` when the key has a literal `.` or `..` segment, or a `{` in
/// its query.
pub fn sent_path(key: &str, pointer: &str, diags: &mut Diagnostics) -> Result<SentPath> {
    // `#` and `?` inside a `{parameter}` name are part of the name (then refused as
    // undeclared by `path_parts`), not delimiters.
    let mut depth = 0usize;
    let mut cut = None;
    for (i, b) in key.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'#' | b'?' if depth == 0 => {
                cut = Some(i);
                break;
            }
            _ => {}
        }
    }
    let (before, rest) = match cut {
        Some(i) => key.split_at(i),
        None => (key, ""),
    };
    let (query, fragment) = match rest.strip_prefix('?') {
        Some(q) => match q.split_once('#') {
            Some((q, f)) => (Some(q), Some(f)),
            None => (Some(q), None),
        },
        None => (None, rest.strip_prefix('#')),
    };
    if let Some(fragment) = fragment {
        diags.warn(
            pointer,
            format!(
                "path `{key}` has a fragment (`#{fragment}`): its operations are sent to the \
                 path before the `#` (a fragment only keeps operations on one path apart)"
            ),
        );
    }
    // Only the literal text between `{parameters}` is looked at.
    let mut path = String::with_capacity(before.len());
    let mut literal = String::new();
    let mut rest = before;
    while !rest.is_empty() {
        let (text, param) = match rest.find('{') {
            Some(open) => {
                let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
                (&rest[..open], &rest[open..close])
            }
            None => (rest, ""),
        };
        literal.push_str(text);
        path.push_str(&percent_encode(text, encoded_in_path));
        path.push_str(param);
        rest = &rest[text.len() + param.len()..];
    }
    if let Some(segment) = before
        .split('/')
        .skip(1)
        .find(|s| !s.contains('{') && dot_segment(s))
    {
        return Err(Error::spec(
            pointer,
            format!(
                "path `{key}` has the segment `{segment}`, which URL parsing removes: no call \
                 could be sent to this path"
            ),
        ));
    }
    let bad = offending(&literal, encoded_in_path);
    if !bad.is_empty() {
        diags.warn(
            pointer,
            format!(
                "path `{key}` has characters a URL cannot carry as they are ({bad}): they are \
                 sent percent-encoded (`{path}`)"
            ),
        );
    }
    let query = match query {
        None => None,
        Some(q) if q.contains(['{', '}']) => {
            return Err(Error::spec(
                pointer,
                format!(
                    "path `{key}` has a parameter in its query (`?{q}`): declare it as a query \
                     parameter instead"
                ),
            ))
        }
        Some(q) => {
            let encoded = percent_encode(q, encoded_in_query);
            let bad = offending(q, encoded_in_query);
            let sent = if bad.is_empty() {
                String::new()
            } else {
                format!(", percent-encoded ({bad}): `{encoded}`")
            };
            diags.warn(
                pointer,
                format!(
                    "path `{key}` has a query (`?{q}`): its operations are sent to `{path}` \
                     with it first in their query string{sent}"
                ),
            );
            Some(encoded).filter(|q| !q.is_empty())
        }
    };
    Ok(SentPath { path, query })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(key: &str) -> (Result<SentPath>, Vec<String>) {
        let mut diags = Diagnostics::default();
        let sent = sent_path(key, "#/paths/p", &mut diags);
        let warnings = diags
            .into_sorted()
            .iter()
            .map(ToString::to_string)
            .collect();
        (sent, warnings)
    }

    fn path(p: &str, q: Option<&str>) -> SentPath {
        SentPath {
            path: p.to_string(),
            query: q.map(str::to_string),
        }
    }

    #[test]
    fn a_fragment_is_dropped_with_a_warning() {
        let (got, warnings) = sent("/oauth2/token#refresh");
        assert_eq!(got.unwrap(), path("/oauth2/token", None));
        assert_eq!(
            warnings,
            [
                "#/paths/p: path `/oauth2/token#refresh` has a fragment (`#refresh`): its \
              operations are sent to the path before the `#` (a fragment only keeps operations \
              on one path apart)"
            ]
        );
        let (got, _) = sent("/files/{file_id}#get_shared_link");
        assert_eq!(got.unwrap(), path("/files/{file_id}", None));
    }

    #[test]
    fn a_plain_key_is_sent_as_it_is_without_a_word() {
        for key in [
            "/groups/{groupId}",
            "/a/%2F/b:pin",
            "/g/{a}.{b}",
            "/",
            "/a/...",
        ] {
            let (got, warnings) = sent(key);
            assert_eq!(got.unwrap(), path(key, None), "{key}");
            assert!(warnings.is_empty(), "{key}: {warnings:?}");
        }
    }

    #[test]
    fn a_query_in_the_key_is_sent_first_in_the_query_string() {
        let (got, warnings) = sent("/responses/{response_id}?beta=true");
        assert_eq!(
            got.unwrap(),
            path("/responses/{response_id}", Some("beta=true"))
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("has a query (`?beta=true`)"),
            "{warnings:?}"
        );
        let (got, warnings) = sent("/a?x=a b#frag");
        assert_eq!(got.unwrap(), path("/a", Some("x=a%20b")));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(sent("/a?x={id}").0.is_err());
    }

    #[test]
    fn characters_a_url_cannot_carry_are_percent_encoded_with_a_warning() {
        let (got, warnings) = sent("/my files/{id}/é");
        assert_eq!(got.unwrap(), path("/my%20files/{id}/%C3%A9", None));
        assert_eq!(
            warnings,
            [
                "#/paths/p: path `/my files/{id}/é` has characters a URL cannot carry as they are \
              (' ', 'é'): they are sent percent-encoded (`/my%20files/{id}/%C3%A9`)"
            ]
        );
    }

    #[test]
    fn a_dot_segment_is_an_error_at_the_path() {
        for key in ["/a/../b", "/a/.", "/a/%2E%2e/b"] {
            let err = sent(key).0.unwrap_err().to_string();
            assert!(
                err.contains("#/paths/p") && err.contains("URL parsing removes"),
                "{err}"
            );
        }
    }
}

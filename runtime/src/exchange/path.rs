//! Request paths: percent-encoding of path parameters ([`segment`], and [`param`] for the
//! other styles and types), and joining a path onto the base URL without letting URL
//! normalisation change it.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use url::Url;

use crate::error::Error;
use crate::exchange::style::{render, Escape, Style};

/// Everything except the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encode one path segment (a path parameter value).
///
/// Every byte outside the RFC 3986 unreserved set is percent-encoded (UTF-8),
/// so `/`, `?`, `#` and `%` can never change the path's structure. The whole
/// segments `.` and `..` are encoded as `%2E` and `%2E%2E`.
///
/// Note: URL parsers (WHATWG, and thus `url`/`reqwest`) still treat `%2E` and
/// `%2E%2E` as dot segments and would collapse them; [`crate::Transport`]
/// therefore refuses to send a request whose path would be rewritten that way.
pub fn encode_segment(s: &str) -> String {
    segment(s).to_string()
}

/// [`encode_segment`] without the allocation: a value that writes the encoded segment when
/// formatted, for building a path with one `format!`.
pub fn segment(s: &str) -> Segment<'_> {
    Segment(s)
}

/// A path segment that percent-encodes itself when displayed (see [`encode_segment`]).
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a>(&'a str);

impl std::fmt::Display for Segment<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            "." => f.write_str("%2E"),
            ".." => f.write_str("%2E%2E"),
            // Ids and names are almost always unreserved already: write them in one go.
            s if s
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')) =>
            {
                f.write_str(s)
            }
            s => utf8_percent_encode(s, SEGMENT).fmt(f),
        }
    }
}

/// Path parameter `name` written in `style` (`simple`, `label` or `matrix`; see
/// [`Style`]): values percent-encoded like [`segment`] (a whole `.` or `..` too), delimiters
/// the style adds (`,` `.` `;` `=`) as they are. A value with no form in that style (a list
/// of lists) is refused with [`Error::Validation`] before anything is sent.
///
/// ```
/// use atlas_admin_runtime::{path, Style};
///
/// assert_eq!(path::param("id", &7, Style::Simple { explode: false }).unwrap(), "7");
/// assert_eq!(
///     path::param("ids", &["a b", "c"], Style::Matrix { explode: true }).unwrap(),
///     ";ids=a%20b;ids=c"
/// );
/// ```
pub fn param<T: Serialize + ?Sized>(name: &str, value: &T, style: Style) -> Result<String, Error> {
    let text = render(name, value, style, Escape::Percent)?.unwrap_or_default();
    Ok(match text.as_str() {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => text,
    })
}

/// `base` + `path` (base path prefix kept). Fails if URL parsing would rewrite
/// `path` (e.g. collapse a `%2E%2E` segment), so a request never reaches a
/// different resource than the caller built.
pub(crate) fn endpoint(base: &Url, path: &str) -> Result<Url, Error> {
    let prefix = base.path().trim_end_matches('/');
    // The usual case (no base path, an absolute path) needs no joined copy.
    let joined;
    let expected = if prefix.is_empty() && path.starts_with('/') {
        path
    } else {
        joined = if path.starts_with('/') {
            format!("{prefix}{path}")
        } else {
            format!("{prefix}/{path}")
        };
        joined.as_str()
    };
    // Resolving `expected` against the base builds the URL in one buffer sized for the
    // path (cloning the base and `set_path` grow a copy of the base several times). A
    // leading `//` would be read as a different host: that case goes through `set_path`.
    let url = if expected.starts_with('/') && !expected.starts_with("//") {
        Url::options().base_url(Some(base)).parse(expected).ok()
    } else {
        None
    };
    let url = url.unwrap_or_else(|| {
        let mut url = base.clone();
        url.set_path(expected);
        url
    });
    if url.path() != expected || url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(
            "path would be rewritten by URL normalization".into(),
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn endpoint_keeps_prefix_and_refuses_rewrites() {
        let b = base("https://h.example/");
        assert_eq!(
            endpoint(&b, "/api/x").unwrap().as_str(),
            "https://h.example/api/x"
        );
        let b = base("https://h.example/prefix/");
        assert_eq!(endpoint(&b, "/api/x").unwrap().path(), "/prefix/api/x");
        let b = base("https://h.example");
        for bad in ["/a/%2E%2E/b", "/a/%2E", "/a/../b", "/a b", "/a#b", "/a?b"] {
            assert!(endpoint(&b, bad).is_err(), "{bad}");
        }
        for good in ["/a/%2F/b", "/a/..%2F/b", "/g/x:pin", "/a/%C3%A9", "/a/..."] {
            assert_eq!(endpoint(&b, good).unwrap().path(), good);
        }
        // Never read as another host.
        let u = endpoint(&b, "//evil.example/x").unwrap();
        assert_eq!(
            (u.host_str(), u.path()),
            (Some("h.example"), "//evil.example/x")
        );
    }

    #[test]
    fn cases() {
        let cases = [
            ("abc123", "abc123"),
            ("5f1a-._~", "5f1a-._~"),
            ("../", "..%2F"),
            ("/", "%2F"),
            ("a/b", "a%2Fb"),
            ("?x=1", "%3Fx%3D1"),
            ("#frag", "%23frag"),
            ("%2F", "%252F"),
            (".", "%2E"),
            ("..", "%2E%2E"),
            ("...", "..."),
            ("a b+c", "a%20b%2Bc"),
            ("é", "%C3%A9"),
            ("日本", "%E6%97%A5%E6%9C%AC"),
            ("", ""),
            ("user@example.com", "user%40example.com"),
        ];
        for (input, want) in cases {
            assert_eq!(encode_segment(input), want, "input {input:?}");
        }
    }
}

//! Percent-encoding of path parameters.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

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

#[cfg(test)]
mod tests {
    use super::encode_segment;

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

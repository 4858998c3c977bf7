//! Unwrapping of Atlas' `envelope=true` responses.
//!
//! With `?envelope=true` Atlas always answers `200` with
//! `{"status": <real status>, "content": <real body>}`; callers see the real
//! status and the `content` as body.

use bytes::Bytes;
use http::StatusCode;
use serde_json::Value;

/// Unwrap an envelope. Anything that is not a well-formed envelope is returned unchanged.
pub(crate) fn unwrap(status: StatusCode, body: Bytes) -> (StatusCode, Bytes) {
    let Ok(Value::Object(mut obj)) = serde_json::from_slice::<Value>(&body) else {
        return (status, body);
    };
    let Some(real) = obj
        .get("status")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
    else {
        return (status, body);
    };
    match obj.remove("content") {
        // A missing or null content means "no body" (e.g. 204).
        None | Some(Value::Null) => (real, Bytes::new()),
        Some(content) => match serde_json::to_vec(&content) {
            Ok(bytes) => (real, Bytes::from(bytes)),
            Err(_) => (status, body),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwraps_success_and_error() {
        let (s, b) = unwrap(
            StatusCode::OK,
            Bytes::from_static(br#"{"status":201,"content":{"id":"x"}}"#),
        );
        assert_eq!(s, StatusCode::CREATED);
        assert_eq!(&b[..], br#"{"id":"x"}"#);
        let (s, b) = unwrap(
            StatusCode::OK,
            Bytes::from_static(br#"{"status":404,"content":{"errorCode":"NOPE"}}"#),
        );
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert_eq!(&b[..], br#"{"errorCode":"NOPE"}"#);
        let (s, b) = unwrap(StatusCode::OK, Bytes::from_static(br#"{"status":204}"#));
        assert_eq!(s, StatusCode::NO_CONTENT);
        assert!(b.is_empty());
    }

    #[test]
    fn leaves_non_envelopes_alone() {
        for body in [
            &b"<html>"[..],
            br#"{"status":"x","content":1}"#,
            br#"[1]"#,
            b"",
        ] {
            let (s, b) = unwrap(StatusCode::BAD_GATEWAY, Bytes::copy_from_slice(body));
            assert_eq!(s, StatusCode::BAD_GATEWAY);
            assert_eq!(&b[..], body);
        }
    }
}

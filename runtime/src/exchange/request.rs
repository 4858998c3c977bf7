//! [`Request`]: one API call as the generated code describes it, and its [`RequestBody`].

use bytes::Bytes;
use http::Method;
use serde::Serialize;

use crate::error::Error;

/// One API call, fully described by the generated code.
#[derive(Debug, Clone)]
pub struct Request {
    /// OpenAPI `operationId`, for tracing and errors.
    pub operation_id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// The path template, e.g. `/api/atlas/v2/groups/{groupId}/serverless` (for tracing).
    pub path_template: &'static str,
    /// The concrete path, already percent-encoded with [`crate::path::encode_segment`].
    pub path: String,
    /// Query parameters; values are form-urlencoded by the transport.
    pub query: Vec<(&'static str, String)>,
    /// Header parameters.
    pub headers: Vec<(&'static str, String)>,
    /// Sent verbatim as the `Accept` header.
    pub accept: &'static str,
    /// Optional body.
    pub body: Option<RequestBody>,
}

impl Request {
    /// A request without query, headers or body.
    pub fn new(
        operation_id: &'static str,
        method: Method,
        path_template: &'static str,
        path: impl Into<String>,
        accept: &'static str,
    ) -> Self {
        Request {
            operation_id,
            method,
            path_template,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            accept,
            body: None,
        }
    }

    /// Adds query parameter `name` with the value as sent on the wire: nothing for an absent
    /// optional value, one pair per item for a list.
    pub fn query(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) {
        value.push_to(name, &mut self.query);
    }

    /// Adds header parameter `name`, like [`Request::query`].
    pub fn header(&mut self, name: &'static str, value: &(impl ParamValue + ?Sized)) {
        value.push_to(name, &mut self.headers);
    }

    /// `true` if the query asks Atlas for an envelope (`envelope=true`).
    pub fn wants_envelope(&self) -> bool {
        self.query
            .iter()
            .any(|(k, v)| *k == "envelope" && v == "true")
    }
}

/// A query or header parameter value: scalars are sent as their text (date-times in
/// RFC 3339), an absent optional value is not sent, a list is sent once per item.
pub trait ParamValue {
    /// Appends `(name, text)` for each value.
    fn push_to(&self, name: &'static str, out: &mut Vec<(&'static str, String)>);
}

macro_rules! display_param {
    ($($t:ty),*) => {
        $(impl ParamValue for $t {
            fn push_to(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((name, self.to_string()));
            }
        })*
    };
}

display_param!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    str,
    String,
    chrono::NaiveDate
);

impl ParamValue for std::borrow::Cow<'_, str> {
    fn push_to(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, self.to_string()));
    }
}

/// Sent as written ([`crate::DateTime::as_str`]).
impl ParamValue for crate::DateTime {
    fn push_to(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, self.as_str().to_string()));
    }
}

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn push_to(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, self.to_rfc3339()));
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn push_to(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        if let Some(value) = self {
            value.push_to(name, out);
        }
    }
}

impl<T: ParamValue> ParamValue for [T] {
    fn push_to(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        for value in self {
            value.push_to(name, out);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn push_to(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        self.as_slice().push_to(name, out);
    }
}

/// A request body with its media type.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// Sent as `Content-Type`.
    pub content_type: &'static str,
    /// The encoded body.
    pub bytes: Bytes,
}

impl RequestBody {
    /// Serialize `value` as JSON, as a request body: `readOnly` properties of the generated
    /// models are left out (see [`crate::fields::in_request_body`]).
    pub fn json<T: Serialize + ?Sized>(
        content_type: &'static str,
        value: &T,
    ) -> Result<Self, Error> {
        let bytes =
            crate::fields::in_request_body(|| serde_json::to_vec(value)).map_err(Error::Encode)?;
        Ok(RequestBody {
            content_type,
            bytes: Bytes::from(bytes),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_sent_as_wire_text() {
        use chrono::TimeZone;
        let mut r = Request::new("op", Method::GET, "/x", "/x", "application/json");
        r.query("envelope", &Some(true));
        r.query("pretty", &None::<bool>);
        r.query("n", &5i32);
        r.query("ids", &vec!["a".to_string(), "b".to_string()]);
        r.query("name", &std::borrow::Cow::Borrowed("a b"));
        let at = chrono::Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        r.query("since", &Some(at));
        let offset = crate::DateTime::parse("2026-01-02T05:04:05.100000+02:00").unwrap();
        r.query("until", &offset);
        r.header("X-Flag", &Some(false));
        assert_eq!(
            r.query,
            [
                ("envelope", "true".to_string()),
                ("n", "5".to_string()),
                ("ids", "a".to_string()),
                ("ids", "b".to_string()),
                ("name", "a b".to_string()),
                ("since", "2026-01-02T03:04:05+00:00".to_string()),
                ("until", "2026-01-02T05:04:05.100000+02:00".to_string()),
            ]
        );
        assert_eq!(r.headers, [("X-Flag", "false".to_string())]);
        assert!(r.wants_envelope());
    }

    #[test]
    fn body_json_and_envelope_flag() {
        let b = RequestBody::json("application/json", &serde_json::json!({"x": 1})).unwrap();
        assert_eq!(&b.bytes[..], br#"{"x":1}"#);
        let mut r = Request::new("op", Method::GET, "/p", "/p", "application/json");
        assert!(!r.wants_envelope());
        r.query.push(("envelope", "true".into()));
        assert!(r.wants_envelope());
    }
}

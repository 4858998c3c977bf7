//! [`Request`]: one API call as the generated code describes it, its parameters written in
//! their OpenAPI `style` ([`Style`]), and its [`RequestBody`].

use std::borrow::Cow;

use bytes::Bytes;
use http::Method;
use serde::Serialize;

use crate::error::Error;
use crate::exchange::style::{render, Escape, Style};

/// One API call, fully described by the generated code.
#[derive(Debug, Clone)]
pub struct Request {
    /// OpenAPI `operationId`, for tracing and errors.
    pub operation_id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// The path template, e.g. `/api/atlas/v2/groups/{groupId}/serverless` (for tracing).
    pub path_template: &'static str,
    /// The concrete path, already percent-encoded (see [`crate::path`]).
    pub path: String,
    /// The query string without its `?`, already percent-encoded: `name=value` pairs joined
    /// by `&`, as [`Request::query`] and [`Request::query_with`] write them.
    pub query: String,
    /// Header parameters (values as sent); cookie parameters are one `Cookie` entry.
    pub headers: Vec<(&'static str, String)>,
    /// Sent verbatim as the `Accept` header.
    pub accept: &'static str,
    /// Optional body.
    pub body: Option<RequestBody>,
    /// The operation's own server, when its spec names one (the first entry of the
    /// operation's, else its path item's, `servers`, with `{variables}` at their defaults:
    /// `https://upload.box.com/api/2.0`): the path is joined to it instead of the client's
    /// base URL, unless the client redirects it ([`crate::ClientBuilder::server_url`],
    /// [`crate::ClientBuilder::all_servers_to_base_url`]). `None`: the base URL.
    pub server: Option<&'static str>,
    /// Sent without credentials: no `Authorization` header, no Digest challenge answered, no
    /// OAuth token fetched, whatever the client is configured with (also when credentials are
    /// missing). Set by operations whose spec says `security: []` (e.g. an OAuth token
    /// endpoint on another host, which must not see the client's token); see
    /// [`Request::anonymous()`].
    pub anonymous: bool,
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
            query: String::new(),
            headers: Vec::new(),
            accept,
            body: None,
            server: None,
            anonymous: false,
        }
    }

    /// This request sent without credentials (sets the `anonymous` field): no `Authorization`
    /// header, no Digest challenge answered, no OAuth token fetched. A `401` answer to it is
    /// an [`Error::Auth`] saying it was sent without credentials.
    pub fn anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// This request with `query` (without its `?`, already percent-encoded: `beta=true`) first
    /// in its query string: the query a spec writes into its path key. Query parameters added
    /// later follow it, joined by `&`.
    pub fn with_query(mut self, query: &'static str) -> Self {
        self.query = query.to_owned();
        self
    }

    /// This request with its operation's own server (see [`Request::server`]).
    pub fn with_server(mut self, server: &'static str) -> Self {
        self.server = Some(server);
        self
    }

    /// Adds query parameter `name` in OpenAPI's default style for queries (`form`, `explode:
    /// true`): `name=value`, one pair per item of a list, one `property=value` pair per
    /// property of an object, nothing for an absent value. Names and values are
    /// percent-encoded (everything but RFC 3986's unreserved characters; a space is `%20`).
    /// See [`Request::query_with`].
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
        self.query_with(name, value, Style::Form { explode: true }, false)
    }

    /// Adds query parameter `name` written in `style` (see [`Style`]). With `allow_reserved`
    /// (OpenAPI's `allowReserved`) the RFC 3986 reserved characters of values
    /// (`:/?#[]@!$&'()*+,;=`) are sent as they are. A value that has no form in that style
    /// (a list of lists) is refused with [`Error::Validation`] before anything is sent.
    pub fn query_with<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        allow_reserved: bool,
    ) -> Result<(), Error> {
        let escape = if allow_reserved {
            Escape::Reserved
        } else {
            Escape::Percent
        };
        if let Some(text) = render(name, value, style, escape)? {
            if !self.query.is_empty() && !text.is_empty() {
                self.query.push('&');
            }
            self.query.push_str(&text);
        }
        Ok(())
    }

    /// Adds header parameter `name` in OpenAPI's style for headers (`simple`, `explode:
    /// false`): a list as `a,b,c`, an object as `k,v,k,v`; nothing for an absent value.
    pub fn header<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.header_with(name, value, Style::Simple { explode: false })
    }

    /// Adds header parameter `name` written in `style` (headers only have `simple`; with
    /// `explode: true` an object is `k=v,k=v`). Values are not percent-encoded; one a header
    /// cannot hold is refused by the transport before sending.
    pub fn header_with<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Result<(), Error> {
        if let Some(text) = render(name, value, style, Escape::None)? {
            self.headers.push((name, text));
        }
        Ok(())
    }

    /// Adds cookie parameter `name` in OpenAPI's style for cookies (`form`, `explode: true`):
    /// `name=value` in the request's one `Cookie` header, cookies separated by `; `.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
        self.cookie_with(name, value, Style::Form { explode: true })
    }

    /// Adds cookie parameter `name` written in `style` (`form`; with `explode: false` a list
    /// is `name=a,b,c`). Values are percent-encoded like query values, so a value never
    /// holds a `;`, `,`, space or quote that would break the header.
    pub fn cookie_with<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
    ) -> Result<(), Error> {
        let Some(text) = render(name, value, style, Escape::Percent)? else {
            return Ok(());
        };
        match self.headers.iter_mut().find(|(n, _)| *n == "Cookie") {
            Some((_, cookies)) => {
                cookies.push_str("; ");
                cookies.push_str(&text);
            }
            None => self.headers.push(("Cookie", text)),
        }
        Ok(())
    }

    /// `true` if the query asks Atlas for an envelope (`envelope=true`).
    pub fn wants_envelope(&self) -> bool {
        !self.query.is_empty() && self.query.split('&').any(|pair| pair == "envelope=true")
    }
}

/// A request body with its media type.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// Sent as `Content-Type` (with its parameters, such as a multipart `boundary`).
    pub content_type: Cow<'static, str>,
    /// The encoded body.
    pub bytes: Bytes,
}

impl RequestBody {
    /// A body sent as it is: text (`text/plain`, `text/csv`, …) or bytes
    /// (`application/octet-stream`, …).
    pub fn new(content_type: &'static str, bytes: impl Into<Bytes>) -> Self {
        RequestBody {
            content_type: Cow::Borrowed(content_type),
            bytes: bytes.into(),
        }
    }

    /// Serialize `value` as JSON, as a request body: `readOnly` properties of the generated
    /// models are left out (see [`crate::fields::in_request_body`]).
    pub fn json<T: Serialize + ?Sized>(
        content_type: &'static str,
        value: &T,
    ) -> Result<Self, Error> {
        let bytes =
            crate::fields::in_request_body(|| serde_json::to_vec(value)).map_err(Error::Encode)?;
        Ok(RequestBody::new(content_type, bytes))
    }

    /// Serialize `value` (an object of primitives and lists of primitives) as
    /// `application/x-www-form-urlencoded` (WHATWG URL standard: a space is `+`): one
    /// `name=value` pair per property, one per item of a list (OpenAPI's default `form` style
    /// with `explode: true`), none for an absent property; `readOnly` properties of the
    /// generated models are left out, as in [`RequestBody::json`]. A nested object is refused
    /// ([`Error::Encode`]).
    pub fn form<T: Serialize + ?Sized>(
        content_type: &'static str,
        value: &T,
    ) -> Result<Self, Error> {
        let text =
            crate::fields::in_request_body(|| serde_html_form::to_string(value)).map_err(|e| {
                Error::Encode(<serde_json::Error as serde::ser::Error>::custom(format!(
                    "form-urlencoded body: {e}"
                )))
            })?;
        Ok(RequestBody::new(content_type, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_sent_as_wire_text() {
        let mut r = Request::new("op", Method::GET, "/x", "/x", "application/json");
        r.query("envelope", &Some(true)).unwrap();
        r.query("pretty", &None::<bool>).unwrap();
        r.query("n", &5i32).unwrap();
        r.query("ids", &vec!["a".to_string(), "b".to_string()])
            .unwrap();
        r.query("name", &std::borrow::Cow::Borrowed("a b&c"))
            .unwrap();
        r.query_with(
            "ids",
            &["x", "y,z"],
            Style::PipeDelimited { explode: false },
            false,
        )
        .unwrap();
        r.header("X-Flag", &Some(false)).unwrap();
        r.header("X-Ids", &[1, 2]).unwrap();
        r.cookie("session", "a b").unwrap();
        r.cookie_with("ids", &[1, 2], Style::Form { explode: false })
            .unwrap();
        // A date-time goes out as written (offset and fraction digits kept).
        let until = crate::DateTime::parse("2026-01-02T05:04:05.100000+02:00").unwrap();
        r.query("until", &until).unwrap();
        assert_eq!(
            r.query,
            "envelope=true&n=5&ids=a&ids=b&name=a%20b%26c&ids=x|y%2Cz\
             &until=2026-01-02T05%3A04%3A05.100000%2B02%3A00"
        );
        assert_eq!(
            r.headers,
            [
                ("X-Flag", "false".to_string()),
                ("X-Ids", "1,2".to_string()),
                ("Cookie", "session=a%20b; ids=1,2".to_string())
            ]
        );
        assert!(r.wants_envelope());
    }

    #[test]
    fn body_json_form_and_envelope_flag() {
        let b = RequestBody::json("application/json", &serde_json::json!({"x": 1})).unwrap();
        assert_eq!(&b.bytes[..], br#"{"x":1}"#);
        #[derive(serde::Serialize)]
        struct Login<'a> {
            user: &'a str,
            scopes: Vec<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            note: Option<&'a str>,
        }
        let login = Login {
            user: "a b&c",
            scopes: vec!["read", "write"],
            note: None,
        };
        let b = RequestBody::form("application/x-www-form-urlencoded", &login).unwrap();
        assert_eq!(&b.bytes[..], b"user=a+b%26c&scopes=read&scopes=write");
        assert!(RequestBody::form("x", &serde_json::json!({"a": {"b": 1}})).is_err());
        // A `readOnly` property is left out of a form body, as of a JSON one.
        #[derive(serde::Serialize)]
        struct Account {
            name: &'static str,
            #[serde(skip_serializing_if = "crate::fields::skip_read_only")]
            id: Option<&'static str>,
        }
        let account = Account {
            name: "n",
            id: Some("server-set"),
        };
        let b = RequestBody::form("application/x-www-form-urlencoded", &account).unwrap();
        assert_eq!(&b.bytes[..], b"name=n");
        let b = RequestBody::json("application/json", &account).unwrap();
        assert_eq!(&b.bytes[..], br#"{"name":"n"}"#);

        let mut r = Request::new("op", Method::GET, "/p", "/p", "application/json");
        assert!(!r.wants_envelope());
        r.query("envelope", "true").unwrap();
        assert!(r.wants_envelope());
        let mut r = Request::new("op", Method::GET, "/p", "/p", "application/json");
        r.query("xenvelope", "true").unwrap();
        assert!(!r.wants_envelope());
    }
}

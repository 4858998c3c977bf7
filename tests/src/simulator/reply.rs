//! Building answers: Atlas error documents, envelopes, pretty-printing.

use axum::body::Body;
use axum::http::{Response, StatusCode};
use serde_json::{json, Value};

use super::Fault;

/// The `envelope` and `pretty` query flags.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Flags {
    pub(super) envelope: bool,
    pub(super) pretty: bool,
}

impl Flags {
    pub(super) fn from_query(q: Option<&str>) -> Flags {
        let mut f = Flags::default();
        for (k, v) in form_urlencoded::parse(q.unwrap_or("").as_bytes()) {
            match &*k {
                "envelope" => f.envelope = v == "true",
                "pretty" => f.pretty = v == "true",
                _ => {}
            }
        }
        f
    }
}

/// An answer before envelope / pretty-printing are applied.
#[derive(Debug, Clone)]
pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) body: Option<Value>,
    pub(super) content_type: String,
    pub(super) headers: Vec<(String, String)>,
}

impl Reply {
    pub(super) fn json(status: u16, content_type: &str, body: Value) -> Reply {
        Reply {
            status,
            body: Some(body),
            content_type: content_type.to_owned(),
            headers: Vec::new(),
        }
    }

    pub(super) fn with_headers(mut self, h: &[(&str, String)]) -> Self {
        self.headers
            .extend(h.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
        self
    }

    /// Serialize; with `envelope` the status becomes `200` and the body
    /// `{"status": <real status>, "content": <body>}`.
    pub(super) fn into_response(self, envelope: bool, pretty: bool) -> Response<Body> {
        let (status, body) = if envelope {
            (
                200,
                Some(json!({ "status": self.status, "content": self.body })),
            )
        } else {
            (self.status, self.body)
        };
        let text = match &body {
            None => String::new(),
            Some(v) if pretty => serde_json::to_string_pretty(v).expect("json"),
            Some(v) => serde_json::to_string(v).expect("json"),
        };
        let mut b = Response::builder().status(status);
        if body.is_some() {
            b = b.header("content-type", &self.content_type);
        }
        for (k, v) in &self.headers {
            b = b.header(k.as_str(), v.as_str());
        }
        b.body(Body::from(text)).expect("valid response")
    }
}

fn reason(status: u16) -> &'static str {
    StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown")
}

/// An Atlas error document (`application/json`).
pub(super) fn atlas_error(status: u16, code: &str, detail: &str, parameters: Vec<Value>) -> Reply {
    Reply::json(
        status,
        "application/json",
        json!({
            "error": status,
            "errorCode": code,
            "detail": detail,
            "reason": reason(status),
            "parameters": parameters,
        }),
    )
}

/// `400 VALIDATION_ERROR` listing every `(field, description)` violation.
pub(super) fn validation_error(violations: &[(String, String)]) -> Reply {
    let detail = violations
        .iter()
        .map(|(f, d)| format!("{f}: {d}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut r = atlas_error(
        400,
        "VALIDATION_ERROR",
        &format!("Invalid request body. {detail}"),
        violations
            .iter()
            .map(|(f, _)| Value::from(f.as_str()))
            .collect(),
    );
    if let Some(Value::Object(o)) = &mut r.body {
        o.insert(
            "badRequestDetail".into(),
            json!({
                "fields": violations
                    .iter()
                    .map(|(f, d)| json!({"field": f, "description": d}))
                    .collect::<Vec<_>>()
            }),
        );
    }
    r
}

/// The answer for an injected fault (`Raw` and `Delay` are handled by the caller).
pub(super) fn fault(f: &Fault) -> Reply {
    match f {
        Fault::TooManyRequests { retry_after } => {
            let r = atlas_error(
                429,
                "RATE_LIMITED",
                "Resource rate limit exceeded. Try again later.",
                vec![],
            );
            match retry_after {
                Some(s) => r.with_headers(&[("retry-after", s.to_string())]),
                None => r,
            }
        }
        Fault::InternalError => atlas_error(500, "UNEXPECTED_ERROR", "Unexpected error.", vec![]),
        Fault::Error {
            status,
            error_code,
            detail,
        } => atlas_error(*status, error_code, detail, vec![]),
        Fault::Raw { .. } | Fault::Delay(_) => {
            unreachable!("handled by the caller")
        }
    }
}

/// A raw answer, never enveloped.
pub(super) fn raw(
    status: u16,
    content_type: &str,
    body: String,
    headers: &[(&str, String)],
) -> Response<Body> {
    let mut b = Response::builder()
        .status(status)
        .header("content-type", content_type);
    for (k, v) in headers {
        b = b.header(*k, v.as_str());
    }
    b.body(Body::from(body)).expect("valid response")
}

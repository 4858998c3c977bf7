//! Responses → the answer a client decodes ([`Success`]: one type, or an enum of the
//! documented 2xx responses when their bodies differ) and every documented response
//! ([`Response`]), with their content and examples.

use serde_json::{Map, Value};
use std::collections::HashMap;

use super::bodies::{body_kind, pick_media};
use super::naming::response_name;
use super::schema::{description, Lowerer};
use crate::error::{Error, Result};
use crate::ir::{
    BodyKind, Content, Example, Response, ResponseBody, ResponseStatus, Success, SuccessEnum,
    SuccessVariant, TypeRef,
};
use crate::load::child;

/// The types response schemas were lowered to, by the schema's pointer: a response shared
/// through `#/components/responses` is lowered once.
#[derive(Debug, Default)]
pub struct ResponseTypes {
    by_pointer: HashMap<String, TypeRef>,
}

/// The `responses` map of an operation.
fn responses_of<'d>(op: &'d Value, pointer: &str) -> Result<&'d Map<String, Value>> {
    let responses_pointer = child(pointer, "responses");
    match op.get("responses") {
        Some(Value::Object(r)) => Ok(r),
        Some(_) => Err(Error::spec(
            responses_pointer,
            "responses must be a mapping",
        )),
        None => Err(Error::spec(
            responses_pointer,
            "an operation needs `responses`",
        )),
    }
}

impl<'d> Lowerer<'d> {
    /// The answer of an operation that the client decodes, from its documented 2xx responses
    /// (by status; `2XX` last), each read as its [`pick_media`] choice: one type when they all
    /// have the same body, else an enum (whose `rust_name` the caller sets). The `x-sunset`
    /// dates of the media types read (by the profile) go to `sunsets`.
    pub(super) fn success(
        &mut self,
        op: &'d Value,
        pointer: &str,
        builder: &str,
        sunsets: &mut Vec<String>,
    ) -> Result<Success> {
        let responses_pointer = child(pointer, "responses");
        let responses = responses_of(op, pointer)?;
        let mut documented: Vec<(ResponseStatus, &String, &'d Value)> = responses
            .iter()
            .filter_map(|(code, r)| match status(code)? {
                s @ ResponseStatus::Code(200..=299) | s @ ResponseStatus::Range(2) => {
                    Some((s, code, r))
                }
                _ => None,
            })
            .collect();
        documented.sort_by_key(|(s, _, _)| *s);
        let mut variants: Vec<SuccessVariant> = Vec::new();
        let mut accept: Vec<String> = Vec::new();
        let mut named_body = false;
        for (status, code, r) in documented {
            let r_pointer = child(&responses_pointer, code);
            let (r, r_pointer) = self.refs.deref(r, &r_pointer)?;
            let rust_name = variant_name(status);
            let content = r.get("content").and_then(Value::as_object);
            let picked = content.and_then(|c| pick_media(self.profile, c));
            let mut body = None;
            if let Some((media, media_obj)) = picked {
                if !accept.contains(media) {
                    accept.push(media.clone());
                }
                sunsets.extend(self.profile.sunset(media_obj));
                let kind = match body_kind(self.profile, media) {
                    BodyKind::Form | BodyKind::Multipart => BodyKind::Binary,
                    kind => kind,
                };
                let schema_pointer = child(&child(&child(&r_pointer, "content"), media), "schema");
                let ty = match (kind, media_obj.get("schema")) {
                    (BodyKind::Json, Some(schema)) => {
                        // The first body keeps the name the client has always used.
                        let hint = if named_body {
                            format!("{builder}{rust_name}Response")
                        } else {
                            response_name(builder)
                        };
                        named_body = true;
                        Some(self.response_type(schema, &schema_pointer, &hint)?)
                    }
                    (BodyKind::Json, None) => None,
                    (BodyKind::Text, _) => Some(TypeRef::String),
                    _ => Some(TypeRef::Bytes),
                };
                body = ty.map(|ty| ResponseBody { kind, ty });
            }
            variants.push(SuccessVariant {
                rust_name,
                status,
                body,
                doc: description(r),
            });
        }
        let first_status = variants.first().map(|v| match v.status {
            ResponseStatus::Code(c) => c,
            _ => 200,
        });
        let accept = if accept.is_empty() {
            "application/json".to_string()
        } else {
            accept.join(", ")
        };
        let agree = variants.windows(2).all(|w| w[0].body == w[1].body);
        if agree {
            let with_body = variants.iter().find(|v| v.body.is_some());
            return Ok(Success {
                status: first_status,
                accept,
                body: with_body.and_then(|v| v.body.clone()),
                doc: with_body.or(variants.first()).and_then(|v| v.doc.clone()),
                several: None,
            });
        }
        Ok(Success {
            status: first_status,
            accept,
            body: None,
            doc: variants.first().and_then(|v| v.doc.clone()),
            several: Some(SuccessEnum {
                rust_name: String::new(),
                variants,
            }),
        })
    }

    /// The type of a response schema, lowered once per pointer (a response shared through
    /// `#/components/responses` has one pointer); inline ones are named `hint`.
    fn response_type(&mut self, schema: &'d Value, pointer: &str, hint: &str) -> Result<TypeRef> {
        if let Some(ty) = self.response_types.by_pointer.get(pointer) {
            return Ok(ty.clone());
        }
        let ty = self.type_ref(schema, pointer, hint)?;
        self.response_types
            .by_pointer
            .insert(pointer.to_string(), ty.clone());
        Ok(ty)
    }

    /// Every response of an operation, in key order. Schemas are lowered once per pointer
    /// (those of the decoded answers keep their type, see `Lowerer::success`), other inline
    /// ones named `{Builder}Response…`.
    pub fn responses(
        &mut self,
        op: &'d Value,
        pointer: &str,
        builder: &str,
    ) -> Result<Vec<Response>> {
        let responses_pointer = child(pointer, "responses");
        let mut out = Vec::new();
        for (code, r) in responses_of(op, pointer)? {
            let r_pointer = child(&responses_pointer, code);
            let Some(status) = status(code) else {
                self.warn(
                    &r_pointer,
                    format!("`{code}` is not a status code, a range such as `2XX`, or `default`; the response is left out"),
                );
                continue;
            };
            let (r, r_pointer) = self.refs.deref(r, &r_pointer)?;
            let content = match r.get("content") {
                None => None,
                Some(Value::Object(content)) => self.content(content, &r_pointer, builder)?,
                Some(_) => {
                    return Err(Error::spec(
                        child(&r_pointer, "content"),
                        "content must be a mapping",
                    ))
                }
            };
            out.push(Response {
                status,
                description: description(r),
                content,
                pointer: r_pointer,
            });
        }
        Ok(out)
    }

    /// The content of one response: its [`pick_media`] choice, lowered.
    fn content(
        &mut self,
        content: &'d Map<String, Value>,
        r_pointer: &str,
        builder: &str,
    ) -> Result<Option<Content>> {
        let Some((media, media_obj)) = pick_media(self.profile, content) else {
            return Ok(None);
        };
        let kind = match body_kind(self.profile, media) {
            BodyKind::Form | BodyKind::Multipart => BodyKind::Binary,
            kind => kind,
        };
        let media_pointer = child(&child(r_pointer, "content"), media);
        let schema_pointer = child(&media_pointer, "schema");
        let ty = match (kind, media_obj.get("schema")) {
            (BodyKind::Json, Some(schema)) => {
                Some(self.response_type(schema, &schema_pointer, &response_name(builder))?)
            }
            (BodyKind::Json, None) => None,
            (BodyKind::Text, _) => Some(TypeRef::String),
            _ => Some(TypeRef::Bytes),
        };
        let mut also_offered: Vec<String> =
            content.keys().filter(|k| *k != media).cloned().collect();
        also_offered.sort();
        Ok(Some(Content {
            media_type: media.clone(),
            kind,
            ty,
            also_offered,
            examples: self.examples(media_obj, &media_pointer)?,
        }))
    }

    /// The `example` and `examples` of a media type object (`$ref`s to
    /// `#/components/examples` followed).
    fn examples(&self, media: &'d Value, pointer: &str) -> Result<Vec<Example>> {
        let mut out = Vec::new();
        if let Some(value) = media.get("example") {
            out.push(Example {
                name: None,
                summary: None,
                description: None,
                value: Some(value.clone()),
                external_value: None,
            });
        }
        let examples_pointer = child(pointer, "examples");
        match media.get("examples") {
            None => {}
            Some(Value::Object(examples)) => {
                for (name, example) in examples {
                    let (example, _) = self.refs.deref(example, &child(&examples_pointer, name))?;
                    let text =
                        |key: &str| example.get(key).and_then(Value::as_str).map(str::to_string);
                    out.push(Example {
                        name: Some(name.clone()),
                        summary: text("summary"),
                        description: text("description"),
                        value: example.get("value").cloned(),
                        external_value: text("externalValue"),
                    });
                }
            }
            Some(_) => {
                return Err(Error::spec(examples_pointer, "examples must be a mapping"));
            }
        }
        Ok(out)
    }
}

/// The status a `responses` key stands for: `404`, `2XX` (any case), `default`.
fn status(code: &str) -> Option<ResponseStatus> {
    if code == "default" {
        return Some(ResponseStatus::Default);
    }
    let b = code.as_bytes();
    if b.len() == 3 && (b'1'..=b'5').contains(&b[0]) && b[1..].eq_ignore_ascii_case(b"XX") {
        return Some(ResponseStatus::Range(b[0] - b'0'));
    }
    code.parse::<u16>()
        .ok()
        .filter(|s| (100..=599).contains(s))
        .map(ResponseStatus::Code)
}

/// The identifier of a 2xx response in a [`SuccessEnum`]: its reason phrase (RFC 9110 §15.3,
/// RFC 4918 and RFC 5842 for WebDAV's, RFC 3229 for `226`) in PascalCase; `Status{code}` for a
/// code without one; `Other` for `2XX`.
fn variant_name(status: ResponseStatus) -> String {
    let phrase = match status {
        ResponseStatus::Code(200) => "Ok",
        ResponseStatus::Code(201) => "Created",
        ResponseStatus::Code(202) => "Accepted",
        ResponseStatus::Code(203) => "NonAuthoritativeInformation",
        ResponseStatus::Code(204) => "NoContent",
        ResponseStatus::Code(205) => "ResetContent",
        ResponseStatus::Code(206) => "PartialContent",
        ResponseStatus::Code(207) => "MultiStatus",
        ResponseStatus::Code(208) => "AlreadyReported",
        ResponseStatus::Code(226) => "ImUsed",
        ResponseStatus::Code(code) => return format!("Status{code}"),
        _ => "Other",
    };
    phrase.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names() {
        assert_eq!(variant_name(ResponseStatus::Code(200)), "Ok");
        assert_eq!(variant_name(ResponseStatus::Code(204)), "NoContent");
        assert_eq!(variant_name(ResponseStatus::Code(299)), "Status299");
        assert_eq!(variant_name(ResponseStatus::Range(2)), "Other");
    }

    #[test]
    fn status_keys() {
        assert_eq!(status("404"), Some(ResponseStatus::Code(404)));
        assert_eq!(status("2XX"), Some(ResponseStatus::Range(2)));
        assert_eq!(status("5xx"), Some(ResponseStatus::Range(5)));
        assert_eq!(status("default"), Some(ResponseStatus::Default));
        assert_eq!(status("600"), None);
        assert_eq!(status("OK"), None);
    }
}

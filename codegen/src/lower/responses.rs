//! Responses → the answer a client decodes ([`Success`]) and every documented response
//! ([`Response`]), with their content and examples.

use serde_json::{Map, Value};
use std::collections::HashMap;

use super::bodies::{body_kind, pick_media};
use super::naming::response_name;
use super::schema::{description, Lowerer};
use crate::error::{Error, Result};
use crate::ir::{
    BodyKind, Content, Example, Response, ResponseBody, ResponseStatus, Success, TypeRef,
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
    /// The answer of an operation that the client decodes: the first 2xx (by status; `2XX`
    /// counts as 200) with a body, read as its [`pick_media`] choice. A later 2xx with another
    /// schema is reported. Also returns the pointer of the schema the body was lowered from.
    pub(super) fn success(
        &mut self,
        op: &'d Value,
        pointer: &str,
        builder: &str,
    ) -> Result<(Success, Option<String>)> {
        let responses_pointer = child(pointer, "responses");
        let responses = responses_of(op, pointer)?;
        let mut success: Vec<(u16, &String, &'d Value)> = responses
            .iter()
            .filter_map(|(code, r)| {
                let status = if code.eq_ignore_ascii_case("2XX") {
                    200
                } else {
                    code.parse().ok()?
                };
                (200..300).contains(&status).then_some((status, code, r))
            })
            .collect();
        success.sort_by_key(|(status, _, _)| *status);
        let mut chosen: Option<Success> = None;
        let mut chosen_schema: Option<&'d Value> = None;
        let mut chosen_pointer = None;
        let mut first_status = None;
        for (status, code, r) in success {
            let r_pointer = child(&responses_pointer, code);
            let (r, r_pointer) = self.refs.deref(r, &r_pointer)?;
            first_status.get_or_insert(status);
            let Some(content) = r.get("content").and_then(Value::as_object) else {
                continue;
            };
            let Some((media, media_obj)) = pick_media(self.profile, content) else {
                continue;
            };
            if let Some(existing) = &chosen {
                if existing.body.is_some() {
                    let schema = media_obj.get("schema");
                    if schema.is_some() && schema != chosen_schema {
                        self.warn(&r_pointer,
                            format!(
                                "a {code} answer is decoded with the type of the {} response; its own, different schema is not generated",
                                existing.status.unwrap_or(200)
                            ),
                        );
                    }
                    continue;
                }
            }
            let kind = body_kind(self.profile, media);
            let schema_pointer = child(&child(&child(&r_pointer, "content"), media), "schema");
            let ty = match (kind, media_obj.get("schema")) {
                (BodyKind::Json, Some(schema)) => {
                    Some(self.type_ref(schema, &schema_pointer, &response_name(builder))?)
                }
                (BodyKind::Json, None) => None,
                (BodyKind::Text, _) => Some(TypeRef::String),
                (BodyKind::Binary, _) => Some(TypeRef::Bytes),
            };
            chosen_schema = media_obj.get("schema");
            chosen_pointer = chosen_schema.map(|_| schema_pointer);
            chosen = Some(Success {
                status: Some(status),
                accept: media.clone(),
                body: ty.map(|ty| ResponseBody { kind, ty }),
                doc: description(r),
            });
        }
        let success = chosen.unwrap_or(Success {
            status: first_status,
            accept: "application/json".to_string(),
            body: None,
            doc: None,
        });
        let decoded = chosen_pointer.filter(|_| success.body.is_some());
        Ok((success, decoded))
    }

    /// Every response of an operation, in key order. `success` is the operation's decoded
    /// answer and `decoded` the pointer of the schema it was lowered from (see
    /// `Lowerer::success`): that schema keeps its type. Other schemas are lowered once per
    /// pointer, inline ones named `{Builder}Response…`.
    pub fn responses(
        &mut self,
        op: &'d Value,
        pointer: &str,
        builder: &str,
        success: &Success,
        decoded: Option<&str>,
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
                Some(Value::Object(content)) => {
                    self.content(content, &r_pointer, builder, success, decoded)?
                }
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
        success: &Success,
        decoded: Option<&str>,
    ) -> Result<Option<Content>> {
        let Some((media, media_obj)) = pick_media(self.profile, content) else {
            return Ok(None);
        };
        let kind = body_kind(self.profile, media);
        let media_pointer = child(&child(r_pointer, "content"), media);
        let schema_pointer = child(&media_pointer, "schema");
        let ty = match (kind, media_obj.get("schema")) {
            (BodyKind::Json, Some(_)) if decoded == Some(schema_pointer.as_str()) => {
                success.body.as_ref().map(|b| b.ty.clone())
            }
            (BodyKind::Json, Some(schema)) => {
                match self.response_types.by_pointer.get(&schema_pointer) {
                    Some(ty) => Some(ty.clone()),
                    None => {
                        let ty = self.type_ref(schema, &schema_pointer, &response_name(builder))?;
                        self.response_types
                            .by_pointer
                            .insert(schema_pointer, ty.clone());
                        Some(ty)
                    }
                }
            }
            (BodyKind::Json, None) => None,
            (BodyKind::Text, _) => Some(TypeRef::String),
            (BodyKind::Binary, _) => Some(TypeRef::Bytes),
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

#[cfg(test)]
mod tests {
    use super::*;

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

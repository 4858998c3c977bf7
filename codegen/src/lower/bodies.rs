//! Request bodies and answers → [`Body`] and [`Response`]: the media type each is sent or read
//! as, and its type.

use serde_json::Value;

use super::naming::{body_name, response_name};
use super::schema::{description, Lowerer};
use crate::error::{Error, Result};
use crate::ir::{Body, BodyKind, Response, TypeRef};
use crate::load::child;
use crate::profile::Profile;

/// How a media type is read and written: JSON (`application/json`, `…+json`), text
/// (`text/…`, and what the profile calls text) or bytes (anything else).
pub fn body_kind(profile: Profile, media: &str) -> BodyKind {
    let m = essence(media);
    if m == "application/json" || m.ends_with("+json") {
        BodyKind::Json
    } else if m.starts_with("text/") || profile.is_text(&m) {
        BodyKind::Text
    } else {
        BodyKind::Binary
    }
}

/// A media type without its parameters, lower-case (`Application/JSON; charset=utf-8` →
/// `application/json`).
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

/// Picks one media type from a `content` map: JSON first, then text, then binary; within a
/// kind, the profile's rank (for Atlas: the newest dated version,
/// `application/vnd.atlas.YYYY-MM-DD+json`, first); ties are broken by the name, so the choice
/// never depends on the order of the map.
pub fn pick_media(
    profile: Profile,
    content: &serde_json::Map<String, Value>,
) -> Option<(&String, &Value)> {
    content.iter().min_by(|(a, _), (b, _)| {
        media_rank(profile, a)
            .cmp(&media_rank(profile, b))
            .then_with(|| a.cmp(b))
    })
}

/// Sort key of a media type for [`pick_media`]: smaller is preferred.
fn media_rank(profile: Profile, media: &str) -> (u8, (u8, std::cmp::Reverse<String>)) {
    let kind = match body_kind(profile, media) {
        BodyKind::Json => 0,
        BodyKind::Text => 1,
        BodyKind::Binary => 2,
    };
    (kind, profile.media_rank(&essence(media)))
}

impl<'d> Lowerer<'d> {
    /// The request body of an operation, sent as the [`pick_media`] choice (the others are
    /// reported).
    pub(super) fn request_body(
        &mut self,
        op: &'d Value,
        pointer: &str,
        builder: &str,
    ) -> Result<Option<Body>> {
        let Some(body) = op.get("requestBody") else {
            return Ok(None);
        };
        let body_pointer = child(pointer, "requestBody");
        let (body, body_pointer) = self.refs.deref(body, &body_pointer)?;
        let content = body
            .get("content")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                Error::spec(
                    child(&body_pointer, "content"),
                    "a request body needs a `content` mapping",
                )
            })?;
        let Some((media, media_obj)) = pick_media(self.profile, content) else {
            self.warn(
                &body_pointer,
                "request body has no media type; no body is sent".to_string(),
            );
            return Ok(None);
        };
        if content.len() > 1 {
            let others: Vec<&str> = content
                .keys()
                .filter(|k| *k != media)
                .map(String::as_str)
                .collect();
            self.warn(
                &child(&body_pointer, "content"),
                format!(
                    "request body sent as `{media}`; also offered: {}",
                    others.join(", ")
                ),
            );
        }
        let kind = body_kind(self.profile, media);
        let media_pointer = child(&child(&body_pointer, "content"), media);
        let ty = match (kind, media_obj.get("schema")) {
            (BodyKind::Json, Some(schema)) => self.type_ref(
                schema,
                &child(&media_pointer, "schema"),
                &body_name(builder),
            )?,
            (BodyKind::Json, None) => TypeRef::Json,
            (BodyKind::Text, _) => TypeRef::String,
            (BodyKind::Binary, _) => TypeRef::Bytes,
        };
        Ok(Some(Body {
            content_type: media.clone(),
            kind,
            ty,
            required: body
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            doc: description(body),
        }))
    }

    /// The answer of an operation that the client decodes: the first 2xx (by status; `2XX`
    /// counts as 200) with a body, read as its [`pick_media`] choice. A later 2xx with another
    /// schema is reported.
    pub(super) fn response(
        &mut self,
        op: &'d Value,
        pointer: &str,
        builder: &str,
    ) -> Result<Response> {
        let responses_pointer = child(pointer, "responses");
        let responses = match op.get("responses") {
            Some(Value::Object(r)) => r,
            Some(_) => {
                return Err(Error::spec(
                    responses_pointer,
                    "responses must be a mapping",
                ))
            }
            None => {
                return Err(Error::spec(
                    responses_pointer,
                    "an operation needs `responses`",
                ))
            }
        };
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
        let mut chosen: Option<Response> = None;
        let mut chosen_schema: Option<&'d Value> = None;
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
            let media_pointer = child(&child(&r_pointer, "content"), media);
            let body = match (kind, media_obj.get("schema")) {
                (BodyKind::Json, Some(schema)) => Some((
                    kind,
                    self.type_ref(
                        schema,
                        &child(&media_pointer, "schema"),
                        &response_name(builder),
                    )?,
                )),
                (BodyKind::Json, None) => None,
                (BodyKind::Text, _) => Some((kind, TypeRef::String)),
                (BodyKind::Binary, _) => Some((kind, TypeRef::Bytes)),
            };
            chosen_schema = media_obj.get("schema");
            chosen = Some(Response {
                status: Some(status),
                accept: media.clone(),
                body,
                doc: description(r),
            });
        }
        Ok(chosen.unwrap_or(Response {
            status: first_status,
            accept: "application/json".to_string(),
            body: None,
            doc: None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(media: &[&str]) -> String {
        pick_in(Profile::Atlas, media)
    }

    fn pick_in(profile: Profile, media: &[&str]) -> String {
        let content: serde_json::Map<String, Value> = media
            .iter()
            .map(|m| (m.to_string(), Value::Object(Default::default())))
            .collect();
        pick_media(profile, &content)
            .map(|(m, _)| m.clone())
            .unwrap_or_default()
    }

    #[test]
    fn dated_versions_beat_preview_and_the_newest_wins() {
        let preview = "application/vnd.atlas.preview+json";
        let old = "application/vnd.atlas.2023-01-01+json";
        let new = "application/vnd.atlas.2024-08-05+json";
        assert_eq!(pick(&[preview, old]), old);
        assert_eq!(pick(&[old, preview, new]), new);
        assert_eq!(pick(&[preview]), preview);
        assert_eq!(pick(&["application/json", old]), old);
        assert_eq!(pick(&["application/vnd.atlas.2023-01-01+gzip", old]), old);
        assert_eq!(
            pick(&[
                "application/vnd.atlas.2023-01-01+csv",
                "application/vnd.atlas.2023-01-01+gzip"
            ]),
            "application/vnd.atlas.2023-01-01+csv"
        );
        assert_eq!(
            body_kind(Profile::Atlas, "application/vnd.atlas.2023-01-01+csv"),
            BodyKind::Text
        );
        assert_eq!(
            body_kind(Profile::Atlas, "application/vnd.atlas.2023-01-01+gzip"),
            BodyKind::Binary
        );
    }

    #[test]
    fn without_the_atlas_profile_versions_are_names_and_csv_is_bytes() {
        let preview = "application/vnd.atlas.preview+json";
        let old = "application/vnd.atlas.2023-01-01+json";
        let new = "application/vnd.atlas.2024-08-05+json";
        // By name alone: `2023…` < `2024…` < `preview`.
        assert_eq!(pick_in(Profile::OpenApi, &[preview, new, old]), old);
        assert_eq!(
            pick_in(Profile::OpenApi, &["application/json", old]),
            "application/json"
        );
        assert_eq!(
            body_kind(Profile::OpenApi, "application/vnd.atlas.2023-01-01+csv"),
            BodyKind::Binary
        );
        assert_eq!(body_kind(Profile::OpenApi, "text/csv"), BodyKind::Text);
    }
}

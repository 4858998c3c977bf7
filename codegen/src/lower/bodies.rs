//! Media types (how a body is read or written, and which of a `content` map is used) and
//! request bodies → [`Body`]. Responses are in `responses.rs`.

use serde_json::Value;

use super::naming::body_name;
use super::schema::{description, Lowerer};
use crate::error::{Error, Result};
use crate::ir::{Body, BodyKind, TypeRef};
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

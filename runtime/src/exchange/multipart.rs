//! `multipart/form-data` request bodies (RFC 7578), built with `reqwest`'s multipart encoder
//! and kept as bytes, so a request can be sent again (a Digest challenge, a retry) with the
//! same body.
//!
//! The generated code writes one line per property of the body's schema, following
//! OpenAPI 3.0's defaults for each part (Media Type Object, "Special Considerations for
//! multipart Content"): a primitive, or a list of primitives, is a text part per value
//! (`text/plain`, stated by no header); a `format: binary` string is a file part
//! ([`FilePart`], `application/octet-stream` unless the part or the spec's `encoding` says
//! otherwise); anything else is one part holding its JSON text (`application/json`).

use std::borrow::Cow;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use reqwest::multipart::{Form, Part};
use serde::Serialize;

use crate::error::{Error, ValidationErrors, ValidationIssue};
use crate::exchange::request::RequestBody;
use crate::exchange::style::{Shape, ShapeError};

/// A file sent as one part of a `multipart/form-data` body: its bytes, and optionally the
/// file name and media type the part declares (`Content-Disposition: form-data;
/// name="…"; filename="…"`, `Content-Type`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    /// The file's content.
    pub bytes: Bytes,
    /// The `filename` of the part's `Content-Disposition`, if any.
    pub file_name: Option<String>,
    /// The part's `Content-Type`; when `None`, the spec's `encoding.contentType` for the
    /// property, else `application/octet-stream`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file part holding `bytes`, without a file name or media type of its own.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent with the part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's media type (`image/png`).
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }
}

impl From<Bytes> for FilePart {
    fn from(bytes: Bytes) -> Self {
        FilePart::new(bytes)
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        FilePart::new(bytes)
    }
}

impl From<&'static [u8]> for FilePart {
    fn from(bytes: &'static [u8]) -> Self {
        FilePart::new(Bytes::from_static(bytes))
    }
}

/// One or more file parts under one name: a [`FilePart`], an optional one, or a list of them
/// (`type: array, items: {type: string, format: binary}`).
pub trait Files {
    /// Calls `f` with each file.
    fn each(&self, f: &mut dyn FnMut(&FilePart));
}

impl Files for FilePart {
    fn each(&self, f: &mut dyn FnMut(&FilePart)) {
        f(self)
    }
}

impl<T: Files> Files for Option<T> {
    fn each(&self, f: &mut dyn FnMut(&FilePart)) {
        if let Some(files) = self {
            files.each(f);
        }
    }
}

impl<T: Files> Files for Vec<T> {
    fn each(&self, f: &mut dyn FnMut(&FilePart)) {
        for files in self {
            files.each(f);
        }
    }
}

/// A `multipart/form-data` body under construction; [`finish`](Multipart::finish) makes the
/// [`RequestBody`] (with its boundary in the `Content-Type`).
#[derive(Debug, Default)]
pub struct Multipart {
    form: Form,
    issues: Vec<ValidationIssue>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    fn add(&mut self, name: &'static str, part: Part) {
        let form = std::mem::take(&mut self.form);
        self.form = form.part(name, part);
    }

    fn refuse(&mut self, name: &'static str, message: String) {
        self.issues.push(ValidationIssue {
            field: format!("body.{name}"),
            rule: "multipart",
            message,
        });
    }

    /// Property `name` holding a primitive or a list of primitives: one text part per value
    /// (none when absent). `content_type` is the spec's `encoding.contentType` for the
    /// property (`None`: `text/plain`, which a part states by having no `Content-Type`).
    pub fn text<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        content_type: Option<&str>,
    ) {
        let values = match Shape::of(value) {
            Ok(Shape::Absent) => Vec::new(),
            Ok(Shape::Primitive(text)) => vec![text],
            Ok(Shape::Array(items)) => items,
            Ok(Shape::Object(_)) => {
                return self.refuse(name, "an object where text was expected".to_owned())
            }
            Err(ShapeError(e)) => return self.refuse(name, e),
        };
        for text in values {
            let part = Part::text(text);
            match with_type(part, content_type) {
                Ok(part) => self.add(name, part),
                Err(e) => self.refuse(name, e),
            }
        }
    }

    /// Property `name` holding one or more files: one part each, with its file name and
    /// media type (`default_content_type`, from the spec's `encoding`, when the file has
    /// none; `application/octet-stream` when neither says).
    pub fn file(
        &mut self,
        name: &'static str,
        files: &(impl Files + ?Sized),
        default_content_type: Option<&str>,
    ) {
        files.each(&mut |file| {
            let mut part = Part::stream(file.bytes.clone());
            if let Some(file_name) = &file.file_name {
                part = part.file_name(file_name.clone());
            }
            let media = file
                .content_type
                .as_deref()
                .or(default_content_type)
                .unwrap_or("application/octet-stream");
            match with_type(part, Some(media)) {
                Ok(part) => self.add(name, part),
                Err(e) => self.refuse(name, e),
            }
        });
    }

    /// Property `name` holding an object or a list of objects: one part with its JSON text
    /// (none when absent). `content_type` is the spec's `encoding.contentType` (default
    /// `application/json`).
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), Error> {
        let json = serde_json::to_value(value).map_err(Error::Encode)?;
        if json.is_null() {
            return Ok(());
        }
        let text = serde_json::to_vec(&json).map_err(Error::Encode)?;
        let part = Part::stream(Bytes::from(text));
        match with_type(part, Some(content_type.unwrap_or("application/json"))) {
            Ok(part) => self.add(name, part),
            Err(e) => self.refuse(name, e),
        }
        Ok(())
    }

    /// The body: every part written out after its boundary line, then the closing boundary;
    /// `Content-Type: multipart/form-data; boundary=…`. Fails with [`Error::Validation`]
    /// when a value had no part form (an object where text was expected, a media type that
    /// does not parse).
    pub fn finish(self) -> Result<RequestBody, Error> {
        if !self.issues.is_empty() {
            return Err(Error::Validation(ValidationErrors {
                issues: self.issues,
            }));
        }
        let content_type = format!("multipart/form-data; boundary={}", self.form.boundary());
        let mut stream = pin!(self.form.into_stream());
        // Every part is in memory, so the stream never waits: poll it to its end.
        let mut cx = Context::from_waker(Waker::noop());
        let mut bytes = BytesMut::new();
        loop {
            match stream.as_mut().poll_next(&mut cx) {
                Poll::Ready(Some(Ok(chunk))) => bytes.extend_from_slice(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    return Err(Error::Transport {
                        connect: true,
                        host: None,
                        source: e,
                    })
                }
                Poll::Ready(None) => break,
                Poll::Pending => {
                    return Err(Error::Config(
                        "a multipart part is not in memory".to_owned(),
                    ))
                }
            }
        }
        Ok(RequestBody {
            content_type: Cow::Owned(content_type),
            bytes: bytes.freeze(),
        })
    }
}

/// `part` with `Content-Type: media` (the first of a comma-separated list, as the spec's
/// `encoding.contentType` may give several).
fn with_type(part: Part, media: Option<&str>) -> Result<Part, String> {
    let Some(media) = media else {
        return Ok(part);
    };
    let first = media.split(',').next().unwrap_or(media).trim();
    part.mime_str(first)
        .map_err(|_| format!("`{first}` is not a media type"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boundary(body: &RequestBody) -> String {
        body.content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("a multipart content type")
            .to_owned()
    }

    #[test]
    fn parts_are_written_with_their_headers() {
        let mut m = Multipart::new();
        m.text("description", "a b", None);
        m.text("tags", &vec!["x", "y"], None);
        m.text("missing", &None::<String>, None);
        m.file(
            "file",
            &FilePart::new(&b"\x00\x01"[..]).file_name("d.bin"),
            None,
        );
        m.file(
            "image",
            &Some(FilePart::new(&b"PNG"[..]).content_type("image/png")),
            Some("image/jpeg"),
        );
        m.json("meta", &serde_json::json!({"k": 1}), None).unwrap();
        let body = m.finish().unwrap();
        let b = boundary(&body);
        let want = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\na b\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ny\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"image\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":1}}\r\n\
             --{b}--\r\n"
        );
        assert_eq!(String::from_utf8_lossy(&body.bytes), want);
    }

    #[test]
    fn a_value_without_a_part_form_is_refused() {
        let mut m = Multipart::new();
        m.text("nested", &vec![vec![1]], None);
        m.text("bad", "x", Some("not a media type"));
        match m.finish().unwrap_err() {
            Error::Validation(v) => {
                assert_eq!(v.issues.len(), 2);
                assert_eq!(v.issues[0].field, "body.nested");
            }
            other => panic!("{other:?}"),
        }
    }
}

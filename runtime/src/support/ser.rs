//! Generated structs' `Serialize` impls: the code that writes a struct is generic and shared
//! by every struct, instead of the `serialize` body that `#[derive(Serialize)]` expands per
//! struct. The per-struct part ([`SerializeFields`], written by
//! [`serde_struct!`](crate::serde_struct)) is one line per field handing its wire name and
//! value to a [`FieldWriter`], by the field's kind:
//!
//! | kind | field | written |
//! |---|---|---|
//! | [`required`](FieldWriter::required) | required: `T` | always |
//! | [`nullable`](FieldWriter::nullable) | required, `nullable`: `Option<T>` | always (`None` as `null`) |
//! | [`optional`](FieldWriter::optional) | optional: `Option<T>`, [`Nullable<T>`](crate::Nullable) | unless absent (`None`, `Absent`) |
//! | [`read_only`](FieldWriter::read_only) | optional `readOnly`, in a type that is sent | unless absent, and never in a request body ([`fields::skip_read_only`](crate::fields::skip_read_only)) |
//!
//! What it writes is what the derive wrote with the attributes the generator gave it
//! (`rename`, `skip_serializing_if`, a `flatten`ed `additionalProperties` map), call for call:
//! a struct without a map is `serialize_struct(NAME, LEN)` (`LEN` the number of fields
//! written), `serialize_field` per field written and `skip_field` per field left out, then
//! `end`; a struct with an `additionalProperties` map is `serialize_map(None)`,
//! `serialize_entry` per field written, then `serialize_key`/`serialize_value` per entry of
//! the map, then `end`. The first error ends the writing and is returned.

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::fields::{skip_read_only, Presence};

/// A generated struct whose `Serialize` impl is [`serialize_struct`] (or
/// [`serialize_struct_with_map`]).
pub trait SerializeFields {
    /// Hands each named field (not the `additionalProperties` map) to `fields`, in field
    /// order, with its wire name, through the method of its kind.
    fn write_fields<W: FieldWriter>(&self, fields: &mut W);
}

/// Where a struct's fields are written (the struct being serialized, or the count of the
/// fields it writes). A method writes one field: `key` is its wire name.
pub trait FieldWriter {
    /// A required property: always written.
    fn required<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T);

    /// A required, `nullable` property (`Option<T>`): always written, `None` as `null`.
    fn nullable<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) {
        self.required(key, value);
    }

    /// An optional property (`Option<T>`, `Nullable<T>`): written unless absent.
    fn optional<T: Serialize + Presence>(&mut self, key: &'static str, value: &T) {
        if value.is_absent() {
            self.skip(key);
        } else {
            self.required(key, value);
        }
    }

    /// An optional `readOnly` property of a type that is sent: written unless absent or
    /// serialized as part of a request body ([`skip_read_only`]).
    fn read_only<T: Serialize + Presence>(&mut self, key: &'static str, value: &T) {
        if skip_read_only(value) {
            self.skip(key);
        } else {
            self.required(key, value);
        }
    }

    /// A property left out.
    fn skip(&mut self, key: &'static str);
}

/// Counts the fields a struct writes (the length passed to `serialize_struct`).
struct Count(usize);

impl FieldWriter for Count {
    fn required<T: ?Sized + Serialize>(&mut self, _key: &'static str, _value: &T) {
        self.0 += 1;
    }

    fn skip(&mut self, _key: &'static str) {}
}

/// Writes the fields into a `serialize_struct`, keeping the first error.
struct StructWriter<S: SerializeStruct> {
    state: S,
    error: Option<S::Error>,
}

impl<S: SerializeStruct> FieldWriter for StructWriter<S> {
    fn required<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) {
        if self.error.is_none() {
            self.error = self.state.serialize_field(key, value).err();
        }
    }

    fn skip(&mut self, key: &'static str) {
        if self.error.is_none() {
            self.error = self.state.skip_field(key).err();
        }
    }
}

/// Writes the fields into a `serialize_map` (a struct with an `additionalProperties` map),
/// keeping the first error.
struct MapWriter<M: SerializeMap> {
    state: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> FieldWriter for MapWriter<M> {
    fn required<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) {
        if self.error.is_none() {
            self.error = self.state.serialize_entry(key, value).err();
        }
    }

    fn skip(&mut self, _key: &'static str) {}
}

/// Serializes a struct without an `additionalProperties` map as `serialize_struct(name, N)`
/// with its fields (`N`: the number of fields written), as `#[derive(Serialize)]` did.
///
/// # Errors
///
/// The serializer's first error (e.g. a map with non-string keys for JSON).
pub fn serialize_struct<T: SerializeFields + ?Sized, S: Serializer>(
    value: &T,
    name: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut count = Count(0);
    value.write_fields(&mut count);
    let mut writer = StructWriter {
        state: serializer.serialize_struct(name, count.0)?,
        error: None,
    };
    value.write_fields(&mut writer);
    match writer.error {
        Some(error) => Err(error),
        None => writer.state.end(),
    }
}

/// Serializes a struct with an `additionalProperties` map as `serialize_map(None)`: its
/// fields, then every entry of `additional` (the map flattened, as `#[derive(Serialize)]`
/// with `#[serde(flatten)]` did).
///
/// # Errors
///
/// The serializer's first error.
pub fn serialize_struct_with_map<T: SerializeFields + ?Sized, V: Serialize, S: Serializer>(
    value: &T,
    additional: &BTreeMap<String, V>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut writer = MapWriter {
        state: serializer.serialize_map(None)?,
        error: None,
    };
    value.write_fields(&mut writer);
    if let Some(error) = writer.error {
        return Err(error);
    }
    let mut state = writer.state;
    for (key, value) in additional {
        state.serialize_key(key)?;
        state.serialize_value(value)?;
    }
    state.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::{in_request_body, Nullable};

    struct Model {
        id: String,
        note: Option<String>,
        comment: Nullable<String>,
        state: Option<u8>,
        clear: Option<bool>,
    }

    impl SerializeFields for Model {
        fn write_fields<W: FieldWriter>(&self, fields: &mut W) {
            fields.required("id", &self.id);
            fields.optional("note", &self.note);
            fields.optional("comment", &self.comment);
            fields.read_only("state", &self.state);
            fields.nullable("clear", &self.clear);
        }
    }

    impl Serialize for Model {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_struct(self, "Model", serializer)
        }
    }

    #[test]
    fn fields_are_written_by_kind() {
        let mut model = Model {
            id: "a".into(),
            note: None,
            comment: Nullable::Absent,
            state: Some(3),
            clear: None,
        };
        let text = serde_json::to_string(&model).unwrap();
        assert_eq!(text, r#"{"id":"a","state":3,"clear":null}"#);
        let text = in_request_body(|| serde_json::to_string(&model).unwrap());
        assert_eq!(text, r#"{"id":"a","clear":null}"#);
        model.note = Some("n".into());
        model.comment = Nullable::Null;
        let text = serde_json::to_string(&model).unwrap();
        assert_eq!(
            text,
            r#"{"id":"a","note":"n","comment":null,"state":3,"clear":null}"#
        );
    }
}

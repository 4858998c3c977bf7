//! Generated structs' `Deserialize` impls: one visitor over a table of wire names, shared by
//! every struct, instead of the field enum, its visitor and the sequence visitor that
//! `#[derive(Deserialize)]` writes per struct. The per-struct part, written by
//! [`deserialize_struct!`](crate::deserialize_struct), is one `visit_map` that matches the
//! index [`FieldSeed`] finds for each key and fills one slot per field.
//!
//! What it decodes is what the derive decoded from an object (a JSON object, or a
//! buffered [`Content`](super::Content) map): keys not in the table are skipped (or, for a
//! struct with `additionalProperties`, kept in its map), a key given twice is an error
//! (`duplicate field `name``), a missing required property is an error (`missing field
//! `name``), a missing optional one is its `Default` (`None`, [`Nullable::Absent`]).
//! Unlike the derive it does not read a struct from a sequence of its fields in declaration
//! order (`[1, "x"]`), which no JSON API sends.
//!
//! [`Nullable::Absent`]: crate::Nullable::Absent

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A generated struct whose `Deserialize` impl is [`deserialize_struct`].
pub trait DeserializeStruct: Sized {
    /// The Rust name of the struct (in `expected struct NAME` errors).
    const NAME: &'static str;
    /// The wire name of every property, in field order.
    const FIELDS: &'static [&'static str];

    /// Reads the struct from an object's entries.
    fn visit_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes a [`DeserializeStruct`] from an object (`deserialize_struct` with its name and
/// wire names, as the derive calls it).
pub fn deserialize_struct<'de, T: DeserializeStruct, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeStruct> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit_map(map)
    }
}

/// The index in `fields` of an object key, or `fields.len()` for a key not in it. The key
/// is compared where the deserializer lends it (nothing is allocated).
#[derive(Clone, Copy)]
pub struct FieldSeed(pub &'static [&'static str]);

impl FieldSeed {
    fn index(self, key: &[u8]) -> usize {
        self.0
            .iter()
            .position(|name| name.as_bytes() == key)
            .unwrap_or(self.0.len())
    }
}

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        Ok(usize::try_from(v)
            .ok()
            .filter(|&i| i < self.0.len())
            .unwrap_or(self.0.len()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        Ok(self.index(v.as_bytes()))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        Ok(self.index(v))
    }
}

/// An object key for a struct with `additionalProperties`: `Ok(index)` in `fields`, or
/// `Err(key)` for a key not in it (kept, to be the key in the struct's map).
#[derive(Clone, Copy)]
pub struct FieldOrOtherSeed(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldOrOtherSeed {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldOrOtherSeed {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == v).ok_or_else(|| v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == v).ok_or(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(v) {
            Ok(v) => self.visit_str(v),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }
}

/// Reads the value of a key into its field's slot; a slot already filled (the key given
/// twice) is serde's `duplicate field `name`` error.
pub fn next_field<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key the struct does not know.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// A required property's value; missing is serde's `missing field `name`` error.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// An optional property's value; missing is its `Default` (`None`, `Nullable::Absent`).
pub fn optional<T: Default, E: de::Error>(slot: Option<T>, _name: &'static str) -> Result<T, E> {
    Ok(slot.unwrap_or_default())
}

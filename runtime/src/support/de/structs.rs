//! Generated structs' `Deserialize` impls: the visitor and the key visitor are generic and
//! shared by every struct, instead of the field enum, its visitor, its `Deserialize` impl
//! and the sequence visitor that `#[derive(Deserialize)]` writes per struct. The per-struct
//! part ([`DeserializeStruct`], written by [`deserialize_struct!`](crate::deserialize_struct))
//! is the table of wire names, a `match` from a key to its index, and one `visit_map` that
//! fills one slot per field by that index ([`next_field`]) and checks the slots at the end
//! ([`required`], [`optional`]).
//!
//! What it decodes is what the derive decoded from an object (a JSON object, or a
//! buffered [`Content`](super::Content) map): keys not among the wire names are skipped (or, for a
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

    /// The index in [`FIELDS`](Self::FIELDS) of a key, `None` for a key not in it (a
    /// `match` on the wire names, which the compiler turns into a switch on the length and a
    /// few word compares, as it does for serde's derive).
    fn field(key: &str) -> Option<usize>;

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

/// The index of an object key among a struct's fields (its
/// [`DeserializeStruct::field`]), or `FIELDS.len()` for a key not among them. The key is
/// compared where the deserializer lends it (nothing is allocated).
pub struct FieldSeed<T>(PhantomData<T>);

impl<T> FieldSeed<T> {
    /// The seed of `T`'s keys.
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        FieldSeed(PhantomData)
    }
}

impl<'de, T: DeserializeStruct> DeserializeSeed<'de> for FieldSeed<T> {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, T: DeserializeStruct> Visitor<'de> for FieldSeed<T> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        let fields = T::FIELDS.len();
        Ok(usize::try_from(v)
            .ok()
            .filter(|&i| i < fields)
            .unwrap_or(fields))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        Ok(T::field(v).unwrap_or(T::FIELDS.len()))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        Ok(std::str::from_utf8(v)
            .ok()
            .and_then(T::field)
            .unwrap_or(T::FIELDS.len()))
    }
}

/// An object key for a struct with `additionalProperties`: `Ok(index)` among its fields, or
/// `Err(key)` for a key not among them (kept, to be the key in the struct's map).
pub struct FieldOrOtherSeed<T>(PhantomData<T>);

impl<T> FieldOrOtherSeed<T> {
    /// The seed of `T`'s keys.
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        FieldOrOtherSeed(PhantomData)
    }
}

impl<'de, T: DeserializeStruct> DeserializeSeed<'de> for FieldOrOtherSeed<T> {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, T: DeserializeStruct> Visitor<'de> for FieldOrOtherSeed<T> {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(T::field(v).ok_or_else(|| v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(T::field(&v).ok_or(v))
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

/// The value of a property that is not required (`optional`, `nullable`, `read_only` in
/// [`serde_struct!`](crate::serde_struct)) once every key has been read: missing is its
/// `Default` (`None`, `Nullable::Absent`). A missing required property is serde's
/// `missing field `name`` error, written in the macro.
pub fn absent_as_default<T: Default>(slot: Option<T>) -> T {
    slot.unwrap_or_default()
}

/// Reads the value of a key that is not a field into a struct's `additionalProperties` map.
pub fn next_other<'de, A: MapAccess<'de>, V: de::Deserialize<'de>>(
    map: &mut A,
    other: &mut std::collections::BTreeMap<String, V>,
    key: String,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    other.insert(key, value);
    Ok(())
}

//! [`Content`]: a JSON value buffered while a union decides what it is, cheaper to build than
//! a [`serde_json::Value`] (strings borrowed from the input where the deserializer lends them,
//! objects as a list of entries rather than a sorted map), and decoded again by value
//! ([`ContentDeserializer`]) or by reference ([`ContentRefDeserializer`], for trying several
//! variants on one value).
//!
//! serde has the same buffer for its own untagged and internally tagged enums, but it is not
//! public API; the published buffer crates we checked do not fit: `serde-content` 0.1 turns a
//! JSON `null` into a unit that does not decode as `None`, and `serde-value` 0.7 owns every
//! string and sorts objects into a `BTreeMap`, as `serde_json::Value` does.

use serde::de::value::{MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A buffered JSON value. `'de` is the lifetime of the input: strings without escapes are
/// borrowed from it when the deserializer allows (`serde_json::from_slice`, `from_str`).
#[derive(Debug, Clone, PartialEq)]
pub enum Content<'de> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A non-negative integer.
    U64(u64),
    /// A negative integer.
    I64(i64),
    /// Any other number.
    F64(f64),
    /// A string.
    Str(Cow<'de, str>),
    /// An array.
    Seq(Vec<Content<'de>>),
    /// An object, its entries in the order received.
    Map(Vec<(Cow<'de, str>, Content<'de>)>),
}

impl<'de> Content<'de> {
    /// The entries of an object; `None` for any other value.
    pub fn as_map(&self) -> Option<&[(Cow<'de, str>, Content<'de>)]> {
        match self {
            Content::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of `key` in an object (the first one, should the object repeat the key).
    pub fn get(&self, key: &str) -> Option<&Content<'de>> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Content::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The same value as a `serde_json::Value` (kept in `Unknown` variants).
    pub fn into_json<E: de::Error>(self) -> Result<serde_json::Value, E> {
        serde_json::Value::deserialize(ContentDeserializer::<E>::new(self))
    }
}

impl<'de> Deserialize<'de> for Content<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ContentVisitor)
    }
}

/// Builds a [`Content`] from whatever the deserializer holds.
pub(crate) struct ContentVisitor;

impl<'de> Visitor<'de> for ContentVisitor {
    type Value = Content<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Content::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(if v >= 0 {
            Content::U64(v as u64)
        } else {
            Content::I64(v)
        })
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Content::U64(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Content::F64(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Content::Str(Cow::Owned(v.to_string())))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Content::Str(Cow::Borrowed(v)))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Content::Str(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Content::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Content::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Content::deserialize(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Content::deserialize(d)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Content::Seq(items))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some(key) = map.next_key_seed(KeySeed)? {
            entries.push((key, map.next_value()?));
        }
        Ok(Content::Map(entries))
    }
}

/// Reads an object key, borrowing it from the input when the deserializer allows.
pub(crate) struct KeySeed;

impl<'de> de::DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Decodes a [`Content`] by value; `E` is the error type of the deserializer at hand.
pub struct ContentDeserializer<'de, E> {
    content: Content<'de>,
    error: PhantomData<E>,
}

impl<'de, E> ContentDeserializer<'de, E> {
    /// A deserializer of `content`.
    pub fn new(content: Content<'de>) -> Self {
        ContentDeserializer {
            content,
            error: PhantomData,
        }
    }
}

impl<'de, E: de::Error> IntoDeserializer<'de, E> for Content<'de> {
    type Deserializer = ContentDeserializer<'de, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        ContentDeserializer::new(self)
    }
}

/// A map key as a deserializer (a string, borrowed when it can be).
fn key<'de>(k: Cow<'de, str>) -> Content<'de> {
    Content::Str(k)
}

impl<'de, E: de::Error> Deserializer<'de> for ContentDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Null => visitor.visit_unit(),
            Content::Bool(v) => visitor.visit_bool(v),
            Content::U64(v) => visitor.visit_u64(v),
            Content::I64(v) => visitor.visit_i64(v),
            Content::F64(v) => visitor.visit_f64(v),
            Content::Str(Cow::Borrowed(v)) => visitor.visit_borrowed_str(v),
            Content::Str(Cow::Owned(v)) => visitor.visit_string(v),
            Content::Seq(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Content::Map(entries) => {
                let mut map = MapDeserializer::new(entries.into_iter().map(|(k, v)| (key(k), v)));
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.content {
            Content::Str(s) => visitor.visit_enum(key(s).into_deserializer()),
            Content::Map(entries) if entries.len() == 1 => {
                let map = MapDeserializer::new(entries.into_iter().map(|(k, v)| (key(k), v)));
                visitor.visit_enum(MapAccessDeserializer::new(map))
            }
            other => Err(de::Error::invalid_type(
                unexpected(&other),
                &"a string or a one-entry object",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// A string key or value as an enum variant name (`visit_enum` of a unit variant).
impl<'de, E: de::Error> de::EnumAccess<'de> for ContentDeserializer<'de, E> {
    type Error = E;
    type Variant = UnitOnly<E>;

    fn variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), E> {
        Ok((seed.deserialize(self)?, UnitOnly(PhantomData)))
    }
}

/// The variant of an enum written as a plain string: a unit variant.
pub struct UnitOnly<E>(PhantomData<E>);

impl<'de, E: de::Error> de::VariantAccess<'de> for UnitOnly<E> {
    type Error = E;

    fn unit_variant(self) -> Result<(), E> {
        Ok(())
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, E> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"newtype variant",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, E> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"tuple variant",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, E> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"struct variant",
        ))
    }
}

/// Decodes a [`Content`] by reference, so several variants can be tried on one value.
pub struct ContentRefDeserializer<'a, 'de, E> {
    content: &'a Content<'de>,
    error: PhantomData<E>,
}

impl<'a, 'de, E> ContentRefDeserializer<'a, 'de, E> {
    /// A deserializer reading `content`.
    pub fn new(content: &'a Content<'de>) -> Self {
        ContentRefDeserializer {
            content,
            error: PhantomData,
        }
    }
}

impl<'a, 'de, E> Clone for ContentRefDeserializer<'a, 'de, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<'a, 'de, E> Copy for ContentRefDeserializer<'a, 'de, E> {}

impl<'a, 'de, E: de::Error> IntoDeserializer<'de, E> for &'a Content<'de> {
    type Deserializer = ContentRefDeserializer<'a, 'de, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        ContentRefDeserializer::new(self)
    }
}

/// A borrowed map key as a deserializer.
#[derive(Clone, Copy)]
struct RefKey<'a, 'de>(&'a Cow<'de, str>);

impl<'a, 'de, E: de::Error> IntoDeserializer<'de, E> for RefKey<'a, 'de> {
    type Deserializer = RefKeyDeserializer<'a, 'de, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        RefKeyDeserializer(self.0, PhantomData)
    }
}

/// Deserializes a borrowed map key (a string; a unit variant name in `visit_enum`).
struct RefKeyDeserializer<'a, 'de, E>(&'a Cow<'de, str>, PhantomData<E>);

impl<'a, 'de, E: de::Error> Deserializer<'de> for RefKeyDeserializer<'a, 'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            Cow::Borrowed(v) => visitor.visit_borrowed_str(v),
            Cow::Owned(v) => visitor.visit_str(v),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'a, 'de, E: de::Error> de::EnumAccess<'de> for RefKeyDeserializer<'a, 'de, E> {
    type Error = E;
    type Variant = UnitOnly<E>;

    fn variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), E> {
        Ok((seed.deserialize(self)?, UnitOnly(PhantomData)))
    }
}

impl<'a, 'de, E: de::Error> Deserializer<'de> for ContentRefDeserializer<'a, 'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Null => visitor.visit_unit(),
            Content::Bool(v) => visitor.visit_bool(*v),
            Content::U64(v) => visitor.visit_u64(*v),
            Content::I64(v) => visitor.visit_i64(*v),
            Content::F64(v) => visitor.visit_f64(*v),
            Content::Str(Cow::Borrowed(v)) => visitor.visit_borrowed_str(v),
            Content::Str(Cow::Owned(v)) => visitor.visit_str(v),
            Content::Seq(items) => {
                let mut seq = SeqDeserializer::new(items.iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Content::Map(entries) => {
                let mut map = MapDeserializer::new(entries.iter().map(|(k, v)| (RefKey(k), v)));
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.content {
            Content::Str(s) => visitor.visit_enum(RefKeyDeserializer(s, PhantomData)),
            Content::Map(entries) if entries.len() == 1 => {
                let map = MapDeserializer::new(entries.iter().map(|(k, v)| (RefKey(k), v)));
                visitor.visit_enum(MapAccessDeserializer::new(map))
            }
            other => Err(de::Error::invalid_type(
                unexpected(other),
                &"a string or a one-entry object",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// What a value is, for error messages.
fn unexpected<'a>(content: &'a Content<'_>) -> de::Unexpected<'a> {
    match content {
        Content::Null => de::Unexpected::Unit,
        Content::Bool(v) => de::Unexpected::Bool(*v),
        Content::U64(v) => de::Unexpected::Unsigned(*v),
        Content::I64(v) => de::Unexpected::Signed(*v),
        Content::F64(v) => de::Unexpected::Float(*v),
        Content::Str(s) => de::Unexpected::Str(s),
        Content::Seq(_) => de::Unexpected::Seq,
        Content::Map(_) => de::Unexpected::Map,
    }
}

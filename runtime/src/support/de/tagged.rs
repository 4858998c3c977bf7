//! Discriminated unions (`oneOf` / `anyOf` with a `discriminator`): decoded in one pass over
//! the object, encoded with the tag added when the variant left it out.
//!
//! Decoding reads the object's entries until it meets the discriminator property. Entries
//! before it are buffered as [`Content`] (nothing at all when the tag comes first); then the
//! variant is decoded from those entries, the tag and the rest of the object as it streams in
//! (arrays among the rest are buffered one at a time, so each `Vec` is allocated at its length:
//! see `exact.rs`).
//! No `serde_json::Value` is built unless the tag is unknown (the value is kept whole in the
//! union's `Unknown` variant).

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{self, Serialize, Serializer};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use super::content::{Content, ContentDeserializer, KeySeed};
use super::exact::ExactSeed;

/// A generated discriminated union: its discriminator, its tags and how to decode each
/// variant. Its `Deserialize` impl is [`deserialize_tagged`].
pub trait TaggedUnion: Sized {
    /// The discriminator property (`discriminator.propertyName`).
    const PROPERTY: &'static str;
    /// The tag of each variant, in variant order.
    const TAGS: &'static [&'static str];

    /// Decodes the variant whose tag is `TAGS[index]` from `deserializer` (an object that
    /// holds the tag too).
    fn variant<'de, D: Deserializer<'de>>(index: usize, deserializer: D) -> Result<Self, D::Error>;

    /// The union's catch-all: a value whose tag is missing or not in `TAGS`, kept whole.
    fn unknown(value: Value) -> Self;
}

/// Decodes a [`TaggedUnion`] (see the module docs). A value that is not an object, or has
/// no tag, or a tag this union does not know, becomes [`TaggedUnion::unknown`].
pub fn deserialize_tagged<'de, T: TaggedUnion, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_any(TaggedVisitor(PhantomData))
}

struct TaggedVisitor<T>(PhantomData<T>);

impl<'de, T: TaggedUnion> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a `{}` property", T::PROPERTY)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut before: Vec<(Cow<'de, str>, Content<'de>)> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key != T::PROPERTY {
                before.push((key, map.next_value()?));
                continue;
            }
            let tag: Content<'de> = map.next_value()?;
            let index = tag
                .as_str()
                .and_then(|tag| T::TAGS.iter().position(|t| *t == tag));
            if let Some(index) = index {
                let rest = Chained {
                    before: before.into_iter(),
                    tag: Some((key, tag)),
                    pending: None,
                    rest: map,
                };
                return T::variant(index, MapAccessDeserializer::new(rest));
            }
            // An unknown tag: keep the whole object.
            let mut object = Map::new();
            for (k, v) in before {
                object.insert(k.into_owned(), v.into_json()?);
            }
            object.insert(key.into_owned(), tag.into_json()?);
            while let Some((k, v)) = map.next_entry::<String, Value>()? {
                object.insert(k, v);
            }
            return Ok(T::unknown(Value::Object(object)));
        }
        let mut object = Map::new();
        for (k, v) in before {
            object.insert(k.into_owned(), v.into_json()?);
        }
        Ok(T::unknown(Value::Object(object)))
    }

    fn visit_bool<E>(self, v: bool) -> Result<T, E> {
        Ok(T::unknown(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<T, E> {
        Ok(T::unknown(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<T, E> {
        Ok(T::unknown(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<T, E> {
        Ok(T::unknown(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<T, E> {
        Ok(T::unknown(Value::from(v)))
    }

    fn visit_unit<E>(self) -> Result<T, E> {
        Ok(T::unknown(Value::Null))
    }

    fn visit_none<E>(self) -> Result<T, E> {
        Ok(T::unknown(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        deserialize_tagged(d)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        Ok(T::unknown(Value::Array(items)))
    }
}

/// The entries of an object whose discriminator has been read: the ones buffered before
/// it, the discriminator itself, then the rest of the object as it streams in.
struct Chained<'de, A> {
    before: std::vec::IntoIter<(Cow<'de, str>, Content<'de>)>,
    tag: Option<(Cow<'de, str>, Content<'de>)>,
    pending: Option<Content<'de>>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Chained<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let entry = match self.before.next() {
            Some(entry) => Some(entry),
            None => self.tag.take(),
        };
        match entry {
            Some((key, value)) => {
                self.pending = Some(value);
                seed.deserialize(ContentDeserializer::new(Content::Str(key)))
                    .map(Some)
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => seed.deserialize(ContentDeserializer::new(value)),
            None => self.rest.next_value_seed(ExactSeed(seed)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        let buffered = self.before.len() + usize::from(self.tag.is_some());
        self.rest.size_hint().map(|n| n + buffered)
    }
}

/// Encodes one variant of a discriminated union as the variant's own object, with the
/// discriminator property added at the end when the variant did not write it (a variant
/// struct whose tag field is optional, read-only upstream, may have left it unset; the
/// server needs it to tell the variants apart). A tag the variant wrote is kept as written.
/// A variant that is not an object is written as it is. No intermediate value is built.
pub fn serialize_tagged<T, S>(
    value: &T,
    property: &'static str,
    tag: &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: Serialize + ?Sized,
    S: Serializer,
{
    value.serialize(ConstAdding {
        inner: serializer,
        consts: Consts::One(property, tag),
    })
}

/// Encodes one variant of a union without discriminator (chosen by shape) as the variant's
/// own object. In a request body, or a typed mock's answer
/// ([`naming_variants`](crate::fields::naming_variants)), each of the variant's single-value
/// properties ([`VariantShape::consts`](super::VariantShape::consts), `(property, value)`) is
/// added at the end when the variant did not write it: such a property
/// (`providerName: AZURE`) is what tells the variants apart, on the server and when the value
/// is decoded again, and an optional one left unset (`..Default::default()`) would otherwise
/// be sent without it. Elsewhere (a model the caller serializes, a decoded answer encoded
/// again) the variant is written as it is. A value the variant wrote is kept as written; a
/// variant that is not an object is written as it is. Only the first 64 pairs are looked at.
pub fn serialize_with_consts<T, S>(
    value: &T,
    consts: &'static [(&'static str, &'static str)],
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: Serialize + ?Sized,
    S: Serializer,
{
    if consts.is_empty() || !crate::fields::naming_variants() {
        return value.serialize(serializer);
    }
    value.serialize(ConstAdding {
        inner: serializer,
        consts: Consts::Many(&consts[..consts.len().min(64)]),
    })
}

/// The `(property, value)` pairs a [`ConstAdding`] adds when the object leaves them out.
#[derive(Clone, Copy)]
enum Consts {
    /// A discriminator and its tag.
    One(&'static str, &'static str),
    /// A variant's single-value properties (at most 64).
    Many(&'static [(&'static str, &'static str)]),
}

impl Consts {
    fn len(self) -> usize {
        match self {
            Consts::One(..) => 1,
            Consts::Many(pairs) => pairs.len(),
        }
    }

    fn get(self, index: usize) -> (&'static str, &'static str) {
        match self {
            Consts::One(property, value) => (property, value),
            Consts::Many(pairs) => pairs[index],
        }
    }
}

/// A serializer that passes everything through, adding each of `consts` to the object it
/// writes when that property is missing.
struct ConstAdding<S> {
    inner: S,
    consts: Consts,
}

/// [`ConstAdding`]'s struct and map writers; bit `i` of `seen` is set once `consts[i]`'s
/// property was written.
struct ConstAddingCompound<C> {
    inner: C,
    consts: Consts,
    seen: u64,
}

impl<C> ConstAddingCompound<C> {
    fn new(inner: C, consts: Consts) -> Self {
        ConstAddingCompound {
            inner,
            consts,
            seen: 0,
        }
    }

    /// The constants whose property was not written, in order.
    fn missing(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        let (consts, seen) = (self.consts, self.seen);
        (0..consts.len())
            .filter(move |i| seen & (1 << i) == 0)
            .map(move |i| consts.get(i))
    }

    fn mark(&mut self, is: impl Fn(&'static str) -> bool) {
        for i in 0..self.consts.len() {
            if is(self.consts.get(i).0) {
                self.seen |= 1 << i;
            }
        }
    }
}

impl<C: ser::SerializeStruct> ser::SerializeStruct for ConstAddingCompound<C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        self.mark(|property| key == property);
        self.inner.serialize_field(key, value)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.inner.skip_field(key)
    }

    fn end(mut self) -> Result<C::Ok, C::Error> {
        for (property, value) in self.missing() {
            self.inner.serialize_field(property, value)?;
        }
        self.inner.end()
    }
}

impl<C: ser::SerializeMap> ser::SerializeMap for ConstAddingCompound<C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), C::Error> {
        self.mark(|property| key.serialize(IsKey(property)).unwrap_or(false));
        self.inner.serialize_key(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        self.inner.serialize_value(value)
    }

    fn end(mut self) -> Result<C::Ok, C::Error> {
        for (property, value) in self.missing() {
            self.inner.serialize_entry(property, value)?;
        }
        self.inner.end()
    }
}

macro_rules! pass_through {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $name(self, $($arg: $ty),*) -> Result<S::Ok, S::Error> {
            self.inner.$name($($arg),*)
        })*
    };
}

impl<S: Serializer> Serializer for ConstAdding<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = S::SerializeSeq;
    type SerializeTuple = S::SerializeTuple;
    type SerializeTupleStruct = S::SerializeTupleStruct;
    type SerializeTupleVariant = S::SerializeTupleVariant;
    type SerializeMap = ConstAddingCompound<S::SerializeMap>;
    type SerializeStruct = ConstAddingCompound<S::SerializeStruct>;
    type SerializeStructVariant = S::SerializeStructVariant;

    pass_through! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_i128(v: i128);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_u128(v: u128);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.inner
            .serialize_newtype_variant(name, index, variant, value)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<S::SerializeSeq, S::Error> {
        self.inner.serialize_seq(len)
    }

    fn serialize_tuple(self, len: usize) -> Result<S::SerializeTuple, S::Error> {
        self.inner.serialize_tuple(len)
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<S::SerializeTupleStruct, S::Error> {
        self.inner.serialize_tuple_struct(name, len)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeTupleVariant, S::Error> {
        self.inner
            .serialize_tuple_variant(name, index, variant, len)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        // More entries than announced when constants are added; `None` is always right.
        let _ = len;
        Ok(ConstAddingCompound::new(
            self.inner.serialize_map(None)?,
            self.consts,
        ))
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        // Room for the constants: a serializer may close an object announced as empty at once.
        Ok(ConstAddingCompound::new(
            self.inner.serialize_struct(name, len + self.consts.len())?,
            self.consts,
        ))
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeStructVariant, S::Error> {
        self.inner
            .serialize_struct_variant(name, index, variant, len)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// Whether a map key serializes as the string `.0`.
struct IsKey(&'static str);

#[derive(Debug)]
struct NotAString;

impl fmt::Display for NotAString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a string")
    }
}

impl std::error::Error for NotAString {}

impl ser::Error for NotAString {
    fn custom<M: fmt::Display>(_: M) -> Self {
        NotAString
    }
}

impl Serializer for IsKey {
    type Ok = bool;
    type Error = NotAString;
    type SerializeSeq = ser::Impossible<bool, NotAString>;
    type SerializeTuple = ser::Impossible<bool, NotAString>;
    type SerializeTupleStruct = ser::Impossible<bool, NotAString>;
    type SerializeTupleVariant = ser::Impossible<bool, NotAString>;
    type SerializeMap = ser::Impossible<bool, NotAString>;
    type SerializeStruct = ser::Impossible<bool, NotAString>;
    type SerializeStructVariant = ser::Impossible<bool, NotAString>;

    fn serialize_str(self, v: &str) -> Result<bool, NotAString> {
        Ok(v == self.0)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<bool, NotAString> {
        Ok(variant == self.0)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<bool, NotAString> {
        value.serialize(self)
    }

    fn serialize_bool(self, _: bool) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_i8(self, _: i8) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_i16(self, _: i16) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_i32(self, _: i32) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_i64(self, _: i64) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_u8(self, _: u8) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_u16(self, _: u16) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_u32(self, _: u32) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_u64(self, _: u64) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_f32(self, _: f32) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_f64(self, _: f64) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_char(self, _: char) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_none(self) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<bool, NotAString> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, NotAString> {
        Ok(false)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAString> {
        Err(NotAString)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotAString> {
        Err(NotAString)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotAString> {
        Err(NotAString)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotAString> {
        Err(NotAString)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAString> {
        Err(NotAString)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotAString> {
        Err(NotAString)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotAString> {
        Err(NotAString)
    }
}

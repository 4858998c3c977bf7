//! Unions without a discriminator: `oneOf` (one variant, chosen by the shape of the value)
//! and `anyOf` (every member the value matches). The value is buffered once as [`Content`]
//! (strings borrowed from the input where possible); the candidate variants, best ranked
//! first ([`rank_variants`]), are decoded from that buffer by reference.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Error as _, Serialize, Serializer};
use serde_json::{Map, Value};

use super::content::{Content, ContentRefDeserializer};
use super::{rank_variants, VariantShape};

/// A generated `oneOf` without discriminator. Its `Deserialize` impl is
/// [`deserialize_untagged`].
pub trait UntaggedUnion: Sized {
    /// What each variant's objects look like, in variant order.
    const SHAPES: &'static [VariantShape];

    /// Decodes variant `index` from `deserializer`. The flag says whether the value is an
    /// exact match: `false` for a string enum that keeps a value it does not know (then a
    /// later variant that matches exactly is preferred).
    fn variant<'de, D: Deserializer<'de>>(
        index: usize,
        deserializer: D,
    ) -> Result<(bool, Self), D::Error>;

    /// The union's catch-all: a value no variant decodes, kept whole.
    fn unknown(value: Value) -> Self;
}

/// Decodes an [`UntaggedUnion`]: the first ranked variant that decodes the value exactly,
/// else the first that decodes it at all, else [`UntaggedUnion::unknown`].
pub fn deserialize_untagged<'de, T: UntaggedUnion, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let content = Content::deserialize(deserializer)?;
    let mut fallback = None;
    for index in rank_variants(&content, T::SHAPES) {
        match T::variant(index, ContentRefDeserializer::<D::Error>::new(&content)) {
            Ok((true, value)) => return Ok(value),
            Ok((false, value)) => {
                fallback.get_or_insert(value);
            }
            Err(_) => {}
        }
    }
    match fallback {
        Some(value) => Ok(value),
        None => Ok(T::unknown(content.into_json()?)),
    }
}

/// A generated `anyOf` without discriminator: a struct with one `Option` per member, each
/// set when the value matches that member, and `unknown` for a value that matches none.
/// Its `Deserialize` impl is [`deserialize_any_of`]; its `Serialize` impl uses
/// [`AnyOfWriter`].
pub trait AnyOf: Sized + Default {
    /// What each member's objects look like, in member order.
    const SHAPES: &'static [VariantShape];

    /// Decodes member `index` from `deserializer` and stores it in its field. `Ok(false)`:
    /// the value decodes but is not an exact match (a string enum value it does not know),
    /// and nothing was stored.
    fn member<'de, D: Deserializer<'de>>(
        &mut self,
        index: usize,
        deserializer: D,
    ) -> Result<bool, D::Error>;

    /// Stores a value that matches no member.
    fn set_unknown(&mut self, value: Value);
}

/// Decodes an [`AnyOf`]: every member whose required properties and single-value properties
/// fit the value and that decodes it is set (so a value with both `email` and `phone` sets
/// both an email member and a phone member, losing neither); none → `unknown`.
pub fn deserialize_any_of<'de, T: AnyOf, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let content = Content::deserialize(deserializer)?;
    let mut out = T::default();
    let mut matched = false;
    for index in rank_variants(&content, T::SHAPES) {
        if let Ok(true) = out.member(index, ContentRefDeserializer::<D::Error>::new(&content)) {
            matched = true;
        }
    }
    if !matched {
        out.set_unknown(content.into_json()?);
    }
    Ok(out)
}

/// Stores `value` in `slot` when `exact` says it matches exactly; tells whether it did.
/// Generated [`AnyOf::member`] impls call it for each member.
pub fn fill<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    slot: &mut Option<T>,
    deserializer: D,
    exact: fn(&T) -> bool,
) -> Result<bool, D::Error> {
    let value = T::deserialize(deserializer)?;
    if !exact(&value) {
        return Ok(false);
    }
    *slot = Some(value);
    Ok(true)
}

/// Writes an `anyOf` value: the members that are set, merged into one JSON value.
///
/// Members that are objects are merged key by key (a key two members both write keeps the
/// first member's value: a decoded value gives both the same one). A member that is not an
/// object (a string, a number, a list) is written as it is; the first one set wins. Objects
/// and non-objects set together cannot be one JSON value and are refused, as is a value
/// with no member set and nothing `unknown`.
#[derive(Debug, Default)]
pub struct AnyOfWriter {
    object: Option<Map<String, Value>>,
    other: Option<Value>,
}

impl AnyOfWriter {
    /// Adds a member's value, when it is set.
    pub fn member<T: Serialize + ?Sized>(
        &mut self,
        value: Option<&T>,
    ) -> Result<(), serde_json::Error> {
        let Some(value) = value else { return Ok(()) };
        match serde_json::to_value(value)? {
            Value::Object(fields) => {
                let object = self.object.get_or_insert_with(Map::new);
                for (key, value) in fields {
                    object.entry(key).or_insert(value);
                }
            }
            other => {
                self.other.get_or_insert(other);
            }
        }
        Ok(())
    }

    /// Writes the merged value; with no member set, `unknown` as it is.
    pub fn finish<S: Serializer>(
        self,
        unknown: Option<&Value>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match (self.object, self.other, unknown) {
            (Some(_), Some(_), _) => Err(S::Error::custom(
                "anyOf members set together must all be objects or be one value",
            )),
            (Some(object), None, _) => object.serialize(serializer),
            (None, Some(other), _) => other.serialize(serializer),
            (None, None, Some(unknown)) => unknown.serialize(serializer),
            (None, None, None) => Err(S::Error::custom(
                "an anyOf value needs at least one member set",
            )),
        }
    }
}

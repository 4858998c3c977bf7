//! YAML text → JSON value tree, read straight from the YAML parser's events (no intermediate
//! YAML tree).
//!
//! What JSON cannot hold as such is converted, never dropped: keys that are not strings
//! (`200:` unquoted, `true:`) become their textual form; integers beyond 64 bits
//! (`minimum: -9223372036854776000`, valid YAML that `yaml_serde::Value` refuses) become the
//! nearest JSON float, as a JSON parser reads them; a tagged node (`!foo x`) is its value. YAML
//! 1.2 already keeps `2023-01-01` and `off` as strings. What JSON cannot hold at all (`.inf`,
//! `.nan`, a key that is a mapping or a list, two keys that read the same) is an error at its
//! JSON pointer.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;

use super::pointer::escape_pointer;
use crate::error::{Error, Result};

/// Parses YAML text into a JSON tree. `origin` names the text in syntax errors.
pub(super) fn parse(text: &str, origin: &str) -> Result<Value> {
    let found = RefCell::new(None);
    let deserializer = yaml_serde::Deserializer::from_str(text);
    let result = Node {
        parent: None,
        segment: Segment::Key(""),
        found: &found,
    }
    .deserialize(deserializer);
    match (result, found.into_inner()) {
        (Ok(value), _) => Ok(value),
        // The problem this module found itself, at its pointer.
        (Err(_), Some(error)) => Err(error),
        (Err(e), None) => Err(Error::Syntax {
            origin: origin.to_string(),
            format: "YAML",
            message: e.to_string(),
        }),
    }
}

/// The node at a place of the document: its parent and its key or index there. The JSON
/// pointer is only spelt out for a problem ([`Node::pointer`]), not built for every node.
struct Node<'p, 'f> {
    parent: Option<&'p Node<'p, 'f>>,
    segment: Segment<'p>,
    found: &'f RefCell<Option<Error>>,
}

/// Where a node is in its parent: a mapping key (the root has none) or a list index.
#[derive(Clone, Copy)]
enum Segment<'p> {
    Key(&'p str),
    Index(usize),
}

impl Node<'_, '_> {
    fn fail<E: de::Error>(&self, message: String) -> E {
        let error = E::custom(&message);
        *self.found.borrow_mut() = Some(Error::spec(self.pointer(), message));
        error
    }

    fn child<'c>(&'c self, segment: Segment<'c>) -> Node<'c, 'c> {
        Node {
            parent: Some(self),
            segment,
            found: self.found,
        }
    }

    /// This node's JSON pointer (`#/paths/~1pets/get`).
    fn pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut node = self;
        while let Some(parent) = node.parent {
            segments.push(node.segment);
            node = parent;
        }
        let mut pointer = "#".to_string();
        for segment in segments.iter().rev() {
            pointer.push('/');
            match segment {
                Segment::Key(key) => pointer.push_str(&escape_pointer(key)),
                Segment::Index(i) => pointer.push_str(&i.to_string()),
            }
        }
        pointer
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::from(i))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::from(u))
    }

    /// Beyond 64 bits: the nearest float (always finite: |i128| < 2^127).
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        match i64::try_from(i) {
            Ok(i) => Ok(Value::from(i)),
            Err(_) => self.visit_f64(i as f64),
        }
    }

    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        match u64::try_from(u) {
            Ok(u) => Ok(Value::from(u)),
            Err(_) => self.visit_f64(u as f64),
        }
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        match Number::from_f64(f) {
            Some(n) => Ok(Value::Number(n)),
            None => Err(self.fail(format!("number {f} cannot be represented in JSON"))),
        }
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = items.next_element_seed(self.child(Segment::Index(out.len())))? {
            out.push(item);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = entries.next_key_seed(Key { node: &self })? {
            if out.contains_key(&key) {
                let message = format!(
                    "the key `{key}` appears twice (as YAML keys that read the same in JSON)"
                );
                return Err(self.fail(message));
            }
            let value = entries.next_value_seed(self.child(Segment::Key(&key)))?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }

    /// A tagged node (`!tag value`): its value.
    fn visit_enum<A: EnumAccess<'de>>(self, tagged: A) -> Result<Value, A::Error> {
        let (_tag, value) = tagged.variant::<de::IgnoredAny>()?;
        de::VariantAccess::newtype_variant_seed(value, self)
    }
}

/// A mapping key as JSON object key text: strings as they are, other scalars as written.
struct Key<'n, 'p, 'f> {
    node: &'n Node<'p, 'f>,
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_, '_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, '_, '_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }

    fn visit_bool<E>(self, b: bool) -> Result<String, E> {
        Ok(b.to_string())
    }

    fn visit_i64<E>(self, i: i64) -> Result<String, E> {
        Ok(i.to_string())
    }

    fn visit_u64<E>(self, u: u64) -> Result<String, E> {
        Ok(u.to_string())
    }

    fn visit_i128<E>(self, i: i128) -> Result<String, E> {
        Ok(i.to_string())
    }

    fn visit_u128<E>(self, u: u128) -> Result<String, E> {
        Ok(u.to_string())
    }

    fn visit_f64<E>(self, f: f64) -> Result<String, E> {
        Ok(f.to_string())
    }

    fn visit_str<E>(self, s: &str) -> Result<String, E> {
        Ok(s.to_string())
    }

    fn visit_string<E>(self, s: String) -> Result<String, E> {
        Ok(s)
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_string())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(self.unsupported())
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(self.unsupported())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, tagged: A) -> Result<String, A::Error> {
        let (_tag, value) = tagged.variant::<de::IgnoredAny>()?;
        de::VariantAccess::newtype_variant_seed(value, self)
    }
}

impl Key<'_, '_, '_> {
    fn unsupported<E: de::Error>(&self) -> E {
        self.node
            .fail("unsupported mapping key (a list or mapping): keys must be scalars".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_beyond_64_bits_are_kept_as_floats() {
        let value = parse(
            "minimum: -9223372036854776000\nmaximum: 99999999999999999999999\nsmall: -5\nbig: 18446744073709551615\n",
            "t",
        )
        .unwrap();
        assert_eq!(value["minimum"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(value["maximum"].as_f64(), Some(1e23));
        assert_eq!(value["small"], json!(-5));
        assert_eq!(value["big"], json!(18446744073709551615u64));
    }

    #[test]
    fn keys_and_tags() {
        let value = parse("200: a\ntrue: b\n~: c\nx: !foo {y: 1}\n", "t").unwrap();
        assert_eq!(
            value,
            json!({"200": "a", "true": "b", "null": "c", "x": {"y": 1}})
        );
    }

    #[test]
    fn what_json_cannot_hold_is_refused_at_its_pointer() {
        let error = parse("a:\n  - {b: .inf}\n", "t").unwrap_err();
        assert_eq!(
            error.to_string(),
            "#/a/0/b: number inf cannot be represented in JSON"
        );
        // Keys are escaped in the pointer (RFC 6901), at any depth under lists and maps.
        let error = parse(
            "paths:\n  /pets/{id}:\n    get:\n      x-n: [1, [2, -.inf]]\n",
            "t",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "#/paths/~1pets~1{id}/get/x-n/1/1: number -inf cannot be represented in JSON"
        );
        let error = parse("a:\n  ? [1]\n  : x\n", "t").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("#/a: unsupported mapping key"),
            "{error}"
        );
        let error = parse("a:\n  200: x\n  \"200\": y\n", "t").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("#/a: the key `200` appears twice"),
            "{error}"
        );
        let error = parse("a: 1\na: 2\n", "t").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("#: the key `a` appears twice"),
            "{error}"
        );
        let error = parse("a: [1\n", "t").unwrap_err();
        assert!(error.to_string().contains("is not valid YAML"), "{error}");
    }
}

//! Helpers for generated unions and string enums.
//!
//! - Discriminated unions ([`TaggedUnion`]): decoded in one pass by [`deserialize_tagged`],
//!   encoded by [`serialize_tagged`] (which adds the tag when the variant left it out).
//! - `oneOf` without discriminator ([`UntaggedUnion`], [`deserialize_untagged`]) and `anyOf`
//!   without discriminator ([`AnyOf`], [`deserialize_any_of`], [`AnyOfWriter`]): the value is
//!   buffered once as a [`Content`] and the variants, ranked by [`rank_variants`], are decoded
//!   from it.
//! - String enums: [`wire_str`], the value their `Deserialize` impls match.
//! - Structs ([`DeserializeStruct`], [`deserialize_struct`], written by
//!   [`deserialize_struct!`](crate::deserialize_struct), which [`serde_struct!`](crate::serde_struct) calls): one shared visitor over a table of
//!   wire names.
//!
//! None of these builds a `serde_json::Value` except to keep a value no variant knows
//! (`Unknown`), and to merge the members of an `anyOf` when encoding one.

mod content;
mod exact;
mod structs;
mod tagged;
mod untagged;

pub use content::{Content, ContentDeserializer, ContentRefDeserializer};
pub use structs::{
    absent_as_default, deserialize_struct, next_field, next_other, skip_value, DeserializeStruct,
    FieldOrOtherSeed, FieldSeed,
};
pub use tagged::{deserialize_tagged, serialize_tagged, serialize_with_consts, TaggedUnion};
pub use untagged::{
    deserialize_any_of, deserialize_untagged, fill, AnyOf, AnyOfWriter, UntaggedUnion,
};

/// What the generator knows about one `oneOf` variant's object shape.
#[derive(Debug, Clone, Copy)]
pub struct VariantShape {
    /// Every declared property name.
    pub properties: &'static [&'static str],
    /// Required property names.
    pub required: &'static [&'static str],
    /// Properties constrained to a single value (single-value enums), as `(name, value)`.
    pub consts: &'static [(&'static str, &'static str)],
}

/// Rank the variants of a union without discriminator for a buffered JSON value.
///
/// For an object value, variants are excluded when one of their `required`
/// keys is missing or when one of their `consts` is present with a different
/// value. The rest are ordered best first by: consts matched (desc), value
/// keys known to the variant (desc), value keys unknown to it (asc), then
/// declaration order. A value that is not an object yields all indices in order.
pub fn rank_variants(value: &Content<'_>, shapes: &[VariantShape]) -> Vec<usize> {
    let Some(obj) = value.as_map() else {
        return (0..shapes.len()).collect();
    };
    let mut scored: Vec<(usize, usize, usize, usize)> = Vec::with_capacity(shapes.len());
    'variants: for (index, shape) in shapes.iter().enumerate() {
        if shape.required.iter().any(|r| value.get(r).is_none()) {
            continue;
        }
        let mut consts_matched = 0;
        for (name, want) in shape.consts {
            match value.get(name) {
                None => {}
                Some(Content::Str(got)) if got == want => consts_matched += 1,
                Some(_) => continue 'variants,
            }
        }
        let known = obj
            .iter()
            .filter(|(k, _)| shape.properties.contains(&k.as_ref()))
            .count();
        let unknown = obj.len() - known;
        scored.push((index, consts_matched, known, unknown));
    }
    scored.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(b.2.cmp(&a.2))
            .then(a.3.cmp(&b.3))
            .then(a.0.cmp(&b.0))
    });
    scored.into_iter().map(|s| s.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::{json, Value};

    fn rank(value: Value, shapes: &[VariantShape]) -> Vec<usize> {
        rank_variants(&Content::deserialize(value).unwrap(), shapes)
    }

    const AWS: VariantShape = VariantShape {
        properties: &["providerName", "regionName", "instanceSize"],
        required: &["providerName"],
        consts: &[("providerName", "AWS")],
    };
    const GCP: VariantShape = VariantShape {
        properties: &["providerName", "regionName", "instanceSize"],
        required: &["providerName"],
        consts: &[("providerName", "GCP")],
    };
    const LOOSE: VariantShape = VariantShape {
        properties: &["name", "regionName"],
        required: &[],
        consts: &[],
    };
    const NEEDS_ID: VariantShape = VariantShape {
        properties: &["id", "name"],
        required: &["id"],
        consts: &[],
    };

    #[test]
    fn content_reads_every_json_value_and_gives_it_back() {
        let text =
            r#"{"s":"a\"b","plain":"x","n":-1,"u":2,"f":1.5,"b":true,"z":null,"l":[1,{"k":[]}]}"#;
        let content: Content = serde_json::from_str(text).unwrap();
        // Strings without escapes are borrowed from the input; others are owned.
        assert!(matches!(
            content.get("plain"),
            Some(Content::Str(std::borrow::Cow::Borrowed("x")))
        ));
        assert!(
            matches!(content.get("s"), Some(Content::Str(std::borrow::Cow::Owned(s))) if s == "a\"b")
        );
        let by_ref =
            Value::deserialize(ContentRefDeserializer::<serde_json::Error>::new(&content)).unwrap();
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(by_ref, expected);
        assert_eq!(content.into_json::<serde_json::Error>().unwrap(), expected);
    }

    #[test]
    fn content_decodes_options_enums_and_structs() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        enum Kind {
            A,
            B(u8),
        }
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct S {
            o: Option<u8>,
            n: Option<u8>,
            k: Kind,
            j: Kind,
            m: std::collections::BTreeMap<String, i64>,
        }
        let content: Content = serde_json::from_str(
            r#"{"o":null,"n":3,"k":"A","j":{"B":7},"m":{"x":-2},"ignored":[1]}"#,
        )
        .unwrap();
        let want = S {
            o: None,
            n: Some(3),
            k: Kind::A,
            j: Kind::B(7),
            m: [("x".to_string(), -2)].into(),
        };
        assert_eq!(
            S::deserialize(ContentRefDeserializer::<serde_json::Error>::new(&content)).unwrap(),
            want
        );
        assert_eq!(
            S::deserialize(ContentDeserializer::<serde_json::Error>::new(content)).unwrap(),
            want
        );
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Aws {
        kind: String,
        region: String,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Gcp {
        #[serde(skip_serializing_if = "Option::is_none")]
        kind: Option<String>,
        zone: Option<String>,
    }

    #[derive(Debug, PartialEq)]
    enum Endpoint {
        Aws(Aws),
        Gcp(Gcp),
        Unknown(Value),
    }

    impl TaggedUnion for Endpoint {
        const PROPERTY: &'static str = "kind";
        const TAGS: &'static [&'static str] = &["AWS", "GCP"];
        fn variant<'de, D: serde::Deserializer<'de>>(index: usize, d: D) -> Result<Self, D::Error> {
            match index {
                0 => Aws::deserialize(d).map(Endpoint::Aws),
                _ => Gcp::deserialize(d).map(Endpoint::Gcp),
            }
        }
        fn unknown(value: Value) -> Self {
            Endpoint::Unknown(value)
        }
    }

    impl<'de> serde::Deserialize<'de> for Endpoint {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize_tagged(d)
        }
    }

    #[test]
    fn tagged_decodes_with_the_tag_anywhere() {
        let aws = Endpoint::Aws(Aws {
            kind: "AWS".into(),
            region: "r".into(),
        });
        for text in [
            r#"{"kind":"AWS","region":"r"}"#,
            r#"{"region":"r","kind":"AWS"}"#,
        ] {
            assert_eq!(serde_json::from_str::<Endpoint>(text).unwrap(), aws);
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::from_value::<Endpoint>(value).unwrap(), aws);
            assert_eq!(
                serde_json::from_reader::<_, Endpoint>(text.as_bytes()).unwrap(),
                aws
            );
        }
        // The variant's own errors stay errors (a known tag with a bad body).
        assert!(serde_json::from_str::<Endpoint>(r#"{"region":5,"kind":"AWS"}"#).is_err());
        assert!(serde_json::from_str::<Endpoint>(r#"{"kind":"AWS"}"#).is_err());
    }

    #[test]
    fn tagged_keeps_unknown_tags_and_other_values_whole() {
        for value in [
            json!({"a": [1, {"b": null}], "kind": "AZURE", "z": "x"}),
            json!({"a": 1}),
            json!({"kind": 5, "a": 1}),
            json!("text"),
            json!([1, 2]),
            json!(null),
        ] {
            let text = value.to_string();
            assert_eq!(
                serde_json::from_str::<Endpoint>(&text).unwrap(),
                Endpoint::Unknown(value.clone()),
                "{text}"
            );
        }
    }

    #[test]
    fn tagged_in_a_list_of_a_buffered_value() {
        // Nested inside a value that is itself buffered (an untagged union around it).
        let content: Content = serde_json::from_str(r#"[{"zone":"z","kind":"GCP"}]"#).unwrap();
        let list = Vec::<Endpoint>::deserialize(ContentRefDeserializer::<serde_json::Error>::new(
            &content,
        ))
        .unwrap();
        assert_eq!(
            list,
            vec![Endpoint::Gcp(Gcp {
                kind: Some("GCP".into()),
                zone: Some("z".into())
            })]
        );
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Lists {
        kind: String,
        names: Vec<String>,
        inner: Option<Inner>,
        raw: Value,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Inner {
        ids: Vec<u64>,
        pairs: Vec<Vec<i32>>,
    }

    #[derive(Debug, PartialEq)]
    enum OnlyLists {
        Lists(Lists),
        Unknown(Value),
    }

    impl TaggedUnion for OnlyLists {
        const PROPERTY: &'static str = "kind";
        const TAGS: &'static [&'static str] = &["LISTS"];
        fn variant<'de, D: serde::Deserializer<'de>>(_: usize, d: D) -> Result<Self, D::Error> {
            Lists::deserialize(d).map(OnlyLists::Lists)
        }
        fn unknown(value: Value) -> Self {
            OnlyLists::Unknown(value)
        }
    }

    impl<'de> serde::Deserialize<'de> for OnlyLists {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize_tagged(d)
        }
    }

    #[test]
    fn tagged_arrays_after_the_tag_are_allocated_at_their_length() {
        let text = r#"{"kind":"LISTS","names":["a","b\n","c"],"inner":{"ids":[1,2],"pairs":[[1],[2,3]]},"raw":[1,"x",[true,{"y":[]}]]}"#;
        let borrowed: OnlyLists = serde_json::from_str(text).unwrap();
        let owned: OnlyLists = serde_json::from_reader(text.as_bytes()).unwrap();
        for decoded in [borrowed, owned] {
            let OnlyLists::Lists(lists) = decoded else {
                panic!("{decoded:?}")
            };
            assert_eq!(lists.kind, "LISTS");
            assert_eq!(lists.names, ["a", "b\n", "c"]);
            assert_eq!(lists.names.capacity(), 3);
            let inner = lists.inner.unwrap();
            assert_eq!(inner.ids, [1, 2]);
            assert_eq!(inner.pairs, [vec![1], vec![2, 3]]);
            assert_eq!(
                (
                    inner.ids.capacity(),
                    inner.pairs.capacity(),
                    inner.pairs[1].capacity()
                ),
                (2, 2, 2)
            );
            assert_eq!(lists.raw, json!([1, "x", [true, {"y": []}]]));
        }
        // The variant's own errors inside a buffered array stay errors.
        assert!(serde_json::from_str::<OnlyLists>(
            r#"{"kind":"LISTS","names":["a",1],"inner":null,"raw":0}"#
        )
        .is_err());
    }

    #[test]
    fn consts_exclude_and_rank() {
        let v = json!({"providerName": "GCP", "regionName": "x"});
        assert_eq!(rank(v.clone(), &[AWS, GCP, LOOSE]), vec![1, 2]);
        let v = json!({"providerName": "AWS"});
        assert_eq!(rank(v.clone(), &[AWS, GCP, LOOSE]), vec![0, 2]);
    }

    #[test]
    fn const_must_be_string_equal() {
        let v = json!({"providerName": 5});
        assert_eq!(rank(v.clone(), &[AWS, LOOSE]), vec![1]);
    }

    #[test]
    fn required_excludes() {
        let v = json!({"name": "a"});
        assert_eq!(rank(v.clone(), &[NEEDS_ID, LOOSE]), vec![1]);
        let v = json!({"name": "a", "id": "1"});
        // both known keys: NEEDS_ID knows 2, LOOSE knows 1.
        assert_eq!(rank(v.clone(), &[LOOSE, NEEDS_ID]), vec![1, 0]);
    }

    #[test]
    fn unknown_keys_and_declaration_order_break_ties() {
        const A: VariantShape = VariantShape {
            properties: &["x"],
            required: &[],
            consts: &[],
        };
        const B: VariantShape = VariantShape {
            properties: &["x", "y"],
            required: &[],
            consts: &[],
        };
        const C: VariantShape = VariantShape {
            properties: &["x"],
            required: &[],
            consts: &[],
        };
        // x known by all; y known only by B.
        assert_eq!(rank(json!({"x": 1, "y": 2}), &[A, B, C]), vec![1, 0, 2]);
        // equal known counts (1) -> fewer unknown wins; here unknown equal -> declaration order.
        assert_eq!(rank(json!({"x": 1}), &[A, B, C]), vec![0, 1, 2]);
        // known equal (1 each: x), unknown: A has {z} unknown=1, D knows z -> known 2.
        const D: VariantShape = VariantShape {
            properties: &["x", "z"],
            required: &[],
            consts: &[],
        };
        assert_eq!(rank(json!({"x": 1, "z": 1}), &[A, D]), vec![1, 0]);
    }

    #[test]
    fn unknown_keys_rank_ascending_when_known_ties() {
        const P: VariantShape = VariantShape {
            properties: &["a"],
            required: &[],
            consts: &[],
        };
        const Q: VariantShape = VariantShape {
            properties: &["b"],
            required: &[],
            consts: &[],
        };
        // Same known count (1) and same unknown count (1) -> declaration order.
        assert_eq!(rank(json!({"a": 1, "b": 1}), &[Q, P]), vec![0, 1]);
    }

    #[test]
    fn const_match_beats_known_keys() {
        const RICH: VariantShape = VariantShape {
            properties: &["kind", "a", "b", "c"],
            required: &[],
            consts: &[],
        };
        const TAGGED: VariantShape = VariantShape {
            properties: &["kind"],
            required: &[],
            consts: &[("kind", "T")],
        };
        let v = json!({"kind": "T", "a": 1, "b": 2});
        assert_eq!(rank(v.clone(), &[RICH, TAGGED]), vec![1, 0]);
    }

    #[test]
    fn non_object_returns_all() {
        assert_eq!(rank(json!("s"), &[AWS, GCP, LOOSE]), vec![0, 1, 2]);
        assert_eq!(rank(json!(null), &[AWS]), vec![0]);
        assert!(rank(json!({}), &[]).is_empty());
    }

    #[test]
    fn serialize_with_consts_adds_each_missing_constant_in_order() {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct V {
            #[serde(skip_serializing_if = "Option::is_none")]
            provider_name: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            kind: Option<String>,
            n: u32,
        }
        const CONSTS: &[(&str, &str)] = &[("providerName", "AZURE"), ("kind", "PRIVATE")];
        fn to_string<T: serde::Serialize>(v: &T) -> String {
            let mut out = Vec::new();
            serialize_with_consts(v, CONSTS, &mut serde_json::Serializer::new(&mut out)).unwrap();
            String::from_utf8(out).unwrap()
        }
        // Outside a request body or a mock's answer, written as it is (a decoded answer
        // re-encodes as it came).
        let as_is = V {
            provider_name: None,
            kind: None,
            n: 0,
        };
        assert_eq!(to_string(&as_is), r#"{"n":0}"#);
        assert_eq!(
            crate::fields::as_server_answer(|| to_string(&as_is)),
            r#"{"n":0,"providerName":"AZURE","kind":"PRIVATE"}"#
        );
        fn sent<T: serde::Serialize>(v: &T) -> String {
            crate::fields::in_request_body(|| to_string(v))
        }
        // Both left unset (a struct: `serialize_struct`): both added after the fields.
        let none = V {
            provider_name: None,
            kind: None,
            n: 1,
        };
        assert_eq!(
            sent(&none),
            r#"{"n":1,"providerName":"AZURE","kind":"PRIVATE"}"#
        );
        // One written (even with another value): kept as written, only the other added.
        let one = V {
            provider_name: Some("OTHER".into()),
            kind: None,
            n: 2,
        };
        assert_eq!(
            sent(&one),
            r#"{"providerName":"OTHER","n":2,"kind":"PRIVATE"}"#
        );
        // A map (`serialize_map`, as a `serde_json::Value` writes itself).
        let map = json!({"kind": "PRIVATE", "n": 3});
        assert_eq!(
            sent(&map),
            r#"{"kind":"PRIVATE","n":3,"providerName":"AZURE"}"#
        );
        // Not an object: written as it is.
        assert_eq!(sent(&json!("s")), r#""s""#);
        assert_eq!(sent(&json!([1])), "[1]");
    }

    #[test]
    fn serialize_tagged_inserts_missing_tag_only() {
        #[derive(serde::Serialize)]
        struct V {
            #[serde(skip_serializing_if = "Option::is_none")]
            kind: Option<String>,
            n: u32,
        }
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::new(&mut out);
        serialize_tagged(&V { kind: None, n: 1 }, "kind", "A", &mut ser).unwrap();
        assert_eq!(
            serde_json::from_slice::<Value>(&out).unwrap(),
            json!({"kind": "A", "n": 1})
        );
        let v = serde_json::to_value(V {
            kind: Some("B".into()),
            n: 2,
        })
        .unwrap();
        let mut out = Vec::new();
        serialize_tagged(&v, "kind", "A", &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(
            serde_json::from_slice::<Value>(&out).unwrap(),
            json!({"kind": "B", "n": 2})
        );
    }
}

/// A string enum's wire value: the JSON string, borrowed from the input where the
/// deserializer lends it (`serde_json::from_str` of a string without escapes, a
/// `&serde_json::Value`, a buffered [`Content`]) and owned otherwise. UTF-8 bytes are read as
/// text; any other type is an error ("invalid type: …, expected a string").
///
/// Generated `Deserialize` impls of string enums (from
/// [`string_enum_impls!`](crate::string_enum_impls)) call this and match the value against
/// their variants, keeping an unknown one as it was written; the function is generic only over
/// the deserializer, so every enum shares one copy per format.
pub fn wire_str<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<std::borrow::Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(WireStr)
}

/// The visitor of [`wire_str`].
struct WireStr;

impl<'de> serde::de::Visitor<'de> for WireStr {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v))
    }

    fn visit_borrowed_bytes<E: serde::de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        std::str::from_utf8(v)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(v), &self))
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        std::str::from_utf8(v)
            .map(|s| std::borrow::Cow::Owned(s.to_owned()))
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(v), &self))
    }

    fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        String::from_utf8(v)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| E::invalid_value(serde::de::Unexpected::Bytes(e.as_bytes()), &self))
    }
}

#[cfg(test)]
mod string_enum_tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;
    use std::borrow::Cow;

    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    enum Provider {
        Aws,
        Tenant,
        Empty,
        /// A variant whose Rust name is that of the catch-all but for a suffix.
        UnknownValue,
        Unknown(String),
    }

    crate::string_enum_impls!(
        Provider; Aws = "AWS", Tenant = "TENANT-1 é", Empty = "", UnknownValue = "Unknown"
    );

    #[test]
    fn wire_str_borrows_where_the_input_lends() {
        let mut de = serde_json::Deserializer::from_str(r#""AWS""#);
        assert!(matches!(wire_str(&mut de).unwrap(), Cow::Borrowed("AWS")));
        // An escape makes serde_json unescape into a scratch buffer: owned.
        let mut de = serde_json::Deserializer::from_str(r#""A\u0057S""#);
        assert!(matches!(wire_str(&mut de).unwrap(), Cow::Owned(s) if s == "AWS"));
        let value = json!("GCP");
        assert!(matches!(wire_str(&value).unwrap(), Cow::Borrowed("GCP")));
        assert!(matches!(wire_str(value).unwrap(), Cow::Owned(s) if s == "GCP"));
        let err = wire_str(json!(42)).unwrap_err().to_string();
        assert_eq!(err, "invalid type: integer `42`, expected a string");
    }

    #[test]
    fn known_values_decode_to_their_variant_from_any_input() {
        for (wire, variant) in [
            ("AWS", Provider::Aws),
            ("TENANT-1 é", Provider::Tenant),
            ("", Provider::Empty),
            ("Unknown", Provider::UnknownValue),
        ] {
            let text = serde_json::to_string(wire).unwrap();
            // Borrowed from the text, unescaped into a scratch buffer (`é` as `\u00e9`), read
            // from bytes, from an owned and a borrowed `Value`.
            let escaped = text.replace('é', r"\u00e9");
            assert_eq!(serde_json::from_str::<Provider>(&text).unwrap(), variant);
            assert_eq!(serde_json::from_str::<Provider>(&escaped).unwrap(), variant);
            assert_eq!(
                serde_json::from_reader::<_, Provider>(text.as_bytes()).unwrap(),
                variant
            );
            assert_eq!(
                serde_json::from_value::<Provider>(json!(wire)).unwrap(),
                variant
            );
            assert_eq!(Provider::deserialize(&json!(wire)).unwrap(), variant);
            assert_eq!(Provider::from(wire), variant);
            assert_eq!(variant.as_str(), wire);
            assert_eq!(serde_json::to_value(&variant).unwrap(), json!(wire));
        }
        assert_eq!(Provider::VALUES, ["AWS", "TENANT-1 é", "", "Unknown"]);
    }

    #[test]
    fn unknown_values_are_kept_as_written_and_re_encoded() {
        for wire in ["aws", "AWS ", "GCP", "TENANT-1 e", "Unknown(\"x\")", "🦀"] {
            let unknown = Provider::Unknown(wire.to_string());
            let text = serde_json::to_string(wire).unwrap();
            assert_eq!(serde_json::from_str::<Provider>(&text).unwrap(), unknown);
            assert_eq!(
                serde_json::from_value::<Provider>(json!(wire)).unwrap(),
                unknown
            );
            assert_eq!(Provider::deserialize(&json!(wire)).unwrap(), unknown);
            assert_eq!(wire.parse::<Provider>().unwrap(), unknown);
            assert_eq!(serde_json::to_string(&unknown).unwrap(), text);
            assert_eq!(unknown.to_string(), wire);
        }
        // Inside a structure, as generated models hold them.
        let list: Vec<Provider> = serde_json::from_str(r#"["AWS","IBM",""]"#).unwrap();
        assert_eq!(
            list,
            [
                Provider::Aws,
                Provider::Unknown("IBM".into()),
                Provider::Empty
            ]
        );
        assert_eq!(serde_json::to_string(&list).unwrap(), r#"["AWS","IBM",""]"#);
    }

    #[test]
    fn non_strings_are_errors() {
        for value in [
            json!(1),
            json!(null),
            json!(true),
            json!(["AWS"]),
            json!({"AWS": null}),
        ] {
            let err = serde_json::from_value::<Provider>(value.clone()).unwrap_err();
            assert!(
                err.to_string().ends_with("expected a string"),
                "{value}: {err}"
            );
        }
    }
}

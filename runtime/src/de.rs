//! Deserialization helpers for generated polymorphic (`oneOf` / discriminator) types.

use serde_json::Value;

/// The string value of `property` in a JSON object (a discriminator tag).
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property)?.as_str()
}

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

/// Rank the variants of a `oneOf` without discriminator for a JSON payload.
///
/// For an object payload, variants are excluded when one of their `required`
/// keys is missing or when one of their `consts` is present with a different
/// value. The rest are ordered best first by: consts matched (desc), payload
/// keys known to the variant (desc), payload keys unknown to it (asc), then
/// declaration order. A non-object payload yields all indices in order.
pub fn rank_variants(value: &Value, shapes: &[VariantShape]) -> Vec<usize> {
    let Value::Object(obj) = value else {
        return (0..shapes.len()).collect();
    };
    let mut scored: Vec<(usize, usize, usize, usize)> = Vec::with_capacity(shapes.len());
    'variants: for (index, shape) in shapes.iter().enumerate() {
        if shape.required.iter().any(|r| !obj.contains_key(*r)) {
            continue;
        }
        let mut consts_matched = 0;
        for (name, want) in shape.consts {
            match obj.get(*name) {
                None => {}
                Some(Value::String(got)) if got == want => consts_matched += 1,
                Some(_) => continue 'variants,
            }
        }
        let known = obj
            .keys()
            .filter(|k| shape.properties.contains(&k.as_str()))
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

/// Serializes a variant of a discriminated union, making sure the discriminator property is
/// present: a variant struct whose tag field is optional (read-only upstream) may have left it
/// unset, and the server needs it to tell the variants apart.
pub fn serialize_tagged<T, S>(
    value: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: serde::Serialize + ?Sized,
    S: serde::Serializer,
{
    use serde::ser::Error as _;
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let Value::Object(object) = &mut json {
        object
            .entry(property.to_string())
            .or_insert_with(|| Value::String(tag.to_string()));
    }
    serde::Serialize::serialize(&json, serializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn tag_reads_strings_only() {
        let v = json!({"type": "AWS", "n": 1});
        assert_eq!(tag(&v, "type"), Some("AWS"));
        assert_eq!(tag(&v, "n"), None);
        assert_eq!(tag(&v, "missing"), None);
        assert_eq!(tag(&json!([1]), "type"), None);
    }

    #[test]
    fn consts_exclude_and_rank() {
        let v = json!({"providerName": "GCP", "regionName": "x"});
        assert_eq!(rank_variants(&v, &[AWS, GCP, LOOSE]), vec![1, 2]);
        let v = json!({"providerName": "AWS"});
        assert_eq!(rank_variants(&v, &[AWS, GCP, LOOSE]), vec![0, 2]);
    }

    #[test]
    fn const_must_be_string_equal() {
        let v = json!({"providerName": 5});
        assert_eq!(rank_variants(&v, &[AWS, LOOSE]), vec![1]);
    }

    #[test]
    fn required_excludes() {
        let v = json!({"name": "a"});
        assert_eq!(rank_variants(&v, &[NEEDS_ID, LOOSE]), vec![1]);
        let v = json!({"name": "a", "id": "1"});
        // both known keys: NEEDS_ID knows 2, LOOSE knows 1.
        assert_eq!(rank_variants(&v, &[LOOSE, NEEDS_ID]), vec![1, 0]);
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
        assert_eq!(
            rank_variants(&json!({"x": 1, "y": 2}), &[A, B, C]),
            vec![1, 0, 2]
        );
        // equal known counts (1) -> fewer unknown wins; here unknown equal -> declaration order.
        assert_eq!(rank_variants(&json!({"x": 1}), &[A, B, C]), vec![0, 1, 2]);
        // known equal (1 each: x), unknown: A has {z} unknown=1, D knows z -> known 2.
        const D: VariantShape = VariantShape {
            properties: &["x", "z"],
            required: &[],
            consts: &[],
        };
        assert_eq!(rank_variants(&json!({"x": 1, "z": 1}), &[A, D]), vec![1, 0]);
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
        assert_eq!(rank_variants(&json!({"a": 1, "b": 1}), &[Q, P]), vec![0, 1]);
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
        assert_eq!(rank_variants(&v, &[RICH, TAGGED]), vec![1, 0]);
    }

    #[test]
    fn non_object_returns_all() {
        assert_eq!(
            rank_variants(&json!("s"), &[AWS, GCP, LOOSE]),
            vec![0, 1, 2]
        );
        assert_eq!(rank_variants(&json!(null), &[AWS]), vec![0]);
        assert!(rank_variants(&json!({}), &[]).is_empty());
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

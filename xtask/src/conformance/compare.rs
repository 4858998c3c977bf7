//! Comparing an instance with what the generated type encoded back, and naming the causes.
//!
//! Equal means: the same JSON value, except that object keys may come in another order and a
//! number may be spelled differently (`1.0` vs `1`) as long as it is the same number. Nothing
//! else is forgiven: an explicit `null` that comes back absent, a date-time written back in
//! another form, a field dropped or added — each is a difference with its own cause.

use serde_json::Value;

/// One difference, at a JSON pointer into the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub path: String,
    pub cause: &'static str,
    pub detail: String,
}

/// The differences between the instance and the re-encoded value (empty when equal).
pub fn differences(instance: &Value, encoded: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(instance, encoded, String::new(), &mut out);
    out
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

fn walk(a: &Value, b: &Value, path: String, out: &mut Vec<Difference>) {
    let mut push = |cause: &'static str, detail: String| {
        out.push(Difference {
            path: path.clone(),
            cause,
            detail,
        })
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let p = format!("{path}/{}", k.replace('~', "~0").replace('/', "~1"));
                match y.get(k) {
                    Some(vb) => walk(va, vb, p, out),
                    None if va.is_null() => out.push(Difference {
                        path: p,
                        cause: "explicit null re-encoded as absent",
                        detail: "null → absent".into(),
                    }),
                    None => out.push(Difference {
                        path: p,
                        cause: "field lost",
                        detail: format!("{} → absent", short(va)),
                    }),
                }
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    let p = format!("{path}/{}", k.replace('~', "~0").replace('/', "~1"));
                    out.push(Difference {
                        path: p,
                        cause: if vb.is_null() {
                            "null added for an absent field"
                        } else {
                            "field added"
                        },
                        detail: format!("absent → {}", short(vb)),
                    });
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                push(
                    "array length changed",
                    format!("{} → {} items", x.len(), y.len()),
                );
                return;
            }
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                walk(va, vb, format!("{path}/{i}"), out);
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            if !same_number(x, y) {
                push("number changed", format!("{x} → {y}"));
            }
        }
        (Value::String(x), Value::String(y)) => {
            if x != y {
                let cause = match (
                    chrono::DateTime::parse_from_rfc3339(x),
                    chrono::DateTime::parse_from_rfc3339(y),
                ) {
                    (Ok(dx), Ok(dy)) if dx == dy => {
                        "date-time re-encoded in another form (same instant)"
                    }
                    (Ok(_), Ok(_)) => "date-time changed",
                    _ => "string changed",
                };
                push(cause, format!("{} → {}", short(a), short(b)));
            }
        }
        _ if a == b => {}
        (Value::Null, _) => push("null decoded as a value", format!("null → {}", short(b))),
        (_, Value::Null) => push("value re-encoded as null", format!("{} → null", short(a))),
        _ => push("JSON type changed", format!("{} → {}", short(a), short(b))),
    }
}

/// The same number, whatever the spelling: integers compare exactly; an integer and a float
/// are equal only when the float is that integer exactly.
fn same_number(x: &serde_json::Number, y: &serde_json::Number) -> bool {
    fn int(n: &serde_json::Number) -> Option<i128> {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    }
    match (int(x), int(y)) {
        (Some(a), Some(b)) => a == b,
        (Some(i), None) | (None, Some(i)) => {
            let f = if int(x).is_some() { y } else { x }.as_f64();
            f.is_some_and(|f| {
                f.fract() == 0.0 && f.abs() < 1.8e19 && f as i128 == i && (i as f64) == f
            })
        }
        (None, None) => x.as_f64() == y.as_f64(),
    }
}

/// A decode/encode error message with the specifics (positions, quoted names and values)
/// taken out, so that the same cause groups together.
pub fn error_cause(message: &str) -> String {
    let mut out = String::new();
    let mut in_quote = false;
    let mut last_placeholder = false;
    for c in message.chars() {
        if c == '`' {
            if !in_quote {
                if !last_placeholder {
                    out.push('…');
                }
                last_placeholder = true;
            }
            in_quote = !in_quote;
            continue;
        }
        if in_quote {
            continue;
        }
        if last_placeholder && (c == ',' || c == ' ') {
            // "one of `A`, `B`, `C`" → "one of …"
            continue;
        }
        if last_placeholder {
            out.push(' ');
        }
        last_placeholder = false;
        out.push(c);
    }
    let out = match out.find(" at line ") {
        Some(i) => out[..i].to_string(),
        None => out,
    };
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn causes(a: Value, b: Value) -> Vec<&'static str> {
        differences(&a, &b).into_iter().map(|d| d.cause).collect()
    }

    #[test]
    fn key_order_and_number_spelling_are_not_differences() {
        let a: Value = serde_json::from_str(r#"{"a":1,"b":[1.5,2]}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"b":[1.5,2.0],"a":1.0}"#).unwrap();
        assert!(differences(&a, &b).is_empty());
    }

    #[test]
    fn every_other_change_is_named() {
        assert_eq!(
            causes(json!({"a": null}), json!({})),
            ["explicit null re-encoded as absent"]
        );
        assert_eq!(causes(json!({"a": 1}), json!({})), ["field lost"]);
        assert_eq!(causes(json!({}), json!({"a": 1})), ["field added"]);
        assert_eq!(
            causes(json!({}), json!({"a": null})),
            ["null added for an absent field"]
        );
        assert_eq!(
            causes(json!(9007199254740993u64), json!(9007199254740992.0)),
            ["number changed"]
        );
        assert_eq!(
            causes(
                json!("2020-01-01T00:00:00+00:00"),
                json!("2020-01-01T00:00:00Z")
            ),
            ["date-time re-encoded in another form (same instant)"]
        );
        assert_eq!(
            causes(
                json!("2020-01-01T00:00:00+01:00"),
                json!("2020-01-01T00:00:00Z")
            ),
            ["date-time changed"]
        );
        assert_eq!(causes(json!([1, 2]), json!([1])), ["array length changed"]);
        assert_eq!(causes(json!("1"), json!(1)), ["JSON type changed"]);
        assert_eq!(
            causes(json!({"a": {"b": "x"}}), json!({"a": {"b": "y"}})),
            ["string changed"]
        );
    }

    #[test]
    fn error_causes_lose_their_specifics() {
        assert_eq!(
            error_cause("decode: missing field `groupId` at line 1 column 20"),
            "decode: missing field …"
        );
        assert_eq!(
            error_cause(
                "decode: unknown variant `X`, expected one of `A`, `B`, `C` at line 1 column 3"
            ),
            "decode: unknown variant … expected one of …"
        );
    }
}

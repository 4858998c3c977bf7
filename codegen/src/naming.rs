//! Rust names for spec names: case conversion (by `heck`), keyword escaping, odd characters,
//! and de-duplication.

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};
use std::collections::BTreeSet;

/// Rust keywords (all editions) that can be raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names that would shadow what generated code uses.
const RESERVED_TYPES: &[&str] = &[
    "Box",
    "Client",
    "ClientBuilder",
    "Err",
    "Error",
    "Future",
    "IntoFuture",
    "None",
    "Ok",
    "Option",
    "Pin",
    "Result",
    "Self",
    "Some",
    "String",
    "Transport",
    "Value",
    "Vec",
    "Validate",
    "Validator",
    "Path",
    "Pattern",
    "Cow",
    "Request",
    "RequestBody",
    "Response",
    "Method",
    "BTreeMap",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
];

/// Keeps only characters a Rust identifier may hold (ASCII letters, digits, `_`), turning
/// everything else into word breaks.
fn ascii_words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// Case conversion is a large part of building the IR of a big spec, and the same words
/// (`links`, `groupId`, `AWS`, …) come back thousands of times; each conversion is a pure
/// function of its input, so its results are remembered per thread (bounded).
fn memo(kind: usize, raw: &str, convert: fn(&str) -> String) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    const LIMIT: usize = 1 << 16;
    thread_local! {
        static MEMO: RefCell<[HashMap<String, String>; 3]> = RefCell::new(Default::default());
    }
    MEMO.with(|memo| {
        let memo = &mut memo.borrow_mut()[kind];
        if let Some(hit) = memo.get(raw) {
            return hit.clone();
        }
        let converted = convert(raw);
        if memo.len() >= LIMIT {
            memo.clear();
        }
        memo.insert(raw.to_string(), converted.clone());
        converted
    })
}

/// A PascalCase type or variant name. Never empty, never starts with a digit.
pub fn type_name(raw: &str) -> String {
    memo(0, raw, convert_type_name)
}

fn convert_type_name(raw: &str) -> String {
    let mut name = pascal(raw, "Unnamed");
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    name
}

/// PascalCase of the ASCII words of `raw`; `empty` if it has none; `V` before a leading digit.
fn pascal(raw: &str, empty: &str) -> String {
    let mut name = ascii_words(raw).to_pascal_case();
    if name.is_empty() {
        name = empty.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    name
}

/// A PascalCase enum variant name (`Unknown` is reserved for unknown values).
pub fn variant_name(raw: &str) -> String {
    memo(1, raw, convert_variant_name)
}

fn convert_variant_name(raw: &str) -> String {
    let mut name = pascal(raw, "Empty");
    if name == "Unknown" || name == "Self" {
        name.push_str("Value");
    }
    name
}

/// A snake_case field, parameter or method name, escaped if it is a keyword.
pub fn field_name(raw: &str) -> String {
    memo(2, raw, convert_field_name)
}

fn convert_field_name(raw: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = "field".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "n_");
    }
    escape_keyword(name)
}

/// SCREAMING_SNAKE_CASE, for constants.
pub fn const_name(raw: &str) -> String {
    let name = ascii_words(raw).to_shouty_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("C_{name}")
    } else {
        name
    }
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Whether `name` must be written `r#name`.
pub fn needs_raw(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Hands out names unique within one scope by appending `2`, `3`, ….
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            used: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// `base` if free, else the first free `base2`, `base_2`… (snake names get `_N`).
    pub fn claim(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let snake = base.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        (2..)
            .map(|n| {
                if snake {
                    format!("{base}_{n}")
                } else {
                    format!("{base}{n}")
                }
            })
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_names() {
        assert_eq!(field_name("_id"), "id");
        assert_eq!(field_name("type"), "type");
        assert!(needs_raw(&field_name("type")));
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name(""), "field");
        assert_eq!(field_name("2fa"), "n_2fa");
        assert_eq!(
            field_name("privateEndpointIPAddress"),
            "private_endpoint_ip_address"
        );
        assert_eq!(field_name("naïve-name"), "na_ve_name");
        assert_eq!(type_name("AWSInterfaceEndpoint"), "AwsInterfaceEndpoint");
        assert_eq!(type_name("Error"), "ErrorModel");
        assert_eq!(type_name("é"), "Unnamed");
        assert_eq!(variant_name("US_EAST_1"), "UsEast1");
        assert_eq!(variant_name("1"), "V1");
        assert_eq!(variant_name("unknown"), "UnknownValue");
        assert_eq!(const_name("groupId"), "GROUP_ID");
    }

    #[test]
    fn scope_dedupes() {
        let mut s = Scope::new();
        assert_eq!(s.claim("Foo"), "Foo");
        assert_eq!(s.claim("Foo"), "Foo2");
        assert_eq!(s.claim("bar"), "bar");
        assert_eq!(s.claim("bar"), "bar_2");
    }
}

//! Identifiers for spec names: case conversion (by `heck`), odd characters, an emitter's
//! reserved words ([`NamingRules`]), and de-duplication ([`Scope`]).
//!
//! Lowering stores identifiers in the IR (type, field, variant, parameter, method and builder
//! names), each unique in its scope. They are made by the [`NamingRules`] of the emitter the IR
//! is built for (the client emitter's: [`crate::emit::client::naming::RULES`]): an emitter
//! states which names its generated code already uses, and lowering avoids them. The rules are
//! applied while lowering, not after it, because inline types are named from parts
//! (`{Owner}{Field}`) and a part that is a reserved word is renamed too: the field `method` of
//! `RateLimitEndpointSetEndpoint` gives the type `RateLimitEndpointSetEndpointMethodModel`.

use heck::{ToPascalCase, ToSnakeCase};
use std::collections::BTreeSet;

/// The names an emitter's generated code already uses, and what a spec name that would
/// collide with one gets appended.
#[derive(Debug, Clone, Copy)]
pub struct NamingRules {
    /// Type names (and parts of inline type names) that would shadow what the generated code
    /// uses (`Client`, `Error`, `Option`, …).
    pub reserved_types: &'static [&'static str],
    /// Appended to a reserved type name (`Error` → `ErrorModel`).
    pub reserved_type_suffix: &'static str,
    /// Enum variant names the emitter uses itself (`Unknown` for values it does not know).
    pub reserved_variants: &'static [&'static str],
    /// Appended to a reserved variant name (`Unknown` → `UnknownValue`).
    pub reserved_variant_suffix: &'static str,
    /// Field, parameter and method names that cannot be identifiers (`self`, `crate`, …).
    pub reserved_fields: &'static [&'static str],
    /// Appended to a reserved field name (`self` → `self_`).
    pub reserved_field_suffix: &'static str,
    /// Method names the client type already has (`builder`, `new`, …): an operation named so
    /// gets a numbered name.
    pub reserved_methods: &'static [&'static str],
    /// Type names an operation module already imports (`Client`, `Cow`): a request builder
    /// named so gets a numbered name.
    pub reserved_builders: &'static [&'static str],
    /// Names a request builder already uses for its own fields and methods (`body`, `send`,
    /// …): a parameter named so gets a numbered name.
    pub reserved_builder_members: &'static [&'static str],
}

impl NamingRules {
    /// A PascalCase type name (or part of one). Never empty, never starts with a digit, never
    /// reserved.
    pub fn type_name(&self, raw: &str) -> String {
        let mut name = memo(0, raw, convert_type_name);
        if self.reserved_types.contains(&name.as_str()) {
            name.push_str(self.reserved_type_suffix);
        }
        name
    }

    /// A PascalCase enum variant name, never reserved.
    pub fn variant_name(&self, raw: &str) -> String {
        let mut name = memo(1, raw, convert_variant_name);
        if self.reserved_variants.contains(&name.as_str()) {
            name.push_str(self.reserved_variant_suffix);
        }
        name
    }

    /// A snake_case field, parameter, method or module name, never reserved.
    pub fn field_name(&self, raw: &str) -> String {
        let mut name = memo(2, raw, convert_field_name);
        if self.reserved_fields.contains(&name.as_str()) {
            name.push_str(self.reserved_field_suffix);
        }
        name
    }

    /// A scope for the variants of one enum.
    pub fn variant_scope(&self) -> Scope {
        Scope::with_reserved(self.reserved_variants)
    }
}

/// Keeps only characters an identifier may hold (ASCII letters, digits, `_`), turning
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

fn convert_type_name(raw: &str) -> String {
    pascal(raw, "Unnamed")
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

fn convert_variant_name(raw: &str) -> String {
    pascal(raw, "Empty")
}

fn convert_field_name(raw: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = "field".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "n_");
    }
    name
}

/// Hands out names unique within one scope by appending `2`, `3`, ….
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    /// An empty scope.
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

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::client::naming::RULES;

    #[test]
    fn odd_names() {
        assert_eq!(RULES.field_name("_id"), "id");
        assert_eq!(RULES.field_name("type"), "type");
        assert_eq!(RULES.field_name("self"), "self_");
        assert_eq!(RULES.field_name(""), "field");
        assert_eq!(RULES.field_name("2fa"), "n_2fa");
        assert_eq!(
            RULES.field_name("privateEndpointIPAddress"),
            "private_endpoint_ip_address"
        );
        assert_eq!(RULES.field_name("naïve-name"), "na_ve_name");
        assert_eq!(
            RULES.type_name("AWSInterfaceEndpoint"),
            "AwsInterfaceEndpoint"
        );
        assert_eq!(RULES.type_name("Error"), "ErrorModel");
        assert_eq!(RULES.type_name("é"), "Unnamed");
        assert_eq!(RULES.variant_name("US_EAST_1"), "UsEast1");
        assert_eq!(RULES.variant_name("1"), "V1");
        assert_eq!(RULES.variant_name("unknown"), "UnknownValue");
    }

    #[test]
    fn rules_are_the_emitters() {
        const NONE: NamingRules = NamingRules {
            reserved_types: &[],
            reserved_type_suffix: "",
            reserved_variants: &[],
            reserved_variant_suffix: "",
            reserved_fields: &[],
            reserved_field_suffix: "",
            reserved_methods: &[],
            reserved_builders: &[],
            reserved_builder_members: &[],
        };
        assert_eq!(NONE.type_name("Error"), "Error");
        assert_eq!(NONE.field_name("self"), "self");
        assert_eq!(NONE.variant_name("unknown"), "Unknown");
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

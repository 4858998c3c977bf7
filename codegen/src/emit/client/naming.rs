//! The client emitter's naming: the names its generated code already uses, which lowering
//! must not give to a spec's types, variants, fields, operations or parameters ([`RULES`]),
//! and Rust's raw identifiers ([`needs_raw`]).

use crate::naming::NamingRules;

/// The client emitter's reserved words, handed to lowering (see [`crate::naming`]).
pub const RULES: NamingRules = NamingRules {
    reserved_types: RESERVED_TYPES,
    reserved_type_suffix: "Model",
    // `Unknown` holds values the client does not know; `Self` is a keyword.
    reserved_variants: &["Unknown", "Self"],
    reserved_variant_suffix: "Value",
    // Keywords that cannot be raw identifiers.
    reserved_fields: &["self", "Self", "super", "crate", "_"],
    reserved_field_suffix: "_",
    // `Client`'s own associated functions and the traits it implements.
    reserved_methods: &["builder", "transport", "new", "from", "clone"],
    // Operation modules import `Client` and `Cow` (and `Error`, which `type_name` never gives).
    reserved_builders: &["Client", "Cow"],
    // A request builder's own fields and methods.
    reserved_builder_members: &[
        "body",
        "client",
        "send",
        "send_with_response",
        "into_future",
        "into_stream",
        "request",
    ],
};

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

/// Rust keywords (all editions) that can be raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Whether `name` must be written `r#name`.
pub fn needs_raw(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_raw() {
        assert!(needs_raw(&RULES.field_name("type")));
        assert!(!needs_raw(&RULES.field_name("self")));
    }
}

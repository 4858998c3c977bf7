//! Doc comments of model types and union variants. A type has the schema's own text (its
//! `description`, else its `title`) when the spec gives one, else a sentence saying what it is
//! (its properties, values or variants) and where in the spec it comes from; an alias also
//! says which type it is another name of. A union variant says what selects it (the
//! discriminator value, or the properties a value of it must have) and what its type is. A
//! struct field without text of its own names its property and type.

use crate::ir::{Api, Field, TypeDef, TypeKind, TypeRef, Variant};

/// How many names a generated sentence lists before it says "and N more".
const LISTED: usize = 6;

/// The doc text of the type `name`.
pub fn type_doc(api: &Api, name: &str, def: &TypeDef) -> String {
    let own = def.doc.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let mut text = match own {
        Some(own) => own.to_string(),
        None => format!("{} From `{}`.", what(api, name, def), def.pointer),
    };
    if let TypeKind::Alias(target @ TypeRef::Named(target_name)) = &def.kind {
        if own.is_some() {
            let same = if api.is_string_enum(target) {
                " (another place in the spec has the same values)"
            } else {
                ""
            };
            text.push_str(&format!(
                "\n\nAnother name of [`{target_name}`]{same}: the same type."
            ));
        }
    }
    text
}

/// A sentence saying what a type is, from its definition alone.
fn what(api: &Api, name: &str, def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(s) => {
            let props: Vec<String> = s.fields.iter().map(|f| code(&f.wire_name)).collect();
            let map = s
                .additional
                .as_ref()
                .map(|t| format!("other properties of {}", type_words(t)));
            match (props.is_empty(), map) {
                (true, None) => "An object with no declared properties.".to_string(),
                (true, Some(map)) => format!("An object with {map}."),
                (false, None) => format!("An object with {}.", list(&props, "and")),
                (false, Some(map)) => format!("An object with {}, and {map}.", list(&props, "and")),
            }
        }
        TypeKind::Enum(values) => {
            let wires: Vec<String> = values.iter().map(|v| code(&v.wire)).collect();
            let one = if wires.len() == 1 {
                format!("The string {}", wires[0])
            } else {
                format!("One of the strings {}", list(&wires, "or"))
            };
            format!("{one}; a value this client does not know is kept in `Unknown`.")
        }
        TypeKind::Tagged(t) => {
            let variants: Vec<String> = t
                .variants
                .iter()
                .map(|v| match &v.tag {
                    Some(tag) => {
                        format!("{} (`{}` = {})", type_words(&v.ty), t.property, code(tag))
                    }
                    None => type_words(&v.ty),
                })
                .collect();
            format!(
                "One of: {}; chosen by `{}`.",
                list(&variants, "or"),
                t.property
            )
        }
        TypeKind::Untagged(vs) => {
            let variants: Vec<String> = vs.iter().map(|v| type_words(&v.ty)).collect();
            format!(
                "One of: {}; chosen by the shape of the value (which properties it has).",
                list(&variants, "or")
            )
        }
        TypeKind::AnyOf(vs) => {
            let members: Vec<String> = vs.iter().map(|v| type_words(&v.ty)).collect();
            format!(
                "Any of: {}; a value may match several of them, each kept in its own field.",
                list(&members, "and")
            )
        }
        TypeKind::Alias(target) => match target {
            TypeRef::Named(target_name) if api.is_string_enum(target) => format!(
                "Another name of [`{target_name}`]: the same values at another place in the spec."
            ),
            _ => format!("Another name of {}.", type_words(target)),
        },
        TypeKind::Newtype(inner) => {
            format!(
                "`{name}` wraps {} (a type that contains itself).",
                type_words(inner)
            )
        }
    }
}

/// The doc text of a union variant: what selects it (the discriminator `property` of a
/// tagged union and the variant's value; for an untagged one, the properties its values
/// must have) and what its type is.
pub fn variant_doc(api: &Api, property: Option<&str>, v: &Variant) -> String {
    let what = match summary_of(api, &v.ty) {
        Some(summary) => format!("{}: {summary}", type_words(&v.ty)),
        None => format!("{}.", type_words(&v.ty)),
    };
    // `a string.` → `A string.`: the text starts a sentence.
    let mut chars = what.chars();
    let what = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => what,
    };
    match (property, &v.tag) {
        (Some(property), Some(tag)) => {
            format!("Chosen when `{property}` is {}. {what}", code(tag))
        }
        _ if !v.shape.required.is_empty() => {
            let required: Vec<String> = v.shape.required.iter().map(|r| code(r)).collect();
            format!("Matches an object with {}. {what}", list(&required, "and"))
        }
        _ => what,
    }
}

/// The doc text of a struct field the spec says nothing about: which property it is and
/// what type.
pub fn field_doc(f: &Field) -> String {
    format!("The `{}` property: {}.", f.wire_name, type_words(&f.ty))
}

/// The first sentence of a named type's own doc (or of what it is, when it has none).
fn summary_of(api: &Api, t: &TypeRef) -> Option<String> {
    let TypeRef::Named(name) = t else {
        return None;
    };
    let def = api.types.get(name)?;
    let text = match def.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(own) => own.to_string(),
        None => what(api, name, def),
    };
    let first_line = text.lines().next().unwrap_or_default().trim();
    let sentence = match first_line.find(". ") {
        Some(end) => &first_line[..=end],
        None => first_line,
    };
    (!sentence.is_empty()).then(|| sentence.to_string())
}

/// A type in words: a link for a named type, code for any other.
fn type_words(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => format!("[`{n}`]"),
        TypeRef::String => "a string".to_string(),
        TypeRef::Bool => "a boolean".to_string(),
        t if t.is_integer() => "an integer".to_string(),
        TypeRef::F32 | TypeRef::F64 => "a number".to_string(),
        TypeRef::DateTime => "a date and time (RFC 3339)".to_string(),
        TypeRef::Date => "a date (RFC 3339 full-date)".to_string(),
        TypeRef::Json => "any JSON value".to_string(),
        TypeRef::Bytes => "bytes".to_string(),
        TypeRef::Vec(inner) => format!("a list of {}", type_words(inner)),
        TypeRef::Map(inner) => format!("a map of strings to {}", type_words(inner)),
        TypeRef::Nullable(inner) => format!("{} or `null`", type_words(inner)),
        // Every integer is matched above.
        _ => "an integer".to_string(),
    }
}

/// `text` as inline code (backticks inside are dropped).
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', ""))
}

/// `a`, `b` and `c`; at most [`LISTED`] items, then "and N more".
fn list(items: &[String], last_word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        _ if items.len() > LISTED => {
            let more = items.len() - LISTED;
            format!("{}, {last_word} {more} more", items[..LISTED].join(", "))
        }
        [rest @ .., last] => format!("{} {last_word} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumValue, Shape, Struct, Tagged};

    fn named(n: &str) -> TypeRef {
        TypeRef::Named(n.to_string())
    }

    fn def(doc: Option<&str>, kind: TypeKind) -> TypeDef {
        TypeDef {
            doc: doc.map(str::to_string),
            pointer: "#/components/schemas/X".to_string(),
            kind,
        }
    }

    fn variant(name: &str, tag: Option<&str>, required: &[&str]) -> Variant {
        Variant {
            rust_name: name.to_string(),
            ty: named(name),
            tag: tag.map(str::to_string),
            boxed: false,
            shape: Shape {
                required: required.iter().map(|r| r.to_string()).collect(),
                ..Shape::default()
            },
        }
    }

    fn api() -> Api {
        let mut api = Api::default();
        api.types.insert(
            "Aws".into(),
            def(
                Some("Group of Private Endpoint settings. More text."),
                TypeKind::Struct(Struct {
                    fields: vec![],
                    additional: None,
                    required_order: vec![],
                }),
            ),
        );
        api.types.insert(
            "Gcp".into(),
            def(
                None,
                TypeKind::Struct(Struct {
                    fields: vec![],
                    additional: None,
                    required_order: vec![],
                }),
            ),
        );
        api.types.insert(
            "Status".into(),
            def(
                None,
                TypeKind::Enum(vec![
                    EnumValue {
                        wire: "A".into(),
                        rust_name: "A".into(),
                    },
                    EnumValue {
                        wire: "B".into(),
                        rust_name: "B".into(),
                    },
                ]),
            ),
        );
        api.types.insert(
            "OtherStatus".into(),
            def(Some("State of the rule."), TypeKind::Alias(named("Status"))),
        );
        api
    }

    #[test]
    fn a_type_without_text_says_what_it_is_and_where_it_comes_from() {
        let api = api();
        let tagged = def(
            None,
            TypeKind::Tagged(Tagged {
                property: "cloudProvider".into(),
                variants: vec![
                    variant("Aws", Some("AWS"), &[]),
                    variant("Gcp", Some("GCP"), &[]),
                ],
            }),
        );
        assert_eq!(
            type_doc(&api, "Endpoint", &tagged),
            "One of: [`Aws`] (`cloudProvider` = `AWS`) or [`Gcp`] (`cloudProvider` = `GCP`); chosen by `cloudProvider`. From `#/components/schemas/X`."
        );
        assert_eq!(
            type_doc(&api, "Status", &api.types["Status"]),
            "One of the strings `A` or `B`; a value this client does not know is kept in `Unknown`. From `#/components/schemas/X`."
        );
        // An alias keeps its own text and says what it stands for.
        assert_eq!(
            type_doc(&api, "OtherStatus", &api.types["OtherStatus"]),
            "State of the rule.\n\nAnother name of [`Status`] (another place in the spec has the same values): the same type."
        );
        // The spec's text wins.
        assert_eq!(
            type_doc(&api, "Aws", &api.types["Aws"]),
            "Group of Private Endpoint settings. More text."
        );
    }

    #[test]
    fn a_variant_says_what_selects_it_and_what_it_is() {
        let api = api();
        assert_eq!(
            variant_doc(
                &api,
                Some("cloudProvider"),
                &variant("Aws", Some("AWS"), &[])
            ),
            "Chosen when `cloudProvider` is `AWS`. [`Aws`]: Group of Private Endpoint settings."
        );
        assert_eq!(
            variant_doc(&api, None, &variant("Aws", None, &["id", "name"])),
            "Matches an object with `id` and `name`. [`Aws`]: Group of Private Endpoint settings."
        );
        assert_eq!(
            variant_doc(&api, None, &variant("Gcp", None, &[])),
            "[`Gcp`]: An object with no declared properties."
        );
    }

    #[test]
    fn a_field_without_text_names_its_property_and_type() {
        let f = Field {
            wire_name: "latestDefinition".into(),
            rust_name: "latest_definition".into(),
            ty: TypeRef::Vec(Box::new(named("Definition"))),
            required: false,
            required_in_requests: false,
            read_only: false,
            write_only: false,
            deprecated: false,
            boxed: false,
            doc: None,
            constraints: Default::default(),
        };
        assert_eq!(
            field_doc(&f),
            "The `latestDefinition` property: a list of [`Definition`]."
        );
    }

    #[test]
    fn long_lists_are_cut() {
        let items: Vec<String> = (0..9).map(|i| format!("`{i}`")).collect();
        assert_eq!(
            list(&items, "or"),
            "`0`, `1`, `2`, `3`, `4`, `5`, or 3 more"
        );
        assert_eq!(list(&items[..2], "and"), "`0` and `1`");
    }
}

//! Names of inline types: the one rule that both the schema converter and the shared-enum
//! pre-pass ([`crate::passes::shared_enums`]) use, so a pre-pass candidate is the name the
//! converter would give.
//!
//! An inline schema that needs a type of its own is named after its owner and the way from
//! the owner to it: `{Owner}{Field}` for a property, `…Item` for array items, `…Value` for map
//! values, `…{Label}` for a `oneOf`/`anyOf`
//! member (its title, `$ref` name or shape: [`crate::lower::unions::member_label`]); an operation's inline
//! parameter, body and answer types are `{Builder}{Param}`, `{Builder}Body` and
//! `{Builder}Response`. Every part is a PascalCase [`NamingRules::type_name`].
//!
//! The name depends only on the place (never on what else the document holds), so a type has
//! the same name in a fragment of a spec as in the whole spec. Inline enums follow the same
//! rule (see [`crate::passes::shared_enums`] for how places with the same values share one
//! enum, and the profile's names for well-known values).

use crate::load::child;
use crate::naming::NamingRules;

/// One step from a schema to a schema inside it.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// `properties/{field}`: name part `{Field}`.
    Property(&'a str),
    /// `items`: `Item`.
    Items,
    /// `additionalProperties`: `Value`.
    Values,
    /// `oneOf/{index}` or `anyOf/{index}` (`keyword`): the member's label (its title, `$ref`
    /// name or shape, [`crate::lower::unions::member_label`]).
    Member {
        keyword: &'static str,
        index: usize,
        label: &'a str,
    },
    /// `allOf/{index}`: no name part (an `allOf` member's properties are the owner's).
    AllOf(usize),
}

impl Step<'_> {
    /// Appends this step's name part.
    pub fn push_name(&self, rules: &NamingRules, name: &mut String) {
        match self {
            Step::Property(field) => name.push_str(&rules.type_name(field)),
            Step::Items => name.push_str("Item"),
            Step::Values => name.push_str("Value"),
            Step::Member { label, .. } => name.push_str(&rules.type_name(label)),
            Step::AllOf(_) => {}
        }
    }

    /// The pointer this step leads to from `pointer`.
    pub fn pointer(&self, pointer: &str) -> String {
        match self {
            Step::Property(field) => child(&child(pointer, "properties"), field),
            Step::Items => child(pointer, "items"),
            Step::Values => child(pointer, "additionalProperties"),
            Step::Member { keyword, index, .. } => {
                child(&child(pointer, keyword), &index.to_string())
            }
            Step::AllOf(index) => child(&child(pointer, "allOf"), &index.to_string()),
        }
    }
}

/// The name hint of an inline type one step inside a type named (or hinted) `owner`.
pub fn inline_name(rules: &NamingRules, owner: &str, step: Step<'_>) -> String {
    let mut name = owner.to_string();
    step.push_name(rules, &mut name);
    name
}

/// The name hint of an operation's inline parameter type: `{Builder}{Param}`. A component
/// parameter, which belongs to no one operation, has an empty `builder`.
pub fn parameter_name(rules: &NamingRules, builder: &str, parameter: &str) -> String {
    format!("{builder}{}", rules.type_name(parameter))
}

/// The name hint of an operation's inline request body type: `{Builder}Body`.
pub fn body_name(builder: &str) -> String {
    format!("{builder}Body")
}

/// The name hint of an operation's inline answer type: `{Builder}Response`.
pub fn response_name(builder: &str) -> String {
    format!("{builder}Response")
}

//! Shared enums: the one pass that runs *before* lowering, over the whole document. Inline
//! string enums with the same values share one type; this pass finds every value list and
//! names its type, so the names depend only on the spec, never on `--only` / `--tag`.
//!
//! The name is a component enum's name when one has those values, else the shortest of the
//! names the converter would give the inline enum at its places (the naming rule is
//! [`crate::lower::naming`], shared with the converter).

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

use crate::load::{child, Document};
use crate::lower::naming::{body_name, parameter_name, response_name, Step};
use crate::lower::schema::description;
use crate::lower::unions::{member_label, string_values};
use crate::lower::MAX_DEPTH;
use crate::naming::{NamingRules, Scope};
use crate::profile::Profile;

/// One type for a value list that several inline enums share.
#[derive(Debug, Clone)]
pub struct SharedEnum {
    /// The type's name.
    pub name: String,
    /// A component schema that is this very enum, when there is one.
    pub component: Option<String>,
    /// Where the inline enum that named it is (empty for a component enum).
    pub pointer: String,
    /// Its description.
    pub doc: Option<String>,
}

/// Value list → its candidate type, while the document is walked.
type Groups = BTreeMap<Vec<String>, Option<SharedEnum>>;

/// Finds the string enums of the document (component enums, and inline ones under
/// `#/components/schemas`, `#/components/parameters` and the operations of `#/paths`) and names
/// one type per value list, claiming the names of inline ones in `names`.
pub fn find(
    doc: &Document,
    profile: Profile,
    rules: &NamingRules,
    component_names: &HashMap<String, String>,
    names: &mut Scope,
) -> BTreeMap<Vec<String>, SharedEnum> {
    let Some(Value::Object(schemas)) = doc.get("#/components/schemas") else {
        return BTreeMap::new();
    };
    let mut groups = Groups::new();
    // Component enums first: they name their value list.
    for (key, schema) in schemas {
        let pointer = child("#/components/schemas", key);
        if let Some(values) = schema.as_object().and_then(string_values) {
            let entry = groups.entry(values).or_insert(None);
            if entry.is_none() {
                *entry = Some(SharedEnum {
                    name: component_names[&pointer].clone(),
                    component: Some(pointer),
                    pointer: String::new(),
                    doc: None,
                });
            }
        }
    }
    // Then every inline enum inside them, in document order.
    for (key, schema) in schemas {
        let pointer = child("#/components/schemas", key);
        let owner = component_names[&pointer].clone();
        walk(rules, schema, pointer, owner, false, &mut groups);
    }
    // And the ones in parameters and bodies of operations.
    component_parameters(rules, doc, &mut groups);
    if let Some(Value::Object(paths)) = doc.get("#/paths") {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            let item_pointer = child("#/paths", path);
            for (method, op) in item {
                operation(
                    profile,
                    rules,
                    op,
                    &child(&item_pointer, method),
                    &mut groups,
                );
            }
        }
    }
    // Every value list gets one type, even one that occurs once: a property inherited through
    // `allOf` is converted once per inheriting schema and must not become a copy each time.
    let mut out = BTreeMap::new();
    for (values, shared) in groups {
        let Some(mut shared) = shared else { continue };
        if shared.component.is_none() {
            shared.name = names.claim(&rules.type_name(&shared.name));
        }
        out.insert(values, shared);
    }
    out
}

/// The inline enums of `#/components/parameters`, named after the parameter alone.
fn component_parameters(rules: &NamingRules, doc: &Document, groups: &mut Groups) {
    let Some(Value::Object(params)) = doc.get("#/components/parameters") else {
        return;
    };
    for (key, param) in params {
        if let (Some(schema), Some(name)) = (
            param.get("schema"),
            param.get("name").and_then(Value::as_str),
        ) {
            let pointer = child(&child("#/components/parameters", key), "schema");
            walk(
                rules,
                schema,
                pointer,
                parameter_name(rules, "", name),
                true,
                groups,
            );
        }
    }
}

/// The inline enums of one operation's parameters, request body and answers, named after
/// the operation's builder as the converter names them.
fn operation(
    profile: Profile,
    rules: &NamingRules,
    op: &Value,
    op_pointer: &str,
    groups: &mut Groups,
) {
    let op_name = profile
        .operation_name(op)
        .or_else(|| op.get("operationId").and_then(Value::as_str))
        .map(|name| rules.type_name(name))
        .unwrap_or_default();
    if let Some(Value::Array(params)) = op.get("parameters") {
        for (i, param) in params.iter().enumerate() {
            if let (Some(schema), Some(name)) = (
                param.get("schema"),
                param.get("name").and_then(Value::as_str),
            ) {
                let pointer = child(
                    &child(&child(op_pointer, "parameters"), &i.to_string()),
                    "schema",
                );
                walk(
                    rules,
                    schema,
                    pointer,
                    parameter_name(rules, &op_name, name),
                    true,
                    groups,
                );
            }
        }
    }
    for part in ["requestBody", "responses"] {
        let Some(node) = op.get(part) else { continue };
        let name = if part == "requestBody" {
            body_name(&op_name)
        } else {
            response_name(&op_name)
        };
        let mut stack = vec![(node, child(op_pointer, part))];
        while let Some((node, pointer)) = stack.pop() {
            let Some(obj) = node.as_object() else {
                continue;
            };
            if let Some(Value::Object(content)) = obj.get("content") {
                for (media, m) in content {
                    if let Some(schema) = m.get("schema") {
                        let p = child(&child(&child(&pointer, "content"), media), "schema");
                        walk(rules, schema, p, name.clone(), true, groups);
                    }
                }
            } else if part == "responses" && pointer.ends_with("responses") {
                for (code, r) in obj {
                    stack.push((r, child(&pointer, code)));
                }
            }
        }
    }
}

/// Records every inline string enum under `schema` in `groups`, naming each place as the
/// converter would ([`Step::push_name`]). `root` says whether `schema` itself may count (not
/// for a component schema, which is named).
fn walk(
    rules: &NamingRules,
    schema: &Value,
    pointer: String,
    name: String,
    root: bool,
    groups: &mut Groups,
) {
    let mut place = Place {
        rules,
        pointer,
        name,
        steps: Vec::new(),
    };
    walk_at(schema, &mut place, root, groups);
}

/// Where [`walk`] is: the root's pointer and name, and the steps taken from it. The
/// pointer and name of a place are only built for the few places that hold an enum.
struct Place<'a> {
    rules: &'a NamingRules,
    pointer: String,
    name: String,
    steps: Vec<Step<'a>>,
}

impl Place<'_> {
    fn pointer(&self) -> String {
        let mut pointer = self.pointer.clone();
        for step in &self.steps {
            pointer = step.pointer(&pointer);
        }
        pointer
    }

    fn name(&self) -> String {
        let mut name = self.name.clone();
        for step in &self.steps {
            step.push_name(self.rules, &mut name);
        }
        name
    }
}

fn walk_at<'a>(node: &'a Value, place: &mut Place<'a>, root: bool, groups: &mut Groups) {
    let Some(obj) = node.as_object() else {
        return;
    };
    let depth = place.steps.len();
    // A union of string enums is one enum (see `crate::lower::unions`).
    if (depth > 0 || root) && !obj.contains_key("allOf") {
        if let Some(values) = string_values(obj) {
            record(values, node, place, groups);
            return;
        }
    }
    if depth >= MAX_DEPTH {
        return;
    }
    let mut visit = |step: Step<'a>, node: &'a Value, place: &mut Place<'a>| {
        place.steps.push(step);
        walk_at(node, place, root, groups);
        place.steps.pop();
    };
    if let Some(Value::Object(props)) = obj.get("properties") {
        for (field, prop) in props {
            visit(Step::Property(field), prop, place);
        }
    }
    if let Some(items) = obj.get("items") {
        visit(Step::Items, items, place);
    }
    if let Some(ap @ Value::Object(_)) = obj.get("additionalProperties") {
        visit(Step::Values, ap, place);
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = obj.get(keyword) {
            for (index, m) in members.iter().enumerate() {
                let step = Step::Member {
                    keyword,
                    index,
                    label: member_label(m),
                };
                visit(step, m, place);
            }
        }
    }
    if let Some(Value::Array(members)) = obj.get("allOf") {
        for (i, m) in members.iter().enumerate() {
            visit(Step::AllOf(i), m, place);
        }
    }
}

/// Offers the inline enum at `place` as the name of its value list: the shortest candidate
/// name (ties: alphabetical) wins, as it is usually the most general one (e.g. the oneOf
/// parent's rather than one variant's); a component enum always wins.
fn record(values: Vec<String>, node: &Value, place: &Place<'_>, groups: &mut Groups) {
    let name = place.name();
    let entry = groups.entry(values).or_insert(None);
    let better = match &*entry {
        None => true,
        Some(current) => {
            current.component.is_none() && (name.len(), &name) < (current.name.len(), &current.name)
        }
    };
    if better {
        *entry = Some(SharedEnum {
            name,
            component: None,
            pointer: place.pointer(),
            doc: description(node),
        });
    }
}

//! Names of inline string enums: the one pass that runs *before* lowering, over the whole
//! document, so the names depend only on the spec, never on `--only` / `--tag`.
//!
//! **The rule.** The name of a place's type never depends on which *other* places exist in
//! the document, so a place has the same type name in a fragment of a spec as in the whole
//! spec (the client generated from `spec/atlas-admin-fragment.yaml` and the one generated from
//! the full upstream spec agree on every name a program uses):
//!
//! 1. A component enum (`#/components/schemas/X` with `enum`) is the type `X`, as before.
//! 2. An inline enum whose values the profile names is that type, wherever it is
//!    ([`Profile::enum_name`]: for Atlas, the cloud provider codes at a property or parameter
//!    named for a provider: `AWS`, `AZURE`, `GCP` is `CloudProvider`; `AWS` alone is
//!    `CloudProviderAws`, …; and a few value sets Atlas repeats, by property and exact values:
//!    the Azure endpoint's and GCP forwarding rule's `status` is `PrivateEndpointStatus`). The
//!    profile orders the values, so every place gets the same type.
//! 3. Any other inline enum is named after its own place, as every inline type is
//!    ([`crate::lower::naming`]): `{Component}{Property}` (`EarPrivateEndpointStatus`),
//!    `{Builder}{Parameter}` for an operation's parameter, `{Parameter}` for a component (or
//!    path-level) parameter.
//!
//! **Sharing.** Places with the same values share one enum, and every place name exists: a
//! component enum with those values is the enum and the place names are aliases of it;
//! otherwise the shortest place name (ties: alphabetical) is the enum and the others are
//! aliases (`pub type ObjectStoragePrivateEndpointResponseStatus = EarPrivateEndpointStatus;`
//! in the raw 2026 spec). A field is always typed with its own place's name, so a program
//! names the same types in a fragment and in the whole spec; only which name is the enum and
//! which are aliases depends on the whole document.
//!
//! Two places whose names coincide but whose values differ cannot share a name: the one met
//! later in the document (profile names first, then places in document order) gets a numbered
//! name (`…2`), the one case where a name can depend on other places; the converter warns about
//! it at the place ([`InlineEnum::renamed_from`]). The three upstream specs have a handful such
//! places (see README, "Names of types").
//!
//! The previous rule named one enum per value list after the shortest place in the whole
//! document and gave the places no names of their own: the backup `cloudProvider` of the
//! fragment was `ServerlessAwsTenantEndpointProviderName` there and another name in the full
//! spec.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

use crate::load::{child, Document};
use crate::lower::naming::{body_name, parameter_name, response_name, Step};
use crate::lower::schema::description;
use crate::lower::unions::{member_label, string_values};
use crate::lower::MAX_DEPTH;
use crate::naming::{NamingRules, Scope};
use crate::profile::Profile;

/// The type of one or more inline enum places (all with the same name).
#[derive(Debug, Clone)]
pub struct InlineEnum {
    /// The type's name.
    pub name: String,
    /// What it is.
    pub kind: InlineKind,
    /// Where its (first) place is.
    pub pointer: String,
    /// Its doc: the place's description, or the profile's text.
    pub doc: Option<String>,
    /// The name the rule gave it, when that was taken by another type and this one got a
    /// numbered name instead.
    pub renamed_from: Option<String>,
}

/// An inline enum's type: the enum itself, or another name of the type its values have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineKind {
    /// The enum, with its values in the order of its place (or the profile's order).
    Enum(Vec<String>),
    /// An alias of the type of the same values at another place: the index of that type.
    Alias(usize),
    /// An alias of the component enum (`#/components/schemas/X`) with the same values.
    Component {
        /// The component's pointer.
        pointer: String,
        /// Its type name.
        name: String,
    },
}

/// Every inline string enum of the document: its place → its type.
#[derive(Debug, Clone, Default)]
pub struct InlineEnums {
    /// Pointer of each place → index in `types`.
    by_pointer: HashMap<String, usize>,
    /// The types, in the order they were named.
    types: Vec<InlineEnum>,
}

impl InlineEnums {
    /// The index of the type of the inline enum at `pointer`, if the pass found a place there.
    pub fn at(&self, pointer: &str) -> Option<usize> {
        self.by_pointer.get(pointer).copied()
    }

    /// The type with this index.
    pub fn get(&self, index: usize) -> &InlineEnum {
        &self.types[index]
    }

    /// Every type, in the order they were named.
    pub fn types(&self) -> &[InlineEnum] {
        &self.types
    }
}

/// One inline enum place found in the document.
struct Found {
    pointer: String,
    /// The name of its place ([`Step::push_name`] from its root's name).
    place_name: String,
    /// The property or parameter it is the value of (the nearest one), if any.
    property: Option<String>,
    values: Vec<String>,
    doc: Option<String>,
}

/// Finds the inline string enums of the document (under `#/components/schemas`,
/// `#/components/parameters` and the operations and path items of `#/paths`) and names their
/// types by the rule above, claiming the names in `names` (which already holds the component
/// names).
pub fn find(
    doc: &Document,
    profile: Profile,
    rules: &NamingRules,
    component_names: &HashMap<String, String>,
    names: &mut Scope,
) -> InlineEnums {
    let mut found = Vec::new();
    // Component enums by their values (the first one of a value list in key order).
    let mut components: HashMap<Vec<String>, String> = HashMap::new();
    if let Some(Value::Object(schemas)) = doc.get("#/components/schemas") {
        for (key, schema) in schemas {
            let pointer = child("#/components/schemas", key);
            if let Some(values) = schema.as_object().and_then(string_values) {
                components.entry(values).or_insert_with(|| pointer.clone());
            }
            let owner = component_names[&pointer].clone();
            walk(rules, schema, pointer, owner, None, false, &mut found);
        }
    }
    component_parameters(rules, doc, &mut found);
    if let Some(Value::Object(paths)) = doc.get("#/paths") {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            let item_pointer = child("#/paths", path);
            for (key, node) in item {
                if key == "parameters" {
                    // Path-level parameters belong to no one operation: named like a
                    // component parameter, by the parameter alone.
                    parameters(rules, node, &item_pointer, "", &mut found);
                } else {
                    operation(profile, rules, node, &child(&item_pointer, key), &mut found);
                }
            }
        }
    }
    let components = components
        .into_iter()
        .map(|(values, pointer)| {
            let name = component_names[&pointer].clone();
            (values, (pointer, name))
        })
        .collect();
    name_types(profile, rules, found, &components, names)
}

/// Gives every place its type: profile names first (so a well-known name never gets a
/// number because of some place), then place names in document order; then makes every
/// place name of a value list but one an alias.
fn name_types(
    profile: Profile,
    rules: &NamingRules,
    found: Vec<Found>,
    components: &HashMap<Vec<String>, (String, String)>,
    names: &mut Scope,
) -> InlineEnums {
    let mut out = InlineEnums::default();
    // Rule name → the types already given it (one per distinct value list).
    let mut by_rule_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut known = Vec::new();
    let mut located = Vec::new();
    for place in found {
        match profile.enum_name(place.property.as_deref(), &place.values) {
            Some(k) => known.push((place, k)),
            None => located.push(place),
        }
    }
    let mut assign = |out: &mut InlineEnums, place: Found, rule_name: String| {
        let taken = by_rule_name.entry(rule_name.clone()).or_default();
        let same = |t: &InlineEnum| matches!(&t.kind, InlineKind::Enum(v) if *v == place.values);
        if let Some(&i) = taken.iter().find(|&&i| same(&out.types[i])) {
            out.by_pointer.insert(place.pointer, i);
            return;
        }
        let name = names.claim(&rule_name);
        let renamed_from = (name != rule_name).then_some(rule_name);
        taken.push(out.types.len());
        out.by_pointer
            .insert(place.pointer.clone(), out.types.len());
        out.types.push(InlineEnum {
            name,
            kind: InlineKind::Enum(place.values),
            pointer: place.pointer,
            doc: place.doc,
            renamed_from,
        });
    };
    for (place, k) in known {
        let place = Found {
            values: k.values,
            doc: Some(k.doc),
            ..place
        };
        assign(&mut out, place, rules.type_name(&k.name));
    }
    let first_located = out.types.len();
    for place in located {
        let name = rules.type_name(&place.place_name);
        assign(&mut out, place, name);
    }
    // Value list → its place types; all but one become aliases of that one: the component
    // enum with those values, else the shortest name (ties: alphabetical).
    let mut by_values: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (i, t) in out.types.iter().enumerate().skip(first_located) {
        if let InlineKind::Enum(values) = &t.kind {
            by_values.entry(values.clone()).or_default().push(i);
        }
    }
    for (values, group) in by_values {
        if let Some((pointer, name)) = components.get(&values) {
            for i in group {
                out.types[i].kind = InlineKind::Component {
                    pointer: pointer.clone(),
                    name: name.clone(),
                };
            }
            continue;
        }
        let Some(&keep) = group
            .iter()
            .min_by_key(|&&i| (out.types[i].name.len(), &out.types[i].name))
        else {
            continue;
        };
        for i in group {
            if i != keep {
                out.types[i].kind = InlineKind::Alias(keep);
            }
        }
    }
    out
}

/// The inline enums of `#/components/parameters`, named after the parameter alone.
fn component_parameters(rules: &NamingRules, doc: &Document, found: &mut Vec<Found>) {
    let Some(Value::Object(params)) = doc.get("#/components/parameters") else {
        return;
    };
    for (key, param) in params {
        param_schema(
            rules,
            param,
            child("#/components/parameters", key),
            "",
            found,
        );
    }
}

/// The inline enums of a `parameters` list at `{base}/parameters`.
fn parameters(
    rules: &NamingRules,
    list: &Value,
    base: &str,
    builder: &str,
    found: &mut Vec<Found>,
) {
    let Some(list) = list.as_array() else {
        return;
    };
    let list_pointer = child(base, "parameters");
    for (i, param) in list.iter().enumerate() {
        param_schema(
            rules,
            param,
            child(&list_pointer, &i.to_string()),
            builder,
            found,
        );
    }
}

/// The inline enums of one parameter (not a `$ref`: its target is walked where it is).
fn param_schema(
    rules: &NamingRules,
    param: &Value,
    pointer: String,
    builder: &str,
    found: &mut Vec<Found>,
) {
    if let (Some(schema), Some(name)) = (
        param.get("schema"),
        param.get("name").and_then(Value::as_str),
    ) {
        walk(
            rules,
            schema,
            child(&pointer, "schema"),
            parameter_name(rules, builder, name),
            Some(name),
            true,
            found,
        );
    }
}

/// The inline enums of one operation's parameters, request body and answers, named after
/// the operation's builder as the converter names them.
fn operation(
    profile: Profile,
    rules: &NamingRules,
    op: &Value,
    op_pointer: &str,
    found: &mut Vec<Found>,
) {
    let op_name = profile
        .operation_name(op)
        .or_else(|| op.get("operationId").and_then(Value::as_str))
        .map(|name| rules.type_name(name))
        .unwrap_or_default();
    if let Some(list) = op.get("parameters") {
        parameters(rules, list, op_pointer, &op_name, found);
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
                        walk(rules, schema, p, name.clone(), None, true, found);
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

/// Records every inline string enum under `schema`, naming each place as the converter
/// would ([`Step::push_name`]). `root` says whether `schema` itself may count (not for a
/// component schema, which is named); `parameter` is the parameter `schema` belongs to.
fn walk(
    rules: &NamingRules,
    schema: &Value,
    pointer: String,
    name: String,
    parameter: Option<&str>,
    root: bool,
    found: &mut Vec<Found>,
) {
    let mut place = Place {
        rules,
        pointer,
        name,
        parameter,
        steps: Vec::new(),
    };
    walk_at(schema, &mut place, root, found);
}

/// Where [`walk`] is: the root's pointer and name, and the steps taken from it. The
/// pointer and name of a place are only built for the places that hold an enum.
struct Place<'a> {
    rules: &'a NamingRules,
    pointer: String,
    name: String,
    parameter: Option<&'a str>,
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

    /// The nearest property (or the parameter) the place is the value of.
    fn property(&self) -> Option<String> {
        self.steps
            .iter()
            .rev()
            .find_map(|s| match s {
                Step::Property(field) => Some(*field),
                _ => None,
            })
            .or(self.parameter)
            .map(str::to_string)
    }
}

fn walk_at<'a>(node: &'a Value, place: &mut Place<'a>, root: bool, found: &mut Vec<Found>) {
    let Some(obj) = node.as_object() else {
        return;
    };
    let depth = place.steps.len();
    // A union of string enums is one enum (see `crate::lower::unions`).
    if (depth > 0 || root) && !obj.contains_key("allOf") {
        if let Some(values) = string_values(obj) {
            found.push(Found {
                pointer: place.pointer(),
                place_name: place.name(),
                property: place.property(),
                values,
                doc: description(node),
            });
            return;
        }
    }
    if depth >= MAX_DEPTH {
        return;
    }
    let mut visit = |step: Step<'a>, node: &'a Value, place: &mut Place<'a>| {
        place.steps.push(step);
        walk_at(node, place, root, found);
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

#[cfg(test)]
mod tests {
    use crate::ir::{Api, TypeKind, TypeRef};
    use crate::{build_ir, Document, Selection};

    /// Two operations answering `Gcp` and `Azure`, whose `status` enums have the same values;
    /// `extra` is appended under `components/schemas`.
    fn spec(extra: &str) -> String {
        format!(
            r#"
openapi: 3.0.1
info: {{title: t, version: "1"}}
paths:
  /gcp:
    get:
      operationId: getGcp
      responses:
        "200": {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Gcp'}}}}}}}}
  /azure/{{cloudProvider}}:
    get:
      operationId: getAzure
      parameters:
        - {{name: cloudProvider, in: path, required: true, schema: {{type: string, enum: [AZURE, GCP, AWS]}}}}
      responses:
        "200": {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Azure'}}}}}}}}
components:
  schemas:
    Gcp:
      type: object
      properties:
        status: {{type: string, description: State of the rule., enum: [INITIATING, AVAILABLE]}}
    Azure:
      type: object
      properties:
        status: {{type: string, enum: [INITIATING, AVAILABLE]}}
        cloudProvider: {{type: string, enum: [AWS, GCP, AZURE]}}
        kind: {{type: string, enum: [AWS]}}
{extra}"#
        )
    }

    fn ir(text: &str) -> Api {
        let doc = Document::from_text(text, "names.yaml").unwrap();
        build_ir(&doc, &Selection::default()).unwrap()
    }

    fn field_type(api: &Api, type_name: &str, wire: &str) -> TypeRef {
        match &api.types[type_name].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .find(|f| f.wire_name == wire)
                .unwrap()
                .ty
                .clone(),
            other => panic!("{other:?}"),
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_string())
    }

    #[test]
    fn a_place_is_named_after_itself_whatever_else_the_document_holds() {
        // A component with a shorter place for the same values: under "the shortest place
        // names a value list", `ZS` would have become the type of both `status` fields.
        let extra = "    Z:\n      type: object\n      properties:\n        s: {type: string, enum: [INITIATING, AVAILABLE]}\n";
        for text in [spec(""), spec(extra)] {
            let api = ir(&text);
            assert_eq!(field_type(&api, "Gcp", "status"), named("GcpStatus"));
            assert_eq!(field_type(&api, "Azure", "status"), named("AzureStatus"));
            // One enum; the other places are aliases of it (the enum takes the shortest of
            // the names: `GcpStatus`, or `Zs` when `Z` is there, which only changes what the
            // aliases point to).
            let shortest = if text.contains("    Z:") {
                "Zs"
            } else {
                "GcpStatus"
            };
            for place in ["GcpStatus", "AzureStatus"]
                .into_iter()
                .filter(|p| *p != shortest)
            {
                assert_eq!(api.types[place].kind, TypeKind::Alias(named(shortest)));
            }
            assert!(matches!(&api.types[shortest].kind, TypeKind::Enum(v) if v.len() == 2));
            // The alias keeps its own place's doc.
            assert_eq!(
                api.types["GcpStatus"].doc.as_deref(),
                Some("State of the rule.")
            );
            // Provider codes: the profile's name and order, for the field and the parameter.
            assert_eq!(
                field_type(&api, "Azure", "cloudProvider"),
                named("CloudProvider")
            );
            assert_eq!(
                api.operations["get_azure"].params[0].ty,
                named("CloudProvider")
            );
            let TypeKind::Enum(values) = &api.types["CloudProvider"].kind else {
                panic!()
            };
            let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
            assert_eq!(wires, ["AWS", "AZURE", "GCP"]);
            // A provider enum only at a field named for a provider.
            assert_eq!(field_type(&api, "Azure", "kind"), named("AzureKind"));
        }
    }

    #[test]
    fn a_component_enum_with_the_values_is_what_the_places_alias() {
        let extra = "    Phase: {type: string, enum: [INITIATING, AVAILABLE]}\n";
        let api = ir(&spec(extra));
        assert_eq!(
            api.types["AzureStatus"].kind,
            TypeKind::Alias(named("Phase"))
        );
        assert_eq!(api.types["GcpStatus"].kind, TypeKind::Alias(named("Phase")));
        assert!(matches!(api.types["Phase"].kind, TypeKind::Enum(_)));
    }

    #[test]
    fn two_value_lists_at_places_of_one_name_are_both_kept_and_reported() {
        // `Foo` + `barBaz` and `FooBar` + `baz` both name a place `FooBarBaz`: the later one
        // (in document order) is numbered, and that is reported at its place.
        let extra = "    Foo:\n      type: object\n      properties:\n        barBaz: {type: string, enum: [X]}\n    FooBar:\n      type: object\n      properties:\n        baz: {type: string, enum: [Y]}\n";
        let text = spec(extra).replace(
            "        kind: {type: string, enum: [AWS]}\n",
            "        kind: {type: string, enum: [AWS]}\n        foo: {$ref: '#/components/schemas/Foo'}\n        fooBar: {$ref: '#/components/schemas/FooBar'}\n",
        );
        let api = ir(&text);
        assert_eq!(field_type(&api, "Foo", "barBaz"), named("FooBarBaz"));
        assert_eq!(field_type(&api, "FooBar", "baz"), named("FooBarBaz2"));
        let warned: Vec<&str> = api
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("`FooBarBaz2`"))
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(warned, ["#/components/schemas/FooBar/properties/baz"]);
    }
}

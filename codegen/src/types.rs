//! Schemas → named types and type references.
//!
//! Like typify, every `#/components/schemas/*` entry gets its Rust name *before* any conversion,
//! so a `$ref` is turned into [`TypeRef::Named`] without looking at its target; targets are
//! converted later from a work list. That makes cycles (a oneOf whose variants `allOf` the
//! parent) ordinary. Only schemas reached from the chosen operations are converted.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::error::{Error, Result};
use crate::ir::{
    Constraints, Diagnostic, EnumValue, Field, Shape, Struct, Tagged, TypeDef, TypeKind, TypeRef,
    Variant,
};
use crate::load::{child, Document};
use crate::naming::{self, Scope};

/// How deep inline schemas may nest before the generator stops descending.
const MAX_DEPTH: usize = 48;

pub struct TypeBuilder<'d> {
    doc: &'d Document,
    /// `#/components/schemas/X` → Rust name, assigned up front.
    /// (Only looked up, never iterated: a hash map is faster on these long, shared-prefix keys.)
    component_names: HashMap<String, String>,
    /// Inline string enums whose value list recurs: values → the one type they all use.
    shared_enums: BTreeMap<Vec<String>, SharedEnum>,
    names: Scope,
    pub types: BTreeMap<String, TypeDef>,
    queue: Vec<(String, String)>,
    queued: HashSet<String>,
    /// Pointers of non-component `$ref` targets being inlined (cycle guard).
    inlining: Vec<String>,
    depth: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether each pattern seen compiles as ECMAScript (the same few recur hundreds of times).
    patterns: std::collections::HashMap<String, Result<(), String>>,
    /// `$ref` text → the checked pointer it names (most schemas are referenced many times).
    ref_targets: std::cell::RefCell<std::collections::HashMap<String, String>>,
    /// Component pointer → the components that name it in their `allOf` (in document order):
    /// the candidates for OpenAPI 3.0's implicit discriminator mapping.
    children: HashMap<String, Vec<String>>,
}

/// Properties and required names gathered from a schema and its `allOf` members.
#[derive(Default)]
struct Collected<'d> {
    properties: BTreeMap<String, (&'d Value, String)>,
    required: BTreeSet<String>,
    additional: Option<(&'d Value, String)>,
}

impl<'d> TypeBuilder<'d> {
    pub fn new(doc: &'d Document) -> Self {
        let mut names = Scope::new();
        let mut component_names = HashMap::new();
        if let Some(Value::Object(schemas)) = doc.get("#/components/schemas") {
            for key in schemas.keys() {
                let pointer = child("#/components/schemas", key);
                component_names.insert(pointer, names.claim(&naming::type_name(key)));
            }
        }
        let shared_enums = shared_enums(doc, &component_names, &mut names);
        let children = all_of_children(doc);
        TypeBuilder {
            doc,
            component_names,
            shared_enums,
            names,
            types: BTreeMap::new(),
            queue: Vec::new(),
            queued: HashSet::new(),
            inlining: Vec::new(),
            depth: 0,
            diagnostics: Vec::new(),
            patterns: std::collections::HashMap::new(),
            ref_targets: Default::default(),
            children,
        }
    }

    /// Whether the schema at `pointer` becomes a union: a `oneOf`/`anyOf`, a discriminator
    /// with a mapping, or a discriminator whose variants are the components that `allOf` it
    /// (OpenAPI 3.0's implicit mapping: the tag is the child schema's name).
    fn is_union(&self, obj: &Map<String, Value>, pointer: &str) -> bool {
        is_polymorphic(obj) || !self.implicit_children(obj, pointer).is_empty()
    }

    /// The components that `allOf` the schema at `pointer` when it has a discriminator and
    /// neither `oneOf` nor `anyOf` (with a `oneOf`, its members are the variants).
    fn implicit_children(&self, obj: &Map<String, Value>, pointer: &str) -> &[String] {
        let discriminated = obj
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .is_some_and(Value::is_string);
        if !discriminated || obj.contains_key("oneOf") || obj.contains_key("anyOf") {
            return &[];
        }
        self.children
            .get(pointer)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// A schema that is only `allOf: [{$ref: U}]` where `U` is a union listing this schema as
    /// one of its variants: it must become a struct of `U`'s own properties, never an alias of
    /// `U` (a variant that decodes as its own union recurses without end).
    fn is_variant_of(&self, member: &Value, pointer: &str) -> bool {
        if member.get("$ref").is_none() {
            return false;
        }
        let Ok((parent, parent_pointer)) = self.deref(member, pointer) else {
            return false;
        };
        let Some(parent) = parent.as_object() else {
            return false;
        };
        if !self.is_union(parent, &parent_pointer) {
            return false;
        }
        let Some(own) = self.component_pointer_of(pointer) else {
            return false;
        };
        self.variant_targets(parent, &parent_pointer).contains(&own)
    }

    /// The component a pointer inside it (e.g. `…/X/allOf/0`) belongs to.
    fn component_pointer_of(&self, pointer: &str) -> Option<String> {
        let rest = pointer.strip_prefix("#/components/schemas/")?;
        let key = rest.split('/').next()?;
        let own = format!("#/components/schemas/{key}");
        self.component_names.contains_key(&own).then_some(own)
    }

    /// Every schema pointer a union names as a variant: mapping targets, `$ref` members of its
    /// `oneOf`/`anyOf`, and its implicit children.
    fn variant_targets(&self, obj: &Map<String, Value>, pointer: &str) -> BTreeSet<String> {
        let mut targets = BTreeSet::new();
        if let Some(Value::Object(mapping)) =
            obj.get("discriminator").and_then(|d| d.get("mapping"))
        {
            for target in mapping.values().filter_map(Value::as_str) {
                let text = if target.starts_with('#') {
                    target.to_string()
                } else {
                    format!("#/components/schemas/{target}")
                };
                targets.insert(percent_decode(&text));
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = obj.get(key) {
                for r in members
                    .iter()
                    .filter_map(|m| m.get("$ref"))
                    .filter_map(Value::as_str)
                {
                    targets.insert(percent_decode(r));
                }
            }
        }
        targets.extend(self.implicit_children(obj, pointer).iter().cloned());
        targets
    }

    pub(crate) fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    /// Converts every queued component schema (and whatever they reach).
    pub fn finish(&mut self) -> Result<()> {
        while let Some((pointer, name)) = self.queue.pop() {
            let schema = self
                .doc
                .get(&pointer)
                .ok_or_else(|| Error::spec(&pointer, "schema disappeared"))?;
            let kind = self.define(&name, schema, &pointer)?;
            let doc = description(schema);
            self.types.insert(name, TypeDef { doc, pointer, kind });
        }
        Ok(())
    }

    /// Follows `$ref`s (of any component kind) to the node they name. Returns the node and its
    /// pointer. Errors name the pointer of the reference.
    pub fn deref(&self, value: &'d Value, pointer: &str) -> Result<(&'d Value, String)> {
        let mut value = value;
        let mut pointer = pointer.to_string();
        for _ in 0..32 {
            match value.get("$ref") {
                Some(r) => {
                    let target = self.ref_target(r, &pointer)?;
                    value = self.doc.get(&target).expect("ref_target checked it exists");
                    pointer = target;
                }
                None => return Ok((value, pointer)),
            }
        }
        Err(Error::spec(pointer, "$ref chain is too long or cyclic"))
    }

    /// The pointer a `$ref` names, checked to exist in this document.
    pub fn ref_target(&self, reference: &Value, pointer: &str) -> Result<String> {
        let at = || child(pointer, "$ref");
        let text = reference
            .as_str()
            .ok_or_else(|| Error::spec(at(), "$ref must be a string"))?;
        if let Some(target) = self.ref_targets.borrow().get(text) {
            return Ok(target.clone());
        }
        if !text.starts_with('#') {
            return Err(Error::spec(
                at(),
                format!("external reference `{text}` is not supported; bundle the spec into one file first"),
            ));
        }
        let target = percent_decode(text);
        if self.doc.get(&target).is_none() {
            return Err(Error::spec(
                at(),
                format!("dangling $ref: `{text}` names nothing in this document"),
            ));
        }
        self.ref_targets
            .borrow_mut()
            .insert(text.to_string(), target.clone());
        Ok(target)
    }

    /// The Rust type for a schema at `pointer`; inline types that need a name get `hint`.
    pub fn type_ref(&mut self, schema: &'d Value, pointer: &str, hint: &str) -> Result<TypeRef> {
        if let Some(r) = schema.get("$ref") {
            return self.ref_type(r, pointer, hint);
        }
        let Some(obj) = schema.as_object() else {
            return match schema {
                Value::Bool(true) => Ok(TypeRef::Json),
                _ => Err(Error::spec(pointer, "a schema must be an object")),
            };
        };
        if let Some(member) = trivial_all_of(obj).filter(|m| !self.is_variant_of(m, pointer)) {
            return self.nested(
                |this| this.type_ref(member, &child(&child(pointer, "allOf"), "0"), hint),
                pointer,
            );
        }
        if let Some(shared) = self.shared_enum(obj) {
            return Ok(shared);
        }
        if needs_name(obj) {
            let name = self.names.claim(&naming::type_name(hint));
            let kind = self.nested(|this| this.define(&name, schema, pointer), pointer)?;
            self.types.insert(
                name.clone(),
                TypeDef {
                    doc: description(schema),
                    pointer: pointer.to_string(),
                    kind,
                },
            );
            return Ok(TypeRef::Named(name));
        }
        self.plain_type(obj, pointer, hint)
    }

    /// The shared type for an inline string enum whose value list recurs in the document.
    fn shared_enum(&mut self, obj: &Map<String, Value>) -> Option<TypeRef> {
        if is_polymorphic(obj) || obj.contains_key("allOf") {
            return None;
        }
        let values = string_enum(obj)?;
        let shared = self.shared_enums.get(&values)?;
        let name = shared.name.clone();
        match &shared.component {
            Some(pointer) if self.queued.insert(pointer.clone()) => {
                self.queue.push((pointer.clone(), name.clone()));
            }
            Some(_) => {}
            None if !self.types.contains_key(&name) => {
                let def = TypeDef {
                    doc: shared.doc.clone(),
                    pointer: shared.pointer.clone(),
                    kind: TypeKind::Enum(enum_values(&values)),
                };
                self.types.insert(name.clone(), def);
            }
            None => {}
        }
        Some(TypeRef::Named(name))
    }

    /// Runs a nested conversion with a depth guard.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>, pointer: &str) -> Result<T> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::spec(
                pointer,
                format!("schemas nest deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    fn ref_type(&mut self, reference: &Value, pointer: &str, hint: &str) -> Result<TypeRef> {
        let target = self.ref_target(reference, pointer)?;
        if let Some(name) = self.component_names.get(&target).cloned() {
            if self.queued.insert(target.clone()) {
                self.queue.push((target, name.clone()));
            }
            return Ok(TypeRef::Named(name));
        }
        if self.inlining.contains(&target) {
            return Err(Error::spec(
                child(pointer, "$ref"),
                "cyclic $ref outside #/components/schemas cannot be given a type name",
            ));
        }
        let schema = self.doc.get(&target).expect("ref_target checked it exists");
        self.inlining.push(target.clone());
        let out = self.nested(|this| this.type_ref(schema, &target, hint), pointer);
        self.inlining.pop();
        out
    }

    /// Types that need no name of their own: primitives, arrays, maps, free-form JSON.
    fn plain_type(
        &mut self,
        obj: &'d Map<String, Value>,
        pointer: &str,
        hint: &str,
    ) -> Result<TypeRef> {
        let ty = match obj.get("type") {
            None => None,
            Some(Value::String(t)) => Some(t.as_str()),
            Some(Value::Array(_)) => {
                self.warn(
                    pointer,
                    "a list of types (OpenAPI 3.1) is not supported; using any JSON value",
                );
                return Ok(TypeRef::Json);
            }
            Some(_) => {
                return Err(Error::spec(
                    child(pointer, "type"),
                    "`type` must be a string",
                ))
            }
        };
        let format = obj.get("format").and_then(Value::as_str);
        Ok(match ty {
            Some("string") => match format {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                _ => TypeRef::String,
            },
            Some("integer") => match format {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some("number") => match format {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("boolean") => TypeRef::Bool,
            Some("array") => match obj.get("items") {
                Some(items) => {
                    let item_hint = format!("{hint}Item");
                    let item = self.nested(|this| this.type_ref(items, &child(pointer, "items"), &item_hint), pointer)?;
                    TypeRef::Vec(Box::new(item))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            Some("object") | None => match obj.get("additionalProperties") {
                Some(Value::Bool(true)) => TypeRef::Map(Box::new(TypeRef::Json)),
                Some(ap @ Value::Object(_)) => {
                    let value_hint = format!("{hint}Value");
                    let value = self.nested(|this| this.type_ref(ap, &child(pointer, "additionalProperties"), &value_hint), pointer)?;
                    TypeRef::Map(Box::new(value))
                }
                _ => TypeRef::Json,
            },
            Some(other) => {
                return Err(Error::spec(
                    child(pointer, "type"),
                    format!("unknown type `{other}` (expected string, integer, number, boolean, array or object)"),
                ))
            }
        })
    }

    /// The definition of a named type.
    fn define(&mut self, name: &str, schema: &'d Value, pointer: &str) -> Result<TypeKind> {
        if let Some(r) = schema.get("$ref") {
            return Ok(TypeKind::Alias(self.ref_type(r, pointer, name)?));
        }
        let Some(obj) = schema.as_object() else {
            return Ok(TypeKind::Alias(self.type_ref(schema, pointer, name)?));
        };
        if let Some(member) = trivial_all_of(obj).filter(|m| !self.is_variant_of(m, pointer)) {
            let member_pointer = child(&child(pointer, "allOf"), "0");
            return Ok(TypeKind::Alias(self.type_ref(
                member,
                &member_pointer,
                name,
            )?));
        }
        if self.is_union(obj, pointer) {
            if let Some(kind) = self.polymorphic(name, obj, pointer)? {
                return Ok(kind);
            }
        }
        if let Some(values) = string_enum(obj) {
            return Ok(TypeKind::Enum(enum_values(&values)));
        }
        if obj.contains_key("allOf")
            || obj.contains_key("properties")
            || self.is_union(obj, pointer)
        {
            return Ok(TypeKind::Struct(self.structure(name, schema, pointer)?));
        }
        Ok(TypeKind::Alias(self.plain_type(obj, pointer, name)?))
    }

    /// Gathers properties from a schema, its `allOf` members and referenced parents. A parent
    /// that is itself polymorphic contributes only its own properties (this is what breaks the
    /// oneOf ↔ allOf cycle).
    fn collect(
        &self,
        schema: &'d Value,
        pointer: &str,
        out: &mut Collected<'d>,
        visited: &mut BTreeSet<String>,
        root: bool,
    ) -> Result<()> {
        let (schema, pointer) = match schema.get("$ref") {
            Some(r) => {
                let target = self.ref_target(r, pointer)?;
                if !visited.insert(target.clone()) {
                    return Ok(());
                }
                (self.doc.get(&target).expect("checked"), target)
            }
            None => (schema, pointer.to_string()),
        };
        let Some(obj) = schema.as_object() else {
            return Ok(());
        };
        let parent_of_variants = self.is_union(obj, &pointer) && !root;
        if let Some(all_of) = obj.get("allOf") {
            let members = all_of
                .as_array()
                .ok_or_else(|| Error::spec(child(&pointer, "allOf"), "allOf must be a list"))?;
            if !parent_of_variants {
                for (i, member) in members.iter().enumerate() {
                    let member_pointer = child(&child(&pointer, "allOf"), &i.to_string());
                    if visited.len() > MAX_DEPTH {
                        return Err(Error::spec(member_pointer, "allOf nests too deeply"));
                    }
                    self.collect(member, &member_pointer, out, visited, false)?;
                }
            }
        }
        if let Some(props) = obj.get("properties") {
            let props = props.as_object().ok_or_else(|| {
                Error::spec(
                    child(&pointer, "properties"),
                    "properties must be a mapping",
                )
            })?;
            let base = child(&pointer, "properties");
            for (key, value) in props {
                out.properties
                    .insert(key.clone(), (value, child(&base, key)));
            }
        }
        if let Some(required) = obj.get("required") {
            let list = required.as_array().ok_or_else(|| {
                Error::spec(child(&pointer, "required"), "required must be a list")
            })?;
            out.required
                .extend(list.iter().filter_map(Value::as_str).map(str::to_string));
        }
        match obj.get("additionalProperties") {
            Some(ap @ Value::Object(_)) => {
                out.additional = Some((ap, child(&pointer, "additionalProperties")))
            }
            Some(ap @ Value::Bool(true)) => {
                out.additional = Some((ap, child(&pointer, "additionalProperties")))
            }
            _ => {}
        }
        Ok(())
    }

    fn structure(&mut self, name: &str, schema: &'d Value, pointer: &str) -> Result<Struct> {
        let mut collected = Collected::default();
        let mut visited = BTreeSet::new();
        // Mark the schema itself so a member that refers back to it is not expanded again.
        if let Some(component) = self.component_pointer(pointer) {
            visited.insert(component);
        }
        self.collect(schema, pointer, &mut collected, &mut visited, true)?;
        for name_required in &collected.required {
            if !collected.properties.contains_key(name_required) && collected.additional.is_none() {
                self.warn(
                    &child(pointer, "required"),
                    format!("required property `{name_required}` is not defined; ignored"),
                );
            }
        }
        let mut scope = Scope::new();
        let mut fields = Vec::with_capacity(collected.properties.len());
        for (wire, (prop, prop_pointer)) in &collected.properties {
            let hint = format!("{name}{}", naming::type_name(wire));
            let ty = self.nested(
                |this| this.type_ref(prop, prop_pointer, &hint),
                prop_pointer,
            )?;
            let (resolved, resolved_pointer) = self.deref(prop, prop_pointer)?;
            let flag = |key: &str| flag(prop, key) || flag(resolved, key);
            let read_only = flag("readOnly");
            let constraints = self.constraints(resolved, &resolved_pointer);
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name: scope.claim(&naming::field_name(wire)),
                ty,
                required: collected.required.contains(wire) && !read_only,
                nullable: flag("nullable"),
                read_only,
                write_only: flag("writeOnly"),
                deprecated: flag("deprecated"),
                boxed: false,
                doc: description(prop).or_else(|| description(resolved)),
                constraints,
            });
        }
        let additional = match collected.additional {
            Some((ap, ap_pointer)) => {
                let hint = format!("{name}Value");
                Some(self.type_ref(ap, &ap_pointer, &hint)?)
            }
            None => None,
        };
        Ok(Struct { fields, additional })
    }

    /// Whether `target` is `own`, or reaches it through schemas that are only a `$ref` (or a
    /// one-member `allOf` that is not a variant of its own): a variant that is its union.
    fn resolves_to(&self, target: &str, own: &str) -> bool {
        let mut pointer = target.to_string();
        for _ in 0..32 {
            if pointer == own {
                return true;
            }
            let Some(schema) = self.doc.get(&pointer) else {
                return false;
            };
            let next = match schema.get("$ref") {
                Some(r) => r,
                None => match schema.as_object().and_then(trivial_all_of) {
                    Some(member) if !self.is_variant_of(member, &pointer) => {
                        match member.get("$ref") {
                            Some(r) => r,
                            None => return false,
                        }
                    }
                    _ => return false,
                },
            };
            match self.ref_target(next, &pointer) {
                Ok(t) => pointer = t,
                Err(_) => return false,
            }
        }
        false
    }

    fn component_pointer(&self, pointer: &str) -> Option<String> {
        self.component_names
            .contains_key(pointer)
            .then(|| pointer.to_string())
    }

    /// oneOf / anyOf / discriminator-with-mapping → a tagged or untagged enum. `None` when
    /// there turn out to be no usable variants (the caller falls back to a struct).
    fn polymorphic(
        &mut self,
        name: &str,
        obj: &'d Map<String, Value>,
        pointer: &str,
    ) -> Result<Option<TypeKind>> {
        let (members, members_key): (&[Value], &str) = match (obj.get("oneOf"), obj.get("anyOf")) {
            (Some(Value::Array(m)), _) => (m, "oneOf"),
            (None, Some(Value::Array(m))) => (m, "anyOf"),
            (Some(_), _) => {
                return Err(Error::spec(child(pointer, "oneOf"), "oneOf must be a list"))
            }
            (None, Some(_)) => {
                return Err(Error::spec(child(pointer, "anyOf"), "anyOf must be a list"))
            }
            (None, None) => (&[], "oneOf"),
        };
        let members_pointer = child(pointer, members_key);
        let own_pointer = pointer.to_string();
        let mut variant_names = Scope::with_reserved(&["Unknown"]);
        let discriminator = obj.get("discriminator");
        let property = discriminator
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
            .map(str::to_string);

        let mut variants = Vec::new();
        if let Some(property) = property {
            let disc_pointer = child(pointer, "discriminator");
            let mut targets = BTreeSet::new();
            if let Some(mapping) = discriminator.and_then(|d| d.get("mapping")) {
                let mapping = mapping.as_object().ok_or_else(|| {
                    Error::spec(child(&disc_pointer, "mapping"), "mapping must be a mapping")
                })?;
                for (tag, target) in mapping {
                    let entry_pointer = child(&child(&disc_pointer, "mapping"), tag);
                    let Some(text) = target.as_str() else {
                        return Err(Error::spec(
                            entry_pointer,
                            "a mapping target must be a string",
                        ));
                    };
                    let text = if text.starts_with('#') {
                        text.to_string()
                    } else {
                        format!("#/components/schemas/{text}")
                    };
                    let target_pointer =
                        self.ref_target(&Value::String(text.clone()), &entry_pointer)?;
                    if self.resolves_to(&target_pointer, &own_pointer) {
                        self.warn(
                            &entry_pointer,
                            "a discriminator mapping to the schema itself is ignored",
                        );
                        continue;
                    }
                    targets.insert(target_pointer);
                    let ty = self.ref_type(&Value::String(text), &entry_pointer, name)?;
                    variants.push(Variant {
                        rust_name: variant_names.claim(&naming::variant_name(tag)),
                        ty,
                        tag: Some(tag.clone()),
                        boxed: false,
                        shape: Shape::default(),
                    });
                }
            }
            for (i, member) in members.iter().enumerate() {
                let member_pointer = child(&members_pointer, &i.to_string());
                match member.get("$ref") {
                    Some(r) => {
                        let target = self.ref_target(r, &member_pointer)?;
                        if targets.contains(&target) {
                            continue;
                        }
                        // Implicit mapping: the tag is the schema name.
                        let tag = target.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~");
                        let ty = self.ref_type(r, &member_pointer, name)?;
                        variants.push(Variant {
                            rust_name: variant_names.claim(&naming::variant_name(&tag)),
                            ty,
                            tag: Some(tag),
                            boxed: false,
                            shape: Shape::default(),
                        });
                    }
                    None => self.warn(
                        &member_pointer,
                        "an inline oneOf member has no discriminator value; it is only reachable as the Unknown variant",
                    ),
                }
            }
            for child_pointer in self.implicit_children(obj, pointer).to_vec() {
                if targets.contains(&child_pointer) {
                    continue;
                }
                // Implicit mapping: the tag is the child schema's name.
                let tag = child_pointer
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .replace("~1", "/")
                    .replace("~0", "~");
                let ty = self.ref_type(&Value::String(child_pointer.clone()), pointer, name)?;
                variants.push(Variant {
                    rust_name: variant_names.claim(&naming::variant_name(&tag)),
                    ty,
                    tag: Some(tag),
                    boxed: false,
                    shape: Shape::default(),
                });
            }
            if variants.is_empty() {
                return Ok(None);
            }
            return Ok(Some(TypeKind::Tagged(Tagged { property, variants })));
        }

        if members.is_empty() {
            return Ok(None);
        }
        for (i, member) in members.iter().enumerate() {
            let member_pointer = child(&members_pointer, &i.to_string());
            let (resolved, resolved_pointer) = self.deref(member, &member_pointer)?;
            let title = resolved.get("title").and_then(Value::as_str);
            let hint = format!(
                "{name}{}",
                naming::type_name(title.unwrap_or(&format!("Variant{i}")))
            );
            let ty = self.nested(
                |this| this.type_ref(member, &member_pointer, &hint),
                &member_pointer,
            )?;
            let base = match (&ty, title) {
                (_, Some(title)) => title.to_string(),
                (TypeRef::Named(n), None) if member.get("$ref").is_some() => n.clone(),
                _ => format!("Variant{i}"),
            };
            let shape = self.shape(resolved, &resolved_pointer)?;
            variants.push(Variant {
                rust_name: variant_names.claim(&naming::variant_name(&base)),
                ty,
                tag: None,
                boxed: false,
                shape,
            });
        }
        self.check_parent_properties(obj, pointer, &variants);
        Ok(Some(TypeKind::Untagged(variants)))
    }

    /// Properties declared next to a oneOf are expected to be repeated in each variant (as
    /// Atlas does). Say so when a variant lacks one, rather than dropping it silently.
    fn check_parent_properties(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        variants: &[Variant],
    ) {
        let Some(Value::Object(props)) = obj.get("properties") else {
            return;
        };
        for variant in variants {
            if variant.shape.properties.is_empty() {
                continue;
            }
            for key in props.keys() {
                if !variant.shape.properties.contains(key) {
                    self.warn(
                        &child(&child(pointer, "properties"), key),
                        format!("property `{key}` of the oneOf parent is not in variant {}; it is not generated there", variant.rust_name),
                    );
                }
            }
        }
    }

    /// What objects of an (object) variant look like.
    fn shape(&self, schema: &'d Value, pointer: &str) -> Result<Shape> {
        let mut collected = Collected::default();
        let mut visited = BTreeSet::new();
        if let Some(c) = self.component_pointer(pointer) {
            visited.insert(c);
        }
        self.collect(schema, pointer, &mut collected, &mut visited, true)?;
        let mut consts = Vec::new();
        for (key, (prop, prop_pointer)) in &collected.properties {
            let (resolved, _) = self.deref(prop, prop_pointer)?;
            if let Some(values) = resolved.as_object().and_then(string_enum) {
                if values.len() == 1 {
                    consts.push((key.clone(), values[0].clone()));
                }
            }
        }
        Ok(Shape {
            properties: collected.properties.keys().cloned().collect(),
            required: collected
                .required
                .into_iter()
                .filter(|r| collected.properties.contains_key(r))
                .collect(),
            consts,
        })
    }

    /// Validation rules of a schema. A pattern the ECMAScript engine cannot compile is dropped
    /// with a diagnostic (the request is still sent; the server validates).
    pub fn constraints(&mut self, schema: &Value, pointer: &str) -> Constraints {
        let num = |key: &str| schema.get(key).and_then(Value::as_f64);
        let count = |key: &str| schema.get(key).and_then(Value::as_u64);
        let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool).unwrap_or(false);
        let pattern = match schema.get("pattern").and_then(Value::as_str) {
            Some(p) => match self
                .patterns
                .entry(p.to_string())
                .or_insert_with(|| regress::Regex::new(p).map(drop).map_err(|e| e.to_string()))
                .clone()
            {
                Ok(()) => Some(p.to_string()),
                Err(e) => {
                    self.warn(
                        &child(pointer, "pattern"),
                        format!("pattern is not a valid ECMAScript regex ({e}); not validated"),
                    );
                    None
                }
            },
            None => None,
        };
        Constraints {
            pattern,
            min_length: count("minLength"),
            max_length: count("maxLength"),
            minimum: num("minimum").map(|m| (m, exclusive("exclusiveMinimum"))),
            maximum: num("maximum").map(|m| (m, exclusive("exclusiveMaximum"))),
            min_items: count("minItems"),
            max_items: count("maxItems"),
        }
    }

    /// Every named type reachable from `roots` (through fields, variants, aliases, items).
    pub fn reachable(&self, roots: impl IntoIterator<Item = String>) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = roots.into_iter().collect();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(def) = self.types.get(&name) {
                stack.extend(def.kind.references().into_iter().map(str::to_string));
            }
        }
        seen
    }
}

impl TypeKind {
    /// Named types this definition mentions.
    pub fn references(&self) -> Vec<&str> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| f.ty.named())
                .chain(s.additional.as_ref().and_then(TypeRef::named))
                .collect(),
            TypeKind::Enum(_) => Vec::new(),
            TypeKind::Tagged(t) => t.variants.iter().filter_map(|v| v.ty.named()).collect(),
            TypeKind::Untagged(vs) => vs.iter().filter_map(|v| v.ty.named()).collect(),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => t.named().into_iter().collect(),
        }
    }
}

/// Type aliases cannot be recursive in Rust. An alias that reaches itself through other aliases
/// becomes a newtype when the cycle passes through a list or map; a cycle of bare references
/// (`A: {$ref: B}`, `B: {$ref: A}`) describes no value at all and is an error.
pub fn break_alias_cycles(types: &mut BTreeMap<String, TypeDef>) -> Result<()> {
    let alias_edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .filter_map(|(name, def)| match &def.kind {
            TypeKind::Alias(t) => Some((
                name.clone(),
                t.named()
                    .filter(|n| matches!(types.get(*n).map(|d| &d.kind), Some(TypeKind::Alias(_))))
                    .map(str::to_string)
                    .into_iter()
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    let component = strongly_connected(&alias_edges);
    let mut members: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (name, id) in &component {
        members.entry(*id).or_default().push(name.clone());
    }
    for names in members.values() {
        let self_loop = names.len() == 1
            && alias_edges
                .get(&names[0])
                .is_some_and(|e| e.contains(&names[0]));
        if names.len() < 2 && !self_loop {
            continue;
        }
        let all_bare = names.iter().all(|n| {
            matches!(
                types.get(n).map(|d| &d.kind),
                Some(TypeKind::Alias(TypeRef::Named(_)))
            )
        });
        if all_bare {
            let def = &types[&names[0]];
            return Err(Error::spec(
                &def.pointer,
                format!(
                    "schemas {} refer to each other with nothing else: they describe no value",
                    names.join(", ")
                ),
            ));
        }
        for n in names {
            if let Some(def) = types.get_mut(n) {
                if let TypeKind::Alias(t) = &def.kind {
                    def.kind = TypeKind::Newtype(t.clone());
                }
            }
        }
    }
    Ok(())
}

/// Marks fields and variants that must be boxed: those whose type is in the same strongly
/// connected component of *directly contained* types (a `Vec` or map already puts its items on
/// the heap, so it breaks a cycle by itself).
pub fn box_cycles(types: &mut BTreeMap<String, TypeDef>) {
    let direct = |ty: &TypeRef| match ty {
        TypeRef::Named(n) => Some(n.clone()),
        _ => None,
    };
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|(name, def)| {
            let targets = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
                TypeKind::Tagged(t) => t.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
                TypeKind::Untagged(vs) => vs.iter().filter_map(|v| direct(&v.ty)).collect(),
                TypeKind::Alias(t) | TypeKind::Newtype(t) => direct(t).into_iter().collect(),
                TypeKind::Enum(_) => Vec::new(),
            };
            (name.clone(), targets)
        })
        .collect();
    let component = strongly_connected(&edges);
    for (name, def) in types.iter_mut() {
        let own = component.get(name);
        let cyclic = |ty: &TypeRef| matches!(ty, TypeRef::Named(n) if component.get(n) == own);
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| f.boxed = cyclic(&f.ty)),
            TypeKind::Tagged(t) => t.variants.iter_mut().for_each(|v| v.boxed = cyclic(&v.ty)),
            TypeKind::Untagged(vs) => vs.iter_mut().for_each(|v| v.boxed = cyclic(&v.ty)),
            TypeKind::Alias(_) | TypeKind::Newtype(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// Kosaraju's algorithm, iterative: node → component id. Deterministic for a `BTreeMap` graph.
fn strongly_connected(edges: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, usize> {
    let mut order = Vec::with_capacity(edges.len());
    let mut seen = BTreeSet::new();
    for start in edges.keys() {
        if !seen.insert(start.as_str()) {
            continue;
        }
        let mut stack = vec![(start.as_str(), 0usize)];
        while let Some((node, next)) = stack.pop() {
            let targets = edges.get(node).map(Vec::as_slice).unwrap_or_default();
            if let Some(target) = targets.get(next) {
                stack.push((node, next + 1));
                if edges.contains_key(target) && seen.insert(target.as_str()) {
                    stack.push((target.as_str(), 0));
                }
            } else {
                order.push(node);
            }
        }
    }
    let mut reverse: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, targets) in edges {
        for to in targets {
            reverse.entry(to.as_str()).or_default().push(from.as_str());
        }
    }
    let mut component = BTreeMap::new();
    for (id, root) in order.into_iter().rev().enumerate() {
        if component.contains_key(root) {
            continue;
        }
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if component.contains_key(node) {
                continue;
            }
            component.insert(node.to_string(), id);
            stack.extend(
                reverse
                    .get(node)
                    .into_iter()
                    .flatten()
                    .filter(|n| !component.contains_key(**n)),
            );
        }
    }
    component
}

fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The doc text of a schema: its description, else its title.
pub fn description(schema: &Value) -> Option<String> {
    schema
        .get("description")
        .or_else(|| schema.get("title"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// `allOf: [X]` with nothing else that shapes the type: just X.
fn trivial_all_of(obj: &Map<String, Value>) -> Option<&Value> {
    let members = obj.get("allOf")?.as_array()?;
    let shaping = [
        "properties",
        "oneOf",
        "anyOf",
        "discriminator",
        "enum",
        "additionalProperties",
    ];
    (members.len() == 1 && !shaping.iter().any(|k| obj.contains_key(*k))).then(|| &members[0])
}

fn is_polymorphic(obj: &Map<String, Value>) -> bool {
    let non_empty_list = |k: &str| {
        obj.get(k)
            .is_some_and(|v| !matches!(v, Value::Array(a) if a.is_empty()))
    };
    non_empty_list("oneOf")
        || non_empty_list("anyOf")
        || obj
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
}

/// The values of a string enum (null entries, allowed by `nullable`, are skipped).
fn string_enum(obj: &Map<String, Value>) -> Option<Vec<String>> {
    let values = obj.get("enum")?.as_array()?;
    if obj.get("type").is_some_and(|t| t != "string") {
        return None;
    }
    let strings: Vec<String> = values
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let non_null = values.iter().filter(|v| !v.is_null()).count();
    (!strings.is_empty() && strings.len() == non_null).then_some(strings)
}

fn enum_values(values: &[String]) -> Vec<EnumValue> {
    let mut scope = Scope::with_reserved(&["Unknown"]);
    let mut seen = BTreeSet::new();
    values
        .iter()
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| EnumValue {
            wire: v.clone(),
            rust_name: scope.claim(&naming::variant_name(v)),
        })
        .collect()
}

fn needs_name(obj: &Map<String, Value>) -> bool {
    is_polymorphic(obj)
        || obj.contains_key("allOf")
        || string_enum(obj).is_some()
        || obj
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty())
}

/// Component pointer → the components whose `allOf` has a `$ref` to it, in document order.
fn all_of_children(doc: &Document) -> HashMap<String, Vec<String>> {
    let mut children: HashMap<String, Vec<String>> = HashMap::new();
    let Some(Value::Object(schemas)) = doc.get("#/components/schemas") else {
        return children;
    };
    for (key, schema) in schemas {
        let Some(Value::Array(members)) = schema.get("allOf") else {
            continue;
        };
        let own = child("#/components/schemas", key);
        for reference in members
            .iter()
            .filter_map(|m| m.get("$ref"))
            .filter_map(Value::as_str)
        {
            if reference.starts_with("#/components/schemas/") {
                let parent = percent_decode(reference);
                let list = children.entry(parent).or_default();
                if !list.contains(&own) {
                    list.push(own.clone());
                }
            }
        }
    }
    children
}

/// Decodes `%XX` escapes in a URI fragment (JSON pointers in `$ref`s may be percent-encoded).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// One type for a value list that several inline enums share.
#[derive(Debug, Clone)]
struct SharedEnum {
    name: String,
    /// A component schema that is this very enum, when there is one.
    component: Option<String>,
    pointer: String,
    doc: Option<String>,
}

/// Finds the inline string enums under `#/components/schemas` and names one type per value
/// list: a component enum's name when one has those values, else the shortest `{Owner}{Field}`
/// name among its places. Everything is
/// decided from the whole document, so the names do not depend on `--only` / `--tag`.
fn shared_enums(
    doc: &Document,
    component_names: &HashMap<String, String>,
    names: &mut Scope,
) -> BTreeMap<Vec<String>, SharedEnum> {
    let Some(Value::Object(schemas)) = doc.get("#/components/schemas") else {
        return BTreeMap::new();
    };
    let mut groups: BTreeMap<Vec<String>, Option<SharedEnum>> = BTreeMap::new();
    // Component enums first: they name their value list.
    for (key, schema) in schemas {
        let pointer = child("#/components/schemas", key);
        if let Some(values) = schema
            .as_object()
            .filter(|o| !is_polymorphic(o))
            .and_then(string_enum)
        {
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
        walk_enums(schema, pointer, owner, false, &mut groups);
    }
    // And the ones in parameters and bodies of operations.
    if let Some(Value::Object(params)) = doc.get("#/components/parameters") {
        for (key, param) in params {
            if let (Some(schema), Some(name)) = (
                param.get("schema"),
                param.get("name").and_then(Value::as_str),
            ) {
                let pointer = child(&child("#/components/parameters", key), "schema");
                walk_enums(schema, pointer, naming::type_name(name), true, &mut groups);
            }
        }
    }
    if let Some(Value::Object(paths)) = doc.get("#/paths") {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            let item_pointer = child("#/paths", path);
            for (method, op) in item {
                let op_pointer = child(&item_pointer, method);
                let op_name = op
                    .get("x-xgen-operation-id-override")
                    .or_else(|| op.get("operationId"))
                    .and_then(Value::as_str)
                    .map(naming::type_name)
                    .unwrap_or_default();
                if let Some(Value::Array(params)) = op.get("parameters") {
                    for (i, param) in params.iter().enumerate() {
                        if let (Some(schema), Some(name)) = (
                            param.get("schema"),
                            param.get("name").and_then(Value::as_str),
                        ) {
                            let pointer = child(
                                &child(&child(&op_pointer, "parameters"), &i.to_string()),
                                "schema",
                            );
                            walk_enums(
                                schema,
                                pointer,
                                format!("{op_name}{}", naming::type_name(name)),
                                true,
                                &mut groups,
                            );
                        }
                    }
                }
                for (part, suffix) in [("requestBody", "Body"), ("responses", "Response")] {
                    let Some(node) = op.get(part) else { continue };
                    let mut stack = vec![(node, child(&op_pointer, part))];
                    while let Some((node, pointer)) = stack.pop() {
                        let Some(obj) = node.as_object() else {
                            continue;
                        };
                        if let Some(Value::Object(content)) = obj.get("content") {
                            for (media, m) in content {
                                if let Some(schema) = m.get("schema") {
                                    let p =
                                        child(&child(&child(&pointer, "content"), media), "schema");
                                    walk_enums(
                                        schema,
                                        p,
                                        format!("{op_name}{suffix}"),
                                        true,
                                        &mut groups,
                                    );
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
        }
    }
    // Every value list gets one type, even one that occurs once: a property inherited through
    // `allOf` is converted once per inheriting schema and must not become a copy each time.
    let mut out = BTreeMap::new();
    for (values, shared) in groups {
        let Some(mut shared) = shared else { continue };
        if shared.component.is_none() {
            shared.name = names.claim(&naming::type_name(&shared.name));
        }
        out.insert(values, shared);
    }
    out
}

/// Records every inline string enum under `schema` in `groups` (see [`shared_enums`]), naming
/// each place as the converter would (`{Owner}{Field}`, `…Item`, `…Value`, `…Variant{i}`).
/// `root` says whether `schema` itself may count (not for a component schema, which is named).
fn walk_enums(
    schema: &Value,
    pointer: String,
    name: String,
    root: bool,
    groups: &mut BTreeMap<Vec<String>, Option<SharedEnum>>,
) {
    let mut place = Place {
        pointer,
        name,
        steps: Vec::new(),
    };
    walk_enums_at(schema, &mut place, root, groups);
}

/// Where [`walk_enums`] is: the root's pointer and name, and the steps taken from it. The
/// pointer and name of a place are only built for the few places that hold an enum.
struct Place<'a> {
    pointer: String,
    name: String,
    steps: Vec<Step<'a>>,
}

enum Step<'a> {
    /// `properties/{field}`: name part `{Field}`.
    Property(&'a str),
    /// `items`: `Item`.
    Items,
    /// `additionalProperties`: `Value`.
    Values,
    /// `oneOf/{i}` or `anyOf/{i}`: the member's title, else `Variant{i}`.
    Member(&'static str, usize, Option<&'a str>),
    /// `allOf/{i}`: no name part.
    AllOf(usize),
}

impl Place<'_> {
    fn pointer(&self) -> String {
        let mut pointer = self.pointer.clone();
        for step in &self.steps {
            pointer = match step {
                Step::Property(field) => child(&child(&pointer, "properties"), field),
                Step::Items => child(&pointer, "items"),
                Step::Values => child(&pointer, "additionalProperties"),
                Step::Member(key, i, _) => child(&child(&pointer, key), &i.to_string()),
                Step::AllOf(i) => child(&child(&pointer, "allOf"), &i.to_string()),
            };
        }
        pointer
    }

    fn name(&self) -> String {
        let mut name = self.name.clone();
        for step in &self.steps {
            match step {
                Step::Property(field) => name.push_str(&naming::type_name(field)),
                Step::Items => name.push_str("Item"),
                Step::Values => name.push_str("Value"),
                Step::Member(_, i, title) => {
                    name.push_str(&naming::type_name(title.unwrap_or(&format!("Variant{i}"))))
                }
                Step::AllOf(_) => {}
            }
        }
        name
    }
}

fn walk_enums_at<'a>(
    node: &'a Value,
    place: &mut Place<'a>,
    root: bool,
    groups: &mut BTreeMap<Vec<String>, Option<SharedEnum>>,
) {
    let Some(obj) = node.as_object() else {
        return;
    };
    let depth = place.steps.len();
    if (depth > 0 || root) && !is_polymorphic(obj) && !obj.contains_key("allOf") {
        if let Some(values) = string_enum(obj) {
            let name = place.name();
            let entry = groups.entry(values).or_insert(None);
            // The shortest candidate name (ties: alphabetical) is usually the most general
            // one, e.g. the oneOf parent's rather than one variant's.
            let better = match &*entry {
                None => true,
                Some(current) => {
                    current.component.is_none()
                        && (name.len(), &name) < (current.name.len(), &current.name)
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
            return;
        }
    }
    if depth >= MAX_DEPTH {
        return;
    }
    let mut visit = |step: Step<'a>, node: &'a Value, place: &mut Place<'a>| {
        place.steps.push(step);
        walk_enums_at(node, place, root, groups);
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
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = obj.get(key) {
            for (i, m) in members.iter().enumerate() {
                let title = m.get("title").and_then(Value::as_str);
                visit(Step::Member(key, i, title), m, place);
            }
        }
    }
    if let Some(Value::Array(members)) = obj.get("allOf") {
        for (i, m) in members.iter().enumerate() {
            visit(Step::AllOf(i), m, place);
        }
    }
}

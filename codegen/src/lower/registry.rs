//! The type registry: the name of every type (component schemas named up front, inline types
//! as they are met), the work queue of component schemas still to lower, and the types
//! lowered so far.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::enums::enum_values;
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::load::{child, Document};
use crate::naming::{NamingRules, Scope};
use crate::passes::shared_enums::{self, SharedEnum};
use crate::profile::Profile;

/// Names, queue and definitions of the types of one lowering run.
pub struct Registry {
    /// How types are named.
    naming: &'static NamingRules,
    /// `#/components/schemas/X` → Rust name, assigned up front.
    /// (Only looked up, never iterated: a hash map is faster on these long, shared-prefix keys.)
    component_names: HashMap<String, String>,
    /// Inline string enums whose value list recurs: values → the one type they all use.
    shared_enums: BTreeMap<Vec<String>, SharedEnum>,
    names: Scope,
    types: BTreeMap<String, TypeDef>,
    /// Component schemas referenced but not lowered yet: (pointer, name).
    queue: Vec<(String, String)>,
    queued: HashSet<String>,
}

impl Registry {
    /// Names every component schema (in key order), then runs the shared-enum pre-pass over
    /// the whole document, so no name depends on which operations are selected.
    pub fn new(doc: &Document, profile: Profile, naming: &'static NamingRules) -> Self {
        let mut names = Scope::new();
        let mut component_names = HashMap::new();
        if let Some(Value::Object(schemas)) = doc.get("#/components/schemas") {
            for key in schemas.keys() {
                let pointer = child("#/components/schemas", key);
                component_names.insert(pointer, names.claim(&naming.type_name(key)));
            }
        }
        let shared_enums = shared_enums::find(doc, profile, naming, &component_names, &mut names);
        Registry {
            naming,
            component_names,
            shared_enums,
            names,
            types: BTreeMap::new(),
            queue: Vec::new(),
            queued: HashSet::new(),
        }
    }

    /// Whether `pointer` is a component schema (`#/components/schemas/X`).
    pub fn is_component(&self, pointer: &str) -> bool {
        self.component_names.contains_key(pointer)
    }

    /// The name of the component schema at `pointer`, queueing it for lowering the first time.
    pub fn use_component(&mut self, pointer: &str) -> Option<String> {
        let name = self.component_names.get(pointer)?;
        if self.queued.insert(pointer.to_string()) {
            self.queue.push((pointer.to_string(), name.clone()));
        }
        Some(name.clone())
    }

    /// The next queued component schema: (pointer, name).
    pub fn next_queued(&mut self) -> Option<(String, String)> {
        self.queue.pop()
    }

    /// A fresh name for an inline type, from its hint (numbered if taken).
    pub fn claim(&mut self, hint: &str) -> String {
        self.names.claim(&self.naming.type_name(hint))
    }

    /// Records a lowered type.
    pub fn define(&mut self, name: String, def: TypeDef) {
        self.types.insert(name, def);
    }

    /// The one type for an inline string enum with these values, when the pre-pass found its
    /// value list (it finds every list under `#/components` and `#/paths`). A component enum's
    /// type is queued; an inline one is defined on first use.
    pub fn shared_enum(&mut self, values: &[String]) -> Option<TypeRef> {
        let shared = self.shared_enums.get(values)?;
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
                    kind: TypeKind::Enum(enum_values(self.naming, values)),
                };
                self.types.insert(name.clone(), def);
            }
            None => {}
        }
        Some(TypeRef::Named(name))
    }

    /// The types lowered so far.
    pub fn into_types(self) -> BTreeMap<String, TypeDef> {
        self.types
    }
}

//! The type registry: the name of every type (component schemas named up front, inline types
//! as they are met), the work queue of component schemas still to lower, and the types
//! lowered so far.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::enums::enum_values;
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::load::{child, Document};
use crate::naming::{NamingRules, Scope};
use crate::passes::shared_enums::{self, InlineEnums, InlineKind};
use crate::profile::Profile;

/// Names, queue and definitions of the types of one lowering run.
pub struct Registry {
    /// How types are named.
    naming: &'static NamingRules,
    /// `#/components/schemas/X` → Rust name, assigned up front.
    /// (Only looked up, never iterated: a hash map is faster on these long, shared-prefix keys.)
    component_names: HashMap<String, String>,
    /// Every inline string enum of the document: its place → its type.
    inline_enums: InlineEnums,
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
        let inline_enums = shared_enums::find(doc, profile, naming, &component_names, &mut names);
        Registry {
            naming,
            component_names,
            inline_enums,
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

    /// The type of the inline string enum at `pointer`, as the pre-pass named it (it finds
    /// every one under `#/components` and `#/paths`), defined on first use (an alias with the
    /// type it stands for); with the name the rule gave it when that was taken and it got a
    /// numbered one.
    pub fn inline_enum(&mut self, pointer: &str) -> Option<(TypeRef, Option<String>)> {
        let index = self.inline_enums.at(pointer)?;
        let found = self.inline_enums.get(index);
        let name = found.name.clone();
        if self.types.contains_key(&name) {
            return Some((TypeRef::Named(name), None));
        }
        let renamed_from = found.renamed_from.clone();
        self.define_inline_enum(index);
        Some((TypeRef::Named(name), renamed_from))
    }

    /// Defines the inline enum type with this index, and the type it is an alias of.
    fn define_inline_enum(&mut self, index: usize) {
        let found = self.inline_enums.get(index).clone();
        if self.types.contains_key(&found.name) {
            return;
        }
        let kind = match found.kind {
            InlineKind::Enum(values) => TypeKind::Enum(enum_values(self.naming, &values)),
            InlineKind::Alias(target) => {
                self.define_inline_enum(target);
                let target = self.inline_enums.get(target).name.clone();
                TypeKind::Alias(TypeRef::Named(target))
            }
            InlineKind::Component { pointer, name } => {
                if self.queued.insert(pointer.clone()) {
                    self.queue.push((pointer, name.clone()));
                }
                TypeKind::Alias(TypeRef::Named(name))
            }
        };
        let def = TypeDef {
            doc: found.doc,
            pointer: found.pointer,
            kind,
        };
        self.types.insert(found.name, def);
    }

    /// The types lowered so far.
    pub fn into_types(self) -> BTreeMap<String, TypeDef> {
        self.types
    }
}

//! `$ref` resolution: the pointer a reference names, checked once and cached with the node
//! it names, and following chains of references to the node they end at.

use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::load::pointer::{percent_decode, unescape_token};
use crate::load::{child, Document};

/// Resolves local `$ref`s of one document. Errors name the pointer of the reference.
pub struct Refs<'d> {
    doc: &'d Document,
    /// `$ref` text → the checked pointer it names and the node there (most schemas are
    /// referenced many times).
    targets: RefCell<HashMap<String, (String, &'d Value)>>,
}

impl<'d> Refs<'d> {
    /// A resolver for `doc`.
    pub fn new(doc: &'d Document) -> Self {
        Refs {
            doc,
            targets: Default::default(),
        }
    }

    /// The document references are resolved in.
    pub fn doc(&self) -> &'d Document {
        self.doc
    }

    /// Follows `$ref`s (of any component kind) to the node they name. Returns the node and its
    /// pointer. Errors name the pointer of the reference.
    pub fn deref(&self, value: &'d Value, pointer: &str) -> Result<(&'d Value, String)> {
        let mut value = value;
        let mut pointer = pointer.to_string();
        for _ in 0..32 {
            match value.get("$ref") {
                Some(r) => (value, pointer) = self.resolve(r, &pointer)?,
                None => return Ok((value, pointer)),
            }
        }
        Err(Error::spec(pointer, "$ref chain is too long or cyclic"))
    }

    /// The node a `$ref` (the value of the `$ref` key of the node at `pointer`) names, and its
    /// pointer (see [`Refs::target`]).
    pub fn resolve(&self, reference: &Value, pointer: &str) -> Result<(&'d Value, String)> {
        let text = reference.as_str().unwrap_or_default();
        if let Some((target, node)) = self.targets.borrow().get(text) {
            return Ok((node, target.clone()));
        }
        self.target(reference, pointer)?;
        let (target, node) = &self.targets.borrow()[text];
        Ok((node, target.clone()))
    }

    /// The pointer a `$ref` (the value of the `$ref` key of the node at `pointer`) names,
    /// checked to exist in this document. Percent-encoded pointers are decoded; external
    /// references are an error.
    pub fn target(&self, reference: &Value, pointer: &str) -> Result<String> {
        self.target_at(reference, &child(pointer, "$ref"))
    }

    /// [`Refs::target`] of a reference that is not the value of a `$ref` key (a discriminator
    /// mapping entry): errors name `at`, the pointer of the reference text itself.
    pub fn target_at(&self, reference: &Value, at: &str) -> Result<String> {
        let at = || at.to_string();
        let text = reference
            .as_str()
            .ok_or_else(|| Error::spec(at(), "$ref must be a string"))?;
        if let Some((target, _)) = self.targets.borrow().get(text) {
            return Ok(target.clone());
        }
        if !text.starts_with('#') {
            return Err(Error::spec(
                at(),
                format!("external reference `{text}` is not supported; bundle the spec into one file first"),
            ));
        }
        let decoded = percent_decode(text);
        let Some((target, node)) = self.locate(&decoded) else {
            return Err(Error::spec(
                at(),
                format!("dangling $ref: `{text}` names nothing in this document"),
            ));
        };
        self.targets
            .borrow_mut()
            .insert(text.to_string(), (target.clone(), node));
        Ok(target)
    }

    /// The node a `#/…` pointer names and its canonical pointer. A pointer that passes through
    /// a reference (`#/paths/~1a/get/…/items/properties/x`, where `items` is a `$ref`) is
    /// followed through it, as JSON Reference resolvers do (bundlers write such pointers):
    /// the canonical pointer is then the one in the referenced schema
    /// (`#/components/schemas/Item/properties/x`).
    fn locate(&self, pointer: &str) -> Option<(String, &'d Value)> {
        if let Some(node) = self.doc.get(pointer) {
            return Some((pointer.to_string(), node));
        }
        let path = pointer.strip_prefix('#')?.strip_prefix('/')?;
        let mut at = "#".to_string();
        let mut node = &self.doc.root;
        let mut hops = 0;
        for token in path.split('/') {
            let key = unescape_token(token);
            loop {
                let next = match node {
                    Value::Object(map) => map.get(&key),
                    Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                };
                if let Some(next) = next {
                    node = next;
                    at = child(&at, &key);
                    break;
                }
                // Not here: through this node's own `$ref`, when it has a local one.
                let reference = node.get("$ref")?.as_str()?;
                hops += 1;
                if hops > 32 || !reference.starts_with('#') {
                    return None;
                }
                at = percent_decode(reference);
                node = self.doc.get(&at)?;
            }
        }
        Some((at, node))
    }
}

//! `$ref` resolution: the pointer a reference names, checked once and cached with the node
//! it names, and following chains of references to the node they end at.

use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::load::pointer::percent_decode;
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
        let at = || child(pointer, "$ref");
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
        let target = percent_decode(text);
        let Some(node) = self.doc.get(&target) else {
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
}

//! Where each part of a loaded document came from: loading may move nodes (a schema pulled in
//! from another file, a 3.1 construct rewritten into its 3.0 form), and every error and
//! diagnostic must still name the place in the files the user wrote.
//!
//! A [`SourceMap`] holds one entry per moved subtree: the pointer of the subtree in the loaded
//! [`super::Document`] → where it was written, either `#/…` (the root document) or
//! `file#/…` (another file, its path relative to the root document's directory). A pointer is
//! translated by its longest prefix with an entry; a pointer under no entry was not moved.

use std::collections::BTreeMap;

/// Loaded-document pointer prefixes → their original locations (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    entries: BTreeMap<String, String>,
}

impl SourceMap {
    /// Whether nothing was moved (the loaded document is the root document as written).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records that the subtree now at `loaded` (a `#/…` pointer) was written at `original`
    /// (`#/…` or `file#/…`). `original` is taken as written: translate it first when it names
    /// a place in the loaded document that may itself have moved.
    pub fn insert(&mut self, loaded: String, original: String) {
        if loaded != original {
            self.entries.insert(loaded, original);
        }
    }

    /// Where the node at `pointer` (a `#/…` pointer into the loaded document) was written:
    /// its longest prefix with an entry (whole reference tokens only) replaced by that entry's
    /// original location. Pointers under no entry are returned unchanged.
    pub fn locate(&self, pointer: &str) -> String {
        if self.entries.is_empty() {
            return pointer.to_string();
        }
        let mut end = pointer.len();
        loop {
            let prefix = &pointer[..end];
            if let Some(original) = self.entries.get(prefix) {
                return format!("{original}{}", &pointer[end..]);
            }
            match prefix.rfind('/') {
                Some(slash) => end = slash,
                None => return pointer.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_whole_token_prefix_wins() {
        let mut map = SourceMap::default();
        map.insert("#/components/schemas/Pet".into(), "pet.yaml#".into());
        map.insert(
            "#/components/schemas/Pet/properties/a/allOf/0".into(),
            "pet.yaml#/properties/a".into(),
        );
        assert_eq!(
            map.locate("#/components/schemas/Pet/properties/b/type"),
            "pet.yaml#/properties/b/type"
        );
        assert_eq!(
            map.locate("#/components/schemas/Pet/properties/a/allOf/0/$ref"),
            "pet.yaml#/properties/a/$ref"
        );
        assert_eq!(map.locate("#/components/schemas/Pet"), "pet.yaml#");
        // `Pets` is not under `Pet`.
        assert_eq!(
            map.locate("#/components/schemas/Pets/type"),
            "#/components/schemas/Pets/type"
        );
        assert_eq!(map.locate("#/paths"), "#/paths");
    }

    #[test]
    fn an_entry_to_itself_is_not_kept() {
        let mut map = SourceMap::default();
        map.insert("#/a".into(), "#/a".into());
        assert!(map.is_empty());
    }
}

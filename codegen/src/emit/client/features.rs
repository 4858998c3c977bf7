//! Per-tag cargo features: which features a model compiles under.

use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

use crate::ir::Api;

/// Per-tag cargo features, or none.
pub struct Features {
    /// Type name → the features (tag modules) that need it.
    type_features: BTreeMap<String, BTreeSet<String>>,
    enabled: bool,
}

impl Features {
    pub fn new(api: &Api, enabled: bool) -> Self {
        let mut type_features: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (tag, types) in &api.tag_types {
            for t in types {
                type_features
                    .entry(t.clone())
                    .or_default()
                    .insert(tag.clone());
            }
        }
        Features {
            type_features,
            enabled,
        }
    }

    /// `#[cfg(any(feature = …))]` for a model, or nothing when features are off.
    pub fn cfg_for_type(&self, name: &str) -> TokenStream {
        if !self.enabled {
            return TokenStream::new();
        }
        let features: Vec<&String> = self
            .type_features
            .get(name)
            .map(|s| s.iter().collect())
            .unwrap_or_default();
        if features.is_empty() {
            return quote!(#[cfg(any())]);
        }
        match features.as_slice() {
            [one] => quote!(#[cfg(feature = #one)]),
            _ => quote!(#[cfg(any(#(feature = #features),*))]),
        }
    }
}

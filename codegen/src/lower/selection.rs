//! Which operations to generate (`--only`, `--tag`), and the check that every requested one
//! exists.

use std::collections::BTreeSet;

use crate::error::{Error, Result};

/// Which operations to generate.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Operation ids (upstream `operationId`, or the name the profile gives it: for Atlas,
    /// `x-xgen-operation-id-override`).
    pub only: Option<BTreeSet<String>>,
    /// Tag names; an operation is kept when one of its tags is listed.
    pub tags: Option<BTreeSet<String>>,
}

/// Tracks which entries of a [`Selection`] matched an operation.
#[derive(Debug, Default)]
pub(super) struct Matcher {
    matched: BTreeSet<String>,
}

impl Matcher {
    /// Whether the operation with these ids and tags is selected (recording what matched).
    pub fn selected(
        &mut self,
        selection: &Selection,
        upstream_id: &Option<String>,
        preferred: &Option<String>,
        tags: &[String],
    ) -> bool {
        let mut keep = true;
        if let Some(only) = &selection.only {
            let hit: Vec<&String> = [upstream_id, preferred]
                .into_iter()
                .flatten()
                .filter(|id| only.contains(*id))
                .collect();
            self.matched.extend(hit.iter().map(|s| s.to_string()));
            keep &= !hit.is_empty();
        }
        if let Some(wanted) = &selection.tags {
            let hit: Vec<&String> = tags.iter().filter(|t| wanted.contains(*t)).collect();
            self.matched.extend(hit.iter().map(|t| format!("tag:{t}")));
            keep &= !hit.is_empty();
        }
        keep
    }

    /// An error at `#/paths` naming every id and tag of the selection that matched nothing.
    pub fn check(&self, selection: &Selection) -> Result<()> {
        let mut missing: Vec<String> = Vec::new();
        if let Some(only) = &selection.only {
            missing.extend(
                only.iter()
                    .filter(|id| !self.matched.contains(*id))
                    .cloned(),
            );
        }
        if let Some(tags) = &selection.tags {
            missing.extend(
                tags.iter()
                    .filter(|t| !self.matched.contains(&format!("tag:{t}")))
                    .map(|t| format!("tag `{t}`")),
            );
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Error::spec(
                "#/paths",
                format!("no operation matches {}", missing.join(", ")),
            ))
        }
    }
}

//! The diagnostics sink: warnings about parts of the spec generated in a reduced form or
//! skipped, each at a JSON pointer.

use crate::ir::Diagnostic;

/// Collects warnings during lowering; [`Diagnostics::into_sorted`] gives them to the IR.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a warning about the node at `pointer`.
    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.list.push(Diagnostic {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    /// The warnings sorted by pointer and message, each once (a schema lowered twice, e.g.
    /// through two `allOf` children, would otherwise say the same thing twice).
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut list = self.list;
        list.sort();
        list.dedup();
        list
    }
}

//! Step 4, emission: IR → files. [`mod@format`] turns tokens into formatted text (with doc
//! comments spliced in) and runs the per-file jobs; [`client`] is the Rust client emitter.
//! A second output would be a new emitter next to `client`, reading the same IR.

pub mod client;
pub mod format;

pub use client::{emit, EmitOptions, GitReference, RuntimeDependency, RuntimeSource};

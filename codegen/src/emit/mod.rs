//! Step 4, emission: IR → files. [`mod@format`] turns tokens into formatted text (with doc
//! comments spliced in) and runs the per-file jobs; [`client`] is the Rust client emitter.
//! [`cli`] writes a command-line client crate over the client crate, and [`mock`] writes the client crate's typed mock server (its `mock` feature) from the same IR.

pub mod cli;
pub mod client;
pub mod format;
pub mod mock;

pub use client::{emit, EmitOptions, GitReference, RuntimeDependency, RuntimeSource};

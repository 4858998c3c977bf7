//! Step 2, lowering: the OpenAPI document → the [`crate::ir`], one operation and one schema at
//! a time.
//!
//! | file | lowers |
//! |---|---|
//! | `operations.rs` | paths and operations: selection, method and builder names, deprecation |
//! | `selection.rs` | `--only` / `--tag` |
//! | `parameters.rs` | parameters and the path template |
//! | `bodies.rs` | media types, request bodies |
//! | `responses.rs` | the answer a client decodes, and every documented response |
//! | `schema.rs` | schemas → type references; primitives, arrays, maps; the [`Lowerer`] state |
//! | `objects.rs` | objects → structs |
//! | `all_of.rs` | `allOf` merging |
//! | `enums.rs` | string enums |
//! | `unions.rs` | `oneOf` / `anyOf` / discriminators → tagged and untagged enums |
//! | `inheritance.rs` | discriminated inheritance: `allOf` children as variants, variants that `allOf` their union |
//! | `constraints.rs` | validation rules (`pattern`, lengths, bounds, item counts) |
//! | `naming.rs` | names of inline types (shared with the shared-enum pre-pass) |
//! | `registry.rs` | type names, the work queue, the types lowered so far |
//! | `refs.rs` | `$ref` resolution |
//! | `diagnostics.rs` | the warnings sink |

pub mod all_of;
pub mod bodies;
pub mod constraints;
pub mod diagnostics;
pub mod enums;
pub mod inheritance;
pub mod naming;
pub mod objects;
pub mod operations;
pub mod parameters;
pub mod refs;
pub mod registry;
pub mod responses;
pub mod schema;
pub mod selection;
pub mod unions;

use serde_json::{Map, Value};

use crate::error::Result;
use crate::ir::Api;
use crate::load::Document;
use crate::naming::NamingRules;
use crate::profile::Profile;

pub use schema::Lowerer;
pub use selection::Selection;

/// How deep inline schemas (and `allOf` chains) may nest before the generator stops
/// descending.
pub const MAX_DEPTH: usize = 48;

/// What lowering applies on top of OpenAPI 3.0.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The API family's conventions ([`Profile::Atlas`] for the generator's behaviour).
    pub profile: Profile,
    /// The reserved words of the emitter the IR is for (see [`crate::naming`]).
    pub naming: &'static NamingRules,
}

/// Lowers the selected operations of `paths` (see [`crate::load::version::check`]) and the
/// types they reach. The passes ([`crate::passes`]) have not run: no type is boxed, no
/// operation pages, and the request, checked and tag type sets are empty.
///
/// Every part a client uses (parameters, bodies, decoded answers) is lowered first, then every
/// other documented response: the names of the first do not depend on the second.
pub fn lower(
    doc: &Document,
    paths: &Map<String, Value>,
    selection: &Selection,
    options: &Options,
) -> Result<Api> {
    let mut lowerer = Lowerer::new(doc, options.profile, options.naming);
    let operations::Lowered {
        mut operations,
        sites,
    } = operations::lower_all(&mut lowerer, paths, selection)?;
    lowerer.finish()?;
    for (name, op) in sites {
        let operation = operations.get_mut(&name).expect("lowered above");
        operation.responses = lowerer.responses(op, &operation.pointer, &operation.builder_name)?;
    }
    lowerer.finish()?;
    let (types, diagnostics) = lowerer.into_parts();
    let info = doc.root.get("info");
    let text = |k: &str| {
        info.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Ok(Api {
        title: text("title").unwrap_or_else(|| "API".to_string()),
        version: text("version").unwrap_or_default(),
        description: text("description"),
        operations,
        types,
        diagnostics,
        ..Api::default()
    })
}

//! Step 2, lowering: the OpenAPI document → the [`crate::ir`], one operation and one schema at
//! a time.
//!
//! | file | lowers |
//! |---|---|
//! | `operations.rs` | paths and operations: selection, method and builder names, deprecation |
//! | `selection.rs` | `--only` / `--tag` |
//! | `parameters.rs` | parameters and the path template |
//! | `bodies.rs` | request bodies and answers, media types |
//! | `schema.rs` | schemas → type references; primitives, arrays, maps; the [`Lowerer`] state |
//! | `objects.rs` | objects → structs |
//! | `all_of.rs` | `allOf` merging |
//! | `enums.rs` | string enums |
//! | `unions.rs` | `oneOf` / `anyOf` / discriminators → tagged and untagged enums |
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
pub mod naming;
pub mod objects;
pub mod operations;
pub mod parameters;
pub mod refs;
pub mod registry;
pub mod schema;
pub mod selection;
pub mod unions;

use serde_json::{Map, Value};

use crate::error::Result;
use crate::ir::Api;
use crate::load::Document;
use crate::profile::Profile;

pub use schema::Lowerer;
pub use selection::Selection;

/// How deep inline schemas (and `allOf` chains) may nest before the generator stops
/// descending.
pub const MAX_DEPTH: usize = 48;

/// Lowers the selected operations of `paths` (see [`crate::load::version::check`]) and the
/// types they reach. The passes ([`crate::passes`]) have not run: no type is boxed, no
/// operation pages, and the request, checked and tag type sets are empty.
pub fn lower(
    doc: &Document,
    paths: &Map<String, Value>,
    selection: &Selection,
    profile: Profile,
) -> Result<Api> {
    let mut lowerer = Lowerer::new(doc, profile);
    let operations = operations::lower_all(&mut lowerer, paths, selection)?;
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

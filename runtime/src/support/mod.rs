//! Helpers that exist for the generated code: deserializing polymorphic types ([`de`]), paging
//! through list operations ([`paginate`]) and the `macro_rules!` macros that write the impls
//! every generated enum, union and request builder shares (`string_enum_impls!`,
//! `union_from!`, `into_future!`).

pub mod de;
mod macros;
pub mod paginate;

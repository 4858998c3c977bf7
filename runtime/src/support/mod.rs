//! Helpers that exist for the generated code: the `date-time` value type ([`date_time`]), deserializing polymorphic types and structs ([`de`]), serializing structs ([`ser`]), model
//! fields ([`fields`]: the absent / null / value tri-state, read-only properties left out of
//! request bodies), paging
//! through list operations ([`paginate`]), what every request builder does ([`operation`]) and the `macro_rules!` macros that write the impls
//! every generated enum, union and request builder shares (`string_enum_impls!`,
//! `union_from!`, `operation!`, `serde_struct!`).

pub mod date_time;
pub mod de;
pub mod fields;
mod macros;
pub mod operation;
pub mod paginate;
pub mod ser;

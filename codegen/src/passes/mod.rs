//! Step 3, passes: what is decided over the whole IR (or, for shared enums, the whole
//! document) rather than one schema or operation at a time.
//!
//! | pass | decides |
//! |---|---|
//! | [`shared_enums`] | (before lowering) the name of every inline enum: its place's, or the profile's for well-known values; places with the same values share one enum (the others are aliases) |
//! | [`directions`] | `readOnly` / `writeOnly` fields by the directions each type travels (sent, decoded, both) |
//! | [`cycles`] | alias cycles → newtypes; fields and variants that close a cycle → boxed |
//! | [`pagination`] | which list operations page, by the profile's convention ([`crate::profile::Paging`]) |
//! | [`reachability`] | the types each request, tag and module reaches |
//! | [`validation`] | which request types can fail validation |

pub mod cycles;
pub mod directions;
pub mod pagination;
pub mod reachability;
pub mod shared_enums;
pub mod validation;

use crate::error::Result;
use crate::ir::Api;
use crate::profile::Profile;

/// Runs the passes over a lowered API, in order: alias cycles, request and response types,
/// directions (which drop `readOnly` fields of types only sent, so the request types are
/// computed again after it), boxing, pagination, checked types, module types. Errors only for
/// a cycle of bare aliases (it describes no value).
pub fn run(api: &mut Api, profile: Profile) -> Result<()> {
    cycles::break_alias_cycles(&mut api.types)?;
    let request_types = reachability::request_types(&api.types, api.operations.values());
    api.response_types = reachability::response_types(&api.types, api.operations.values());
    directions::apply(&mut api.types, &request_types, &api.response_types);
    cycles::box_cycles(&mut api.types);
    if let Some(paging) = profile.paging() {
        pagination::mark(&mut api.operations, &api.types, paging);
    }
    api.request_types = reachability::request_types(&api.types, api.operations.values());
    api.checked_types = validation::checked_types(&api.types, &api.request_types);
    api.tag_types = reachability::module_types(&api.types, api.operations.values());
    Ok(())
}

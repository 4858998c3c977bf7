//! Operations: one per path and method, with their parameters, bodies and answers.

use super::{Constraints, TypeRef};

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The upstream `operationId`.
    pub operation_id: String,
    /// snake_case method name.
    pub rust_name: String,
    /// PascalCase request-builder name.
    pub builder_name: String,
    pub method: String,
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: Option<Deprecation>,
    /// Rust module name of the first tag (`default` when untagged).
    pub module: String,
    pub tag: Option<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub response: Response,
    pub pointer: String,
    /// Set for list operations that page with `pageNum` / `itemsPerPage` and answer with a
    /// `results` array: they get an `into_stream()` over every item of every page.
    pub pagination: Option<Pagination>,
}

/// How a list operation pages (see `atlas_admin_runtime::paginate`).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Index into [`Operation::params`] of the `pageNum` query parameter.
    pub page_num: usize,
    /// Index into [`Operation::params`] of the `itemsPerPage` query parameter.
    pub items_per_page: usize,
    /// `itemsPerPage` sent when the caller sets none: the parameter's default, else 100.
    pub default_items_per_page: u64,
    /// The type of one item of `results`.
    pub item: TypeRef,
    /// The `results` field of the response type.
    pub results: PageField,
    /// The `totalCount` field of the response type, when it has one.
    pub total_count: Option<PageField>,
}

/// A field of a paginated response type, as the generated code reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageField {
    pub rust_name: String,
    /// The Rust field is an `Option`.
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    pub sunset: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// Index into [`Operation::params`].
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub constraints: Constraints,
    /// The schema's `default`, when it has one.
    pub default: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub content_type: String,
    pub kind: BodyKind,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Text,
    Binary,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: Option<u16>,
    /// The media type sent in `Accept`.
    pub accept: String,
    /// `None` when the success response has no body.
    pub body: Option<(BodyKind, TypeRef)>,
    pub doc: Option<String>,
}

//! Operations: one per path and method, with their parameters, bodies and responses.

use super::{Constraints, TypeRef};

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The upstream `operationId` (or the derived name when the spec has none).
    pub operation_id: String,
    /// The name the operation goes by: the profile's override of the `operationId` (Atlas:
    /// `x-xgen-operation-id-override`, the name its CLI and docs use), else the `operationId`,
    /// else the name derived from method and path. Not necessarily unique.
    pub name: String,
    /// The method's identifier (snake_case, unique in the API).
    pub rust_name: String,
    /// The request builder's identifier (PascalCase, unique in the API).
    pub builder_name: String,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template, as in the spec (`/groups/{groupId}`).
    pub path: String,
    /// The path template split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// `summary`, trimmed.
    pub summary: Option<String>,
    /// `description`, trimmed.
    pub description: Option<String>,
    /// Set when the operation is deprecated (or has a sunset date).
    pub deprecated: Option<Deprecation>,
    /// The module (snake_case of the first tag; `untagged` when there is none).
    pub module: String,
    /// The first tag, as in the spec.
    pub tag: Option<String>,
    /// Path, query and header parameters: required first (in path, query, header order),
    /// then optional ones.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// The answer a client decodes: the first 2xx response with a body (see [`Success`]).
    pub success: Success,
    /// Every response the spec documents, in key order (`200` < `201` < `2XX` < `404` <
    /// `default`).
    pub responses: Vec<Response>,
    /// Where the operation is (`#/paths/~1groups/get`).
    pub pointer: String,
    /// Set for list operations that page (by the profile's convention; for Atlas
    /// `pageNum` / `itemsPerPage` and a `results` array): they get an `into_stream()` over
    /// every item of every page.
    pub pagination: Option<Pagination>,
}

/// An HTTP method (RFC 9110), as the keys of an OpenAPI path item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `get`.
    Get,
    /// `put`.
    Put,
    /// `post`.
    Post,
    /// `delete`.
    Delete,
    /// `options`.
    Options,
    /// `head`.
    Head,
    /// `patch`.
    Patch,
    /// `trace`.
    Trace,
}

impl HttpMethod {
    /// Every method, in the order a path item is read.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The path item key (`get`).
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// The method as sent on the wire (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a list operation pages (see `atlas_admin_runtime::paginate`).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Index into [`Operation::params`] of the page-number query parameter (`pageNum`).
    pub page_num: usize,
    /// Index into [`Operation::params`] of the page-size query parameter (`itemsPerPage`).
    pub items_per_page: usize,
    /// The page size sent when the caller sets none: the parameter's default, else the
    /// profile's (100 for Atlas).
    pub default_items_per_page: u64,
    /// The type of one item of the results array.
    pub item: TypeRef,
    /// The results field of the answer type (`results`).
    pub results: PageField,
    /// The total-count field of the answer type (`totalCount`), when it has one.
    pub total_count: Option<PageField>,
}

/// A field of a paginated answer type, as the generated code reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageField {
    /// The field's identifier ([`super::Field::rust_name`]).
    pub rust_name: String,
    /// The field may be absent or null.
    pub optional: bool,
}

/// A deprecated operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    /// The date it stops working (`YYYY-MM-DD`), when the profile gives one (Atlas:
    /// `x-sunset`).
    pub sunset: Option<String>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text (`/groups/`).
    Literal(String),
    /// A path parameter: index into [`Operation::params`].
    Param(usize),
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    /// In the path template (always required).
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The parameter's `name`, as sent.
    pub wire_name: String,
    /// The parameter's identifier (snake_case, unique in the operation).
    pub rust_name: String,
    /// Where it is sent.
    pub location: ParamLocation,
    /// `required: true` (always for path parameters).
    pub required: bool,
    /// The value's type (structured schemas are [`TypeRef::Json`], sent as JSON text).
    pub ty: TypeRef,
    /// The parameter's `description`, else `title`.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Validation rules of its schema.
    pub constraints: Constraints,
    /// The schema's `default`, when it has one.
    pub default: Option<serde_json::Value>,
}

/// The request body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type sent as `Content-Type` (the profile's pick among `content`).
    pub content_type: String,
    /// How it is written.
    pub kind: BodyKind,
    /// Its type ([`TypeRef::String`] for text, [`TypeRef::Bytes`] for binary).
    pub ty: TypeRef,
    /// `required: true`.
    pub required: bool,
    /// The body's `description`.
    pub doc: Option<String>,
}

/// How a body is read or written, from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` or a `+json` media type.
    Json,
    /// `text/*` (and what the profile calls text: Atlas's `+csv`).
    Text,
    /// Anything else: bytes as they are.
    Binary,
}

/// The answer a client decodes: the first 2xx response (by status; `2XX` counts as 200)
/// whose content has a body, read as the profile's pick among its media types. When no 2xx
/// has one, the status of the first 2xx (if any) and no body.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// The status it is documented under.
    pub status: Option<u16>,
    /// The media type sent in `Accept` (`application/json` when there is no body).
    pub accept: String,
    /// The body decoded; `None` when there is none (or it is JSON without a schema).
    pub body: Option<ResponseBody>,
    /// The response's `description`.
    pub doc: Option<String>,
}

/// A decoded body: how it is read, and into what.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseBody {
    /// How it is read.
    pub kind: BodyKind,
    /// Its type ([`TypeRef::String`] for text, [`TypeRef::Bytes`] for binary).
    pub ty: TypeRef,
}

/// One response an operation documents (an entry of `responses`).
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status it applies to.
    pub status: ResponseStatus,
    /// The response's `description`.
    pub description: Option<String>,
    /// Its content, when it declares any: the profile's pick among its media types.
    pub content: Option<Content>,
    /// Where the response is (after following a `$ref` to `#/components/responses`).
    pub pointer: String,
}

/// The status a response applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResponseStatus {
    /// One status code (`404`).
    Code(u16),
    /// A range, by its first digit (`2XX` → `2`).
    Range(u8),
    /// `default`: every status not listed.
    Default,
}

/// The content of a response, as one media type.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// The media type read (the profile's pick among `content`).
    pub media_type: String,
    /// How it is read.
    pub kind: BodyKind,
    /// Its type: the schema's for JSON (`None` when there is no schema),
    /// [`TypeRef::String`] for text, [`TypeRef::Bytes`] for binary.
    pub ty: Option<TypeRef>,
    /// The other media types offered (not lowered), sorted.
    pub also_offered: Vec<String>,
    /// The media type's `example` and `examples`, in that order.
    pub examples: Vec<Example>,
}

/// An example payload of a media type.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The key in `examples` (`None` for `example`).
    pub name: Option<String>,
    /// The example's `summary`.
    pub summary: Option<String>,
    /// The example's `description`.
    pub description: Option<String>,
    /// The payload (`value`, or the `example` itself); `None` when only `externalValue` is
    /// given.
    pub value: Option<serde_json::Value>,
    /// `externalValue`: a URL of the payload.
    pub external_value: Option<String>,
}

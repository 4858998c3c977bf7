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
    /// The path template as sent (`/groups/{groupId}`): the spec's path key up to a `#` or
    /// `?` (`/oauth2/token#refresh` is sent as `/oauth2/token`; the fragment only keeps two
    /// operations on one path apart), with literal characters a URL cannot carry as they are
    /// (a space, non-ASCII text) percent-encoded. Each change is warned about at the path's
    /// pointer; the key itself is [`Operation::path_key`].
    pub path: String,
    /// The spec's `paths` key, as written (`/oauth2/token#refresh`).
    pub path_key: String,
    /// The query a spec writes into its path key (`/responses?beta=true` → `beta=true`),
    /// percent-encoded like [`Operation::path`]: sent first in every call's query string,
    /// before the query parameters.
    pub path_query: Option<String>,
    /// [`Operation::path`] split into literal text and parameters.
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
    /// Path, query, header and cookie parameters: required first (in path, query, header,
    /// cookie order), then optional ones.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// The answer a client decodes: its documented 2xx responses (see [`Success`]).
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
    /// The operation's own server, when the spec gives it one other than the document's
    /// ([`super::Api::server`]): the first entry of the operation's `servers`, else of its
    /// path item's, with each `{variable}` at its `default`, when that is an absolute `http`
    /// or `https` URL (`https://upload.box.com/api/2.0`). `None` sends the operation to the
    /// client's base URL: no such `servers`, the document's own server, or a relative or
    /// undefaultable URL (warned about at its pointer).
    pub server: Option<String>,
    /// The operation is sent without credentials: its own `security` is an empty list
    /// (`security: []`), or a list whose every requirement is empty (`security: [{}]`), so it
    /// names no scheme whose credentials could apply. Box's `POST /oauth2/token`, Atlas's
    /// `GET /api/atlas/v2/unauth/controlPlaneIPAddresses`. A list naming a scheme, even next
    /// to `{}` (optional authentication), and an operation without `security` of its own
    /// (the document's applies) send the client's credentials.
    pub anonymous: bool,
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
    /// `x-sunset`, on the operation or on a media type it sends or reads; the earliest).
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
    /// In the `Cookie` header, as `name=value`.
    Cookie,
}

impl ParamLocation {
    /// The style a parameter has when it declares none (OpenAPI 3.0: `form` for query and
    /// cookie parameters, `simple` for path and header ones), with its default `explode`.
    pub fn default_style(self) -> (ParamStyle, bool) {
        match self {
            ParamLocation::Query | ParamLocation::Cookie => (ParamStyle::Form, true),
            ParamLocation::Path | ParamLocation::Header => (ParamStyle::Simple, false),
        }
    }
}

/// An OpenAPI 3.0 parameter `style`: how a value (a primitive, a list, an object) is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamStyle {
    /// `matrix` (path; RFC 6570 `{;x}`).
    Matrix,
    /// `label` (path; RFC 6570 `{.x}`).
    Label,
    /// `form` (query, cookie; RFC 6570 `{?x}`).
    Form,
    /// `simple` (path, header; RFC 6570 `{x}`).
    Simple,
    /// `spaceDelimited` (query).
    SpaceDelimited,
    /// `pipeDelimited` (query).
    PipeDelimited,
    /// `deepObject` (query).
    DeepObject,
}

impl ParamStyle {
    /// The style's name in the spec (`pipeDelimited`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamStyle::Matrix => "matrix",
            ParamStyle::Label => "label",
            ParamStyle::Form => "form",
            ParamStyle::Simple => "simple",
            ParamStyle::SpaceDelimited => "spaceDelimited",
            ParamStyle::PipeDelimited => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
        }
    }

    /// The style named `name` in the spec.
    pub fn from_name(name: &str) -> Option<ParamStyle> {
        Some(match name {
            "matrix" => ParamStyle::Matrix,
            "label" => ParamStyle::Label,
            "form" => ParamStyle::Form,
            "simple" => ParamStyle::Simple,
            "spaceDelimited" => ParamStyle::SpaceDelimited,
            "pipeDelimited" => ParamStyle::PipeDelimited,
            "deepObject" => ParamStyle::DeepObject,
            _ => return None,
        })
    }

    /// Whether OpenAPI 3.0 allows the style for parameters in `location`.
    pub fn allowed_in(self, location: ParamLocation) -> bool {
        match self {
            ParamStyle::Matrix | ParamStyle::Label => location == ParamLocation::Path,
            ParamStyle::Form => matches!(location, ParamLocation::Query | ParamLocation::Cookie),
            ParamStyle::Simple => matches!(location, ParamLocation::Path | ParamLocation::Header),
            ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited | ParamStyle::DeepObject => {
                location == ParamLocation::Query
            }
        }
    }
}

/// How a parameter's value is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamEncoding {
    /// By `style` and `explode` (the location's defaults when the spec gives none).
    Style {
        /// The style.
        style: ParamStyle,
        /// `explode`.
        explode: bool,
        /// `allowReserved` (query parameters only): RFC 3986 reserved characters of the
        /// value are sent without percent-encoding.
        allow_reserved: bool,
    },
    /// By `content`: the value's text in this media type (a JSON media type: the value's
    /// JSON text), then written as a single string.
    Content(String),
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
    /// The value's type.
    pub ty: TypeRef,
    /// How the value is written (`style` / `explode`, or `content`).
    pub encoding: ParamEncoding,
    /// The parameter's `description`, else `title`.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Validation rules of its schema.
    pub constraints: Constraints,
    /// The schema's `default`, when it has one.
    pub default: Option<serde_json::Value>,
    /// The parameter's `example`, else its schema's (for docs).
    pub example: Option<serde_json::Value>,
}

impl Param {
    /// Whether the value is written the location's default way: its default `style` and
    /// `explode` ([`ParamLocation::default_style`]) and no `allowReserved`, so neither the
    /// client nor its docs need to name a style.
    pub fn has_default_style(&self) -> bool {
        matches!(
            &self.encoding,
            ParamEncoding::Style { style, explode, allow_reserved }
                if (*style, *explode) == self.location.default_style() && !allow_reserved
        )
    }
}

/// The request body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type sent as `Content-Type` (the profile's pick among `content`).
    pub content_type: String,
    /// How it is written.
    pub kind: BodyKind,
    /// Its type ([`TypeRef::String`] for text, [`TypeRef::Bytes`] for binary and for
    /// multipart bodies, whose fields are in [`Body::form`]).
    pub ty: TypeRef,
    /// A `multipart/form-data` body: the struct the caller fills, one field per property of
    /// the schema.
    pub form: Option<MultipartForm>,
    /// `required: true`.
    pub required: bool,
    /// The body's `description`.
    pub doc: Option<String>,
}

impl Body {
    /// The types the body mentions: its type, or the fields' of a multipart form.
    pub fn types(&self) -> Vec<&TypeRef> {
        match &self.form {
            Some(form) => form.fields.iter().filter_map(|f| f.part.ty()).collect(),
            None => vec![&self.ty],
        }
    }
}

/// How a body is read or written, from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` or a `+json` media type.
    Json,
    /// `text/*` (and what the profile calls text: Atlas's `+csv`).
    Text,
    /// `application/x-www-form-urlencoded` (request bodies; a response in it is read as
    /// [`BodyKind::Binary`]): the typed body's properties as `name=value` pairs.
    Form,
    /// `multipart/form-data` (request bodies; a response in it is read as
    /// [`BodyKind::Binary`]): one part per property, see [`MultipartForm`].
    Multipart,
    /// Anything else: bytes as they are.
    Binary,
}

/// The fields of a `multipart/form-data` request body: a struct of its own (not a model),
/// one field per property of the body's schema.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartForm {
    /// The struct's identifier (PascalCase, unique among the API's builders): `{Builder}Form`.
    pub rust_name: String,
    /// The schema's description.
    pub doc: Option<String>,
    /// One per property, in the schema's order.
    pub fields: Vec<FormField>,
}

/// One property of a multipart body: a part (or one part per item of a list).
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// The property (the part's `name`).
    pub wire_name: String,
    /// The field's identifier (snake_case, unique in the struct).
    pub rust_name: String,
    /// What the part holds.
    pub part: PartKind,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// The `encoding` object's `contentType` for the property, when given.
    pub content_type: Option<String>,
    /// The property's description.
    pub doc: Option<String>,
    /// Validation rules of the property's schema.
    pub constraints: Constraints,
}

/// What a multipart part holds (OpenAPI 3.0 defaults: text for primitives, bytes for
/// `format: binary`, JSON for the rest).
#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// A primitive or a list of primitives: a text part per value.
    Text(TypeRef),
    /// A file (`type: string, format: binary`); `many`: a list of files, one part each.
    File {
        /// A list of files.
        many: bool,
    },
    /// Anything else: one part with the value's JSON text.
    Json(TypeRef),
}

impl PartKind {
    /// The value's type (`None` for files).
    pub fn ty(&self) -> Option<&TypeRef> {
        match self {
            PartKind::Text(t) | PartKind::Json(t) => Some(t),
            PartKind::File { .. } => None,
        }
    }
}

/// The answer a client decodes, from the documented 2xx responses (`2XX` after the codes),
/// each read as the profile's pick among its media types.
///
/// When they all have the same body (the same type, or none), the client decodes that one
/// type ([`Success::body`]); when they differ, it returns an enum telling which documented
/// response arrived ([`Success::several`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// The first documented 2xx status (`2XX` counts as 200).
    pub status: Option<u16>,
    /// The media types sent in `Accept`: those read from the 2xx responses, joined by `, `
    /// (`application/json` when none has content).
    pub accept: String,
    /// The body decoded when every 2xx response has it; `None` when there is none (or it is
    /// JSON without a schema), and when the responses differ (see [`Success::several`]).
    pub body: Option<ResponseBody>,
    /// The `description` of the first 2xx response with a body (else of the first).
    pub doc: Option<String>,
    /// Set when the 2xx responses differ in their body (type, or presence): the enum the
    /// client returns, one variant per documented response.
    pub several: Option<SuccessEnum>,
}

impl Success {
    /// Every body type the client may decode.
    pub fn bodies(&self) -> Vec<&ResponseBody> {
        match &self.several {
            Some(e) => e.variants.iter().filter_map(|v| v.body.as_ref()).collect(),
            None => self.body.iter().collect(),
        }
    }
}

/// The enum an operation returns when its 2xx responses differ.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessEnum {
    /// Its identifier (PascalCase, unique among the API's builders): `{Builder}Success`.
    pub rust_name: String,
    /// One per documented 2xx response, by status (`2XX` last).
    pub variants: Vec<SuccessVariant>,
}

/// One documented 2xx response of a [`SuccessEnum`].
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessVariant {
    /// Its identifier: the status's reason phrase in PascalCase (`200` → `Ok`, `202` →
    /// `Accepted`, `204` → `NoContent`; `Status299` for a code without one; `Other` for
    /// `2XX`).
    pub rust_name: String,
    /// The status it is documented under.
    pub status: ResponseStatus,
    /// Its body; `None` when it has none.
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

//! The intermediate representation: plain data, built once by [`crate::types`] and
//! [`crate::operations`], then only read by the emitters. Maps are `BTreeMap`s and lists are in
//! spec order or sorted, so the IR (and therefore the output) never depends on hash or input
//! map order.

use std::collections::{BTreeMap, BTreeSet};

/// The whole API to generate.
#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Operations keyed by their Rust method name.
    pub operations: BTreeMap<String, Operation>,
    /// Named types keyed by their Rust type name.
    pub types: BTreeMap<String, TypeDef>,
    /// Names of the types a request (body or parameter) can contain: they get validation.
    pub request_types: BTreeSet<String>,
    /// The request types a value of which can fail validation: with a constraint of its own,
    /// a string enum (unknown values are refused), or containing such a type. Validation only
    /// descends into these.
    pub checked_types: BTreeSet<String>,
    /// Tag (Rust module name) → the types its operations reach, for per-tag features.
    pub tag_types: BTreeMap<String, BTreeSet<String>>,
    /// Things the generator noticed and worked around, each at a JSON pointer.
    pub diagnostics: Vec<Diagnostic>,
}

/// A warning about a part of the spec that was generated in a reduced form or skipped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// A reference to a type from a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Named(String),
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    DateTime,
    Date,
    /// Any JSON value.
    Json,
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys (`additionalProperties`).
    Map(Box<TypeRef>),
    /// Raw bytes (binary bodies).
    Bytes,
}

impl TypeRef {
    /// A single string, boolean, number or date: a value a parameter can carry as text.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            TypeRef::String
                | TypeRef::Bool
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::F32
                | TypeRef::F64
                | TypeRef::DateTime
                | TypeRef::Date
        )
    }

    /// The named types this reference mentions.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => inner.named(),
            _ => None,
        }
    }
}

/// Validation rules taken from the schema; checked on requests only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub pattern: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<(f64, bool)>,
    pub maximum: Option<(f64, bool)>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// Whether any of these rules applies to a value of type `t` (a pattern or length to a
    /// string, bounds to a number, item counts to a list).
    pub fn apply_to(&self, t: &TypeRef) -> bool {
        match t {
            TypeRef::String => {
                self.pattern.is_some() || self.min_length.is_some() || self.max_length.is_some()
            }
            TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => {
                self.minimum.is_some() || self.maximum.is_some()
            }
            TypeRef::Vec(_) => self.min_items.is_some() || self.max_items.is_some(),
            _ => false,
        }
    }
}

/// The request types whose values can fail validation (see [`Api::checked_types`]): a fixed
/// point over the type graph, so recursive types are handled.
pub fn checked_types(
    types: &BTreeMap<String, TypeDef>,
    request_types: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut checked = BTreeSet::new();
    loop {
        let mut changed = false;
        for name in request_types {
            if checked.contains(name) {
                continue;
            }
            let Some(def) = types.get(name) else { continue };
            let reaches = |t: &TypeRef| t.named().is_some_and(|n| checked.contains(n));
            let fails = match &def.kind {
                TypeKind::Enum(_) => true,
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter(|f| !f.read_only)
                    .any(|f| f.constraints.apply_to(&f.ty) || reaches(&f.ty)),
                TypeKind::Tagged(t) => t.variants.iter().any(|v| reaches(&v.ty)),
                TypeKind::Untagged(vs) => vs.iter().any(|v| reaches(&v.ty)),
                TypeKind::Alias(t) | TypeKind::Newtype(t) => reaches(t),
            };
            if fails {
                checked.insert(name.clone());
                changed = true;
            }
        }
        if !changed {
            return checked;
        }
    }
}

/// A named type definition.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub doc: Option<String>,
    /// Where the schema lives, for diagnostics and doc links.
    pub pointer: String,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum; unknown values are kept in an extra variant.
    Enum(Vec<EnumValue>),
    /// One of several variants chosen by a discriminator property.
    Tagged(Tagged),
    /// One of several variants with no discriminator; chosen by shape.
    Untagged(Vec<Variant>),
    /// Another name for a type.
    Alias(TypeRef),
    /// A one-field wrapper struct (serde-transparent): used instead of an alias when the type
    /// refers to itself through a list or map, which a Rust type alias cannot.
    Newtype(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields sorted by wire name.
    pub fields: Vec<Field>,
    /// `additionalProperties` next to named properties: kept in a flattened map.
    pub additional: Option<TypeRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    /// Required by the schema and not read-only: a plain field in Rust.
    pub required: bool,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    /// Boxed to break a cycle of directly contained types.
    pub boxed: bool,
    pub doc: Option<String>,
    pub constraints: Constraints,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    pub wire: String,
    pub rust_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// The discriminator property, as on the wire.
    pub property: String,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// The discriminator value (tagged enums only).
    pub tag: Option<String>,
    pub boxed: bool,
    /// For untagged enums: what the variant's objects look like.
    pub shape: Shape,
}

/// The facts about an object variant used to pick it for a payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    pub properties: Vec<String>,
    pub required: Vec<String>,
    /// Properties whose schema allows exactly one string value.
    pub consts: Vec<(String, String)>,
}

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

//! Types: named type definitions and the references to them.

/// A reference to a type from a field, variant, parameter or body.
///
/// Nullability belongs to the reference, not to the named type: a named type never includes
/// JSON `null`, and a place that allows `null` (`nullable: true` on its schema, on the
/// component a `$ref` names, or on a one-member `allOf`) is [`TypeRef::Nullable`]. So array
/// items, map values, union members, nested inline schemas and bodies carry it like object
/// properties do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A type of [`crate::ir::Api::types`], by name.
    Named(String),
    /// `type: string` (any format but the dates).
    String,
    /// `type: boolean`.
    Bool,
    /// `type: integer, format: int8`.
    I8,
    /// `type: integer, format: int16`.
    I16,
    /// `type: integer, format: int32`.
    I32,
    /// `type: integer` with `format: int64`, no format, or a format not listed here.
    I64,
    /// `type: integer, format: uint8`.
    U8,
    /// `type: integer, format: uint16`.
    U16,
    /// `type: integer, format: uint32`.
    U32,
    /// `type: integer, format: uint64`.
    U64,
    /// `type: number, format: float`: single precision by the spec's word. The client emitter
    /// writes it as `f64`, which holds every `f32` and also a value a server spells with more
    /// digits (the schema does not constrain precision), so an answer re-encodes as it came.
    F32,
    /// `type: number` with `format: double`, `decimal`, no format, or another one.
    F64,
    /// `type: string, format: date-time` (RFC 3339): the runtime's `DateTime`, which keeps the
    /// text as written.
    DateTime,
    /// `type: string, format: date` (RFC 3339 full-date).
    Date,
    /// Any JSON value (a schema without type, `true`, or a shape that is not generated).
    Json,
    /// `type: array` of the items' type.
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys (`additionalProperties`) and values of this type.
    Map(Box<TypeRef>),
    /// Raw bytes (binary bodies).
    Bytes,
    /// The inner type, or JSON `null` (`nullable: true`). Never nested, and never the inner
    /// type of another `Nullable`; build it with [`TypeRef::nullable`].
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// A single string, boolean, number or date: a value a parameter can carry as text.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            TypeRef::String | TypeRef::Bool | TypeRef::DateTime | TypeRef::Date
        ) || self.is_number()
    }

    /// An integer type (any format).
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            TypeRef::I8
                | TypeRef::I16
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U8
                | TypeRef::U16
                | TypeRef::U32
                | TypeRef::U64
        )
    }

    /// An integer or floating-point type.
    pub fn is_number(&self) -> bool {
        self.is_integer() || matches!(self, TypeRef::F32 | TypeRef::F64)
    }

    /// The named type this reference mentions (directly, as items or map values, or
    /// nullable).
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named(),
            _ => None,
        }
    }

    /// This type or `null` (unchanged when it already allows `null`).
    pub fn nullable(self) -> TypeRef {
        match self {
            TypeRef::Nullable(_) => self,
            other => TypeRef::Nullable(Box::new(other)),
        }
    }

    /// Whether `null` is a value of this type.
    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeRef::Nullable(_))
    }

    /// The type without `null`: the inner type of a [`TypeRef::Nullable`], else itself.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner,
            other => other,
        }
    }

    /// Like [`TypeRef::non_null`], by value.
    pub fn into_non_null(self) -> TypeRef {
        match self {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        }
    }
}

/// Validation rules taken from the schema; checked on requests only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `pattern`: an ECMAScript regular expression a string must match (only patterns that
    /// compile are kept).
    pub pattern: Option<String>,
    /// `minLength`, in characters.
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `minimum` (with `exclusiveMinimum`).
    pub minimum: Option<Bound>,
    /// `maximum` (with `exclusiveMaximum`).
    pub maximum: Option<Bound>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
}

/// A numeric bound: `minimum`/`maximum` and whether it is exclusive (OpenAPI 3.0's boolean
/// `exclusiveMinimum`/`exclusiveMaximum`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The bound itself.
    pub value: f64,
    /// `true`: the value must differ from the bound.
    pub exclusive: bool,
}

impl Constraints {
    /// Whether there is no rule at all.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// Whether any of these rules applies to a value of type `t` (a pattern or length to a
    /// string, bounds to a number, item counts to a list; nullable or not).
    pub fn apply_to(&self, t: &TypeRef) -> bool {
        match t.non_null() {
            TypeRef::String => {
                self.pattern.is_some() || self.min_length.is_some() || self.max_length.is_some()
            }
            TypeRef::Vec(_) => self.min_items.is_some() || self.max_items.is_some(),
            t if t.is_number() => self.minimum.is_some() || self.maximum.is_some(),
            _ => false,
        }
    }
}

/// A named type definition.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The schema's `description`, else its `title`.
    pub doc: Option<String>,
    /// Where the schema lives, for diagnostics and doc links.
    pub pointer: String,
    /// What the type is.
    pub kind: TypeKind,
}

/// What a named type is.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with named properties (its `allOf` members merged in).
    Struct(Struct),
    /// A string enum; unknown values are kept in an extra variant.
    Enum(Vec<EnumValue>),
    /// One of several variants chosen by a discriminator property.
    Tagged(Tagged),
    /// One of several variants with no discriminator; chosen by shape.
    Untagged(Vec<Variant>),
    /// An `anyOf` without discriminator whose members can match the same value: every
    /// member the value matches (one optional field per member, merged when encoded). Each
    /// variant's `rust_name` is its field's identifier (snake_case, unique in the type).
    AnyOf(Vec<Variant>),
    /// Another name for a type.
    Alias(TypeRef),
    /// A one-field wrapper struct (serde-transparent): used instead of an alias when the type
    /// refers to itself through a list or map, which a Rust type alias cannot.
    Newtype(TypeRef),
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields sorted by wire name.
    pub fields: Vec<Field>,
    /// Wire names of the properties the schema lists in `required` (its `allOf` members'
    /// lists first), in spec order, each once, only those that are fields: the order of the
    /// generated constructor's parameters (those of them that are [`Field::required`]).
    pub required_order: Vec<String>,
    /// `additionalProperties` next to named properties: kept in a flattened map.
    pub additional: Option<TypeRef>,
}

/// One property of an object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The property name in JSON.
    pub wire_name: String,
    /// The field's identifier (snake_case, unique in the struct).
    pub rust_name: String,
    /// The value's type: [`TypeRef::Nullable`] when the property allows `null`.
    pub ty: TypeRef,
    /// Present in every payload of every direction the type travels: a plain field in Rust
    /// (`Option<T>`, always sent, when the type is nullable). Required by the schema, not
    /// `readOnly`, and not `writeOnly` in a type decoded from answers (see
    /// [`crate::passes::directions`]).
    pub required: bool,
    /// Required by the schema and `writeOnly`, in a type both sent and decoded: optional in
    /// Rust (answers leave it out) but a request must set it (request validation checks).
    pub required_in_requests: bool,
    /// `readOnly: true`: set by the server. Such a field exists only in types decoded from
    /// answers, is optional, is never validated, and is never sent (left out of request
    /// bodies).
    pub read_only: bool,
    /// `writeOnly: true`: sent in requests, and optional in types decoded from answers.
    pub write_only: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Boxed to break a cycle of directly contained types (set by
    /// [`crate::passes::cycles`]).
    pub boxed: bool,
    /// The property's `description` (else its schema's), else `title`.
    pub doc: Option<String>,
    /// Validation rules of the property's schema.
    pub constraints: Constraints,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The value in JSON.
    pub wire: String,
    /// The variant's identifier (PascalCase, unique in the enum).
    pub rust_name: String,
}

/// A union chosen by a discriminator property.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// The discriminator property, as on the wire.
    pub property: String,
    /// One variant per discriminator value, mapped ones first.
    pub variants: Vec<Variant>,
}

/// One variant of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The variant's identifier (PascalCase, unique in the union).
    pub rust_name: String,
    /// The variant's payload type.
    pub ty: TypeRef,
    /// The discriminator value (tagged unions only).
    pub tag: Option<String>,
    /// Boxed to break a cycle of directly contained types.
    pub boxed: bool,
    /// For untagged unions: what the variant's objects look like (empty for tagged ones).
    pub shape: Shape,
}

/// The facts about an object variant used to pick it for a payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// Its properties (wire names, sorted).
    pub properties: Vec<String>,
    /// Those of its properties that are required.
    pub required: Vec<String>,
    /// Properties whose schema allows exactly one string value.
    pub consts: Vec<ShapeConst>,
}

/// A property whose schema allows exactly one string value (a one-value `enum`), which
/// singles out a variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeConst {
    /// The property (wire name).
    pub property: String,
    /// Its only value.
    pub value: String,
}

impl TypeKind {
    /// Named types this definition mentions.
    pub fn references(&self) -> Vec<&str> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| f.ty.named())
                .chain(s.additional.as_ref().and_then(TypeRef::named))
                .collect(),
            TypeKind::Enum(_) => Vec::new(),
            TypeKind::Tagged(t) => t.variants.iter().filter_map(|v| v.ty.named()).collect(),
            TypeKind::Untagged(vs) | TypeKind::AnyOf(vs) => {
                vs.iter().filter_map(|v| v.ty.named()).collect()
            }
            TypeKind::Alias(t) | TypeKind::Newtype(t) => t.named().into_iter().collect(),
        }
    }
}

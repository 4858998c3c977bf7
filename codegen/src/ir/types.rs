//! Types: named type definitions and the references to them.

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
            TypeKind::Untagged(vs) => vs.iter().filter_map(|v| v.ty.named()).collect(),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => t.named().into_iter().collect(),
        }
    }
}

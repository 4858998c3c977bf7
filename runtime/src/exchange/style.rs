//! Parameter values on the wire: OpenAPI 3.0 `style` and `explode`
//! ([OAS 3.0.4, Style Values](https://spec.openapis.org/oas/v3.0.4#style-values), which follow
//! [RFC 6570](https://www.rfc-editor.org/rfc/rfc6570) for `matrix`, `label`, `form` and
//! `simple`).
//!
//! A value is first reduced to what a style can write ([`Shape`]: nothing, one primitive, a
//! list of primitives, or an object's name/value pairs) by serializing it with serde, so a
//! generated type is written the same whether a parameter names it inline or through a
//! `$ref`: a string enum is its wire value, a union of scalars (`oneOf: [integer, string]`)
//! the value it holds, a struct its properties in declaration order, `None` nothing at all.
//! Then [`Style`] writes the shape, percent-encoding each value (never a delimiter the style
//! adds), for the place it goes:
//!
//! | `style` | `explode` | `""` | `"blue"` | `["blue","black","brown"]` | `{"R":100,"G":200,"B":150}` |
//! |---|---|---|---|---|---|
//! | `matrix` | false | `;color` | `;color=blue` | `;color=blue,black,brown` | `;color=R,100,G,200,B,150` |
//! | `matrix` | true | `;color` | `;color=blue` | `;color=blue;color=black;color=brown` | `;R=100;G=200;B=150` |
//! | `label` | false | `.` | `.blue` | `.blue,black,brown` | `.R,100,G,200,B,150` |
//! | `label` | true | `.` | `.blue` | `.blue.black.brown` | `.R=100.G=200.B=150` |
//! | `form` | false | `color=` | `color=blue` | `color=blue,black,brown` | `color=R,100,G,200,B,150` |
//! | `form` | true | `color=` | `color=blue` | `color=blue&color=black&color=brown` | `R=100&G=200&B=150` |
//! | `simple` | false | `` | `blue` | `blue,black,brown` | `R,100,G,200,B,150` |
//! | `simple` | true | `` | `blue` | `blue,black,brown` | `R=100,G=200,B=150` |
//! | `spaceDelimited` | false | | | `color=blue%20black%20brown` | `color=R%20100%20G%20200%20B%20150` |
//! | `pipeDelimited` | false | | | `color=blue\|black\|brown` | `color=R\|100\|G\|200\|B\|150` |
//! | `deepObject` | true | | | | `color[R]=100&color[G]=200&color[B]=150` |
//!
//! (This is OAS 3.0.4's table, which corrects 3.0.3's `label`, `explode: false` row to RFC
//! 6570's commas and its `pipeDelimited` object typo.) Where the specification leaves a case
//! undefined, the style falls back to `form`: a primitive in `spaceDelimited`,
//! `pipeDelimited` or `deepObject`, and a list with `explode: true` in the delimited styles
//! or in `deepObject` are written as `form` with the same `explode`. An empty list or object
//! is undefined in RFC 6570 terms: the parameter is left out (in a path: nothing is written).
//!
//! A value nested deeper than these shapes (a list of lists, an object with an object
//! property) has no defined serialization and is refused before sending
//! ([`Error::Validation`], rule `style`).

use std::fmt::{self, Display};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::ser::{self, Impossible, Serialize};

use crate::error::{Error, ValidationErrors, ValidationIssue};

/// How a parameter value is written: the OpenAPI 3.0 `style`, with its `explode` flag.
///
/// The defaults of OpenAPI 3.0 are `Form { explode: true }` for query and cookie parameters
/// and `Simple { explode: false }` for path and header parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `simple` (RFC 6570 `{x}`): path and header parameters.
    Simple {
        /// `explode`: an object's pairs as `k=v` instead of `k,v`.
        explode: bool,
    },
    /// `label` (RFC 6570 `{.x}`): path parameters, with a leading `.`.
    Label {
        /// `explode`: list items and object pairs separated by `.` instead of `,`.
        explode: bool,
    },
    /// `matrix` (RFC 6570 `{;x}`): path parameters, as `;name=value`.
    Matrix {
        /// `explode`: one `;name=item` per list item, one `;k=v` per object pair.
        explode: bool,
    },
    /// `form` (RFC 6570 `{?x}`): query and cookie parameters, as `name=value`.
    Form {
        /// `explode`: one `name=item` per list item, one `k=v` per object pair.
        explode: bool,
    },
    /// `spaceDelimited`: a list (or an object's pairs) joined by `%20`.
    SpaceDelimited {
        /// `explode`: as `form` with `explode: true`.
        explode: bool,
    },
    /// `pipeDelimited`: a list (or an object's pairs) joined by `|`.
    PipeDelimited {
        /// `explode`: as `form` with `explode: true`.
        explode: bool,
    },
    /// `deepObject`: an object as `name[k]=v` pairs.
    DeepObject,
}

/// A parameter value reduced to what a style can write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// No value (`None`): nothing is sent.
    Absent,
    /// One string, number, boolean or enum value, as text.
    Primitive(String),
    /// A list of primitives, as text.
    Array(Vec<String>),
    /// An object's properties (or a map's entries), as text, in serialization order.
    Object(Vec<(String, String)>),
}

/// Everything but the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`): what a value
/// or name is percent-encoded against, unless `allowReserved` applies.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// [`UNRESERVED`] that also leaves RFC 3986 reserved characters (`:/?#[]@!$&'()*+,;=`) as
/// they are: `allowReserved: true` of a query parameter.
const RESERVED_ALLOWED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'#')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// How the text of a name or value is escaped where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escape {
    /// Percent-encoded against [`UNRESERVED`] (paths, queries, cookies).
    Percent,
    /// Percent-encoded, reserved characters kept (`allowReserved`).
    Reserved,
    /// Written as it is (headers: a header value is not a URL component; the transport
    /// refuses characters a header cannot hold).
    None,
}

impl Escape {
    fn write(self, out: &mut String, text: &str) {
        use fmt::Write;
        match self {
            Escape::Percent => {
                let _ = write!(out, "{}", utf8_percent_encode(text, UNRESERVED));
            }
            Escape::Reserved => {
                let _ = write!(out, "{}", utf8_percent_encode(text, RESERVED_ALLOWED));
            }
            Escape::None => out.push_str(text),
        }
    }
}

impl Shape {
    /// Reduces `value` to a shape (see the module docs). Fails for values nested deeper than
    /// a list of primitives or an object of primitives, and for byte strings.
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Result<Shape, ShapeError> {
        value.serialize(ShapeSerializer)
    }
}

/// Writes `shape` of parameter `name` in `style`, as one piece of a query string (pairs
/// joined by `&`, no leading `?`), of a path (with the style's leading `.` or `;`), or of a
/// header or cookie value. `None` when nothing is to be sent.
pub(crate) fn write(shape: &Shape, name: &str, style: Style, escape: Escape) -> Option<String> {
    let mut out = String::new();
    let value = |out: &mut String, text: &str| escape.write(out, text);
    // Names are always percent-encoded in URLs; in a header they are written as they are.
    let key = |out: &mut String, text: &str| match escape {
        Escape::None => out.push_str(text),
        _ => Escape::Percent.write(out, text),
    };
    let pair = |out: &mut String, k: &str, v: &str, eq: char| {
        key(out, k);
        out.push(eq);
        value(out, v);
    };
    let join = |out: &mut String, items: &mut dyn Iterator<Item = &str>, sep: &str| {
        for (i, item) in items.enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            value(out, item);
        }
    };

    match (shape, style) {
        (Shape::Absent, _) => return None,
        (Shape::Array(items), _) if items.is_empty() => {
            return is_path(style).then(String::new);
        }
        (Shape::Object(pairs), _) if pairs.is_empty() => {
            return is_path(style).then(String::new);
        }

        // simple
        (Shape::Primitive(p), Style::Simple { .. }) => value(&mut out, p),
        (Shape::Array(items), Style::Simple { .. }) => {
            join(&mut out, &mut items.iter().map(String::as_str), ",")
        }
        (Shape::Object(pairs), Style::Simple { explode: false }) => {
            join(&mut out, &mut flat(pairs), ",")
        }
        (Shape::Object(pairs), Style::Simple { explode: true }) => {
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                pair(&mut out, k, v, '=');
            }
        }

        // label
        (Shape::Primitive(p), Style::Label { .. }) => {
            out.push('.');
            value(&mut out, p);
        }
        (Shape::Array(items), Style::Label { explode }) => {
            out.push('.');
            let sep = if explode { "." } else { "," };
            join(&mut out, &mut items.iter().map(String::as_str), sep);
        }
        (Shape::Object(pairs), Style::Label { explode: false }) => {
            out.push('.');
            join(&mut out, &mut flat(pairs), ",");
        }
        (Shape::Object(pairs), Style::Label { explode: true }) => {
            for (k, v) in pairs {
                out.push('.');
                pair(&mut out, k, v, '=');
            }
        }

        // matrix
        (Shape::Primitive(p), Style::Matrix { .. }) => {
            out.push(';');
            key(&mut out, name);
            if !p.is_empty() {
                out.push('=');
                value(&mut out, p);
            }
        }
        (Shape::Array(items), Style::Matrix { explode: false }) => {
            out.push(';');
            key(&mut out, name);
            out.push('=');
            join(&mut out, &mut items.iter().map(String::as_str), ",");
        }
        (Shape::Array(items), Style::Matrix { explode: true }) => {
            for item in items {
                out.push(';');
                pair(&mut out, name, item, '=');
            }
        }
        (Shape::Object(pairs), Style::Matrix { explode: false }) => {
            out.push(';');
            key(&mut out, name);
            out.push('=');
            join(&mut out, &mut flat(pairs), ",");
        }
        (Shape::Object(pairs), Style::Matrix { explode: true }) => {
            for (k, v) in pairs {
                out.push(';');
                pair(&mut out, k, v, '=');
            }
        }

        // delimited: lists and objects joined by their delimiter under one name
        (Shape::Array(items), Style::SpaceDelimited { explode: false }) => {
            key(&mut out, name);
            out.push('=');
            join(&mut out, &mut items.iter().map(String::as_str), "%20");
        }
        (Shape::Object(pairs), Style::SpaceDelimited { explode: false }) => {
            key(&mut out, name);
            out.push('=');
            join(&mut out, &mut flat(pairs), "%20");
        }
        (Shape::Array(items), Style::PipeDelimited { explode: false }) => {
            key(&mut out, name);
            out.push('=');
            join(&mut out, &mut items.iter().map(String::as_str), "|");
        }
        (Shape::Object(pairs), Style::PipeDelimited { explode: false }) => {
            key(&mut out, name);
            out.push('=');
            join(&mut out, &mut flat(pairs), "|");
        }

        // deepObject
        (Shape::Object(pairs), Style::DeepObject) => {
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push('&');
                }
                key(&mut out, name);
                out.push('[');
                key(&mut out, k);
                out.push_str("]=");
                value(&mut out, v);
            }
        }

        // form, and what the other query styles leave undefined
        (shape, Style::Form { explode })
        | (shape, Style::SpaceDelimited { explode } | Style::PipeDelimited { explode }) => {
            form(&mut out, shape, name, explode, escape)
        }
        (shape, Style::DeepObject) => form(&mut out, shape, name, true, escape),
    }
    Some(out)
}

/// An object's pairs as one list: `k1, v1, k2, v2, …`.
fn flat(pairs: &[(String, String)]) -> impl Iterator<Item = &str> {
    pairs.iter().flat_map(|(k, v)| [k.as_str(), v.as_str()])
}

/// `form` style (`name=value` pairs joined by `&`).
fn form(out: &mut String, shape: &Shape, name: &str, explode: bool, escape: Escape) {
    let key = |out: &mut String, text: &str| match escape {
        Escape::None => out.push_str(text),
        _ => Escape::Percent.write(out, text),
    };
    match shape {
        Shape::Absent => {}
        Shape::Primitive(p) => {
            key(out, name);
            out.push('=');
            escape.write(out, p);
        }
        Shape::Array(items) if explode => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('&');
                }
                key(out, name);
                out.push('=');
                escape.write(out, item);
            }
        }
        Shape::Array(items) => {
            key(out, name);
            out.push('=');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                escape.write(out, item);
            }
        }
        Shape::Object(pairs) if explode => {
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push('&');
                }
                key(out, k);
                out.push('=');
                escape.write(out, v);
            }
        }
        Shape::Object(pairs) => {
            key(out, name);
            out.push('=');
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                escape.write(out, k);
                out.push(',');
                escape.write(out, v);
            }
        }
    }
}

fn is_path(style: Style) -> bool {
    matches!(
        style,
        Style::Simple { .. } | Style::Label { .. } | Style::Matrix { .. }
    )
}

/// Serializes `value` of parameter `name` in `style`; a value with no defined serialization
/// is a validation error naming the parameter (nothing is sent).
pub(crate) fn render<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    escape: Escape,
) -> Result<Option<String>, Error> {
    let shape = Shape::of(value).map_err(|e| {
        Error::Validation(ValidationErrors {
            issues: vec![ValidationIssue {
                field: name.to_owned(),
                rule: "style",
                message: format!("{} cannot be written in style {style:?}", e.0),
            }],
        })
    })?;
    Ok(write(&shape, name, style, escape))
}

/// Why a value has no [`Shape`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError(pub String);

impl Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ShapeError {}

impl ser::Error for ShapeError {
    fn custom<T: Display>(msg: T) -> Self {
        ShapeError(msg.to_string())
    }
}

fn nested() -> ShapeError {
    ShapeError("a value nested in a list or object".to_owned())
}

/// Serializes a parameter value into a [`Shape`].
struct ShapeSerializer;

/// Serializes one item of a list or one property value into its text (`None`: absent).
struct ItemSerializer;

macro_rules! display_scalars {
    ($ok:expr; $($method:ident($t:ty)),*) => {
        $(fn $method(self, v: $t) -> Result<Self::Ok, ShapeError> {
            Ok($ok(v.to_string()))
        })*
    };
}

impl ser::Serializer for ShapeSerializer {
    type Ok = Shape;
    type Error = ShapeError;
    type SerializeSeq = SeqShape;
    type SerializeTuple = SeqShape;
    type SerializeTupleStruct = SeqShape;
    type SerializeTupleVariant = Impossible<Shape, ShapeError>;
    type SerializeMap = MapShape;
    type SerializeStruct = MapShape;
    type SerializeStructVariant = Impossible<Shape, ShapeError>;

    display_scalars!(Shape::Primitive;
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_i128(i128), serialize_u8(u8), serialize_u16(u16),
        serialize_u32(u32), serialize_u64(u64), serialize_u128(u128), serialize_f32(f32),
        serialize_f64(f64), serialize_char(char), serialize_str(&str));

    fn serialize_bytes(self, _: &[u8]) -> Result<Shape, ShapeError> {
        Err(ShapeError("a byte string".to_owned()))
    }
    fn serialize_none(self) -> Result<Shape, ShapeError> {
        Ok(Shape::Absent)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Shape, ShapeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Shape, ShapeError> {
        Ok(Shape::Absent)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Shape, ShapeError> {
        Ok(Shape::Absent)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Shape, ShapeError> {
        Ok(Shape::Primitive(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Shape, ShapeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: &T,
    ) -> Result<Shape, ShapeError> {
        Err(ShapeError(format!(
            "an externally tagged variant `{variant}`"
        )))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqShape, ShapeError> {
        Ok(SeqShape(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqShape, ShapeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqShape, ShapeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ShapeError> {
        Err(ShapeError(format!("a tuple variant `{variant}`")))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapShape, ShapeError> {
        Ok(MapShape {
            pairs: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapShape, ShapeError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ShapeError> {
        Err(ShapeError(format!("a struct variant `{variant}`")))
    }
}

/// The items of a list.
pub(crate) struct SeqShape(Vec<String>);

impl SeqShape {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        // A `null` item has no text: it is left out.
        if let Some(text) = value.serialize(ItemSerializer)? {
            self.0.push(text);
        }
        Ok(())
    }
}

impl ser::SerializeSeq for SeqShape {
    type Ok = Shape;
    type Error = ShapeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        self.push(value)
    }
    fn end(self) -> Result<Shape, ShapeError> {
        Ok(Shape::Array(self.0))
    }
}

impl ser::SerializeTuple for SeqShape {
    type Ok = Shape;
    type Error = ShapeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        self.push(value)
    }
    fn end(self) -> Result<Shape, ShapeError> {
        Ok(Shape::Array(self.0))
    }
}

impl ser::SerializeTupleStruct for SeqShape {
    type Ok = Shape;
    type Error = ShapeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        self.push(value)
    }
    fn end(self) -> Result<Shape, ShapeError> {
        Ok(Shape::Array(self.0))
    }
}

/// The pairs of an object or map.
pub(crate) struct MapShape {
    pairs: Vec<(String, String)>,
    key: Option<String>,
}

impl MapShape {
    fn value<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), ShapeError> {
        // An absent property (`None` not skipped by serde) is left out, as in JSON bodies
        // that skip it.
        if let Some(text) = value.serialize(ItemSerializer)? {
            self.pairs.push((key, text));
        }
        Ok(())
    }
}

impl ser::SerializeMap for MapShape {
    type Ok = Shape;
    type Error = ShapeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ShapeError> {
        self.key = Some(
            key.serialize(ItemSerializer)?
                .ok_or_else(|| ShapeError("a map key that is null".to_owned()))?,
        );
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ShapeError("a map value without a key".to_owned()))?;
        self.value(key, value)
    }
    fn end(self) -> Result<Shape, ShapeError> {
        Ok(Shape::Object(self.pairs))
    }
}

impl ser::SerializeStruct for MapShape {
    type Ok = Shape;
    type Error = ShapeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), ShapeError> {
        self.value(key.to_owned(), value)
    }
    fn end(self) -> Result<Shape, ShapeError> {
        Ok(Shape::Object(self.pairs))
    }
}

impl ser::Serializer for ItemSerializer {
    type Ok = Option<String>;
    type Error = ShapeError;
    type SerializeSeq = Impossible<Option<String>, ShapeError>;
    type SerializeTuple = Impossible<Option<String>, ShapeError>;
    type SerializeTupleStruct = Impossible<Option<String>, ShapeError>;
    type SerializeTupleVariant = Impossible<Option<String>, ShapeError>;
    type SerializeMap = Impossible<Option<String>, ShapeError>;
    type SerializeStruct = Impossible<Option<String>, ShapeError>;
    type SerializeStructVariant = Impossible<Option<String>, ShapeError>;

    display_scalars!(Some;
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_i128(i128), serialize_u8(u8), serialize_u16(u16),
        serialize_u32(u32), serialize_u64(u64), serialize_u128(u128), serialize_f32(f32),
        serialize_f64(f64), serialize_char(char), serialize_str(&str));

    fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok, ShapeError> {
        Err(ShapeError("a byte string".to_owned()))
    }
    fn serialize_none(self) -> Result<Self::Ok, ShapeError> {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, ShapeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, ShapeError> {
        Ok(None)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, ShapeError> {
        Ok(None)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, ShapeError> {
        Ok(Some(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, ShapeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, ShapeError> {
        Err(nested())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, ShapeError> {
        Err(nested())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ShapeError> {
        Err(nested())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, ShapeError> {
        Err(nested())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ShapeError> {
        Err(nested())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ShapeError> {
        Err(nested())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, ShapeError> {
        Err(nested())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ShapeError> {
        Err(nested())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn color(value: serde_json::Value, style: Style, escape: Escape) -> Option<String> {
        let shape = Shape::of(&value).unwrap();
        write(&shape, "color", style, escape)
    }

    /// OAS 3.0.4 "Style Examples" (3.0.3's table with its `label` and `pipeDelimited`
    /// errata corrected to RFC 6570), row by row. Path styles are written as in the path,
    /// query styles as a query string piece.
    #[test]
    fn the_specification_table() {
        use Style::*;
        let empty = json!("");
        let string = json!("blue");
        let array = json!(["blue", "black", "brown"]);
        let object = json!({"R": 100, "G": 200, "B": 150});
        // serde_json sorts object keys; the table's order is R, G, B.
        let object = {
            let mut shape = Shape::of(&object).unwrap();
            if let Shape::Object(pairs) = &mut shape {
                pairs.sort_by_key(|(k, _)| match k.as_str() {
                    "R" => 0,
                    "G" => 1,
                    _ => 2,
                });
            }
            shape
        };
        let p = Escape::Percent;
        /// A style, then what it writes for `""`, `"blue"`, the array and the object.
        type Row<'a> = (Style, Option<&'a str>, Option<&'a str>, &'a str, &'a str);
        let rows: [Row<'_>; 11] = [
            (
                Matrix { explode: false },
                Some(";color"),
                Some(";color=blue"),
                ";color=blue,black,brown",
                ";color=R,100,G,200,B,150",
            ),
            (
                Matrix { explode: true },
                Some(";color"),
                Some(";color=blue"),
                ";color=blue;color=black;color=brown",
                ";R=100;G=200;B=150",
            ),
            (
                Label { explode: false },
                Some("."),
                Some(".blue"),
                ".blue,black,brown",
                ".R,100,G,200,B,150",
            ),
            (
                Label { explode: true },
                Some("."),
                Some(".blue"),
                ".blue.black.brown",
                ".R=100.G=200.B=150",
            ),
            (
                Form { explode: false },
                Some("color="),
                Some("color=blue"),
                "color=blue,black,brown",
                "color=R,100,G,200,B,150",
            ),
            (
                Form { explode: true },
                Some("color="),
                Some("color=blue"),
                "color=blue&color=black&color=brown",
                "R=100&G=200&B=150",
            ),
            (
                Simple { explode: false },
                None,
                Some("blue"),
                "blue,black,brown",
                "R,100,G,200,B,150",
            ),
            (
                Simple { explode: true },
                None,
                Some("blue"),
                "blue,black,brown",
                "R=100,G=200,B=150",
            ),
            (
                SpaceDelimited { explode: false },
                None,
                None,
                "color=blue%20black%20brown",
                "color=R%20100%20G%20200%20B%20150",
            ),
            (
                PipeDelimited { explode: false },
                None,
                None,
                "color=blue|black|brown",
                "color=R|100|G|200|B|150",
            ),
            (
                DeepObject,
                None,
                None,
                "",
                "color[R]=100&color[G]=200&color[B]=150",
            ),
        ];
        for (style, e, s, a, o) in rows {
            if let Some(e) = e {
                assert_eq!(
                    color(empty.clone(), style, p).as_deref(),
                    Some(e),
                    "{style:?}"
                );
            }
            if let Some(s) = s {
                assert_eq!(
                    color(string.clone(), style, p).as_deref(),
                    Some(s),
                    "{style:?}"
                );
            }
            if style != DeepObject {
                assert_eq!(
                    color(array.clone(), style, p).as_deref(),
                    Some(a),
                    "{style:?}"
                );
            }
            assert_eq!(
                write(&object, "color", style, p).as_deref(),
                Some(o),
                "{style:?}"
            );
        }
    }

    #[test]
    fn values_are_encoded_and_delimiters_are_not() {
        let p = Escape::Percent;
        let v = json!(["a b", "c,d", "é/"]);
        assert_eq!(
            color(v.clone(), Style::Form { explode: false }, p).unwrap(),
            "color=a%20b,c%2Cd,%C3%A9%2F"
        );
        assert_eq!(
            color(v.clone(), Style::Form { explode: false }, Escape::Reserved).unwrap(),
            "color=a%20b,c,d,%C3%A9/"
        );
        assert_eq!(
            color(v.clone(), Style::Simple { explode: false }, Escape::None).unwrap(),
            "a b,c,d,é/"
        );
        assert_eq!(
            color(json!({"a b": "x&y"}), Style::DeepObject, p).unwrap(),
            "color[a%20b]=x%26y"
        );
    }

    #[test]
    fn absent_and_empty_values() {
        let p = Escape::Percent;
        assert_eq!(color(json!(null), Style::Form { explode: true }, p), None);
        assert_eq!(color(json!([]), Style::Form { explode: true }, p), None);
        assert_eq!(color(json!({}), Style::DeepObject, p), None);
        assert_eq!(
            color(json!([]), Style::Simple { explode: false }, p).as_deref(),
            Some("")
        );
        // A null item or property is left out.
        assert_eq!(
            color(json!(["a", null]), Style::Form { explode: true }, p).unwrap(),
            "color=a"
        );
    }

    #[test]
    fn undefined_cases_fall_back_to_form() {
        let p = Escape::Percent;
        assert_eq!(
            color(json!("x"), Style::PipeDelimited { explode: false }, p).unwrap(),
            "color=x"
        );
        assert_eq!(
            color(
                json!(["a", "b"]),
                Style::SpaceDelimited { explode: true },
                p
            )
            .unwrap(),
            "color=a&color=b"
        );
        assert_eq!(
            color(json!(["a", "b"]), Style::DeepObject, p).unwrap(),
            "color=a&color=b"
        );
    }

    #[test]
    fn typed_values() {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Point {
            lat_deg: f64,
            #[serde(skip_serializing_if = "Option::is_none")]
            label: Option<String>,
            kind: Kind,
        }
        #[derive(serde::Serialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        enum Kind {
            SeaLevel,
        }
        #[derive(serde::Serialize)]
        #[serde(untagged)]
        enum Id {
            Number(i64),
            #[allow(dead_code)]
            Name(String),
        }
        assert_eq!(
            Shape::of(&Point {
                lat_deg: 1.5,
                label: None,
                kind: Kind::SeaLevel
            })
            .unwrap(),
            Shape::Object(vec![
                ("latDeg".into(), "1.5".into()),
                ("kind".into(), "SEA_LEVEL".into())
            ])
        );
        assert_eq!(
            Shape::of(&Id::Number(7)).unwrap(),
            Shape::Primitive("7".into())
        );
        assert_eq!(Shape::of(&None::<u8>).unwrap(), Shape::Absent);
        assert!(Shape::of(&vec![vec![1]]).is_err());
        assert!(Shape::of(&json!({"a": {"b": 1}})).is_err());
    }

    #[test]
    fn a_value_without_a_serialization_is_a_validation_error() {
        let err = render(
            "ids",
            &vec![vec![1]],
            Style::Form { explode: true },
            Escape::Percent,
        )
        .unwrap_err();
        match err {
            Error::Validation(v) => {
                assert_eq!(v.issues[0].field, "ids");
                assert_eq!(v.issues[0].rule, "style");
            }
            other => panic!("{other:?}"),
        }
    }
}

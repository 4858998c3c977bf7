//! Macros for the impls every generated string enum, union and request builder shares.

/// The impls every generated string enum has in common, written once here instead of in
/// every enum, from its `Variant = "value"` pairs (the spec's values, in spec order):
///
/// - `VALUES` (the values) and `as_str` (the wire value: a known variant's value, or the text
///   an `Unknown` holds);
/// - `Display`, `From<&str>` and `FromStr` (a known value becomes its variant, any other is
///   kept in `Unknown`; values are compared byte for byte);
/// - `Serialize` (the wire value as a string) and `Deserialize` (a JSON string, read the way
///   `From<&str>` reads it, borrowed from the input where the deserializer allows
///   ([`de::wire_str`](crate::de::wire_str)); any other JSON type is an error);
/// - [`Validate`](crate::validate::Validate) (an `Unknown` value is rejected in requests,
///   unless the client allows unknown values:
///   [`ClientBuilder::allow_unknown_enum_values`](crate::ClientBuilder::allow_unknown_enum_values)).
///
/// The enum must have a unit variant per pair and an `Unknown(String)` variant, as generated
/// enums do:
///
/// ```
/// #[derive(Clone, Debug, PartialEq)]
/// pub enum Provider {
///     Aws,
///     Gcp,
///     Unknown(String),
/// }
///
/// atlas_admin_runtime::string_enum_impls!(Provider; Aws = "AWS", Gcp = "GCP-2");
///
/// assert_eq!(Provider::VALUES, ["AWS", "GCP-2"]);
/// assert_eq!(Provider::Gcp.as_str(), "GCP-2");
/// assert_eq!(Provider::from("AWS"), Provider::Aws);
/// assert_eq!("IBM".parse::<Provider>().unwrap(), Provider::Unknown("IBM".into()));
/// assert_eq!(Provider::Unknown("IBM".into()).to_string(), "IBM");
/// assert_eq!(serde_json::from_str::<Provider>(r#""GCP-2""#).unwrap(), Provider::Gcp);
/// assert_eq!(serde_json::to_string(&Provider::Unknown("IBM".into())).unwrap(), r#""IBM""#);
/// ```
#[macro_export]
macro_rules! string_enum_impls {
    ($name:ident; $($variant:ident = $value:literal),* $(,)?) => {
        impl $name {
            /// The values the spec lists, in spec order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }

            /// The variant of a wire value: a known one, else `Unknown` (taking an owned
            /// value as it is).
            fn from_wire(value: ::std::borrow::Cow<'_, str>) -> Self {
                match &*value {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown(value.into_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_wire(::std::borrow::Cow::Borrowed(value))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::de::wire_str(deserializer).map(Self::from_wire)
            }
        }

        impl $crate::validate::Validate for $name {
            fn validate(
                &self,
                path: &$crate::validate::Path<'_>,
                v: &mut $crate::validate::Validator,
            ) {
                v.known_enum(
                    path,
                    !::core::matches!(self, Self::Unknown(_)),
                    self.as_str(),
                    Self::VALUES,
                );
            }
        }
    };
}

/// `send()`, `send_with_response()` and `.await` (`IntoFuture`) for a generated request
/// builder `Builder<'a>` that implements [`Operation`](crate::Operation):
/// `operation!(CreateCluster)`. See [`operation`](mod@crate::operation) for an example.
///
/// - `send()` and `.await` give the decoded body
///   ([`operation::send_request`](crate::operation::send_request));
/// - `send_with_response()` gives it with the status and headers, as a
///   [`Response<Output>`](crate::Response)
///   ([`operation::send_request_with_response`](crate::operation::send_request_with_response)).
///
/// Each validates and builds the request when called and returns a boxed future generic over
/// the output type only, so an operation adds no future type of its own.
#[macro_export]
macro_rules! operation {
    ($builder:ident) => {
        impl<'a> $builder<'a> {
            /// Validates the arguments, sends the request and decodes the answer.
            pub fn send(
                self,
            ) -> $crate::BoxFuture<
                'a,
                ::std::result::Result<<Self as $crate::Operation>::Output, $crate::Error>,
            > {
                $crate::operation::send_request(
                    $crate::Operation::transport(&self),
                    $crate::Operation::request(&self),
                    <Self as $crate::Operation>::decode,
                )
            }

            /// Like `send()`, with the answer's status and headers (rate limits, request id):
            /// `response.status()`, `response.headers()`, `response.rate_limit()`, then
            /// `response.into_inner()` for the decoded body.
            pub fn send_with_response(
                self,
            ) -> $crate::BoxFuture<
                'a,
                ::std::result::Result<
                    $crate::Response<<Self as $crate::Operation>::Output>,
                    $crate::Error,
                >,
            > {
                $crate::operation::send_request_with_response(
                    $crate::Operation::transport(&self),
                    $crate::Operation::request(&self),
                    <Self as $crate::Operation>::decode,
                )
            }
        }

        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = ::std::result::Result<<Self as $crate::Operation>::Output, $crate::Error>;
            type IntoFuture = $crate::BoxFuture<'a, Self::Output>;
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}

/// `From` each variant's payload for a generated union (`oneOf`), so a variant's value can be
/// passed where the union is expected: `union_from!(Endpoint; Aws(AwsEndpoint), Gcp(GcpEndpoint))`
/// is `impl From<AwsEndpoint> for Endpoint` (→ `Endpoint::Aws`) and the same for `Gcp`.
#[macro_export]
macro_rules! union_from {
    ($name:ident; $($variant:ident($payload:ty)),* $(,)?) => {
        $(
            impl ::std::convert::From<$payload> for $name {
                fn from(value: $payload) -> Self {
                    Self::$variant(value)
                }
            }
        )*
    };
}

/// The `Deserialize` impl of a generated struct, through the runtime's shared visitor
/// ([`de::DeserializeStruct`](crate::de::DeserializeStruct)) instead of
/// `#[derive(Deserialize)]`: `deserialize_struct!(Name { INDEX => field = KIND("wire"), … })`,
/// one entry per field in field order (`INDEX` counts from 0; `KIND` is `required` — a missing
/// property is a `missing field` error — or `optional` — missing is the field's `Default`:
/// `None`, `Nullable::Absent`), then, for a struct with `additionalProperties`,
/// `..field` naming its `BTreeMap<String, V>`, which gets every key not in the list.
///
/// A key not in the list is skipped (without `..field`), a key given twice is a
/// `duplicate field` error, as with the derive. Unlike the derive, a struct is not read from a
/// sequence of its fields (`["AWS", null, null]`). The macro writes `Deserialize` (one call to
/// [`de::deserialize_struct`](crate::de::deserialize_struct)) and
/// [`DeserializeStruct`](crate::de::DeserializeStruct): the wire names, a `match` from a key
/// to its index, and a `visit_map` with one slot per field.
///
/// ```
/// use std::collections::BTreeMap;
/// use atlas_admin_runtime::Nullable;
///
/// #[derive(Debug, PartialEq)]
/// pub struct Endpoint {
///     pub r#type: String,
///     pub region_name: Option<String>,
///     pub comment: Nullable<String>,
/// }
/// atlas_admin_runtime::deserialize_struct!(Endpoint {
///     0 => r#type = required("type"),
///     1 => region_name = optional("regionName"),
///     2 => comment = optional("comment"),
/// });
///
/// let e: Endpoint = serde_json::from_str(r#"{"type":"AWS","comment":null,"x":[1]}"#).unwrap();
/// assert_eq!(e, Endpoint { r#type: "AWS".into(), region_name: None, comment: Nullable::Null });
/// let err = serde_json::from_str::<Endpoint>(r#"{"regionName":"EU"}"#).unwrap_err();
/// assert_eq!(err.to_string(), "missing field `type` at line 1 column 19");
///
/// #[derive(Debug, PartialEq)]
/// pub struct Labels {
///     pub name: String,
///     pub additional_properties: BTreeMap<String, i64>,
/// }
/// atlas_admin_runtime::deserialize_struct!(Labels { 0 => name = required("name") } ..additional_properties);
///
/// let l: Labels = serde_json::from_str(r#"{"a":1,"name":"n","b":2}"#).unwrap();
/// assert_eq!(l.additional_properties, BTreeMap::from([("a".into(), 1), ("b".into(), 2)]));
/// ```
#[macro_export]
macro_rules! deserialize_struct {
    ($name:ident { $($index:literal => $field:ident = $kind:ident($wire:literal)),* $(,)? }) => {
        $crate::deserialize_struct!(@impl $name; [$($index => $wire),*]; map;
            $crate::de::FieldSeed::<Self>::new();
            |key| match key {
                $($index => $crate::de::next_field(&mut map, &mut $field, $wire),)*
                _ => $crate::de::skip_value(&mut map),
            };
            $($field = $kind($wire)),*
        );
    };
    ($name:ident { $($index:literal => $field:ident = $kind:ident($wire:literal)),* $(,)? } ..$additional:ident) => {
        $crate::deserialize_struct!(@impl $name; [$($index => $wire),*]; map;
            $crate::de::FieldOrOtherSeed::<Self>::new();
            |key| match key {
                $(::std::result::Result::Ok($index) => $crate::de::next_field(&mut map, &mut $field, $wire),)*
                ::std::result::Result::Ok(_) => $crate::de::skip_value(&mut map),
                ::std::result::Result::Err(key) => $crate::de::next_other(&mut map, &mut $additional, key),
            };
            $($field = $kind($wire)),*;
            $additional
        );
    };
    // A field's value once every key has been read. Only a required field can fail, and it
    // fails with a plain `match` rather than `?`: a `?` per field (here and after each key's
    // read) cost the type and borrow checkers much of a large crate's `cargo check` (README,
    // Benchmarks, "The `?` and pagination cuts").
    (@take required $field:ident $wire:literal) => {
        match $field {
            ::std::option::Option::Some(value) => value,
            ::std::option::Option::None => {
                return ::std::result::Result::Err($crate::serde::de::Error::missing_field($wire))
            }
        }
    };
    (@take optional $field:ident $wire:literal) => {
        $crate::de::absent_as_default($field)
    };
    (@take nullable $field:ident $wire:literal) => {
        $crate::de::absent_as_default($field)
    };
    (@take read_only $field:ident $wire:literal) => {
        $crate::de::absent_as_default($field)
    };
    (@impl $name:ident; [$($indexes:literal => $wires:literal),*]; $map:ident; $seed:expr; |$key:ident| $dispatch:expr;
        $($field:ident = $kind:ident($wire:literal)),*
        $(; $additional:ident)?
    ) => {
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::de::deserialize_struct(deserializer)
            }
        }

        impl $crate::de::DeserializeStruct for $name {
            const NAME: &'static str = ::core::stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wires),*];

            fn field(key: &str) -> ::std::option::Option<usize> {
                match key {
                    $($wires => ::std::option::Option::Some($indexes),)*
                    _ => ::std::option::Option::None,
                }
            }

            fn visit_map<'de, A: $crate::serde::de::MapAccess<'de>>(
                mut $map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                $(let mut $additional = ::std::collections::BTreeMap::new();)?
                while let ::std::option::Option::Some($key) =
                    $crate::serde::de::MapAccess::next_key_seed(&mut $map, $seed)?
                {
                    $dispatch?;
                }
                ::std::result::Result::Ok(Self {
                    $($field: $crate::deserialize_struct!(@take $kind $field $wire),)*
                    $($additional,)?
                })
            }
        }
    };
}

/// The `Serialize` and `Deserialize` impls of a generated struct, from one list of its fields,
/// instead of `#[derive(Serialize)]` with serde attributes and a
/// [`deserialize_struct!`](crate::deserialize_struct) line: `serde_struct!(Name { INDEX =>
/// field = KIND("wire"), … })`, one entry per field in field order (`INDEX` counts from 0),
/// then, for a struct with `additionalProperties`, `..field` naming its
/// `BTreeMap<String, V>`. `KIND` says how the field is decoded and encoded:
///
/// | `KIND` | field | missing on decode | encoded |
/// |---|---|---|---|
/// | `required` | required: `T` | `missing field` error | always |
/// | `nullable` | required, `nullable`: `Option<T>` | `None` | always (`None` as `null`) |
/// | `optional` | optional: `Option<T>`, `Nullable<T>` | `None`, `Absent` | unless absent |
/// | `read_only` | optional `readOnly` in a type that is sent | `None`, `Absent` | unless absent, never in a request body |
///
/// `Deserialize` is [`deserialize_struct!`](crate::deserialize_struct)'s; `Serialize` is one
/// call to [`ser::serialize_struct`](crate::ser::serialize_struct) (or, with a map,
/// [`ser::serialize_struct_with_map`](crate::ser::serialize_struct_with_map)) over
/// [`ser::SerializeFields`](crate::ser::SerializeFields): one line per field. It writes what
/// `#[derive(Serialize)]` wrote with the `rename`, `skip_serializing_if` and `flatten`
/// attributes the generator gave it (see [`ser`](crate::ser)).
///
/// ```
/// use std::collections::BTreeMap;
/// use atlas_admin_runtime::Nullable;
///
/// #[derive(Debug, PartialEq)]
/// pub struct Endpoint {
///     pub r#type: String,
///     pub region_name: Option<String>,
///     pub comment: Nullable<String>,
///     pub deleted: Option<bool>,
/// }
/// atlas_admin_runtime::serde_struct!(Endpoint {
///     0 => r#type = required("type"),
///     1 => region_name = optional("regionName"),
///     2 => comment = optional("comment"),
///     3 => deleted = nullable("deleted"),
/// });
///
/// let e: Endpoint = serde_json::from_str(r#"{"type":"AWS","comment":null}"#).unwrap();
/// assert_eq!(e.comment, Nullable::Null);
/// assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"type":"AWS","comment":null,"deleted":null}"#);
///
/// #[derive(Debug, PartialEq)]
/// pub struct Labels {
///     pub name: String,
///     pub additional_properties: BTreeMap<String, i64>,
/// }
/// atlas_admin_runtime::serde_struct!(Labels { 0 => name = required("name") } ..additional_properties);
///
/// let l: Labels = serde_json::from_str(r#"{"b":2,"name":"n","a":1}"#).unwrap();
/// assert_eq!(serde_json::to_string(&l).unwrap(), r#"{"name":"n","a":1,"b":2}"#);
/// ```
#[macro_export]
macro_rules! serde_struct {
    ($name:ident { $($index:literal => $field:ident = $kind:ident($wire:literal)),* $(,)? }) => {
        $crate::deserialize_struct!($name { $($index => $field = $kind($wire)),* });
        $crate::serde_struct!(@fields $name; $($field = $kind($wire)),*);

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::ser::serialize_struct(self, ::core::stringify!($name), serializer)
            }
        }
    };
    ($name:ident { $($index:literal => $field:ident = $kind:ident($wire:literal)),* $(,)? } ..$additional:ident) => {
        $crate::deserialize_struct!($name { $($index => $field = $kind($wire)),* } ..$additional);
        $crate::serde_struct!(@fields $name; $($field = $kind($wire)),*);

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::ser::serialize_struct_with_map(self, &self.$additional, serializer)
            }
        }
    };
    (@fields $name:ident; $($field:ident = $kind:ident($wire:literal)),*) => {
        impl $crate::ser::SerializeFields for $name {
            fn write_fields<W: $crate::ser::FieldWriter>(&self, fields: &mut W) {
                $(fields.$kind($wire, &self.$field);)*
            }
        }
    };
}

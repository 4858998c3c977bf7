//! What generated model fields need besides their serde impls: the absent / null / value
//! tri-state of an optional `nullable` property ([`Nullable`]), and leaving `readOnly`
//! properties out of request bodies ([`skip_read_only`], [`in_request_body`]).
//!
//! How a generated field is typed, by the property's schema (OpenAPI 3.0 `required` and
//! `nullable`):
//!
//! | property | Rust type | absent on the wire | `null` on the wire |
//! |---|---|---|---|
//! | required | `T` | decode error | decode error |
//! | required, `nullable` | `Option<T>` | decodes as `None` | `None`; `None` is sent as `null` |
//! | optional | `Option<T>` | `None`; `None` is not sent | decodes as `None` |
//! | optional, `nullable` | [`Nullable<T>`] | `Absent`, not sent | `Null`, sent as `null` |

use std::cell::Cell;

/// The value of an optional `nullable` property: absent (not sent, "leave alone"), `null`
/// ("clear") or a value. Decoding keeps the difference and encoding writes it back: an
/// explicit `null` in an answer re-encodes as `null`, an absent property stays absent.
///
/// Generated fields of this type are `optional` (or `read_only`) in their struct's
/// [`serde_struct!`](crate::serde_struct) line (with serde's derive: `#[serde(default,
/// skip_serializing_if = "Nullable::is_absent")]`), so [`Nullable::Absent`] is what a missing
/// property decodes to, and it is never sent. Outside such a field (e.g. serialized on its
/// own) `Absent` is written as `null`.
///
/// ```
/// use atlas_admin_runtime::Nullable;
///
/// #[derive(serde::Serialize, serde::Deserialize, Default)]
/// struct Patch {
///     #[serde(default, skip_serializing_if = "Nullable::is_absent")]
///     comment: Nullable<String>,
/// }
///
/// let leave_alone = Patch::default();
/// let clear = Patch { comment: Nullable::Null };
/// let set = Patch { comment: "hi".to_string().into() };
/// assert_eq!(serde_json::to_string(&leave_alone).unwrap(), "{}");
/// assert_eq!(serde_json::to_string(&clear).unwrap(), r#"{"comment":null}"#);
/// assert_eq!(serde_json::to_string(&set).unwrap(), r#"{"comment":"hi"}"#);
///
/// let decoded: Patch = serde_json::from_str(r#"{"comment":null}"#).unwrap();
/// assert!(decoded.comment.is_null());
/// let decoded: Patch = serde_json::from_str("{}").unwrap();
/// assert!(decoded.comment.is_absent());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Nullable<T> {
    /// Not present: not sent in a request; a property missing from an answer.
    #[default]
    Absent,
    /// Present as JSON `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is absent (a generated `optional` field is left out when it is).
    pub const fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the property is present as `null`.
    pub const fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Whether the property has a value.
    pub const fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// The value, if there is one (absent and `null` are both `None`).
    pub const fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one (absent and `null` are both `None`).
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// A `Nullable` of a reference to the value.
    pub const fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// A `Nullable` of a mutable reference to the value.
    pub fn as_mut(&mut self) -> Nullable<&mut T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// The value dereferenced (`Nullable<String>` → `Option<&str>`), if there is one.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(|v| &**v)
    }

    /// Maps the value, keeping absent and `null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(f(v)),
        }
    }

    /// The value, or `T::default()` when absent or `null`.
    pub fn unwrap_or_default(self) -> T
    where
        T: Default,
    {
        self.into_value().unwrap_or_default()
    }
}

/// A value: [`Nullable::Value`].
impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `Some(v)` is [`Nullable::Value`], `None` is [`Nullable::Null`] (an `Option` says whether
/// there is a value, as a required nullable field's `Option` does; absence is
/// [`Nullable::Absent`], the default).
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        }
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => serializer.serialize_some(v),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

/// `null` is [`Nullable::Null`]; a missing property becomes [`Nullable::Absent`] through the
/// field's `Default` (`optional` in [`deserialize_struct!`](crate::deserialize_struct), or
/// `#[serde(default)]`).
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

/// A field type that can leave its property out: `Option` (`None`) and [`Nullable`]
/// (`Absent`).
pub trait Presence {
    /// Whether the property is left out.
    fn is_absent(&self) -> bool;
}

impl<T> Presence for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Presence for Nullable<T> {
    fn is_absent(&self) -> bool {
        Nullable::is_absent(self)
    }
}

thread_local! {
    static IN_REQUEST_BODY: Cell<bool> = const { Cell::new(false) };
    static NAMING_VARIANTS: Cell<bool> = const { Cell::new(false) };
}

/// Sets `flag` for the time of `f` (and back to what it was, even if `f` panics).
fn with_flag<R>(flag: &'static std::thread::LocalKey<Cell<bool>>, f: impl FnOnce() -> R) -> R {
    struct Restore(&'static std::thread::LocalKey<Cell<bool>>, bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            self.0.with(|flag| flag.set(self.1));
        }
    }
    let _restore = Restore(flag, flag.with(|flag| flag.replace(true)));
    f()
}

/// Runs `f` as the serialization of a value that stands for what a server sends (an answer of
/// the typed mock): each variant of a union chosen by shape writes the single-value
/// properties it left unset (`providerName: AZURE`), as a server does and as a request body
/// does ([`naming_variants`]), so the value decodes as the variant it was built as.
pub fn as_server_answer<R>(f: impl FnOnce() -> R) -> R {
    with_flag(&NAMING_VARIANTS, f)
}

/// Whether union variants write the single-value properties they left unset: in a request
/// body ([`in_request_body`]) and in a typed mock's answer ([`as_server_answer`]), not when
/// the caller serializes a model (a decoded answer re-encodes as it came).
pub fn naming_variants() -> bool {
    IN_REQUEST_BODY.with(Cell::get) || NAMING_VARIANTS.with(Cell::get)
}

/// Runs `f` as the serialization of a request body: every `readOnly` property (a generated
/// field of kind `read_only`, see [`skip_read_only`]) serialized on this thread meanwhile is left out.
/// [`RequestBody::json`](crate::RequestBody::json) serializes through this; nothing else does,
/// so a model serialized by the caller (`serde_json::to_string`) keeps its read-only
/// properties.
pub fn in_request_body<R>(f: impl FnOnce() -> R) -> R {
    with_flag(&IN_REQUEST_BODY, f)
}

/// Whether a request body is being serialized on this thread (see [`in_request_body`]).
pub fn serializing_request_body() -> bool {
    IN_REQUEST_BODY.with(Cell::get)
}

/// Whether a `readOnly` property in a type that is sent in requests and decoded from answers
/// is left out (the `read_only` kind of [`serde_struct!`](crate::serde_struct); with serde's
/// derive, `#[serde(skip_serializing_if = "skip_read_only")]`): left out when absent, and always in a request body (a request never
/// sends what the server sets).
pub fn skip_read_only<T: Presence>(value: &T) -> bool {
    value.is_absent() || serializing_request_body()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Model {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        note: Nullable<String>,
        #[serde(skip_serializing_if = "skip_read_only")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "skip_read_only")]
        state: Nullable<u8>,
    }

    #[test]
    fn absent_null_and_value_survive_a_round_trip() {
        for text in [
            json!({}),
            json!({"note": null}),
            json!({"note": "x"}),
            json!({"note": "x", "id": "a", "state": null}),
            json!({"state": 3}),
        ] {
            let model: Model = serde_json::from_value(text.clone()).unwrap();
            assert_eq!(serde_json::to_value(&model).unwrap(), text);
        }
        let model: Model = serde_json::from_value(json!({"note": null})).unwrap();
        assert_eq!(model.note, Nullable::Null);
        let model: Model = serde_json::from_value(json!({})).unwrap();
        assert_eq!(model.note, Nullable::Absent);
    }

    #[test]
    fn read_only_properties_are_left_out_of_request_bodies_only() {
        let model = Model {
            note: Nullable::Null,
            id: Some("a".into()),
            state: Nullable::Value(1),
        };
        assert_eq!(
            serde_json::to_value(&model).unwrap(),
            json!({"note": null, "id": "a", "state": 1})
        );
        let body = in_request_body(|| serde_json::to_value(&model).unwrap());
        assert_eq!(body, json!({"note": null}));
        assert!(!serializing_request_body(), "restored afterwards");
        // Restored even when the closure panics.
        let _ = std::panic::catch_unwind(|| in_request_body(|| panic!("boom")));
        assert!(!serializing_request_body());
    }

    #[test]
    fn conversions() {
        assert_eq!(Nullable::from(3), Nullable::Value(3));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
        assert_eq!(Nullable::<i32>::from(Some(3)), Nullable::Value(3));
        assert_eq!(Nullable::<String>::default(), Nullable::Absent);
        let s: Nullable<String> = "a".to_string().into();
        assert_eq!(s.as_deref(), Some("a"));
        assert_eq!(
            Nullable::<Vec<u8>>::Null.unwrap_or_default(),
            Vec::<u8>::new()
        );
        assert_eq!(Nullable::Value(2).map(|n| n * 2).into_value(), Some(4));
        // On its own (outside a field), absent is written as null.
        assert_eq!(
            serde_json::to_string(&Nullable::<u8>::Absent).unwrap(),
            "null"
        );
    }
}

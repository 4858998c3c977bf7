//! The value kinds the rules apply to: strings, numbers and lists, each optional
//! (`Option`, [`Nullable`]) or not.

use crate::fields::Nullable;

/// A value string rules (`pattern`, `minLength`, `maxLength`) apply to: a string, or an
/// optional one (absent or `null`: nothing to check).
pub trait StrValue {
    /// The string, if present.
    fn str_value(&self) -> Option<&str>;
}

impl StrValue for str {
    fn str_value(&self) -> Option<&str> {
        Some(self)
    }
}

impl StrValue for String {
    fn str_value(&self) -> Option<&str> {
        Some(self)
    }
}

impl StrValue for std::borrow::Cow<'_, str> {
    fn str_value(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T: StrValue + ?Sized> StrValue for &T {
    fn str_value(&self) -> Option<&str> {
        (**self).str_value()
    }
}

impl<T: StrValue> StrValue for Option<T> {
    fn str_value(&self) -> Option<&str> {
        self.as_ref().and_then(T::str_value)
    }
}

impl<T: StrValue> StrValue for Nullable<T> {
    fn str_value(&self) -> Option<&str> {
        self.value().and_then(T::str_value)
    }
}

/// A value numeric rules (`minimum`, `maximum`) apply to: a number, or an optional one.
pub trait NumValue {
    /// The number as an `f64`, if present.
    fn num_value(&self) -> Option<f64>;
}

macro_rules! num_value {
    ($($t:ty),*) => {
        $(impl NumValue for $t {
            #[allow(clippy::cast_lossless)]
            fn num_value(&self) -> Option<f64> {
                Some(*self as f64)
            }
        })*
    };
}

num_value!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl<T: NumValue> NumValue for Option<T> {
    fn num_value(&self) -> Option<f64> {
        self.as_ref().and_then(T::num_value)
    }
}

impl<T: NumValue> NumValue for Nullable<T> {
    fn num_value(&self) -> Option<f64> {
        self.value().and_then(T::num_value)
    }
}

/// A value list rules (`minItems`, `maxItems`) apply to: a list, or an optional one.
pub trait LenValue {
    /// The number of items, if present.
    fn len_value(&self) -> Option<usize>;
}

impl<T> LenValue for [T] {
    fn len_value(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<T> LenValue for Vec<T> {
    fn len_value(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<T: LenValue> LenValue for Option<T> {
    fn len_value(&self) -> Option<usize> {
        self.as_ref().and_then(T::len_value)
    }
}

impl<T: LenValue> LenValue for Nullable<T> {
    fn len_value(&self) -> Option<usize> {
        self.value().and_then(T::len_value)
    }
}

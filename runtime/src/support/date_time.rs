//! [`DateTime`]: the value of a `type: string, format: date-time` schema (RFC 3339 §5.6), kept
//! as the text it was written in.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{FixedOffset, SecondsFormat, TimeZone, Utc};

/// An RFC 3339 `date-time` (OpenAPI `format: date-time`): an instant with the UTC offset it
/// was written with, **and the text itself**.
///
/// Decoding keeps the exact text, so an answer re-encodes as it came: the offset
/// (`+02:00` stays `+02:00`, `-00:00` stays `-00:00`, `Z` stays `Z`), the digits of the
/// fractional seconds (`.100000` stays `.100000`) and the letter case (`t`, `z`) are not
/// normalised. A value built from a `chrono::DateTime` is written with
/// [`chrono::DateTime::to_rfc3339_opts`] (`SecondsFormat::AutoSi`, `Z` for UTC).
///
/// Comparison, ordering and hashing are by instant, like `chrono::DateTime`:
/// `2026-01-02T05:04:05+02:00` equals `2026-01-02T03:04:05Z` (they are written differently).
/// A date-time query or path parameter is sent as [`DateTime::as_str`].
///
/// ```
/// use atlas_admin_runtime::DateTime;
/// use chrono::TimeZone;
///
/// let at: DateTime = serde_json::from_str(r#""2026-01-02T05:04:05.100000+02:00""#).unwrap();
/// assert_eq!(at.to_utc(), chrono::Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap() + chrono::Duration::milliseconds(100));
/// assert_eq!(at.offset().local_minus_utc(), 7200);
/// assert_eq!(serde_json::to_string(&at).unwrap(), r#""2026-01-02T05:04:05.100000+02:00""#);
///
/// let now: DateTime = chrono::Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap().into();
/// assert_eq!(now.as_str(), "2026-01-02T03:04:05Z");
/// assert!("2026-01-02 03:04".parse::<DateTime>().is_err());
/// ```
#[derive(Clone)]
pub struct DateTime {
    text: Box<str>,
    at: chrono::DateTime<FixedOffset>,
}

impl DateTime {
    /// Parses RFC 3339 `date-time` text (`chrono::DateTime::parse_from_rfc3339`), keeping it.
    ///
    /// # Errors
    ///
    /// [`chrono::ParseError`] when `text` is not an RFC 3339 date-time.
    pub fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        let at = chrono::DateTime::parse_from_rfc3339(text)?;
        Ok(DateTime {
            text: text.into(),
            at,
        })
    }

    /// The text, exactly as decoded (or as written from a `chrono::DateTime`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The instant with the offset it was written with.
    pub fn fixed_offset(&self) -> chrono::DateTime<FixedOffset> {
        self.at
    }

    /// The instant in UTC.
    pub fn to_utc(&self) -> chrono::DateTime<Utc> {
        self.at.to_utc()
    }

    /// The UTC offset it was written with (`Z` and `-00:00` are zero).
    pub fn offset(&self) -> FixedOffset {
        *self.at.offset()
    }
}

impl<Tz: TimeZone> From<chrono::DateTime<Tz>> for DateTime
where
    Tz::Offset: fmt::Display,
{
    fn from(at: chrono::DateTime<Tz>) -> Self {
        let text = at.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        DateTime {
            text: text.into(),
            at: at.fixed_offset(),
        }
    }
}

impl From<DateTime> for chrono::DateTime<FixedOffset> {
    fn from(value: DateTime) -> Self {
        value.at
    }
}

impl From<DateTime> for chrono::DateTime<Utc> {
    fn from(value: DateTime) -> Self {
        value.to_utc()
    }
}

impl FromStr for DateTime {
    type Err = chrono::ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse(text)
    }
}

/// The text ([`DateTime::as_str`]).
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl Eq for DateTime {}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.at.cmp(&other.at)
    }
}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.at.hash(state);
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {
            type Value = DateTime;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time string")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<DateTime, E> {
                DateTime::parse(text).map_err(|e| {
                    E::custom(format_args!("invalid RFC 3339 date-time {text:?}: {e}"))
                })
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        let json = serde_json::to_string(text).unwrap();
        let value: DateTime = serde_json::from_str(&json).unwrap();
        serde_json::from_str::<String>(&serde_json::to_string(&value).unwrap()).unwrap()
    }

    #[test]
    fn every_spelling_re_encodes_as_it_came() {
        for text in [
            "2026-01-02T03:04:05Z",
            "2026-01-02T03:04:05+02:00",
            "1713-01-12T11:14:55.000377-10:53",
            "2026-01-02T03:04:05.100000Z",
            "2026-01-02T03:04:05.1Z",
            "2026-01-02T03:04:05-00:00",
            "2026-01-02T03:04:05+00:00",
            "2026-01-02t03:04:05z",
            "2026-12-31T23:59:60Z",
        ] {
            assert_eq!(round_trip(text), text);
        }
    }

    #[test]
    fn the_instant_and_offset_are_kept() {
        let value = DateTime::parse("2026-01-02T05:04:05+02:00").unwrap();
        assert_eq!(value.offset(), FixedOffset::east_opt(7200).unwrap());
        assert_eq!(
            value.to_utc(),
            Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap()
        );
        assert_eq!(value, DateTime::parse("2026-01-02T03:04:05Z").unwrap());
        assert!(value < DateTime::parse("2026-01-02T03:04:06Z").unwrap());
    }

    #[test]
    fn a_chrono_value_is_written_in_rfc_3339() {
        let utc: DateTime = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap().into();
        assert_eq!(utc.as_str(), "2026-01-02T03:04:05Z");
        let east = FixedOffset::east_opt(5 * 3600 + 1800)
            .unwrap()
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .unwrap();
        let value: DateTime = east.into();
        assert_eq!(value.as_str(), "2026-01-02T03:04:05+05:30");
        assert_eq!(value.fixed_offset(), east);
    }

    #[test]
    fn text_that_is_not_a_date_time_is_refused_with_the_text() {
        for text in ["2026-01-02", "2026-01-02T03:04:05", "yesterday", ""] {
            let err = serde_json::from_str::<DateTime>(&serde_json::to_string(text).unwrap())
                .unwrap_err()
                .to_string();
            assert!(err.contains("invalid RFC 3339 date-time"), "{err}");
            assert!(err.contains(&format!("{text:?}")), "{err}");
        }
        assert!(serde_json::from_str::<DateTime>("1700000000").is_err());
    }
}

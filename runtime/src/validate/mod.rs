//! Request-side validation helpers used by generated models.
//!
//! Generated code implements [`Validate`] for its request types and calls the
//! [`Validator`] rule methods; [`Validator::finish`] reports every issue at once.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use crate::error::{Error, ValidationErrors, ValidationIssue};
use crate::fields::{Nullable, Presence};
use crate::transport::Transport;

mod path;
mod pattern;
mod values;

pub use path::Path;
pub use pattern::Pattern;
pub use values::{LenValue, NumValue, StrValue};

/// Collects validation issues; [`finish`](Validator::finish) turns them into an error.
///
/// Each rule takes the value's [`Path`] and the value, which may be optional (an absent
/// value has nothing to check), so generated code states one rule per line.
#[derive(Debug, Default)]
pub struct Validator {
    issues: Vec<ValidationIssue>,
    allow_unknown_enum_values: bool,
}

impl Validator {
    /// An empty validator that refuses enum values the client does not know.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty validator for a request `transport` will send: it refuses enum values the
    /// client does not know unless the transport was built with
    /// [`allow_unknown_enum_values(true)`](crate::ClientBuilder::allow_unknown_enum_values).
    pub fn for_transport(transport: &Transport) -> Self {
        Validator {
            issues: Vec::new(),
            allow_unknown_enum_values: transport.allows_unknown_enum_values(),
        }
    }

    /// Whether [`known_enum`](Self::known_enum) lets unknown values through.
    pub fn allows_unknown_enum_values(&self) -> bool {
        self.allow_unknown_enum_values
    }

    /// Record an issue directly.
    pub fn push<'p>(
        &mut self,
        path: impl Into<Path<'p>>,
        rule: &'static str,
        message: impl Into<String>,
    ) {
        self.issues.push(ValidationIssue {
            field: path.into().render(),
            rule,
            message: message.into(),
        });
    }

    /// `pattern`: the string must match `p` (unanchored). A pattern that does not compile is
    /// skipped (with a `tracing` warning) rather than rejecting input.
    pub fn pattern<'p>(
        &mut self,
        path: impl Into<Path<'p>>,
        value: &(impl StrValue + ?Sized),
        p: &Pattern,
    ) {
        let path = path.into();
        let Some(value) = value.str_value() else {
            return;
        };
        match p.is_match(value) {
            Ok(true) => {}
            Ok(false) => self.push(
                path,
                "pattern",
                format!("value {value:?} does not match pattern `{}`", p.as_str()),
            ),
            Err(e) => {
                tracing::warn!(field = %path, error = %e, "skipping pattern check")
            }
        }
    }

    /// `minLength`, counted in Unicode scalar values.
    pub fn min_length<'p>(
        &mut self,
        path: impl Into<Path<'p>>,
        value: &(impl StrValue + ?Sized),
        min: u64,
    ) {
        let path = path.into();
        let Some(value) = value.str_value() else {
            return;
        };
        let len = value.chars().count() as u64;
        if len < min {
            self.push(
                path,
                "minLength",
                format!("length {len} is less than the minimum of {min}"),
            );
        }
    }

    /// `maxLength`, counted in Unicode scalar values.
    pub fn max_length<'p>(
        &mut self,
        path: impl Into<Path<'p>>,
        value: &(impl StrValue + ?Sized),
        max: u64,
    ) {
        let path = path.into();
        let Some(value) = value.str_value() else {
            return;
        };
        let len = value.chars().count() as u64;
        if len > max {
            self.push(
                path,
                "maxLength",
                format!("length {len} is greater than the maximum of {max}"),
            );
        }
    }

    /// `minimum` / `exclusiveMinimum`.
    pub fn minimum<'p>(
        &mut self,
        path: impl Into<Path<'p>>,
        value: &impl NumValue,
        min: f64,
        exclusive: bool,
    ) {
        let path = path.into();
        let Some(value) = value.num_value() else {
            return;
        };
        let ok = if exclusive { value > min } else { value >= min };
        if !ok {
            let rel = if exclusive {
                "greater than"
            } else {
                "at least"
            };
            self.push(
                path,
                "minimum",
                format!("value {value} must be {rel} {min}"),
            );
        }
    }

    /// `maximum` / `exclusiveMaximum`.
    pub fn maximum<'p>(
        &mut self,
        path: impl Into<Path<'p>>,
        value: &impl NumValue,
        max: f64,
        exclusive: bool,
    ) {
        let path = path.into();
        let Some(value) = value.num_value() else {
            return;
        };
        let ok = if exclusive { value < max } else { value <= max };
        if !ok {
            let rel = if exclusive { "less than" } else { "at most" };
            self.push(
                path,
                "maximum",
                format!("value {value} must be {rel} {max}"),
            );
        }
    }

    /// `minItems`.
    pub fn min_items<'p>(
        &mut self,
        path: impl Into<Path<'p>>,
        value: &(impl LenValue + ?Sized),
        min: u64,
    ) {
        let path = path.into();
        let Some(len) = value.len_value() else {
            return;
        };
        if (len as u64) < min {
            self.push(
                path,
                "minItems",
                format!("{len} items is less than the minimum of {min}"),
            );
        }
    }

    /// `maxItems`.
    pub fn max_items<'p>(
        &mut self,
        path: impl Into<Path<'p>>,
        value: &(impl LenValue + ?Sized),
        max: u64,
    ) {
        let path = path.into();
        let Some(len) = value.len_value() else {
            return;
        };
        if (len as u64) > max {
            self.push(
                path,
                "maxItems",
                format!("{len} items is more than the maximum of {max}"),
            );
        }
    }

    /// `enum` for request-side enums: an unknown (raw/forward-compatible) value is rejected,
    /// unless this validator [allows unknown values](Self::for_transport).
    pub fn known_enum<'p>(
        &mut self,
        path: impl Into<Path<'p>>,
        known: bool,
        value: &str,
        allowed: &'static [&'static str],
    ) {
        let path = path.into();
        if !known && self.allow_unknown_enum_values {
            tracing::debug!(field = %path, value, "sending an enum value the client does not know");
        } else if !known {
            self.push(
                path,
                "enum",
                format!("unknown value {value:?}; expected one of {allowed:?}"),
            );
        }
    }

    /// `required` for member `name` of the value at `parent` that the model types as optional
    /// because answers may leave it out: a `writeOnly` property the schema requires, in a
    /// type that is also decoded from answers. A request must set it (`null` counts as set
    /// for a nullable one).
    pub fn required(&mut self, parent: &Path<'_>, name: &str, value: &impl Presence) {
        if value.is_absent() {
            self.push(
                parent.field(name),
                "required",
                "required in requests (a writeOnly property answers leave out), but not set",
            );
        }
    }

    /// The value's own rules ([`Validate`]), if it has any; an absent value has none.
    pub fn nested<'p>(&mut self, path: impl Into<Path<'p>>, value: &(impl Validate + ?Sized)) {
        let path = path.into();
        value.validate(&path, self);
    }

    /// The rules of member `name` of the value at `parent` ([`Validate`]), if it has any:
    /// `v.field(path, "tags", &self.tags)` is `v.nested(path.field("tags"), &self.tags)`.
    pub fn field(&mut self, parent: &Path<'_>, name: &str, value: &(impl Validate + ?Sized)) {
        value.validate(&parent.field(name), self);
    }

    /// `true` if no issue was recorded so far.
    pub fn is_empty(&self) -> bool {
        self.issues.is_empty()
    }

    /// `Err(Error::Validation)` with every issue, or `Ok(())`.
    pub fn finish(self) -> Result<(), Error> {
        if self.issues.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(ValidationErrors {
                issues: self.issues,
            }))
        }
    }
}

/// Implemented by generated models for request-side validation.
pub trait Validate {
    /// Record this value's issues under `path` into `v`.
    fn validate(&self, path: &Path<'_>, v: &mut Validator);
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self, path: &Path<'_>, v: &mut Validator) {
        (**self).validate(path, v)
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, path: &Path<'_>, v: &mut Validator) {
        (**self).validate(path, v)
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &Path<'_>, v: &mut Validator) {
        if let Some(x) = self {
            x.validate(path, v)
        }
    }
}

impl<T: Validate> Validate for Nullable<T> {
    fn validate(&self, path: &Path<'_>, v: &mut Validator) {
        if let Nullable::Value(x) = self {
            x.validate(path, v)
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate(&self, path: &Path<'_>, v: &mut Validator) {
        for (i, x) in self.iter().enumerate() {
            x.validate(&path.index(i), v)
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &Path<'_>, v: &mut Validator) {
        self.as_slice().validate(path, v)
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, path: &Path<'_>, v: &mut Validator) {
        for (k, x) in self {
            x.validate(&path.field(k), v)
        }
    }
}

impl<T: Validate, S: BuildHasher> Validate for HashMap<String, T, S> {
    fn validate(&self, path: &Path<'_>, v: &mut Validator) {
        for (k, x) in self {
            x.validate(&path.field(k), v)
        }
    }
}

macro_rules! no_op_validate {
    ($($t:ty),* $(,)?) => {
        $(impl Validate for $t {
            #[inline]
            fn validate(&self, _path: &Path<'_>, _v: &mut Validator) {}
        })*
    };
}

no_op_validate!(
    String,
    str,
    bool,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    (),
    serde_json::Value,
    chrono::DateTime<chrono::Utc>,
    crate::DateTime,
    chrono::NaiveDate,
    bytes::Bytes,
);

#[cfg(test)]
mod tests {
    use super::*;

    static OBJECT_ID: Pattern = Pattern::new("^([a-f0-9]{24})$");
    static IP: Pattern = Pattern::new(
        r"^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)(\.(?!$)|$)){4}|([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$",
    );
    static BROKEN: Pattern = Pattern::new("([a-");

    fn issues(f: impl FnOnce(&mut Validator)) -> Vec<ValidationIssue> {
        let mut v = Validator::new();
        f(&mut v);
        match v.finish() {
            Ok(()) => vec![],
            Err(Error::Validation(e)) => e.issues,
            Err(e) => panic!("unexpected {e}"),
        }
    }

    #[test]
    fn pattern_object_id() {
        assert!(OBJECT_ID.is_match("5f1a2b3c4d5e6f7a8b9c0d1e").unwrap());
        assert!(!OBJECT_ID.is_match("5f1a2b3c4d5e6f7a8b9c0d1").unwrap());
        assert!(!OBJECT_ID.is_match("5F1A2B3C4D5E6F7A8B9C0D1E").unwrap());
        assert_eq!(OBJECT_ID.as_str(), "^([a-f0-9]{24})$");
        let got = issues(|v| v.pattern("groupId", "nope", &OBJECT_ID));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].field, "groupId");
        assert_eq!(got[0].rule, "pattern");
    }

    #[test]
    fn pattern_lookahead_ip() {
        for ok in [
            "192.168.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "10.1.2.3",
            "fe80:0:0:0:202:b3ff:fe1e:8329",
        ] {
            assert!(IP.is_match(ok).unwrap(), "{ok}");
        }
        for bad in ["256.1.1.1", "1.2.3", "1.2.3.", "abc", "01.2.3.4", ""] {
            assert!(!IP.is_match(bad).unwrap(), "{bad}");
        }
    }

    /// Patterns mean what JSON Schema validators (ECMAScript's Unicode mode) make of them:
    /// Spring PetClinic's name pattern refused every real name when `\p{L}` was read as `p{L}`.
    #[test]
    fn unicode_property_escapes_match_letters() {
        let name = Pattern::new("^[\\p{L}]+([ '-][\\p{L}]+){0,2}$");
        for ok in [
            "George",
            "Franklin",
            "José",
            "Mary-Jane",
            "O'Neil",
            "Łukasz Żuk",
        ] {
            assert_eq!(name.is_match(ok), Ok(true), "{ok}");
        }
        for bad in ["George1", "p{L}", "", "A  B"] {
            assert_eq!(name.is_match(bad), Ok(false), "{bad}");
        }
        // `.` is one code point in Unicode mode (two UTF-16 units in the older one).
        assert_eq!(Pattern::new("^.$").is_match("😀"), Ok(true));
        // What Unicode mode refuses still compiles in the older mode (`\-` outside a class).
        let dash = Pattern::new("^a\\-b$");
        assert_eq!(dash.is_match("a-b"), Ok(true));
        assert_eq!(dash.is_match("ab"), Ok(false));
        // The message shows the pattern as written, not escaped again.
        let got = issues(|v| v.pattern("body.firstName", "George1", &name));
        assert_eq!(
            got[0].message,
            "value \"George1\" does not match pattern `^[\\p{L}]+([ '-][\\p{L}]+){0,2}$`"
        );
    }

    #[test]
    fn broken_pattern_is_reported_not_enforced() {
        assert!(BROKEN.is_match("x").is_err());
        assert!(issues(|v| v.pattern("f", "x", &BROKEN)).is_empty());
    }

    #[test]
    fn length_counts_chars() {
        assert!(issues(|v| v.max_length("n", "ééé", 3)).is_empty());
        let got = issues(|v| v.max_length("n", "éééé", 3));
        assert_eq!(got[0].rule, "maxLength");
        assert!(issues(|v| v.min_length("n", "日本", 2)).is_empty());
        assert_eq!(issues(|v| v.min_length("n", "日", 2))[0].rule, "minLength");
    }

    #[test]
    fn numeric_bounds() {
        assert!(issues(|v| v.minimum("x", &1.0, 1.0, false)).is_empty());
        assert_eq!(
            issues(|v| v.minimum("x", &1.0, 1.0, true))[0].rule,
            "minimum"
        );
        assert_eq!(
            issues(|v| v.minimum("x", &0.5, 1.0, false))[0].rule,
            "minimum"
        );
        assert!(issues(|v| v.maximum("x", &10.0, 10.0, false)).is_empty());
        assert_eq!(
            issues(|v| v.maximum("x", &10.0, 10.0, true))[0].rule,
            "maximum"
        );
        assert_eq!(
            issues(|v| v.maximum("x", &11.0, 10.0, false))[0].rule,
            "maximum"
        );
    }

    #[test]
    fn items_and_enum() {
        assert_eq!(
            issues(|v| v.min_items("l", &[0; 0][..], 1))[0].rule,
            "minItems"
        );
        assert!(issues(|v| v.min_items("l", &vec![1], 1)).is_empty());
        assert_eq!(
            issues(|v| v.max_items("l", &vec![1, 2, 3], 2))[0].rule,
            "maxItems"
        );
        assert!(issues(|v| v.max_items("l", &Some(vec![1, 2]), 2)).is_empty());
        assert!(issues(|v| v.known_enum("e", true, "AWS", &["AWS", "GCP"])).is_empty());
        let got = issues(|v| v.known_enum("e", false, "IBM", &["AWS", "GCP"]));
        assert_eq!(got[0].rule, "enum");
        assert!(got[0].message.contains("IBM"));
    }

    #[test]
    fn unknown_enum_values_pass_only_where_the_transport_allows_them() {
        let strict = Transport::builder().build().unwrap();
        let lenient = Transport::builder()
            .allow_unknown_enum_values(true)
            .build()
            .unwrap();
        assert!(!Validator::new().allows_unknown_enum_values());
        for (transport, allowed) in [(&strict, false), (&lenient, true)] {
            let mut v = Validator::for_transport(transport);
            assert_eq!(v.allows_unknown_enum_values(), allowed);
            v.known_enum("region", false, "MARS_1", &["US_EAST_1"]);
            v.known_enum("provider", true, "AWS", &["AWS"]);
            assert_eq!(v.is_empty(), allowed);
            // Every other rule still applies.
            v.pattern("groupId", "nope", &OBJECT_ID);
            let Err(Error::Validation(e)) = v.finish() else {
                panic!("the pattern issue is reported")
            };
            let fields: Vec<&str> = e.issues.iter().map(|i| i.field.as_str()).collect();
            let want: &[&str] = if allowed {
                &["groupId"]
            } else {
                &["region", "groupId"]
            };
            assert_eq!(fields, want);
        }
    }

    #[test]
    fn collects_all_issues() {
        let got = issues(|v| {
            v.pattern("a", "x", &OBJECT_ID);
            v.max_length("b", "toolong", 2);
            v.minimum("c", &-1.0, 0.0, false);
        });
        assert_eq!(got.len(), 3);
        assert_eq!(
            got.iter().map(|i| i.field.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }

    struct Name(String);
    impl Validate for Name {
        fn validate(&self, path: &Path<'_>, v: &mut Validator) {
            v.max_length(path, &self.0, 3);
        }
    }

    #[test]
    fn containers_build_paths() {
        let mut v = Validator::new();
        let list = vec![Name("ok".into()), Name("toolong".into())];
        let body = Path::root("body");
        list.validate(&body.field("names"), &mut v);
        let mut map = BTreeMap::new();
        map.insert("k".to_string(), Name("toolong".into()));
        Some(map).validate(&body.field("tags"), &mut v);
        let boxed: Option<Box<Name>> = Some(Box::new(Name("abcd".into())));
        boxed.validate(&Path::root("b"), &mut v);
        let mut hm = HashMap::new();
        hm.insert("h".to_string(), Name("abcd".into()));
        hm.validate(&Path::root(""), &mut v);
        "anything".validate(&Path::root("s"), &mut v);
        42u64.validate(&Path::root("n"), &mut v);
        let Err(Error::Validation(e)) = v.finish() else {
            panic!("expected validation error")
        };
        let fields: Vec<_> = e.issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["body.names[1]", "body.tags.k", "b", "h"]);
    }

    #[test]
    fn optional_values_are_checked_when_present() {
        let none: Option<String> = None;
        let some = Some("toolong".to_string());
        assert!(issues(|v| v.max_length("a", &none, 2)).is_empty());
        assert_eq!(issues(|v| v.max_length("a", &some, 2))[0].field, "a");
        let n: Option<i32> = Some(-1);
        assert_eq!(
            issues(|v| v.minimum("n", &n, 0.0, false))[0].rule,
            "minimum"
        );
        assert!(issues(|v| v.minimum("n", &None::<i32>, 0.0, false)).is_empty());
        let list: Option<Vec<u8>> = Some(vec![]);
        assert_eq!(issues(|v| v.min_items("l", &list, 1))[0].rule, "minItems");
    }

    #[test]
    fn nullable_values_are_checked_when_they_hold_a_value() {
        let long: Nullable<String> = "toolong".to_string().into();
        assert_eq!(issues(|v| v.max_length("a", &long, 2))[0].field, "a");
        assert!(issues(|v| v.max_length("a", &Nullable::<String>::Null, 2)).is_empty());
        assert!(issues(|v| v.max_length("a", &Nullable::<String>::Absent, 2)).is_empty());
        let n: Nullable<u64> = Nullable::Value(11);
        assert_eq!(
            issues(|v| v.maximum("n", &n, 10.0, false))[0].rule,
            "maximum"
        );
        let got = issues(|v| v.nested("x", &Nullable::Value(Name("toolong".into()))));
        assert_eq!(got[0].field, "x");
        assert!(issues(|v| v.nested("x", &Nullable::<Name>::Null)).is_empty());
    }

    #[test]
    fn required_in_requests_refuses_only_an_absent_value() {
        let root = Path::root("body");
        let got = issues(|v| v.required(&root, "password", &None::<String>));
        assert_eq!(
            (got[0].field.as_str(), got[0].rule),
            ("body.password", "required")
        );
        assert!(issues(|v| v.required(&root, "password", &Some("x"))).is_empty());
        assert_eq!(
            issues(|v| v.required(&root, "p", &Nullable::<u8>::Absent)).len(),
            1
        );
        assert!(issues(|v| v.required(&root, "p", &Nullable::<u8>::Null)).is_empty());
    }

    #[test]
    fn paths_render_lazily_and_nest() {
        let body = Path::root("body");
        let list = body.field("endpoints");
        let item = list.index(2);
        assert_eq!(item.field("region").render(), "body.endpoints[2].region");
        assert_eq!(Path::root("").field("name").render(), "name");
        assert_eq!(Path::root("groupId").to_string(), "groupId");
        let got = issues(|v| v.nested(item, &Name("toolong".into())));
        assert_eq!(got[0].field, "body.endpoints[2]");
        let got = issues(|v| v.field(&item, "name", &Some(Name("toolong".into()))));
        assert_eq!(got[0].field, "body.endpoints[2].name");
    }
}

#[cfg(test)]
mod engine_tests {
    use super::*;

    /// Patterns from the Atlas specs and inputs around their edges: where the fast automaton is
    /// used, it must agree with the ECMAScript engine on every input.
    #[test]
    fn automaton_agrees_with_the_ecmascript_engine() {
        let patterns = [
            "^([a-f0-9]{24})$",
            "^[a-zA-Z0-9][a-zA-Z0-9-]*$",
            "^vpce-[0-9a-f]{17}$",
            "^com\\.amazonaws\\.vpce\\.[a-z-0-9]+\\.vpce-svc-[0-9a-f]{17}|pls_[0-9a-f]{24}$",
            "^[^/]{1,3}$",
            "(ab|cd)+x?",
            "^$",
        ];
        let inputs = [
            "",
            "a",
            "32b6e34b3d91647abb20e7b8",
            "32B6E34B3D91647ABB20E7B8",
            "32b6e34b3d91647abb20e7b",
            "32b6e34b3d91647abb20e7b8\n",
            "my-instance",
            "-bad",
            "a/b",
            "../",
            "vpce-0123456789abcdef0",
            "vpce-0123456789abcdef",
            "pls_32b6e34b3d91647abb20e7b8",
            "com.amazonaws.vpce.us-east-1.vpce-svc-0afd34ee97e30d43f",
            "comXamazonaws.vpce.us-east-1.vpce-svc-0afd34ee97e30d43f",
            "abcdx",
            "é",
            "日本語",
            "ab\ncd",
            "abc",
        ];
        for p in patterns {
            let pattern = Pattern::new(p);
            assert!(pattern.uses_automaton(), "{p} should use the automaton");
            let ecma = regress::Regex::new(p).unwrap();
            for input in inputs {
                assert_eq!(
                    pattern.is_match(input).unwrap(),
                    ecma.find(input).is_some(),
                    "{p} on {input:?}"
                );
            }
        }
    }

    #[test]
    fn ecmascript_only_constructs_use_regress() {
        for p in [
            "^((25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)(\\.(?!$)|$)){4}$",
            "^\\d+$",
            "^a.b$",
            "^(?<name>x)$",
            "^(a)\\1$",
            "^\\w+$",
            "^é$",
        ] {
            assert!(!Pattern::new(p).uses_automaton(), "{p} must run on regress");
        }
        let ip = Pattern::new("^((25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)(\\.(?!$)|$)){4}$");
        assert_eq!(ip.is_match("10.0.0.1"), Ok(true));
        assert_eq!(ip.is_match("10.0.0.1."), Ok(false));
        assert_eq!(ip.is_match("256.0.0.1"), Ok(false));
    }
}

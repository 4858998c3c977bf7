//! Shapes that used to make generated code warn or fail to compile (`tests/fixtures/lint_clean.yaml`,
//! committed under `tests/goldens/lint_clean/`; issue 9, fault 11). The crate being a workspace
//! member is the lint check (`cargo clippy --workspace -- -D warnings`); this file checks the
//! emitted forms that clippy and rustc accept, and that the unions of one variant, emitted
//! without a one-arm `match` (`clippy::match_single_binding`), still decode and re-encode.

use golden_lint_clean::models::{
    Digest, DigestObject, DigestObjectType, Digests, Sha256, TaggedDigest,
};
use serde_json::json;

const SPEC: &str = "tests/fixtures/lint_clean.yaml";

/// A generated file with all whitespace removed (the operation modules are `rustfmt::skip`, so
/// their token spacing is the emitter's).
fn compact(file: &str) -> String {
    let generated = atlas_tests::generate(SPEC).unwrap();
    generated.files[file]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn path_arguments_carry_no_parentheses_or_extra_borrows() {
    let things = compact("src/operations/things.rs");
    // Strings and string enums are written as the segment itself; every other value through
    // the runtime's writer of the parameter's style (`simple`, not exploded: the default of a
    // path parameter), borrowed once.
    let simple = "atlas_admin_runtime::Style::Simple{explode:false})?";
    for expected in [
        format!("atlas_admin_runtime::path::param(\"int\",&self.int,{simple}"),
        format!("atlas_admin_runtime::path::param(\"num\",&self.num,{simple}"),
        format!("atlas_admin_runtime::path::param(\"flag\",&self.flag,{simple}"),
        format!("atlas_admin_runtime::path::param(\"day\",&self.day,{simple}"),
        format!("atlas_admin_runtime::path::param(\"at\",&self.at,{simple}"),
        "segment(self.color.as_str())".to_string(),
        format!("atlas_admin_runtime::path::param(\"either\",&self.either,{simple}"),
        format!("atlas_admin_runtime::path::param(\"alias\",&self.alias,{simple}"),
        "segment(&self.name)".to_string(),
    ] {
        assert!(things.contains(&expected), "{expected} in {things}");
    }
    // The forms `unused_parens` and `clippy::needless_borrow` flagged: a method called on a
    // parenthesised borrow, a parenthesised function argument, a borrow of a borrow.
    for name in [
        "int", "num", "flag", "day", "at", "color", "either", "alias", "name",
    ] {
        for flagged in [
            format!("(&self.{name})."),
            format!("((&self.{name}))"),
            format!("&&self.{name}"),
        ] {
            assert!(!things.contains(&flagged), "{flagged}: {things}");
        }
    }
    assert!(compact("src/operations/numbers.rs").contains(&format!(
        "atlas_admin_runtime::path::param(\"n\",&self.n,{simple}"
    )));
}

#[test]
fn modules_import_models_only_when_they_name_them() {
    assert!(!compact("src/operations/health.rs").contains("models"));
    assert!(compact("src/operations/things.rs").contains("usecrate::{models,Client};"));
}

#[test]
fn required_non_json_bodies_are_moved_not_borrowed() {
    let uploads = compact("src/operations/uploads.rs");
    // `request(&self)` builds the request from a borrow: the bytes and the text are cloned
    // once into the body (no borrow of the clone), the form is serialized from a borrow.
    for expected in [
        "atlas_admin_runtime::RequestBody::new(\"application/octet-stream\",self.body.clone(),)",
        "atlas_admin_runtime::RequestBody::new(\"text/plain\",self.body.clone())",
        "atlas_admin_runtime::RequestBody::form(\"application/x-www-form-urlencoded\",&self.body,)?",
    ] {
        assert!(uploads.contains(expected), "{expected} in {uploads}");
    }
    assert!(!uploads.contains("&self.body.clone()"), "{uploads}");
}

#[test]
fn unions_of_one_variant_decode_without_a_match() {
    let models = compact("src/models.rs");
    assert!(models.contains(
        "->Result<(bool,Self),D::Error>{let_=index;serde::Deserialize::deserialize(deserializer).map(|v|(true,Self::Object(v)))}"
    ));
    assert!(models.contains(
        "->Result<Self,D::Error>{let_=index;serde::Deserialize::deserialize(deserializer).map(Self::Sha256)}"
    ));

    let value = json!({
        "untagged": {"type": "sha256", "value": "ab12"},
        "tagged": {"type": "sha256", "value": "cd34"}
    });
    let digests: Digests = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        digests.untagged,
        Some(Digest::Object(DigestObject {
            r#type: DigestObjectType::Sha256,
            value: "ab12".into()
        }))
    );
    assert_eq!(
        digests.tagged,
        Some(TaggedDigest::Sha256(Sha256 {
            r#type: "sha256".into(),
            value: "cd34".into()
        }))
    );
    assert_eq!(serde_json::to_value(&digests).unwrap(), value);

    // A tag the spec does not list, and a shape the one variant does not have: kept as received.
    let other = json!({"type": "md5", "value": "ef"});
    let tagged: TaggedDigest = serde_json::from_value(other.clone()).unwrap();
    assert_eq!(tagged, TaggedDigest::Unknown(other.clone()));
    let odd = json!(7);
    let untagged: Digest = serde_json::from_value(odd.clone()).unwrap();
    assert_eq!(untagged, Digest::Unknown(odd));
}

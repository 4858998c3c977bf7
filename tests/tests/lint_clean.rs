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
    for expected in [
        "segment(&self.int.to_string())",
        "segment(&self.num.to_string())",
        "segment(&self.flag.to_string())",
        "segment(&self.day.to_string())",
        "segment(&self.at.to_string())",
        "segment(self.color.as_str())",
        "segment(&serde_json::to_string(&self.either).map_err(Error::Encode)?)",
        "segment(&self.alias.to_string())",
        "segment(&self.name)",
    ] {
        assert!(things.contains(expected), "{expected} in {things}");
    }
    // The forms `unused_parens` and `clippy::needless_borrow` flagged: a method called on a
    // parenthesised borrow, a parenthesised function argument.
    for name in ["int", "num", "flag", "day", "at", "either", "alias", "name"] {
        assert!(
            !things.contains(&format!("(&self.{name}).to_string()")),
            "{name}: {things}"
        );
        assert!(
            !things.contains(&format!("((&self.{name}))")),
            "{name}: {things}"
        );
    }
    assert!(compact("src/operations/numbers.rs").contains("segment(&self.n.to_string())"));
}

#[test]
fn modules_import_models_only_when_they_name_them() {
    assert!(!compact("src/operations/health.rs").contains("models"));
    assert!(compact("src/operations/things.rs").contains("usecrate::{models,Client};"));
}

#[test]
fn required_non_json_bodies_are_moved_not_borrowed() {
    let uploads = compact("src/operations/uploads.rs");
    assert!(uploads.contains("bytes:self.body.clone(),"), "{uploads}");
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

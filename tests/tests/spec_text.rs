//! Spec text that used to break the generated crate (`tests/fixtures/spec_text.yaml`, committed
//! under `tests/goldens/spec_text/`; issue 9, fault 10): bare carriage returns and Unicode
//! text-direction codepoints in descriptions, titles, tags and enum values (rustc refused the
//! crate), and code blocks rustdoc would compile as doctests (fences in block quotes, list
//! items, `~~~`, indented code after a container marker). The crate being a workspace member is
//! the compile check: `cargo clippy --workspace -- -D warnings` lints it and `cargo test
//! --workspace` runs its (zero) doctests.

use golden_spec_text::models::{Kind, Note};
use serde_json::json;

const SPEC: &str = "tests/fixtures/spec_text.yaml";

#[test]
fn enum_values_with_control_and_direction_characters_round_trip() {
    for (wire, kind) in [
        ("carriage\rreturn", Kind::CarriageReturn),
        ("right\u{202E}left", Kind::RightLeft),
        ("isolate\u{2066}d", Kind::IsolateD),
        ("new\nline", Kind::NewLine),
        ("back`tick", Kind::BackTick),
        ("quote\"d", Kind::QuoteD),
        ("back\\slash", Kind::BackSlash),
    ] {
        let decoded: Kind = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(decoded, kind, "{wire:?}");
        assert_eq!(serde_json::to_value(&decoded).unwrap(), json!(wire));
        assert_eq!(kind.as_str(), wire);
    }
}

#[test]
fn property_names_with_direction_characters_are_the_wire_names() {
    let value = json!({"kind": "{brace}", "body\u{202E}": "b", "bidi\u{2066}name": "n"});
    let note: Note = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(note.kind, Kind::Brace);
    assert_eq!(serde_json::to_value(&note).unwrap(), value);
}

/// What the generated files hold: no raw carriage return or direction codepoint anywhere (the
/// literals escape them, the docs show `\u{202E}`), and every code fence of a doc marked `text`.
#[test]
fn generated_text_is_safe() {
    let generated = atlas_tests::generate(SPEC).unwrap();
    for (path, text) in &generated.files {
        for (n, line) in text.lines().enumerate() {
            let hazard = line
                .chars()
                .find(|&c| atlas_codegen::emit::doc_text::is_hazard(c) && c != '\t');
            assert_eq!(hazard, None, "{path}:{}: {line}", n + 1);
        }
        assert!(!text.contains('\r'), "{path}");
    }
    let operations = &generated.files["src/operations/text_tag.rs"];
    for expected in [
        "    /// Line one\n    /// line two\n    /// bare CR.\n",
        "    /// > ```text\n    /// > quoted fence: not rust\n    /// > ```\n",
        "    /// ~~~text\n    /// tilde fence: not rust\n    /// ~~~\n",
        "    /// 1. ```text\n    ///    a listed fence\n    ///    ```\n",
        "    /// > quoted indented: not code\n",
        "    /// - listed indented: not code\n",
        "    /// \\u{200E}\\u{200F}\\u{061C} marks \\u{2067}\\u{2069} isolates",
    ] {
        assert!(
            operations.contains(expected),
            "{expected:?} in\n{operations}"
        );
    }
    // The summary's unclosed fence is closed before the description starts.
    assert!(
        operations.contains("    /// Gets a note\n    /// ```text\n    /// {\"unclosed\": true\n    /// ```\n    ///\n    /// Line one"),
        "{operations}"
    );
}

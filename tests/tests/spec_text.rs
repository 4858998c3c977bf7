//! Spec text that used to break the generated crate (`tests/fixtures/spec_text.yaml`, committed
//! under `tests/goldens/spec_text/`; issue 9, fault 10): bare carriage returns and Unicode
//! text-direction codepoints in descriptions, titles, tags, enum values, property names and a
//! discriminator's property and tags (rustc refused the crate), and code blocks rustdoc would compile as doctests (fences in block quotes, list
//! items, `~~~`, indented code after a container marker). The crate being a workspace member is
//! the compile check: `cargo clippy --workspace -- -D warnings` lints it and `cargo test
//! --workspace` runs its (zero) doctests.

use golden_spec_text::models::{Circle, Kind, Note, NoteInner, Shape, Square};
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
    // The title and version in the manifest and the crate docs, and the tag in the module docs:
    // one line, direction codepoints escaped.
    for (file, expected) in [
        (
            "Cargo.toml",
            "description = \"spec text fixture \\\\u{202E} with a direction override and a CRLF: typed async Rust client, generated from its OpenAPI document\"\n",
        ),
        (
            "src/lib.rs",
            "//! A typed async client for *spec text fixture \\u{202E} with a direction override and a CRLF* (spec version `1\\u{2066}`), generated from `tests/fixtures/spec_text.yaml`.\n",
        ),
        (
            "src/operations/mod.rs",
            "/// Operations tagged `text\\u{2067}tag`.\npub mod text_tag;\n",
        ),
    ] {
        assert!(
            generated.files[file].contains(expected),
            "{expected:?} in\n{}",
            generated.files[file]
        );
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

/// A discriminator whose property name and tag values hold a carriage return and direction
/// codepoints: the literals the decoder matches are the wire text, so each tag picks its variant
/// and re-encodes as received.
#[test]
fn discriminator_property_and_tags_with_direction_characters_decode() {
    assert_eq!(Shape::DISCRIMINATOR, "sha\u{202E}pe");
    let circle = json!({"sha\u{202E}pe": "circ\rle", "radi\u{2067}us": 1.5});
    let square = json!({"sha\u{202E}pe": "squ\u{2066}are", "si\u{200F}de": 2.0});
    let note: Note = serde_json::from_value(json!({
        "kind": "{brace}",
        "shape": circle,
        "inner": {"x\u{202E}y": "z"}
    }))
    .unwrap();
    assert_eq!(
        note.shape,
        Some(Shape::CircLe(Circle {
            radi_us: Some(1.5),
            sha_pe: "circ\rle".into()
        }))
    );
    assert_eq!(note.inner, Some(NoteInner { x_y: "z".into() }));
    assert_eq!(serde_json::to_value(note.shape.unwrap()).unwrap(), circle);

    let decoded: Shape = serde_json::from_value(square.clone()).unwrap();
    assert_eq!(
        decoded,
        Shape::SquAre(Square {
            sha_pe: "squ\u{2066}are".into(),
            si_de: 2.0
        })
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), square);
    // The same letters without the codepoint are another tag: kept as received.
    let plain = json!({"sha\u{202E}pe": "square", "si\u{200F}de": 2.0});
    let unknown: Shape = serde_json::from_value(plain.clone()).unwrap();
    assert_eq!(unknown, Shape::Unknown(plain));
}

/// The sentences the generator writes about types, variants and fields quote spec names and
/// values as code spans on one line, direction codepoints written as visible escapes.
#[test]
fn generated_sentences_quote_spec_text_safely() {
    let generated = atlas_tests::generate(SPEC).unwrap();
    let models = &generated.files["src/models.rs"];
    for expected in [
        // A field without a description: its property and type.
        "    /// The `bidi\\u{2066}name` property: a string.\n",
        "    /// The `radi\\u{2067}us` property: a number.\n",
        // An object without a description: its properties and where it is.
        "/// An object with `x\\u{202E}y`. From `#/components/schemas/Note/properties/inner`.\n",
        "/// An object with `radi\\u{2067}us` and `sha\\u{202E}pe`. From `#/components/schemas/Circle`.\n",
        "    /// From the required properties (`sha\\u{202E}pe`, `si\\u{200F}de`); every other one absent.\n",
        // A tagged union: property and tags (the carriage return is a line break, so a space
        // in a one-line code span).
        "/// One of: [`Circle`] (`sha\\u{202E}pe` = `circ le`) or [`Square`] (`sha\\u{202E}pe` = `squ\\u{2066}are`); chosen by `sha\\u{202E}pe`. From `#/components/schemas/Shape`.\n",
        "    /// Chosen when `sha\\u{202E}pe` is `circ le`. [`Circle`]: An object with `radi\\u{2067}us` and `sha\\u{202E}pe`.\n",
        "    /// Chosen when `sha\\u{202E}pe` is `squ\\u{2066}are`. [`Square`]: An object with `sha\\u{202E}pe` and `si\\u{200F}de`.\n",
        "    /// A `sha\\u{202E}pe` value this client did not know when it was generated; the object is kept as received.\n",
        // Enum values: a code span that holds backticks, the escaped form of the others.
        "    /// ``back`tick``\n",
        "    /// ```` ``` ````\n",
        "    /// `\"carriage\\rreturn\"`\n",
        "    /// `\"right\\u{202e}left\"`\n",
    ] {
        assert!(models.contains(expected), "{expected:?} in\n{models}");
    }
    // The literals hold the wire text, escaped.
    for expected in [
        "    const PROPERTY: &'static str = \"sha\\u{202e}pe\";\n",
        "    const TAGS: &'static [&'static str] = &[\"circ\\rle\", \"squ\\u{2066}are\"];\n",
        "bidi_name = optional(\"bidi\\u{2066}name\")",
    ] {
        assert!(models.contains(expected), "{expected:?} in\n{models}");
    }
}

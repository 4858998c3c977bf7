//! Deep nesting (`tests/fixtures/deep_nesting.json`, committed under
//! `tests/goldens/deep_nesting/`; issue 9, fault 13): 64 levels of inline objects below a
//! component generate, compile and round-trip; the 65th level is refused by a guard that counts
//! levels (not recursion steps) and says so at that level's pointer. Generation runs on threads
//! with a known, small stack, so nesting up to the limits cannot overflow it.

use atlas_codegen::{Document, Selection};
use golden_deep_nesting::models::Deep;
use serde_json::{json, Value};

const SPEC: &str = "tests/fixtures/deep_nesting.json";
/// Smaller than a test thread's default (2 MiB): generation of the deepest accepted spec fits.
const STACK: usize = 1024 * 1024;

/// A value with `levels` objects below the top one, each with its `depth`; the last `next` is
/// the level-64 string.
fn nested_value(levels: usize) -> Value {
    let mut value = json!("bottom");
    for depth in (0..levels).rev() {
        value = json!({"depth": depth, "next": value});
    }
    value
}

#[test]
fn sixty_four_levels_round_trip() {
    let value = nested_value(64);
    let deep: Deep = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(deep.depth, Some(0));
    let third = deep
        .next
        .as_ref()
        .and_then(|l| l.next.as_ref())
        .and_then(|l| l.next.as_ref());
    assert_eq!(third.unwrap().depth, Some(3));
    // Every level and the bottom string, as sent.
    assert_eq!(serde_json::to_value(&deep).unwrap(), value);
}

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no stack overflow or panic")
}

/// The fixture with one more level of inline object at the bottom.
fn sixty_five_levels() -> Value {
    let mut root = Document::from_path(&atlas_tests::repo_root().join(SPEC))
        .unwrap()
        .root;
    let mut node = &mut root["components"]["schemas"]["Deep"];
    for _ in 0..64 {
        node = &mut node["properties"]["next"];
    }
    assert_eq!(node["type"], "string", "level 64 is the fixture's last");
    *node = json!({"type": "object", "properties": {"next": {"type": "string"}}});
    root
}

#[test]
fn the_sixty_fifth_level_is_refused_where_it_is() {
    let error = on_small_stack(|| {
        let doc = Document::from_value(sixty_five_levels(), "deep");
        atlas_codegen::generate(&doc, &Selection::default(), &atlas_tests::options("deep"))
            .unwrap_err()
            .to_string()
    });
    let level_65 = format!("#/components/schemas/Deep{}", "/properties/next".repeat(65));
    assert_eq!(
        error,
        format!("{level_65}: schemas nest deeper than 64 levels")
    );
}

#[test]
fn deep_arrays_in_yaml_are_counted_the_same() {
    // 100 levels of `items` below a response schema: YAML holds them (one mapping per level).
    let mut schema = "{type: string}".to_string();
    for _ in 0..100 {
        schema = format!("{{type: array, items: {schema}}}");
    }
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {schema}\n"
    );
    let error = on_small_stack(move || {
        let doc = Document::from_text(&text, "deep.yaml").unwrap();
        atlas_codegen::generate(
            &doc,
            &Selection::default(),
            &atlas_tests::options("deep.yaml"),
        )
        .unwrap_err()
        .to_string()
    });
    let schema = "#/paths/~1a/get/responses/200/content/application~1json/schema";
    assert_eq!(
        error,
        format!(
            "{schema}{}: schemas nest deeper than 64 levels",
            "/items".repeat(65)
        )
    );
}

#[test]
fn json_nesting_past_the_loader_bound_is_refused_without_overflow() {
    let text = format!(
        "{{\"openapi\": \"3.0.3\", \"x\": {}0{}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let error = on_small_stack(move || {
        Document::from_text(&text, "deep.json")
            .unwrap_err()
            .to_string()
    });
    assert_eq!(
        error,
        "deep.json is not valid JSON: arrays and objects nest 5001 deep; at most 256 are read"
    );
}

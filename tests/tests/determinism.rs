//! Generated output is deterministic: the same spec gives byte-identical files in one process,
//! in separate processes, and whatever the order of keys in the spec's maps.

use std::collections::BTreeMap;
use std::process::Command;

use atlas_codegen::{Document, Selection};
use serde_json::Value;

const SPEC: &str = "spec/atlas-admin-fragment.yaml";

fn generate_from(doc: Document) -> BTreeMap<String, String> {
    atlas_codegen::generate(&doc, &Selection::default(), &atlas_tests::options(SPEC))
        .expect("generates")
        .files
}

fn fragment() -> Value {
    Document::from_path(&atlas_tests::repo_root().join(SPEC))
        .expect("loads")
        .root
}

#[test]
fn twice_in_one_process() {
    let first = generate_from(Document::from_value(fragment(), SPEC));
    let second = generate_from(Document::from_value(fragment(), SPEC));
    assert_eq!(first, second);
}

/// Writes JSON text with every object's keys in an order chosen by `seed`.
fn shuffled_json(value: &Value, seed: &mut u64, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            // Fisher–Yates with a xorshift generator.
            for i in (1..entries.len()).rev() {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                entries.swap(i, (*seed % (i as u64 + 1)) as usize);
            }
            out.push('{');
            for (n, (k, v)) in entries.into_iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push(':');
                shuffled_json(v, seed, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (n, v) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                shuffled_json(v, seed, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[test]
fn shuffled_map_order() {
    let original = fragment();
    let expected = generate_from(Document::from_value(original.clone(), SPEC));
    let mut texts = Vec::new();
    for seed in [1u64, 0x9e37_79b9_7f4a_7c15, 42] {
        let mut text = String::new();
        shuffled_json(&original, &mut seed.clone(), &mut text);
        let doc = Document::from_text(&text, SPEC).expect("shuffled JSON loads");
        assert_eq!(
            generate_from(doc),
            expected,
            "key order changed the output (seed {seed})"
        );
        texts.push(text);
    }
    assert_ne!(texts[0], texts[1], "the shuffles really reorder the text");
}

/// Run by `separate_processes` in a child process; writes what it generated to a file.
#[test]
#[ignore = "run as a child process by separate_processes"]
fn child_process_generation() {
    let Ok(out) = std::env::var("DETERMINISM_CHILD_OUT") else {
        return;
    };
    let files = generate_from(Document::from_value(fragment(), SPEC));
    std::fs::write(out, serde_json::to_string(&files).unwrap()).unwrap();
}

#[test]
fn separate_processes() {
    let dir = std::env::temp_dir().join(format!("atlas-determinism-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut outputs = Vec::new();
    for run in 0..2 {
        let out = dir.join(format!("run{run}.json"));
        let status = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "child_process_generation",
                "--ignored",
                "--test-threads=1",
            ])
            .env("DETERMINISM_CHILD_OUT", &out)
            .status()
            .expect("child runs");
        assert!(status.success());
        let files: BTreeMap<String, String> =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        outputs.push(files);
    }
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(
        outputs[0],
        generate_from(Document::from_value(fragment(), SPEC))
    );
    assert!(outputs[0].len() >= 5);
}

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

/// The next index in `0..n` from a xorshift generator.
fn next(seed: &mut u64, n: usize) -> usize {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    (*seed % n as u64) as usize
}

/// Reorders the keys of every mapping of a YAML tree (Fisher–Yates), as a spec written by
/// another person or tool would order them. Sequences keep their order: that one is meaning.
fn shuffle(value: &mut yaml_serde::Value, seed: &mut u64) {
    match value {
        yaml_serde::Value::Mapping(map) => {
            let mut entries: Vec<(yaml_serde::Value, yaml_serde::Value)> =
                std::mem::take(map).into_iter().collect();
            for i in (1..entries.len()).rev() {
                entries.swap(i, next(seed, i + 1));
            }
            for (_, v) in &mut entries {
                shuffle(v, seed);
            }
            *map = entries.into_iter().collect();
        }
        yaml_serde::Value::Sequence(items) => items.iter_mut().for_each(|v| shuffle(v, seed)),
        yaml_serde::Value::Tagged(tagged) => shuffle(&mut tagged.value, seed),
        _ => {}
    }
}

/// The key order a parser sees in the text: the top-level keys, the paths, the schemas.
fn key_order(text: &str) -> Vec<String> {
    let tree: yaml_serde::Value = yaml_serde::from_str(text).expect("YAML");
    let keys = |v: Option<&yaml_serde::Value>| -> Vec<String> {
        v.and_then(yaml_serde::Value::as_mapping)
            .map(|m| {
                m.keys()
                    .map(|k| k.as_str().unwrap_or("?").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut order = keys(Some(&tree));
    order.extend(keys(tree.get("paths")));
    order.extend(keys(tree.get("components").and_then(|c| c.get("schemas"))));
    order
}

/// The fragment's text with its mapping keys in other orders, as YAML and as JSON (each
/// written in the shuffled order), goes through the real loader and gives the same files.
/// The text really differs in key order (checked on what the YAML parser reads), so this
/// fails if the generator's output ever depends on the order of keys in the input.
#[test]
fn shuffled_key_order_in_yaml_and_json_text() {
    let text = std::fs::read_to_string(atlas_tests::repo_root().join(SPEC)).unwrap();
    let expected = generate_from(Document::from_text(&text, SPEC).unwrap());
    let original: yaml_serde::Value = yaml_serde::from_str(&text).unwrap();
    let mut orders = std::collections::BTreeSet::from([key_order(&text)]);
    let seeds = [1u64, 0x9e37_79b9_7f4a_7c15, 42];
    for seed in seeds {
        let mut tree = original.clone();
        shuffle(&mut tree, &mut seed.clone());
        let yaml = yaml_serde::to_string(&tree).unwrap();
        orders.insert(key_order(&yaml));
        let doc = Document::from_text(&yaml, SPEC).expect("shuffled YAML loads");
        assert_eq!(
            doc.root,
            fragment(),
            "the shuffle keeps the content (seed {seed})"
        );
        assert_eq!(
            generate_from(doc),
            expected,
            "YAML key order changed the output (seed {seed})"
        );
        // The same tree as JSON text, keys in the shuffled order (the JSON parser's path).
        let json = serde_json::to_string(&tree).unwrap();
        assert!(json.starts_with('{'));
        assert_eq!(
            generate_from(Document::from_text(&json, SPEC).expect("shuffled JSON loads")),
            expected,
            "JSON key order changed the output (seed {seed})"
        );
    }
    assert_eq!(
        orders.len(),
        seeds.len() + 1,
        "each shuffle shows the parser another key order"
    );
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

//! Property test: mutate real specs (the repo's fragment and the fixtures) in the ways real
//! specs go wrong — removed and retyped fields, dangling `$ref`s, cycles, duplicate operation
//! ids, keyword / empty / non-ASCII names, giant enums, deep nesting — and check that the
//! generator never panics and that every rejection names a JSON pointer.
//!
//! 10,000 cases by default; CI (the `CI` environment variable) runs 400. `FUZZ_CASES=N`
//! overrides both.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

static ACCEPTED: AtomicUsize = AtomicUsize::new(0);
static REJECTED: AtomicUsize = AtomicUsize::new(0);

use atlas_codegen::{Document, Error, Selection};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};

fn corpus() -> &'static Vec<(String, Value)> {
    static CORPUS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = atlas_tests::repo_root();
        let mut files = vec!["spec/atlas-admin-fragment.yaml".to_string()];
        let fixtures = [
            "all_of",
            "cycle",
            "deprecated",
            "discriminator",
            "enums",
            "media_types",
            "names",
            "nullable",
            "one_of",
        ];
        files.extend(fixtures.iter().map(|f| format!("tests/fixtures/{f}.yaml")));
        files
            .into_iter()
            .map(|f| {
                let doc = Document::from_path(&root.join(&f)).expect("corpus spec loads");
                (f, doc.root)
            })
            .collect()
    })
}

/// A tiny deterministic generator driven by the proptest-chosen seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// JSON pointers (without the `#`) of every object and array in the document.
fn containers(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(pointer.clone());
            for (k, v) in map {
                containers(
                    v,
                    format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            out.push(pointer.clone());
            for (i, v) in items.iter().enumerate() {
                containers(v, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

const ODD_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "match",
    "",
    "ñame",
    "日本語",
    "123",
    "a-b.c",
    "Client",
    "Error",
    "None",
    "Option",
    "r#x",
    "_",
    "__",
    "crate",
    "super",
    "async",
    "Unknown",
    "VALUES",
    "send",
    "body",
];

fn mutate(doc: &mut Value, rng: &mut Rng) -> String {
    let mut nodes = Vec::new();
    containers(doc, String::new(), &mut nodes);
    if nodes.is_empty() {
        return "nothing left to mutate".to_string();
    }
    let target = rng.pick(&nodes).clone();
    let schemas: Vec<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let node = doc.pointer_mut(&target).expect("pointer from the walk");
    match rng.below(10) {
        0 => {
            if let Value::Object(map) = node {
                if let Some(key) = map.keys().nth(rng.below(map.len())).cloned() {
                    map.remove(&key);
                    return format!("remove {target}/{key}");
                }
            }
            *node = Value::Null;
            format!("null {target}")
        }
        1 => {
            let replacement = rng
                .pick(&[
                    json!(null),
                    json!(true),
                    json!(42),
                    json!(-1.5),
                    json!("x"),
                    json!([]),
                    json!({}),
                    json!([1, "a"]),
                ])
                .clone();
            *node = replacement;
            format!("retype {target}")
        }
        2 => {
            if let Value::Object(map) = node {
                map.insert(
                    "$ref".into(),
                    json!(format!("#/components/schemas/Missing{}", rng.below(3))),
                );
            }
            format!("dangling ref at {target}")
        }
        3 => {
            let name = if schemas.is_empty() {
                "Nothing".to_string()
            } else {
                rng.pick(&schemas).clone()
            };
            let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
            if let Value::Object(map) = node {
                match rng.below(3) {
                    0 => {
                        map.insert("allOf".into(), json!([reference]));
                    }
                    1 => {
                        map.insert("oneOf".into(), json!([reference, {"type": "string"}]));
                    }
                    _ => {
                        map.insert("properties".into(), json!({ "loop": reference }));
                    }
                }
            }
            format!("cycle via {name} at {target}")
        }
        4 => {
            // Give every operation the same id.
            if let Some(Value::Object(paths)) = doc.get_mut("paths") {
                for item in paths.values_mut() {
                    if let Value::Object(item) = item {
                        for op in item.values_mut() {
                            if let Value::Object(op) = op {
                                op.insert("operationId".into(), json!("duplicate"));
                            }
                        }
                    }
                }
            }
            "duplicate operation ids".to_string()
        }
        5 | 6 => {
            let new_name = rng.pick(ODD_NAMES).to_string();
            if let Value::Object(map) = node {
                if let Some(key) = map.keys().nth(rng.below(map.len())).cloned() {
                    let value = map.remove(&key).expect("present");
                    map.insert(new_name.clone(), value);
                    return format!("rename {target}/{key} to {new_name:?}");
                }
            }
            format!("no rename at {target}")
        }
        7 => {
            let values: Vec<Value> = (0..3000)
                .map(|i| json!(format!("VALUE_{i}")))
                .chain([json!("value-0"), json!(null), json!("")])
                .collect();
            if let Value::Object(map) = node {
                map.insert("type".into(), json!("string"));
                map.insert("enum".into(), Value::Array(values));
            }
            format!("giant enum at {target}")
        }
        8 => {
            let mut deep = json!({"type": "string"});
            for i in 0..rng.below(80) {
                deep = if i % 2 == 0 {
                    json!({"type": "object", "properties": {"next": deep}})
                } else {
                    json!({"type": "array", "items": deep})
                };
            }
            *node = deep;
            format!("deep nesting at {target}")
        }
        _ => {
            let odd = rng.pick(ODD_NAMES).to_string();
            if let Value::Object(map) = node {
                map.insert("operationId".into(), json!(odd.clone()));
                map.insert("x-xgen-operation-id-override".into(), json!(odd.clone()));
                map.insert("tags".into(), json!([odd.clone()]));
            }
            format!("odd names {odd:?} at {target}")
        }
    }
}

/// `Ok(true)` when the mutated spec generated, `Ok(false)` when it was rejected properly.
fn check(spec: &str, doc: Value, story: &str) -> Result<bool, TestCaseError> {
    let document = Document::from_value(doc, spec);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        atlas_codegen::generate(
            &document,
            &Selection::default(),
            &atlas_tests::options(spec),
        )
    }));
    match outcome {
        Err(_) => Err(TestCaseError::fail(format!("{spec}: panic after {story}"))),
        Ok(Ok(generated)) => {
            for d in &generated.diagnostics {
                prop_assert!(
                    d.pointer.starts_with('#'),
                    "{spec}: {story}: warning without pointer: {d}"
                );
            }
            Ok(true)
        }
        Ok(Err(Error::Spec { pointer, reason })) => {
            prop_assert!(
                pointer.starts_with('#'),
                "{spec}: {story}: rejection without pointer: {reason}"
            );
            prop_assert!(!reason.is_empty());
            Ok(false)
        }
        Ok(Err(other)) => Err(TestCaseError::fail(format!(
            "{spec}: {story}: not a spec error: {other}"
        ))),
    }
}

fn cases() -> u32 {
    match std::env::var("FUZZ_CASES") {
        Ok(n) => n.parse().expect("FUZZ_CASES is a number"),
        Err(_) if std::env::var_os("CI").is_some() => 400,
        Err(_) => 10_000,
    }
}

#[test]
fn mutated_specs_never_panic_and_rejections_name_a_pointer() {
    let corpus = corpus();
    // Silence the default panic message for caught panics; failures are reported by proptest.
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (0..corpus.len(), any::<u64>(), 1..4usize);
    runner
        .run(&strategy, |(index, seed, mutations)| {
            let (spec, original) = &corpus[index];
            let mut doc = original.clone();
            let mut rng = Rng(seed | 1);
            let story: Vec<String> = (0..mutations).map(|_| mutate(&mut doc, &mut rng)).collect();
            let generated = check(spec, doc, &story.join("; "))?;
            let counter = if generated { &ACCEPTED } else { &REJECTED };
            counter.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })
        .unwrap();
    let (accepted, rejected) = (
        ACCEPTED.load(Ordering::Relaxed),
        REJECTED.load(Ordering::Relaxed),
    );
    eprintln!(
        "{} cases: {accepted} generated, {rejected} rejected with a pointer",
        cases()
    );
    // The mutations must exercise both outcomes, or the test proves little.
    assert!(
        accepted > 0 && rejected > 0,
        "accepted {accepted}, rejected {rejected}"
    );
}

#[test]
fn unmutated_corpus_generates() {
    for (spec, doc) in corpus() {
        assert!(
            check(spec, doc.clone(), "no mutation").unwrap(),
            "{spec} generates"
        );
    }
}

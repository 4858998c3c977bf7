//! Public OpenAPI 3.0 specs other than Atlas (`spec/beyond/`, provenance and licences in
//! `spec/README.md`; issue 9, deliverable 4): a large REST API (Box Platform), an API
//! generated from code (Oxide's Nexus, written by dropshot from Rust handlers), a spec made of
//! every parameter style (ReadMe's `parameters-style`) and a Spring service's spec (PetClinic).
//! Each generates every operation it declares; `.ci/beyond-atlas-check.sh` then lints each
//! generated crate with `cargo clippy -- -D warnings`.

use std::collections::BTreeSet;

use serde_json::Value;

/// The HTTP methods a path item may hold operations under (OpenAPI 3.0 §4.7.9).
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn specs() -> Vec<String> {
    let dir = atlas_tests::repo_root().join("spec/beyond");
    let mut specs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            (name.ends_with(".json") || name.ends_with(".yaml"))
                .then(|| format!("spec/beyond/{name}"))
        })
        .collect();
    specs.sort();
    specs
}

/// The operations a document declares, as `METHOD path`.
fn declared(root: &Value) -> BTreeSet<String> {
    let paths = root["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(move |m| format!("{} {path}", m.to_uppercase()))
        })
        .collect()
}

#[test]
fn every_operation_of_every_spec_is_generated() {
    let specs = specs();
    assert_eq!(
        specs,
        [
            "spec/beyond/box-platform.json",
            "spec/beyond/oxide-nexus.json",
            "spec/beyond/readme-parameters-style.json",
            "spec/beyond/spring-petclinic-rest.yaml",
        ]
    );
    for spec in &specs {
        let doc = atlas_codegen::Document::from_path(&atlas_tests::repo_root().join(spec)).unwrap();
        assert!(
            doc.root["openapi"].as_str().unwrap().starts_with("3.0."),
            "{spec}: an OpenAPI 3.0 document"
        );
        let declared = declared(&doc.root);
        let generated = atlas_tests::generate(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert_eq!(generated.operations, declared.len(), "{spec}");
        // Each operation's method and path appear in the docs of its generated method.
        let sources = atlas_tests::concat_sources(&generated);
        let missing: Vec<&String> = declared
            .iter()
            .filter(|op| !sources.contains(&format!("`{op}`")))
            .collect();
        assert!(
            missing.is_empty(),
            "{spec}: no generated method for {missing:?}"
        );
    }
}

//! Public OpenAPI specs other than Atlas (`spec/beyond/`, provenance and licences in
//! `spec/README.md`; issue 9, deliverable 4): a large REST API (Box Platform), an API
//! generated from code (Oxide's Nexus, written by dropshot from Rust handlers), a spec made of
//! every parameter style (ReadMe's `parameters-style`), a Spring service's spec (PetClinic)
//! and a large OpenAPI 3.1 spec (OpenAI's, discriminators without mappings).
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
            "spec/beyond/openai.yaml",
            "spec/beyond/oxide-nexus.json",
            "spec/beyond/readme-parameters-style.json",
            "spec/beyond/spring-petclinic-rest.yaml",
        ]
    );
    for spec in &specs {
        let doc = atlas_codegen::Document::from_path(&atlas_tests::repo_root().join(spec)).unwrap();
        let version = doc.root["openapi"].as_str().unwrap();
        assert!(
            version.starts_with("3.0.") || (spec.ends_with("openai.yaml") && version == "3.1.0"),
            "{spec}: an OpenAPI 3.0 document (or OpenAI's 3.1), not {version}"
        );
        let declared = declared(&doc.root);
        let generated = atlas_tests::generate(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert_eq!(generated.operations, declared.len(), "{spec}");
        // Each operation's method and path appear in the docs of its generated method: the
        // path sent, and a key the path sent differs from (`/oauth2/token#refresh`, sent as
        // `/oauth2/token`) as the spec's path key.
        let sources = atlas_tests::concat_sources(&generated);
        let missing: Vec<&String> = declared
            .iter()
            .filter(|op| {
                let (method, key) = op.split_once(' ').unwrap();
                let sent = &key[..key.find(['#', '?']).unwrap_or(key.len())];
                let noted =
                    sent == key || sources.contains(&format!("The spec's path key is `{key}`."));
                !(sources.contains(&format!("`{method} {sent}`")) && noted)
            })
            .collect();
        assert!(
            missing.is_empty(),
            "{spec}: no generated method for {missing:?}"
        );
    }
}

/// OpenAI's discriminated unions have no `mapping`: each member says its tag itself
/// (`type: {enum: [input_text]}`, a 3.1 `const` in places). The tag is that value, not the
/// member's schema name (the implicit mapping), so a real payload decodes as its typed variant.
#[test]
fn openai_tags_are_the_members_own_values() {
    use atlas_codegen::ir::TypeKind;
    let doc = atlas_codegen::Document::from_path(
        &atlas_tests::repo_root().join("spec/beyond/openai.yaml"),
    )
    .unwrap();
    let api = atlas_codegen::build_ir(&doc, &atlas_codegen::Selection::default()).unwrap();
    let tags = |name: &str| -> Vec<String> {
        match &api.types[name].kind {
            TypeKind::Tagged(t) => t.variants.iter().filter_map(|v| v.tag.clone()).collect(),
            other => panic!("{name} is not a discriminated union: {other:?}"),
        }
    };
    assert_eq!(
        tags("InputContent"),
        ["input_text", "input_image", "input_file"]
    );
    assert_eq!(
        tags("Annotation"),
        [
            "file_citation",
            "url_citation",
            "container_file_citation",
            "file_path"
        ]
    );
    // Inline members (`anyOf: [{oneOf: [{title: Server VAD, …}, …]}, {type: null}]`).
    assert_eq!(
        tags("RealtimeTurnDetection"),
        ["server_vad", "semantic_vad"]
    );
}

//! The malformed-spec corpus (tests/malformed/): every file is refused, never with a panic, and
//! the message — snapshotted — names the JSON pointer of the problem and the reason.

use std::collections::BTreeSet;

use atlas_codegen::{Document, Error, Selection};

fn attempt(file: &str, selection: &Selection) -> Error {
    let path = atlas_tests::repo_root().join("tests/malformed").join(file);
    let origin = format!("tests/malformed/{file}");
    let result = Document::load(&path, &origin)
        .and_then(|doc| atlas_codegen::generate(&doc, selection, &atlas_tests::options(&origin)));
    match result {
        Ok(_) => panic!("{file} was accepted"),
        Err(e) => e,
    }
}

#[test]
fn corpus_is_refused_with_pointers() {
    let dir = atlas_tests::repo_root().join("tests/malformed");
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && n != "unknown_only.yaml")
        .collect();
    assert!(files.len() >= 10, "the corpus is in place");
    let mut report = String::new();
    for file in &files {
        let error = attempt(file, &Selection::default());
        match &error {
            // `#/…` in the document itself, `file#/…` in a file it refers to.
            Error::Spec { pointer, .. } => assert!(
                pointer.starts_with('#') || pointer.starts_with("parts/"),
                "{file}: {error}"
            ),
            Error::Syntax { .. } => assert_eq!(
                file, "bad_yaml.yaml",
                "only the YAML syntax case lacks a pointer"
            ),
            other => panic!("{file}: unexpected error kind {other:?}"),
        }
        report.push_str(&format!("{file}: {error}\n"));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn selecting_a_missing_operation_is_an_error() {
    let only = Selection {
        only: Some(["getB".to_string()].into()),
        tags: None,
    };
    let error = attempt("unknown_only.yaml", &only);
    assert_eq!(error.to_string(), "#/paths: no operation matches getB");
}

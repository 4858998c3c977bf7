//! The generated CLI names its commands as the Atlas CLI does: for every operation of the
//! transformed upstream spec, `api <tag> <operation>` equals the `atlas api <tag> <operation>`
//! of the operation's own `x-codeSamples`; and the CLI crate of that spec holds every one.

use atlas_codegen::emit::cli::{emit, operation_command, tag_command, CliOptions};
use atlas_codegen::{build_ir, Document, RuntimeDependency, RuntimeSource, Selection};

const TRANSFORMED: &str = "spec/upstream/atlas-admin-v2.transformed.2026-02-04.yaml";

#[test]
fn command_names_are_the_atlas_clis() {
    let doc = Document::from_path(&atlas_tests::repo_root().join(TRANSFORMED)).unwrap();
    let api = build_ir(&doc, &Selection::default()).unwrap();
    let mut compared = 0;
    let mut commands = Vec::new();
    for op in api.operations.values() {
        let node = doc
            .root
            .pointer(op.pointer.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("{} is in the document", op.pointer));
        let sample = node["x-codeSamples"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["source"].as_str())
            .find_map(|s| s.strip_prefix("atlas api "))
            .unwrap_or_else(|| panic!("{}: no Atlas CLI sample", op.pointer));
        let words: Vec<&str> = sample.split_whitespace().take(2).collect();
        assert_eq!(
            [tag_command(op).as_str(), operation_command(op).as_str()],
            [words[0], words[1]],
            "{}",
            op.pointer
        );
        commands.push(format!("name: \"{}\"", words[1]));
        compared += 1;
    }
    assert_eq!(compared, 473);

    let options = CliOptions {
        crate_name: "atlas-admin-upstream-cli".into(),
        crate_version: "0.1.0".into(),
        bin_name: "atlas-admin".into(),
        license: None,
        client_crate: "atlas-admin-upstream".into(),
        client_version: "0.1.0".into(),
        client_path: Some("../client".into()),
        runtime: RuntimeDependency {
            version: "0.1.0".into(),
            source: RuntimeSource::Registry,
        },
        origin: TRANSFORMED.into(),
        regenerate: "cargo xtask generate".into(),
        standalone: true,
    };
    let files = emit(&api, &options).unwrap();
    let all: String = files.values().cloned().collect();
    for command in &commands {
        assert!(all.contains(command.as_str()), "{command}");
    }
    assert!(files["Cargo.toml"].contains("[workspace]\n"));
    assert!(files["Cargo.toml"]
        .contains("atlas-admin-upstream = { version = \"0.1.0\", path = \"../client\" }\n"));
    // Byte-identical on a second run.
    assert_eq!(emit(&api, &options).unwrap(), files);
}

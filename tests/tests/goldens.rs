//! The committed generated crates are exactly what the generator makes today: the client in
//! `generated/`, its command-line client in `generated-cli/` and one golden crate per fixture spec (`tests/fixtures/NAME.yaml` →
//! `tests/goldens/NAME/`). Each is checked by the same write-or-check function, with the same
//! options, as `cargo xtask generate --check`, so `cargo test` alone catches drift. The
//! goldens are workspace members: `cargo clippy --workspace` lints them and `cargo test`
//! compiles them.

use atlas_codegen_cli::Mode;

#[test]
fn every_committed_crate_matches_its_spec() {
    let outputs = xtask::repo_outputs();
    let fixtures = xtask::fixtures();
    let third_party = xtask::third_party_specs();
    assert_eq!(
        outputs.len(),
        fixtures.len() + third_party.len() + 3,
        "generated/, generated-cli/, one golden per fixture and one per real public spec, and \
         the golden command line"
    );
    assert!(fixtures.len() >= 10, "the fixtures are in place");
    assert!(
        fixtures
            .iter()
            .any(|(_, spec)| spec.ends_with("multi_file/openapi.yaml")),
        "the multi-file fixture is one"
    );
    assert!(!third_party.is_empty(), "a real public spec is one");
    let mut drift = Vec::new();
    for mut job in outputs {
        job.mode = Mode::Check;
        let outcome = job
            .run()
            .unwrap_or_else(|e| panic!("{}: {e}", job.spec.display()));
        assert!(outcome.operations > 0, "{}", job.spec.display());
        if let atlas_codegen_cli::output::Report::Checked(found) = &outcome.report {
            drift.extend(found.iter().map(ToString::to_string));
        }
    }
    assert!(
        drift.is_empty(),
        "generated code is out of date: run `cargo xtask generate`\n{}",
        drift.join("\n")
    );
}

#[test]
fn every_fixture_golden_is_a_workspace_member() {
    let root = xtask::repo_root();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\"tests/goldens/*\""), "members glob");
    for (name, _) in xtask::goldens() {
        let golden = root.join("tests/goldens").join(&name).join("Cargo.toml");
        let text = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e} (run `cargo xtask generate`)", golden.display()));
        assert!(
            text.contains(&format!("name = \"{}\"", xtask::golden_package(&name))),
            "{text}"
        );
        // A member, not a crate of its own: no [workspace] table.
        assert!(!text.contains("[workspace]"), "{}", golden.display());
    }
}

/// Every operation method of every committed crate documents its errors (`# Errors`) and shows
/// a call in a `no_run` example (compiled as a doc-test of its crate by `cargo test`); the
/// `Validation` line appears only where the request checks something before sending.
#[test]
fn every_operation_has_an_errors_section_and_an_example() {
    // The client crates: a CLI crate (`job.cli`) has no operation methods.
    for mut job in xtask::repo_outputs()
        .into_iter()
        .filter(|j| j.cli.is_none())
    {
        job.mode = Mode::Check;
        let outcome = job.run().unwrap();
        let dir = job.out.join("src/operations");
        let mut sections = 0;
        let mut examples = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            sections += text.matches("    /// # Errors\n").count();
            examples += text.matches("    /// ```no_run\n").count();
        }
        assert_eq!(sections, outcome.operations, "{}", dir.display());
        assert_eq!(examples, outcome.operations, "{}", dir.display());
    }
    let root = xtask::repo_root();
    let things = std::fs::read_to_string(
        root.join("tests/goldens/success_responses/src/operations/things.rs"),
    )
    .unwrap();
    // `createThing` has no parameter and a body without rules: nothing refuses it before sending.
    let create = &things[..things.find("pub fn create_thing").unwrap()];
    assert!(create.contains("/// # Errors"), "{create}");
    assert!(!create.contains("Error::Validation"), "{create}");
    let generated =
        std::fs::read_to_string(root.join("generated/src/operations/cloud_backups.rs")).unwrap();
    assert!(generated.contains("[`Error::Validation`] before anything is sent"));
}
